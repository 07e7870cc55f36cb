"""Payments: receipt numbers, refusals, paid and due, and the totals."""

from __future__ import annotations

from datetime import date

import pytest
from people_fixtures import commission_paid_by_the_hour, person, workshop

from cocommission.model import PaymentMethod
from cocommission.services import payments
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken


def test_receipt_numbers_are_sequential_per_commission(session):
    """Receipts run R-0001, R-0002, … in each commission, with no number used twice."""
    cid, other = commission_paid_by_the_hour(session), commission_paid_by_the_hour(session)
    pid, stranger = person(session, cid, "Blaze"), person(session, other, "Blaze")
    receipts = [
        payments.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=100 * n,
            currency_code="bxp",
            method="cash",
        ).receipt_number
        for n in (1, 2, 3)
    ]
    elsewhere = payments.record_payment(
        session,
        commission_id=other,
        participant_id=stranger,
        amount_minor=100,
        currency_code="GBP",
        method="voucher",
    )
    assert receipts == ["R-0001", "R-0002", "R-0003"]
    assert elsewhere.receipt_number == "R-0001"
    assert [p.receipt_number for p in payments.list_payments(session, commission_id=cid)] == receipts


def test_receipt_numbers_carry_on_after_the_highest(session):
    """A new receipt follows the highest number issued, so numbers are never reused."""
    cid = commission_paid_by_the_hour(session)
    pid = person(session, cid, "Blaze")
    for _ in range(10):
        payments.record_payment(
            session, commission_id=cid, participant_id=pid, amount_minor=1, currency_code="BXP", method="cash"
        )
    row = payments.record_payment(
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
    cid = commission_paid_by_the_hour(session)
    pid = person(session, cid, "Blaze")
    with pytest.raises(error, match=message):
        payments.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=amount,
            currency_code=code,
            method=method,
        )
    assert payments.list_payments(session, commission_id=cid) == ()


def test_payment_is_due_until_marked_paid(session):
    """A payment recorded without a date is due; marking it paid sets the date, and only once."""
    cid = commission_paid_by_the_hour(session)
    pid = person(session, cid, "Blaze")
    wid = workshop(session, cid)
    row = payments.record_payment(
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
    paid = payments.mark_payment_paid(session, payment_id=row.id, paid_on=date(2026, 2, 7))
    assert paid.paid and paid.paid_on == date(2026, 2, 7)
    with pytest.raises(RuleBroken, match="R-0001 was already marked paid on 2026-02-07"):
        payments.mark_payment_paid(session, payment_id=row.id, paid_on=date(2026, 2, 8))


def test_payment_totals_split_paid_and_due_per_currency(session):
    """Totals show, per participant and currency and per currency overall, what was paid and what is due."""
    cid = commission_paid_by_the_hour(session)
    blaze, zo = person(session, cid, "Blaze"), person(session, cid, "Zo")
    for pid, amount, code, paid_on in (
        (blaze, 2000, "BXP", date(2026, 2, 7)),
        (blaze, 1000, "BXP", None),
        (blaze, 500, "GBP", date(2026, 2, 7)),
        (zo, 1500, "BXP", None),
    ):
        payments.record_payment(
            session,
            commission_id=cid,
            participant_id=pid,
            amount_minor=amount,
            currency_code=code,
            method="cash",
            paid_on=paid_on,
        )
    totals = payments.payment_totals(session, commission_id=cid)
    assert [(t.pseudonym, t.currency_code, t.paid_minor, t.due_minor) for t in totals.by_participant] == [
        ("Blaze", "BXP", 2000, 1000),
        ("Blaze", "GBP", 500, 0),
        ("Zo", "BXP", 0, 1500),
    ]
    assert [(t.currency_code, t.paid_minor, t.due_minor) for t in totals.by_currency] == [
        ("BXP", 2000, 2500),
        ("GBP", 500, 0),
    ]
