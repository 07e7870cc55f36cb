"""Conflicts of interest: a panellist who declares one with a bid cannot score it.

Scores they gave that bid before declaring are withdrawn, and withdrawing the declaration
does not bring them back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cocommission.model import Bid, Commission, ConflictDeclaration, Participant, Score, new_id, utcnow
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.text import required_text


@dataclass(frozen=True)
class ConflictRow:
    """A panellist's declared conflict of interest with a bid."""

    bid_id: str
    panellist_id: str
    nature: str
    declared_at: datetime


def _conflict_row(conflict: ConflictDeclaration) -> ConflictRow:
    return ConflictRow(conflict.bid_id, conflict.panellist_id, conflict.nature, conflict.declared_at)


def declared_conflict(session: Session, bid_id: str, panellist_id: str) -> ConflictDeclaration | None:
    """The panellist's declared conflict of interest with the bid, if there is one."""
    return session.scalar(
        select(ConflictDeclaration).where(
            ConflictDeclaration.bid_id == bid_id, ConflictDeclaration.panellist_id == panellist_id
        )
    )


# --------------------------------------------------------------------------- conflicts of interest


def declare_conflict(session: Session, *, bid_id: str, panellist_id: str, nature: str) -> ConflictRow:
    """Record a panellist's conflict of interest with a bid, so they cannot score it.

    If the panellist has already scored that bid, those scores are removed, and the
    audit entry says "scores withdrawn because of a declared conflict": a conflicted
    score must not count, even one given before the conflict came to light. Withdrawing
    the declaration later does not bring them back. A moderated score the panel has
    already agreed for that bid is left as it is, for the panel to revisit.
    """
    bid = fetch(session, Bid, bid_id, what="bid")
    fetch(session, Participant, panellist_id, what="participant", commission_id=bid.commission_id)
    nature = required_text(
        nature, "Say what the conflict of interest is, such as a family member working there."
    )
    if declared_conflict(session, bid_id, panellist_id) is not None:
        raise RuleBroken("This conflict of interest has already been declared.")
    conflict = ConflictDeclaration(
        id=new_id(), bid_id=bid_id, panellist_id=panellist_id, nature=nature, declared_at=utcnow()
    )
    session.add(conflict)
    withdrawn = list(
        session.scalars(select(Score.id).where(Score.bid_id == bid_id, Score.panellist_id == panellist_id))
    )
    if withdrawn:
        session.execute(delete(Score).where(Score.id.in_(withdrawn)))
    summary = "Conflict of interest declared"
    if withdrawn:
        scores = "score" if len(withdrawn) == 1 else "scores"
        summary += f"; {len(withdrawn)} {scores} withdrawn because of a declared conflict"
    # The nature of the conflict is left out: it can name people and say how they are connected.
    record(
        session,
        commission_id=bid.commission_id,
        action="conflict.declared",
        summary=summary,
        details={"bid_id": bid_id, "panellist_id": panellist_id, "withdrawn_score_ids": withdrawn},
        changed=("conflict", conflict.id),
        subject=conflict,
        removed=[("score", score_id) for score_id in withdrawn],
    )
    for score_id in withdrawn:
        note_change(session, "score", score_id, commission_id=bid.commission_id)
    return _conflict_row(conflict)


def withdraw_conflict(session: Session, *, bid_id: str, panellist_id: str) -> tuple[ConflictRow, ...]:
    """Withdraw a declared conflict so the panellist may score the bid again; returns the conflicts left."""
    bid = fetch(session, Bid, bid_id, what="bid")
    conflict = declared_conflict(session, bid_id, panellist_id)
    if conflict is None:
        raise RuleBroken("No conflict of interest has been declared for this panellist and bid.")
    conflict_id = conflict.id
    session.delete(conflict)
    record(
        session,
        commission_id=bid.commission_id,
        action="conflict.withdrawn",
        summary="Conflict of interest withdrawn",
        details={"bid_id": bid_id, "panellist_id": panellist_id},
        changed=("conflict", conflict_id),
        removed=[("conflict_declaration", conflict_id)],
    )
    return list_conflicts(session, commission_id=bid.commission_id)


def list_conflicts(session: Session, *, commission_id: str) -> tuple[ConflictRow, ...]:
    """Every declared conflict of interest in the commission, oldest first."""
    fetch(session, Commission, commission_id, what="commission")
    conflicts = session.scalars(
        select(ConflictDeclaration)
        .join(Bid, Bid.id == ConflictDeclaration.bid_id)
        .where(Bid.commission_id == commission_id)
        .order_by(ConflictDeclaration.declared_at, ConflictDeclaration.id)
    )
    return tuple(_conflict_row(conflict) for conflict in conflicts)


def is_conflicted(session: Session, *, bid_id: str, panellist_id: str) -> bool:
    """Whether the panellist has declared a conflict of interest with the bid."""
    fetch(session, Bid, bid_id, what="bid")
    return declared_conflict(session, bid_id, panellist_id) is not None
