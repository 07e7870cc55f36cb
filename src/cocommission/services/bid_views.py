"""What the wall shows of the bids: the shortlisted bids' weighted totals, read in one session.

The wall's bid-totals scene only draws these; the evaluation and which bids are
on the shortlist stay the bids service's to say.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from cocommission.services import bids
from cocommission.services.bids import BidRow
from cocommission.services.evaluation import BidEvaluation, evaluate


def read_bid_totals(session: Session, *, commission_id: str) -> tuple[BidEvaluation, tuple[BidRow, ...]]:
    """The evaluation of the shortlisted bids and the bids themselves, read together."""
    evaluation = evaluate(session, commission_id=commission_id)
    return evaluation, bids.list_bids(session, commission_id=commission_id, shortlisted_only=True)
