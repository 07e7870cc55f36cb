"""Encrypted database files (SQLCipher 4): telling them apart, keyed connections, copying, wiping.

A CoCommission file is either plain SQLite, which starts with the 16-byte SQLite header, or
SQLCipher, where every page is encrypted with a key derived from the user's passphrase and the
file starts with random salt. ``sqlcipher3`` is imported only when an encrypted file is met, so a
plain database opens exactly as it did before encryption existed.

The passphrase reaches SQLCipher through its key functions or a bound parameter, never inside
SQL text, so it cannot appear in an error message, a log or a traceback's statement. SQLCipher's
own log lines on stderr are switched off: a wrong passphrase is reported once, in our words.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

SQLITE_HEADER = b"SQLite format 3\x00"

#: Shorter passphrases are refused when a database is encrypted.
MINIMUM_PASSPHRASE_LENGTH = 8

# SQLite pages are 512 to 65536 bytes, so an encrypted file is a whole number of 512-byte blocks.
_SMALLEST_PAGE = 512
_SQLITE_NOTADB = 26
_WIPE_CHUNK = 1 << 20

#: How many PBKDF2 rounds turn a passphrase into a key; None keeps SQLCipher 4's own 256,000, which
#: every file the app makes uses and nothing in the app changes. Only the tests lower it, in their
#: own processes, before the first encrypted file is met: at full strength each key takes a seventh
#: of a second, and the tests derive thousands. A file keyed with one number does not open with another.
KEY_DERIVATION_ROUNDS: int | None = None


class CipherError(sqlite3.DatabaseError):
    """SQLCipher could not read or write an encrypted file.

    A subclass of ``sqlite3.DatabaseError`` so code that copes with SQLite's errors copes with
    these too. ``wrong_passphrase`` is set when the passphrase does not open the file.
    """

    def __init__(self, message: str, *, wrong_passphrase: bool = False) -> None:
        super().__init__(message)
        self.wrong_passphrase = wrong_passphrase


def is_plain(path: Path) -> bool:
    """Whether ``path`` starts with the SQLite header (a plain, unencrypted database)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` holds something that is not plain SQLite (for a database file: encrypted)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size > 0 and not is_plain(path)


def could_be_encrypted(path: Path) -> bool:
    """Whether a file that is not plain SQLite has the shape of an SQLCipher file (whole pages)."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    return size >= _SMALLEST_PAGE and size % _SMALLEST_PAGE == 0 and not is_plain(path)


def passphrase_problem(passphrase: str) -> str | None:
    """Why ``passphrase`` cannot protect a database, or None when it can."""
    if len(passphrase) < MINIMUM_PASSPHRASE_LENGTH:
        return (
            f"A passphrase needs at least {MINIMUM_PASSPHRASE_LENGTH} characters; "
            "a few words strung together are easy to remember and hard to guess."
        )
    if "\x00" in passphrase:
        return "A passphrase cannot contain a null character; type it again."
    if passphrase != passphrase.strip():
        return "A passphrase cannot start or end with a space (it is too easy to lose); type it again."
    return None


def _normal(passphrase: str) -> str:
    # The same words typed on a Mac and on Windows can differ in how accents are encoded.
    return unicodedata.normalize("NFC", passphrase)


@cache
def sqlcipher() -> ModuleType:
    """The SQLCipher DB-API module, with SQLCipher's stderr logging switched off (once per process)."""
    from sqlcipher3 import dbapi2

    with contextlib.closing(dbapi2.connect(":memory:")) as connection:
        # A process-wide setting: without it a wrong passphrase prints SQLCipher's internal errors.
        connection.execute("PRAGMA cipher_log_level = NONE")
        if KEY_DERIVATION_ROUNDS is not None:
            # Also process-wide: every connection keyed and every file attached from now on.
            connection.execute(f"PRAGMA cipher_default_kdf_iter = {int(KEY_DERIVATION_ROUNDS)}")
    return dbapi2


def key_connection(connection: Any, passphrase: str) -> None:
    """Give a fresh SQLCipher connection its passphrase (before anything reads the file)."""
    connection.set_key(_normal(passphrase))


@contextlib.contextmanager
def keyed_connection(path: Path, passphrase: str | None, *, read_only: bool = False) -> Iterator:
    """An SQLCipher connection to ``path`` keyed with ``passphrase`` (None: a plain file through SQLCipher).

    SQLCipher's errors come out as ``CipherError``; a passphrase that does not open the file sets
    ``wrong_passphrase``.
    """
    dbapi = sqlcipher()
    try:
        if read_only:
            connection = dbapi.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        else:
            connection = dbapi.connect(str(path))
        try:
            if passphrase is not None:
                key_connection(connection, passphrase)
            yield connection
        finally:
            connection.close()
    except dbapi.Error as exc:
        wrong = passphrase is not None and getattr(exc, "sqlite_errorcode", None) == _SQLITE_NOTADB
        raise CipherError(str(exc), wrong_passphrase=wrong) from None


def export_copy(
    source: Path, target: Path, *, source_passphrase: str | None, target_passphrase: str | None
) -> bool:
    """Write a complete copy of ``source`` to ``target`` (which must not exist), encrypted with ``target_passphrase``.

    Uses ``sqlcipher_export``, which copies schema and rows into a freshly keyed file (a plain
    file when ``target_passphrase`` is None); the caller has closed every other connection to
    ``source``. Returns whether every table of the copy holds as many rows as the original: a
    copy is trusted only then. (Counted on the same connection, since deriving each key is slow.)
    """
    key = "" if target_passphrase is None else _normal(target_passphrase)
    with keyed_connection(source, source_passphrase) as connection:
        connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), key))
        try:
            # One transaction: left to itself the export commits (and waits on the disk) once per table.
            connection.execute("BEGIN")
            connection.execute("SELECT sqlcipher_export('encrypted')")
            connection.commit()
            names = [row[0] for row in connection.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")]
            counts = [
                connection.execute(f'SELECT (SELECT count(*) FROM main."{name}"), (SELECT count(*) FROM encrypted."{name}")').fetchone()
                for name in names
            ]
        finally:
            connection.execute("DETACH DATABASE encrypted")
    return all(original == copied for original, copied in counts)


def checkpoint(path: Path, passphrase: str | None) -> bool:
    """Fold the write-ahead log into the file and empty it; False when another program holds it open."""
    if passphrase is None:
        with contextlib.closing(sqlite3.connect(path)) as connection:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    else:
        with keyed_connection(path, passphrase) as connection:
            busy = connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return busy == 0


def sidecars(path: Path) -> list[Path]:
    """The journal files SQLite keeps beside a database file."""
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def wipe(path: Path) -> None:
    """Overwrite a file's bytes with zeros, flush them to disk, then delete it (gone already: nothing to do).

    Best effort: on an SSD or a copy-on-write file system the drive may still keep the old
    blocks somewhere, which is why whole-disk encryption is still worth switching on.
    """
    try:
        handle = path.open("r+b")
    except FileNotFoundError:
        return
    with handle:
        remaining = os.fstat(handle.fileno()).st_size
        zeros = bytes(_WIPE_CHUNK)
        while remaining > 0:
            step = min(remaining, _WIPE_CHUNK)
            handle.write(zeros[:step])
            remaining -= step
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
