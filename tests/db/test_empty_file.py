"""A database file emptied to 0 bytes (a failed copy or sync) is refused while its backups hold the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocommission.db import DatabaseError, open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.services.commissions import create_commission, list_commissions
from cocommission.services.perform import perform, read


def test_an_emptied_file_with_backups_is_refused_and_its_backup_offered(tmp_path):
    """A 0-byte file beside sound backups is not opened as a new empty database; it stays as it is."""
    path = tmp_path / "cocommission.sqlite"
    database = open_database(path)
    perform(database, create_commission, title="Youth club")
    database.close()
    take_backup(path, reason="opened")
    path.write_bytes(b"")
    for sidecar in (Path(f"{path}-wal"), Path(f"{path}-shm")):
        sidecar.unlink(missing_ok=True)
    with pytest.raises(DatabaseError, match="empty") as refused:
        open_database(path)
    assert refused.value.damaged_file == path and "backup" in str(refused.value)
    assert path.stat().st_size == 0 and len(list_backups(path)) == 1


def test_an_empty_file_without_backups_is_a_new_database(tmp_path):
    """A 0-byte file with no backups (a file made ready for CoCommission) becomes a new database."""
    path = tmp_path / "new.sqlite"
    path.write_bytes(b"")
    database = open_database(path)
    try:
        assert database.report.created and read(database, list_commissions) == ()
    finally:
        database.close()
