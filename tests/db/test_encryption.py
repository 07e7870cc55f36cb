"""Encryption at rest: a passphrase opens the file, nothing readable is left behind, backups stay encrypted."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from cocommission.db import DatabaseError, cipher, open_database
from cocommission.db.backup import (
    ENCRYPTED,
    BackupError,
    latest_sound_backup,
    list_backups,
    restore_backup,
    sound_problem,
    take_backup,
)
from cocommission.db.encryption import change_passphrase, encrypt_database
from cocommission.services.commissions import create_commission, list_commissions
from cocommission.services.perform import perform, read

NAME = "Zoë Łukasz"
PASSPHRASE = "correct horse battery"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _titles(path: Path, passphrase: str | None = None) -> list[str]:
    database = open_database(path, passphrase=passphrase)
    try:
        return sorted(row.title for row in read(database, list_commissions))
    finally:
        database.close()


def _name_in(path: Path) -> bool:
    return NAME.encode("utf-8") in path.read_bytes()


def _files(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def plain(tmp_path, empty_sqlite_file) -> Path:
    """A plain database naming a young person, with one plain backup of it (a copy of a migrated empty file)."""
    path = tmp_path / "club.sqlite"
    shutil.copy2(empty_sqlite_file, path)
    database = open_database(path)
    perform(database, create_commission, title=f"{NAME}'s group")
    database.close()
    take_backup(path, reason="opened")
    return path


@pytest.fixture
def encrypted(plain) -> Path:
    """That database after encrypting it."""
    encrypt_database(plain, PASSPHRASE)
    return plain


def test_the_name_is_readable_before_and_nowhere_after_encrypting(plain):
    """Before, the file and its backup show the name; after, no file in the folder does."""
    assert _name_in(plain) and _name_in(list_backups(plain)[0].path)

    report = encrypt_database(plain, PASSPHRASE)

    assert report.backups_encrypted == 1 and report.backups_removed == 0
    assert [path for path in _files(plain.parent) if _name_in(path)] == []
    assert not plain.read_bytes().startswith(b"SQLite format 3")


def test_an_encrypted_database_opens_only_with_its_passphrase(encrypted, capfd):
    """No passphrase or a wrong one is refused untouched, in one line of ours; the right one opens it."""
    before = _digest(encrypted)
    with pytest.raises(DatabaseError, match="is encrypted, or is not a CoCommission database") as missing:
        open_database(encrypted, backup_on_open=True)
    with pytest.raises(DatabaseError, match="The passphrase does not open club.sqlite; nothing was changed") as wrong:
        open_database(encrypted, passphrase="wrong horse battery", backup_on_open=True)
    assert missing.value.needs_passphrase and wrong.value.needs_passphrase
    assert missing.value.damaged_file is None and wrong.value.damaged_file is None
    assert _digest(encrypted) == before
    assert capfd.readouterr().err == ""  # SQLCipher's own log lines stay quiet

    assert _titles(encrypted, PASSPHRASE) == [f"{NAME}'s group"]


def test_an_encrypted_database_runs_with_the_same_safety_pragmas(encrypted):
    """WAL, synchronous=FULL, foreign keys and secure_delete hold for an encrypted file too."""
    database = open_database(encrypted, passphrase=PASSPHRASE)
    try:
        assert database.encrypted
        with database.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA secure_delete")).scalar() == 1
            assert connection.execute(text("PRAGMA cipher_version")).scalar().startswith("4.")
        perform(database, create_commission, title="Added while encrypted")
    finally:
        database.close()
    assert _titles(encrypted, PASSPHRASE) == ["Added while encrypted", f"{NAME}'s group"]
    assert not _name_in(encrypted)


def test_the_command_derives_each_key_with_sqlciphers_full_rounds(plain):
    """The tests derive keys with fewer rounds (conftest.py); the command, on its own, uses SQLCipher 4's 256,000."""
    environment = {**os.environ, "COCOMMISSION_PASSPHRASE": PASSPHRASE}
    finished = subprocess.run(
        [sys.executable, "-m", "cocommission", "--db", str(plain), "encrypt"],
        env=environment, capture_output=True, text=True, timeout=120, check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert cipher.KEY_DERIVATION_ROUNDS != 256_000

    def reads(rounds: int | None) -> bool:
        with cipher.keyed_connection(plain, PASSPHRASE, read_only=True) as connection:
            if rounds is not None:
                connection.execute(f"PRAGMA kdf_iter = {rounds}")
            try:
                return connection.execute("SELECT count(*) FROM commission").fetchone() == (1,)
            except cipher.sqlcipher().DatabaseError:
                return False

    assert reads(256_000)
    assert not reads(None)


def test_a_plain_database_opens_as_before_when_a_passphrase_is_given(plain):
    """A passphrase (say from the environment) does not change or encrypt a plain file it is not needed for."""
    database = open_database(plain, passphrase=PASSPHRASE)
    database.close()
    assert not database.encrypted
    assert plain.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_new_database_given_a_passphrase_is_created_encrypted(tmp_path):
    """The migrations build a new encrypted database; it holds data and cannot be read without the passphrase."""
    path = tmp_path / "new.sqlite"
    database = open_database(path, passphrase=PASSPHRASE)
    assert database.report.created and database.encrypted
    perform(database, create_commission, title=NAME)
    database.close()
    assert not _name_in(path)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"), sqlite3.connect(path) as connection:
        connection.execute("SELECT count(*) FROM commission")
    connection.close()
    assert _titles(path, PASSPHRASE) == [NAME]


def test_a_short_passphrase_is_refused_and_nothing_changes(plain):
    """Fewer than 8 characters: a clear refusal; the file stays plain and byte-for-byte the same."""
    before = _digest(plain)
    with pytest.raises(DatabaseError, match="at least 8 characters"):
        encrypt_database(plain, "short")
    with pytest.raises(DatabaseError, match="at least 8 characters"):
        open_database(plain.with_name("fresh.sqlite"), passphrase="short")
    assert _digest(plain) == before
    assert not plain.with_name("fresh.sqlite").exists()


def test_the_passphrase_is_in_no_message_and_no_file(encrypted, tmp_path):
    """Refusals never repeat the passphrase, and no file in the folder contains it."""
    messages = []
    for attempt in (lambda: encrypt_database(encrypted, PASSPHRASE), lambda: open_database(encrypted, passphrase="x" * 9)):
        with pytest.raises(DatabaseError) as refused:
            attempt()
        messages.append(str(refused.value))
    assert messages and not any(PASSPHRASE in message or "x" * 9 in message for message in messages)
    assert [path for path in _files(tmp_path) if PASSPHRASE.encode() in path.read_bytes()] == []


def test_backups_of_an_encrypted_database_are_encrypted_and_restore_with_the_passphrase(encrypted):
    """A backup taken while encrypted hides the name, needs the passphrase, and restores the data."""
    database = open_database(encrypted, passphrase=PASSPHRASE, backup_on_open=True)
    perform(database, create_commission, title="Added after the backup")
    database.close()
    newest = list_backups(encrypted)[0]
    assert newest.reason == "opened" and not _name_in(newest.path)
    assert sound_problem(newest.path) == ENCRYPTED
    assert sound_problem(newest.path, PASSPHRASE) is None
    assert latest_sound_backup(encrypted) is None
    assert latest_sound_backup(encrypted, PASSPHRASE) == newest

    with pytest.raises(BackupError, match="cannot be restored"):
        restore_backup(encrypted, newest.path)
    kept = restore_backup(encrypted, newest.path, PASSPHRASE)

    assert _titles(encrypted, PASSPHRASE) == [f"{NAME}'s group"]
    assert kept is not None and not _name_in(kept)
    assert _titles(kept, PASSPHRASE) == ["Added after the backup", f"{NAME}'s group"]


def test_plain_backups_are_remade_encrypted_with_their_dates_and_reasons(plain):
    """Encrypting keeps the backup history: same backups, now encrypted, and each restores with the passphrase."""
    take_backup(plain, reason="before-import")
    before = [(backup.path, backup.reason) for backup in list_backups(plain)]

    encrypt_database(plain, PASSPHRASE)

    assert [(backup.path, backup.reason) for backup in list_backups(plain)] == before
    for path, _reason in before:
        assert not _name_in(path)
        assert _titles(path, PASSPHRASE) == [f"{NAME}'s group"]


def test_a_damaged_plain_backup_is_removed_when_encrypting(plain):
    """A plain backup that cannot be read cannot be re-made encrypted, so it is wiped away."""
    damaged = list_backups(plain)[0].path
    damaged.write_bytes(damaged.read_bytes()[:3000])
    report = encrypt_database(plain, PASSPHRASE)
    assert (report.backups_encrypted, report.backups_removed) == (0, 1)
    assert not damaged.exists()


def test_an_encrypted_file_is_not_encrypted_again(encrypted):
    """Encrypting twice is refused, and the file is left as it was."""
    before = _digest(encrypted)
    with pytest.raises(DatabaseError, match="already encrypted"):
        encrypt_database(encrypted, "another passphrase")
    assert _digest(encrypted) == before


def test_changing_the_passphrase_re_keys_the_file_and_its_backups(encrypted):
    """After a change only the new passphrase opens the database and its backups."""
    new = "a different long passphrase"
    with pytest.raises(DatabaseError, match="does not open"):
        change_passphrase(encrypted, "not the passphrase", new)

    report = change_passphrase(encrypted, PASSPHRASE, new)

    assert report.backups_encrypted == 1
    with pytest.raises(DatabaseError, match="does not open"):
        open_database(encrypted, passphrase=PASSPHRASE)
    assert _titles(encrypted, new) == [f"{NAME}'s group"]
    assert _titles(list_backups(encrypted)[0].path, new) == [f"{NAME}'s group"]


def test_a_plain_file_whose_first_page_is_scribbled_over_is_damaged_not_encrypted(plain):
    """With plain backups beside it, a file that lost its header is offered a restore, not a passphrase prompt."""
    data = bytearray(plain.read_bytes())
    data[:4096] = bytes(range(256)) * 16
    plain.write_bytes(bytes(data))
    with pytest.raises(DatabaseError, match="not an SQLite file") as refused:
        open_database(plain)
    assert refused.value.damaged_file == plain and not refused.value.needs_passphrase
