"""The people stage: participants and their consent, workshops and their agendas, who came
to each workshop, the honoraria participants earn and the payments recorded for them, and
the speaking turns that show the facilitator who has not yet been heard.

Rules kept here:

- A pseudonym is what screens show, so it must be unique within the commission
  (ignoring case: "Blaze" and "blaze" look the same on a projector).
- Someone can take part only once their consent is recorded, and, if they are under 18,
  a parent's or guardian's consent too. Until then, and once they have withdrawn or their
  details have been erased, their attendance cannot be ticked and their turns not timed.
- Honoraria follow the commission's rate, currency and basis: per hour, the rate times the
  minutes attended over 60, rounded half up to a whole minor unit once per participant; per
  session, the rate times the workshops attended.
- Receipt numbers run R-0001, R-0002, … within a commission and are never reused.
- Audit entries name participants by id only: never a pseudonym, never a name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import (
    AgendaItem,
    Attendance,
    Commission,
    HonorariumBasis,
    Participant,
    Payment,
    PaymentMethod,
    Role,
    SpeakingTurn,
    Workshop,
    new_id,
    utcnow,
)
from cocommission.model.base import today
from cocommission.model.scoring import SpeakingBalance, speaking_balance
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.checks import money_amount, one_of, whole_number
from cocommission.services.collation import name_sort_key
from cocommission.services.commissions import currency_info
from cocommission.services.errors import InvalidInput, RuleBroken, ServiceError
from cocommission.services.lookup import fetch, unused_id
from cocommission.services.ordering import move_to, put_in_place, remove_from
from cocommission.services.text import plain_name, problem_list, quoted, required_text

#: Roles paid an honorarium and whose share of the talking is watched: the service's users.
#: Facilitators, commissioners and observers are paid by their employers and talk anyway.
VOICE_ROLES = frozenset({Role.YOUNG_PERSON, Role.SERVICE_USER})
#: Roles left out of go-rounds and the speaking balance unless the facilitator includes them:
#: they run the room, so counting their talk would hide how evenly the young people were heard.
RUNNING_ROLES = frozenset({Role.FACILITATOR, Role.COMMISSIONER})
#: The longest a workshop, an agenda item or an attendance can last, in minutes.
MAX_MINUTES = 24 * 60
#: The longest single speaking turn, in seconds; anything longer is a typing slip.
MAX_TURN_SECONDS = MAX_MINUTES * 60

_RECEIPT = re.compile(r"^R-(\d+)$")


# --------------------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class ParticipantRow:
    """A participant as the people page lists them; screens show ``pseudonym`` by default."""

    id: str
    pseudonym: str
    full_name: str | None
    contact: str | None
    role: Role
    under_18: bool
    consent_on: date | None
    guardian_consent_on: date | None
    language: str
    access_needs: str
    is_panellist: bool
    withdrawn_on: date | None
    erased: bool
    #: Consent recorded, and a guardian's too for an under-18.
    consent_complete: bool
    #: Consent complete, not withdrawn and not erased: attendance and turns may be recorded.
    can_take_part: bool


@dataclass(frozen=True)
class NewParticipant:
    """Someone to add, with the details ``add_participant`` takes; ``line`` says where they came from
    (a spreadsheet's line number) so that problems can point at them."""

    pseudonym: str
    full_name: str | None = None
    contact: str | None = None
    role: Role | str = Role.YOUNG_PERSON
    under_18: bool = False
    consent_on: date | None = None
    guardian_consent_on: date | None = None
    language: str = "English"
    access_needs: str = ""
    line: int | None = None


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


@dataclass(frozen=True)
class AttendanceRow:
    """One line of a workshop's register; ``minutes`` is None when the person was not there."""

    participant_id: str
    pseudonym: str
    present: bool
    minutes: int | None
    #: Withdrawn people appear only when they came to this workshop before withdrawing.
    withdrawn: bool


@dataclass(frozen=True)
class HonorariumDue:
    """What one participant has earned in the commission's honorarium currency, and what is left."""

    participant_id: str
    pseudonym: str
    currency_code: str
    sessions: int
    minutes: int
    earned_minor: int
    #: Every payment recorded in this currency, handed over or not.
    recorded_minor: int
    outstanding_minor: int
    #: How much more has been recorded than earned; 0 unless too much was recorded.
    overpaid_minor: int


@dataclass(frozen=True)
class PaymentRow:
    """A recorded honorarium payment; ``paid`` is False until it has been handed over."""

    id: str
    receipt_number: str
    participant_id: str
    pseudonym: str
    workshop_id: str | None
    amount_minor: int
    currency_code: str
    method: PaymentMethod
    paid_on: date | None
    note: str

    @property
    def paid(self) -> bool:
        """Whether the money has been handed over."""
        return self.paid_on is not None


@dataclass(frozen=True)
class ParticipantPaymentTotal:
    """One participant's payments in one currency: handed over (paid) and still to hand over (due)."""

    participant_id: str
    pseudonym: str
    currency_code: str
    paid_minor: int
    due_minor: int


@dataclass(frozen=True)
class CurrencyPaymentTotal:
    """All payments in one currency: handed over (paid) and still to hand over (due)."""

    currency_code: str
    paid_minor: int
    due_minor: int


@dataclass(frozen=True)
class PaymentTotals:
    """Payment totals per participant per currency, and per currency overall."""

    by_participant: tuple[ParticipantPaymentTotal, ...]
    by_currency: tuple[CurrencyPaymentTotal, ...]


@dataclass(frozen=True)
class SpeakingTurnRow:
    """One timed turn to speak."""

    id: str
    participant_id: str
    workshop_id: str | None
    started_at: datetime
    seconds: int

    @property
    def passed(self) -> bool:
        """Whether the person was offered this turn and passed (a pass lasts 0 seconds)."""
        return self.seconds == 0


# --------------------------------------------------------------------------- rows from records


def _consent_complete(participant: Participant) -> bool:
    if participant.consent_on is None:
        return False
    return not participant.under_18 or participant.guardian_consent_on is not None


def _can_take_part(participant: Participant) -> bool:
    return (
        _consent_complete(participant) and participant.withdrawn_on is None and participant.erased_at is None
    )


def _participant_row(participant: Participant) -> ParticipantRow:
    return ParticipantRow(
        id=participant.id,
        pseudonym=participant.pseudonym,
        full_name=participant.full_name,
        contact=participant.contact,
        role=participant.role,
        under_18=participant.under_18,
        consent_on=participant.consent_on,
        guardian_consent_on=participant.guardian_consent_on,
        language=participant.language,
        access_needs=participant.access_needs,
        is_panellist=participant.is_panellist,
        withdrawn_on=participant.withdrawn_on,
        erased=participant.erased_at is not None,
        consent_complete=_consent_complete(participant),
        can_take_part=_can_take_part(participant),
    )


def _agenda(session: Session, workshop_id: str) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem).where(AgendaItem.workshop_id == workshop_id).order_by(AgendaItem.position)
        )
    )


