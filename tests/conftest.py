"""Shared fixtures: a fresh database on SQLite, and on PostgreSQL when a server is given.

Set ``COCOMMISSION_TEST_DATABASE_URL`` to an SQLAlchemy URL of a PostgreSQL
database the tests may create databases from; every storage test then runs
on both backends.
"""

from __future__ import annotations

import functools
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from tests.hypothesis_profiles import PROFILE

from cocommission.db import Database, cipher, open_database
from cocommission.model import whole_schema
from cocommission.model.base import today_held
from cocommission.services.demo import create_example_commission
from cocommission.services.perform import perform

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: PBKDF2 rounds for the keys of files the tests encrypt, instead of the app's 256,000 (a seventh of a
#: second each, thousands of times over). Every check on encryption holds the same with any number;
#: test_encryption.py checks that the app itself keeps SQLCipher's full count. A process the tests
#: start that opens an encrypted file has to be given this number too.
TEST_KEY_DERIVATION_ROUNDS = 1000
cipher.KEY_DERIVATION_ROUNDS = TEST_KEY_DERIVATION_ROUNDS

POSTGRESQL_URL = os.environ.get("COCOMMISSION_TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"] if POSTGRESQL_URL else ["sqlite"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "holds_the_lock: the test holds a database's lock itself (SQLite's or another window's);"
        " the app gives up on it at once",
    )
    config.addinivalue_line(
        "markers",
        "on_postgresql_too: a window or room server test that also runs on PostgreSQL (on_sqlite_unless_marked says why few do)",
    )


def on_sqlite_unless_marked(metafunc: pytest.Metafunc) -> None:
    """Run the test on SQLite only, unless it is marked ``on_postgresql_too``.

    For adapters (the window, the room server): they reach the database only through the services
    and read models, whose own tests run on both backends, so checking every adapter test again on
    PostgreSQL doubles its time and finds nothing new. The marked ones are where it could.
    """
    if "database" in metafunc.fixturenames and metafunc.definition.get_closest_marker("on_postgresql_too") is None:
        metafunc.definition.add_marker(pytest.mark.parametrize("database", ["sqlite"], indirect=True))


def pytest_report_header() -> str:
    """Say which Hypothesis profile set how many examples property tests try (hypothesis_profiles.py)."""
    return f"hypothesis profile: {PROFILE} (HYPOTHESIS_PROFILE=deep for the full search)"


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


class PostgresqlServer:
    """The PostgreSQL server the tests were given, making databases from templates made once per test process.

    Migrating a new database takes more than a second and building the worked example several;
    ``CREATE DATABASE ... TEMPLATE`` copies either in a tenth of a second.
    """

    def __init__(self, url: str) -> None:
        self.server = make_url(url)
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT")
        self.prefix = f"cocommission_test_{uuid.uuid4().hex[:10]}"
        self.made: list[str] = []
        self._count = 0

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def create(self, *, template: str | None = None) -> str:
        """A new database's name, empty or a copy of ``template`` (which nobody may be connected to)."""
        self._count += 1
        name = f"{self.prefix}_{self._count}"
        copying = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copying}'))
        self.made.append(name)
        return name

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.made.remove(name)

    def close(self) -> None:
        for name in list(self.made):
            self.drop(name)
        self.admin.dispose()


