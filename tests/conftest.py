"""Shared fixtures: a fresh database on SQLite, and on PostgreSQL when a server is given.

Set ``COCOMMISSION_TEST_DATABASE_URL`` to an SQLAlchemy URL of a PostgreSQL
database the tests may create databases from; every storage test then runs
on both backends.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cocommission.db import Database, open_database
from cocommission.model import Base

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRESQL_URL = os.environ.get("COCOMMISSION_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRESQL_URL else ["sqlite"]


@pytest.fixture(scope="session")
def postgresql_database_url() -> Iterator[str]:
    """A throwaway PostgreSQL database, migrated once for the whole test run."""
    if not POSTGRESQL_URL:
        pytest.skip("COCOMMISSION_TEST_DATABASE_URL is not set")
    server = make_url(POSTGRESQL_URL)
    name = f"cocommission_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = server.set(database=name).render_as_string(hide_password=False)
    open_database(url).close()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _empty_postgresql(url: str) -> None:
    engine = create_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} CASCADE"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path: Path) -> Iterator[Database]:
    """A freshly created, migrated and empty database (SQLite file, then PostgreSQL)."""
    if request.param == "sqlite":
        opened = open_database(tmp_path / "commission.sqlite")
    else:
        url = request.getfixturevalue("postgresql_database_url")
        _empty_postgresql(url)
        opened = open_database(url)
    yield opened
    opened.close()


@pytest.fixture
def session(database: Database):
    """A session inside one unit of work, committed when the test ends."""
    with database.unit_of_work() as opened:
        yield opened
