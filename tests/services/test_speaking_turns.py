"""Speaking turns and passes, and the speaking balance that shows who has not been heard."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from people_fixtures import commission_paid_by_the_hour, person, workshop

from cocommission.model import Role
from cocommission.model.scoring import go_round_order
from cocommission.services import attendance, participants, speaking
from cocommission.services.audit import list_audit
from cocommission.services.errors import InvalidInput, RuleBroken


def test_speaking_balance_shows_who_has_not_been_heard(session):
    """In a workshop, those present who have not spoken are not heard and come first in the go-round."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    blaze, kiki, zo, tee = (person(session, cid, name) for name in ("Blaze", "Kiki", "Zo", "Tee"))
    for pid in (blaze, kiki, zo):
        attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    start = datetime(2026, 2, 21, 18, 0, tzinfo=UTC)
    for pid, seconds in ((blaze, 300), (kiki, 60), (blaze, 120)):
        speaking.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=seconds, workshop_id=wid, started_at=start
        )
    balance = speaking.speaking_balance_for(session, commission_id=cid, workshop_id=wid)
    assert [(s.participant_id, s.seconds, s.turns) for s in balance.shares] == [
        (blaze, 420, 2),
        (kiki, 60, 1),
        (zo, 0, 0),
    ]
    assert balance.not_heard == (zo,)
    assert tee not in {s.participant_id for s in balance.shares}
    assert go_round_order(balance) == (zo, kiki, blaze)


def test_speaking_balance_before_the_register_counts_everyone_taking_part(session):
    """Without a register, every young person still taking part counts, and withdrawn ones do not."""
    cid = commission_paid_by_the_hour(session)
    blaze, zo = person(session, cid, "Blaze"), person(session, cid, "Zo")
    participants.withdraw_participant(session, participant_id=person(session, cid, "Ace"))
    person(session, cid, "Sam", role=Role.FACILITATOR)
    speaking.record_speaking_turn(session, commission_id=cid, participant_id=blaze, seconds=90)
    balance = speaking.speaking_balance_for(session, commission_id=cid)
    assert [s.participant_id for s in balance.shares] == [blaze, zo]
    assert balance.not_heard == (zo,)


def test_speaking_turns_are_listed_in_order(session):
    """Turns are listed in the order they started, and a workshop's list holds only its own."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    pid = person(session, cid, "Blaze")
    later = speaking.record_speaking_turn(
        session,
        commission_id=cid,
        participant_id=pid,
        seconds=30,
        workshop_id=wid,
        started_at=datetime(2026, 2, 7, 19, 0, tzinfo=UTC),
    )
    earlier = speaking.record_speaking_turn(
        session,
        commission_id=cid,
        participant_id=pid,
        seconds=40,
        started_at=datetime(2026, 2, 7, 18, 0, tzinfo=UTC),
    )
    assert [t.id for t in speaking.list_speaking_turns(session, commission_id=cid)] == [earlier.id, later.id]
    in_workshop = speaking.list_speaking_turns(session, commission_id=cid, workshop_id=wid)
    assert [t.id for t in in_workshop] == [later.id]


def test_bad_speaking_turns_are_refused(session):
    """Turns of no time, longer than the workshop, without a time zone or by someone withdrawn are refused."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid, minutes=60)
    pid = person(session, cid, "Blaze")
    with pytest.raises(InvalidInput, match="from 1 to 3600"):
        speaking.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=0, workshop_id=wid
        )
    with pytest.raises(InvalidInput, match="from 1 to 3600"):
        speaking.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=3601, workshop_id=wid
        )
    with pytest.raises(InvalidInput, match="time zone"):
        speaking.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=30, started_at=datetime(2026, 2, 7, 18, 0)
        )
    participants.withdraw_participant(session, participant_id=pid)
    with pytest.raises(RuleBroken, match="withdrawn"):
        speaking.record_speaking_turn(session, commission_id=cid, participant_id=pid, seconds=30)
    assert speaking.list_speaking_turns(session, commission_id=cid) == ()


def test_a_pass_is_recorded_apart_from_turns_and_leaves_the_person_not_heard(session):
    """A pass lasts no time, counts as a pass (not a turn) and leaves the person among the not heard."""
    cid = commission_paid_by_the_hour(session)
    blaze, zo = person(session, cid, "Blaze"), person(session, cid, "Zo")
    speaking.record_speaking_turn(session, commission_id=cid, participant_id=blaze, seconds=30)
    passed = speaking.record_pass(session, commission_id=cid, participant_id=zo)
    assert passed.passed and passed.seconds == 0
    balance = speaking.speaking_balance_for(session, commission_id=cid)
    assert [(s.participant_id, s.seconds, s.turns, s.passes) for s in balance.shares] == [
        (blaze, 30, 1, 0),
        (zo, 0, 0, 1),
    ]
    assert balance.not_heard == (zo,)
    assert list_audit(session, commission_id=cid)[-1].action == "speaking_turn.passed"


def test_facilitators_and_commissioners_count_in_the_balance_only_when_included(session):
    """Staff who spoke are left out of the balance unless it is asked to include them."""
    cid = commission_paid_by_the_hour(session)
    blaze = person(session, cid, "Blaze")
    sam = person(session, cid, "Sam", role=Role.FACILITATOR)
    speaking.record_speaking_turn(session, commission_id=cid, participant_id=sam, seconds=600)
    alone = speaking.speaking_balance_for(session, commission_id=cid)
    assert [s.participant_id for s in alone.shares] == [blaze]
    assert not any(s.seconds for s in alone.shares)
    included = speaking.speaking_balance_for(session, commission_id=cid, include_running=True)
    assert [(s.participant_id, s.seconds) for s in included.shares] == [(blaze, 0), (sam, 600)]