def _workshop_row(session: Session, workshop: Workshop) -> WorkshopRow:
    agenda = tuple(AgendaItemRow(i.id, i.position, i.title, i.minutes) for i in _agenda(session, workshop.id))
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


def _payment_row(payment: Payment, pseudonym: str) -> PaymentRow:
    return PaymentRow(
        id=payment.id,
        receipt_number=payment.receipt_number,
        participant_id=payment.participant_id,
        pseudonym=pseudonym,
        workshop_id=payment.workshop_id,
        amount_minor=payment.amount_minor,
        currency_code=payment.currency_code,
        method=payment.method,
        paid_on=payment.paid_on,
        note=payment.note,
    )


def _turn_row(turn: SpeakingTurn) -> SpeakingTurnRow:
    return SpeakingTurnRow(turn.id, turn.participant_id, turn.workshop_id, turn.started_at, turn.seconds)


# --------------------------------------------------------------------------- checks


def _minutes(value: object, what: str) -> int:
    message = f"{what} lasts a whole number of minutes, from 1 to {MAX_MINUTES}."
    return whole_number(value, message, low=1, high=MAX_MINUTES)


def _day(value: object, what: str) -> date | None:
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise InvalidInput(f"{what} must be a date, such as 2026-02-07.")
    return value


def _short_text(value: str | None, limit: int, what: str) -> str:
    cleaned = (value or "").strip()
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is too long; keep it to {limit} characters.")
    return cleaned


def _optional_text(value: str | None, limit: int, what: str) -> str | None:
    """Trimmed text, or None when nothing was written (so no empty personal data is kept)."""
    return _short_text(value, limit, what) or None


def _role(value: Role | str) -> Role:
    return one_of(Role, value, "a role")


def _pseudonym_text(value: str) -> str:
    """A trimmed pseudonym short enough for the screen (whether it is free is checked apart)."""
    return plain_name(
        _short_text(required_text(value, "Give the participant a pseudonym to show on screen."), 80, "The pseudonym"),
        "The pseudonym",
    )


def _full_name(value: str | None) -> str | None:
    """A trimmed full name, or None when none was given."""
    name = _optional_text(value, 200, "The full name")
    return None if name is None else plain_name(name, "The full name")


def _pseudonym(session: Session, commission_id: str, value: str, participant_id: str | None = None) -> str:
    """A trimmed pseudonym no one else in the commission uses, ignoring case."""
    pseudonym = _pseudonym_text(value)
    taken = session.execute(
        select(Participant.id, Participant.pseudonym).where(Participant.commission_id == commission_id)
    )
    for other_id, other in taken:
        if other_id != participant_id and other.casefold() == pseudonym.casefold():
            raise RuleBroken(
                f"The pseudonym {pseudonym!r} is already taken in this commission; choose another."
            )
    return pseudonym


