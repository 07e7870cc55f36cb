"""What the console's equal-voice tracker shows, read in one session: who is in the room,
who may take a turn, the balance of voices and each person's share of the talking.

The tracker only shows these. Each share is given in whole percents that add up to
exactly 100 by the people service's ``whole_percentages``, so no screen rounds them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model.scoring import SpeakingBalance
from cocommission.services.participants import list_participants
from cocommission.services.speaking import speaking_balance_for, whole_percentages


@dataclass(frozen=True)
class ShareRow:
    """One participant's part of the talking, as the laptop shows it."""

    id: str
    pseudonym: str
    seconds: float
    turns: int
    #: Whole percent of all speaking time; the shown percentages add up to exactly 100.
    percent: int
    #: Times offered a turn in a go-round and passed.
    passes: int = 0


def share_rows(balance: SpeakingBalance, pseudonyms: dict[str, str]) -> tuple[ShareRow, ...]:
    """The balance as table rows, in the balance's participant order."""
    percents = whole_percentages([share.share for share in balance.shares])
    return tuple(
        ShareRow(
            share.participant_id,
            pseudonyms.get(share.participant_id, ""),
            share.seconds,
            share.turns,
            percent,
            share.passes,
        )
        for share, percent in zip(balance.shares, percents, strict=True)
    )


@dataclass(frozen=True)
class SpeakingRoom:
    """Everything the tracker shows at once."""

    balance: SpeakingBalance
    #: Participant id -> pseudonym, for everyone in the commission.
    pseudonyms: dict[str, str]
    #: Who may be given a turn: consent complete, not withdrawn, not erased.
    can_speak: frozenset[str]
    shares: tuple[ShareRow, ...]


def read_speaking(
    session: Session, *, commission_id: str, workshop_id: str | None = None, include_running: bool = False
) -> SpeakingRoom:
    """The room's balance of voices in one workshop (or across the commission), with names and shares."""
    people = list_participants(session, commission_id=commission_id)
    pseudonyms = {person.id: person.pseudonym for person in people}
    balance = speaking_balance_for(
        session, commission_id=commission_id, workshop_id=workshop_id, include_running=include_running
    )
    return SpeakingRoom(
        balance=balance,
        pseudonyms=pseudonyms,
        can_speak=frozenset(person.id for person in people if person.can_take_part),
        shares=share_rows(balance, pseudonyms),
    )
