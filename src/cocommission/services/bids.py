"""Bids: the bidders, the bids they send in, the shortlist and the day each was interviewed.

Only shortlisted bids are interviewed and scored (``require_shortlisted``, asked by scores and
moderation). The rest of the Bids & interviews stage: ``panellists.py``, ``interview_questions.py``,
``conflicts.py``, ``scores.py``, ``moderation.py`` and ``evaluation.py``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Bid, Bidder, Commission, new_id
from cocommission.services.audit import record
from cocommission.services.checks import money_amount
from cocommission.services.commissions import currency_info
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.text import plain_name, required_text

# --------------------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class BidderRow:
    """An organisation or group that bids."""

    id: str
    name: str
    organisation_type: str
    contact: str


@dataclass(frozen=True)
class BidRow:
    """A bid as listed on the bids page; the amount is in minor units of ``currency_code``."""

    id: str
    bidder_id: str
    bidder_name: str
    title: str
    summary: str
    amount_minor: int
    currency_code: str
    received_on: date | None
    shortlisted: bool
    interviewed_on: date | None


def _bidder_row(bidder: Bidder) -> BidderRow:
    return BidderRow(bidder.id, bidder.name, bidder.organisation_type, bidder.contact)


def _bid_row(session: Session, bid: Bid) -> BidRow:
    bidder = session.get(Bidder, bid.bidder_id)
    return BidRow(
        id=bid.id,
        bidder_id=bid.bidder_id,
        bidder_name=bidder.name if bidder else "",
        title=bid.title,
        summary=bid.summary,
        amount_minor=bid.amount_minor,
        currency_code=bid.currency_code,
        received_on=bid.received_on,
        shortlisted=bid.shortlisted,
        interviewed_on=bid.interviewed_on,
    )


# --------------------------------------------------------------------------- checks


def _check_amount(amount_minor: int) -> int:
    return money_amount(amount_minor, "A bid's amount")


def _check_currency(session: Session, commission_id: str, code: str) -> str:
    code = (code or "").strip().upper()
    currency_info(session, commission_id=commission_id, code=code)
    return code


def require_shortlisted(bid: Bid) -> None:
    """Refuse to score or moderate a bid that is not on the shortlist."""
    if not bid.shortlisted:
        raise RuleBroken("Only shortlisted bids are scored; shortlist this bid first.")


# --------------------------------------------------------------------------- bidders and bids


def add_bidder(
    session: Session, *, commission_id: str, name: str, organisation_type: str = "", contact: str = ""
) -> BidderRow:
    """Add an organisation or group that is bidding."""
    fetch(session, Commission, commission_id, what="commission")
    bidder = Bidder(
        id=new_id(),
        commission_id=commission_id,
        name=plain_name(required_text(name, "A bidder needs a name."), "The bidder's name"),
        organisation_type=(organisation_type or "").strip(),
        contact=(contact or "").strip(),
    )
    session.add(bidder)
    record(
        session,
        commission_id=commission_id,
        action="bidder.added",
        summary="Bidder added",
        details={"bidder_id": bidder.id},
        changed=("bidder", bidder.id),
    )
    return _bidder_row(bidder)


def update_bidder(
    session: Session,
    *,
    bidder_id: str,
    name: str | None = None,
    organisation_type: str | None = None,
    contact: str | None = None,
) -> BidderRow:
    """Change a bidder's details; arguments left as None stay as they are."""
    bidder = fetch(session, Bidder, bidder_id, what="bidder")
    if name is not None:
        bidder.name = plain_name(required_text(name, "A bidder needs a name."), "The bidder's name")
    if organisation_type is not None:
        bidder.organisation_type = organisation_type.strip()
    if contact is not None:
        bidder.contact = contact.strip()
    record(
        session,
        commission_id=bidder.commission_id,
        action="bidder.updated",
        summary="Bidder details changed",
        details={"bidder_id": bidder.id},
        changed=("bidder", bidder.id),
    )
    return _bidder_row(bidder)


def list_bidders(session: Session, *, commission_id: str) -> tuple[BidderRow, ...]:
    """The commission's bidders by name."""
    fetch(session, Commission, commission_id, what="commission")
    bidders = session.scalars(
        select(Bidder).where(Bidder.commission_id == commission_id).order_by(Bidder.name, Bidder.id)
    )
    return tuple(_bidder_row(bidder) for bidder in bidders)