def _language(value: str) -> str:
    cleaned = required_text(value, "Say which language the participant prefers, such as English.")
    return _short_text(cleaned, 40, "The language")


def _title(value: str, what: str) -> str:
    return _short_text(required_text(value, f"Give the {what} a title."), 200, f"The {what} title")


def _why_cannot_take_part(participant: Participant, doing: str) -> str | None:
    """Why ``doing`` cannot be recorded for this person, naming them by pseudonym; None if it can."""
    name = participant.pseudonym
    if participant.erased_at is not None:
        return f"{name}'s details have been erased, so {doing} cannot be recorded."
    if participant.withdrawn_on is not None:
        return f"{name} has withdrawn from the commission, so {doing} cannot be recorded."
    if participant.consent_on is None:
        return f"Record {name}'s consent before recording {doing}."
    if not _consent_complete(participant):
        return f"{name} is under 18: record a parent's or guardian's consent before recording {doing}."
    return None


def _require_taking_part(participant: Participant, doing: str) -> None:
    """Refuse to record ``doing`` for someone who cannot take part, saying who and why."""
    why = _why_cannot_take_part(participant, doing)
    if why is not None:
        raise RuleBroken(why)


# --------------------------------------------------------------------------- participants


def _checked_details(details: NewParticipant) -> tuple[dict[str, Any], list[str]]:
    """A new participant's details, trimmed and checked one by one, and every problem found."""
    checks: dict[str, Callable[[], Any]] = {
        "pseudonym": lambda: _pseudonym_text(details.pseudonym),
        "full_name": lambda: _full_name(details.full_name),
        "contact": lambda: _optional_text(details.contact, 200, "The contact detail"),
        "role": lambda: _role(details.role),
        "under_18": lambda: bool(details.under_18),
        "consent_on": lambda: _day(details.consent_on, "The consent date"),
        "guardian_consent_on": lambda: _day(details.guardian_consent_on, "The guardian's consent date"),
        "language": lambda: _language(details.language),
        "access_needs": lambda: (details.access_needs or "").strip(),
    }
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, check in checks.items():
        try:
            values[name] = check()
        except ServiceError as exc:
            problems.append(exc.message)
    return values, problems


def participant_problems(details: NewParticipant) -> tuple[str, ...]:
    """What is wrong with a new participant's details on their own, one sentence each (none: all fine).

    Whether the pseudonym is free in the commission is not checked here; adding them checks it.
    """
    return tuple(_checked_details(details)[1])


def add_participant(
    session: Session,
    *,
    commission_id: str,
    pseudonym: str,
    full_name: str | None = None,
    contact: str | None = None,
    role: Role | str = Role.YOUNG_PERSON,
    under_18: bool = False,
    consent_on: date | None = None,
    guardian_consent_on: date | None = None,
    language: str = "English",
    access_needs: str = "",
) -> ParticipantRow:
    """Add a participant under a pseudonym unique in the commission; consent may follow later."""
    fetch(session, Commission, commission_id, what="commission")
    pseudonym = _pseudonym(session, commission_id, pseudonym)
    values, problems = _checked_details(
        NewParticipant(
            pseudonym=pseudonym,
            full_name=full_name,
            contact=contact,
            role=role,
            under_18=under_18,
            consent_on=consent_on,
            guardian_consent_on=guardian_consent_on,
            language=language,
            access_needs=access_needs,
        )
    )
    if problems:
        raise InvalidInput(problems[0])
    participant = Participant(id=new_id(), commission_id=commission_id, **values)
    session.add(participant)
    record(
        session,
        commission_id=commission_id,
        action="participant.added",
        summary="Participant added",
        details={"participant_id": participant.id, "role": participant.role.value},
        changed=("participant", participant.id),
    )
    return _participant_row(participant)


