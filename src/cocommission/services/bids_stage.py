"""What the Bids & interviews page shows, read in one go: bids, panel, questions, conflicts, scores, totals.

It reads across the stage's services (``bids.py``, ``panellists.py``, ``interview_questions.py``,
``conflicts.py``, ``scores.py``, ``moderation.py``, ``evaluation.py``), so it lives apart from them,
and it works out the counts the tabs show, so the widgets only show rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model.money import CurrencyInfo
from cocommission.services.bids import BidderRow, BidRow, list_bidders, list_bids
from cocommission.services.commissions import get_commission, list_currencies
from cocommission.services.conflicts import ConflictRow, list_conflicts
from cocommission.services.evaluation import BidEvaluation, evaluate
from cocommission.services.interview_questions import QuestionRow, list_questions
from cocommission.services.moderation import ModerationRow, list_moderated_scores
from cocommission.services.panellists import PanellistRow, PanelSeatRow, list_panellists, panel_seats
from cocommission.services.participants import ParticipantRow, list_participants, still_taking_part
from cocommission.services.scores import (
    GridRow,
    Scorer,
    ScoringProgress,
    scorers,
    scores_given,
    scoring_grid,
    scoring_progress,
)
from cocommission.services.scoring_rules import DEFAULT_SCALE_MAX
from cocommission.services.tender import CriterionRow, list_criteria


@dataclass(frozen=True)
class BidsStage:
    """Everything the bids page shows, read in one go so the tabs agree with each other."""

    budget_currency: CurrencyInfo
    budget_minor: int
    currencies: dict[str, CurrencyInfo]
    bids: tuple[BidRow, ...]
    shortlisted: tuple[BidRow, ...]
    bidders: tuple[BidderRow, ...]
    participants: tuple[ParticipantRow, ...]
    panel: tuple[PanellistRow, ...]
    #: Who the panel tab lists (``panellists.panel_seats``).
    seats: tuple[PanelSeatRow, ...]
    questions: tuple[QuestionRow, ...]
    #: Who may be chosen to ask an interview question: everyone still taking part.
    askers: tuple[ParticipantRow, ...]
    criteria: tuple[CriterionRow, ...]
    conflicts: tuple[ConflictRow, ...]
    grid: tuple[GridRow, ...]
    #: Scores given per (panellist id, bid id), for the warning before declaring a conflict.
    scores_given: dict[tuple[str, str], int]
    scorers: tuple[Scorer, ...]
    #: Per panellist id, how much of their part of the grid is scored.
    progress: dict[str, ScoringProgress]
    #: The top of the scoring scale (the default scale while nothing can be evaluated).
    max_score: int
    moderated: tuple[ModerationRow, ...]
    evaluation: BidEvaluation | None
    individual: BidEvaluation | None


def read_bids_stage(session: Session, *, commission_id: str) -> BidsStage:
    """Read the bids stage of a commission, in one session."""
    criteria = list_criteria(session, commission_id=commission_id)
    all_bids = list_bids(session, commission_id=commission_id)
    # evaluate() refuses without criteria; the page says so in words instead.
    evaluated = bool(criteria) and any(bid.shortlisted for bid in all_bids)
    evaluation = evaluate(session, commission_id=commission_id) if evaluated else None
    commission = get_commission(session, commission_id=commission_id)
    participants = tuple(list_participants(session, commission_id=commission_id))
    panel = list_panellists(session, commission_id=commission_id)
    grid = scoring_grid(session, commission_id=commission_id)
    return BidsStage(
        budget_currency=commission.budget_currency,
        budget_minor=commission.budget_minor,
        currencies={
            currency.code: currency for currency in list_currencies(session, commission_id=commission_id)
        },
        bids=all_bids,
        shortlisted=tuple(bid for bid in all_bids if bid.shortlisted),
        bidders=list_bidders(session, commission_id=commission_id),
        participants=participants,
        panel=panel,
        seats=panel_seats(participants, panel),
        questions=list_questions(session, commission_id=commission_id),
        askers=tuple(person for person in participants if still_taking_part(person)),
        criteria=criteria,
        conflicts=list_conflicts(session, commission_id=commission_id),
        grid=grid,
        scores_given=scores_given(grid),
        scorers=scorers(grid, {person.id: person.pseudonym for person in participants}, {row.id for row in panel}),
        progress=scoring_progress(grid),
        # Without an evaluation the grid is empty (no criteria or no shortlist), so the scale is moot.
        max_score=evaluation.max_score if evaluation else DEFAULT_SCALE_MAX,
        moderated=list_moderated_scores(session, commission_id=commission_id),
        evaluation=evaluation,
        individual=evaluate(session, commission_id=commission_id, use_moderated=False) if evaluated else None,
    )
