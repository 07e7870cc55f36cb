"""What the Outcomes page lists: every statement, where each came from, and the counts.

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
class StatementOrigin:
    """Where a statement came from and what became of it, as the list says beside it."""

    #: How many of the listed statements were merged into this one (0 for none).
    merged_from: int
    #: The statement this one was split from, when a split made it.
    split_from: OutcomeRow | None
    #: The number of the statement this one was merged into, while this one is merged.
    merged_into: int | None


@dataclass(frozen=True)
class Statements:
    """Every statement in list order, where each came from, and the counts."""

    rows: tuple[OutcomeRow, ...]
    #: Statement id -> where it came from and what became of it.
    origins: dict[str, StatementOrigin]
    counts: StatementCounts


def _origins(rows: tuple[OutcomeRow, ...], split_from: dict[str, str]) -> dict[str, StatementOrigin]:
    by_id = {row.id: row for row in rows}

    def number(outcome_id: str | None) -> int | None:
        found = by_id.get(outcome_id) if outcome_id is not None else None
        return found.number if found is not None else None

    return {
        row.id: StatementOrigin(
            merged_from=sum(1 for merged in row.merged_from if merged in by_id),
            split_from=by_id.get(split_from.get(row.id, "")),
            merged_into=number(row.merged_into_id),
        )
        for row in rows
    }


def read_statements(session: Session, *, commission_id: str) -> Statements:
    """Every statement in list order, with where each came from and what became of it, and the counts.

    A statement carries which statements were merged into it, but a split is known only
    from its lineage, so each statement's lineage is read in the same unit of work.
    """
    rows = list_outcomes(session, commission_id=commission_id, include_merged=True)
    split_from: dict[str, str] = {}
    for row in rows:
        for source in lineage(session, outcome_id=row.id).sources:
            if source.how == "split":
                split_from[row.id] = source.outcome.id
    return Statements(rows=rows, origins=_origins(rows, split_from), counts=count_statements(rows))
