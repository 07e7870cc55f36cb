"""Joining with the PIN in a room run from the console: the phone asks, the facilitator lets it in or turns it away."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select
from tests.room.phone import Phone

from cocommission.model import RoomPhone
from cocommission.room.doorway import ASKING_SECONDS, TURNED_AWAY, Doorway
from cocommission.room.server import RoomServer
from cocommission.services.perform import perform, read
from cocommission.services.room_joining import list_phones


def _phones(database) -> int:
    return read(database, lambda session: session.scalar(select(func.count()).select_from(RoomPhone)))


@pytest.fixture
def asked() -> list[str]:
    """One entry each time the server says the phones asking to join have changed."""
    return []


@pytest.fixture
def room(database, commission_id, people, asked) -> Iterator[RoomServer]:
    """A room run from the console: PIN joins wait for the facilitator."""
    server = RoomServer(
        database, commission_id=commission_id, host="127.0.0.1", port=0,
        pin_needs_facilitator=True, on_asking=lambda: asked.append("changed"),
    )
    server.start()
    yield server
    server.stop()


def _ask(room: RoomServer, participant_id: str, pin: str | None = None) -> tuple[Phone, object]:
    phone = Phone(room.url)
    page = phone.get("/")
    answer = phone.post_form("/join", {"csrf": page.field("csrf"), "participant": participant_id, "pin": pin or room.pin})
    return phone, answer


def _until(condition, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the room did not answer in time"
        time.sleep(0.02)


def test_the_right_pin_only_asks_and_the_phone_joins_once_the_facilitator_lets_it_in(database, people, room, asked):
    phone, answer = _ask(room, people.kiki)
    assert answer.status == 303 and answer.headers["Location"] == "/asking"
    assert "room_phone" not in phone.cookies and "room_asking" in phone.cookies
    assert _phones(database) == 0, "nothing is joined before the facilitator says so"
    waiting = phone.get("/asking")
    assert waiting.status == 200 and "Show this screen to the facilitator" in waiting.words and "Kiki" in waiting.words
    assert '<meta http-equiv="refresh" content="3">' in waiting.text, "it looks again by itself, script or not"
    assert phone.get("/vote").status in (303, 403), "no ballot while waiting"
    (asking,) = room.asking()
    assert (asking.participant_id, asking.pseudonym) == (people.kiki, "Kiki") and asked
    room.let_in(asking.ticket)
    _until(lambda: _phones(database) == 1)
    moved = phone.get("/asking")
    assert moved.status == 303 and moved.headers["Location"] == "/vote"
    assert "room_phone" in phone.cookies and "room_asking" not in phone.cookies
    assert phone.get("/api/round").status == 200
    assert room.asking() == []
    assert [p.pseudonym for p in perform(database, list_phones, commission_id=room.commission_id).result] == ["Kiki"]


def test_a_phone_turned_away_is_told_so_and_joins_nothing(database, people, room):
    phone, _ = _ask(room, people.kiki)
    (asking,) = room.asking()
    room.turn_away(asking.ticket)
    _until(lambda: room.asking() == [])
    told = phone.get("/asking")
    assert told.status == 403 and TURNED_AWAY in told.words and "Join the vote" in told.words
    assert "room_asking" not in phone.cookies and "room_phone" not in phone.cookies
    assert _phones(database) == 0
    assert phone.get("/asking").status == 200 and "Join the vote" in phone.get("/asking").words


def test_a_wrong_pin_or_someone_who_cannot_join_never_reaches_the_facilitator(database, people, room):
    wrong = "000000" if room.pin != "000000" else "111111"
    _, refused = _ask(room, people.kiki, wrong)
    assert refused.status == 409 and "PIN isn't right" in refused.words
    _, unconsented = _ask(room, people.unconsented)
    assert unconsented.status == 409
    assert room.asking() == [] and _phones(database) == 0


def test_asking_again_replaces_the_earlier_request(people, room):
    first, _ = _ask(room, people.kiki)
    second, _ = _ask(room, people.kiki)
    (asking,) = room.asking()
    assert asking.ticket == second.cookies["room_asking"] != first.cookies["room_asking"]
    assert "request to join has ended" in first.get("/asking").words, "the first phone must ask again"


def test_a_request_made_under_the_last_pin_is_gone_once_the_room_stops(database, commission_id, people):
    server = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0, pin_needs_facilitator=True)
    server.start()
    try:
        _ask(server, people.kiki)
        assert len(server.asking()) == 1
    finally:
        server.stop()
    assert server.asking() == []


def test_someone_marked_absent_while_waiting_is_not_let_in(database, people, room):
    """The facilitator says yes, but the register taken meanwhile leaves Kiki off: the phone is told why."""
    from cocommission.services.attendance import set_attendance
    from cocommission.services.workshops import add_workshop

    day = perform(database, add_workshop, commission_id=room.commission_id, title="Today", minutes=90).result.id
    room.set_workshop(day)
    phone, _ = _ask(room, people.kiki)
    perform(database, set_attendance, workshop_id=day, participant_id=people.blaze, present=True)
    (asking,) = room.asking()
    room.let_in(asking.ticket)
    _until(lambda: room.asking() == [])
    told = phone.get("/asking")
    assert told.status == 403 and "register" in told.words
    assert _phones(database) == 0


def test_a_room_served_without_the_window_joins_with_the_pin_at_once(database, people, server):
    """`cocommission serve` has nobody at a console to ask: the PIN joins straight away, as before."""
    phone = Phone(server.url)
    page = phone.get("/")
    joined = phone.post_form("/join", {"csrf": page.field("csrf"), "participant": people.kiki, "pin": server.pin})
    assert joined.status == 303 and joined.headers["Location"] == "/vote"
    assert _phones(database) == 1


def test_requests_run_out_after_a_while():
    now = [1000.0]
    doorway = Doorway(clock=lambda: now[0])
    ticket = doorway.ask("p1", "Kiki")
    assert ticket is not None and doorway.find(ticket) is not None
    now[0] += ASKING_SECONDS + 1
    assert doorway.find(ticket) is None and doorway.waiting() == []