@pytest.fixture(autouse=True)
def _brief_lock_wait(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a test marked ``holds_the_lock``, a held lock is waited for a twentieth of a second, not seconds.

    Such a test holds the lock until the app refuses, so it would always wait out the app's full
    patience first; the refusal is the same. Autouse, so it applies before the test's database opens.
    """
    if request.node.get_closest_marker("holds_the_lock") is None:
        return
    import cocommission.db.database as opening
    from cocommission.db import lock

    usual = opening._apply_sqlite_pragmas

    def briefly(dbapi_connection, connection_record) -> None:
        usual(dbapi_connection, connection_record)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout=50")
        cursor.close()

    monkeypatch.setattr(opening, "_apply_sqlite_pragmas", briefly)
    # The checks that tell a damaged file from a busy one connect with sqlite3's own five seconds.
    monkeypatch.setattr(sqlite3, "connect", functools.partial(sqlite3.connect, timeout=0.05))
    # Replacing or reopening a file another window holds open waits on the app's own file lock.
    monkeypatch.setattr(lock, "REPLACE_WAIT_SECONDS", 0.05)
    monkeypatch.setattr(lock, "OPEN_WAIT_SECONDS", 0.05)


@pytest.fixture(scope="session")
def postgresql_server() -> Iterator[PostgresqlServer]:
    """The server in ``COCOMMISSION_TEST_DATABASE_URL``; each database made on it is dropped at the end."""
    if not POSTGRESQL_URL:
        pytest.skip("COCOMMISSION_TEST_DATABASE_URL is not set")
    server = PostgresqlServer(POSTGRESQL_URL)
    yield server
    server.close()


@pytest.fixture(scope="session")
def empty_postgresql_template(postgresql_server: PostgresqlServer) -> str:
    """A created, migrated and empty PostgreSQL database, made once per test process and only copied."""
    name = postgresql_server.create()
    open_database(postgresql_server.url(name)).close()
    return name


@pytest.fixture(scope="session")
def empty_postgresql_database(postgresql_server: PostgresqlServer, empty_postgresql_template: str) -> str:
    """This test process's own migrated PostgreSQL database, emptied before each test that uses it."""
    return postgresql_server.create(template=empty_postgresql_template)


def _empty_postgresql(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        # Deleting the few rows a test leaves, those that refer to others first, takes a quarter of
        # the time of TRUNCATE, which makes each table's and index's files anew.
        for table in reversed(whole_schema().sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@pytest.fixture(scope="session")
def example_postgresql_template(postgresql_server: PostgresqlServer, empty_postgresql_template: str) -> str:
    """A PostgreSQL database holding only the worked example, built once per test process and only copied."""
    name = postgresql_server.create(template=empty_postgresql_template)
    made = open_database(postgresql_server.url(name))
    perform(made, create_example_commission)
    made.close()
    return name


@pytest.fixture(scope="session")
def example_postgresql_rows(postgresql_server: PostgresqlServer, example_postgresql_template: str) -> list[tuple[str, bytes]]:
    """Each table of the example template with its rows in COPY's binary form, read once per test process."""
    engine = create_engine(postgresql_server.url(example_postgresql_template))
    rows = []
    with engine.connect() as connection, connection.connection.driver_connection.cursor() as cursor:
        for table in whole_schema().sorted_tables:
            with cursor.copy(f'COPY "{table.name}" TO STDOUT (FORMAT BINARY)') as copy:
                rows.append((table.name, b"".join(bytes(block) for block in copy)))
    engine.dispose()
    return rows


@pytest.fixture(scope="session")
def example_postgresql_database(postgresql_server: PostgresqlServer, example_postgresql_template: str) -> str:
    """This test process's own PostgreSQL database holding the example, put back as it was before each test that uses it."""
    return postgresql_server.create(template=example_postgresql_template)


def _put_back_postgresql(url: str, rows: list[tuple[str, bytes]]) -> None:
    """Empty every table and copy ``rows`` back in, in one transaction.

    A quarter of the server's work of copying the template into a new database and dropping it after.
    """
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in reversed(whole_schema().sorted_tables):
            connection.execute(table.delete())
        with connection.connection.driver_connection.cursor() as cursor:
            for name, data in rows:
                with cursor.copy(f'COPY "{name}" FROM STDIN (FORMAT BINARY)') as copy:
                    copy.write(data)
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
    defines it) gets a database that already holds the example, which its ``example`` fixture
    finds with ``find_or_create_example``. On PostgreSQL each is the test process's own database,
    emptied, or put back to the example template's rows, before the test.
    """
    holds_example = "example" in request.fixturenames
    if request.param == "sqlite":
        template = "example_sqlite_file" if holds_example else "empty_sqlite_file"
        path = tmp_path / "commission.sqlite"
        shutil.copy2(request.getfixturevalue(template), path)
        opened = open_database(path)
        yield opened
        opened.close()
        return
    server: PostgresqlServer = request.getfixturevalue("postgresql_server")
    if not holds_example:
        # Emptying the process's own database costs a tenth of what making and dropping a copy does.
        url = server.url(request.getfixturevalue("empty_postgresql_database"))
        _empty_postgresql(url)
        opened = open_database(url)
        yield opened
        opened.close()
        return
    url = server.url(request.getfixturevalue("example_postgresql_database"))
    _put_back_postgresql(url, request.getfixturevalue("example_postgresql_rows"))
    opened = open_database(url)
    yield opened
    opened.close()


@pytest.fixture
def session(database: Database):
    """A session inside one unit of work, committed when the test ends."""
    with database.unit_of_work() as opened:
        yield opened
