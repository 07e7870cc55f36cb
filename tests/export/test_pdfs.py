"""The printed tender and decision record: what a reader of the PDF actually finds in it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cocommission.export.decision_pdf import decision_pdf
from cocommission.export.tender_pdf import scoring_scale_rows, tender_pdf
from cocommission.services import commissions, tender
from cocommission.services.demo import BIDS, CRITERIA, YOUNG_PEOPLE
from cocommission.services.errors import InvalidInput
from cocommission.services.outcomes import agreed_outcomes
from cocommission.services.perform import perform, read


def _text(pdf: bytes) -> str:
    """All the PDF's text with runs of whitespace (line breaks in wrapped cells) made single spaces."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_tender_lists_every_agreed_outcome_criterion_weight_and_the_budget(database, example):
    """The tender PDF carries every agreed outcome, every criterion with its weight, and the budget."""
    pdf = read(database, lambda s: tender_pdf(s, commission_id=example))
    outcomes = read(database, lambda s: agreed_outcomes(s, commission_id=example))
    text = _text(pdf)

    assert len(outcomes) == 5
    for outcome in outcomes:
        assert outcome.text in text
    for name, description, weight in CRITERIA:
        assert f"{name} {description} {weight}%" in text  # one row of the criteria table
    assert "£20,000.00" in text
    assert "16 dots, 1st" in text  # how the top outcome was prioritised in the dot vote
    assert "Agreed by the group" in text


def test_tender_explains_the_0_to_5_scale_in_plain_words(database, example):
    """The tender's scoring scale reads like the usual public-sector one: 0 unacceptable up to 5 excellent."""
    text = _text(read(database, lambda s: tender_pdf(s, commission_id=example)))

    assert "Score Rating What it means" in text
    assert "0 Unacceptable No answer, or the answer does not address this criterion at all." in text
    assert "3 Satisfactory Meets the criterion, with enough evidence and only minor concerns." in text
    assert "5 Excellent Meets the criterion fully, with strong evidence" in text
    assert "each panellist giving a whole number from 0 to 5" in text


@pytest.mark.parametrize("scale_max", range(1, 11))
def test_every_scale_runs_from_0_to_its_top_score_with_a_meaning_for_each(scale_max):
    """Whatever the top score (1 to 10), the scale starts at 0, ends at the top score, and every row says what it means."""
    rows = scoring_scale_rows(scale_max)

    assert rows[0][0] == "0"
    assert rows[-1][0] == str(scale_max)
    assert all(len(row) == 3 and all(cell.strip() for cell in row) for row in rows)
    assert len(rows) == (6 if scale_max == 5 else min(scale_max + 1, 3))


def test_tender_names_no_participant(database, example):
    """The co-production statement gives counts only: no participant's name or pseudonym is printed."""
    text = _text(read(database, lambda s: tender_pdf(s, commission_id=example)))

    for pseudonym, full_name, *_ in YOUNG_PEOPLE:
        assert full_name not in text
        if len(pseudonym) > 3:  # short ones ("Zo", "Ace") are parts of ordinary words
            assert pseudonym not in text
    for name in ("Zoë", "Łukasz", "Ахмед"):
        assert name not in text
    assert "Young people and service users who took part 8" in text
    assert "Workshops held while it was written 3" in text


def test_tender_prints_unicode_from_an_edited_section(database, example):
    """Text typed into a section in other scripts survives into the PDF, and a reopened tender says DRAFT."""

    def edit(session):
        row = tender.get_tender(session, commission_id=example)
        tender.reopen_tender(session, tender_id=row.id, reason="Add the group's thanks")
        background = next(section for section in row.sections if section.key == "background")
        tender.edit_section(
            session, section_id=background.id, body="Thanks from Zoë, Łukasz and Ахмед to everyone who came."
        )

    perform(database, edit)
    text = _text(read(database, lambda s: tender_pdf(s, commission_id=example)))

    assert "Thanks from Zoë, Łukasz and Ахмед to everyone who came." in text
    assert "DRAFT" in text


def test_tender_has_metadata_running_header_and_page_numbers(database, example):
    """The tender PDF has title and author metadata, the commission in its header and "Page N of M" footers."""
    reader = PdfReader(io.BytesIO(read(database, lambda s: tender_pdf(s, commission_id=example))))
    pages = len(reader.pages)

    assert reader.metadata.title == "Tender — Youth Justice Talent Fund"
    assert reader.metadata.author == "Riverside Borough Council, Youth Justice Service"
    assert pages >= 3
    assert f"Page 1 of {pages}" in reader.pages[0].extract_text()
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    assert "Youth Justice Talent Fund" in reader.pages[1].extract_text()
    assert "Contents" in reader.pages[1].extract_text()


def test_decision_record_sets_the_decision_beside_the_recommendation(database, example):
    """The decision PDF shows the funded bid, the professional's recommendation, reasons, dissent and the counts."""
    text = _text(read(database, lambda s: decision_pdf(s, commission_id=example)))
    funded_title, recommended_title = BIDS[0][2], BIDS[1][2]

    assert funded_title in text
    assert "£19,500.00" in text
    assert "Mentoring for Change (Pathways Mentoring CIC)" in text
    assert recommended_title in text
    assert "The group chose differently from the professional's recommendation" in text
    assert "Mentoring has the strongest evidence" in text
    assert "Two panel members preferred Mentoring for Change" in text
    assert "show of hands (6 for, 2 against)" in text
    assert f"1st {funded_title} Southside Youth Collective £19,500.00 78.6 / 100 Funded" in text
    assert "Round 1: Which outcomes matter most?" in text
    assert "Round 2: Rank the five agreed outcomes" in text
    assert "Counted 40 dots from 8 ballots and 9 dots from 1 paper tally" in text
    assert "The strongest chain from each option to each other option" in text


def test_decision_record_refused_before_a_decision(database):
    """Asking for a decision record before the group has decided gives a clear refusal, not an empty PDF."""
    commission_id = perform(
        database, lambda s: commissions.create_commission(s, title="Not decided yet").id
    ).result

    with pytest.raises(InvalidInput, match="no decision"):
        read(database, lambda s: decision_pdf(s, commission_id=commission_id))
