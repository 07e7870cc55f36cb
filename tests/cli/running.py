"""Running a command in-process, as the command-line tests do."""

from __future__ import annotations

from pathlib import Path

from cocommission.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run the command in-process; return exit status, stdout and stderr."""
    status = main([str(word) for word in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def example_id(capsys, path: Path) -> str:
    """The id of the first commission in the database at ``path``."""
    return run(capsys, "--db", path, "list")[1].split("\t")[0]
