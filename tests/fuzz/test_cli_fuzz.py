"""Every command of ``cocommission``, with random arguments, ends in 0 or 2 — never a crash.

The commands and their options are read from the real parser, so a command added later is
covered without changing this file. Arguments mix real ids from the example commission,
random and unicode text, and paths to files that exist, are missing, are folders, or cannot
be written (inside a file); flags come in random order. Each example runs ``main`` in its own
folder on a fresh copy of a database holding the example commission, and checks:

- the exit status is 0 or 2 (1 means something unexpected went wrong);
- stderr never holds a traceback;
- on 2, stderr is exactly one line, no file was written or changed and the database is unchanged;
- on 0, the database can still be opened (no command may destroy it).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import re
import sys
import tempfile
from pathlib import Path

import pytest
from hostile import NASTY_TEXT, copy_database, database_contents
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from tests.hypothesis_profiles import examples

from cocommission import cli
from cocommission.db import open_database

#: Seconds of work each: started first, so several test processes finish together.
pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
DATABASE = "cli.sqlite"
#: Files and folders every example's folder starts with, and paths around them.
PLACES = [
    "export.json",  # the example commission, exported
    "participants.csv",  # docs/participants-example.csv
    "junk.bin",
    "a_file.txt",
    "folder",
    "folder/out.pdf",
    "missing.json",
    "missing/out.pdf",
    "a_file.txt/inside.pdf",  # cannot be written: its folder is a file
    DATABASE,
    "",
    ".",
]
EXAMPLE_CSV = Path(__file__).parents[2] / "docs" / "participants-example.csv"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser's commands by name (argparse offers no public way to list them)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


COMMANDS = frozenset(_subcommands(cli.build_parser()))


def _kind(action: argparse.Action) -> str:
    """What an argument takes, judged from how it is declared: a path, an id, or text."""
    metavar = str(action.metavar or action.dest).upper()
    if action.type is Path or any(word in metavar for word in ("FILE", "FOLDER", "PATH", "BACKUP")):
        return "path"
    if "ID" in metavar or action.dest.endswith("id") or action.dest == "commission":
        return "id"
    return "text"


#: Text an argument may carry: anything a shell can pass (no NUL), never escaping the example's folder.
TEXT = st.one_of(NASTY_TEXT, st.text(max_size=15)).map(
    lambda text: text.replace("\x00", "").replace("..", "__").lstrip("/~")
)


def _value(draw, action: argparse.Action) -> str:
    kind = _kind(action)
    # Hypothesis tries small numbers most, so 0 stands for the usual case and 9 for the odd one.
    if action.choices and draw(st.integers(0, 9)) < 9:
        return str(draw(st.sampled_from(sorted(map(str, action.choices)))))
    if kind == "path" and draw(st.integers(0, 9)) < 9:
        return "{place}/" + draw(st.sampled_from(PLACES))
    if kind == "id" and draw(st.integers(0, 9)) < 8:
        # Mostly an id of what the argument names (round_id: a vote round), else any record's or none.
        named = action.dest.removesuffix("_id")
        return draw(st.sampled_from([f"{{id:{named}}}", f"{{id:{named}}}", f"{{id:{named}}}", "{id}", "{uuid}"]))
    return draw(TEXT)


def _values(draw, action: argparse.Action) -> list[str]:
    nargs = action.nargs
    if nargs is None:
        count = 1
    elif nargs == "?":
        count = draw(st.integers(0, 1))
    elif nargs in ("*", "+"):
        count = draw(st.integers(0 if nargs == "*" else 1, 2))
    elif isinstance(nargs, int):
        count = nargs
    else:
        count = 1
    return [_value(draw, action) for _ in range(count)]


@st.composite
def command_lines(draw) -> list[str]:
    """A command line after ``--db``: a real command (mostly) with arguments built from its declaration."""
    commands = _subcommands(cli.build_parser())
    name = draw(st.sampled_from(sorted(commands))) if draw(st.integers(0, 19)) < 19 else draw(TEXT.filter(bool))
    parser = commands.get(name)
    if parser is None:
        return [name, *draw(st.lists(TEXT, max_size=2))]
    positionals: list[str] = []
    for action in parser._actions:
        if not action.option_strings:
            positionals.extend(_values(draw, action))
    tokens = list(positionals)
    if tokens and draw(st.integers(0, 9)) == 9:
        del tokens[draw(st.integers(0, len(tokens) - 1))]
    for action in parser._actions:
        # Required options are left out now and then, other options half the time.
        if not action.option_strings or draw(st.integers(0, 9)) >= (9 if action.required else 5):
            continue
        if isinstance(action, argparse._HelpAction) and draw(st.integers(0, 4)) > 0:
            continue
        flag = draw(st.sampled_from(action.option_strings))
        if action.nargs == 0:
            option = [flag]
        else:
            values = _values(draw, action)
            option = [f"{flag}={values[0]}"] if len(values) == 1 and draw(st.booleans()) else [flag, *values]
        at = draw(st.integers(0, len(tokens)))
        tokens[at:at] = option
    if draw(st.integers(0, 9)) == 9:
        tokens.insert(draw(st.integers(0, len(tokens))), draw(st.one_of(TEXT, st.just("--unknown"))))
    return [name, *tokens]


# --------------------------------------------------------------------------- one run


def _furnish(folder: Path, templates) -> None:
    copy_database(templates.example_database, folder).rename(folder / DATABASE)
    (folder / "export.json").write_text(templates.document_text, "utf-8")
    (folder / "participants.csv").write_bytes(EXAMPLE_CSV.read_bytes())
    (folder / "junk.bin").write_bytes(bytes(range(256)) * 4)
    (folder / "a_file.txt").write_text("not a folder\n", "utf-8")
    (folder / "folder").mkdir()


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder outside the database and its backups, with size and modification time."""
    found = {}
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith((DATABASE, "backups")):
            continue
        stat = path.stat()
        found[relative] = (0 if path.is_dir() else stat.st_size, stat.st_mtime_ns)
    return found


