"""Participants: who is taking part under which pseudonym, and their consent.

Rules kept here:

- A pseudonym is what screens show, so it must be unique within the commission
  (ignoring case: "Blaze" and "blaze" look the same on a projector).
- Someone can take part only once their consent is recorded, and, if they are under 18,
  a parent's or guardian's consent too. Until then, and once they have withdrawn or their
  details have been erased, their attendance cannot be ticked and their turns not timed
  (``why_cannot_take_part``, asked by attendance and speaking turns alike).
- Audit entries name participants by id only: never a pseudonym, never a name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Commission, Participant, Role, new_id
from cocommission.model.base import today
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.checks import one_of, optional_day
from cocommission.services.collation import name_sort_key
from cocommission.services.errors import InvalidInput, RuleBroken, ServiceError
from cocommission.services.lookup import fetch
from cocommission.services.text import (
    optional_text,
    plain_name,
    problem_list,
    quoted,
    required_text,
    short_text,
)

#: Roles paid an honorarium and whose share of the talking is watched: the service's users.
#: Facilitators, commissioners and observers are paid by their employers and talk anyway.
VOICE_ROLES = frozenset({Role.YOUNG_PERSON, Role.SERVICE_USER})


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


# --------------------------------------------------------------------------- rows from records


def consent_complete(participant: Participant) -> bool:
    """Consent recorded, and a parent's or guardian's too for an under-18."""
    if participant.consent_on is None:
        return False
    return not participant.under_18 or participant.guardian_consent_on is not None


def can_take_part(participant: Participant) -> bool:
    """Consent complete, not withdrawn and not erased: attendance and turns may be recorded."""
    return (
        consent_complete(participant) and participant.withdrawn_on is None and participant.erased_at is None
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
        consent_complete=consent_complete(participant),
        can_take_part=can_take_part(participant),
    )


# --------------------------------------------------------------------------- checks


def _role(value: Role | str) -> Role:
    return one_of(Role, value, "a role")


def _pseudonym_text(value: str) -> str:
    """A trimmed pseudonym short enough for the screen (whether it is free is checked apart)."""
    return plain_name(
        short_text(required_text(value, "Give the participant a pseudonym to show on screen."), 80, "The pseudonym"),
        "The pseudonym",
    )


def _full_name(value: str | None) -> str | None:
    """A trimmed full name, or None when none was given."""
    name = optional_text(value, 200, "The full name")
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
    return short_text(cleaned, 40, "The language")


def why_cannot_take_part(participant: Participant, doing: str) -> str | None:
    """Why ``doing`` cannot be recorded for this person, naming them by pseudonym; None if it can."""
    name = participant.pseudonym
    if participant.erased_at is not None:
        return f"{name}'s details have been erased, so {doing} cannot be recorded."
    if participant.withdrawn_on is not None:
        return f"{name} has withdrawn from the commission, so {doing} cannot be recorded."
    if participant.consent_on is None:
        return f"Record {name}'s consent before recording {doing}."
    if not consent_complete(participant):
        return f"{name} is under 18: record a parent's or guardian's consent before recording {doing}."
    return None


def require_taking_part(participant: Participant, doing: str) -> None:
    """Refuse to record ``doing`` for someone who cannot take part, saying who and why."""
    why = why_cannot_take_part(participant, doing)
    if why is not None:
        raise RuleBroken(why)


# --------------------------------------------------------------------------- participants


def _checked_details(details: NewParticipant) -> tuple[dict[str, Any], list[str]]:
    """A new participant's details, trimmed and checked one by one, and every problem found."""
    checks: dict[str, Callable[[], Any]] = {
        "pseudonym": lambda: _pseudonym_text(details.pseudonym),
        "full_name": lambda: _full_name(details.full_name),
        "contact": lambda: optional_text(details.contact, 200, "The contact detail"),
        "role": lambda: _role(details.role),
        "under_18": lambda: bool(details.under_18),
        "consent_on": lambda: optional_day(details.consent_on, "The consent date"),
        "guardian_consent_on": lambda: optional_day(details.guardian_consent_on, "The guardian's consent date"),
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
        participant.contact = optional_text(contact, 200, "The contact detail")
    if role is not None:
        participant.role = _role(role)
    if under_18 is not None:
        participant.under_18 = bool(under_18)
    if consent_on is not None:
        participant.consent_on = optional_day(consent_on, "The consent date")
    if guardian_consent_on is not None:
        participant.guardian_consent_on = optional_day(guardian_consent_on, "The guardian's consent date")
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
    given = optional_day(consent_on, "The consent date")
    if given is None:
        raise InvalidInput("Give the date the consent was given.")
    guardian = optional_day(guardian_consent_on, "The guardian's consent date")
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
    participant.withdrawn_on = optional_day(withdrawn_on, "The date of withdrawal") or today()
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


def participants_by_pseudonym(session: Session, commission_id: str) -> list[Participant]:
    """Everyone in the commission, withdrawn and erased included, in the order screens list them."""
    found = session.scalars(select(Participant).where(Participant.commission_id == commission_id))
    return sorted(found, key=lambda p: (name_sort_key(p.pseudonym), p.id))


def list_participants(
    session: Session, *, commission_id: str, include_withdrawn: bool = True
) -> tuple[ParticipantRow, ...]:
    """The commission's participants by pseudonym; without withdrawn (or erased) ones if asked."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(
        _participant_row(p)
        for p in participants_by_pseudonym(session, commission_id)
        if include_withdrawn or (p.withdrawn_on is None and p.erased_at is None)
    )


@dataclass(frozen=True)
class ParticipantCounts:
    """How many people are listed, how many can take part, and how many have withdrawn."""

    everyone: int
    #: Consent complete, not withdrawn and not erased (``can_take_part``).
    taking_part: int
    withdrawn: int


def still_taking_part(person: ParticipantRow) -> bool:
    """Not withdrawn and not erased: may still withdraw, join the panel or ask an interview question.

    Unlike ``can_take_part`` it asks nothing of consent, which may yet follow.
    """
    return person.withdrawn_on is None and not person.erased


def count_participants(participants: Sequence[ParticipantRow]) -> ParticipantCounts:
    """The counts the people page sums up its list with, from the rows it lists."""
    return ParticipantCounts(
        everyone=len(participants),
        taking_part=sum(1 for person in participants if person.can_take_part),
        withdrawn=sum(1 for person in participants if person.withdrawn_on is not None),
    )
