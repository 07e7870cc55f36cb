"""Restoring backups and checking the audit log from the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cocommission.cli import main
from cocommission.db.backup import list_backups, take_backup


@pytest.fixture
def db_path(tmp_path, capsys) -> Path:
    """A database file holding the example commission."""
    path = tmp_path / "cli.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *argv):
    """Run the command in-process; return exit status, stdout and stderr."""
    status = main([str(word) for word in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _example_id(capsys, path: Path) -> str:
    return run(capsys, "--db", path, "list")[1].split("\t")[0]


def test_audit_verify_says_an_untouched_log_links_up(capsys, db_path):
    """audit verify on the example exits 0 and says how many entries link up."""
    commission_id = _example_id(capsys, db_path)
    status, out, err = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert (status, err) == (0, "")
    assert "entries all link up" in out


def test_audit_verify_reports_the_first_edited_entry(capsys, db_path):
    """Editing an entry's words behind the app's back is reported at that entry, exit 1."""
    commission_id = _example_id(capsys, db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE audit_entry SET summary = summary || ' (changed)' WHERE commission_id = ? AND sequence = 7",
            (commission_id,),
        )
    connection.close()
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert status == 1
    assert "broken at entry 7 of" in out


def test_audit_verify_of_an_unknown_commission_exits_2(capsys, db_path):
    """An id that is no commission gets one line and exit 2."""
    status, out, err = run(capsys, "--db", db_path, "audit", "verify", "no-such-id")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "no commission" in err.lower()


def test_restore_puts_back_the_latest_sound_backup_even_over_a_damaged_file(capsys, db_path):
    """After the file is damaged, restore with no argument brings back the latest sound backup."""
    take_backup(db_path, reason="opened")
    db_path.write_bytes(db_path.read_bytes()[:5000])
    status, _, err = run(capsys, "--db", db_path, "list")
    assert status == 2 and "is damaged" in err

    status, out, err = run(capsys, "--db", db_path, "restore")
    assert (status, err) == (0, "")
    assert "The file it replaced is kept as" in out
    status, out, _ = run(capsys, "--db", db_path, "list")
    assert status == 0 and "Youth Justice Talent Fund" in out


def test_restore_list_names_each_backup_and_changes_nothing(capsys, db_path):
    """restore --list prints the backups newest first and leaves the database alone."""
    take_backup(db_path, reason="opened")
    before = db_path.read_bytes()
    status, out, _ = run(capsys, "--db", db_path, "restore", "--list")
    assert status == 0
    assert "opened" in out and str(list_backups(db_path)[0].path) in out
    assert db_path.read_bytes() == before


def test_restore_with_no_backups_or_a_bad_backup_exits_2(capsys, db_path, tmp_path):
    """No backups, or a named file that is not a sound backup: one line, exit 2, nothing changed."""
    before = db_path.read_bytes()
    status, _, err = run(capsys, "--db", db_path, "restore")
    assert status == 2 and "no sound backups" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database")
    status, _, err = run(capsys, "--db", db_path, "restore", junk)
    assert status == 2 and "cannot be restored" in err
    assert db_path.read_bytes() == before


def test_import_backs_up_the_database_first(capsys, db_path, tmp_path):
    """Importing a commission takes a before-import backup of the file it changes."""
    commission_id = _example_id(capsys, db_path)
    exported = tmp_path / "example.json"
    assert run(capsys, "--db", db_path, "export", "json", commission_id, "-o", exported)[0] == 0
    assert run(capsys, "--db", db_path, "import", "json", exported, "--new-ids")[0] == 0
    assert [backup.reason for backup in list_backups(db_path)] == ["before-import"]
