"""Shared fixtures: a fresh database on SQLite, and on PostgreSQL when a server is given.

Set ``COCOMMISSION_TEST_DATABASE_URL`` to an SQLAlchemy URL of a PostgreSQL
database the tests may create databases from; every storage test then runs
on both backends.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from cocommission.db import Database, open_database
from cocommission.model import Base
from cocommission.model.base import today_held
from cocommission.services.demo import create_example_commission
from cocommission.services.perform import perform

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

POSTGRESQL_URL = os.environ.get("COCOMMISSION_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRESQL_URL else ["sqlite"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Start the tests marked slow first, so that with several test processes none runs one alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture(autouse=True)
def _today_held_for_the_test() -> Iterator[None]:
    """Hold "today" at the day each test starts, for the code and the test alike (tests ask ``today()``).

    A test that records a consent "today" and then checks it was given "today" would otherwise fail
    when it runs across midnight.
    """
    with today_held(date.today()):
        yield


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


@pytest.fixture(scope="session")
def empty_sqlite_file(tmp_path_factory) -> Path:
    """A created, migrated and empty SQLite file, made once per test process.

    Migrating a new file takes a quarter of a second; copying this one takes a few milliseconds.
    """
    path = tmp_path_factory.mktemp("empty") / "commission.sqlite"
    open_database(path).close()
    return path


@pytest.fixture(scope="session")
def example_sqlite_file(empty_sqlite_file: Path, tmp_path_factory) -> Path:
    """An SQLite file holding only the worked example, built once per test process (it takes seconds)."""
    path = tmp_path_factory.mktemp("example") / "commission.sqlite"
    shutil.copy2(empty_sqlite_file, path)
    made = open_database(path)
    perform(made, create_example_commission)
    made.close()
    return path


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path: Path) -> Iterator[Database]:
    """A freshly created, migrated and empty database (SQLite file, then PostgreSQL).

    A test that also asks for a fixture named ``example`` (the worked example, however a folder
    defines it) gets an SQLite file that already holds the example, which its ``example`` fixture
    finds with ``find_or_create_example``; on PostgreSQL that fixture builds it.
    """
    if request.param == "sqlite":
        template = "example_sqlite_file" if "example" in request.fixturenames else "empty_sqlite_file"
        path = tmp_path / "commission.sqlite"
        shutil.copy2(request.getfixturevalue(template), path)
        opened = open_database(path)
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
