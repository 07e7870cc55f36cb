"""The printed tender says only what the records show: pay as paid and owed, the closing date, no template words."""

from __future__ import annotations

from datetime import timedelta

from cocommission.export.tender_pdf import tender_pdf
from cocommission.model import HonorariumBasis, Participant, PaymentMethod, Role, Workshop
from cocommission.model.base import today
from cocommission.model.money import BRIXTON_POUND
from cocommission.services import commissions, payments, tender
from cocommission.services.perform import perform, read


def _text(pages, database, commission_id: str) -> str:
    return " ".join(pages(read(database, lambda s: tender_pdf(s, commission_id=commission_id))))


def test_the_example_says_what_was_paid_and_what_is_still_owed(database, example, pages):
    """B£470 handed over and B£260 owed: the statement says both, and never "everyone was paid" B£730."""
    text = _text(pages, database, example)
    assert "B£470.00 has been paid and B£260.00 is still owed" in text
    assert "Paid for their time so far B£470.00" in text
    assert "Still owed for their time B£260.00" in text
    assert "B£730" not in text
    assert "Everyone was paid" not in text


def test_the_example_prints_its_closing_date_in_the_timetable(database, example, pages):
    """Section 9 opens with the closing date from the tender, written out as a bidder reads it."""
    text = _text(pages, database, example)
    assert "9. Timetable Bids must reach us by 27 March 2026." in text
    assert "Closing date: 27 March 2026" in text
    assert "closing date given with this tender" not in text


def _small_commission(session, *, description: str = "") -> tuple[str, str]:
    commission_id = commissions.create_commission(
        session,
        title="Estate fund",
        description=description,
        budget_minor=500_000,
        honorarium_rate_minor=1000,
        honorarium_currency=BRIXTON_POUND,
        honorarium_basis=HonorariumBasis.HOUR,
    ).id
    person = Participant(commission_id=commission_id, pseudonym="Fox", role=Role.YOUNG_PERSON)
    session.add(person)
    session.add(
        Workshop(commission_id=commission_id, number=1, title="Outcomes", held_on=today() - timedelta(days=3))
    )
    session.flush()
    tender.create_tender(session, commission_id=commission_id)
    return commission_id, person.id


def test_no_sentence_about_pay_when_no_payment_was_recorded(database, pages):
    """A rate is set but nothing has been recorded: the tender says nothing about pay at all."""
    commission_id, _ = perform(database, _small_commission).result
    text = _text(pages, database, commission_id)
    assert "paid" not in text.lower()
    assert "owed" not in text.lower()
    assert "B£" not in text


def test_pay_recorded_but_not_handed_over_is_said_to_be_owed(database, pages):
    """A payment recorded as due is owed, not paid."""
    commission_id, person_id = perform(database, _small_commission).result

    def pay(session):
        payments.record_payment(
            session,
            commission_id=commission_id,
            participant_id=person_id,
            amount_minor=2000,
            currency_code=BRIXTON_POUND.code,
            method=PaymentMethod.LOCAL_CURRENCY,
        )

    perform(database, pay)
    text = _text(pages, database, commission_id)
    assert "They are owed B£20.00 for their time at B£10.00 an hour in Brixton Pound; none of it has been" in text
    assert "Paid for their time so far B£0.00" in text


def test_template_instructions_are_never_printed(database, pages):
    """With no description, the background's instructions stay in the editor; the PDF says it is unwritten."""
    commission_id, _ = perform(database, _small_commission).result
    text = _text(pages, database, commission_id)
    assert "Explain why this service is being commissioned" not in text
    assert "1. Background This section has not been written yet." in text
    assert "The closing date has not been set yet." in text


def _run_off_waiting_for_a_lot(session) -> str:
    """Three agreed outcomes ranked by run-off: 3 for A alone, 2 B then C, 2 C then B; no lot drawn yet."""
    from cocommission.model import OutcomeStatus
    from cocommission.services import outcomes, voting

    commission_id, _ = _small_commission(session)
    ids = {}
    for label in "ABC":
        ids[label] = outcomes.add_outcome(session, commission_id=commission_id, text=f"Outcome {label}").id
        outcomes.set_outcome_status(session, outcome_id=ids[label], status=OutcomeStatus.AGREED)
    made = voting.create_round(
        session, commission_id=commission_id, title="Final order", method="ranking", count_method="irv"
    )
    option = {label: voting.add_option(session, round_id=made.id, outcome_id=ids[label]).id for label in "ABC"}
    voting.open_round(session, round_id=made.id)
    for number, ballot in enumerate(["A"] * 3 + ["BC"] * 2 + ["CB"] * 2):
        voter = Participant(commission_id=commission_id, pseudonym=f"Voter {number}", role=Role.YOUNG_PERSON)
        session.add(voter)
        session.flush()
        voting.cast_ballot(
            session, round_id=made.id, participant_id=voter.id, choices=[option[label] for label in ballot]
        )
    voting.close_round(session, round_id=made.id)
    voting.reveal_round(session, round_id=made.id)
    return commission_id


def test_a_run_off_waiting_for_its_lot_is_not_printed_as_settled(database, pages):
    """Until the facilitator draws the lot, the tender says the round's places wait for it, naming no winner."""
    commission_id = perform(database, _run_off_waiting_for_a_lot).result
    text = _text(pages, database, commission_id)
    assert "“Final order” waits for a lot to settle a tie for fewest votes" in text


def test_one_co_author_is_one_young_person_in_the_statement(database, pages):
    """A commission with one young person says so in the singular, as a reader would write it."""
    commission_id, _ = perform(database, _small_commission).result
    text = _text(pages, database, commission_id)
    assert "written together with 1 young person or service user, over 1 workshop" in text
    assert "1 young people" not in text
