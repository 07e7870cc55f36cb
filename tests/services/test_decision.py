"""Recording the group's decision beside the professional's recommendation."""

from __future__ import annotations

from datetime import date

import pytest

from cocommission.model import Bid, Bidder
from cocommission.services import commissions, decision
from cocommission.services.errors import NotFound, RuleBroken


def _commission(session) -> str:
    return commissions.create_commission(session, title="Youth justice fund", budget_minor=2_000_000).id


def _bid(session, commission_id: str, title: str, *, shortlisted: bool = True) -> str:
    bidder = Bidder(commission_id=commission_id, name=f"{title} group")
    session.add(bidder)
    session.flush()
    bid = Bid(commission_id=commission_id, bidder_id=bidder.id, title=title, shortlisted=shortlisted)
    session.add(bid)
    session.flush()
    return bid.id


def test_decision_over_budget_is_refused(session):
    """Funding more than the budget is refused, naming both amounts, and nothing is recorded."""
    commission_id = _commission(session)
    talent_show = _bid(session, commission_id, "Talent show")
    mentoring = _bid(session, commission_id, "Mentoring")
    with pytest.raises(RuleBroken) as refused:
        decision.record_decision(
            session,
            commission_id=commission_id,
            funded=[(talent_show, 1_500_000), (mentoring, 600_000)],
            professional_recommendation_id=mentoring,
            professional_reasons="",
            group_reasons="Both are needed",
        )
    assert "£21,000.00" in refused.value.message and "£20,000.00" in refused.value.message
    assert decision.get_decision(session, commission_id=commission_id) is None


def test_decision_differing_from_the_recommendation_is_flagged(session):
    """Funding a bid other than the recommended one is flagged; funding the recommended one is not."""
    commission_id = _commission(session)
    talent_show = _bid(session, commission_id, "Talent show")
    mentoring = _bid(session, commission_id, "Mentoring")
    recorded = decision.record_decision(
        session,
        commission_id=commission_id,
        funded=[(talent_show, 2_000_000)],
        professional_recommendation_id=mentoring,
        professional_reasons="Proven track record",
        group_reasons="Run by young people from the estate",
        dissent="Two wanted mentoring",
        how_decided="Ranked vote",
        decided_on=date(2024, 5, 1),
    )
    assert recorded.differs_from_recommendation is True
    assert recorded.funded == (decision.FundedRow(talent_show, 2_000_000),)

    replaced = decision.record_decision(
        session,
        commission_id=commission_id,
        funded=[(mentoring, 1_800_000)],
        professional_recommendation_id=mentoring,
        professional_reasons="Proven track record",
        group_reasons="We changed our minds",
    )
    assert replaced.differs_from_recommendation is False
    assert decision.get_decision(session, commission_id=commission_id) == replaced
    assert replaced.funded == (decision.FundedRow(mentoring, 1_800_000),)


def test_only_shortlisted_bids_of_this_commission_can_be_funded(session):
    """A bid not on the shortlist, or from another commission, cannot be funded."""
    commission_id = _commission(session)
    not_shortlisted = _bid(session, commission_id, "Late bid", shortlisted=False)
    elsewhere = _bid(session, _commission(session), "Other fund's bid")
    arguments = dict(
        commission_id=commission_id,
        professional_recommendation_id=None,
        professional_reasons="",
        group_reasons="Because",
    )
    with pytest.raises(RuleBroken, match="not on the shortlist"):
        decision.record_decision(session, funded=[(not_shortlisted, 100)], **arguments)
    with pytest.raises(NotFound, match="no bid"):
        decision.record_decision(session, funded=[(elsewhere, 100)], **arguments)
