"""Running one service as one user action: one transaction, then what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cocommission.db.database import Database
from cocommission.services.changes import Changes, collect_changes

Result = TypeVar("Result")


@dataclass(frozen=True)
class Performed(Generic[Result]):
    """A committed action's result and the changes to announce."""

    result: Result
    changes: Changes


#: How often an action that lost a race for a number (a receipt, an audit entry) is run again.
ATTEMPTS = 5


def perform(database: Database, service: Callable[..., Result], /, **arguments: Any) -> Performed[Result]:
    """Call ``service`` in its own unit of work and commit; on any error nothing is kept.

    Two people saving at once on one database (two laptops on a server, two windows on a file) can
    both pick the same next number (a receipt, an audit entry's place in the log); the database
    keeps one and refuses the other as a duplicate. Nothing of the refused action was kept, so it
    is run again from the start, and then sees the number taken and picks the next.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with database.unit_of_work() as session:
                result = service(session, **arguments)
                changes = collect_changes(session)
        except IntegrityError:
            if attempt == ATTEMPTS:
                raise
            continue
        return Performed(result, changes)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def read(database: Database, query: Callable[[Session], Result]) -> Result:
    """Run a read-only query in a short session (nothing is written)."""
    with database.unit_of_work() as session:
        return query(session)
