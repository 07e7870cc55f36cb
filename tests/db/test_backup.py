"""Backups in rotation, damaged files refused untouched, and restoring a backup."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cocommission.db import DatabaseError, open_database
from cocommission.db.backup import (
    KEEP_NEWEST,
    Backup,
    BackupError,
    backups_to_keep,
    latest_sound_backup,
    list_backups,
    restore_backup,
    take_backup,
)
from cocommission.services.commissions import create_commission, list_commissions
from cocommission.services.perform import perform, read


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _titles(path: Path) -> list[str]:
    database = open_database(path)
    try:
        return sorted(row.title for row in read(database, list_commissions))
    finally:
        database.close()


@pytest.fixture
def saved(tmp_path) -> Path:
    """A database file holding one commission, closed and checkpointed."""
    path = tmp_path / "cocommission.sqlite"
    database = open_database(path)
    perform(database, create_commission, title="Youth club")
    database.close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


def _corrupt(path: Path) -> None:
    """Scribble over the middle of the file, as a failing disk or an interrupted copy might."""
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(page * 2, min(len(data), page * 6), 7):
        data[offset] = 0xA5
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _newer_schema(path: Path) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"PK\x03\x04 a spreadsheet, not a database" * 100)


@pytest.mark.parametrize(
    ("damage", "message", "offer_backup"),
    [
        (_corrupt, "is damaged", True),
        (_truncate, "is damaged", True),
        (_not_sqlite, "not an SQLite file", True),
        # A backup of a newer file is newer too: the answer is to update CoCommission, not to restore.
        (_newer_schema, "newer version", False),
    ],
)
def test_a_damaged_or_newer_file_is_refused_and_left_exactly_as_it_was(saved, damage, message, offer_backup):
    """Corrupted, truncated, non-SQLite and newer-schema files are refused; their bytes do not change."""
    damage(saved)
    before = _digest(saved)
    with pytest.raises(DatabaseError, match=message) as refused:
        open_database(saved, backup_on_open=True)
    assert refused.value.damaged_file == (saved if offer_backup else None)
    assert _digest(saved) == before
    assert list_backups(saved) == []


def test_opening_for_the_app_takes_a_backup_that_holds_the_data(saved):
    """backup_on_open leaves a sound backup beside the file with the same commissions."""
    database = open_database(saved, backup_on_open=True)
    database.close()
    (backup,) = list_backups(saved)
    assert backup.reason == "opened"
    assert backup.path.parent == saved.parent / "backups"
    assert _titles(backup.path) == ["Youth club"]


def test_a_new_database_is_not_backed_up_on_open(tmp_path):
    """There is nothing to keep in a database that was only just created."""
    path = tmp_path / "new.sqlite"
    open_database(path, backup_on_open=True).close()
    assert list_backups(path) == []


def test_restore_round_trip_brings_back_the_data_and_keeps_what_it_replaced(saved):
    """Restoring a backup gives its data back; the replaced file is kept as a before-restore backup."""
    first = take_backup(saved, reason="before-import")
    database = open_database(saved)
    perform(database, create_commission, title="Added after the backup")
    database.close()

    kept = restore_backup(saved, first)

    assert _titles(saved) == ["Youth club"]
    assert kept is not None and "before-restore" in kept.name
    assert _titles(kept) == ["Added after the backup", "Youth club"]
    # And the restore itself can be undone.
    restore_backup(saved, kept)
    assert _titles(saved) == ["Added after the backup", "Youth club"]


def test_restoring_over_a_damaged_file_moves_it_aside_untouched(saved):
    """A damaged file is moved into the backups folder as it is, and the backup takes its place."""
    backup = take_backup(saved, reason="opened")
    _corrupt(saved)
    damaged = _digest(saved)

    kept = restore_backup(saved, backup)

    assert kept is not None and kept.name.endswith("-damaged.sqlite")
    assert _digest(kept) == damaged
    assert _titles(saved) == ["Youth club"]


def test_the_latest_sound_backup_skips_a_damaged_one(saved):
    """When the newest backup is damaged, the one before it is offered."""
    good = take_backup(saved, reason="opened", now=datetime(2026, 11, 1, 9, tzinfo=UTC))
    bad = take_backup(saved, reason="opened", now=datetime(2026, 11, 2, 9, tzinfo=UTC))
    _corrupt(bad)
    assert latest_sound_backup(saved).path == good


def test_a_damaged_backup_is_not_restored(saved):
    """Restoring a damaged backup is refused and the database is left as it was."""
    backup = take_backup(saved, reason="opened")
    _truncate(backup)
    before = _digest(saved)
    with pytest.raises(BackupError, match="cannot be restored"):
        restore_backup(saved, backup)
    assert _digest(saved) == before


def test_rotation_keeps_the_newest_then_one_a_day_then_one_a_week():
    """Ten newest, the newest of each of the last 7 days, of each of 8 weeks, and the last upgrade backup."""
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    # Every 30 minutes for 3 days, then one a day back 90 days, and one old upgrade backup.
    backups = [Backup(Path(f"half-hour-{n}"), now - timedelta(minutes=30 * n), "every-30-minutes") for n in range(144)]
    backups += [Backup(Path(f"day-{n}"), now - timedelta(days=n, hours=1), "opened") for n in range(3, 90)]
    backups.append(Backup(Path("upgrade"), now - timedelta(days=200), "before-upgrade-from-0001"))

    keep = backups_to_keep(backups, now=now)

    assert {Path(f"half-hour-{n}") for n in range(KEEP_NEWEST)} <= keep
    assert Path("upgrade") in keep
    assert Path("day-5") in keep  # within the week: one a day
    assert Path("day-80") not in keep  # older than eight weeks
    kept_days = {backup.taken_at.date() for backup in backups if backup.path in keep and backup.taken_at > now - timedelta(days=7)}
    assert len(kept_days) == 7  # one for each calendar day within the last seven days
    assert len(keep) < 40


def test_taking_backups_prunes_the_folder(saved):
    """Backups beyond the rotation are deleted as new ones are taken."""
    start = datetime(2026, 11, 26, 8, tzinfo=UTC)
    for n in range(KEEP_NEWEST + 5):
        take_backup(saved, reason="every-30-minutes", now=start + timedelta(minutes=30 * n))
    assert len(list_backups(saved)) == KEEP_NEWEST


def test_restoring_an_older_backup_works_even_when_the_rotation_would_prune_it(saved):
    """The chosen backup is copied before the current file is backed up, so pruning cannot lose it."""
    start = datetime.now(UTC) - timedelta(hours=3)
    oldest = take_backup(saved, reason="every-30-minutes", now=start)
    database = open_database(saved)
    perform(database, create_commission, title="Added later")
    database.close()
    for n in range(1, KEEP_NEWEST):
        take_backup(saved, reason="every-30-minutes", now=start + timedelta(minutes=n))
    assert oldest in [backup.path for backup in list_backups(saved)]

    restore_backup(saved, oldest)

    assert _titles(saved) == ["Youth club"]


@pytest.mark.holds_the_lock
def test_a_locked_file_is_not_called_damaged(saved):
    """A file another program holds locked is refused as busy, with no restore offered and no change."""
    holder = sqlite3.connect(saved)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        before = _digest(saved)
        with pytest.raises(DatabaseError) as refused:
            open_database(saved)
        assert refused.value.damaged_file is None
        assert "damaged" not in str(refused.value)
        assert _digest(saved) == before
    finally:
        holder.rollback()
        holder.close()


def test_two_databases_with_the_same_stem_keep_separate_backups(saved):
    """club.sqlite and club.db in one folder never count, prune or restore each other's backups."""
    other = saved.with_suffix(".db")
    database = open_database(other)
    perform(database, create_commission, title="Other club")
    database.close()
    take_backup(saved, reason="opened")
    take_backup(other, reason="opened")
    assert len(list_backups(saved)) == 1 and len(list_backups(other)) == 1
    assert _titles(list_backups(other)[0].path) == ["Other club"]


def test_each_backup_is_listed_with_the_moment_it_was_taken(saved):
    """The time in a backup's name is read back to the microsecond, in UTC."""
    taken = datetime(2026, 1, 31, 23, 59, 58, 123456, tzinfo=UTC)
    made = take_backup(saved, reason="opened", now=taken)
    assert [(backup.path, backup.taken_at) for backup in list_backups(saved)] == [(made, taken)]


def test_listing_backups_loads_no_date_parsing(saved):
    """Every opening lists the backups: reading their times must not load strptime's patterns."""
    take_backup(saved, reason="opened")
    code = (
        "import sys; from pathlib import Path; from cocommission.db.backup import list_backups; "
        "assert list_backups(Path(sys.argv[1])); print('_strptime' in sys.modules)"
    )
    finished = subprocess.run([sys.executable, "-c", code, str(saved)], capture_output=True, text=True, timeout=60)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "False"