def import_participants(
    session: Session, *, commission_id: str, rows: Sequence[NewParticipant]
) -> tuple[ParticipantRow, ...]:
    """Add everyone in a list at once, or no one: every problem is reported together, by line.

    Pseudonyms must be free in the commission and differ from each other, ignoring case. The
    audit log records how many were added, by role, never who.
    """
    fetch(session, Commission, commission_id, what="commission")
    if not rows:
        raise InvalidInput("There is no one in the list to add.")
    taken = {
        pseudonym.casefold()
        for pseudonym in session.scalars(
            select(Participant.pseudonym).where(Participant.commission_id == commission_id)
        )
    }
    first_place: dict[str, str] = {}
    problems: list[str] = []
    participants: list[Participant] = []
    for number, details in enumerate(rows, start=1):
        place = f"line {details.line}" if details.line is not None else f"person {number}"
        values, found = _checked_details(details)
        problems.extend(f"{place.capitalize()}: {problem}" for problem in found)
        if "pseudonym" in values:
            pseudonym = values["pseudonym"]
            key = pseudonym.casefold()
            if key in taken:
                problems.append(
                    f"{place.capitalize()}: the pseudonym {quoted(pseudonym)} is already taken in this "
                    "commission; choose another."
                )
            elif key in first_place:
                problems.append(
                    f"{place.capitalize()}: the pseudonym {quoted(pseudonym)} is also on {first_place[key]}; "
                    "give each person their own."
                )
            else:
                first_place[key] = place
        if not found:
            participants.append(Participant(id=new_id(), commission_id=commission_id, **values))
    if problems:
        count = len(problems)
        raise InvalidInput(
            f"No one was added: there {'is 1 problem' if count == 1 else f'are {count} problems'} "
            f"to put right first. {problem_list(problems)}"
        )
    session.add_all(participants)
    roles: dict[str, int] = defaultdict(int)
    for participant in participants:
        roles[participant.role.value] += 1
    record(
        session,
        commission_id=commission_id,
        action="participants.imported",
        summary=f"{len(participants)} participants added from a list",
        details={
            "count": len(participants),
            "under_18": sum(1 for participant in participants if participant.under_18),
            "roles": dict(sorted(roles.items())),
        },
    )
    for participant in participants:
        note_change(session, "participant", participant.id, commission_id=commission_id)
    return tuple(_participant_row(participant) for participant in participants)


def update_participant(
    session: Session,
    *,
    participant_id: str,
    pseudonym: str | None = None,
    full_name: str | None = None,
    contact: str | None = None,
    role: Role | str | None = None,
    under_18: bool | None = None,
    consent_on: date | None = None,
    guardian_consent_on: date | None = None,
    language: str | None = None,
    access_needs: str | None = None,
) -> ParticipantRow:
    """Change a participant's details; None leaves a detail as it is, "" clears a name or contact."""
    participant = fetch(session, Participant, participant_id, what="participant")
    if participant.erased_at is not None:
        raise RuleBroken("This participant's details have been erased and can no longer be changed.")
    if pseudonym is not None:
        participant.pseudonym = _pseudonym(session, participant.commission_id, pseudonym, participant.id)
    if full_name is not None:
        participant.full_name = _full_name(full_name)
    if contact is not None:
        participant.contact = _optional_text(contact, 200, "The contact detail")
    if role is not None:
        participant.role = _role(role)
    if under_18 is not None:
        participant.under_18 = bool(under_18)
    if consent_on is not None:
        participant.consent_on = _day(consent_on, "The consent date")
    if guardian_consent_on is not None:
        participant.guardian_consent_on = _day(guardian_consent_on, "The guardian's consent date")
    if language is not None:
        participant.language = _language(language)
    if access_needs is not None:
        participant.access_needs = access_needs.strip()
    record(
        session,
        commission_id=participant.commission_id,
        action="participant.updated",
        summary="Participant details changed",
        details={"participant_id": participant.id},
        changed=("participant", participant.id),
    )
    return _participant_row(participant)


def record_consent(
    session: Session,
    *,
    participant_ids: Sequence[str],
    consent_on: date,
    guardian_consent_on: date | None = None,
) -> tuple[ParticipantRow, ...]:
    """Record consent for several people at once (the day a group's forms came back).

    Consent already recorded is kept, not moved to the new date. ``guardian_consent_on`` is
    recorded only for the under-18s among them who have none yet. Erased people are refused
    by name, and then nobody's consent changes.
    """
    if not participant_ids:
        raise InvalidInput("Choose the people whose consent to record.")
    given = _day(consent_on, "The consent date")
    if given is None:
        raise InvalidInput("Give the date the consent was given.")
    guardian = _day(guardian_consent_on, "The guardian's consent date")
    chosen = [fetch(session, Participant, participant_id, what="participant") for participant_id in participant_ids]
    erased = [p.pseudonym for p in chosen if p.erased_at is not None]
    if erased:
        raise RuleBroken(
            f"The details of {', '.join(erased)} have been erased, so their consent cannot be recorded; "
            "choose only people still taking part."
        )
    for participant in chosen:
        changed = False
        if participant.consent_on is None:
            participant.consent_on = given
            changed = True
        if participant.under_18 and guardian is not None and participant.guardian_consent_on is None:
            participant.guardian_consent_on = guardian
            changed = True
        if changed:
            record(
                session,
                commission_id=participant.commission_id,
                action="participant.consent",
                summary="Consent recorded",
                details={"participant_id": participant.id},
                changed=("participant", participant.id),
            )
    return tuple(_participant_row(participant) for participant in chosen)


