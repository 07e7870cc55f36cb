"""Participants and consent, workshops and agendas, attendance, honoraria, payments and speaking turns."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from cocommission.model import AuditEntry, HonorariumBasis, Participant, PaymentMethod, Role, utcnow
from cocommission.model.money import BRIXTON_POUND
from cocommission.model.scoring import go_round_order
from cocommission.services import commissions, people
from cocommission.services.audit import list_audit
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken

CONSENT = date(2026, 1, 28)


def _commission(session, *, rate: int = 1000, basis: HonorariumBasis = HonorariumBasis.HOUR) -> str:
    return commissions.create_commission(
        session,
        title="Youth justice fund",
        honorarium_rate_minor=rate,
        honorarium_currency=BRIXTON_POUND,
        honorarium_basis=basis,
    ).id


def _person(session, commission_id: str, pseudonym: str, **fields) -> str:
    fields.setdefault("consent_on", CONSENT)
    return people.add_participant(session, commission_id=commission_id, pseudonym=pseudonym, **fields).id


def _workshop(session, commission_id: str, minutes: int = 120) -> str:
    return people.add_workshop(session, commission_id=commission_id, title="Workshop", minutes=minutes).id


# --------------------------------------------------------------------------- participants


def test_adult_with_consent_can_take_part(session):
    """An adult whose consent is recorded is added with every detail and may take part."""
    cid = _commission(session)
    row = people.add_participant(
        session,
        commission_id=cid,
        pseudonym="  Blaze ",
        full_name="Marcus Okoro",
        consent_on=CONSENT,
        language="Polish",
        access_needs="Step-free access",
    )
    assert (row.pseudonym, row.full_name, row.role, row.language) == (
        "Blaze",
        "Marcus Okoro",
        Role.YOUNG_PERSON,
        "Polish",
    )
    assert row.consent_complete and row.can_take_part
    assert not row.erased and row.withdrawn_on is None


def test_under_18_cannot_take_part_until_guardian_consents(session):
    """An under-18 may be added without a guardian's consent but cannot take part until it is recorded."""
    cid = _commission(session)
    row = people.add_participant(
        session, commission_id=cid, pseudonym="Kiki", under_18=True, consent_on=CONSENT
    )
    assert not row.consent_complete and not row.can_take_part
    updated = people.update_participant(session, participant_id=row.id, guardian_consent_on=date(2026, 1, 30))
    assert updated.consent_complete and updated.can_take_part


def test_participant_without_any_consent_cannot_take_part(session):
    """Someone with no consent date recorded cannot take part."""
    cid = _commission(session)
    row = people.add_participant(session, commission_id=cid, pseudonym="Zo")
    assert not row.consent_complete and not row.can_take_part


def test_duplicate_pseudonym_is_refused_whatever_the_case(session):
    """A pseudonym already used in the commission is refused, even written in another case."""
    cid = _commission(session)
    _person(session, cid, "Blaze")
    with pytest.raises(RuleBroken, match="'blaze' is already taken"):
        people.add_participant(session, commission_id=cid, pseudonym="blaze")
    assert [p.pseudonym for p in people.list_participants(session, commission_id=cid)] == ["Blaze"]


def test_same_pseudonym_is_allowed_in_another_commission(session):
    """Pseudonyms need only be unique within one commission."""
    first, second = _commission(session), _commission(session)
    _person(session, first, "Blaze")
    assert people.add_participant(session, commission_id=second, pseudonym="Blaze").pseudonym == "Blaze"


def test_renaming_to_a_taken_pseudonym_is_refused(session):
    """Changing a pseudonym to one someone else has is refused; changing its case alone is fine."""
    cid = _commission(session)
    _person(session, cid, "Blaze")
    kiki = _person(session, cid, "Kiki")
    with pytest.raises(RuleBroken, match="already taken"):
        people.update_participant(session, participant_id=kiki, pseudonym="BLAZE")
    assert people.update_participant(session, participant_id=kiki, pseudonym="KIKI").pseudonym == "KIKI"


