"""The subject access record as a PDF a young person can read: answers and votes in words, dates
written out as in every other document, and nothing linking them to a ballot in an anonymous round."""

from __future__ import annotations

import re

import pytest
from tests.export.printed import every_pdf

from cocommission.export.subject_access_pdf import plan_subject_access
from cocommission.model.base import today
from cocommission.services import participants, voting
from cocommission.services.perform import perform, read
from cocommission.services.privacy import subject_access

#: A date as a computer writes it (2026-02-07), or with its month cut short (7 Feb 2026).
_MACHINE_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_SHORT_MONTH = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")


def _person(database, commission_id: str, pseudonym: str):
    rows = read(database, lambda s: participants.list_participants(s, commission_id=commission_id))
    return next(row for row in rows if row.pseudonym == pseudonym)


def _record_pdf_text(database, participant_id: str, pages) -> str:
    record = read(database, lambda s: subject_access(s, participant_id=participant_id))
    return " ".join(pages(plan_subject_access(record).render()))


def test_votes_read_as_sentences_naming_the_options_and_anonymous_rounds_only_say_you_voted(
    database, example, pages
):
    """A named ballot reads as a sentence with the options' labels; in an anonymous round the record
    says only that the person voted."""
    kiki = _person(database, example, "Kiki")

    def rounds(session):
        for method, choices, anonymous in (
            ("approval", lambda row: [row.options[0].id, row.options[2].id], False),
            ("ranking", lambda row: [row.options[2].id, row.options[0].id, row.options[1].id], False),
            ("dots", lambda row: {row.options[1].id: 3, row.options[2].id: 2}, False),
            ("score", lambda row: {row.options[0].id: 4, row.options[1].id: 1, row.options[2].id: 5}, False),
            ("ranking", lambda row: [row.options[1].id, row.options[0].id, row.options[2].id], True),
        ):
            title = f"Snacks by {method}{' in secret' if anonymous else ''}"
            made = voting.create_round(
                session, commission_id=example, title=title, method=method,
                options=["Crisps", "Fruit", "Toast"], anonymous=anonymous,
            )
            voting.open_round(session, round_id=made.id)
            voting.cast_ballot(session, round_id=made.id, participant_id=kiki.id, choices=choices(made))

    perform(database, rounds)
    text = _record_pdf_text(database, kiki.id, pages)

    assert "You approved Crisps and Toast." in text
    assert "You ranked Toast 1st, Crisps 2nd and Fruit 3rd." in text
    assert "You put 3 dots on Fruit and 2 dots on Toast." in text
    assert "You scored Crisps 4, Fruit 1 and Toast 5, on a scale from 0 to 5." in text
    secret = text.split("Snacks by ranking in secret", 1)[1].split("Snacks by", 1)[0]
    assert "You voted." in secret
    assert not any(label in secret for label in ("Crisps", "Fruit", "Toast"))
    assert not re.search(r"(Crisps|Fruit|Toast): \d", text)


def test_feedback_answers_read_in_the_words_on_the_sheet(database, example, pages):
    """Each answer is under its question in the words the person ticked or wrote, never as a number."""
    texts = {
        person.pseudonym: _record_pdf_text(database, person.id, pages)
        for person in read(database, lambda s: participants.list_participants(s, commission_id=example))
    }
    answered = [text for text in texts.values() if "I felt listened to today" in text]

    assert answered
    for text in answered:
        assert re.search(r"I felt listened to today (Not at all|Not really|In between|Mostly|Very much)", text)
        assert re.search(r"like this again\? (Yes|No)\b", text)
        assert not re.search(r"\?: ?\d", text) and not re.search(r"today: ?\d", text)
    assert any("What should we change next time? More food!" in text for text in answered)


def test_dates_are_written_out_as_in_every_other_document(database, example, pages):
    """Consent, workshop and payment dates read "7 February 2026", never 2026-02-07."""
    kiki = _person(database, example, "Kiki")
    text = _record_pdf_text(database, kiki.id, pages)

    assert not _MACHINE_DATE.search(text), _MACHINE_DATE.search(text)
    assert f"produced on {today().day} {today():%B %Y}" in text
    consent = read(database, lambda s: participants.get_participant(s, participant_id=kiki.id)).consent_on
    assert f"Consent given on {consent.day} {consent:%B %Y}" in text


@pytest.fixture
def all_documents(database, example):
    return every_pdf(database, example)


def test_every_printed_document_writes_its_dates_the_same_way(all_documents, pages):
    """No printed document writes a date as 2026-02-07 or cuts its month short."""
    for kind, pdf in all_documents.items():
        for number, page in enumerate(pages(pdf), start=1):
            for pattern in (_MACHINE_DATE, _SHORT_MONTH):
                found = pattern.search(page)
                assert found is None, f"{kind}, page {number}: {found.group(0)!r}"


def test_the_printed_record_says_when_the_person_joined_by_phone(database, example, pages):
    """Join cards and phones are in the printed record too, by date only (no code, no secret)."""
    from cocommission.services.room_joining import issue_join_cards, join_with_card

    kiki = _person(database, example, "Kiki")
    (card,) = perform(database, issue_join_cards, commission_id=example, participant_ids=[kiki.id]).result
    perform(database, join_with_card, commission_id=example, token_or_code=card.code)

    text = _record_pdf_text(database, kiki.id, pages)

    assert "Join cards printed for voting by phone" in text and "Phones you voted from" in text
    assert "Still joined" in text
    assert card.code not in text and card.token not in text