def withdraw_participant(
    session: Session, *, participant_id: str, withdrawn_on: date | None = None
) -> ParticipantRow:
    """Record that a participant has left (today unless a date is given); what they did stays on record."""
    participant = fetch(session, Participant, participant_id, what="participant")
    if participant.withdrawn_on is not None:
        raise RuleBroken(f"This participant already withdrew on {participant.withdrawn_on.isoformat()}.")
    participant.withdrawn_on = _day(withdrawn_on, "The date of withdrawal") or today()
    record(
        session,
        commission_id=participant.commission_id,
        action="participant.withdrawn",
        summary="Participant withdrew",
        details={"participant_id": participant.id, "withdrawn_on": participant.withdrawn_on.isoformat()},
        changed=("participant", participant.id),
    )
    return _participant_row(participant)


def get_participant(session: Session, *, participant_id: str) -> ParticipantRow:
    """One participant as plain data."""
    return _participant_row(fetch(session, Participant, participant_id, what="participant"))


def _participants(session: Session, commission_id: str) -> list[Participant]:
    found = session.scalars(select(Participant).where(Participant.commission_id == commission_id))
    return sorted(found, key=lambda p: (name_sort_key(p.pseudonym), p.id))


def list_participants(
    session: Session, *, commission_id: str, include_withdrawn: bool = True
) -> tuple[ParticipantRow, ...]:
    """The commission's participants by pseudonym; without withdrawn (or erased) ones if asked."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(
        _participant_row(p)
        for p in _participants(session, commission_id)
        if include_withdrawn or (p.withdrawn_on is None and p.erased_at is None)
    )


# --------------------------------------------------------------------------- workshops and agendas


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
        title=_title(title, "workshop"),
        held_on=_day(held_on, "The workshop date"),
        venue=_short_text(venue, 200, "The venue"),
        minutes=_minutes(minutes, "A workshop"),
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
    return _workshop_row(session, workshop)


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
        workshop.title = _title(title, "workshop")
    if held_on is not None:
        workshop.held_on = _day(held_on, "The workshop date")
    if venue is not None:
        workshop.venue = _short_text(venue, 200, "The venue")
    adjusted = 0
    if minutes is not None:
        new_length = _minutes(minutes, "A workshop")
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
    return _workshop_row(session, workshop)


def get_workshop(session: Session, *, workshop_id: str) -> WorkshopRow:
    """One workshop with its agenda."""
    return _workshop_row(session, fetch(session, Workshop, workshop_id, what="workshop"))


def list_workshops(session: Session, *, commission_id: str) -> tuple[WorkshopRow, ...]:
    """The commission's workshops in number order, each with its agenda."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_workshop_row(session, workshop) for workshop in _workshops(session, commission_id))


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
    agenda = _agenda(session, workshop.id)
    item = AgendaItem(
        id=unused_id(session, AgendaItem, item_id, what="agenda item"),
        workshop_id=workshop.id,
        position=len(agenda) + 1,
        title=_title(title, "agenda item"),
        minutes=_minutes(minutes, "An agenda item"),
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
        item.title = _title(title, "agenda item")
    if minutes is not None:
        item.minutes = _minutes(minutes, "An agenda item")
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
    remove_from(session, _agenda(session, workshop.id), item)
    _audit_agenda(
        session,
        workshop,
        "agenda_item.removed",
        f"Agenda item removed from workshop {workshop.number}",
        item_id,
    )
    return _workshop_row(session, workshop)


def move_agenda_item(session: Session, *, item_id: str, to_position: int) -> WorkshopRow:
    """Move an agenda item to ``to_position`` (1 is first); the others close up around it."""
    item, workshop = _agenda_item(session, item_id)
    move_to(_agenda(session, workshop.id), item, to_position)
    _audit_agenda(
        session,
        workshop,
        "agenda_item.moved",
        f"Agenda item moved to position {to_position} in workshop {workshop.number}",
        item.id,
    )
    return _workshop_row(session, workshop)


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
        _require_taking_part(participant, "their attendance")
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
        and (why := _why_cannot_take_part(participant, "their attendance")) is not None
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
        for p in _participants(session, workshop.commission_id)
        if p.id in records or (p.withdrawn_on is None and p.erased_at is None)
    )


# --------------------------------------------------------------------------- honoraria and payments


def earned_minor(*, basis: HonorariumBasis, rate_minor: int, sessions: int, minutes: int) -> int:
    """An honorarium: per hour, rate × minutes / 60 rounded half up; per session, rate × sessions."""
    if HonorariumBasis(basis) is HonorariumBasis.SESSION:
        return rate_minor * sessions
    # Whole-number arithmetic, so half a penny always rounds up and no float creeps in.
    return (2 * rate_minor * minutes + 60) // 120


def _attended(session: Session, commission_id: str) -> dict[str, tuple[int, int]]:
    """Workshops attended and minutes in total, per participant."""
    totals: dict[str, tuple[int, int]] = {}
    rows = session.execute(
        select(Attendance.participant_id, Attendance.minutes)
        .join(Workshop, Workshop.id == Attendance.workshop_id)
        .where(Workshop.commission_id == commission_id)
    )
    for participant_id, minutes in rows:
        sessions, total = totals.get(participant_id, (0, 0))
        totals[participant_id] = (sessions + 1, total + minutes)
    return totals