def _resolve(token: str, folder: Path, templates, number: int) -> str:
    """A token with its placeholders filled in: the example's folder, and ids of its records."""
    ids = templates.ids
    match = re.search(r"\{id:(\w+)\}", token)
    if match:
        tables = [name for name, found in sorted(templates.ids_by_table.items()) if match[1] in name and found]
        chosen = templates.ids_by_table[tables[0]] if tables else ids
        token = token.replace(match[0], chosen[number % len(chosen)])
    return (
        token.replace("{place}", str(folder))
        .replace("{id}", ids[number * 7919 % len(ids)])
        .replace("{uuid}", "0a8d4f6e-5c1b-4e2a-9d3f-7b6c5a4e3d2c")
    )


def _run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = sys.stdin
    sys.stdin = io.StringIO("")  # a command that asks for input gets nothing, and must not wait
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = cli.main(argv)
    finally:
        sys.stdin = stdin
    return status, out.getvalue(), err.getvalue()


@FUZZ
# Examples that once failed, kept so they are always tried.
@example(line=["export", "json", "{id:commission}", "-o", "{place}/cli.sqlite"])  # overwrote the database itself
@example(line=["export", "--help"])  # argparse's SystemExit escaped main()
@example(line=["check", "a\nb"])  # the usage message quoted the argument over two lines
@example(line=["import", "--commission", "{id:commission}", "csv", "a\nb"])  # so did "There is no file"
@given(line=command_lines())
def test_every_command_ends_in_0_or_2_and_a_refusal_changes_nothing(templates, line):
    """Random arguments to every command: exit 0 or 2, no traceback; on 2 one line and nothing changed."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _furnish(folder, templates)
        argv = ["--db", str(folder / DATABASE)]
        argv += [_resolve(token, folder, templates, number) for number, token in enumerate(line)]
        files, contents = _files(folder), database_contents(folder / DATABASE)
        with contextlib.chdir(folder):
            status, out, err = _run(argv)
        event(f"{line[0] if line[0] in COMMANDS else 'no such command'}: exit {status}")
        assert status in (0, 2), f"exit {status} for {argv[2:]}: {err}"
        assert "Traceback" not in err and "Traceback" not in out
        if status == 2:
            assert len(err.splitlines()) == 1 and err.startswith("cocommission: "), err
            assert _files(folder) == files, f"{argv[2:]} was refused but wrote files"
            assert database_contents(folder / DATABASE) == contents, f"{argv[2:]} was refused but changed the database"
        else:
            open_database(folder / DATABASE).close()
