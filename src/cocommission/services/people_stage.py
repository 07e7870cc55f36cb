"""What the People page shows, read in one go: participants, workshops and what each person has earned.

It reads across ``participants.py``, ``workshops.py`` and ``honoraria.py``, so it lives apart from them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model import Commission
from cocommission.model.money import CurrencyInfo
from cocommission.services.commissions import honorarium_currency
from cocommission.services.honoraria import honoraria_due
from cocommission.services.lookup import fetch
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
    # Held while the stage is read, so each part finds the commission without reading it again
    # (the session keeps only the records something still holds).
    commission = fetch(session, Commission, commission_id, what="commission")
    participants = list_participants(session, commission_id=commission.id)
    return PeopleStage(
        participants=participants,
        counts=count_participants(participants),
        workshops=list_workshops(session, commission_id=commission.id),
        earned={due.participant_id: due.earned_minor for due in honoraria_due(session, commission_id=commission.id)},
        honorarium_currency=honorarium_currency(session, commission_id=commission.id),
    )
