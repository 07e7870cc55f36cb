"""Workshops: when and where the group meets, for how long, and each one's agenda as it reads.

Changing an agenda is in ``agenda.py``; who came is in ``attendance.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import AgendaItem, Attendance, Commission, Workshop, new_id
from cocommission.services.audit import record
from cocommission.services.checks import optional_day, whole_number
from cocommission.services.lookup import fetch
from cocommission.services.text import required_text, short_text

#: The longest a workshop, an agenda item or an attendance can last, in minutes.
MAX_MINUTES = 24 * 60


@dataclass(frozen=True)
class AgendaItemRow:
    """One timed item on a workshop's agenda; ``position`` 1 comes first."""

    id: str
    position: int
    title: str
    minutes: int


@dataclass(frozen=True)
class WorkshopRow:
    """A workshop with its agenda in order; ``agenda_minutes`` adds up the agenda's items."""

    id: str
    number: int
    title: str
    held_on: date | None
    venue: str
    minutes: int
    agenda: tuple[AgendaItemRow, ...]
    agenda_minutes: int


def agenda_in_order(session: Session, workshop_id: str) -> list[AgendaItem]:
    """A workshop's agenda items, first to last."""
    return list(
        session.scalars(
            select(AgendaItem).where(AgendaItem.workshop_id == workshop_id).order_by(AgendaItem.position)
        )
    )


def workshop_row(session: Session, workshop: Workshop, items: Sequence[AgendaItem] | None = None) -> WorkshopRow:
    """A workshop as plain data, with its agenda in order (``items``, when they have been read already)."""
    if items is None:
        items = agenda_in_order(session, workshop.id)
    agenda = tuple(AgendaItemRow(i.id, i.position, i.title, i.minutes) for i in items)
    return WorkshopRow(
        id=workshop.id,
        number=workshop.number,
        title=workshop.title,
        held_on=workshop.held_on,
        venue=workshop.venue,
        minutes=workshop.minutes,
        agenda=agenda,
        agenda_minutes=sum(item.minutes for item in agenda),
    )


def checked_minutes(value: object, what: str) -> int:
    """How long ``what`` (a workshop, an agenda item) lasts, if it is a whole number of minutes in a day."""
    message = f"{what} lasts a whole number of minutes, from 1 to {MAX_MINUTES}."
    return whole_number(value, message, low=1, high=MAX_MINUTES)


def checked_title(value: str, what: str) -> str:
    """A trimmed title for ``what`` (a workshop, an agenda item), given and not too long."""
    return short_text(required_text(value, f"Give the {what} a title."), 200, f"The {what} title")


# --------------------------------------------------------------------------- workshops


def _workshops(session: Session, commission_id: str) -> list[Workshop]:
    return list(
        session.scalars(
            select(Workshop).where(Workshop.commission_id == commission_id).order_by(Workshop.number)
        )
    )


def add_workshop(
    session: Session,
    *,
    commission_id: str,
    title: str,
    held_on: date | None = None,
    venue: str = "",
    minutes: int = 120,
) -> WorkshopRow:
    """Add the next workshop (numbered after the last one)."""
    fetch(session, Commission, commission_id, what="commission")
    existing = _workshops(session, commission_id)
    workshop = Workshop(
        id=new_id(),
        commission_id=commission_id,
        number=existing[-1].number + 1 if existing else 1,
        title=checked_title(title, "workshop"),
        held_on=optional_day(held_on, "The workshop date"),
        venue=short_text(venue, 200, "The venue"),
        minutes=checked_minutes(minutes, "A workshop"),
    )
    session.add(workshop)
    record(
        session,
        commission_id=commission_id,
        action="workshop.added",
        summary=f"Workshop {workshop.number} added",
        details={"workshop_id": workshop.id, "number": workshop.number},
        changed=("workshop", workshop.id),
    )
    return workshop_row(session, workshop)


def _follow_new_length(session: Session, workshop: Workshop, old: int, new: int) -> int:
    """Keep attendance in step with a changed workshop length; returns how many records changed.

    Someone recorded as staying the whole workshop stays the whole of its new length, and
    nobody can be paid for more minutes than the workshop now lasts.
    """
    changed = 0
    for attendance in session.scalars(select(Attendance).where(Attendance.workshop_id == workshop.id)):
        if attendance.minutes == old or attendance.minutes > new:
            attendance.minutes = new
            changed += 1
    return changed


def update_workshop(
    session: Session,
    *,
    workshop_id: str,
    title: str | None = None,
    held_on: date | None = None,
    venue: str | None = None,
    minutes: int | None = None,
) -> WorkshopRow:
    """Change a workshop's details; None leaves a detail as it is.

    When the length changes, people recorded as staying the whole workshop follow the new
    length, and nobody stays longer than it.
    """
    workshop = fetch(session, Workshop, workshop_id, what="workshop")
    if title is not None:
        workshop.title = checked_title(title, "workshop")
    if held_on is not None:
        workshop.held_on = optional_day(held_on, "The workshop date")
    if venue is not None:
        workshop.venue = short_text(venue, 200, "The venue")
    adjusted = 0
    if minutes is not None:
        new_length = checked_minutes(minutes, "A workshop")
        adjusted = _follow_new_length(session, workshop, workshop.minutes, new_length)
        workshop.minutes = new_length
    record(
        session,
        commission_id=workshop.commission_id,
        action="workshop.updated",
        summary=f"Workshop {workshop.number} changed",
        details={"workshop_id": workshop.id, "minutes": workshop.minutes, "attendance_adjusted": adjusted},
        changed=("workshop", workshop.id),
    )
    return workshop_row(session, workshop)


def get_workshop(session: Session, *, workshop_id: str) -> WorkshopRow:
    """One workshop with its agenda."""
    return workshop_row(session, fetch(session, Workshop, workshop_id, what="workshop"))


def list_workshops(session: Session, *, commission_id: str) -> tuple[WorkshopRow, ...]:
    """The commission's workshops in number order, each with its agenda."""
    fetch(session, Commission, commission_id, what="commission")
    workshops = _workshops(session, commission_id)
    # Every agenda in one reading, rather than one for each workshop.
    agendas: dict[str, list[AgendaItem]] = {workshop.id: [] for workshop in workshops}
    if workshops:
        items = session.scalars(
            select(AgendaItem)
            .where(AgendaItem.workshop_id.in_(list(agendas)))
            .order_by(AgendaItem.workshop_id, AgendaItem.position)
        )
        for item in items:
            agendas[item.workshop_id].append(item)
    return tuple(workshop_row(session, workshop, agendas[workshop.id]) for workshop in workshops)
