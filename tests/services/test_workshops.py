"""Workshops: numbering, length, and attendance following a changed length."""

from __future__ import annotations

from datetime import date

import pytest
from people_fixtures import commission_paid_by_the_hour, person, workshop

from cocommission.services import agenda, attendance, workshops
from cocommission.services.errors import InvalidInput


def test_workshops_are_numbered_in_turn(session):
    """Each new workshop takes the next number and is listed in number order."""
    cid = commission_paid_by_the_hour(session)
    workshops.add_workshop(
        session, commission_id=cid, title="Getting to know each other", held_on=date(2026, 2, 7)
    )
    second = workshops.add_workshop(session, commission_id=cid, title="Agreeing the outcomes", minutes=90)
    assert second.number == 2 and second.minutes == 90
    assert [(w.number, w.title) for w in workshops.list_workshops(session, commission_id=cid)] == [
        (1, "Getting to know each other"),
        (2, "Agreeing the outcomes"),
    ]


def test_workshop_length_must_be_whole_minutes(session):
    """A workshop of no minutes, or of a fraction of minutes, is refused."""
    cid = commission_paid_by_the_hour(session)
    with pytest.raises(InvalidInput, match="whole number of minutes"):
        workshops.add_workshop(session, commission_id=cid, title="Workshop", minutes=0)
    with pytest.raises(InvalidInput, match="whole number of minutes"):
        workshops.add_workshop(session, commission_id=cid, title="Workshop", minutes=90.5)


def test_changing_workshop_length_updates_whole_workshop_attendance(session):
    """When a workshop is shortened, those who stayed throughout follow it and nobody stays longer."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid, minutes=120)
    whole, part, short = (person(session, cid, name) for name in ("Blaze", "Kiki", "Zo"))
    attendance.set_attendance(session, workshop_id=wid, participant_id=whole, present=True)
    attendance.set_attendance(session, workshop_id=wid, participant_id=part, present=True, minutes=100)
    attendance.set_attendance(session, workshop_id=wid, participant_id=short, present=True, minutes=30)
    workshops.update_workshop(session, workshop_id=wid, minutes=90)
    register = {row.pseudonym: row.minutes for row in attendance.list_attendance(session, workshop_id=wid)}
    assert register == {"Blaze": 90, "Kiki": 90, "Zo": 30}


def test_listing_workshops_reads_every_agenda_at_once_in_each_workshops_order(session):
    """The People page lists the workshops as the app opens: one reading for all their agendas, not one each."""
    from sqlalchemy import event

    cid = commission_paid_by_the_hour(session, rate=1000)
    first, second, empty = (workshop(session, cid) for _ in range(3))
    for workshop_id, titles in ((second, ("Welcome", "Games")), (first, ("Check in", "Vote", "Close"))):
        for title in titles:
            agenda.add_agenda_item(session, workshop_id=workshop_id, title=title, minutes=10)
    last = workshops.get_workshop(session, workshop_id=first).agenda[2]
    agenda.move_agenda_item(session, item_id=last.id, to_position=1)
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    try:
        listed = workshops.list_workshops(session, commission_id=cid)
    finally:
        event.remove(engine, "before_cursor_execute", note)
    assert [row.id for row in listed] == [first, second, empty]
    assert [[item.title for item in row.agenda] for row in listed] == [["Close", "Check in", "Vote"], ["Welcome", "Games"], []]
    assert [row.agenda_minutes for row in listed] == [30, 20, 0]
    assert sum("FROM agenda_item" in statement for statement in statements) == 1
