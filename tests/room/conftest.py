"""Fixtures for the room server's tests: a commission, and a room server serving it on loopback."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from tests.conftest import on_sqlite_unless_marked
from tests.room.phone import Phone

from cocommission.db import Database
from cocommission.room.server import RoomServer
from cocommission.services.changes import Changes
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Room server tests run on SQLite, and on PostgreSQL too only when marked ``on_postgresql_too``:
    the room calls the services, which are tested on both; phones voting at once, where the shared
    server's locking is what keeps every ballot, is marked."""
    on_sqlite_unless_marked(metafunc)


@dataclass(frozen=True)
class People:
    """The participants of the test commission, by pseudonym: two who can vote, one without consent."""

    kiki: str
    blaze: str
    unconsented: str


def _add_people(session, *, commission_id: str) -> People:
    def person(pseudonym: str, consent: date | None = CONSENT) -> str:
        return add_participant(session, commission_id=commission_id, pseudonym=pseudonym, consent_on=consent).id

    return People(kiki=person("Kiki"), blaze=person("Blaze <b>"), unconsented=person("Tee", None))


@pytest.fixture
def commission_id(database: Database) -> str:
    """A new commission in an empty database."""
    return perform(database, create_commission, title="Youth club").result.id


@pytest.fixture
def people(database: Database, commission_id: str) -> People:
    """Kiki and "Blaze <b>" (a pseudonym that must be escaped) can vote; Tee has not given consent."""
    return perform(database, _add_people, commission_id=commission_id).result


CONSENT = date(2026, 1, 28)


@pytest.fixture
def announced() -> list[Changes]:
    """The changes the room server has announced after its commits."""
    return []


@pytest.fixture
def server(database: Database, commission_id: str, announced: list[Changes]) -> Iterator[RoomServer]:
    """A room server for the commission on 127.0.0.1, any free port; stopped after the test."""
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0, on_change=announced.append)
    room.start()
    yield room
    room.stop()


@pytest.fixture
def commission_server(database: Database, commission_id: str) -> Iterator[Callable[..., RoomServer]]:
    """Starts a room server for the commission with the ``on_change`` given; all are stopped after the test."""
    started: list[RoomServer] = []

    def start(on_change: Callable[[Changes], None] | None = None) -> RoomServer:
        room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0, on_change=on_change)
        room.start()
        started.append(room)
        return room

    yield start
    for room in started:
        room.stop()


@pytest.fixture
def phone(server: RoomServer) -> Phone:
    """A phone with no cookies yet, pointed at the server."""
    return Phone(server.url)


@pytest.fixture
def joined_secret(database: Database, commission_id: str, people: People) -> str:
    """The cookie secret of Kiki's phone, joined with her card: what a listening ballot page sends."""
    from cocommission.services.room_joining import issue_join_cards, join_with_card

    (card,) = perform(database, issue_join_cards, commission_id=commission_id, participant_ids=[people.kiki]).result
    return perform(database, join_with_card, commission_id=commission_id, token_or_code=card.token).result.secret
