"""Online backups of an SQLite database, kept in rotation, and restoring one.

Backups are taken with SQLite's backup API (never a file copy, which can catch a database
half-way through a write) into a ``backups`` folder beside the database, named
``<database file name>-<UTC time>-<reason>.sqlite`` so they sort by age and say why they were taken:
``opened``, ``every-30-minutes``, ``before-import``, ``before-upgrade-from-0001``,
``before-restore``. A server database (PostgreSQL) keeps its own backups; nothing here runs for it.

Rotation keeps the ten newest backups, the newest of each of the last seven days and the
newest of each of the last eight weeks, and always the newest one taken before an upgrade;
older ones are deleted. Restoring checks the backup is sound first, keeps the current file
(as a ``before-restore`` backup, or moved aside untouched when it is damaged), then puts the
backup in its place.

An encrypted database's backups are encrypted with the same passphrase (the backup API between
two keyed SQLCipher connections), so a backup never holds personal data in the clear; the
functions that read a file's contents take the ``passphrase`` for that.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from cocommission.db import cipher
from cocommission.db.private import create_private_file, make_private_folder

BACKUP_FOLDER = "backups"
KEEP_NEWEST = 10
KEEP_DAYS = 7
KEEP_WEEKS = 8

_STAMP_FORMAT = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z0-9-]+)\.sqlite$")


#: What ``sound_problem`` says of an encrypted file it was given no passphrase for …
ENCRYPTED = "it is encrypted, or not a database at all; its passphrase is needed"
#: … and of one the passphrase does not open.
WRONG_PASSPHRASE = "the passphrase does not open it"


class BackupError(Exception):
    """A backup cannot be taken or restored; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    """One backup file: when it was taken and why."""

    path: Path
    taken_at: datetime
    reason: str

    @property
    def label(self) -> str:
        """How the backup is offered to a person: local time and the reason in words."""
        local = self.taken_at.astimezone()
        return f"{local:%d %b %Y, %H:%M} — {self.reason.replace('-', ' ')}"


def backup_folder(database_path: Path) -> Path:
    """Where backups of a database file are kept: a ``backups`` folder beside it."""
    return database_path.parent / BACKUP_FOLDER


def backup_sqlite_file(source: Path, target: Path, *, passphrase: str | None = None) -> Path:
    """Copy a live SQLite database consistently to ``target`` using the backup API.

    An encrypted source is copied between two connections keyed with ``passphrase``, so the copy
    is encrypted with it too; a plain source gives a plain copy.
    """
    if not target.parent.exists():
        make_private_folder(target.parent)  # only a folder made here: a restore writes into the user's own
    partial = target.with_name(target.name + ".partial")
    # A backup holds everything the database does: owner-only before a byte is written to it.
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    create_private_file(partial)
    if not cipher.is_encrypted(source):
        # Read-only: a source that has gone missing is an error, never a new empty database.
        with (
            contextlib.closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src,
            contextlib.closing(sqlite3.connect(partial)) as dst,
        ):
            src.backup(dst)
    else:
        if passphrase is None:
            raise cipher.CipherError(f"{source.name} is encrypted and its passphrase was not given")
        with cipher.keyed_connection(source, passphrase) as src, cipher.keyed_connection(partial, passphrase) as dst:
            src.backup(dst)
    partial.replace(target)
    return target


def take_backup(
    database_path: Path, *, reason: str, now: datetime | None = None, passphrase: str | None = None
) -> Path:
    """Back up the database file now (encrypted like it), then prune the folder; returns the new backup's path."""
    taken_at = now or datetime.now(UTC)
    target = backup_folder(database_path) / f"{database_path.name}-{taken_at.strftime(_STAMP_FORMAT)}-{reason}.sqlite"
    try:
        backup_sqlite_file(database_path, target, passphrase=passphrase)
    except (OSError, sqlite3.Error) as exc:
        from cocommission.db.storage import storage_problem

        # A full disk, read-only storage and a locked file each need different advice.
        problem = storage_problem(exc)
        advice = str(problem) if problem is not None else f"{exc}. Close other programs using it and try again."
        raise BackupError(f"Could not back up {database_path.name}: {advice}") from exc
    prune_backups(database_path, now=taken_at)
    return target


