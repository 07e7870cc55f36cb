"""A locked database, a full disk and read-only storage: one plain line, exit 2, and no personal data."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from tests.cli.running import run

EXAMPLE = Path(__file__).parents[2] / "docs" / "participants-example.csv"
#: What the example spreadsheet holds about people, none of which may appear in a message.
PERSONAL = ("Jordan Ellis", "jordan@example.org", "Step-free access", "07700 900101", "Blaze")


@pytest.fixture
def commission(tmp_path):
    """A database with one empty commission: (database path, commission id)."""
    from cocommission.db import open_database
    from cocommission.services.commissions import create_commission
    from cocommission.services.perform import perform

    path = tmp_path / "cli.sqlite"
    database = open_database(path)
    commission_id = perform(database, lambda session: create_commission(session, title="Youth fund").id).result
    database.close()
    return path, commission_id


@contextlib.contextmanager
def held_exclusively(path: Path):
    """Another program holding the database's write lock for as long as the block runs."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.holds_the_lock
def test_a_locked_database_is_one_line_without_anyones_details(capsys, commission):
    """Importing while another program holds the database: exit 2, says it is in use, prints no row values."""
    db, commission_id = commission
    with held_exclusively(db):
        status, out, err = run(capsys, "--db", db, "import", "csv", EXAMPLE, "--commission", commission_id)
    assert status == 2 and err.count("\n") == 1
    assert "in use" in err and "report" not in err
    for value in PERSONAL:
        assert value not in out + err


def test_a_full_disk_is_one_line_saying_so(capsys, commission):
    """A database that cannot grow (as on a full disk): exit 2, the disk is full, no row values."""
    db, commission_id = commission
    with contextlib.closing(sqlite3.connect(db)) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    from cocommission.db import database as database_module

    original = database_module._apply_sqlite_pragmas

    def no_room(dbapi_connection, record):
        original(dbapi_connection, record)
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(database_module, "_apply_sqlite_pragmas", no_room)
        big = db.parent / "many.csv"
        header, *rows = EXAMPLE.read_text(encoding="utf-8").splitlines()
        lines = [header] + [f"P{n},Person {n},p{n}@example.org,,Young person,No,,,English,{'x' * 900}" for n in range(400)]
        big.write_text("\n".join(lines) + "\n", encoding="utf-8")
        status, out, err = run(capsys, "--db", db, "import", "csv", big, "--commission", commission_id)
    assert status == 2 and err.count("\n") == 1
    assert "disk is full" in err and "report" not in err
    assert "Person 1" not in out + err and "example.org" not in out + err


def test_a_read_only_export_folder_is_not_blamed_on_disk_space(capsys, commission, tmp_path):
    """Writing an export where one may not write: exit 2, says it cannot be written, not that the disk is full."""
    import os

    db, commission_id = commission
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user may write anywhere (running as root)")
        status, _, err = run(capsys, "--db", db, "export", "json", commission_id, "-o", folder / "out.json")
    finally:
        folder.chmod(0o700)
    assert status == 2 and err.count("\n") == 1
    assert "may not write" in err and "space" not in err and "report" not in err


def test_a_read_only_database_is_one_line_saying_so(capsys, commission, monkeypatch):
    """A database opened read-only (as on read-only storage): a change is refused in one line, exit 2."""
    from cocommission.db import database as database_module

    db, commission_id = commission
    original = database_module._apply_sqlite_pragmas

    def read_only(dbapi_connection, record):
        original(dbapi_connection, record)
        dbapi_connection.execute("PRAGMA query_only=ON")

    monkeypatch.setattr(database_module, "_apply_sqlite_pragmas", read_only)
    status, out, err = run(capsys, "--db", db, "import", "csv", EXAMPLE, "--commission", commission_id)
    assert status == 2 and err.count("\n") == 1
    assert "read-only" in err and "report" not in err
    for value in PERSONAL:
        assert value not in out + err


def test_an_unexpected_database_error_is_reported_without_the_servers_detail_line():
    """PostgreSQL's DETAIL line names the values of the row (a pseudonym); the report keeps only the first line."""
    from sqlalchemy.exc import IntegrityError

    from cocommission.cli import _unexpected

    class UniqueViolation(Exception):
        pass

    error = IntegrityError(
        "INSERT INTO participant ...",
        {"pseudonym": "Jamal"},
        UniqueViolation(
            'duplicate key value violates unique constraint "uq_participant_commission_id_pseudonym"\n'
            "DETAIL:  Key (commission_id, pseudonym)=(c1, Jamal) already exists."
        ),
    )
    report = _unexpected(error)
    assert report.startswith("UniqueViolation: duplicate key value violates unique constraint")
    assert "Jamal" not in report and "INSERT" not in report
