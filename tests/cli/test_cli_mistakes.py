"""Mistakes on the command line that the fuzzing found: each ends in one line and changes nothing."""

from __future__ import annotations

from tests.cli.running import example_id, run


def test_an_export_is_never_written_over_the_database_itself(capsys, tmp_path, db_path):
    """-o naming the database file (or its journal) is refused, and the database keeps its commission."""
    db = db_path
    commission_id = example_id(capsys, db)
    for target in (db, tmp_path / "cli.sqlite-wal"):
        status, _, err = run(capsys, "--db", db, "export", "json", commission_id, "-o", target)
        assert status == 2 and "is the database itself" in err and err.count("\n") == 1
    assert run(capsys, "--db", db, "list")[1].startswith(commission_id)


def test_help_returns_0_instead_of_leaving_the_program(capsys):
    """`export --help` prints the command's usage and main() returns 0 to its caller."""
    status, out, _ = run(capsys, "export", "--help")
    assert status == 0 and out.startswith("usage: cocommission export")


def test_what_was_typed_is_quoted_on_one_line(capsys, tmp_path):
    """A line break or escape code in an argument is shown escaped, so the refusal stays one line."""
    db = tmp_path / "cli.sqlite"
    status, _, err = run(capsys, "--db", db, "check", "a\nb\x1b[2J")
    assert status == 2 and err.count("\n") == 1 and "a\\nb\\x1b[2J" in err
    status, _, err = run(capsys, "--db", db, "import", "json", tmp_path / "no\nsuch.json")
    assert status == 2 and err.count("\n") == 1 and "no\\nsuch.json" in err
