"""The window's commander: storage that refuses a write is explained in the banner, never a crash."""

from __future__ import annotations

import contextlib
import sqlite3

import pytest
from sqlalchemy import event, func, select

from cocommission.model import Participant
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform


def _fill_up(database) -> None:
    """Every new connection may not grow the file: the next sizeable write finds the disk full."""

    @event.listens_for(database.engine, "connect")
    def no_room(dbapi_connection, record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    database.engine.dispose()


def test_a_full_disk_is_shown_in_the_window_and_nothing_is_saved(database, commander, problems):
    """Adding someone when the disk is full: the banner says the disk is full, without their details."""
    if database.path is None:
        pytest.skip("the disk of a database server is not this laptop's")
    commission_id = perform(database, create_commission, title="Youth fund").result.id
    _fill_up(database)
    result = commander.run(
        add_participant, commission_id=commission_id, pseudonym="Blaze", full_name="Jordan Ellis",
        access_needs="Step-free access " + "x" * 20000,
    )
    assert result is None and len(problems) == 1
    assert "disk is full" in problems[0] and "Jordan" not in problems[0] and "Step-free" not in problems[0]
    with database.unit_of_work() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 0


@pytest.mark.holds_the_lock
def test_a_database_in_use_elsewhere_is_shown_in_the_window(database, commander, problems):
    """Another program holding the database: the banner says it is in use, and the window carries on."""
    if database.path is None:
        pytest.skip("a database server queues writers itself")
    commission_id = perform(database, create_commission, title="Youth fund").result.id
    with contextlib.closing(sqlite3.connect(database.path, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")
        result = commander.run(add_participant, commission_id=commission_id, pseudonym="Blaze", full_name="Jordan Ellis")
        other.execute("ROLLBACK")
    assert result is None and len(problems) == 1 and "in use" in problems[0] and "Jordan" not in problems[0]
    assert commander.run(add_participant, commission_id=commission_id, pseudonym="Blaze") is not None
