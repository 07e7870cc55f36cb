"""A commission with participants and workshops, as the tests of the people stage's services start from."""

from __future__ import annotations

from datetime import date

from cocommission.model import HonorariumBasis
from cocommission.model.money import BRIXTON_POUND
from cocommission.services import commissions, participants, workshops

CONSENT = date(2026, 1, 28)


def commission_paid_by_the_hour(
    session, *, rate: int = 1000, basis: HonorariumBasis = HonorariumBasis.HOUR
) -> str:
    """A new commission paying honoraria in Brixton Pounds at ``rate`` on ``basis``; returns its id."""
    return commissions.create_commission(
        session,
        title="Youth justice fund",
        honorarium_rate_minor=rate,
        honorarium_currency=BRIXTON_POUND,
        honorarium_basis=basis,
    ).id


def person(session, commission_id: str, pseudonym: str, **fields) -> str:
    """A participant whose consent is recorded unless ``fields`` say otherwise; returns their id."""
    fields.setdefault("consent_on", CONSENT)
    return participants.add_participant(session, commission_id=commission_id, pseudonym=pseudonym, **fields).id


def workshop(session, commission_id: str, minutes: int = 120) -> str:
    """A workshop of ``minutes``; returns its id."""
    return workshops.add_workshop(session, commission_id=commission_id, title="Workshop", minutes=minutes).id