def _payments(session: Session, commission_id: str) -> list[Payment]:
    found = session.scalars(select(Payment).where(Payment.commission_id == commission_id))
    return sorted(found, key=lambda p: (_receipt_sequence(p.receipt_number), p.id))


def honoraria_due(session: Session, *, commission_id: str) -> tuple[HonorariumDue, ...]:
    """Per participant: workshops and minutes attended, the honorarium earned, recorded and outstanding.

    Young people and service users are listed, withdrawn ones too (they are owed for what they
    came to), as is anyone else with a payment in the honorarium currency.
    """
    commission = fetch(session, Commission, commission_id, what="commission")
    code = commission.honorarium_currency_code
    attended = _attended(session, commission_id)
    recorded: dict[str, int] = defaultdict(int)
    for payment in _payments(session, commission_id):
        if payment.currency_code == code:
            recorded[payment.participant_id] += payment.amount_minor
    lines = []
    for participant in _participants(session, commission_id):
        if participant.role not in VOICE_ROLES and participant.id not in recorded:
            continue
        sessions, minutes = attended.get(participant.id, (0, 0))
        earned = (
            earned_minor(
                basis=commission.honorarium_basis,
                rate_minor=commission.honorarium_rate_minor,
                sessions=sessions,
                minutes=minutes,
            )
            if participant.role in VOICE_ROLES
            else 0
        )
        paid = recorded[participant.id]
        lines.append(
            HonorariumDue(
                participant.id,
                participant.pseudonym,
                code,
                sessions,
                minutes,
                earned,
                paid,
                max(earned - paid, 0),
                max(paid - earned, 0),
            )
        )
    return tuple(lines)


def _receipt_sequence(receipt_number: str) -> int:
    match = _RECEIPT.match(receipt_number)
    return int(match.group(1)) if match else 0


def _next_receipt_number(session: Session, commission_id: str) -> str:
    # One past the highest issued: a payment is deleted only when Undo takes back the latest one before it
    # was handed over (``cancel_payment``), so no number of a handed-over payment ever comes round again.
    numbers = session.scalars(select(Payment.receipt_number).where(Payment.commission_id == commission_id))
    return f"R-{max((_receipt_sequence(n) for n in numbers), default=0) + 1:04d}"


def record_payment(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    amount_minor: int,
    currency_code: str,
    method: PaymentMethod | str,
    paid_on: date | None = None,
    workshop_id: str | None = None,
    note: str = "",
    payment_id: str | None = None,
) -> PaymentRow:
    """Record an honorarium payment with the next receipt number; without ``paid_on`` it is still due.

    ``payment_id`` is the id it is to have (Redo records the very payment Undo took back).
    """
    fetch(session, Commission, commission_id, what="commission")
    participant = fetch(session, Participant, participant_id, what="participant", commission_id=commission_id)
    amount = money_amount(amount_minor, "A payment", low=1)
    code = (currency_code or "").strip().upper()
    currency_info(session, commission_id=commission_id, code=code)
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
    if payment_id is not None and session.get(Payment, payment_id) is not None:
        raise InvalidInput("That payment is already recorded; nothing was added.")
    payment = Payment(
        id=payment_id or new_id(),
        commission_id=commission_id,
        participant_id=participant.id,
        workshop_id=workshop_id,
        amount_minor=amount,
        currency_code=code,
        method=one_of(PaymentMethod, method, "a way of paying"),
        receipt_number=_next_receipt_number(session, commission_id),
        paid_on=_day(paid_on, "The date paid"),
        note=(note or "").strip(),
    )
    session.add(payment)
    record(
        session,
        commission_id=commission_id,
        action="payment.recorded",
        summary=f"Payment {payment.receipt_number} recorded",
        details={
            "payment_id": payment.id,
            "participant_id": participant.id,
            "amount_minor": amount,
            "currency_code": code,
            "paid_on": payment.paid_on,
        },
        changed=("payment", payment.id),
        subject=payment,
    )
    return _payment_row(payment, participant.pseudonym)


def mark_payment_paid(session: Session, *, payment_id: str, paid_on: date) -> PaymentRow:
    """Record the day a payment that was due was handed over."""
    payment = fetch(session, Payment, payment_id, what="payment")
    if payment.paid_on is not None:
        raise RuleBroken(
            f"Payment {payment.receipt_number} was already marked paid on {payment.paid_on.isoformat()}."
        )
    if paid_on is None:
        raise InvalidInput("Give the date the payment was handed over.")
    payment.paid_on = _day(paid_on, "The date paid")
    record(
        session,
        commission_id=payment.commission_id,
        action="payment.paid",
        summary=f"Payment {payment.receipt_number} marked paid",
        details={"payment_id": payment.id, "paid_on": payment.paid_on},
        changed=("payment", payment.id),
        subject=payment,
    )
    participant = fetch(session, Participant, payment.participant_id, what="participant")
    return _payment_row(payment, participant.pseudonym)


