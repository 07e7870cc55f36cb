"""A full disk, read-only storage and a database in use are each explained in their own plain words."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from cocommission.db import backup as backup_module
from cocommission.db import open_database
from cocommission.db.backup import BackupError, take_backup
from cocommission.db.storage import FULL, IN_USE, NOT_ALLOWED, READ_ONLY, storage_problem
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform


@pytest.fixture
def saved(tmp_path) -> Path:
    """A database file holding one commission, closed."""
    path = tmp_path / "cocommission.sqlite"
    database = open_database(path)
    perform(database, create_commission, title="Youth club")
    database.close()
    return path


def _sqlite_failure(path: Path, prepare: str, statement: str) -> sqlite3.Error:
    """The error SQLite itself raises for ``statement`` after ``prepare``, on a copy of nothing personal."""
    with contextlib.closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE IF NOT EXISTS filler (data BLOB)")
        connection.commit()
        for line in prepare.split(";"):
            if line.strip():
                connection.execute(line)
        try:
            connection.execute(statement)
            connection.commit()
        except sqlite3.Error as exc:
            return exc
    raise AssertionError("the statement was expected to fail")


def test_sqlite_full_read_only_and_locked_are_told_apart(tmp_path):
    """SQLite's own errors for a full database, a read-only one and a locked one each get their kind."""
    full = _sqlite_failure(tmp_path / "full.sqlite", "PRAGMA max_page_count=3", "INSERT INTO filler VALUES (zeroblob(100000))")
    read_only = _sqlite_failure(tmp_path / "ro.sqlite", "PRAGMA query_only=ON", "INSERT INTO filler VALUES (1)")
    locked_path = tmp_path / "locked.sqlite"
    with contextlib.closing(sqlite3.connect(locked_path, isolation_level=None)) as holder:
        holder.execute("CREATE TABLE filler (data BLOB)")
        holder.execute("BEGIN EXCLUSIVE")
        with (
            contextlib.closing(sqlite3.connect(locked_path, timeout=0)) as other,
            pytest.raises(sqlite3.OperationalError) as locked,
        ):
            other.execute("INSERT INTO filler VALUES (1)")
        holder.execute("ROLLBACK")
    assert storage_problem(full).kind == FULL and "disk is full" in str(storage_problem(full))
    assert storage_problem(read_only).kind == READ_ONLY
    assert storage_problem(locked.value).kind == IN_USE and "in use" in str(storage_problem(locked.value))
    wrapped = OperationalError("INSERT INTO participant VALUES (?)", ("Jordan Ellis",), locked.value)
    assert storage_problem(wrapped).kind == IN_USE and "Jordan" not in str(storage_problem(wrapped))


@pytest.mark.parametrize(
    ("number", "kind", "words"),
    [(errno.ENOSPC, FULL, "disk is full"), (errno.EROFS, READ_ONLY, "read-only"), (errno.EACCES, NOT_ALLOWED, "may not write")],
)
def test_file_write_failures_are_told_apart(number, kind, words):
    """A failed file write says the disk is full, the storage is read-only, or writing there is not allowed."""
    problem = storage_problem(OSError(number, "refused", "/media/stick/export.json"))
    assert problem.kind == kind and words in str(problem) and "/media/stick/export.json" in str(problem)
    assert storage_problem(OSError(errno.ENOENT, "missing")) is None and storage_problem(ValueError("x")) is None


@pytest.mark.parametrize(
    ("number", "words"), [(errno.EROFS, "read-only"), (errno.EACCES, "may not write"), (errno.ENOSPC, "disk is full")]
)
def test_a_failed_backup_gives_the_right_advice(saved, monkeypatch, number, words):
    """A backup that cannot be written says why; only a full disk is blamed on space."""

    def refuse(source, target, *, passphrase=None):
        raise OSError(number, "refused", str(target))

    monkeypatch.setattr(backup_module, "backup_sqlite_file", refuse)
    with pytest.raises(BackupError) as refused:
        take_backup(saved, reason="opened")
    assert words in str(refused.value)
    assert ("space" in str(refused.value)) == (number == errno.ENOSPC)


def test_a_read_only_database_is_refused_in_plain_words(saved):
    """A database SQLite may only read (as on read-only storage): a write is explained, not a crash."""
    database = open_database(saved)

    @event.listens_for(database.engine, "connect")
    def read_only(dbapi_connection, record):
        dbapi_connection.execute("PRAGMA query_only=ON")

    database.engine.dispose()
    try:
        with pytest.raises(OperationalError) as refused, database.unit_of_work() as session:
            session.execute(text("UPDATE commission SET title = 'x'"))
        problem = storage_problem(refused.value)
        assert problem.kind == READ_ONLY and "read-only" in str(problem)
    finally:
        database.close()
