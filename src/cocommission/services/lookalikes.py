"""Names and statements that read the same as one already there: "zoe" beside "Zoë", a statement typed twice.

Nothing here refuses anything: two young people may share a first name, and a group may
mean two statements to be separate. The rules only find the lookalikes, so the window can
name the one already there and ask before adding another; the exact same pseudonym is
refused by ``add_participant`` itself.

Two names are alike when they are the same letters once case, accents and spaces are set
aside; two statements when they are the same words once case, accents, punctuation and
spacing are set aside.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Participant
from cocommission.services.text import folded

_WORD = re.compile(r"[^\W_]+")


def _spoken(text: str) -> str:
    """``text`` as it reads aloud: no case, no accents (Zoë → zoe, Łukasz → lukasz), single spaces."""
    return " ".join(folded(text).split())


def name_key(name: str) -> str:
    """What two names must share to be alike: their letters, without case, accents or spaces."""
    return _spoken(name).replace(" ", "")


def statement_key(text: str) -> str:
    """What two statements must share to be alike: their words, without case, accents or punctuation."""
    return " ".join(_WORD.findall(_spoken(text)))


def similar_names(name: str, others: Iterable[str]) -> tuple[str, ...]:
    """The names among ``others`` that read as ``name``, in their order (none for a blank name)."""
    key = name_key(name)
    return tuple(other for other in others if key and name_key(other) == key)


def similar_statements(text: str, others: Iterable[str]) -> tuple[str, ...]:
    """The statements among ``others`` with the same words as ``text``, in their order."""
    key = statement_key(text)
    return tuple(other for other in others if key and statement_key(other) == key)


@dataclass(frozen=True)
class Lookalike:
    """One already there that reads like what was typed: its id and what the screen calls it."""

    id: str
    shown: str


def participants_like(
    session: Session,
    *,
    commission_id: str,
    pseudonym: str,
    full_name: str | None = None,
    leaving_out: str | None = None,
) -> tuple[Lookalike, ...]:
    """The commission's participants whose pseudonym or full name reads like ``pseudonym`` or ``full_name``.

    Each is shown by pseudonym only. ``leaving_out`` is the participant being renamed. Empty when
    the pseudonym is exactly one already taken, which ``add_participant`` refuses with its own reason.
    """
    people = session.scalars(
        select(Participant)
        .where(Participant.commission_id == commission_id, Participant.erased_at.is_(None))
        .order_by(Participant.pseudonym, Participant.id)
    ).all()
    others = [person for person in people if person.id != leaving_out]
    if any(person.pseudonym.casefold() == pseudonym.strip().casefold() for person in others):
        return ()
    typed = [name for name in (pseudonym, full_name or "") if name.strip()]
    found = [
        person
        for person in others
        if any(similar_names(name, [person.pseudonym, person.full_name or ""]) for name in typed)
    ]
    return tuple(Lookalike(person.id, person.pseudonym) for person in found)


def lookalike_participants(
    session: Session, *, commission_id: str, participant_ids: Sequence[str]
) -> tuple[tuple[Lookalike, Lookalike], ...]:
    """Pairs (one of ``participant_ids``, someone it reads like), each pair once: an import's report."""
    people = session.scalars(
        select(Participant)
        .where(Participant.commission_id == commission_id, Participant.erased_at.is_(None))
        .order_by(Participant.pseudonym, Participant.id)
    ).all()
    chosen = set(participant_ids)
    pairs: list[tuple[Lookalike, Lookalike]] = []
    seen: set[frozenset[str]] = set()
    for person in people:
        if person.id not in chosen:
            continue
        names = [name for name in (person.pseudonym, person.full_name or "") if name.strip()]
        for other in people:
            pair = frozenset((person.id, other.id))
            if other.id == person.id or pair in seen:
                continue
            if any(similar_names(name, [other.pseudonym, other.full_name or ""]) for name in names):
                seen.add(pair)
                pairs.append((Lookalike(person.id, person.pseudonym), Lookalike(other.id, other.pseudonym)))
    return tuple(pairs)


def outcomes_like(
    session: Session, *, commission_id: str, text: str, leaving_out: str | None = None
) -> tuple[Lookalike, ...]:
    """The commission's statements (not merged away) with the same words as ``text``, in list order.

    ``leaving_out`` is the statement being edited.
    """
    # Loaded here, not with the module: the People page finds lookalike names as the window
    # opens, and the statements' classes are a later stage's (see ``cocommission.model``).
    from cocommission.model import OutcomeStatement, OutcomeStatus

    statements = session.scalars(
        select(OutcomeStatement)
        .where(
            OutcomeStatement.commission_id == commission_id,
            OutcomeStatement.status != OutcomeStatus.MERGED,
        )
        .order_by(OutcomeStatement.position)
    ).all()
    key = statement_key(text)
    return tuple(
        Lookalike(statement.id, statement.text)
        for statement in statements
        if key and statement.id != leaving_out and statement_key(statement.text) == key
    )