def mark_payment_unpaid(session: Session, *, payment_id: str) -> PaymentRow:
    """Take back marking a payment paid (Undo of a slip): it is due again."""
    payment = fetch(session, Payment, payment_id, what="payment")
    if payment.paid_on is None:
        raise RuleBroken(f"Payment {payment.receipt_number} is not marked paid, so there is nothing to take back.")
    payment.paid_on = None
    record(
        session,
        commission_id=payment.commission_id,
        action="payment.unpaid",
        summary=f"Payment {payment.receipt_number} marked due again",
        details={"payment_id": payment.id},
        changed=("payment", payment.id),
        subject=payment,
    )
    participant = fetch(session, Participant, payment.participant_id, what="participant")
    return _payment_row(payment, participant.pseudonym)


def cancel_payment(session: Session, *, payment_id: str) -> None:
    """Take back a payment just recorded and not yet handed over (Undo), while it holds the latest receipt number.

    A payment handed over has a signed receipt, and an earlier receipt number would leave a gap
    in the receipts, so both are refused.
    """
    payment = fetch(session, Payment, payment_id, what="payment")
    if payment.paid_on is not None:
        raise RuleBroken(
            f"Payment {payment.receipt_number} has been handed over and its receipt stands; it cannot be taken back."
        )
    if _next_receipt_number(session, payment.commission_id) != f"R-{_receipt_sequence(payment.receipt_number) + 1:04d}":
        raise RuleBroken(
            f"Later payments follow receipt {payment.receipt_number}, so taking it back would leave a gap; "
            "record a correction in its note instead."
        )
    commission_id, number = payment.commission_id, payment.receipt_number
    session.delete(payment)
    record(
        session,
        commission_id=commission_id,
        action="payment.cancelled",
        summary=f"Payment {number} taken back",
        details={"payment_id": payment_id},
        changed=("payment", payment_id),
        removed=[("payment", payment_id)],
    )


def list_payments(
    session: Session, *, commission_id: str, participant_id: str | None = None
) -> tuple[PaymentRow, ...]:
    """The commission's payments in receipt order, or one participant's."""
    fetch(session, Commission, commission_id, what="commission")
    pseudonyms = {p.id: p.pseudonym for p in _participants(session, commission_id)}
    return tuple(
        _payment_row(payment, pseudonyms.get(payment.participant_id, ""))
        for payment in _payments(session, commission_id)
        if participant_id is None or payment.participant_id == participant_id
    )


def payment_totals(session: Session, *, commission_id: str) -> PaymentTotals:
    """Totals paid and still due, per participant per currency and per currency overall."""
    payments = list_payments(session, commission_id=commission_id)
    per_person: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    per_currency: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    names = {}
    for payment in payments:
        names[payment.participant_id] = payment.pseudonym
        slot = 0 if payment.paid else 1
        per_person[(payment.participant_id, payment.currency_code)][slot] += payment.amount_minor
        per_currency[payment.currency_code][slot] += payment.amount_minor
    by_participant = sorted(
        (
            ParticipantPaymentTotal(pid, names[pid], code, paid, due)
            for (pid, code), (paid, due) in per_person.items()
        ),
        key=lambda t: (name_sort_key(t.pseudonym), t.participant_id, t.currency_code),
    )
    by_currency = sorted(
        (CurrencyPaymentTotal(code, paid, due) for code, (paid, due) in per_currency.items()),
        key=lambda t: t.currency_code,
    )
    return PaymentTotals(tuple(by_participant), tuple(by_currency))


# --------------------------------------------------------------------------- speaking turns


def record_speaking_turn(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    seconds: int,
    workshop_id: str | None = None,
    started_at: datetime | None = None,
) -> SpeakingTurnRow:
    """Record that a participant spoke for ``seconds``, in a workshop if given (now unless ``started_at``)."""
    return _add_turn(
        session,
        commission_id=commission_id,
        participant_id=participant_id,
        workshop_id=workshop_id,
        started_at=started_at,
        seconds=seconds,
    )


def record_pass(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    workshop_id: str | None = None,
    started_at: datetime | None = None,
) -> SpeakingTurnRow:
    """Record that a participant was offered a turn and passed: no speaking time, and still not heard.

    A pass is a turn of 0 seconds, so it is kept in order with the turns but never counts as speaking.
    """
    return _add_turn(
        session,
        commission_id=commission_id,
        participant_id=participant_id,
        workshop_id=workshop_id,
        started_at=started_at,
        seconds=None,
    )