def test_blank_pseudonym_and_unknown_role_are_refused(session):
    """A participant needs a pseudonym and a known role."""
    cid = _commission(session)
    with pytest.raises(InvalidInput, match="pseudonym"):
        people.add_participant(session, commission_id=cid, pseudonym="   ")
    with pytest.raises(InvalidInput, match="not a role"):
        people.add_participant(session, commission_id=cid, pseudonym="Ace", role="boss")


def test_update_leaves_unnamed_details_and_clears_with_empty_text(session):
    """None leaves a detail unchanged; an empty full name removes it."""
    cid = _commission(session)
    pid = _person(session, cid, "Luka", full_name="Łukasz Nowak", contact="07700 900123", language="Polish")
    row = people.update_participant(session, participant_id=pid, full_name="", role=Role.SERVICE_USER)
    assert row.full_name is None
    assert (row.contact, row.language, row.role) == ("07700 900123", "Polish", Role.SERVICE_USER)


def test_withdrawn_participants_can_be_left_out_of_the_list(session):
    """A withdrawn participant stays on the full list but not on the list of those taking part."""
    cid = _commission(session)
    _person(session, cid, "Ngozi")
    ace = _person(session, cid, "Ace")
    row = people.withdraw_participant(session, participant_id=ace, withdrawn_on=date(2026, 2, 14))
    assert row.withdrawn_on == date(2026, 2, 14) and not row.can_take_part
    everyone = people.list_participants(session, commission_id=cid)
    taking_part = people.list_participants(session, commission_id=cid, include_withdrawn=False)
    assert [p.pseudonym for p in everyone] == ["Ace", "Ngozi"]
    assert [p.pseudonym for p in taking_part] == ["Ngozi"]
    with pytest.raises(RuleBroken, match="already withdrew on 2026-02-14"):
        people.withdraw_participant(session, participant_id=ace)


def test_audit_log_never_names_participants(session):
    """Adding and changing a participant is audited by id, without their pseudonym or name."""
    cid = _commission(session)
    pid = _person(session, cid, "Blaze", full_name="Marcus Okoro")
    people.update_participant(session, participant_id=pid, full_name="Marcus O.")
    entries = session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid)).all()
    text = " ".join(e.summary + e.details_json for e in entries)
    assert pid in text
    assert "Blaze" not in text and "Marcus" not in text
    assert [line.action for line in list_audit(session, commission_id=cid)][-2:] == [
        "participant.added",
        "participant.updated",
    ]


def test_importing_a_list_adds_everyone_and_audits_only_counts(session):
    """A list is added in one go; the audit entry gives how many by role, and no pseudonym or name."""
    cid = _commission(session)
    added = people.import_participants(
        session,
        commission_id=cid,
        rows=[
            people.NewParticipant("Blaze", full_name="Marcus Okoro", under_18=True, consent_on=CONSENT, line=2),
            people.NewParticipant("Kit", role="facilitator", language="Welsh", line=3),
        ],
    )
    assert [(p.pseudonym, p.role, p.under_18, p.language) for p in added] == [
        ("Blaze", Role.YOUNG_PERSON, True, "English"),
        ("Kit", Role.FACILITATOR, False, "Welsh"),
    ]
    assert {p.pseudonym for p in people.list_participants(session, commission_id=cid)} == {"Blaze", "Kit"}
    entry = session.scalars(select(AuditEntry).where(AuditEntry.commission_id == cid)).all()[-1]
    assert entry.action == "participants.imported"
    assert "Blaze" not in entry.summary + entry.details_json and "Marcus" not in entry.details_json
    assert '"count": 2' in entry.details_json and '"facilitator": 1' in entry.details_json