def add_bid(
    session: Session,
    *,
    commission_id: str,
    bidder_id: str,
    title: str,
    summary: str = "",
    amount_minor: int,
    currency_code: str = "GBP",
    received_on: date | None = None,
) -> BidRow:
    """Record a bid a bidder has sent in; the currency must be one the commission uses."""
    fetch(session, Commission, commission_id, what="commission")
    fetch(session, Bidder, bidder_id, what="bidder", commission_id=commission_id)
    bid = Bid(
        id=new_id(),
        commission_id=commission_id,
        bidder_id=bidder_id,
        title=required_text(title, "A bid needs a title."),
        summary=(summary or "").strip(),
        amount_minor=_check_amount(amount_minor),
        currency_code=_check_currency(session, commission_id, currency_code),
        received_on=received_on,
        shortlisted=False,
    )
    session.add(bid)
    record(
        session,
        commission_id=commission_id,
        action="bid.added",
        summary="Bid added",
        details={
            "bid_id": bid.id,
            "bidder_id": bidder_id,
            "amount_minor": bid.amount_minor,
            "currency": bid.currency_code,
        },
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def add_bid_with_bidder(
    session: Session,
    *,
    commission_id: str,
    bidder_name: str,
    organisation_type: str = "",
    title: str,
    summary: str = "",
    amount_minor: int,
    currency_code: str = "GBP",
    received_on: date | None = None,
) -> BidRow:
    """Record a bid from the bidder of this name, adding the bidder first when they are new.

    One action for the bids page's form, so a refused bid never leaves a new bidder behind.
    An existing bidder (matched by name, ignoring case and spaces) keeps their details.
    """
    fetch(session, Commission, commission_id, what="commission")
    name = plain_name(required_text(bidder_name, "A bidder needs a name."), "The bidder's name")
    existing = next(
        (
            row
            for row in list_bidders(session, commission_id=commission_id)
            if row.name.casefold() == name.casefold()
        ),
        None,
    )
    bidder = existing or add_bidder(
        session, commission_id=commission_id, name=name, organisation_type=organisation_type
    )
    return add_bid(
        session,
        commission_id=commission_id,
        bidder_id=bidder.id,
        title=title,
        summary=summary,
        amount_minor=amount_minor,
        currency_code=currency_code,
        received_on=received_on,
    )


def update_bid(
    session: Session,
    *,
    bid_id: str,
    title: str | None = None,
    summary: str | None = None,
    amount_minor: int | None = None,
    currency_code: str | None = None,
    received_on: date | None = None,
) -> BidRow:
    """Change a bid's details; arguments left as None stay as they are."""
    bid = fetch(session, Bid, bid_id, what="bid")
    if title is not None:
        bid.title = required_text(title, "A bid needs a title.")
    if summary is not None:
        bid.summary = summary.strip()
    if amount_minor is not None:
        bid.amount_minor = _check_amount(amount_minor)
    if currency_code is not None:
        bid.currency_code = _check_currency(session, bid.commission_id, currency_code)
    if received_on is not None:
        bid.received_on = received_on
    record(
        session,
        commission_id=bid.commission_id,
        action="bid.updated",
        summary="Bid details changed",
        details={"bid_id": bid.id, "amount_minor": bid.amount_minor, "currency": bid.currency_code},
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def set_shortlisted(session: Session, *, bid_id: str, shortlisted: bool) -> BidRow:
    """Put a bid on the shortlist for interview, or take it off; scores it already has are kept."""
    bid = fetch(session, Bid, bid_id, what="bid")
    bid.shortlisted = bool(shortlisted)
    record(
        session,
        commission_id=bid.commission_id,
        action="bid.shortlisted" if bid.shortlisted else "bid.unshortlisted",
        summary="Bid shortlisted" if bid.shortlisted else "Bid taken off the shortlist",
        details={"bid_id": bid.id},
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def mark_interviewed(session: Session, *, bid_id: str, interviewed_on: date | None) -> BidRow:
    """Record the day the bidder was interviewed (None clears it); only shortlisted bids are interviewed."""
    bid = fetch(session, Bid, bid_id, what="bid")
    if interviewed_on is not None and not bid.shortlisted:
        raise RuleBroken("Only shortlisted bids are interviewed; shortlist this bid first.")
    bid.interviewed_on = interviewed_on
    record(
        session,
        commission_id=bid.commission_id,
        action="bid.interviewed",
        summary="Interview date recorded" if interviewed_on else "Interview date cleared",
        details={"bid_id": bid.id, "interviewed_on": interviewed_on},
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def bids_in_order(session: Session, commission_id: str, shortlisted_only: bool) -> list[Bid]:
    """The commission's bids by title (only the shortlisted ones if asked), as every list and grid shows them."""
    query = select(Bid).where(Bid.commission_id == commission_id)
    if shortlisted_only:
        query = query.where(Bid.shortlisted.is_(True))
    return list(session.scalars(query.order_by(Bid.title, Bid.id)))


def list_bids(session: Session, *, commission_id: str, shortlisted_only: bool = False) -> tuple[BidRow, ...]:
    """The commission's bids by title, or only the shortlisted ones."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_bid_row(session, bid) for bid in bids_in_order(session, commission_id, shortlisted_only))
