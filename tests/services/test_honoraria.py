"""Honoraria: what each participant has earned for the workshops they came to."""

from __future__ import annotations

import pytest
from people_fixtures import commission_paid_by_the_hour, person, workshop

from cocommission.model import HonorariumBasis, PaymentMethod, Role
from cocommission.services import attendance, honoraria, participants, payments


@pytest.mark.parametrize(
    ("rate", "minutes", "expected"),
    [(1000, 120, 2000), (1000, 45, 750), (125, 90, 188), (125, 89, 185), (1, 30, 1), (1, 29, 0)],
)
def test_hourly_honorarium_rounds_half_up(rate, minutes, expected):
    """Per hour, the rate × minutes / 60 is rounded to the nearest minor unit, halves upwards."""
    earned = honoraria.earned_minor(basis=HonorariumBasis.HOUR, rate_minor=rate, sessions=1, minutes=minutes)
    assert earned == expected


def test_hourly_honoraria_round_the_total_once(session):
    """On the hourly basis, minutes from every workshop are added up and the total rounded once."""
    cid = commission_paid_by_the_hour(session, rate=100)
    first, second = workshop(session, cid), workshop(session, cid)
    pid = person(session, cid, "Blaze")
    attendance.set_attendance(session, workshop_id=first, participant_id=pid, present=True, minutes=5)
    attendance.set_attendance(session, workshop_id=second, participant_id=pid, present=True, minutes=5)
    (due,) = honoraria.honoraria_due(session, commission_id=cid)
    # 100 × 10 / 60 = 16.67 → 17; rounding each workshop's 8.33 → 8 would have paid only 16.
    assert (due.sessions, due.minutes, due.earned_minor, due.currency_code) == (2, 10, 17, "BXP")


def test_session_honoraria_ignore_minutes(session):
    """On the per-session basis, each workshop attended earns the rate, however long the person stayed."""
    cid = commission_paid_by_the_hour(session, rate=1500, basis=HonorariumBasis.SESSION)
    first, second = workshop(session, cid), workshop(session, cid)
    pid = person(session, cid, "Blaze")
    attendance.set_attendance(session, workshop_id=first, participant_id=pid, present=True, minutes=20)
    attendance.set_attendance(session, workshop_id=second, participant_id=pid, present=True)
    (due,) = honoraria.honoraria_due(session, commission_id=cid)
    assert (due.sessions, due.minutes, due.earned_minor) == (2, 140, 3000)


def test_outstanding_honoraria_count_only_the_honorarium_currency(session):
    """Payments in the honorarium currency are taken off what is owed; payments in pounds are not."""
    cid = commission_paid_by_the_hour(session, rate=1000)
    wid = workshop(session, cid, minutes=120)
    blaze, zo = person(session, cid, "Blaze"), person(session, cid, "Zo")
    for pid in (blaze, zo):
        attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    for pid, amount, code in ((blaze, 500, "BXP"), (blaze, 700, "GBP"), (zo, 2500, "BXP")):
        payments.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=amount,
            currency_code=code,
            method=PaymentMethod.LOCAL_CURRENCY,
        )
    due = {
        d.pseudonym: (d.earned_minor, d.recorded_minor, d.outstanding_minor, d.overpaid_minor)
        for d in honoraria.honoraria_due(session, commission_id=cid)
    }
    assert due == {"Blaze": (2000, 500, 1500, 0), "Zo": (2000, 2500, 0, 500)}


def test_staff_are_not_owed_honoraria(session):
    """Facilitators and commissioners are left out of the honoraria owed, even when ticked present."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    worker = person(session, cid, "Sam (youth worker)", role=Role.FACILITATOR)
    attendance.set_attendance(session, workshop_id=wid, participant_id=worker, present=True)
    person(session, cid, "Blaze")
    assert [d.pseudonym for d in honoraria.honoraria_due(session, commission_id=cid)] == ["Blaze"]


def test_withdrawn_participant_is_still_owed_for_sessions_attended(session):
    """Withdrawing does not cancel the honorarium for workshops already attended."""
    cid = commission_paid_by_the_hour(session, rate=1000)
    wid = workshop(session, cid, minutes=60)
    pid = person(session, cid, "Ace")
    attendance.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    participants.withdraw_participant(session, participant_id=pid)
    assert honoraria.honoraria_due(session, commission_id=cid)[0].outstanding_minor == 1000
