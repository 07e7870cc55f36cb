"""Joining the room's vote from a phone: printed join cards, the room PIN, and the phones that joined.

A participant joins with their own printed card (its QR code carries a long token; its short
code can be typed instead) or by picking their pseudonym and typing the PIN the facilitator
reads out. The phone then gets a new secret for its cookie, and is known by it until it is
revoked or the same person joins from another phone. Tokens, codes and secrets are stored only
as digests and never written to the audit log; the PIN is never stored at all.

Every refusal is a services error whose message is shown on the participant's phone, so it
speaks to the young person holding it, in plain words, and says what to do next.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import (
    Attendance,
    Commission,
    JoinCard,
    Participant,
    RoomPhone,
    Workshop,
    new_id,
    utcnow,
)
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.participants import consent_complete, participants_by_pseudonym
from cocommission.services.voting import VOTING_ROLES

#: The short code's letters and digits: none that read like another (no 0/O/Q/D, 1/I, 2/Z, 5/S, 6/G, 8/B).
CODE_ALPHABET = "ACEFGHJKLMNPRTUVWXY3479"
#: How many characters a short code has (shown in two groups of four).
CODE_LENGTH = 8
#: Random bytes in a card's token: 160 bits, beyond anyone's guessing.
TOKEN_BYTES = 20
#: Random bytes in a phone's secret.
SECRET_BYTES = 32
#: Characters people type between the groups of a code, or by accident around it.
_CODE_SEPARATORS = frozenset(" \t\r\n-\u2010\u2011\u2012\u2013\u2014\u2212_.")


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class IssuedCard:
    """A printed card's content: ``token`` for the QR code, ``code`` to type (``ABCD-EFGH``).

    Only this answer ever holds them in plain; the database keeps their digests.
    """

    participant_id: str
    pseudonym: str
    token: str
    code: str


@dataclass(frozen=True)
class JoinedPhone:
    """A phone that just joined; ``secret`` goes into its cookie and is not kept anywhere else."""

    phone_id: str
    participant_id: str
    pseudonym: str
    secret: str


@dataclass(frozen=True)
class Joinable:
    """Someone who can pick their pseudonym and join with the room PIN."""

    participant_id: str
    pseudonym: str


@dataclass(frozen=True)
class PhoneHolder:
    """Who a joined phone votes for."""

    phone_id: str
    commission_id: str
    participant_id: str
    pseudonym: str


@dataclass(frozen=True)
class PhoneRow:
    """A phone as the console lists it."""

    phone_id: str
    participant_id: str
    pseudonym: str
    joined_at: datetime
    revoked: bool


# --------------------------------------------------------------------------- codes and digests


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _code_digest(commission_id: str, code: str) -> str:
    """The stored digest of a normalised short code, tied to its commission."""
    return _digest(f"join-code\n{commission_id}\n{code}")


def secret_digest(secret: str) -> str:
    """What the database keeps of a phone's secret."""
    return _digest(f"room-phone\n{secret}")


def _new_plain_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_code() -> str:
    """A fresh short code, as printed: ``ABCD-EFGH``."""
    return format_code(_new_plain_code())


def format_code(code: str) -> str:
    """A normalised code shown in two groups of four, the way cards print it."""
    half = CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def normalise_code(typed: str) -> str | None:
    """The code someone typed, in capitals without dashes or spaces; None when it cannot be a code."""
    plain = "".join(character for character in typed if character not in _CODE_SEPARATORS).upper()
    if len(plain) != CODE_LENGTH or any(character not in CODE_ALPHABET for character in plain):
        return None
    return plain


# --------------------------------------------------------------------------- who may join


def _workshop(session: Session, commission_id: str, workshop_id: str | None) -> Workshop | None:
    if workshop_id is None:
        return None
    return fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)


def _register(session: Session, workshop: Workshop | None) -> frozenset[str] | None:
    """Who is ticked on the workshop's register, or None while nobody is (the register is not taken yet)."""
    if workshop is None:
        return None
    ticked = frozenset(session.scalars(select(Attendance.participant_id).where(Attendance.workshop_id == workshop.id)))
    return ticked or None


