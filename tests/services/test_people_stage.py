"""The People page's read model: participants with their counts, workshops, and what each person has earned."""

from __future__ import annotations

from datetime import date

from people_fixtures import commission_paid_by_the_hour, person, workshop

from cocommission.model import Role
from cocommission.services import attendance, participants
from cocommission.services.people_stage import read_people_stage


def test_the_people_stage_reads_participants_counts_workshops_and_earnings(session):
    """One read gives the list, the counts under it, the workshops and the honoraria earned so far."""
    cid = commission_paid_by_the_hour(session, rate=1000)
    wid = workshop(session, cid, minutes=90)
    blaze = person(session, cid, "Blaze")
    person(session, cid, "Kiki", under_18=True)  # no guardian consent yet: cannot take part
    gone = person(session, cid, "Zo")
    sam = person(session, cid, "Sam", role=Role.FACILITATOR)
    attendance.set_attendance(session, workshop_id=wid, participant_id=blaze, present=True)
    attendance.set_attendance(session, workshop_id=wid, participant_id=sam, present=True)
    participants.withdraw_participant(session, participant_id=gone, withdrawn_on=date(2026, 2, 1))

    stage = read_people_stage(session, commission_id=cid)

    assert [row.pseudonym for row in stage.participants] == ["Blaze", "Kiki", "Sam", "Zo"]
    assert (stage.counts.everyone, stage.counts.taking_part, stage.counts.withdrawn) == (4, 2, 1)
    assert [(row.id, row.minutes) for row in stage.workshops] == [(wid, 90)]
    # Facilitators are paid by their employers, so only the young people are owed anything.
    assert stage.earned[blaze] == 1500
    assert sam not in stage.earned
    assert stage.honorarium_currency.code == "BXP"
