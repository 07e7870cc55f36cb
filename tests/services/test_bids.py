"""Bids: bidders, the bids they send in, the shortlist and interview dates."""

from __future__ import annotations

from datetime import date

import pytest
from bids_fixtures import shortlisted_bid

from cocommission.model.money import BRIXTON_POUND
from cocommission.services import bids, commissions
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken


def test_bid_is_listed_with_its_bidder_and_currency(session):
    """A bid in a local currency is listed with its bidder's name; only shortlisted ones on request."""
    made = commissions.create_commission(session, title="Fund", honorarium_currency=BRIXTON_POUND)
    bidder = bids.add_bidder(session, commission_id=made.id, name="  Talent Show Collective ")
    bid = bids.add_bid(
        session,
        commission_id=made.id,
        bidder_id=bidder.id,
        title="Talent show",
        amount_minor=1_500_000,
        currency_code="bxp",
        received_on=date(2025, 3, 1),
    )
    assert (bid.bidder_name, bid.currency_code, bid.shortlisted) == ("Talent Show Collective", "BXP", False)
    assert bids.list_bids(session, commission_id=made.id) == (bid,)
    assert bids.list_bids(session, commission_id=made.id, shortlisted_only=True) == ()
    bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
    assert [b.title for b in bids.list_bids(session, commission_id=made.id, shortlisted_only=True)] == [
        "Talent show"
    ]


def test_bid_in_unknown_currency_or_without_title_is_refused(session):
    """A bid in a currency the commission does not use, or with no title, is refused and nothing is added."""
    made = commissions.create_commission(session, title="Fund")
    bidder = bids.add_bidder(session, commission_id=made.id, name="Hub")
    with pytest.raises(NotFound, match="no currency 'XYZ'"):
        bids.add_bid(
            session,
            commission_id=made.id,
            bidder_id=bidder.id,
            title="Hub",
            amount_minor=5,
            currency_code="XYZ",
        )
    with pytest.raises(InvalidInput, match="needs a title"):
        bids.add_bid(session, commission_id=made.id, bidder_id=bidder.id, title=" ", amount_minor=5)
    with pytest.raises(InvalidInput, match="needs a name"):
        bids.update_bidder(session, bidder_id=bidder.id, name="")
    assert bids.list_bids(session, commission_id=made.id) == ()


def test_only_shortlisted_bids_are_interviewed(session, setup):
    """An interview date is refused for a bid that is not shortlisted and kept for one that is."""
    longlisted = shortlisted_bid(session, setup.commission_id, "Late bid", shortlisted=False)
    with pytest.raises(RuleBroken, match="shortlist this bid first"):
        bids.mark_interviewed(session, bid_id=longlisted, interviewed_on=date(2025, 4, 2))
    done = bids.mark_interviewed(session, bid_id=setup.hub, interviewed_on=date(2025, 4, 2))
    assert done.interviewed_on == date(2025, 4, 2)


def test_bid_with_a_new_bidder_adds_both_and_reuses_a_known_bidder(session):
    """A bid from a new bidder name adds the bidder; the same name again (any case) reuses that bidder."""
    made = commissions.create_commission(session, title="Fund")
    first = bids.add_bid_with_bidder(
        session,
        commission_id=made.id,
        bidder_name=" Southside Collective ",
        organisation_type="Youth-led group",
        title="Talent show",
        amount_minor=1_950_000,
    )
    second = bids.add_bid_with_bidder(
        session,
        commission_id=made.id,
        bidder_name="southside collective",
        title="Summer show",
        amount_minor=500_000,
    )
    assert first.bidder_id == second.bidder_id
    assert [(b.name, b.organisation_type) for b in bids.list_bidders(session, commission_id=made.id)] == [
        ("Southside Collective", "Youth-led group")
    ]


def test_refused_bid_with_a_new_bidder_adds_nothing(database):
    """When the bid is refused, the new bidder named with it is not kept either."""
    from cocommission.services.perform import perform

    made = perform(database, commissions.create_commission, title="Fund").result
    with pytest.raises(InvalidInput, match="needs a title"):
        perform(
            database,
            bids.add_bid_with_bidder,
            commission_id=made.id,
            bidder_name="Hub",
            title=" ",
            amount_minor=5,
        )
    with database.unit_of_work() as session:
        assert bids.list_bidders(session, commission_id=made.id) == ()