def test_importing_refuses_the_whole_list_naming_every_problem_by_line(session):
    """Clashing pseudonyms (with the commission or within the list) and bad details refuse everyone at once."""
    cid = _commission(session)
    _person(session, cid, "Blaze")
    with pytest.raises(InvalidInput) as refused:
        people.import_participants(
            session,
            commission_id=cid,
            rows=[
                people.NewParticipant("Nova", line=2),
                people.NewParticipant("blaze", line=3),
                people.NewParticipant("NOVA", line=4),
                people.NewParticipant(" ", role="boss", line=5),
                people.NewParticipant("Rook", language="x" * 41, line=6),
            ],
        )
    message = refused.value.message
    assert message.startswith("No one was added: there are 5 problems")
    assert "Line 3: the pseudonym 'blaze' is already taken" in message
    assert "Line 4: the pseudonym 'NOVA' is also on line 2" in message
    assert "Line 5: Give the participant a pseudonym" in message and "'boss' is not a role" in message
    assert "Line 6: The language is too long" in message
    assert len(message.splitlines()) == 1
    assert [p.pseudonym for p in people.list_participants(session, commission_id=cid)] == ["Blaze"]


def test_a_long_list_of_problems_is_cut_short_with_a_count(session):
    """Only the first ten problems are spelt out; the rest are counted."""
    cid = _commission(session)
    with pytest.raises(InvalidInput) as refused:
        people.import_participants(
            session, commission_id=cid, rows=[people.NewParticipant("", line=n) for n in range(2, 27)]
        )
    message = refused.value.message
    assert "Line 11:" in message and "Line 12:" not in message
    assert message.endswith("And 15 more.")


def test_importing_an_empty_list_or_into_no_commission_is_refused(session):
    """An empty list, or a commission that does not exist, is refused with a clear message."""
    cid = _commission(session)
    with pytest.raises(InvalidInput, match="no one in the list"):
        people.import_participants(session, commission_id=cid, rows=[])
    with pytest.raises(NotFound):
        people.import_participants(session, commission_id="nope", rows=[people.NewParticipant("Ash")])


# --------------------------------------------------------------------------- workshops and agendas


def test_workshops_are_numbered_in_turn(session):
    """Each new workshop takes the next number and is listed in number order."""
    cid = _commission(session)
    people.add_workshop(
        session, commission_id=cid, title="Getting to know each other", held_on=date(2026, 2, 7)
    )
    second = people.add_workshop(session, commission_id=cid, title="Agreeing the outcomes", minutes=90)
    assert second.number == 2 and second.minutes == 90
    assert [(w.number, w.title) for w in people.list_workshops(session, commission_id=cid)] == [
        (1, "Getting to know each other"),
        (2, "Agreeing the outcomes"),
    ]


def test_workshop_length_must_be_whole_minutes(session):
    """A workshop of no minutes, or of a fraction of minutes, is refused."""
    cid = _commission(session)
    with pytest.raises(InvalidInput, match="whole number of minutes"):
        people.add_workshop(session, commission_id=cid, title="Workshop", minutes=0)
    with pytest.raises(InvalidInput, match="whole number of minutes"):
        people.add_workshop(session, commission_id=cid, title="Workshop", minutes=90.5)


def test_agenda_items_move_and_close_up(session):
    """Agenda items are added at the end, can be moved and removed, and stay numbered 1..n."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    items = [
        people.add_agenda_item(session, workshop_id=wid, title=title, minutes=minutes).id
        for title, minutes in (("Welcome", 20), ("Ideas", 60), ("Dot vote", 30), ("Pay", 10))
    ]
    moved = people.move_agenda_item(session, item_id=items[3], to_position=1)
    assert [(i.position, i.title) for i in moved.agenda] == [
        (1, "Pay"),
        (2, "Welcome"),
        (3, "Ideas"),
        (4, "Dot vote"),
    ]
    left = people.remove_agenda_item(session, item_id=items[1])
    assert [(i.position, i.title) for i in left.agenda] == [(1, "Pay"), (2, "Welcome"), (3, "Dot vote")]
    assert left.agenda_minutes == 60
    with pytest.raises(InvalidInput, match="from 1 to 3"):
        people.move_agenda_item(session, item_id=items[0], to_position=4)


def test_agenda_item_can_be_changed(session):
    """An agenda item's title and length can be changed; a blank title is refused."""
    cid = _commission(session)
    item = people.add_agenda_item(session, workshop_id=_workshop(session, cid), title="Recap")
    row = people.update_agenda_item(session, item_id=item.id, title="Recap of last time", minutes=15)
    assert (row.title, row.minutes) == ("Recap of last time", 15)
    with pytest.raises(InvalidInput, match="title"):
        people.update_agenda_item(session, item_id=item.id, title=" ")


