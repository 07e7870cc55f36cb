"""Encrypting a database file with a passphrase, changing that passphrase, and decrypting it.

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

Each operation holds the file's exclusive lock (refused while a window has it open), makes
every new copy first, and swaps them all in through ``replacing.commit``: killed at any moment,
the database and its backups end up either all as before or all as after, never half of each.
Decrypting is the same in reverse, and leaves the data readable by anyone with the laptop.

The passphrase is never written anywhere — not in logs, the audit log, settings or messages.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from cocommission.db import cipher, lock, replacing
from cocommission.db.backup import WRONG_PASSPHRASE, list_backups, sound_problem
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

    Refused (``DatabaseBusy``) while another window or command has the file open. The encrypted
    copies are made beside the files, checked to hold exactly the same rows, and only then all
    swapped in at once; if anything fails before that, everything is as it was.
    """
    check_new_passphrase(passphrase)
    with lock.replacing(path):
        replacing.finish(path)
        if not path.is_file() or path.stat().st_size == 0:
            raise DatabaseError(f"There is no database at {path} to encrypt.")
        if cipher.is_encrypted(path):
            raise DatabaseError(f"{path.name} is already encrypted; nothing was changed.")
        problem = sound_problem(path)
        if problem is not None:
            raise DatabaseError(f"{path.name} is damaged ({problem}), so it was not encrypted. Restore a backup first.")
        return _convert(path, "encrypt", source=None, target=passphrase)


def change_passphrase(path: Path, old: str, new: str) -> EncryptionReport:
    """Re-encrypt the database at ``path`` and its backups with ``new`` instead of ``old``.

    Backups the old passphrase does not open (from a passphrase before it) are left as they are;
    plain ones are re-made encrypted.
    """
    check_new_passphrase(new)
    with lock.replacing(path):
        replacing.finish(path)
        if not cipher.is_encrypted(path):
            raise DatabaseError(f"{path.name} is not encrypted; encrypt it instead.")
        _check_opens(path, old)
        return _convert(path, "change-passphrase", source=old, target=new)


def decrypt_database(path: Path, passphrase: str) -> EncryptionReport:
    """Turn the encrypted database at ``path``, and the backups ``passphrase`` opens, back into plain files.

    Anyone who gets hold of the laptop can then read them: the app and the command warn first.
    """
    with lock.replacing(path):
        replacing.finish(path)
        if not path.is_file() or not cipher.is_encrypted(path):
            raise DatabaseError(f"{path.name} is not encrypted; nothing was changed.")
        _check_opens(path, passphrase)
        return _convert(path, "decrypt", source=passphrase, target=None)


def _check_opens(path: Path, passphrase: str) -> None:
    problem = sound_problem(path, passphrase)
    if problem == WRONG_PASSPHRASE:
        raise DatabaseError(f"The passphrase does not open {path.name}; nothing was changed.", needs_passphrase=True)
    if problem is not None:
        raise DatabaseError(f"{path.name} is damaged ({problem}); nothing was changed. Restore a backup first.")


def _convert(path: Path, operation: str, *, source: str | None, target: str | None) -> EncryptionReport:
    """Copy the file and each backup to how ``target`` wants them (None: plain), then swap them all in at once."""
    plan = replacing.Plan(operation, wipe_replaced=True)
    verb = "decrypt" if target is None else "encrypt"
    try:
        if not cipher.checkpoint(path, source):
            raise DatabaseError(
                f"{path.name} is open in another program. Close it and try again; nothing was changed."
            )
        _copy(path, source, target, plan)
        removed = 0
        for backup in list_backups(path):
            if cipher.is_encrypted(backup.path):
                if source is not None and sound_problem(backup.path, source) is None:
                    _copy(backup.path, source, target, plan)
            elif target is not None:
                if sound_problem(backup.path) is None:
                    _copy(backup.path, None, target, plan)
                else:
                    plan.remove.append(backup.path)
                    removed += 1
        replacing.commit(path, plan)
    except (OSError, cipher.CipherError, DatabaseError) as exc:
        if replacing.interrupted(path):
            # The plan is written, so the operation has happened: its new copies are what the next
            # open swaps in. Wiping them would leave the file half converted for good.
            raise DatabaseError(
                f"Could not finish making {path.name} and its backups {verb}ed: {exc}. Close any program "
                "that may be using the backups folder (a virus scanner, a cloud sync), then open the "
                "database again: opening it finishes the job."
            ) from None
        for new, _old in plan.swaps:
            for each in (new, *cipher.sidecars(new)):
                _remove(each)
        if isinstance(exc, DatabaseError):
            raise
        # The messages come from the file system or SQLite, never from the passphrase.
        raise DatabaseError(f"Could not {verb} {path.name}: {exc}. Nothing was changed.") from None
    return EncryptionReport(backups_encrypted=len(plan.swaps) - 1, backups_removed=removed)


def _copy(path: Path, source: str | None, target: str | None, plan: replacing.Plan) -> None:
    """Make the copy of ``path`` that will replace it, checked row for row, and add it to ``plan``."""
    copy = replacing.incoming_for(path)
    _remove(copy)
    plan.swaps.append((copy, path))
    if not cipher.export_copy(path, copy, source_passphrase=source, target_passphrase=target):
        raise DatabaseError(f"The new copy of {path.name} did not match it; nothing was changed.")


def _remove(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        cipher.wipe(path)
