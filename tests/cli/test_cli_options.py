"""Opening the app reads the options alone; everything else is read with the whole grammar, as before."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cocommission import cli


def _read(reader, argv: list[str]):
    """What reading ``argv`` gives: the values read, the one-line refusal, or the exit status (help, version)."""
    try:
        return "read", sorted(vars(reader(argv)).items())
    except cli.UsageError as refusal:
        return "refused", str(refusal)
    except SystemExit as leaving:
        return "left", leaving.code


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--db", "work.sqlite"],
        ["--db=work.sqlite", "--passphrase-file", "key.txt"],
        ["--db", "a.sqlite", "--db", "b.sqlite"],
        ["--db"],
        ["--passphrase", "secret"],
        ["--passphrase"],
        ["--d", "work.sqlite"],
        ["--bogus"],
        ["--db", "list"],
        ["--db", "work.sqlite", "list"],
        ["list", "--db", "work.sqlite"],
        ["--", "list"],
        ["-h"],
        ["--version"],
        ["export", "--help"],
    ],
)
def test_the_command_line_is_read_as_the_whole_grammar_reads_it(argv, capsys):
    whole = _read(lambda typed: cli.build_parser().parse_args(typed), argv)
    printed = capsys.readouterr()
    assert _read(cli.parse_command_line, argv) == whole
    assert capsys.readouterr() == printed


_OPEN_THE_APP = """
import sys
from cocommission import cli
cli._open_app = lambda arguments: print(arguments.db, arguments.command) or 0
status = cli.main(["--db", "work.sqlite"])
print(status, "cocommission.export.documents" in sys.modules)
"""


def test_opening_the_app_makes_no_commands_grammar():
    """The commands' parsers (and the documents list for ``export``'s choices) took milliseconds of each start."""
    finished = subprocess.run([sys.executable, "-c", _OPEN_THE_APP], capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == ["work.sqlite", "None", "0", "False"]
