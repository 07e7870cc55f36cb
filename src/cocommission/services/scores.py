"""Scores: each panellist's score for each shortlisted bid on each criterion, and the scoring grid.

A conflicted panellist's cells are locked; a score is on the tender's scale (``scoring_rules.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session

from cocommission.model import (
    Bid,
    Commission,
    ConflictDeclaration,
    EvaluationCriterion,
    Participant,
    Score,
    Tender,
    new_id,
    utcnow,
)
from cocommission.services.audit import record
from cocommission.services.bids import bids_in_order, require_shortlisted
from cocommission.services.checks import whole_number
from cocommission.services.collation import name_sort_key
from cocommission.services.conflicts import declared_conflict
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.scoring_rules import DEFAULT_SCALE_MAX, LOWEST_SCORE
from cocommission.services.tender import criteria_in_order


@dataclass(frozen=True)
class ScoreRow:
    """One panellist's score for one bid on one criterion."""

    id: str
    bid_id: str
    criterion_id: str
    panellist_id: str
    value: int
    comment: str
    scored_at: datetime


@dataclass(frozen=True)
class GridRow:
    """One cell of the scoring grid; ``locked`` cells belong to a conflicted panellist and take no score."""

    panellist_id: str
    bid_id: str
    criterion_id: str
    value: int | None
    comment: str
    locked: bool


def _score_row(score: Score) -> ScoreRow:
    return ScoreRow(
        score.id,
        score.bid_id,
        score.criterion_id,
        score.panellist_id,
        score.value,
        score.comment,
        score.scored_at,
    )


# --------------------------------------------------------------------------- checks


def scoring_scale_max(session: Session, commission_id: str) -> int:
    """The top of the scale bids are scored out of: the tender's, or the default before there is a tender."""
    tender = session.scalar(select(Tender).where(Tender.commission_id == commission_id))
    return tender.scoring_scale_max if tender is not None else DEFAULT_SCALE_MAX


def checked_score(value: int, scale_max: int) -> int:
    """``value`` if it is a whole number on the scoring scale, else InvalidInput saying what the scale is."""
    message = f"Scores are whole numbers from {LOWEST_SCORE} to {scale_max}; {value!r} is not one of them."
    return whole_number(value, message, low=LOWEST_SCORE, high=scale_max)


def criterion_for(session: Session, bid: Bid, criterion_id: str) -> EvaluationCriterion:
    """The evaluation criterion a bid is scored on, from the bid's own commission only."""
    # A criterion from another commission counts as missing, so scores never cross commissions.
    return fetch(
        session,
        EvaluationCriterion,
        criterion_id,
        what="evaluation criterion",
        commission_id=bid.commission_id,
    )


# --------------------------------------------------------------------------- scores


def _check_scorer(session: Session, bid: Bid, panellist_id: str) -> Participant:
    panellist = fetch(session, Participant, panellist_id, what="participant", commission_id=bid.commission_id)
    if not panellist.is_panellist:
        raise RuleBroken(f"{panellist.pseudonym} is not on the interview panel; add them to the panel first.")
    if panellist.withdrawn_on is not None or panellist.erased_at is not None:
        raise RuleBroken("This panellist has withdrawn from the commission, so they cannot score.")
    if declared_conflict(session, bid.id, panellist_id) is not None:
        raise RuleBroken(
            f"{panellist.pseudonym} has declared a conflict of interest with this bid and cannot score it."
        )
    return panellist


def _score(session: Session, bid_id: str, criterion_id: str, panellist_id: str) -> Score | None:
    return session.scalar(
        select(Score).where(
            Score.bid_id == bid_id, Score.criterion_id == criterion_id, Score.panellist_id == panellist_id
        )
    )


def record_score(
    session: Session, *, bid_id: str, criterion_id: str, panellist_id: str, value: int, comment: str = ""
) -> ScoreRow:
    """Record (or replace) a panellist's score for a shortlisted bid on one criterion."""
    bid = fetch(session, Bid, bid_id, what="bid")
    criterion_for(session, bid, criterion_id)
    _check_scorer(session, bid, panellist_id)
    require_shortlisted(bid)
    value = checked_score(value, scoring_scale_max(session, bid.commission_id))
    score = _score(session, bid_id, criterion_id, panellist_id)
    replaced = score is not None
    if score is None:
        score = Score(
            id=new_id(), bid_id=bid_id, criterion_id=criterion_id, panellist_id=panellist_id, value=value
        )
        session.add(score)
    score.value, score.comment, score.scored_at = value, (comment or "").strip(), utcnow()
    record(
        session,
        commission_id=bid.commission_id,
        action="score.recorded",
        summary="Score changed" if replaced else "Score recorded",
        details={
            "bid_id": bid_id,
            "criterion_id": criterion_id,
            "panellist_id": panellist_id,
            "value": value,
        },
        changed=("score", score.id),
        subject=score,
    )
    return _score_row(score)