# --------------------------------------------------------------------------- attendance


def test_ticking_attendance_defaults_to_the_whole_workshop(session):
    """A participant ticked present stayed the whole workshop unless other minutes are given."""
    cid = _commission(session)
    wid = _workshop(session, cid, minutes=120)
    blaze, kiki, _ = (_person(session, cid, name) for name in ("Blaze", "Kiki", "Zo"))
    people.set_attendance(session, workshop_id=wid, participant_id=blaze, present=True)
    people.set_attendance(session, workshop_id=wid, participant_id=kiki, present=True, minutes=60)
    register = {r.pseudonym: (r.present, r.minutes) for r in people.list_attendance(session, workshop_id=wid)}
    assert register == {"Blaze": (True, 120), "Kiki": (True, 60), "Zo": (False, None)}


def test_unticking_removes_attendance(session):
    """Unticking a participant takes them off the register again."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    pid = _person(session, cid, "Blaze")
    people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    row = people.set_attendance(session, workshop_id=wid, participant_id=pid, present=False)
    assert (row.present, row.minutes) == (False, None)
    assert people.honoraria_due(session, commission_id=cid)[0].sessions == 0


def test_attendance_longer_than_the_workshop_is_refused(session):
    """Minutes beyond the workshop's length are refused with a way to fix it."""
    cid = _commission(session)
    wid = _workshop(session, cid, minutes=90)
    pid = _person(session, cid, "Blaze")
    with pytest.raises(InvalidInput, match="from 1 to the workshop's 90"):
        people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True, minutes=91)


def test_attendance_of_withdrawn_participant_is_refused(session):
    """A withdrawn participant cannot be ticked present."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    pid = _person(session, cid, "Ace")
    people.withdraw_participant(session, participant_id=pid)
    with pytest.raises(RuleBroken, match="withdrawn"):
        people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    assert people.list_attendance(session, workshop_id=wid) == ()


def test_attendance_of_erased_participant_is_refused(session):
    """A participant whose details were erased cannot be ticked present."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    pid = _person(session, cid, "Ace")
    session.get(Participant, pid).erased_at = utcnow()
    with pytest.raises(RuleBroken, match="erased"):
        people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)


def test_attendance_without_guardian_consent_is_refused(session):
    """An under-18 without a guardian's consent cannot be ticked present."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    pid = _person(session, cid, "Kiki", under_18=True)
    with pytest.raises(RuleBroken, match="guardian's consent"):
        people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)


def test_participant_from_another_commission_cannot_attend(session):
    """A participant of one commission cannot be ticked on another commission's workshop."""
    wid = _workshop(session, _commission(session))
    stranger = _person(session, _commission(session), "Blaze")
    with pytest.raises(NotFound, match="no participant"):
        people.set_attendance(session, workshop_id=wid, participant_id=stranger, present=True)


def test_withdrawn_participant_stays_on_registers_they_attended(session):
    """Someone who came, then withdrew, still shows on that workshop's register but not on later ones."""
    cid = _commission(session)
    first, later = _workshop(session, cid), _workshop(session, cid)
    pid = _person(session, cid, "Ace")
    people.set_attendance(session, workshop_id=first, participant_id=pid, present=True)
    people.withdraw_participant(session, participant_id=pid)
    (line,) = people.list_attendance(session, workshop_id=first)
    assert line.present and line.withdrawn
    assert people.list_attendance(session, workshop_id=later) == ()


