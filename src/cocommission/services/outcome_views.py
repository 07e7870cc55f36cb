"""What the Outcomes page lists: every statement, where each split came from, and the counts.

The page only shows these. The counts follow the outcomes service's rule of
which statements are in play (proposed or agreed), so the page, the wall and
the vote keys never disagree about how many statements there are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model import OutcomeStatus
from cocommission.services.outcomes import IN_PLAY, OutcomeRow, lineage, list_outcomes


@dataclass(frozen=True)
class StatementCounts:
    """How many statements there are: in play, agreed among them, and kept for the record."""

    #: Every statement listed, merged and dropped ones included.
    listed: int
    #: Statements still in play (proposed or agreed): the numbered ones.
    in_play: int
    agreed: int
    merged: int
    dropped: int


def count_statements(rows: Iterable[OutcomeRow]) -> StatementCounts:
    """Count a commission's statements (all of them, as ``list_outcomes(include_merged=True)`` gives them)."""
    statuses = [row.status for row in rows]
    return StatementCounts(
        listed=len(statuses),
        in_play=sum(1 for status in statuses if status in IN_PLAY),
        agreed=statuses.count(OutcomeStatus.AGREED),
        merged=statuses.count(OutcomeStatus.MERGED),
        dropped=statuses.count(OutcomeStatus.DROPPED),
    )


@dataclass(frozen=True)
class Statements:
    """Every statement in list order, what each split-off statement was split from, and the counts."""

    rows: tuple[OutcomeRow, ...]
    #: Statement id -> the id of the statement it was split from, for each statement a split made.
    split_from: dict[str, str]
    counts: StatementCounts


def read_statements(session: Session, *, commission_id: str) -> Statements:
    """Every statement in list order, and for each one a split made, the statement it was split from.

    A statement carries which statements were merged into it, but a split is known only
    from its lineage, so each statement's lineage is read in the same unit of work.
    """
    rows = list_outcomes(session, commission_id=commission_id, include_merged=True)
    split_from: dict[str, str] = {}
    for row in rows:
        for source in lineage(session, outcome_id=row.id).sources:
            if source.how == "split":
                split_from[row.id] = source.outcome.id
    return Statements(rows=rows, split_from=split_from, counts=count_statements(rows))