def backup_before(engine: Engine, *, reason: str, passphrase: str | None = None) -> Path | None:
    """Back up an SQLite database before a risky change; servers keep their own backups."""
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    engine.dispose()
    return take_backup(Path(engine.url.database), reason=reason, passphrase=passphrase)


def list_backups(database_path: Path) -> list[Backup]:
    """The database's backups, newest first."""
    folder = backup_folder(database_path)
    found = []
    if folder.is_dir():
        for path in folder.iterdir():
            match = _NAME.match(path.name)
            if match and match["stem"] == database_path.name:
                found.append(Backup(path=path, taken_at=_taken_at(match["stamp"]), reason=match["reason"]))
    return sorted(found, key=lambda backup: backup.taken_at, reverse=True)


def _taken_at(stamp: str) -> datetime:
    """When the backup stamped ``stamp`` (``_STAMP_FORMAT``: ``20260131T235959123456Z``, UTC) was taken.

    Read by position rather than with ``datetime.strptime``, whose first use in a process loads its
    locale-aware patterns: a few milliseconds of every opening of a database, which lists its backups.
    """
    return datetime(
        int(stamp[0:4]), int(stamp[4:6]), int(stamp[6:8]),
        int(stamp[9:11]), int(stamp[11:13]), int(stamp[13:15]), int(stamp[15:21]),
        tzinfo=UTC,
    )


def backups_to_keep(backups: Sequence[Backup], *, now: datetime) -> set[Path]:
    """Which backups the rotation keeps: newest ten, newest per day for a week, per week for eight."""
    newest_first = sorted(backups, key=lambda backup: backup.taken_at, reverse=True)
    keep = {backup.path for backup in newest_first[:KEEP_NEWEST]}
    days: set[object] = set()
    weeks: set[object] = set()
    upgrade_kept = False
    for backup in newest_first:
        age = now - backup.taken_at
        day = backup.taken_at.date()
        week = backup.taken_at.isocalendar()[:2]
        if age <= timedelta(days=KEEP_DAYS) and day not in days:
            days.add(day)
            keep.add(backup.path)
        if age <= timedelta(weeks=KEEP_WEEKS) and week not in weeks:
            weeks.add(week)
            keep.add(backup.path)
        if backup.reason.startswith("before-upgrade") and not upgrade_kept:
            upgrade_kept = True
            keep.add(backup.path)
        if backup.reason == "damaged":
            # A damaged file moved aside on restore may hold the only copy of recent work.
            keep.add(backup.path)
    return keep


def prune_backups(database_path: Path, *, now: datetime | None = None) -> list[Path]:
    """Delete the backups the rotation no longer keeps; returns what was deleted."""
    backups = list_backups(database_path)
    keep = backups_to_keep(backups, now=now or datetime.now(UTC))
    removed = []
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(FileNotFoundError):
                backup.path.unlink()
            removed.append(backup.path)
    return removed


def sound_problem(path: Path, passphrase: str | None = None) -> str | None:
    """Why an SQLite file is not sound (read-only check), or None when ``PRAGMA quick_check`` is ok.

    An encrypted file is checked through SQLCipher with ``passphrase``; without one, or with one
    that does not open it, the reason says so.
    """
    if passphrase is not None and cipher.is_encrypted(path):
        try:
            with cipher.keyed_connection(path, passphrase, read_only=True) as connection:
                result = connection.execute("PRAGMA quick_check").fetchone()[0]
        except cipher.CipherError as exc:
            return WRONG_PASSPHRASE if exc.wrong_passphrase else str(exc)
        return None if result == "ok" else str(result)
    if passphrase is None and cipher.could_be_encrypted(path):
        return ENCRYPTED
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as exc:
        if is_damage(exc):
            return str(exc)
        raise BackupError(
            f"{path.name} cannot be read just now ({exc}); close any other program using it and try again."
        ) from exc
    return None if result == "ok" else str(result)


def is_damage(error: BaseException) -> bool:
    """Whether an SQLite error means the file itself is damaged (not merely locked or unreachable)."""
    text = str(getattr(error, "orig", error)).lower()
    return any(sign in text for sign in ("malformed", "not a database", "corrupt", "disk image"))