def _why_cannot_join(participant: Participant, register: frozenset[str] | None) -> str | None:
    """Why this person cannot vote from a phone, said to them; None when they can.

    Someone is absent when the workshop's register has been taken and they are not ticked on it.
    """
    if participant.erased_at is not None or participant.withdrawn_on is not None:
        return f"{participant.pseudonym} is no longer taking part, so can't join the vote. Talk to the facilitator."
    if participant.role not in VOTING_ROLES:
        return f"Only young people and service users vote, so {participant.pseudonym} can't join the vote."
    if not consent_complete(participant):
        return (
            "You can't join yet: the facilitator needs to record your consent first "
            "(and a parent's or carer's if you're under 18)."
        )
    if register is not None and participant.id not in register:
        return "You're not on today's register yet. Ask the facilitator to tick you in, then join again."
    return None


def _require_can_join(participant: Participant, register: frozenset[str] | None) -> None:
    why = _why_cannot_join(participant, register)
    if why is not None:
        raise RuleBroken(why)


def _commission(session: Session, commission_id: str) -> Commission:
    return fetch(session, Commission, commission_id, what="commission")


def joinable_participants(
    session: Session, *, commission_id: str, workshop_id: str | None = None
) -> tuple[Joinable, ...]:
    """Who can join by picking their pseudonym, in the order screens list people.

    Those who vote (a voting role, consent complete, not withdrawn or erased) and, when
    ``workshop_id`` is given and its register has been taken, are ticked on it.
    """
    _commission(session, commission_id)
    register = _register(session, _workshop(session, commission_id, workshop_id))
    return tuple(
        Joinable(person.id, person.pseudonym)
        for person in participants_by_pseudonym(session, commission_id)
        if _why_cannot_join(person, register) is None
    )


# --------------------------------------------------------------------------- join cards


def issue_join_cards(
    session: Session, *, commission_id: str, participant_ids: Sequence[str] | None = None
) -> tuple[IssuedCard, ...]:
    """A new card for each participant who can vote (everyone who can when ``participant_ids`` is None).

    A participant's earlier card stops working: only the newest card each is valid. Naming
    someone who cannot vote is refused, and then no card is issued.
    """
    _commission(session, commission_id)
    if participant_ids is None:
        people = [person for person in participants_by_pseudonym(session, commission_id)
                  if _why_cannot_join(person, None) is None]
    else:
        if not participant_ids:
            raise InvalidInput("Choose whom to print join cards for.")
        people = []
        for participant_id in dict.fromkeys(participant_ids):
            person = fetch(session, Participant, participant_id, what="participant", commission_id=commission_id)
            _require_can_join(person, None)
            people.append(person)
    if not people:
        raise RuleBroken("Nobody can vote yet: record the consent of the young people who vote, then print their cards.")
    cards = {card.participant_id: card for card in session.scalars(
        select(JoinCard).where(JoinCard.commission_id == commission_id)
    )}
    issued = []
    now = utcnow()
    for person in people:
        token, code = secrets.token_urlsafe(TOKEN_BYTES), _new_plain_code()
        digests = {"token_digest": _digest(token), "code_digest": _code_digest(commission_id, code)}
        card = cards.get(person.id)
        if card is None:
            session.add(JoinCard(id=new_id(), commission_id=commission_id, participant_id=person.id,
                                 issued_at=now, **digests))
        else:
            card.token_digest, card.code_digest = digests["token_digest"], digests["code_digest"]
            card.issued_at, card.used_at = now, None
        issued.append(IssuedCard(person.id, person.pseudonym, token, format_code(code)))
    session.flush()
    record(
        session,
        commission_id=commission_id,
        action="room.cards_issued",
        summary=f"Join cards printed for {len(issued)} participants",
        details={"participant_ids": [card.participant_id for card in issued]},
    )
    note_change(session, "join_card", commission_id, commission_id=commission_id)
    return tuple(issued)


def _card(session: Session, commission_id: str, token_or_code: str) -> JoinCard:
    """The card with this token or code, taken for this transaction so two phones cannot both use it.

    (On a shared server the second waits, then finds the card used; SQLite has one writer anyway.)
    """
    if not isinstance(token_or_code, str) or not token_or_code.strip():
        raise InvalidInput("Type the code from your join card, or scan its QR code.")
    typed = token_or_code.strip()
    card = session.scalar(
        select(JoinCard)
        .where(JoinCard.commission_id == commission_id, JoinCard.token_digest == _digest(typed))
        .with_for_update()
    )
    if card is None:
        code = normalise_code(typed)
        if code is not None:
            card = session.scalar(
                select(JoinCard)
                .where(JoinCard.commission_id == commission_id, JoinCard.code_digest == _code_digest(commission_id, code))
                .with_for_update()
            )
    if card is None:
        raise NotFound(
            "That code doesn't match a join card for this room. Check the 8 letters and numbers on your card "
            "and try again, or ask the facilitator."
        )
    return card


