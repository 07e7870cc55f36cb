"""Operations that replace the database file: refused while another holds it open, and never losing work."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from tests.cli.running import run

from cocommission import cli
from cocommission.db import open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.db.cipher import is_encrypted, is_plain

PASSPHRASE = "correct horse battery"
EXAMPLE = "Youth Justice Talent Fund"


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


@pytest.mark.holds_the_lock
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


@pytest.mark.holds_the_lock
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


def test_change_passphrase_then_only_the_new_one_opens(capsys, db_path, monkeypatch, tmp_path):
    """change-passphrase takes the new passphrase from COCOMMISSION_NEW_PASSPHRASE; then only it opens the file and backups."""
    take_backup(db_path, reason="opened")
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert run(capsys, "--db", db_path, "encrypt")[0] == 0
    monkeypatch.setenv(cli.NEW_PASSPHRASE_VARIABLE, "a brand new passphrase")

    status, out, err = run(capsys, "--db", db_path, "change-passphrase")
    assert (status, err) == (0, "")
    assert "new passphrase" in out
    assert run(capsys, "--db", db_path, "list")[0] == 2
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, "a brand new passphrase")
    assert run(capsys, "--db", db_path, "list")[0] == 0
    from cocommission.db.backup import sound_problem

    assert all(sound_problem(b.path, "a brand new passphrase") is None for b in list_backups(db_path))


def test_change_passphrase_refuses_a_new_passphrase_given_as_an_argument(capsys, db_path):
    """--new-passphrase SECRET is refused without repeating it, and nothing changes."""
    status, out, err = run(capsys, "--db", db_path, "change-passphrase", "--new-passphrase=hunter2hunter2")
    assert status == 2 and "hunter2" not in err and "never given as an argument" in err


def test_decrypt_needs_confirmation_then_makes_the_file_and_backups_plain(capsys, db_path, monkeypatch):
    """decrypt without --yes warns and changes nothing; with --yes the file and backups are plain again."""
    take_backup(db_path, reason="opened")
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert run(capsys, "--db", db_path, "encrypt")[0] == 0
    before = _digest(db_path)

    status, out, err = run(capsys, "--db", db_path, "decrypt")
    assert status == 2 and err.count("\n") == 1 and "readable by anyone" in err and "--yes" in err
    assert _digest(db_path) == before

    status, out, err = run(capsys, "--db", db_path, "decrypt", "--yes")
    assert (status, err) == (0, "")
    assert is_plain(db_path) and all(is_plain(b.path) for b in list_backups(db_path))
    monkeypatch.delenv(cli.PASSPHRASE_VARIABLE)
    assert _titles(db_path) == [EXAMPLE]


def test_decrypt_with_a_wrong_passphrase_changes_nothing(capsys, db_path, monkeypatch):
    """decrypt --yes with a wrong passphrase exits 2 with one line and the file stays encrypted."""
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert run(capsys, "--db", db_path, "encrypt")[0] == 0
    before = _digest(db_path)
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, "not the right passphrase")
    status, out, err = run(capsys, "--db", db_path, "decrypt", "--yes")
    assert status == 2 and err.count("\n") == 1 and "passphrase does not open" in err
    assert _digest(db_path) == before and is_encrypted(db_path)


@pytest.mark.holds_the_lock
def test_erase_while_another_window_is_open_saves_the_erasure_and_says_what_is_left(capsys, db_path):
    """erase while another window holds the file: the erasure is saved, the rebuild is refused saying why, exit 1."""
    from cocommission.services.commissions import list_commissions
    from cocommission.services.participants import list_participants
    from cocommission.services.perform import read

    window = open_database(db_path)
    try:
        commission_id = read(window, list_commissions)[0].id
        participant = read(window, lambda s: list_participants(s, commission_id=commission_id))[0].id
        status, out, err = run(capsys, "--db", db_path, "erase", "participant", participant, "--yes")
        assert status == 1
        assert "erasure is saved" in err and "open in another window" in err
    finally:
        window.close()
    status, out, err = run(capsys, "--db", db_path, "erase", "participant", participant, "--yes")
    assert (status, err) == (0, "") and "rebuilt" in out
