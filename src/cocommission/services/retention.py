"""Whether a commission has kept personal details past the date its group agreed.

Asked each time a commission is opened, so it stands apart from the erasing and the subject
access in ``privacy``, which need far more to load and are used far less.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cocommission.model import Commission, Participant
from cocommission.model.base import today as todays_date
from cocommission.services.lookup import fetch


def retention_passed(session: Session, *, commission_id: str, today: date | None = None) -> bool:
    """Whether the commission's retention date has passed while personal details are still held."""
    commission = fetch(session, Commission, commission_id, what="commission")
    if commission.retention_until is None or commission.retention_until >= (today or todays_date()):
        return False
    still_held = session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(Participant.commission_id == commission_id, Participant.erased_at.is_(None))
    )
    return bool(still_held)
