"""Opening databases: creation by migrations, refusing what is not ours, backups before upgrades."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from cocommission.db import DatabaseError, migrations, open_database
from cocommission.db.location import ENVIRONMENT_VARIABLE, resolve_database_url
from cocommission.model import whole_schema


def test_migrations_build_exactly_the_models(database):
    """A database created by the migrations matches the mapped classes, with nothing missing."""
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, whole_schema()) == []
        assert migrations.current_revision(connection) == migrations.head_revision()


def test_sqlite_runs_with_wal_full_sync_and_foreign_keys(tmp_path):
    """Every SQLite connection has WAL, synchronous=FULL and foreign keys switched on."""
    opened = open_database(tmp_path / "c.sqlite")
    with opened.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    opened.close()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    """A text file given as the database is refused with a message and left byte-for-byte as it was."""
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"shopping list: milk, eggs\n")
    with pytest.raises(DatabaseError, match="not a CoCommission database"):
        open_database(path)
    assert path.read_bytes() == b"shopping list: milk, eggs\n"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path):
    """A schema revision this build does not know is refused, and the file is not modified."""
    path = tmp_path / "newer.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of CoCommission"):
        open_database(path)
    assert path.read_bytes() == before


def test_someone_elses_sqlite_database_is_refused(tmp_path):
    """An SQLite file holding other tables and no CoCommission schema is not taken over."""
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT)")
    connection.close()
    with pytest.raises(DatabaseError, match="not a CoCommission database"):
        open_database(path)


def test_an_older_schema_is_backed_up_before_it_is_migrated(tmp_path, monkeypatch):
    """Opening a database behind head copies it to a backup first, then upgrades it."""
    path = tmp_path / "old.sqlite"
    open_database(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO commission (id, title, service_area, commissioning_body, description,"
                           " budget_minor, budget_currency_code, honorarium_rate_minor, honorarium_currency_code,"
                           " honorarium_basis, stage, created_at) VALUES ('c1', 'Kept', '', '', '', 0, 'GBP', 0,"
                           " 'GBP', 'hour', 'people', '2026-01-01 00:00:00')")
    connection.close()
    # Pretend a later build added a migration after this database's revision.
    real_head = migrations.head_revision()
    monkeypatch.setattr(migrations, "head_revision", lambda: "0002_pretend")
    monkeypatch.setattr(migrations, "upgrade_to_head", lambda engine: None)
    opened = open_database(path)
    assert opened.report.backup is not None and opened.report.backup.exists()
    assert opened.report.migrated_from == real_head
    opened.close()
    with sqlite3.connect(opened.report.backup) as copy:
        assert copy.execute("SELECT title FROM commission").fetchall() == [("Kept",)]
    copy.close()


def test_the_database_location_follows_flag_then_environment_then_default(tmp_path, monkeypatch):
    """--db wins over COCOMMISSION_DB, which wins over the user data folder."""
    monkeypatch.setenv(ENVIRONMENT_VARIABLE, str(tmp_path / "env.sqlite"))
    assert resolve_database_url(tmp_path / "flag.sqlite").database == str(tmp_path / "flag.sqlite")
    assert resolve_database_url(None).database == str(tmp_path / "env.sqlite")
    monkeypatch.delenv(ENVIRONMENT_VARIABLE)
    assert Path(resolve_database_url(None).database).name == "cocommission.sqlite"
    assert resolve_database_url("postgresql+psycopg://u@h/db").get_backend_name() == "postgresql"


def test_missing_folders_are_created_for_a_new_database(tmp_path):
    """A new database in a folder that does not exist yet is created with its folder."""
    opened = open_database(tmp_path / "a" / "b" / "c.sqlite")
    assert (tmp_path / "a" / "b" / "c.sqlite").exists()
    opened.close()