def test_changing_workshop_length_updates_whole_workshop_attendance(session):
    """When a workshop is shortened, those who stayed throughout follow it and nobody stays longer."""
    cid = _commission(session)
    wid = _workshop(session, cid, minutes=120)
    whole, part, short = (_person(session, cid, name) for name in ("Blaze", "Kiki", "Zo"))
    people.set_attendance(session, workshop_id=wid, participant_id=whole, present=True)
    people.set_attendance(session, workshop_id=wid, participant_id=part, present=True, minutes=100)
    people.set_attendance(session, workshop_id=wid, participant_id=short, present=True, minutes=30)
    people.update_workshop(session, workshop_id=wid, minutes=90)
    register = {row.pseudonym: row.minutes for row in people.list_attendance(session, workshop_id=wid)}
    assert register == {"Blaze": 90, "Kiki": 90, "Zo": 30}


# --------------------------------------------------------------------------- honoraria


@pytest.mark.parametrize(
    ("rate", "minutes", "expected"),
    [(1000, 120, 2000), (1000, 45, 750), (125, 90, 188), (125, 89, 185), (1, 30, 1), (1, 29, 0)],
)
def test_hourly_honorarium_rounds_half_up(rate, minutes, expected):
    """Per hour, the rate × minutes / 60 is rounded to the nearest minor unit, halves upwards."""
    earned = people.earned_minor(basis=HonorariumBasis.HOUR, rate_minor=rate, sessions=1, minutes=minutes)
    assert earned == expected


def test_hourly_honoraria_round_the_total_once(session):
    """On the hourly basis, minutes from every workshop are added up and the total rounded once."""
    cid = _commission(session, rate=100)
    first, second = _workshop(session, cid), _workshop(session, cid)
    pid = _person(session, cid, "Blaze")
    people.set_attendance(session, workshop_id=first, participant_id=pid, present=True, minutes=5)
    people.set_attendance(session, workshop_id=second, participant_id=pid, present=True, minutes=5)
    (due,) = people.honoraria_due(session, commission_id=cid)
    # 100 × 10 / 60 = 16.67 → 17; rounding each workshop's 8.33 → 8 would have paid only 16.
    assert (due.sessions, due.minutes, due.earned_minor, due.currency_code) == (2, 10, 17, "BXP")


def test_session_honoraria_ignore_minutes(session):
    """On the per-session basis, each workshop attended earns the rate, however long the person stayed."""
    cid = _commission(session, rate=1500, basis=HonorariumBasis.SESSION)
    first, second = _workshop(session, cid), _workshop(session, cid)
    pid = _person(session, cid, "Blaze")
    people.set_attendance(session, workshop_id=first, participant_id=pid, present=True, minutes=20)
    people.set_attendance(session, workshop_id=second, participant_id=pid, present=True)
    (due,) = people.honoraria_due(session, commission_id=cid)
    assert (due.sessions, due.minutes, due.earned_minor) == (2, 140, 3000)


def test_outstanding_honoraria_count_only_the_honorarium_currency(session):
    """Payments in the honorarium currency are taken off what is owed; payments in pounds are not."""
    cid = _commission(session, rate=1000)
    wid = _workshop(session, cid, minutes=120)
    blaze, zo = _person(session, cid, "Blaze"), _person(session, cid, "Zo")
    for pid in (blaze, zo):
        people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    for pid, amount, code in ((blaze, 500, "BXP"), (blaze, 700, "GBP"), (zo, 2500, "BXP")):
        people.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=amount,
            currency_code=code,
            method=PaymentMethod.LOCAL_CURRENCY,
        )
    due = {
        d.pseudonym: (d.earned_minor, d.recorded_minor, d.outstanding_minor, d.overpaid_minor)
        for d in people.honoraria_due(session, commission_id=cid)
    }
    assert due == {"Blaze": (2000, 500, 1500, 0), "Zo": (2000, 2500, 0, 500)}


