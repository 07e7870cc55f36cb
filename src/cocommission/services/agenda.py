"""A workshop's agenda: timed items in order, added, changed, moved and taken off.

The console's agenda timer counts down these items; a workshop reads with its agenda
through ``workshops.py``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from cocommission.model import AgendaItem, Workshop
from cocommission.services.audit import record
from cocommission.services.lookup import fetch, unused_id
from cocommission.services.ordering import move_to, put_in_place, remove_from
from cocommission.services.workshops import (
    AgendaItemRow,
    WorkshopRow,
    agenda_in_order,
    checked_minutes,
    checked_title,
    workshop_row,
)


def _agenda_item(session: Session, item_id: str) -> tuple[AgendaItem, Workshop]:
    item = fetch(session, AgendaItem, item_id, what="agenda item")
    return item, fetch(session, Workshop, item.workshop_id, what="workshop")


def _audit_agenda(session: Session, workshop: Workshop, action: str, summary: str, item_id: str) -> None:
    record(
        session,
        commission_id=workshop.commission_id,
        action=action,
        summary=summary,
        details={"workshop_id": workshop.id, "agenda_item_id": item_id},
        changed=("workshop", workshop.id),
    )


def add_agenda_item(
    session: Session,
    *,
    workshop_id: str,
    title: str,
    minutes: int = 10,
    item_id: str | None = None,
    position: int | None = None,
) -> AgendaItemRow:
    """Add a timed item at the end of a workshop's agenda (Undo puts one back with its ``item_id`` and ``position``)."""
    workshop = fetch(session, Workshop, workshop_id, what="workshop")
    agenda = agenda_in_order(session, workshop.id)
    item = AgendaItem(
        id=unused_id(session, AgendaItem, item_id, what="agenda item"),
        workshop_id=workshop.id,
        position=len(agenda) + 1,
        title=checked_title(title, "agenda item"),
        minutes=checked_minutes(minutes, "An agenda item"),
    )
    session.add(item)
    put_in_place(agenda, item, position)
    _audit_agenda(
        session, workshop, "agenda_item.added", f"Agenda item added to workshop {workshop.number}", item.id
    )
    return AgendaItemRow(item.id, item.position, item.title, item.minutes)


def update_agenda_item(
    session: Session, *, item_id: str, title: str | None = None, minutes: int | None = None
) -> AgendaItemRow:
    """Change an agenda item's title or length; None leaves it as it is."""
    item, workshop = _agenda_item(session, item_id)
    if title is not None:
        item.title = checked_title(title, "agenda item")
    if minutes is not None:
        item.minutes = checked_minutes(minutes, "An agenda item")
    _audit_agenda(
        session,
        workshop,
        "agenda_item.updated",
        f"Agenda item changed in workshop {workshop.number}",
        item.id,
    )
    return AgendaItemRow(item.id, item.position, item.title, item.minutes)


def remove_agenda_item(session: Session, *, item_id: str) -> WorkshopRow:
    """Take an item off the agenda; the items after it move up. Returns the workshop."""
    item, workshop = _agenda_item(session, item_id)
    remove_from(session, agenda_in_order(session, workshop.id), item)
    _audit_agenda(
        session,
        workshop,
        "agenda_item.removed",
        f"Agenda item removed from workshop {workshop.number}",
        item_id,
    )
    return workshop_row(session, workshop)


def move_agenda_item(session: Session, *, item_id: str, to_position: int) -> WorkshopRow:
    """Move an agenda item to ``to_position`` (1 is first); the others close up around it."""
    item, workshop = _agenda_item(session, item_id)
    move_to(agenda_in_order(session, workshop.id), item, to_position)
    _audit_agenda(
        session,
        workshop,
        "agenda_item.moved",
        f"Agenda item moved to position {to_position} in workshop {workshop.number}",
        item.id,
    )
    return workshop_row(session, workshop)
