"""Attendance: each workshop's register, who came and for how many minutes.

Only someone who can take part (consent complete, not withdrawn, not erased) can be ticked;
honoraria are worked out from what is recorded here (``honoraria.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Attendance, Participant, Workshop, new_id
from cocommission.services.audit import record
from cocommission.services.checks import whole_number
from cocommission.services.errors import InvalidInput, RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.participants import (
    participants_by_pseudonym,
    require_taking_part,
    why_cannot_take_part,
)
from cocommission.services.text import problem_list


@dataclass(frozen=True)
class AttendanceRow:
    """One line of a workshop's register; ``minutes`` is None when the person was not there."""

    participant_id: str
    pseudonym: str
    present: bool
    minutes: int | None
    #: Withdrawn people appear only when they came to this workshop before withdrawing.
    withdrawn: bool


# --------------------------------------------------------------------------- attendance


def _attendance(session: Session, workshop_id: str, participant_id: str) -> Attendance | None:
    return session.scalar(
        select(Attendance).where(
            Attendance.workshop_id == workshop_id, Attendance.participant_id == participant_id
        )
    )


def _attendance_row(participant: Participant, attendance: Attendance | None) -> AttendanceRow:
    return AttendanceRow(
        participant_id=participant.id,
        pseudonym=participant.pseudonym,
        present=attendance is not None,
        minutes=attendance.minutes if attendance is not None else None,
        withdrawn=participant.withdrawn_on is not None or participant.erased_at is not None,
    )


def _audit_attendance(
    session: Session, workshop: Workshop, attendance: Attendance, action: str, done: str
) -> None:
    record(
        session,
        commission_id=workshop.commission_id,
        action=action,
        summary=f"Attendance {done} for workshop {workshop.number}",
        details={
            "workshop_id": workshop.id,
            "participant_id": attendance.participant_id,
            "minutes": attendance.minutes,
        },
        changed=("attendance", attendance.id),
    )


def set_attendance(
    session: Session, *, workshop_id: str, participant_id: str, present: bool, minutes: int | None = None
) -> AttendanceRow:
    """Tick (or untick) a participant on a workshop's register; ``minutes`` defaults to the whole workshop.

    Only someone who can take part can be ticked. Unticking removes the record, so a
    mistake can be put right even after the person has withdrawn; unticking someone who
    was not ticked changes nothing.
    """
    workshop = fetch(session, Workshop, workshop_id, what="workshop")
    participant = fetch(
        session, Participant, participant_id, what="participant", commission_id=workshop.commission_id
    )
    attendance = _attendance(session, workshop.id, participant.id)
    if present:
        require_taking_part(participant, "their attendance")
        stayed = (
            workshop.minutes
            if minutes is None
            else whole_number(
                minutes,
                f"Attendance is a whole number of minutes from 1 to the workshop's {workshop.minutes}; "
                "if the workshop ran longer, change its length first.",
                low=1,
                high=workshop.minutes,
            )
        )
        if attendance is None:
            attendance = Attendance(id=new_id(), workshop_id=workshop.id, participant_id=participant.id)
            session.add(attendance)
        attendance.minutes = stayed
        _audit_attendance(session, workshop, attendance, "attendance.ticked", "recorded")
    elif attendance is not None:
        session.delete(attendance)
        _audit_attendance(session, workshop, attendance, "attendance.unticked", "removed")
        attendance = None
    return _attendance_row(participant, attendance)


def set_attendance_for(
    session: Session, *, workshop_id: str, minutes_by_participant: dict[str, int | None]
) -> tuple[AttendanceRow, ...]:
    """Set several people's attendance at once: minutes stayed for each, None for not there.

    One action for a register taken for many people: everyone is checked first, and if
    anyone cannot be ticked nothing changes and the message names each of them.
    """
    workshop = fetch(session, Workshop, workshop_id, what="workshop")
    if not minutes_by_participant:
        raise InvalidInput("Choose the people whose attendance to record.")
    chosen = [
        fetch(session, Participant, participant_id, what="participant", commission_id=workshop.commission_id)
        for participant_id in minutes_by_participant
    ]
    refusals = [
        why
        for participant in chosen
        if minutes_by_participant[participant.id] is not None
        and (why := why_cannot_take_part(participant, "their attendance")) is not None
    ]
    if refusals:
        raise RuleBroken(problem_list(refusals))
    return tuple(
        set_attendance(
            session,
            workshop_id=workshop.id,
            participant_id=participant.id,
            present=minutes_by_participant[participant.id] is not None,
            minutes=minutes_by_participant[participant.id],
        )
        for participant in chosen
    )


def list_attendance(session: Session, *, workshop_id: str) -> tuple[AttendanceRow, ...]:
    """The workshop's register by pseudonym: everyone still taking part, present or not.

    People who have withdrawn are listed only if they came to this workshop.
    """
    workshop = fetch(session, Workshop, workshop_id, what="workshop")
    records = {
        a.participant_id: a
        for a in session.scalars(select(Attendance).where(Attendance.workshop_id == workshop.id))
    }
    return tuple(
        _attendance_row(p, records.get(p.id))
        for p in participants_by_pseudonym(session, workshop.commission_id)
        if p.id in records or (p.withdrawn_on is None and p.erased_at is None)
    )


@dataclass(frozen=True)
class Register:
    """A workshop's register as the people page shows it, with how many of those listed came."""

    rows: tuple[AttendanceRow, ...]
    present: int
    listed: int


def read_register(session: Session, *, workshop_id: str) -> Register:
    """The workshop's register (``list_attendance``) and how many on it were there."""
    rows = list_attendance(session, workshop_id=workshop_id)
    return Register(rows=rows, present=sum(1 for row in rows if row.present), listed=len(rows))
