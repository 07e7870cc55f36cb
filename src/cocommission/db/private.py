"""Keeping a database's files readable by their owner only: the file, its journals, its backups.

The database holds young people's names, contacts and access needs. Under the usual umask a new
file would be readable by every account on the laptop; these helpers create the files and folders
owner-only (0600 and 0700) and tighten ones left looser. On Windows, permissions are access lists
that a user's own folders already keep private, and ``chmod`` only sets the read-only flag, so
nothing is changed there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from cocommission.db.cipher import sidecars

FILE_MODE = 0o600
FOLDER_MODE = 0o700
#: Whether permission bits mean anything here.
_POSIX = os.name == "posix"


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed, and make it owner-only."""
    folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    _tighten(folder, FOLDER_MODE)


def create_private_file(path: Path) -> None:
    """Create an empty file owner-only before anything writes to it (nothing happens if it exists)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))


def make_private(path: Path) -> None:
    """Make one existing file owner-only."""
    _tighten(path, FILE_MODE)


def make_database_private(database_path: Path, *, folder_too: bool) -> None:
    """Make the database file, its journals, its backups folder and every backup owner-only.

    ``folder_too`` tightens the database's own folder as well: the app's data folder, never a
    folder the user chose, which may hold their other files.
    """
    from cocommission.db.backup import backup_folder

    if folder_too:
        _tighten(database_path.parent, FOLDER_MODE)
    for file in (database_path, *sidecars(database_path)):
        _tighten(file, FILE_MODE)
    backups = backup_folder(database_path)
    if backups.is_dir():
        _tighten(backups, FOLDER_MODE)
        for file in backups.iterdir():
            if file.name.startswith(database_path.name):
                _tighten(file, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    """Take away others' (and the group's) access to ``path``; a file that has gone, or is not ours, is left."""
    if not _POSIX:
        return
    with contextlib.suppress(FileNotFoundError, PermissionError):
        current = path.stat().st_mode & 0o777
        if current & ~mode:
            path.chmod(current & mode)
