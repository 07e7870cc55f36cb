"""Moderation: the score the panel agrees for a bid on a criterion, and why.

Moderation never overwrites an individual score: it sits beside them with the reason the
panel agreed it and the mean it replaced.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Bid, Commission, ModeratedScore, Score, new_id, utcnow
from cocommission.services.audit import record
from cocommission.services.bids import require_shortlisted
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.scores import checked_score, criterion_for, scoring_scale_max
from cocommission.services.text import required_text


@dataclass(frozen=True)
class ModerationRow:
    """The panel's agreed score for a bid on a criterion, beside the mean it replaced."""

    id: str
    bid_id: str
    criterion_id: str
    value: int
    mean_before: float | None
    reason: str
    moderated_at: datetime


def _moderation_row(moderated: ModeratedScore) -> ModerationRow:
    return ModerationRow(
        moderated.id,
        moderated.bid_id,
        moderated.criterion_id,
        moderated.value,
        moderated.mean_before,
        moderated.reason,
        moderated.moderated_at,
    )


# --------------------------------------------------------------------------- moderation


def _moderated(session: Session, bid_id: str, criterion_id: str) -> ModeratedScore | None:
    return session.scalar(
        select(ModeratedScore).where(
            ModeratedScore.bid_id == bid_id, ModeratedScore.criterion_id == criterion_id
        )
    )


def _mean_of_scores(session: Session, bid_id: str, criterion_id: str) -> float | None:
    values = list(
        session.scalars(select(Score.value).where(Score.bid_id == bid_id, Score.criterion_id == criterion_id))
    )
    return math.fsum(values) / len(values) if values else None


def moderate_score(
    session: Session, *, bid_id: str, criterion_id: str, value: int, reason: str
) -> ModerationRow:
    """Record (or replace) the score the panel agreed for a bid on a criterion, and why.

    The panellists' individual scores are never changed; the mean of them at this
    moment is kept beside the agreed score as ``mean_before``.
    """
    bid = fetch(session, Bid, bid_id, what="bid")
    criterion_for(session, bid, criterion_id)
    require_shortlisted(bid)
    value = checked_score(value, scoring_scale_max(session, bid.commission_id))
    reason = required_text(reason, "Give the reason the panel agreed this score.")
    moderated = _moderated(session, bid_id, criterion_id)
    if moderated is None:
        moderated = ModeratedScore(
            id=new_id(), bid_id=bid_id, criterion_id=criterion_id, value=value, reason=reason
        )
        session.add(moderated)
    moderated.value, moderated.reason, moderated.moderated_at = value, reason, utcnow()
    moderated.mean_before = _mean_of_scores(session, bid_id, criterion_id)
    # The reason stays on the moderated score: it is the panel's words and may mention people.
    record(
        session,
        commission_id=bid.commission_id,
        action="score.moderated",
        summary="Moderated score agreed",
        details={
            "bid_id": bid_id,
            "criterion_id": criterion_id,
            "value": value,
            "mean_before": moderated.mean_before,
        },
        changed=("moderated_score", moderated.id),
        subject=moderated,
    )
    return _moderation_row(moderated)


def clear_moderation(session: Session, *, bid_id: str, criterion_id: str) -> None:
    """Remove the panel's agreed score for a cell, so the mean of the individual scores counts again."""
    bid = fetch(session, Bid, bid_id, what="bid")
    moderated = _moderated(session, bid_id, criterion_id)
    if moderated is None:
        raise RuleBroken("There is no moderated score to clear for this bid and criterion.")
    moderated_id = moderated.id
    session.delete(moderated)
    record(
        session,
        commission_id=bid.commission_id,
        action="score.moderation_cleared",
        summary="Moderated score cleared",
        details={"bid_id": bid_id, "criterion_id": criterion_id},
        changed=("moderated_score", moderated_id),
        removed=[("moderated_score", moderated_id)],
    )


def list_moderated_scores(session: Session, *, commission_id: str) -> tuple[ModerationRow, ...]:
    """Every moderated score in the commission with its reason, oldest first."""
    fetch(session, Commission, commission_id, what="commission")
    rows = session.scalars(
        select(ModeratedScore)
        .join(Bid, Bid.id == ModeratedScore.bid_id)
        .where(Bid.commission_id == commission_id)
        .order_by(ModeratedScore.moderated_at, ModeratedScore.id)
    )
    return tuple(_moderation_row(moderated) for moderated in rows)
