"""The printed honoraria receipts and payments summary: what each person and the commissioner find in it."""

from __future__ import annotations

from datetime import date

import pytest

from cocommission.export.receipts_pdf import receipts_pdf
from cocommission.model import PaymentMethod
from cocommission.model.money import BRIXTON_POUND, POUND_STERLING, format_money
from cocommission.services import attendance, commissions, workshops
from cocommission.services.demo import YOUNG_PEOPLE
from cocommission.services.errors import InvalidInput
from cocommission.services.participants import add_participant, list_participants
from cocommission.services.payments import list_payments, payment_totals, record_payment
from cocommission.services.perform import perform, read

NEWCOMER = "Zoë Łukasz-Ахмед"


def _receipts(database, commission_id: str) -> bytes:
    return read(database, lambda s: receipts_pdf(s, commission_id=commission_id))


@pytest.fixture
def newcomer(database, example) -> str:
    """A participant with a name in three scripts who came to the last workshop, paid £15 in cash but not yet handed over."""

    def add(session):
        row = add_participant(
            session, commission_id=example, pseudonym="Nova", full_name=NEWCOMER, consent_on=date(2026, 3, 1)
        )
        last = workshops.list_workshops(session, commission_id=example)[-1]
        attendance.set_attendance(session, workshop_id=last.id, participant_id=row.id, present=True, minutes=90)
        record_payment(
            session,
            commission_id=example,
            participant_id=row.id,
            amount_minor=1500,
            currency_code="GBP",
            method=PaymentMethod.CASH,
            workshop_id=last.id,
        )
        return row.id

    return perform(database, add).result


def _receipt_pages(texts: list[str]) -> list[str]:
    return [text for text in texts if "Honorarium receipt" in text]


def test_each_paid_participant_gets_a_receipt_page_with_their_name_and_payments(
    database, example, newcomer, pages
):
    """One receipt page per person paid, carrying their full name, receipt numbers, amounts, currency and method."""
    texts = pages(_receipts(database, example))
    payments = read(database, lambda s: list_payments(s, commission_id=example))
    participants = {
        p.id: p for p in read(database, lambda s: list_participants(s, commission_id=example))
    }
    receipts = _receipt_pages(texts)

    assert len(receipts) == len({payment.participant_id for payment in payments}) == 9
    for payment in payments:
        page = next(text for text in receipts if payment.receipt_number in text)
        assert participants[payment.participant_id].full_name in page
        currency = BRIXTON_POUND if payment.currency_code == "BXP" else POUND_STERLING
        assert format_money(payment.amount_minor, currency) in page
        assert currency.name in page
    blaze = next(text for text in receipts if "Marcus Okoro" in text)
    assert "B£62.50 Brixton Pound Local currency 7 March 2026" in blaze
    assert "4 workshops 9 hours 30 minutes" in blaze
    assert "Rate B£10.00 an hour" in blaze
    assert "Still to be recorded and paid: B£32.50." in blaze


def test_a_unicode_name_and_an_unpaid_payment_print_on_the_receipt(database, example, newcomer, pages):
    """A name in Latin, Polish and Cyrillic letters prints whole; a payment not handed over says so."""
    receipts = _receipt_pages(pages(_receipts(database, example)))
    page = next(text for text in receipts if NEWCOMER in text)

    assert f"Received by {NEWCOMER}" in page
    assert "Workshop 4: Interviews and the decision £15.00 Pound sterling Cash Not yet paid" in page
    assert "1 workshop 1 hour 30 minutes" in page
    assert "sign for it only when you receive it" in page


def test_every_receipt_has_signature_and_date_lines_for_both_people(database, example, pages):
    """Each receipt page has a name, signature and date line for the person paid and for the worker."""
    for page in _receipt_pages(pages(_receipts(database, example))):
        assert "Received by (the person paid)" in page
        assert "Paid by (the worker)" in page
        assert page.count("Signature") == 2
        assert page.count("Date") >= 2


def test_payments_summary_totals_by_currency_and_names_nobody(database, example, newcomer, pages):
    """The summary lists people by pseudonym with sessions, hours and amounts, totals per currency, paid vs owed."""
    texts = pages(_receipts(database, example))
    summary = " ".join(text for text in texts if "Honorarium receipt" not in text)
    totals = read(database, lambda s: payment_totals(s, commission_id=example))
    paid = {row.currency_code: row.paid_minor for row in totals.by_currency}

    assert "Payments summary" in summary
    assert "Blaze 4 9.5 B£62.50 — B£32.50" in summary
    # Her £15 is in sterling, so the Brixton Pounds her 90 minutes earned are still owed in full.
    assert "Nova 1 1.5 — £15.00 B£15.00" in summary
    assert paid == {"BXP": 47_000, "GBP": 0}
    assert "All participants 32 74.5 B£470.00 £15.00 B£275.00" in summary
    assert "Brixton Pound (B£, BXP) B£470.00 B£0.00 B£275.00 B£275.00" in summary
    assert "Pound sterling (£, GBP) £0.00 £15.00 £0.00 £15.00" in summary
    assert "Paid so far: B£470.00, £0.00. Still owed: B£275.00, £15.00." in summary
    for _, full_name, *_ in YOUNG_PEOPLE:
        assert full_name not in summary
    assert NEWCOMER not in summary
    for pseudonym, *_ in YOUNG_PEOPLE:
        assert pseudonym in summary


def test_receipts_refused_when_no_payment_is_recorded(database):
    """With no payments recorded there is nothing to give anyone: a clear refusal, not an empty PDF."""
    commission_id = perform(
        database, lambda s: commissions.create_commission(s, title="Nobody paid yet").id
    ).result

    with pytest.raises(InvalidInput, match="No honorarium payments have been recorded"):
        _receipts(database, commission_id)
