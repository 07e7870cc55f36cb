"""Saying plainly why storage refused a write: a full disk, read-only storage, or a database in use.

The database (SQLite or PostgreSQL) and file writes (exports, backups) fail for reasons a person
can fix without help: the disk is full, the drive or folder does not let them write, or another
program holds the database. ``storage_problem`` turns such a failure into one sentence saying what
happened and what to do, and never quotes the failed statement or its values (they may be
someone's name, email or access needs). The command line and the window both use it.
"""

from __future__ import annotations

import errno
import sqlite3

#: SQLite's primary result codes (https://sqlite.org/rescode.html) for the failures explained here.
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_FULL = 3, 5, 6, 8, 13
#: PostgreSQL's SQLSTATEs for a full disk, a read-only server and a lock not granted in time.
_PG_FULL, _PG_READ_ONLY, _PG_LOCKED = {"53100", "53200"}, {"25006"}, {"55P03", "40P01"}

FULL = "disk is full"
READ_ONLY = "read-only"
IN_USE = "in use"
NOT_ALLOWED = "may not write"


class StorageError(Exception):
    """Storage refused a write for a reason a person can fix; the message says which and what to do.

    ``kind`` is one of ``FULL``, ``READ_ONLY``, ``IN_USE`` and ``NOT_ALLOWED``.
    """

    def __init__(self, message: str, *, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


def _chain(error: BaseException) -> list[BaseException]:
    """The error, the driver's error it wraps, and the errors it was raised from or during."""
    found: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop(0)
        if current is None or any(current is seen for seen in found):
            continue
        found.append(current)
        pending.extend([getattr(current, "orig", None), current.__cause__, current.__context__])
    return found


#: What an operating-system error number means for a write.
_OS_KINDS = {
    errno.ENOSPC: FULL,
    getattr(errno, "EDQUOT", errno.ENOSPC): FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: NOT_ALLOWED,
    errno.EPERM: NOT_ALLOWED,
}
#: What SQLite's primary result codes mean.
_SQLITE_KINDS = {
    _SQLITE_FULL: FULL,
    _SQLITE_READONLY: READ_ONLY,
    _SQLITE_PERM: READ_ONLY,
    _SQLITE_BUSY: IN_USE,
    _SQLITE_LOCKED: IN_USE,
}
#: What PostgreSQL's SQLSTATE codes mean.
_PG_KINDS = ((_PG_FULL, FULL), (_PG_READ_ONLY, READ_ONLY), (_PG_LOCKED, IN_USE))
#: SQLite's own words, in the order they are looked for.
_SQLITE_WORDS = (
    ("database or disk is full", FULL),
    ("readonly database", READ_ONLY),
    ("read-only", READ_ONLY),
    ("database is locked", IN_USE),
    ("database table is locked", IN_USE),
)


def _kind(error: BaseException) -> tuple[str, str | None] | None:
    """(kind, file name or None) when ``error`` itself is a storage failure."""
    if isinstance(error, StorageError):
        return error.kind, None
    if isinstance(error, OSError) and error.errno is not None:
        kind = _OS_KINDS.get(error.errno)
        filename = error.filename if isinstance(error.filename, str) else None
        return None if kind is None else (kind, filename)
    kind = _database_kind(error)
    return None if kind is None else (kind, None)


def _database_kind(error: BaseException) -> str | None:
    """The kind of a database driver's failure: from SQLite's result code, PostgreSQL's SQLSTATE, or
    failing both, SQLite's message."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and (code & 0xFF) in _SQLITE_KINDS:
        return _SQLITE_KINDS[code & 0xFF]
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if isinstance(state, str):
        for states, kind in _PG_KINDS:
            if state in states:
                return kind
    if isinstance(error, sqlite3.Error) or type(error).__module__.startswith(("sqlcipher", "pysqlcipher")):
        # SQLCipher's module may not carry the result code: its messages are SQLite's own.
        text = str(error).lower()
        return next((kind for words, kind in _SQLITE_WORDS if words in text), None)
    return None


def storage_problem(error: BaseException) -> StorageError | None:
    """A ``StorageError`` explaining ``error`` when storage refused a write, else None (it is something else)."""
    for link in _chain(error):
        found = _kind(link)
        if found is None:
            continue
        if isinstance(link, StorageError):
            return link
        kind, filename = found
        return StorageError(_MESSAGES[kind](filename), kind=kind)
    return None


def _full(filename: str | None) -> str:
    where = f" to write {filename}" if filename else ""
    return (
        f"The disk is full: there is no room{where}, and nothing was saved. "
        "Free some space on the disk (or save to another drive) and try again."
    )


def _read_only(filename: str | None) -> str:
    if filename:
        return (
            f"{filename} is on read-only storage, so nothing was written. "
            "Choose a place on a drive you can write to."
        )
    return (
        "The database is read-only (its file, folder or drive does not let CoCommission write), so nothing "
        "was saved. Copy it to a folder you can write to, or ask whoever manages this computer."
    )


def _not_allowed(filename: str | None) -> str:
    what = filename or "that file or folder"
    return (
        f"You may not write to {what}, so nothing was written. "
        "Choose another place, or ask whoever manages this computer for permission."
    )


def _in_use(filename: str | None) -> str:
    return (
        "The database is in use by another program (or another CoCommission window), so nothing was changed. "
        "Close the other one, or wait for it to finish, and try again."
    )


_MESSAGES = {FULL: _full, READ_ONLY: _read_only, NOT_ALLOWED: _not_allowed, IN_USE: _in_use}
