"""The decision page's reading and its funding total, from the services without Qt."""

from __future__ import annotations

import pytest

from cocommission.model import Bid, Bidder
from cocommission.services import bids, commissions, decision
from cocommission.services.decision import funding_total, read_decision_stage
from cocommission.services.demo import find_or_create_example
from cocommission.services.errors import RuleBroken
from cocommission.services.evaluation import evaluate


@pytest.fixture
def example(session) -> str:
    """The worked example commission's id."""
    return find_or_create_example(session)


def _bid(session, commission_id: str, title: str) -> str:
    bidder = Bidder(commission_id=commission_id, name=f"{title} group")
    session.add(bidder)
    session.flush()
    bid = Bid(commission_id=commission_id, bidder_id=bidder.id, title=title, shortlisted=True)
    session.add(bid)
    session.flush()
    return bid.id


def test_funding_total_adds_up_the_amounts_and_says_how_far_over_the_budget():
    """The total is held against the budget: nothing over while it fits, the excess once it does not."""
    assert funding_total([], 2_000_000) == decision.FundingTotal(0, 2_000_000, 0)
    assert funding_total([1_500_000, 500_000], 2_000_000) == decision.FundingTotal(2_000_000, 2_000_000, 0)
    assert funding_total((n for n in [1_500_000, 600_000]), 2_000_000) == decision.FundingTotal(
        2_100_000, 2_000_000, 100_000
    )


@pytest.mark.parametrize("second", [499_999, 500_000, 500_001])
def test_recording_refuses_exactly_what_the_funding_total_calls_over_budget(session, second):
    """The page's running total and the decision's refusal use the one rule, at the budget's edge too."""
    commission_id = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000).id
    first, other = _bid(session, commission_id, "Talent show"), _bid(session, commission_id, "Mentoring")
    over = funding_total([1_500_000, second], 2_000_000).over_minor
    arguments = {
        "commission_id": commission_id,
        "funded": [(first, 1_500_000), (other, second)],
        "professional_recommendation_id": None,
        "professional_reasons": "",
        "group_reasons": "Both are needed",
    }
    if over:
        with pytest.raises(RuleBroken, match="more than the budget"):
            decision.record_decision(session, **arguments)
    else:
        recorded = decision.record_decision(session, **arguments)
        assert sum(row.amount_minor for row in recorded.funded) == 1_500_000 + second


def test_the_decision_stage_reads_the_bids_the_decision_and_both_evaluations(session, example):
    """The example's stage: its bids, the recorded decision, moderated and individual totals."""
    stage = read_decision_stage(session, commission_id=example)
    assert stage.commission.id == example
    assert stage.bids == bids.list_bids(session, commission_id=example)
    assert stage.decision == decision.get_decision(session, commission_id=example)
    assert stage.decision is not None and stage.decision.funded
    assert stage.has_criteria
    assert stage.evaluation == evaluate(session, commission_id=example)
    assert stage.individual == evaluate(session, commission_id=example, use_moderated=False)
    assert stage.commission.budget_currency.code in stage.currencies


def test_without_criteria_or_a_shortlist_the_stage_has_no_evaluation(session):
    """Evaluating refuses without criteria; the stage says there is none rather than failing."""
    commission_id = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000).id
    _bid(session, commission_id, "Talent show")
    stage = read_decision_stage(session, commission_id=commission_id)
    assert not stage.has_criteria
    assert stage.evaluation is None and stage.individual is None
    assert stage.decision is None
    assert [bid.title for bid in stage.bids] == ["Talent show"]