def _add_turn(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    workshop_id: str | None,
    started_at: datetime | None,
    seconds: int | None,
) -> SpeakingTurnRow:
    """One speaking turn of ``seconds``, or a pass when ``seconds`` is None, checked and recorded in the audit."""
    passed = seconds is None
    fetch(session, Commission, commission_id, what="commission")
    participant = fetch(session, Participant, participant_id, what="participant", commission_id=commission_id)
    _require_taking_part(participant, "a pass" if passed else "a speaking turn")
    limit = MAX_TURN_SECONDS
    if workshop_id is not None:
        workshop = fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
        limit = workshop.minutes * 60
    length = 0 if passed else whole_number(
        seconds, f"A speaking turn lasts a whole number of seconds, from 1 to {limit}.", low=1, high=limit
    )
    if started_at is not None and (not isinstance(started_at, datetime) or started_at.tzinfo is None):
        what = "The time of a pass" if passed else "The start of a speaking turn"
        raise InvalidInput(f"{what} must be a date and time with its time zone.")
    turn = SpeakingTurn(
        id=new_id(),
        commission_id=commission_id,
        workshop_id=workshop_id,
        participant_id=participant.id,
        started_at=started_at or utcnow(),
        seconds=length,
    )
    session.add(turn)
    details: dict[str, object] = {"speaking_turn_id": turn.id, "participant_id": participant.id, "workshop_id": workshop_id}
    if not passed:
        details["seconds"] = length
    record(
        session,
        commission_id=commission_id,
        action="speaking_turn.passed" if passed else "speaking_turn.recorded",
        summary="Pass recorded in a go-round" if passed else "Speaking turn recorded",
        details=details,
        changed=("speaking_turn", turn.id),
    )
    return _turn_row(turn)


def _turns(session: Session, commission_id: str, workshop_id: str | None) -> list[SpeakingTurn]:
    query = select(SpeakingTurn).where(SpeakingTurn.commission_id == commission_id)
    if workshop_id is not None:
        query = query.where(SpeakingTurn.workshop_id == workshop_id)
    return list(session.scalars(query.order_by(SpeakingTurn.started_at, SpeakingTurn.id)))


def list_speaking_turns(
    session: Session, *, commission_id: str, workshop_id: str | None = None
) -> tuple[SpeakingTurnRow, ...]:
    """The commission's speaking turns in the order they started, or one workshop's."""
    fetch(session, Commission, commission_id, what="commission")
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
    return tuple(_turn_row(turn) for turn in _turns(session, commission_id, workshop_id))


def _in_the_room(
    session: Session, commission_id: str, workshop_id: str | None, voices: frozenset[Role]
) -> set[str]:
    """Who should have had a chance to speak: the workshop's attendees once its register is
    taken, otherwise everyone with one of ``voices`` roles still taking part."""
    if workshop_id is not None:
        present = set(
            session.scalars(select(Attendance.participant_id).where(Attendance.workshop_id == workshop_id))
        )
        if present:
            return present
    return {
        p.id
        for p in _participants(session, commission_id)
        if p.role in voices and p.withdrawn_on is None and p.erased_at is None
    }


def speaking_balance_for(
    session: Session, *, commission_id: str, workshop_id: str | None = None, include_running: bool = False
) -> SpeakingBalance:
    """How evenly the talking was shared, in one workshop or across the commission.

    Everyone in the room counts, silent people included (they are the ``not_heard``): a
    workshop's attendees once its register is taken, otherwise the young people and service
    users still taking part; anyone else who spoke is counted too. The facilitators and
    commissioners (``RUNNING_ROLES``) are left out unless ``include_running``. Passes are
    counted apart from turns. Participants are in pseudonym order, which is how
    ``go_round_order`` breaks ties.
    """
    fetch(session, Commission, commission_id, what="commission")
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
    voices = VOICE_ROLES | RUNNING_ROLES if include_running else VOICE_ROLES
    turns = _turns(session, commission_id, workshop_id)
    counted = _in_the_room(session, commission_id, workshop_id, voices) | {turn.participant_id for turn in turns}
    people = _participants(session, commission_id)
    if not include_running:
        counted -= {p.id for p in people if p.role in RUNNING_ROLES}
    order = [p.id for p in people if p.id in counted]
    return speaking_balance(
        participants=order,
        turns=[(turn.participant_id, turn.seconds) for turn in turns if turn.participant_id in counted and turn.seconds > 0],
        passes=[turn.participant_id for turn in turns if turn.participant_id in counted and turn.seconds == 0],
    )


def whole_percentages(shares: Sequence[float]) -> list[int]:
    """Shares (fractions adding up to 1, or all 0) as whole percents that add up to exactly 100.

    Largest remainder: round everyone down, then give the missing points to the
    largest fractions, so a column of shares never reads 99% or 101%.
    """
    total = sum(shares)
    if total <= 0:
        return [0 for _ in shares]
    exact = [share / total * 100 for share in shares]
    floors = [int(value) for value in exact]
    missing = 100 - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda n: exact[n] - floors[n], reverse=True)
    for n in by_remainder[:missing]:
        floors[n] += 1
    return floors
