"""Running one service as one user action: one transaction, then what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from cocommission.db.database import Database
from cocommission.services.changes import Changes, collect_changes

Result = TypeVar("Result")


@dataclass(frozen=True)
class Performed(Generic[Result]):
    """A committed action's result and the changes to announce."""

    result: Result
    changes: Changes


def perform(database: Database, service: Callable[..., Result], /, **arguments: Any) -> Performed[Result]:
    """Call ``service`` in its own unit of work and commit; on any error nothing is kept."""
    with database.unit_of_work() as session:
        result = service(session, **arguments)
        changes = collect_changes(session)
    return Performed(result, changes)


def read(database: Database, query: Callable[[Session], Result]) -> Result:
    """Run a read-only query in a short session (nothing is written)."""
    with database.unit_of_work() as session:
        return query(session)