def clear_score(session: Session, *, bid_id: str, criterion_id: str, panellist_id: str) -> None:
    """Remove a panellist's score for a bid on one criterion, leaving the cell empty."""
    bid = fetch(session, Bid, bid_id, what="bid")
    score = _score(session, bid_id, criterion_id, panellist_id)
    if score is None:
        raise RuleBroken("There is no score to clear for this panellist, bid and criterion.")
    score_id = score.id
    session.delete(score)
    record(
        session,
        commission_id=bid.commission_id,
        action="score.cleared",
        summary="Score cleared",
        details={"bid_id": bid_id, "criterion_id": criterion_id, "panellist_id": panellist_id},
        changed=("score", score_id),
        removed=[("score", score_id)],
    )


def scores_for(session: Session, bid_ids: Sequence[str]) -> list[Score]:
    """Every panellist's scores for these bids."""
    return list(session.scalars(select(Score).where(Score.bid_id.in_(bid_ids))))


def _grid_panellists(session: Session, commission_id: str, bid_ids: Sequence[str]) -> list[Participant]:
    # Someone taken off the panel after scoring still has scores that count, so they keep their row.
    has_scores = exists().where(Score.panellist_id == Participant.id, Score.bid_id.in_(bid_ids))
    return sorted(
        session.scalars(
            select(Participant).where(
                Participant.commission_id == commission_id,
                or_(Participant.is_panellist.is_(True), has_scores),
            )
        ),
        key=lambda p: (name_sort_key(p.pseudonym), p.id),
    )


def scoring_grid(session: Session, *, commission_id: str) -> tuple[GridRow, ...]:
    """Each panellist × shortlisted bid × criterion cell: its score or None, locked if conflicted."""
    fetch(session, Commission, commission_id, what="commission")
    bids = bids_in_order(session, commission_id, shortlisted_only=True)
    bid_ids = [bid.id for bid in bids]
    criteria = criteria_in_order(session, commission_id)
    scores = {(s.panellist_id, s.bid_id, s.criterion_id): s for s in scores_for(session, bid_ids)}
    conflicts = session.execute(
        select(ConflictDeclaration.panellist_id, ConflictDeclaration.bid_id).where(
            ConflictDeclaration.bid_id.in_(bid_ids)
        )
    )
    locked = {(panellist_id, bid_id) for panellist_id, bid_id in conflicts}
    rows = []
    for panellist in _grid_panellists(session, commission_id, bid_ids):
        for bid in bids:
            for criterion in criteria:
                score = scores.get((panellist.id, bid.id, criterion.id))
                rows.append(
                    GridRow(
                        panellist_id=panellist.id,
                        bid_id=bid.id,
                        criterion_id=criterion.id,
                        value=score.value if score else None,
                        comment=score.comment if score else "",
                        locked=(panellist.id, bid.id) in locked,
                    )
                )
    return tuple(rows)


# --------------------------------------------------------------------------- how far the scoring has got


@dataclass(frozen=True)
class ScoringProgress:
    """How many of a panellist's open cells (not locked by a conflict) they have scored."""

    scored: int
    open: int


@dataclass(frozen=True)
class Scorer:
    """A panellist with a row in the scoring grid; ``on_panel`` is False for someone who has left it."""

    panellist_id: str
    pseudonym: str
    on_panel: bool


def scoring_progress(grid: Sequence[GridRow]) -> dict[str, ScoringProgress]:
    """Per panellist id, how many of their open cells of the grid hold a score."""
    scored: dict[str, int] = {}
    opened: dict[str, int] = {}
    for cell in grid:
        if not cell.locked:
            opened[cell.panellist_id] = opened.get(cell.panellist_id, 0) + 1
            scored[cell.panellist_id] = scored.get(cell.panellist_id, 0) + (cell.value is not None)
        else:
            opened.setdefault(cell.panellist_id, 0)
            scored.setdefault(cell.panellist_id, 0)
    return {key: ScoringProgress(scored[key], opened[key]) for key in opened}


def scores_given(grid: Sequence[GridRow]) -> dict[tuple[str, str], int]:
    """How many scores each panellist has given each bid, keyed by (panellist id, bid id)."""
    given: dict[tuple[str, str], int] = {}
    for cell in grid:
        if cell.value is not None:
            given[(cell.panellist_id, cell.bid_id)] = given.get((cell.panellist_id, cell.bid_id), 0) + 1
    return given


def scorers(grid: Sequence[GridRow], pseudonyms: Mapping[str, str], panel_ids: Collection[str]) -> tuple[Scorer, ...]:
    """The panellists with a row in the grid, in the grid's order, and whether each is still on the panel."""
    return tuple(
        Scorer(key, pseudonyms.get(key, "?"), key in panel_ids) for key in dict.fromkeys(c.panellist_id for c in grid)
    )
