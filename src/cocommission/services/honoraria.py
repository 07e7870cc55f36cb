"""Honoraria: what each young person or service user has earned for the workshops they came to.

They follow the commission's rate, currency and basis: per hour, the rate times the minutes
attended over 60, rounded half up to a whole minor unit once per participant; per session,
the rate times the workshops attended. What has been paid is in ``payments.py``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Attendance, Commission, HonorariumBasis, Workshop
from cocommission.services.lookup import fetch
from cocommission.services.participants import VOICE_ROLES, participants_by_pseudonym
from cocommission.services.payments import payments_in_receipt_order


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


# --------------------------------------------------------------------------- honoraria


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


def honoraria_due(session: Session, *, commission_id: str) -> tuple[HonorariumDue, ...]:
    """Per participant: workshops and minutes attended, the honorarium earned, recorded and outstanding.

    Young people and service users are listed, withdrawn ones too (they are owed for what they
    came to), as is anyone else with a payment in the honorarium currency.
    """
    commission = fetch(session, Commission, commission_id, what="commission")
    code = commission.honorarium_currency_code
    attended = _attended(session, commission_id)
    recorded: dict[str, int] = defaultdict(int)
    for payment in payments_in_receipt_order(session, commission_id):
        if payment.currency_code == code:
            recorded[payment.participant_id] += payment.amount_minor
    lines = []
    for participant in participants_by_pseudonym(session, commission_id):
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
