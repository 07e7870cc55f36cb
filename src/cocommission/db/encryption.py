"""Encrypting a database file with a passphrase, and changing that passphrase.

The data is about young people, some with criminal records, on a laptop that travels. Once a
database is encrypted its file, its write-ahead log and every backup beside it are unreadable
without the passphrase — and so is everything in it if the passphrase is lost: there is no
way back in, which the app says plainly before it encrypts.

Encrypting does not leave a plain copy behind, because a readable copy of the personal data
would defeat the purpose. In particular the existing plain backups are *re-made encrypted*
(same names, same dates, same reasons) rather than deleted: they are the facilitator's way
back to an earlier state, and throwing that history away at the moment of encrypting would
trade one kind of safety for another. A plain backup that cannot be read (damaged) cannot be
re-made, so it is overwritten and removed. Every plain file that is replaced is overwritten
with zeros before it is let go (best effort: an SSD or a copy-on-write file system may keep old
blocks, so whole-disk encryption is still worth having).

The passphrase is never written anywhere — not in logs, the audit log, settings or messages.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from cocommission.db import cipher
from cocommission.db.backup import WRONG_PASSPHRASE, backup_folder, list_backups, sound_problem
from cocommission.db.database import DatabaseError


@dataclass(frozen=True)
class EncryptionReport:
    """What encrypting did besides the database file: backups re-made encrypted, and damaged ones removed."""

    backups_encrypted: int
    backups_removed: int


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too weak to protect the database, saying why."""
    problem = cipher.passphrase_problem(passphrase)
    if problem is not None:
        raise DatabaseError(problem)


def encrypt_database(path: Path, passphrase: str) -> EncryptionReport:
    """Encrypt the plain database file at ``path`` in place with ``passphrase``; its plain backups too.

    Every connection to the file must be closed first. The encrypted copy is made beside the
    file, checked to hold exactly the same rows, and only then swapped in; if anything fails
    before that, the file is as it was.
    """
    check_new_passphrase(passphrase)
    if not path.is_file() or path.stat().st_size == 0:
        raise DatabaseError(f"There is no database at {path} to encrypt.")
    if cipher.is_encrypted(path):
        raise DatabaseError(f"{path.name} is already encrypted; nothing was changed.")
    problem = sound_problem(path)
    if problem is not None:
        raise DatabaseError(f"{path.name} is damaged ({problem}), so it was not encrypted. Restore a backup first.")
    _copy_in_place(path, source_passphrase=None, target_passphrase=passphrase)
    try:
        encrypted, removed = _encrypt_backups(path, passphrase)
    except DatabaseError as exc:
        raise DatabaseError(
            f"{path.name} is now encrypted, but not all its backups are: {exc} "
            f"Delete the plain backups left in {backup_folder(path)}."
        ) from None
    return EncryptionReport(backups_encrypted=encrypted, backups_removed=removed)


def change_passphrase(path: Path, old: str, new: str) -> EncryptionReport:
    """Re-encrypt the database at ``path`` and its backups with ``new`` instead of ``old``.

    Backups the old passphrase does not open (from a passphrase before it) are left as they are.
    """
    check_new_passphrase(new)
    if not cipher.is_encrypted(path):
        raise DatabaseError(f"{path.name} is not encrypted; encrypt it instead.")
    problem = sound_problem(path, old)
    if problem == WRONG_PASSPHRASE:
        raise DatabaseError(f"The passphrase does not open {path.name}; nothing was changed.")
    if problem is not None:
        raise DatabaseError(f"{path.name} is damaged ({problem}); nothing was changed. Restore a backup first.")
    _copy_in_place(path, source_passphrase=old, target_passphrase=new)
    changed = 0
    for backup in list_backups(path):
        if cipher.is_encrypted(backup.path) and sound_problem(backup.path, old) is None:
            _copy_in_place(backup.path, source_passphrase=old, target_passphrase=new)
            changed += 1
    plain, removed = _encrypt_backups(path, new)
    return EncryptionReport(backups_encrypted=changed + plain, backups_removed=removed)


def _copy_in_place(path: Path, *, source_passphrase: str | None, target_passphrase: str) -> None:
    """Replace ``path`` by a copy encrypted with ``target_passphrase``, checked row for row first."""
    try:
        if not cipher.checkpoint(path, source_passphrase):
            raise DatabaseError(
                f"{path.name} is open in another program (another CoCommission window?). Close it and try again; "
                "nothing was changed."
            )
        copy = path.with_name(path.name + ".encrypting")
        _remove(copy)
        try:
            cipher.export_copy(path, copy, source_passphrase=source_passphrase, target_passphrase=target_passphrase)
            if cipher.table_counts(copy, target_passphrase) != cipher.table_counts(path, source_passphrase):
                raise DatabaseError(f"The encrypted copy of {path.name} did not match it; nothing was changed.")
            # The checkpoint emptied the log; its files belong to the old file and go with it.
            for sidecar in cipher.sidecars(path):
                _remove(sidecar)
            cipher.replace_wiping(copy, path)
        finally:
            _remove(copy)
            for sidecar in cipher.sidecars(copy):
                _remove(sidecar)
    except (OSError, cipher.CipherError) as exc:
        # The messages come from the file system or SQLite, never from the passphrase.
        raise DatabaseError(f"Could not encrypt {path.name}: {exc}. Nothing was changed.") from None


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        cipher.wipe(path)


def _encrypt_backups(database_path: Path, passphrase: str) -> tuple[int, int]:
    """Re-make each plain, sound backup encrypted; wipe plain ones that cannot be read. Returns both counts."""
    encrypted = removed = 0
    for backup in list_backups(database_path):
        if cipher.is_encrypted(backup.path):
            continue
        if sound_problem(backup.path) is None:
            _copy_in_place(backup.path, source_passphrase=None, target_passphrase=passphrase)
            encrypted += 1
        else:
            for each in (backup.path, *cipher.sidecars(backup.path)):
                _remove(each)
            removed += 1
    _remove_leftovers(database_path)
    return encrypted, removed


def _remove_leftovers(database_path: Path) -> None:
    """Wipe copies of the database that an interruption left half-made: they may hold plain pages."""
    leftovers = [database_path.with_name(database_path.name + suffix) for suffix in (".restoring", ".wiping")]
    folder = backup_folder(database_path)
    if folder.is_dir():
        leftovers += [
            path for path in folder.iterdir() if path.name.startswith(f"{database_path.name}-") and path.suffix == ".partial"
        ]
    for leftover in leftovers:
        for each in (leftover, *cipher.sidecars(leftover)):
            _remove(each)
