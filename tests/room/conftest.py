"""Fixtures for the room server's tests: a commission, and a room server serving it on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.room.phone import Phone

from cocommission.db import Database
from cocommission.room.server import RoomServer
from cocommission.services.changes import Changes
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform


@pytest.fixture
def commission_id(database: Database) -> str:
    """A new commission in an empty database."""
    return perform(database, create_commission, title="Youth club").result.id


@pytest.fixture
def announced() -> list[Changes]:
    """The changes the room server has announced after its commits."""
    return []


@pytest.fixture
def server(database: Database, commission_id: str, announced: list[Changes]) -> Iterator[RoomServer]:
    """A room server for the commission on 127.0.0.1, any free port; stopped after the test."""
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", on_change=announced.append)
    room.start()
    yield room
    room.stop()


@pytest.fixture
def phone(server: RoomServer) -> Phone:
    """A phone with no cookies yet, pointed at the server."""
    return Phone(server.url)
