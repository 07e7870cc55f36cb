"""Speaking turns: who spoke in a workshop and for how long, and who passed, so the facilitator
sees who has not yet been heard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import (
    Attendance,
    Commission,
    Participant,
    Role,
    SpeakingTurn,
    Workshop,
    new_id,
    utcnow,
)
from cocommission.model.scoring import SpeakingBalance, speaking_balance
from cocommission.services.audit import record
from cocommission.services.checks import whole_number
from cocommission.services.errors import InvalidInput
from cocommission.services.lookup import fetch
from cocommission.services.participants import VOICE_ROLES, participants_by_pseudonym, require_taking_part
from cocommission.services.workshops import MAX_MINUTES

#: Roles left out of go-rounds and the speaking balance unless the facilitator includes them:
#: they run the room, so counting their talk would hide how evenly the young people were heard.
RUNNING_ROLES = frozenset({Role.FACILITATOR, Role.COMMISSIONER})
#: The longest single speaking turn, in seconds; anything longer is a typing slip.
MAX_TURN_SECONDS = MAX_MINUTES * 60


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


def _turn_row(turn: SpeakingTurn) -> SpeakingTurnRow:
    return SpeakingTurnRow(turn.id, turn.participant_id, turn.workshop_id, turn.started_at, turn.seconds)


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
    require_taking_part(participant, "a pass" if passed else "a speaking turn")
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
        for p in participants_by_pseudonym(session, commission_id)
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
    people = participants_by_pseudonym(session, commission_id)
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