def join_with_card(
    session: Session, *, commission_id: str, token_or_code: str, workshop_id: str | None = None
) -> JoinedPhone:
    """Join with a card's token (its QR code) or short code (typed, any case, dashes and spaces ignored).

    A card joins once. The phone that joins replaces any earlier phone of the same person.
    """
    _commission(session, commission_id)
    register = _register(session, _workshop(session, commission_id, workshop_id))
    card = _card(session, commission_id, token_or_code)
    if card.used_at is not None:
        raise RuleBroken(
            "This card has already been used to join. If it's yours, ask the facilitator for a new card "
            "or for the room PIN."
        )
    participant = fetch(session, Participant, card.participant_id, what="participant", commission_id=commission_id)
    _require_can_join(participant, register)
    card.used_at = utcnow()
    return _join(session, participant, "card")


def join_with_pin(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    pin: str,
    room_pin: str,
    workshop_id: str | None = None,
) -> JoinedPhone:
    """Join as the pseudonym picked, with the PIN the facilitator reads out, at once.

    A room the facilitator runs from the console asks them first (``check_pin``, then
    ``let_in_with_pin`` once they say yes); a room served without the window joins at once.
    """
    joiner = _checked_pin_joiner(
        session, commission_id=commission_id, participant_id=participant_id, pin=pin, room_pin=room_pin,
        workshop_id=workshop_id,
    )
    return _join(session, joiner, "pin")


def check_pin(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    pin: str,
    room_pin: str,
    workshop_id: str | None = None,
) -> Joinable:
    """Who is asking to join with the PIN, when the PIN is right and they can join now; nothing is written.

    ``room_pin`` is the running room server's PIN: it is never stored, and the two are compared
    in constant time so the answer's timing says nothing of how much of a guess was right.
    """
    joiner = _checked_pin_joiner(
        session, commission_id=commission_id, participant_id=participant_id, pin=pin, room_pin=room_pin,
        workshop_id=workshop_id,
    )
    return Joinable(joiner.id, joiner.pseudonym)


def let_in_with_pin(
    session: Session, *, commission_id: str, participant_id: str, workshop_id: str | None = None
) -> JoinedPhone:
    """Join the phone that asked with the right PIN, now the facilitator has let it in.

    Whether the person can join is asked again: they may have been marked absent, or withdrawn,
    while the phone waited.
    """
    _commission(session, commission_id)
    register = _register(session, _workshop(session, commission_id, workshop_id))
    return _join(session, _pin_joiner(session, commission_id, participant_id, register), "pin")


def _checked_pin_joiner(
    session: Session, *, commission_id: str, participant_id: str, pin: str, room_pin: str, workshop_id: str | None
) -> Participant:
    """The person joining with the PIN, once the PIN is right and they can join now."""
    _commission(session, commission_id)
    register = _register(session, _workshop(session, commission_id, workshop_id))
    typed = "".join(pin.split()) if isinstance(pin, str) else ""
    if not typed:
        raise InvalidInput("Type the room PIN the facilitator reads out.")
    if not room_pin or not hmac.compare_digest(typed.encode("utf-8"), room_pin.encode("utf-8")):
        raise RuleBroken("That PIN isn't right. Check the PIN the facilitator gives and try again.")
    return _pin_joiner(session, commission_id, participant_id, register)


def _pin_joiner(
    session: Session, commission_id: str, participant_id: str, register: frozenset[str] | None
) -> Participant:
    """The person picked from the list, when they are this commission's and can join now."""
    participant = session.get(Participant, participant_id) if isinstance(participant_id, str) and participant_id else None
    if participant is None or participant.commission_id != commission_id:
        raise NotFound("Pick your name from the list, then type the PIN.")
    _require_can_join(participant, register)
    return participant


def _live_phones(session: Session, participant_id: str) -> Iterable[RoomPhone]:
    return session.scalars(
        select(RoomPhone).where(RoomPhone.participant_id == participant_id, RoomPhone.revoked_at.is_(None))
    )


def _audit_phone(session: Session, phone: RoomPhone, action: str, summary: str, **more: object) -> None:
    """An entry naming the phone and whose it is (by id; the log shows the pseudonym), never a key."""
    record(
        session,
        commission_id=phone.commission_id,
        action=action,
        summary=summary,
        details={"phone_id": phone.id, "participant_id": phone.participant_id, **more},
        changed=("room_phone", phone.id),
    )


