"""Every service taking an amount of money takes whole minor units up to the one money limit, and no more."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from cocommission.model import Bid, Commission
from cocommission.model.money import MAX_MINOR_UNITS
from cocommission.services import bids, commissions, decision, participants, payments
from cocommission.services.errors import InvalidInput

TOO_MUCH = MAX_MINOR_UNITS + 1


@pytest.mark.parametrize("field", ["budget_minor", "honorarium_rate_minor"])
@pytest.mark.parametrize("value", [1.5, 2.0, TOO_MUCH, "100", True])
def test_a_budget_or_rate_that_is_not_a_whole_amount_within_the_limit_is_refused(session, field, value):
    """A fraction, a float, text, a tick or more than the limit is refused on create and on update; nothing is stored."""
    with pytest.raises(InvalidInput):
        commissions.create_commission(session, title="Youth fund", **{field: value})
    commission_id = commissions.create_commission(session, title="Youth fund", budget_minor=100).id
    with pytest.raises(InvalidInput):
        commissions.update_commission(session, commission_id=commission_id, **{field: value})
    session.flush()
    if session.get_bind().dialect.name == "sqlite":  # SQLite would keep a float as REAL, as it is given
        stored = session.execute(text(f"SELECT typeof({field}), {field} FROM commission")).all()
        assert all(kind == "integer" and amount in (0, 100) for kind, amount in stored)


def test_the_limit_itself_is_accepted_everywhere(session):
    """The largest amount is a budget, a rate, a bid and a payment."""
    commission_id = commissions.create_commission(
        session, title="Youth fund", budget_minor=MAX_MINOR_UNITS, honorarium_rate_minor=MAX_MINOR_UNITS
    ).id
    bidder = bids.add_bidder(session, commission_id=commission_id, name="Youth club")
    bids.add_bid(session, commission_id=commission_id, bidder_id=bidder.id, title="Club", amount_minor=MAX_MINOR_UNITS)
    person = participants.add_participant(session, commission_id=commission_id, pseudonym="Blaze")
    payments.record_payment(
        session, commission_id=commission_id, participant_id=person.id, amount_minor=MAX_MINOR_UNITS,
        currency_code="GBP", method="cash",
    )


def test_a_bid_or_payment_over_the_limit_is_refused(session):
    """A bid's amount and a payment over the limit are refused as too large."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    bidder = bids.add_bidder(session, commission_id=commission_id, name="Youth club")
    with pytest.raises(InvalidInput, match="most"):
        bids.add_bid(session, commission_id=commission_id, bidder_id=bidder.id, title="Club", amount_minor=TOO_MUCH)
    bid = bids.add_bid(session, commission_id=commission_id, bidder_id=bidder.id, title="Club", amount_minor=1)
    with pytest.raises(InvalidInput, match="most"):
        bids.update_bid(session, bid_id=bid.id, amount_minor=TOO_MUCH)
    with pytest.raises(InvalidInput, match="most"):
        bids.update_bid(session, bid_id=bid.id, amount_minor=2.5)
    person = participants.add_participant(session, commission_id=commission_id, pseudonym="Blaze")
    with pytest.raises(InvalidInput, match="most"):
        payments.record_payment(
            session, commission_id=commission_id, participant_id=person.id, amount_minor=TOO_MUCH,
            currency_code="GBP", method="cash",
        )


def test_a_funded_amount_over_the_limit_is_refused_even_with_an_older_larger_budget(session):
    """A budget stored before the limit existed does not let a decision fund more than the limit."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    session.get(Commission, commission_id).budget_minor = 2 * MAX_MINOR_UNITS
    bidder = bids.add_bidder(session, commission_id=commission_id, name="Youth club")
    bid = bids.add_bid(session, commission_id=commission_id, bidder_id=bidder.id, title="Club", amount_minor=1)
    session.scalars(select(Bid)).one().shortlisted = True
    with pytest.raises(InvalidInput, match="most"):
        decision.record_decision(
            session, commission_id=commission_id, funded=[(bid.id, TOO_MUCH)], professional_recommendation_id=None,
            professional_reasons="Best value", group_reasons="We liked it",
        )
