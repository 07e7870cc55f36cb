"""What the wall reads of the bids and of the tender, from the services without Qt."""

from __future__ import annotations

from dataclasses import replace

import pytest

from cocommission.services import bids, commissions, tender
from cocommission.services.bid_views import read_bid_totals
from cocommission.services.demo import CLOSING_DATE, find_or_create_example
from cocommission.services.errors import NotFound
from cocommission.services.evaluation import evaluate
from cocommission.services.tender_views import find_section


@pytest.fixture
def example(session) -> str:
    """The worked example commission's id."""
    return find_or_create_example(session)


def test_the_bid_totals_are_the_evaluation_of_the_shortlisted_bids_only(session, example):
    """The wall gets the evaluation and the shortlisted bids, never a bid off the shortlist."""
    evaluation, shortlisted = read_bid_totals(session, commission_id=example)
    assert evaluation == evaluate(session, commission_id=example)
    assert shortlisted == bids.list_bids(session, commission_id=example, shortlisted_only=True)
    assert shortlisted and all(bid.shortlisted for bid in shortlisted)
    assert {result.bid_id for result in evaluation.result.bids} == {bid.id for bid in shortlisted}


def test_the_timetable_section_opens_with_the_closing_date(session, example):
    """As on the printed tender, the wall's timetable starts by saying when bids must arrive."""
    written = tender.get_tender(session, commission_id=example)
    timetable = next(section for section in written.sections if section.key == "timetable")
    other = next(section for section in written.sections if section.key != "timetable")

    commission_id, title, shown = find_section(session, section_id=timetable.id)
    assert (commission_id, title) == (example, written.title)
    opening = tender.closing_sentence(CLOSING_DATE)
    assert shown == replace(timetable, body=f"{opening}\n{timetable.body}".strip())
    assert find_section(session, section_id=other.id, commission_hint=example)[2] == other


def test_a_section_is_found_in_any_commission_and_a_gone_one_is_refused(session, example):
    """The hint is only where to look first; a section nobody has any more says so in words."""
    other_commission = commissions.create_commission(session, title="Another fund").id
    tender.create_tender(session, commission_id=other_commission)
    theirs = tender.get_tender(session, commission_id=other_commission).sections[0]
    assert find_section(session, section_id=theirs.id, commission_hint=example)[0] == other_commission
    with pytest.raises(NotFound, match="no longer exists"):
        find_section(session, section_id="no-such-section", commission_hint=example)
