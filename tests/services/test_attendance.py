"""Attendance: ticking the register, and who may not be ticked."""

from __future__ import annotations

import pytest
from people_fixtures import commission_paid_by_the_hour, person, workshop

from cocommission.model import Participant, utcnow
from cocommission.services import attendance, honoraria, participants
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken


def test_ticking_attendance_defaults_to_the_whole_workshop(session):
    """A participant ticked present stayed the whole workshop unless other minutes are given."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid, minutes=120)
    blaze, kiki, _ = (person(session, cid, name) for name in ("Blaze", "Kiki", "Zo"))
    attendance.set_attendance(session, workshop_id=wid, participant_id=blaze, present=True)
    attendance.set_attendance(session, workshop_id=wid, participant_id=kiki, present=True, minutes=60)
    register = {r.pseudonym: (r.present, r.minutes) for r in attendance.list_attendance(session, workshop_id=wid)}
    assert register == {"Blaze": (True, 120), "Kiki": (True, 60), "Zo": (False, None)}


def test_unticking_removes_attendance(session):
    """Unticking a participant takes them off the register again."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    pid = person(session, cid, "Blaze")
    attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    row = attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=False)
    assert (row.present, row.minutes) == (False, None)
    assert honoraria.honoraria_due(session, commission_id=cid)[0].sessions == 0


def test_attendance_longer_than_the_workshop_is_refused(session):
    """Minutes beyond the workshop's length are refused with a way to fix it."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid, minutes=90)
    pid = person(session, cid, "Blaze")
    with pytest.raises(InvalidInput, match="from 1 to the workshop's 90"):
        attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True, minutes=91)


def test_attendance_of_withdrawn_participant_is_refused(session):
    """A withdrawn participant cannot be ticked present."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    pid = person(session, cid, "Ace")
    participants.withdraw_participant(session, participant_id=pid)
    with pytest.raises(RuleBroken, match="withdrawn"):
        attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    assert attendance.list_attendance(session, workshop_id=wid) == ()


def test_attendance_of_erased_participant_is_refused(session):
    """A participant whose details were erased cannot be ticked present."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    pid = person(session, cid, "Ace")
    session.get(Participant, pid).erased_at = utcnow()
    with pytest.raises(RuleBroken, match="erased"):
        attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)


def test_attendance_without_guardian_consent_is_refused(session):
    """An under-18 without a guardian's consent cannot be ticked present."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    pid = person(session, cid, "Kiki", under_18=True)
    with pytest.raises(RuleBroken, match="guardian's consent"):
        attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)


def test_participant_from_another_commission_cannot_attend(session):
    """A participant of one commission cannot be ticked on another commission's workshop."""
    wid = workshop(session, commission_paid_by_the_hour(session))
    stranger = person(session, commission_paid_by_the_hour(session), "Blaze")
    with pytest.raises(NotFound, match="no participant"):
        attendance.set_attendance(session, workshop_id=wid, participant_id=stranger, present=True)


def test_withdrawn_participant_stays_on_registers_they_attended(session):
    """Someone who came, then withdrew, still shows on that workshop's register but not on later ones."""
    cid = commission_paid_by_the_hour(session)
    first, later = workshop(session, cid), workshop(session, cid)
    pid = person(session, cid, "Ace")
    attendance.set_attendance(session, workshop_id=first, participant_id=pid, present=True)
    participants.withdraw_participant(session, participant_id=pid)
    (line,) = attendance.list_attendance(session, workshop_id=first)
    assert line.present and line.withdrawn
    assert attendance.list_attendance(session, workshop_id=later) == ()


def test_attendance_for_many_is_refused_whole_naming_everyone_who_cannot_be_ticked(session):
    """If anyone chosen lacks consent, the refusal names each of them and nobody is ticked."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    blaze = person(session, cid, "Blaze")
    nia = participants.add_participant(session, commission_id=cid, pseudonym="Nia").id
    with pytest.raises(RuleBroken, match="Record Nia's consent before recording their attendance"):
        attendance.set_attendance_for(session, workshop_id=wid, minutes_by_participant={blaze: 120, nia: 120})
    assert not any(row.present for row in attendance.list_attendance(session, workshop_id=wid))
    rows = attendance.set_attendance_for(session, workshop_id=wid, minutes_by_participant={blaze: 60})
    assert [(row.pseudonym, row.minutes) for row in rows] == [("Blaze", 60)]


def test_the_register_says_how_many_of_those_listed_came(session):
    """The register read for the page carries its rows and the count of those present."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    blaze, kiki, _ = (person(session, cid, name) for name in ("Blaze", "Kiki", "Zo"))
    attendance.set_attendance(session, workshop_id=wid, participant_id=blaze, present=True)
    attendance.set_attendance(session, workshop_id=wid, participant_id=kiki, present=True, minutes=30)
    register = attendance.read_register(session, workshop_id=wid)
    assert register.rows == attendance.list_attendance(session, workshop_id=wid)
    assert (register.present, register.listed) == (2, 3)
