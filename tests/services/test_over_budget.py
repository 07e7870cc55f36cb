"""The one rule for "over budget": the decision refuses funding above it, the bids page warns with it."""

from __future__ import annotations

import pytest

from cocommission.services import bids, commissions
from cocommission.services.decision import over_budget_by, record_decision
from cocommission.services.errors import RuleBroken


def test_an_amount_is_over_budget_by_what_it_asks_beyond_the_budget():
    """£25,000 against £20,000 is £5,000 over; exactly the budget, or less, is not over."""
    assert over_budget_by(2_500_000, 2_000_000) == 500_000
    assert over_budget_by(2_000_001, 2_000_000) == 1
    assert over_budget_by(2_000_000, 2_000_000) == 0
    assert over_budget_by(1_500_000, 2_000_000) == 0


def test_the_decision_refuses_funding_by_the_same_rule(session):
    """Funding the whole budget is accepted; one penny more is refused, as over_budget_by says."""
    commission = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000)
    bid = bids.add_bid_with_bidder(
        session, commission_id=commission.id, bidder_name="Hub", title="Youth Hub", amount_minor=2_500_000
    )
    bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
    record_decision(
        session,
        commission_id=commission.id,
        funded=[(bid.id, 2_000_000)],
        professional_recommendation_id=None,
        professional_reasons="",
        group_reasons="It is the one the group wants.",
    )
    assert over_budget_by(2_000_001, 2_000_000)
    with pytest.raises(RuleBroken, match="more than the budget"):
        record_decision(
            session,
            commission_id=commission.id,
            funded=[(bid.id, 2_000_001)],
            professional_recommendation_id=None,
            professional_reasons="",
            group_reasons="It is the one the group wants.",
        )
