"""What the People page shows, read in one go: participants, workshops and what each person has earned.

It reads across ``participants.py``, ``workshops.py`` and ``honoraria.py``, so it lives apart from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model.money import CurrencyInfo
from cocommission.services.commissions import get_commission
from cocommission.services.honoraria import honoraria_due
from cocommission.services.participants import (
    ParticipantCounts,
    ParticipantRow,
    count_participants,
    list_participants,
)
from cocommission.services.workshops import WorkshopRow, list_workshops


@dataclass(frozen=True)
class PeopleStage:
    """Everything the people page shows, read in one go so the tabs agree with each other."""

    participants: tuple[ParticipantRow, ...]
    counts: ParticipantCounts
    workshops: tuple[WorkshopRow, ...]
    #: Honorarium earned so far per participant id (only people paid an honorarium).
    earned: dict[str, int]
    honorarium_currency: CurrencyInfo


def read_people_stage(session: Session, *, commission_id: str) -> PeopleStage:
    """Read the people stage of a commission, in one session."""
    participants = list_participants(session, commission_id=commission_id)
    return PeopleStage(
        participants=participants,
        counts=count_participants(participants),
        workshops=list_workshops(session, commission_id=commission_id),
        earned={due.participant_id: due.earned_minor for due in honoraria_due(session, commission_id=commission_id)},
        honorarium_currency=get_commission(session, commission_id=commission_id).honorarium_currency,
    )
