"""The evaluation: the shortlisted bids' scores weighed into totals and ranked, each step explained."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Commission, ModeratedScore
from cocommission.model.scoring import EvaluationResult, evaluate_bids, spread_flag
from cocommission.services.bids import bids_in_order
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.scores import scores_for, scoring_scale_max
from cocommission.services.tender import criteria_in_order


@dataclass(frozen=True)
class BidEvaluation:
    """The evaluation of the shortlisted bids and the cells where panellists disagree widely."""

    result: EvaluationResult
    max_score: int
    #: (bid_id, criterion_id) cells whose spread of scores needs discussing before moderation.
    flagged: frozenset[tuple[str, str]]

    def is_flagged(self, bid_id: str, criterion_id: str) -> bool:
        """Whether panellists disagree widely on this bid and criterion."""
        return (bid_id, criterion_id) in self.flagged


# --------------------------------------------------------------------------- evaluation


def evaluate(session: Session, *, commission_id: str, use_moderated: bool = True) -> BidEvaluation:
    """Weigh the shortlisted bids' scores into totals and rank them, with each step explained.

    ``use_moderated=False`` gives the individual-only view, ignoring the panel's agreed scores.
    """
    fetch(session, Commission, commission_id, what="commission")
    criteria = criteria_in_order(session, commission_id)
    if not criteria:
        raise RuleBroken("There are no evaluation criteria yet; add them to the tender first.")
    bids = bids_in_order(session, commission_id, shortlisted_only=True)
    bid_ids = [bid.id for bid in bids]
    criterion_ids = {criterion.id for criterion in criteria}
    max_score = scoring_scale_max(session, commission_id)
    moderated = session.scalars(
        select(ModeratedScore).where(
            ModeratedScore.bid_id.in_(bid_ids), ModeratedScore.criterion_id.in_(criterion_ids)
        )
    )
    result = evaluate_bids(
        bids=bid_ids,
        criteria={criterion.id: criterion.weight for criterion in criteria},
        scores=[
            (s.panellist_id, s.bid_id, s.criterion_id, s.value)
            for s in scores_for(session, bid_ids)
            if s.criterion_id in criterion_ids
        ],
        moderated={(m.bid_id, m.criterion_id): m.value for m in moderated},
        max_score=max_score,
        use_moderated=use_moderated,
        labels={
            **{bid.id: bid.title for bid in bids},
            **{criterion.id: criterion.name for criterion in criteria},
        },
    )
    flagged = frozenset(
        (bid.bid_id, cell.criterion_id)
        for bid in result.bids
        for cell in bid.criteria
        if spread_flag(cell.spread, max_score)
    )
    return BidEvaluation(result=result, max_score=max_score, flagged=flagged)
