"""A commission at the interviews: two shortlisted bids, two criteria (60/40) and a panel of three.

The tests of the Bids & interviews services start from it (the ``setup`` fixture is in conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from cocommission.model import EvaluationCriterion, Participant, Score, Tender
from cocommission.services import bids, commissions, scores


@dataclass(frozen=True)
class Setup:
    """A commission with two shortlisted bids, two criteria (60/40) and a panel of three."""

    commission_id: str
    hub: str
    sport: str
    quality: str
    price: str
    ash: str
    bo: str
    cy: str


def panel_member(session, commission_id: str, pseudonym: str, *, panellist: bool = True) -> str:
    """A participant on the panel (unless ``panellist`` is False); returns their id."""
    participant = Participant(commission_id=commission_id, pseudonym=pseudonym, is_panellist=panellist)
    session.add(participant)
    session.flush()
    return participant.id


def criterion(session, commission_id: str, position: int, name: str, weight: int) -> str:
    """An evaluation criterion of ``weight`` percent; returns its id."""
    criterion = EvaluationCriterion(commission_id=commission_id, position=position, name=name, weight=weight)
    session.add(criterion)
    session.flush()
    return criterion.id


def shortlisted_bid(session, commission_id: str, title: str, *, shortlisted: bool = True) -> str:
    """A £10,000 bid from a new bidder, shortlisted unless told otherwise; returns its id."""
    bidder = bids.add_bidder(session, commission_id=commission_id, name=f"{title} Ltd")
    bid = bids.add_bid(
        session, commission_id=commission_id, bidder_id=bidder.id, title=title, amount_minor=1_000_000
    )
    if shortlisted:
        bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
    return bid.id


def interviews(session) -> Setup:
    """The commission at the interviews, scored out of 5."""
    commission = commissions.create_commission(session, title="Youth justice fund")
    cid = commission.id
    session.add(Tender(commission_id=cid, title="Tender", scoring_scale_max=5))
    return Setup(
        commission_id=cid,
        hub=shortlisted_bid(session, cid, "Youth Hub"),
        sport=shortlisted_bid(session, cid, "Street Sport"),
        quality=criterion(session, cid, 1, "Quality", 60),
        price=criterion(session, cid, 2, "Price", 40),
        ash=panel_member(session, cid, "Ash"),
        bo=panel_member(session, cid, "Bo"),
        cy=panel_member(session, cid, "Cy"),
    )


def stored_scores(session) -> list[int]:
    """Every score value in the database, lowest first."""
    return sorted(session.scalars(select(Score.value)))


def score(session, panellist: str, bid: str, criterion: str, value: int):
    """Record ``panellist``'s score for ``bid`` on ``criterion``."""
    return scores.record_score(session, bid_id=bid, criterion_id=criterion, panellist_id=panellist, value=value)