def latest_sound_backup(database_path: Path, passphrase: str | None = None) -> Backup | None:
    """The newest backup that passes SQLite's check (encrypted ones opened with ``passphrase``), or None."""
    for backup in list_backups(database_path):
        if sound_problem(backup.path, passphrase) is None:
            return backup
    return None


def _refuse_unrestorable(database_path: Path, backup: Path, passphrase: str | None) -> str | None:
    """Refuse (``BackupError``) a backup that cannot be read, or a current file the passphrase does not
    open; otherwise what is wrong with the current file (None when it is sound or missing)."""
    problem = sound_problem(backup, passphrase) if backup.is_file() else "there is no such file"
    if problem == ENCRYPTED:
        raise BackupError(f"{backup.name} cannot be restored without its passphrase; nothing was changed.")
    if problem == WRONG_PASSPHRASE:
        raise BackupError(f"The passphrase does not open {backup.name}; nothing was changed. Check it and try again.")
    if problem is not None:
        raise BackupError(f"{backup.name} cannot be restored: {problem}. Choose another backup.")
    current_problem = sound_problem(database_path, passphrase) if database_path.exists() else None
    # An encrypted file the passphrase does not open is not damaged: it is someone's work.
    if current_problem == ENCRYPTED:
        raise BackupError(
            f"{database_path.name} is encrypted; give its passphrase to restore over it. Nothing was changed."
        )
    if current_problem == WRONG_PASSPHRASE:
        raise BackupError(
            f"The passphrase does not open {database_path.name}; nothing was changed. Check it and try again."
        )
    return current_problem


def restore_backup(database_path: Path, backup: Path, passphrase: str | None = None) -> Path | None:
    """Put ``backup`` in place of the database file; returns where the replaced file was kept.

    Refused (``lock.DatabaseBusy``) while a window or command has the database open, so nobody
    goes on saving into a file that is no longer there. The current file is backed up first
    (or, when it cannot be read, moved into the backups folder as it is), so a restore can
    itself be undone by restoring that file. Encrypted files are read with ``passphrase``, and
    nothing is touched unless it opens both the backup and an encrypted current file; a plain
    backup restored over an encrypted database is encrypted as it is put back. Killed at any
    moment, the next open finds either the file as it was or the backup in its place.
    """
    from cocommission.db import lock, replacing

    with lock.replacing(database_path):
        replacing.finish(database_path)
        current_problem = _refuse_unrestorable(database_path, backup, passphrase)
        current_sound = database_path.exists() and current_problem is None
        # Only a passphrase that has just opened the current file may encrypt what is put back.
        encrypt_on_the_way = (
            passphrase is not None
            and current_sound
            and cipher.is_encrypted(database_path)
            and not cipher.is_encrypted(backup)
        )
        # The chosen backup is copied first: backing up the current file prunes the folder,
        # which may delete the very backup being restored.
        incoming = replacing.incoming_for(database_path)
        plan = replacing.Plan("restore", swaps=[(incoming, database_path)])
        try:
            with contextlib.suppress(FileNotFoundError):
                incoming.unlink()
            if encrypt_on_the_way:
                if not cipher.export_copy(backup, incoming, source_passphrase=None, target_passphrase=passphrase):
                    raise sqlite3.DatabaseError("the encrypted copy did not hold the same rows")
            else:
                backup_sqlite_file(backup, incoming, passphrase=passphrase)
            kept: Path | None = None
            if current_sound:
                kept = take_backup(database_path, reason="before-restore", passphrase=passphrase)
            elif database_path.exists():
                stamp = datetime.now(UTC).strftime(_STAMP_FORMAT)
                kept = backup_folder(database_path) / f"{database_path.name}-{stamp}-damaged.sqlite"
                plan.set_aside.append((database_path, kept))
            replacing.commit(database_path, plan)
        except BaseException as exc:
            if not replacing.interrupted(database_path):
                with contextlib.suppress(FileNotFoundError):
                    cipher.wipe(incoming)
            if isinstance(exc, (OSError, sqlite3.Error)):
                raise BackupError(
                    f"{backup.name} could not be restored: {exc}. Check there is space on the disk."
                ) from exc
            raise
    return kept
