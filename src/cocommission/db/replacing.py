"""Replacing a database file (and its backups) so that a crash at any moment loses nothing.

Every operation that swaps the file for another (restore, encrypt, decrypt, changing the
passphrase) and the erasure's clearing of old backups goes through ``commit``:

1. The operation makes every new file first, beside the one it will replace
   (``NAME.incoming``), checks it and flushes it to disk. Nothing the app reads has changed:
   killed here, the next open simply deletes the half-made files (a *roll back*).
2. ``commit`` writes the plan to ``NAME.replacing`` (which files go where, which are set aside,
   which are wiped), flushes it and the folder. That write is the moment the operation happens.
3. It then carries the plan out: each new file is renamed over the old one, the old content is
   overwritten with zeros where it was plain personal data, and the plan is deleted.

Killed anywhere after step 2, the next ``open_database`` (which holds the exclusive lock while
it does so) finds the plan and carries out whatever is left of it (a *roll forward*). Each step
can be done twice without harm, so being killed while finishing is fine too. None of it needs
the passphrase: every new file was already made encrypted, or plain, as it should end up.

The caller holds the database's exclusive lock (``lock.replacing``) throughout.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from cocommission.db import cipher

JOURNAL_SUFFIX = ".replacing"
INCOMING_SUFFIX = ".incoming"
#: Names an interrupted operation of this or an older version may leave beside a file.
_HALF_MADE = (INCOMING_SUFFIX, ".restoring", ".encrypting", ".partial")
_WIPING = ".wiping"


@dataclass
class Plan:
    """What one replacement does, once every new file is made.

    ``swaps`` are (new file, file it replaces); ``set_aside`` moves a file (with its journal
    files) somewhere else before its replacement arrives; ``remove`` lists files to wipe.
    ``wipe_replaced`` overwrites what each swap replaced, for a file that held plain personal data.
    """

    operation: str
    swaps: list[tuple[Path, Path]] = field(default_factory=list)
    set_aside: list[tuple[Path, Path]] = field(default_factory=list)
    remove: list[Path] = field(default_factory=list)
    wipe_replaced: bool = False


def incoming_for(target: Path) -> Path:
    """Where the file that will replace ``target`` is made."""
    return target.with_name(target.name + INCOMING_SUFFIX)


def journal_path(database_path: Path) -> Path:
    """The plan of a replacement under way (or interrupted) for this database."""
    return database_path.with_name(database_path.name + JOURNAL_SUFFIX)


def flush_file(path: Path) -> None:
    """Make sure a file's bytes are on the disk, not only in the operating system's cache."""
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def flush_folder(folder: Path) -> None:
    """Make sure renames in a folder are on the disk (POSIX; Windows renames are flushed with the file)."""
    if os.name != "posix" or not folder.is_dir():
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def commit(database_path: Path, plan: Plan) -> None:
    """Record ``plan`` durably, then carry it out: from here on the operation is done, even if killed."""
    for new, _target in plan.swaps:
        flush_file(new)
    folder = database_path.parent

    def relative(path: Path) -> str:
        return Path(os.path.relpath(path, folder)).as_posix()

    document = {
        "operation": plan.operation,
        "swaps": [[relative(new), relative(target)] for new, target in plan.swaps],
        "set_aside": [[relative(current), relative(where)] for current, where in plan.set_aside],
        "remove": [relative(path) for path in plan.remove],
        "wipe_replaced": plan.wipe_replaced,
    }
    journal = journal_path(database_path)
    written = journal.with_name(journal.name + ".new")
    with written.open("w", encoding="utf-8") as handle:
        json.dump(document, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(written, journal)
    for each in {folder, *(target.parent for _new, target in plan.swaps)}:
        flush_folder(each)
    finish(database_path)


def pending(database_path: Path) -> bool:
    """Whether an interrupted replacement left a plan, or half-made files, beside the database."""
    names = [JOURNAL_SUFFIX, JOURNAL_SUFFIX + ".new", *_HALF_MADE, _WIPING]
    return any(database_path.with_name(database_path.name + suffix).exists() for suffix in names)


def interrupted(database_path: Path) -> bool:
    """Whether a replacement was committed but not finished (its plan is still there)."""
    return journal_path(database_path).exists()


def finish(database_path: Path) -> str | None:
    """Finish a committed replacement, then clear half-made files; returns the operation finished, if any.

    The caller holds the exclusive lock. Without a plan, half-made files are from an operation
    killed before it committed: they are wiped and the database stays as it was.
    """
    journal = journal_path(database_path)
    operation = None
    if journal.exists():
        folder = database_path.parent
        document = json.loads(journal.read_text(encoding="utf-8"))
        operation = document["operation"]
        aside = {folder / current: folder / where for current, where in document["set_aside"]}
        for new_name, target_name in document["swaps"]:
            _swap(folder / new_name, folder / target_name, aside.get(folder / target_name), document["wipe_replaced"])
        for name in document["remove"]:
            for each in (folder / name, *cipher.sidecars(folder / name)):
                _wipe(each)
        for each in {folder, *((folder / target).parent for _new, target in document["swaps"])}:
            flush_folder(each)
        journal.unlink()
        flush_folder(folder)
    _clear_half_made(database_path)
    return operation


def _swap(new: Path, target: Path, set_aside: Path | None, wipe_replaced: bool) -> None:
    """Put ``new`` in place of ``target`` (done already when ``new`` is gone); may be repeated."""
    old = target.with_name(target.name + _WIPING)
    if not new.exists():
        _drop_old_copy(old, target)
        return
    if set_aside is not None and target.exists():
        set_aside.parent.mkdir(parents=True, exist_ok=True)
        # Moved as it is, with its journal files: whatever can still be rescued stays together.
        for current, moved in zip([target, *cipher.sidecars(target)], [set_aside, *cipher.sidecars(set_aside)], strict=True):
            with contextlib.suppress(FileNotFoundError):
                os.replace(current, moved)
    # The log was emptied before the plan was made; its files belong to the old content.
    for sidecar in cipher.sidecars(target):
        _wipe(sidecar) if wipe_replaced else _unlink(sidecar)
    for sidecar in cipher.sidecars(new):
        _unlink(sidecar)
    if wipe_replaced and target.exists():
        # A second name keeps the old content reachable for wiping once the new file is in place.
        _drop_old_copy(old, target)
        with contextlib.suppress(OSError):  # no hard links (a FAT memory stick): the old content is only unlinked
            os.link(target, old)
    os.replace(new, target)
    flush_folder(target.parent)
    _drop_old_copy(old, target)


def _drop_old_copy(old: Path, target: Path) -> None:
    """Wipe the replaced content kept under ``old``; if it is still the live file, only drop the name."""
    if not old.exists():
        return
    if target.exists() and os.path.samefile(old, target):
        _unlink(old)
    else:
        _wipe(old)


def _clear_half_made(database_path: Path) -> None:
    """Wipe what an operation killed before it committed left: copies that may hold plain pages."""
    stem = database_path.name
    candidates = [database_path.with_name(stem + suffix) for suffix in (*_HALF_MADE, JOURNAL_SUFFIX + ".new")]
    olds = [database_path.with_name(stem + _WIPING)]
    folder = database_path.parent / "backups"
    if folder.is_dir():
        for path in folder.iterdir():
            if path.name.startswith(f"{stem}-") and path.name.endswith(_HALF_MADE):
                candidates.append(path)
            elif path.name.startswith(f"{stem}-") and path.name.endswith(_WIPING):
                olds.append(path)
    for path in candidates:
        for each in (path, *cipher.sidecars(path)):
            _wipe(each)
    for old in olds:
        _drop_old_copy(old, old.with_name(old.name.removesuffix(_WIPING)))


def _wipe(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        cipher.wipe(path)


def _unlink(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