def _join(session: Session, participant: Participant, how: str) -> JoinedPhone:
    # One join per person at a time: two phones joining at once must not both stay joined.
    session.execute(select(Participant.id).where(Participant.id == participant.id).with_for_update())
    now = utcnow()
    for earlier in _live_phones(session, participant.id):
        earlier.revoked_at = now
        _audit_phone(session, earlier, "room.phone_revoked", "A phone was replaced by a newer one")
    secret = secrets.token_urlsafe(SECRET_BYTES)
    phone = RoomPhone(
        id=new_id(),
        commission_id=participant.commission_id,
        participant_id=participant.id,
        secret_digest=secret_digest(secret),
        joined_at=now,
    )
    session.add(phone)
    session.flush()
    _audit_phone(session, phone, "room.phone_joined", "A phone joined the room's vote", joined_with=how)
    return JoinedPhone(phone.id, participant.id, participant.pseudonym, secret)


# --------------------------------------------------------------------------- joined phones


_NOT_JOINED = "This phone isn't joined to the room's vote any more. Join again with your card or the room PIN."


def phone_holder(session: Session, *, secret: str, workshop_id: str | None = None) -> PhoneHolder:
    """Who the phone with ``secret`` votes for; refused when it is unknown, revoked, or they can no longer vote.

    With ``workshop_id`` (the workshop the room is open for), someone left off its register since
    their phone joined is refused too, as they would be joining now.
    """
    # Every ballot and every page a phone asks for starts here: the phone and its holder in one read.
    found = (
        session.execute(
            select(RoomPhone, Participant)
            .join(Participant, Participant.id == RoomPhone.participant_id)
            .where(RoomPhone.secret_digest == secret_digest(secret))
        ).first()
        if isinstance(secret, str) and secret
        else None
    )
    if found is None or found[0].revoked_at is not None:
        raise RuleBroken(_NOT_JOINED)
    phone, participant = found
    register = _on_register(session, phone.commission_id, workshop_id, participant.id) if workshop_id else None
    _require_can_join(participant, register)
    return PhoneHolder(phone.id, phone.commission_id, participant.id, participant.pseudonym)


def _on_register(session: Session, commission_id: str, workshop_id: str, participant_id: str) -> frozenset[str] | None:
    """``_register`` as far as one person goes (them, if ticked), in one read rather than the whole register."""
    ticked = select(Attendance.id).where(Attendance.workshop_id == workshop_id)
    found = session.execute(
        select(
            Workshop.id,
            ticked.exists(),
            ticked.where(Attendance.participant_id == participant_id).exists(),
        ).where(Workshop.id == workshop_id, Workshop.commission_id == commission_id)
    ).first()
    if found is None:
        raise NotFound(f"There is no workshop with id {workshop_id!r}.")
    _, taken, on_it = found
    if not taken:
        return None
    return frozenset((participant_id,)) if on_it else frozenset()


def _phone_row(phone: RoomPhone, pseudonym: str) -> PhoneRow:
    return PhoneRow(phone.id, phone.participant_id, pseudonym, phone.joined_at, phone.revoked_at is not None)


def list_phones(session: Session, *, commission_id: str) -> tuple[PhoneRow, ...]:
    """Every phone that joined the commission's room, first joined first, revoked ones included."""
    _commission(session, commission_id)
    rows = session.execute(
        select(RoomPhone, Participant.pseudonym)
        .join(Participant, Participant.id == RoomPhone.participant_id)
        .where(RoomPhone.commission_id == commission_id)
        .order_by(RoomPhone.joined_at, RoomPhone.id)
    )
    return tuple(_phone_row(phone, pseudonym) for phone, pseudonym in rows)


def revoke_phone(session: Session, *, phone_id: str) -> PhoneRow:
    """Stop a phone voting (lost, passed to a friend); its holder can join again with a new card or the PIN.

    Revoking a phone already revoked changes nothing.
    """
    phone = fetch(session, RoomPhone, phone_id, what="phone")
    participant = fetch(session, Participant, phone.participant_id, what="participant")
    if phone.revoked_at is None:
        phone.revoked_at = utcnow()
        _audit_phone(session, phone, "room.phone_revoked", "A phone was revoked by the facilitator")
    return _phone_row(phone, participant.pseudonym)
