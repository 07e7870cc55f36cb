"""The database, its journals, its folder and its backups are readable by their owner only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from cocommission.db import location, open_database
from cocommission.db.backup import backup_folder, list_backups, take_backup
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows keeps a user's data private with its own access lists")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def shared_umask():
    """The usual umask 022, under which files are made readable by everyone unless asked otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_a_new_database_and_its_backups_are_owner_only(tmp_path):
    """A new database's folder is 0700, the file and its journals 0600, the backups folder 0700 and each backup 0600."""
    path = tmp_path / "data" / "cocommission.sqlite"
    database = open_database(path)
    try:
        perform(database, create_commission, title="Youth club")
        take_backup(path, reason="opened")
        assert _mode(path.parent) == 0o700
        for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            assert _mode(file) == 0o600, file.name
    finally:
        database.close()
    assert _mode(backup_folder(path)) == 0o700
    assert [_mode(backup.path) for backup in list_backups(path)] == [0o600]


def test_world_readable_files_are_tightened_when_opened(tmp_path, monkeypatch):
    """A database left readable by everyone (its folder, file, journals and backups) is made owner-only on open."""
    path = tmp_path / "CoCommission" / "cocommission.sqlite"
    monkeypatch.delenv(location.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(location, "default_database_path", lambda: path)
    database = open_database(None)
    perform(database, create_commission, title="Youth club")
    take_backup(path, reason="opened")
    loose = [path.parent, path, backup_folder(path), *(backup.path for backup in list_backups(path))]
    for item in loose:
        item.chmod(0o755 if item.is_dir() else 0o644)
    database.close()
    open_database(None).close()
    assert {item.name: _mode(item) for item in loose} == {
        item.name: (0o700 if item.is_dir() else 0o600) for item in loose
    }


def test_a_folder_the_user_chose_keeps_its_permissions(tmp_path):
    """A database put in an existing folder of the user's choosing is made private; the folder is left as it was."""
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    path = folder / "youth.sqlite"
    open_database(path).close()
    assert _mode(folder) == 0o755 and _mode(path) == 0o600
