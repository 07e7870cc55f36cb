"""Who may use a database file at once: a lock file beside it, shared by users, exclusive for a replacement.

Every open ``Database`` (an app window, a command writing to it) holds a *shared* lock on
``NAME.lock`` beside the file for as long as it is open. An operation that replaces the file
(restore, encrypt, decrypt, changing the passphrase, the rebuild after an erasure) holds the
*exclusive* lock, so it never swaps the file out from under a window that would go on saving
into the old one, and a window never opens a file half-way through being replaced.

The lock is the operating system's (``flock`` on POSIX, ``LockFileEx`` on Windows, through
``portalocker``): when a process dies, its lock goes with it, so a crash never leaves the
database locked. The lock file itself is empty and never deleted (deleting it would let two
processes lock two different files of the same name).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import portalocker

#: How long opening waits for a replacement in another window to finish, and how long a
#: replacement waits for a command that is briefly writing to the file.
OPEN_WAIT_SECONDS = 10.0
REPLACE_WAIT_SECONDS = 2.0
_POLL_SECONDS = 0.02


class DatabaseBusy(Exception):
    """Another window or command holds the database in a way that stops this; nothing was changed."""


def lock_path(database_path: Path) -> Path:
    """The lock file beside a database file."""
    return database_path.with_name(database_path.name + ".lock")


class FileLock:
    """One hold on a database's lock file, shared or exclusive, released by ``release`` (or on exit)."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = database_path
        self._handle: TextIO | None = None
        self.exclusive = False

    @property
    def held(self) -> bool:
        """Whether this hold currently has the lock."""
        return self._handle is not None

    def try_take(self, *, exclusive: bool) -> bool:
        """Take the lock without waiting; False when another holds it in a way that conflicts."""
        self.release()
        path = lock_path(self.database_path)
        # "a": created when missing, never truncated, and never a folder or a database.
        handle = path.open("a")
        flags = (portalocker.LOCK_EX if exclusive else portalocker.LOCK_SH) | portalocker.LOCK_NB
        try:
            portalocker.lock(handle, flags)
        except portalocker.exceptions.LockException:
            handle.close()
            return False
        self._handle = handle
        self.exclusive = exclusive
        return True

    def take(self, *, exclusive: bool, wait: float) -> bool:
        """Take the lock, trying for up to ``wait`` seconds; False when it could not be had."""
        deadline = time.monotonic() + wait
        while not self.try_take(exclusive=exclusive):
            if time.monotonic() >= deadline:
                return False
            time.sleep(_POLL_SECONDS)
        return True

    def release(self) -> None:
        """Let go of the lock (nothing to do when it is not held)."""
        handle, self._handle = self._handle, None
        self.exclusive = False
        if handle is not None:
            with contextlib.suppress(OSError, portalocker.exceptions.LockException):
                portalocker.unlock(handle)
            handle.close()


def in_use_message(database_path: Path) -> str:
    """The one sentence said when another window or command has the database open."""
    return (
        f"CoCommission has {database_path.name} open in another window (or a command is using it); "
        "close it and try again. Nothing was changed."
    )


@contextlib.contextmanager
def replacing(database_path: Path, *, wait: float | None = None) -> Iterator[FileLock]:
    """Hold the exclusive lock for an operation that replaces the file; DatabaseBusy when another has it open."""
    hold = FileLock(database_path)
    try:
        taken = hold.take(exclusive=True, wait=REPLACE_WAIT_SECONDS if wait is None else wait)
    except OSError as exc:
        raise DatabaseBusy(f"Cannot lock {database_path.name} ({exc.strerror}); nothing was changed.") from exc
    if not taken:
        raise DatabaseBusy(in_use_message(database_path))
    try:
        yield hold
    finally:
        hold.release()
