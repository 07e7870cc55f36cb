"""Clearing erased personal data out of the database file, its write-ahead log and its backups.

Updating a row leaves its old words in the file until the space is reused, in the write-ahead
log until a checkpoint, and in every backup taken before. After an erasure is committed,
``forget_erased_data`` rebuilds the file (VACUUM, with ``secure_delete`` on), empties the
write-ahead log, takes a fresh backup, and deletes every older backup, because those still
hold the erased person. A server database (PostgreSQL) is the server's to vacuum and back up.

The rebuild holds the file's exclusive lock (refused while another window has it open, whose
log would keep the old words), and the older backups are deleted through ``replacing.commit``,
so a kill half-way through is finished by the next open rather than leaving a half-wiped backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from cocommission.db import replacing
from cocommission.db.backup import backup_folder, list_backups, take_backup
from cocommission.db.cipher import sidecars
from cocommission.db.database import Database
from cocommission.db.lock import DatabaseBusy


class ScrubError(Exception):
    """The erased data could not all be cleared from the file; the message says what to do."""


@dataclass(frozen=True)
class ScrubReport:
    """What was cleared: whether the file was rebuilt, the fresh backup, and how many old backups went."""

    rebuilt: bool
    fresh_backup: Path | None
    backups_removed: int
    leftovers_removed: int = 0


#: What an interrupted restore, backup or encryption leaves beside the database: whole copies of it.
_LEFTOVER_SUFFIXES = (".restoring", ".restoring.partial", ".partial", ".wiping", ".incoming")


def leftover_copies(path: Path) -> list[Path]:
    """Half-made copies of the database beside it and in its backups folder, with their journal files."""
    found = [path.with_name(path.name + suffix) for suffix in _LEFTOVER_SUFFIXES]
    folder = backup_folder(path)
    if folder.is_dir():
        found += [
            each for each in folder.iterdir() if each.name.startswith(f"{path.name}-") and each.name.endswith(".partial")
        ]
    return [each for copy in found for each in (copy, *sidecars(copy)) if each.exists()]


def forget_erased_data(database: Database) -> ScrubReport:
    """Rebuild the file, empty its log and replace its backups, so erased data is gone for good."""
    path = database.path
    if path is None:
        return ScrubReport(rebuilt=False, fresh_backup=None, backups_removed=0)
    try:
        with database.replacing():
            # VACUUM cannot run inside a transaction.
            with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("PRAGMA secure_delete=ON"))
                connection.exec_driver_sql("VACUUM")
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()[0]
            database.engine.dispose()
            if busy:
                raise ScrubError(
                    "Another program is reading the database, so its log still holds old copies; "
                    "close other copies of CoCommission and erase again."
                )
            older = list_backups(path)
            fresh = take_backup(path, reason="after-erasure", passphrase=database.passphrase)
            leftovers = leftover_copies(path)
            replacing.commit(
                path, replacing.Plan("erase", remove=[backup.path for backup in older] + leftovers)
            )
    except DatabaseBusy as exc:
        raise ScrubError(str(exc)) from None
    return ScrubReport(
        rebuilt=True, fresh_backup=fresh, backups_removed=len(older), leftovers_removed=len(leftovers)
    )
