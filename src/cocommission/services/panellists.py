"""The interview panel: which participants sit on it and score the shortlisted bids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Commission, Participant, Role
from cocommission.services.audit import record
from cocommission.services.collation import name_sort_key
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.participants import ParticipantRow, still_taking_part


@dataclass(frozen=True)
class PanellistRow:
    """A participant and whether they sit on the interview panel."""

    id: str
    pseudonym: str
    is_panellist: bool


def _panellist_row(participant: Participant) -> PanellistRow:
    return PanellistRow(participant.id, participant.pseudonym, participant.is_panellist)


# --------------------------------------------------------------------------- the panel


def set_panellist(session: Session, *, participant_id: str, is_panellist: bool) -> PanellistRow:
    """Put a participant on the interview panel, or take them off; scores they gave are kept.

    Someone who has withdrawn or whose personal data has been erased cannot join the panel.
    """
    participant = fetch(session, Participant, participant_id, what="participant")
    if is_panellist and participant.erased_at is not None:
        raise RuleBroken("This participant's details have been erased, so they cannot join the panel.")
    if is_panellist and participant.withdrawn_on is not None:
        raise RuleBroken("This participant has withdrawn from the commission, so they cannot join the panel.")
    participant.is_panellist = bool(is_panellist)
    record(
        session,
        commission_id=participant.commission_id,
        action="panel.joined" if participant.is_panellist else "panel.left",
        summary="Participant joined the interview panel"
        if participant.is_panellist
        else "Participant left the panel",
        details={"participant_id": participant.id},
        changed=("participant", participant.id),
    )
    return _panellist_row(participant)


def _panellists(session: Session, commission_id: str) -> list[Participant]:
    return sorted(
        session.scalars(
            select(Participant).where(
                Participant.commission_id == commission_id, Participant.is_panellist.is_(True)
            )
        ),
        key=lambda p: (name_sort_key(p.pseudonym), p.id),
    )


def list_panellists(session: Session, *, commission_id: str) -> tuple[PanellistRow, ...]:
    """The interview panel by pseudonym."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_panellist_row(participant) for participant in _panellists(session, commission_id))


# --------------------------------------------------------------------------- who is offered a seat


#: Roles that run or watch the commission; they are offered a panel seat only if they already hold one.
STAFF_ROLES = frozenset({Role.FACILITATOR, Role.COMMISSIONER, Role.OBSERVER})


@dataclass(frozen=True)
class PanelSeatRow:
    """A participant the panel tab lists: on the panel, or someone who may join it."""

    participant_id: str
    pseudonym: str
    on_panel: bool
    withdrawn: bool
    erased: bool


def panel_seats(
    participants: Sequence[ParticipantRow], panel: Sequence[PanellistRow]
) -> tuple[PanelSeatRow, ...]:
    """Who the panel tab lists, in the participants' order.

    Young people and service users still taking part may join. Staff are listed only if already on
    the panel, and so is anyone who has since withdrawn or been erased, so they can be taken off it.
    """
    on_panel = {row.id for row in panel}
    return tuple(
        PanelSeatRow(
            person.id, person.pseudonym, person.id in on_panel, person.withdrawn_on is not None, person.erased
        )
        for person in participants
        if person.id in on_panel or (person.role not in STAFF_ROLES and still_taking_part(person))
    )