def test_staff_are_not_owed_honoraria(session):
    """Facilitators and commissioners are left out of the honoraria owed, even when ticked present."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    worker = _person(session, cid, "Sam (youth worker)", role=Role.FACILITATOR)
    people.set_attendance(session, workshop_id=wid, participant_id=worker, present=True)
    _person(session, cid, "Blaze")
    assert [d.pseudonym for d in people.honoraria_due(session, commission_id=cid)] == ["Blaze"]


def test_withdrawn_participant_is_still_owed_for_sessions_attended(session):
    """Withdrawing does not cancel the honorarium for workshops already attended."""
    cid = _commission(session, rate=1000)
    wid = _workshop(session, cid, minutes=60)
    pid = _person(session, cid, "Ace")
    people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    people.withdraw_participant(session, participant_id=pid)
    assert people.honoraria_due(session, commission_id=cid)[0].outstanding_minor == 1000


# --------------------------------------------------------------------------- payments


def test_receipt_numbers_are_sequential_per_commission(session):
    """Receipts run R-0001, R-0002, … in each commission, with no number used twice."""
    cid, other = _commission(session), _commission(session)
    pid, stranger = _person(session, cid, "Blaze"), _person(session, other, "Blaze")
    receipts = [
        people.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=100 * n,
            currency_code="bxp",
            method="cash",
        ).receipt_number
        for n in (1, 2, 3)
    ]
    elsewhere = people.record_payment(
        session,
        commission_id=other,
        participant_id=stranger,
        amount_minor=100,
        currency_code="GBP",
        method="voucher",
    )
    assert receipts == ["R-0001", "R-0002", "R-0003"]
    assert elsewhere.receipt_number == "R-0001"
    assert [p.receipt_number for p in people.list_payments(session, commission_id=cid)] == receipts


def test_receipt_numbers_carry_on_after_the_highest(session):
    """A new receipt follows the highest number issued, so numbers are never reused."""
    cid = _commission(session)
    pid = _person(session, cid, "Blaze")
    for _ in range(10):
        people.record_payment(
            session, commission_id=cid, participant_id=pid, amount_minor=1, currency_code="BXP", method="cash"
        )
    row = people.record_payment(
        session, commission_id=cid, participant_id=pid, amount_minor=1, currency_code="BXP", method="cash"
    )
    assert row.receipt_number == "R-0011"


@pytest.mark.parametrize(
    ("amount", "code", "method", "error", "message"),
    [
        (0, "BXP", "cash", InvalidInput, "more than 0"),
        (-500, "BXP", "cash", InvalidInput, "more than 0"),
        (12.5, "BXP", "cash", InvalidInput, "whole number"),
        (500, "EUR", "cash", NotFound, "no currency 'EUR'"),
        (500, "BXP", "cheque", InvalidInput, "not a way of paying"),
    ],
)
def test_bad_payment_is_refused(session, amount, code, method, error, message):
    """A payment of nothing, in a currency the commission lacks or by an unknown method is refused."""
    cid = _commission(session)
    pid = _person(session, cid, "Blaze")
    with pytest.raises(error, match=message):
        people.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=amount,
            currency_code=code,
            method=method,
        )
    assert people.list_payments(session, commission_id=cid) == ()


def test_payment_is_due_until_marked_paid(session):
    """A payment recorded without a date is due; marking it paid sets the date, and only once."""
    cid = _commission(session)
    pid = _person(session, cid, "Blaze")
    wid = _workshop(session, cid)
    row = people.record_payment(
        session,
        commission_id=cid,
        participant_id=pid,
        amount_minor=2000,
        currency_code="BXP",
        method=PaymentMethod.LOCAL_CURRENCY,
        workshop_id=wid,
        note="Workshop 1",
    )
    assert not row.paid and row.workshop_id == wid and row.pseudonym == "Blaze"
    paid = people.mark_payment_paid(session, payment_id=row.id, paid_on=date(2026, 2, 7))
    assert paid.paid and paid.paid_on == date(2026, 2, 7)
    with pytest.raises(RuleBroken, match="R-0001 was already marked paid on 2026-02-07"):
        people.mark_payment_paid(session, payment_id=row.id, paid_on=date(2026, 2, 8))


def test_payment_totals_split_paid_and_due_per_currency(session):
    """Totals show, per participant and currency and per currency overall, what was paid and what is due."""
    cid = _commission(session)
    blaze, zo = _person(session, cid, "Blaze"), _person(session, cid, "Zo")
    for pid, amount, code, paid_on in (
        (blaze, 2000, "BXP", date(2026, 2, 7)),
        (blaze, 1000, "BXP", None),
        (blaze, 500, "GBP", date(2026, 2, 7)),
        (zo, 1500, "BXP", None),
    ):
        people.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=amount,
            currency_code=code,
            method="cash",
            paid_on=paid_on,
        )
    totals = people.payment_totals(session, commission_id=cid)
    assert [(t.pseudonym, t.currency_code, t.paid_minor, t.due_minor) for t in totals.by_participant] == [
        ("Blaze", "BXP", 2000, 1000),
        ("Blaze", "GBP", 500, 0),
        ("Zo", "BXP", 0, 1500),
    ]
    assert [(t.currency_code, t.paid_minor, t.due_minor) for t in totals.by_currency] == [
        ("BXP", 2000, 2500),
        ("GBP", 500, 0),
    ]


# --------------------------------------------------------------------------- speaking turns


def test_speaking_balance_shows_who_has_not_been_heard(session):
    """In a workshop, those present who have not spoken are not heard and come first in the go-round."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    blaze, kiki, zo, tee = (_person(session, cid, name) for name in ("Blaze", "Kiki", "Zo", "Tee"))
    for pid in (blaze, kiki, zo):
        people.set_attendance(session, workshop_id=wid, participant_id=pid, present=True)
    start = datetime(2026, 2, 21, 18, 0, tzinfo=UTC)
    for pid, seconds in ((blaze, 300), (kiki, 60), (blaze, 120)):
        people.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=seconds, workshop_id=wid, started_at=start
        )
    balance = people.speaking_balance_for(session, commission_id=cid, workshop_id=wid)
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
    cid = _commission(session)
    blaze, zo = _person(session, cid, "Blaze"), _person(session, cid, "Zo")
    people.withdraw_participant(session, participant_id=_person(session, cid, "Ace"))
    _person(session, cid, "Sam", role=Role.FACILITATOR)
    people.record_speaking_turn(session, commission_id=cid, participant_id=blaze, seconds=90)
    balance = people.speaking_balance_for(session, commission_id=cid)
    assert [s.participant_id for s in balance.shares] == [blaze, zo]
    assert balance.not_heard == (zo,)


