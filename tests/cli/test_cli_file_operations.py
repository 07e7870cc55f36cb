"""Operations that replace the database file: refused while another holds it open, and never losing work."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cocommission import cli
from cocommission.cli import main
from cocommission.db import open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.db.cipher import is_encrypted, is_plain

PASSPHRASE = "correct horse battery"
EXAMPLE = "Youth Justice Talent Fund"


@pytest.fixture
def db_path(tmp_path, capsys, monkeypatch) -> Path:
    """A plain database file holding the example commission, and no passphrase in the environment."""
    monkeypatch.delenv(cli.PASSPHRASE_VARIABLE, raising=False)
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: False)
    path = tmp_path / "cli.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *argv):
    """Run the command in-process; return exit status, stdout and stderr."""
    status = main([str(word) for word in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _titles(path: Path, passphrase: str | None = None) -> list[str]:
    from cocommission.services.commissions import list_commissions
    from cocommission.services.perform import read

    database = open_database(path, passphrase=passphrase)
    try:
        return [c.title for c in read(database, list_commissions)]
    finally:
        database.close()


def test_restore_is_refused_while_another_window_has_the_database_open(capsys, db_path):
    """restore while another process holds the database exits 2 with one clear line, and the file and its later saves stay."""
    from cocommission.services.commissions import create_commission
    from cocommission.services.perform import perform

    backup = take_backup(db_path, reason="opened")
    window = open_database(db_path)
    try:
        before = _digest(db_path)
        status, out, err = run(capsys, "--db", db_path, "restore", backup)
        assert status == 2 and out == ""
        assert err.count("\n") == 1 and "open in another window" in err
        assert _digest(db_path) == before
        # The window's next save lands in the file everyone will open.
        perform(window, create_commission, title="Saved after the refused restore")
    finally:
        window.close()
    assert "Saved after the refused restore" in _titles(db_path)


def test_encrypt_is_refused_while_another_window_has_the_database_open(capsys, db_path, monkeypatch):
    """encrypt while another process holds the database exits 2 saying so, and that process carries on working."""
    from cocommission.services.commissions import list_commissions
    from cocommission.services.perform import read

    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    window = open_database(db_path)
    try:
        status, out, err = run(capsys, "--db", db_path, "encrypt")
        assert status == 2 and out == ""
        assert err.count("\n") == 1 and "open in another window" in err
        assert is_plain(db_path)
        assert EXAMPLE in [c.title for c in read(window, list_commissions)]
    finally:
        window.close()


def test_restore_with_a_wrong_passphrase_changes_nothing(capsys, db_path, monkeypatch, tmp_path):
    """restore FILE with a wrong passphrase for an encrypted database exits 2 and leaves the file and backups as they were."""
    plain_copy = take_backup(db_path, reason="opened")
    outside = tmp_path / "elsewhere.sqlite"
    outside.write_bytes(plain_copy.read_bytes())
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert run(capsys, "--db", db_path, "encrypt")[0] == 0
    before = _digest(db_path)
    backups_before = sorted(b.path.name for b in list_backups(db_path))
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, "not the right passphrase")

    status, out, err = run(capsys, "--db", db_path, "restore", outside)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "passphrase does not open cli.sqlite" in err
    assert _digest(db_path) == before
    assert sorted(b.path.name for b in list_backups(db_path)) == backups_before
    assert _titles(db_path, PASSPHRASE) == [EXAMPLE]
