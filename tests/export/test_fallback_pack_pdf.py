"""The paper fallback pack: a poster, a tally sheet and instructions for a workshop with no laptop."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cocommission.export.fallback_pack_pdf import fallback_pack_pdf
from cocommission.model import OutcomeStatus
from cocommission.services import commissions, outcomes, voting
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform, read

ROUND_OPTIONS = ("A music studio on the estate", "Cooking & eating together", "Trips out of London")


def _pack(database, commission_id: str) -> bytes:
    return read(database, lambda s: fallback_pack_pdf(s, commission_id=commission_id))


def _statements(database, commission_id: str) -> list[str]:
    return [
        row.text
        for row in read(database, lambda s: outcomes.list_outcomes(s, commission_id=commission_id))
        if row.status in (OutcomeStatus.PROPOSED, OutcomeStatus.AGREED)
    ]


def test_without_a_dots_round_the_poster_and_tally_sheet_carry_every_current_outcome(
    database, example, pages
):
    """With no dots round being prepared, every outcome statement still in play is numbered on poster and tally sheet."""
    pdf = _pack(database, example)
    texts = pages(pdf)
    statements = _statements(database, example)
    poster = [text for text in texts[1:] if "Dots for" in text]
    tally = next(text for text in texts if "Tally sheet" in text)

    assert len(statements) == 11
    assert len(poster) == 6  # two outcomes on each poster page
    for number, statement in enumerate(statements, start=1):
        assert any(f"{number} {statement}" in page and f"Dots for {number}" in page for page in poster)
        assert f"{number} {statement}" in tally
    assert "Young people have a voice" not in " ".join(texts)  # merged away, so not voted on
    reader = PdfReader(io.BytesIO(pdf))
    for page in reader.pages[1:]:
        assert page.mediabox.width > page.mediabox.height  # landscape, so it prints up to A3 unchanged


def test_a_draft_dots_round_supplies_the_options_and_the_dot_budget(database, example, pages):
    """The latest dots round being prepared gives the poster its options, title and each person's dots."""

    def prepare(session):
        voting.create_round(
            session,
            commission_id=example,
            title="Workshop 5: what matters now?",
            method="dots",
            dots_per_person=4,
            max_dots_per_option=2,
            options=list(ROUND_OPTIONS),
        )

    perform(database, prepare)
    texts = pages(_pack(database, example))
    whole = " ".join(texts)

    assert "Dots for each person 4 dots each, at most 2 on one outcome" in texts[0]
    assert "With 8 people voting that is 32 dots in all" in texts[0]
    assert "is still being prepared: open it first" in texts[0]
    assert (
        "Workshop 5: what matters now? Put your 4 dots beside the outcomes that matter most to you."
        in texts[1]
    )
    assert "Up to 2 on one outcome." in texts[1]
    for number, option in enumerate(ROUND_OPTIONS, start=1):
        assert f"{number} {option}" in whole
    tally = next(text for text in texts if "Tally sheet" in text)
    for number, option in enumerate(ROUND_OPTIONS, start=1):
        assert f"{number} {option}" in tally
    assert "Young people feel safe on the estate" not in whole  # only the round's options are voted on


def test_the_facilitators_instructions_fit_one_page_and_point_to_the_paper_dots_panel(
    database, example, pages
):
    """Page 1 holds the whole instruction, ending with how to type the count into the Paper dots panel."""
    texts = pages(_pack(database, example))

    assert texts[0].startswith("Paper fallback pack")
    assert "Paper dots" in texts[0]
    assert "Add paper dots" in texts[0]
    assert "Keep the signed tally sheet with the commission's papers." in texts[0]
    assert "Decide before you start" in texts[0]  # no round yet, so the budget is written in by hand
    assert "Dots for 1" in texts[1]  # the poster starts on page 2


def test_the_tally_sheet_has_gates_totals_and_lines_for_who_counted_and_checked(database, example, pages):
    """The tally sheet has five-bar gate boxes, a total column, and lines for counted by, checked by and the source."""
    tally = next(text for text in pages(_pack(database, example)) if "Tally sheet" in text)

    assert "Tally: one five-bar gate (5 dots) in each box" in tally
    assert "Total" in tally
    assert "All dots counted" in tally
    assert "Counted by" in tally and "Checked by" in tally
    assert "Where the dots came from" in tally


def test_pack_refused_when_there_are_no_outcomes(database):
    """A commission with no outcome statements and no dots round gets a clear refusal, not an empty poster."""
    commission_id = perform(
        database, lambda s: commissions.create_commission(s, title="Just started").id
    ).result

    with pytest.raises(InvalidInput, match="no outcome statements"):
        _pack(database, commission_id)