def test_speaking_turns_are_listed_in_order(session):
    """Turns are listed in the order they started, and a workshop's list holds only its own."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    pid = _person(session, cid, "Blaze")
    later = people.record_speaking_turn(
        session,
        commission_id=cid,
        participant_id=pid,
        seconds=30,
        workshop_id=wid,
        started_at=datetime(2026, 2, 7, 19, 0, tzinfo=UTC),
    )
    earlier = people.record_speaking_turn(
        session,
        commission_id=cid,
        participant_id=pid,
        seconds=40,
        started_at=datetime(2026, 2, 7, 18, 0, tzinfo=UTC),
    )
    assert [t.id for t in people.list_speaking_turns(session, commission_id=cid)] == [earlier.id, later.id]
    in_workshop = people.list_speaking_turns(session, commission_id=cid, workshop_id=wid)
    assert [t.id for t in in_workshop] == [later.id]


def test_bad_speaking_turns_are_refused(session):
    """Turns of no time, longer than the workshop, without a time zone or by someone withdrawn are refused."""
    cid = _commission(session)
    wid = _workshop(session, cid, minutes=60)
    pid = _person(session, cid, "Blaze")
    with pytest.raises(InvalidInput, match="from 1 to 3600"):
        people.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=0, workshop_id=wid
        )
    with pytest.raises(InvalidInput, match="from 1 to 3600"):
        people.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=3601, workshop_id=wid
        )
    with pytest.raises(InvalidInput, match="time zone"):
        people.record_speaking_turn(
            session, commission_id=cid, participant_id=pid, seconds=30, started_at=datetime(2026, 2, 7, 18, 0)
        )
    people.withdraw_participant(session, participant_id=pid)
    with pytest.raises(RuleBroken, match="withdrawn"):
        people.record_speaking_turn(session, commission_id=cid, participant_id=pid, seconds=30)
    assert people.list_speaking_turns(session, commission_id=cid) == ()


def test_a_pass_is_recorded_apart_from_turns_and_leaves_the_person_not_heard(session):
    """A pass lasts no time, counts as a pass (not a turn) and leaves the person among the not heard."""
    cid = _commission(session)
    blaze, zo = _person(session, cid, "Blaze"), _person(session, cid, "Zo")
    people.record_speaking_turn(session, commission_id=cid, participant_id=blaze, seconds=30)
    passed = people.record_pass(session, commission_id=cid, participant_id=zo)
    assert passed.passed and passed.seconds == 0
    balance = people.speaking_balance_for(session, commission_id=cid)
    assert [(s.participant_id, s.seconds, s.turns, s.passes) for s in balance.shares] == [
        (blaze, 30, 1, 0),
        (zo, 0, 0, 1),
    ]
    assert balance.not_heard == (zo,)
    assert list_audit(session, commission_id=cid)[-1].action == "speaking_turn.passed"


def test_facilitators_and_commissioners_count_in_the_balance_only_when_included(session):
    """Staff who spoke are left out of the balance unless it is asked to include them."""
    cid = _commission(session)
    blaze = _person(session, cid, "Blaze")
    sam = _person(session, cid, "Sam", role=Role.FACILITATOR)
    people.record_speaking_turn(session, commission_id=cid, participant_id=sam, seconds=600)
    alone = people.speaking_balance_for(session, commission_id=cid)
    assert [s.participant_id for s in alone.shares] == [blaze]
    assert not any(s.seconds for s in alone.shares)
    included = people.speaking_balance_for(session, commission_id=cid, include_running=True)
    assert [(s.participant_id, s.seconds) for s in included.shares] == [(blaze, 0), (sam, 600)]


def test_attendance_for_many_is_refused_whole_naming_everyone_who_cannot_be_ticked(session):
    """If anyone chosen lacks consent, the refusal names each of them and nobody is ticked."""
    cid = _commission(session)
    wid = _workshop(session, cid)
    blaze = _person(session, cid, "Blaze")
    nia = people.add_participant(session, commission_id=cid, pseudonym="Nia").id
    with pytest.raises(RuleBroken, match="Record Nia's consent before recording their attendance"):
        people.set_attendance_for(session, workshop_id=wid, minutes_by_participant={blaze: 120, nia: 120})
    assert not any(row.present for row in people.list_attendance(session, workshop_id=wid))
    rows = people.set_attendance_for(session, workshop_id=wid, minutes_by_participant={blaze: 60})
    assert [(row.pseudonym, row.minutes) for row in rows] == [("Blaze", 60)]


def test_consent_for_many_keeps_earlier_consent_and_adds_guardians_for_under_18s(session):
    """Consent is recorded for those without it; an under-18's guardian consent only when given."""
    cid = _commission(session)
    had = _person(session, cid, "Blaze")
    kid = people.add_participant(session, commission_id=cid, pseudonym="Kid", under_18=True).id
    adult = people.add_participant(session, commission_id=cid, pseudonym="Ade").id
    before = people.get_participant(session, participant_id=had).consent_on
    rows = people.record_consent(
        session, participant_ids=[had, kid, adult], consent_on=date(2026, 3, 1), guardian_consent_on=date(2026, 3, 1)
    )
    by_name = {row.pseudonym: row for row in rows}
    assert by_name["Blaze"].consent_on == before
    assert by_name["Kid"].consent_complete and by_name["Kid"].guardian_consent_on == date(2026, 3, 1)
    assert by_name["Ade"].consent_on == date(2026, 3, 1) and by_name["Ade"].guardian_consent_on is None
    with pytest.raises(InvalidInput, match="Choose the people"):
        people.record_consent(session, participant_ids=[], consent_on=date(2026, 3, 1))
