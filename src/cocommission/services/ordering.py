"""Lists people put in order, kept numbered 1..n with no gaps: interview and feedback questions,
tender sections and criteria, agenda items, outcome statements and vote options.

Each service reads its own list in ``position`` order; these helpers only change the numbers,
so moving or removing one item never leaves a gap or two items with the same number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from sqlalchemy.orm import Session

from cocommission.services.checks import whole_number


class Numbered(Protocol):
    """A record with its place in a list; ``position`` 1 comes first."""

    id: str
    position: int


Item = TypeVar("Item", bound=Numbered)


def renumber(items: Iterable[Numbered]) -> None:
    """Number ``items`` 1, 2, 3, … in the order given."""
    for position, item in enumerate(items, start=1):
        item.position = position


def move_to(items: Sequence[Item], item: Item, position: int) -> None:
    """Put ``item`` at ``position`` (1 is first) in ``items``, its list; the others close up around it.

    A position outside the list is refused with InvalidInput naming the positions there are.
    """
    others = [other for other in items if other.id != item.id]
    count = len(others) + 1
    position = whole_number(position, f"Choose a position from 1 to {count}.", low=1, high=count)
    others.insert(position - 1, item)
    renumber(others)


def remove_from(session: Session, items: Sequence[Numbered], item: Numbered) -> None:
    """Delete ``item`` from ``items``, the list it is in; the items after it move up."""
    session.delete(item)
    session.flush()
    renumber(other for other in items if other.id != item.id)


def put_in_place(items: Sequence[Item], item: Item, position: int | None) -> None:
    """Number a new ``item`` last after ``items``, or at ``position`` when Undo puts back one removed from there."""
    item.position = len(items) + 1
    if position is not None:
        move_to([*items, item], item, position)
