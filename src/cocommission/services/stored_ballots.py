"""Reading a round's stored ballots in two set-based queries, for counting and for checking.

Counting a round checks its ballots against the rules first and then counts them; both need every
ballot's lines. A round of thousands of voters holds tens of thousands of lines, and making an ORM
object for each costs many times what the count does, so they are read here once, as plain
columns, and handed to both (``voting.tally_round``, ``integrity.round_breaks``, ``list_ballots``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Ballot, BallotChoice


@dataclass(frozen=True, slots=True)
class StoredBallot:
    """One ballot as stored: its lines are (option id, value) in no particular order."""

    id: str
    participant_id: str | None
    cast_at: datetime | None
    lines: tuple[tuple[str, int], ...]


def read_stored_ballots(session: Session, *, round_id: str, anonymous: bool) -> tuple[StoredBallot, ...]:
    """Every ballot of the round with its lines: oldest first in a named round, by id in an anonymous one.

    An anonymous round's order is that of its random ids, so it says nothing of who voted when.
    """
    # The tables' own columns, not the mapped classes': the rows then skip the ORM's loading.
    ballot, line = Ballot.__table__.c, BallotChoice.__table__.c
    order = (ballot.id,) if anonymous else (ballot.cast_at, ballot.id)
    ballots = session.execute(
        select(ballot.id, ballot.participant_id, ballot.cast_at).where(ballot.round_id == round_id).order_by(*order)
    ).all()
    # In ballot order each ballot's lines come together, so they are grouped without a step of
    # Python per line; SQLite reads them in that order anyway, from ``ix_ballot_choice_lines``.
    rows = session.execute(
        select(line.ballot_id, line.option_id, line.value)
        .join(Ballot.__table__, ballot.id == line.ballot_id)
        .where(ballot.round_id == round_id)
        .order_by(ballot.id)
    ).all()
    line_of = itemgetter(1, 2)
    lines = {ballot_id: tuple(map(line_of, group)) for ballot_id, group in groupby(rows, itemgetter(0))}
    return tuple(
        StoredBallot(ballot_id, participant_id, cast_at, lines.get(ballot_id, ()))
        for ballot_id, participant_id, cast_at in ballots
    )
