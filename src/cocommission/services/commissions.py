"""Creating a commission, its currencies, and moving it through the stages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import column, exists, select, table
from sqlalchemy.orm import Session

from cocommission.model import Commission, Currency, HonorariumBasis, Stage
from cocommission.model.money import POUND_STERLING, CurrencyInfo
from cocommission.services.audit import record
from cocommission.services.checks import money_amount, one_of
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.text import required_text


@dataclass(frozen=True)
class CommissionSummary:
    """What the header of every page shows about a commission."""

    id: str
    title: str
    service_area: str
    commissioning_body: str
    description: str
    budget_minor: int
    budget_currency: CurrencyInfo
    honorarium_rate_minor: int
    honorarium_currency: CurrencyInfo
    honorarium_basis: HonorariumBasis
    stage: Stage
    retention_until: date | None
    created_at: datetime


def _currency_info(currency: Currency) -> CurrencyInfo:
    return CurrencyInfo(currency.code, currency.symbol, currency.name, currency.decimals, currency.is_local)


def currency_info(session: Session, *, commission_id: str, code: str) -> CurrencyInfo:
    """The currency ``code`` as the commission defines it."""
    currency = session.scalar(
        select(Currency).where(Currency.commission_id == commission_id, Currency.code == code)
    )
    if currency is None:
        raise NotFound(f"This commission has no currency {code!r}; add it first.")
    return _currency_info(currency)


def list_currencies(session: Session, *, commission_id: str) -> tuple[CurrencyInfo, ...]:
    """Every currency the commission can pay or budget in."""
    fetch(session, Commission, commission_id, what="commission")
    rows = session.scalars(
        select(Currency).where(Currency.commission_id == commission_id).order_by(Currency.code)
    )
    return tuple(_currency_info(currency) for currency in rows)


def _currencies(session: Session, *, commission_id: str, codes: Sequence[str]) -> dict[str, CurrencyInfo]:
    """The currencies ``codes`` as the commission defines them, read together; NotFound names the first missing."""
    rows = session.scalars(
        select(Currency).where(Currency.commission_id == commission_id, Currency.code.in_(sorted(set(codes))))
    )
    found = {currency.code: _currency_info(currency) for currency in rows}
    missing = [code for code in codes if code not in found]
    if missing:
        raise NotFound(f"This commission has no currency {missing[0]!r}; add it first.")
    return found


def summarise(session: Session, commission: Commission) -> CommissionSummary:
    """A commission as plain data (its budget's and its honoraria's currencies read in one go)."""
    budget_code, honorarium_code = commission.budget_currency_code, commission.honorarium_currency_code
    currencies = _currencies(session, commission_id=commission.id, codes=(budget_code, honorarium_code))
    return CommissionSummary(
        id=commission.id,
        title=commission.title,
        service_area=commission.service_area,
        commissioning_body=commission.commissioning_body,
        description=commission.description,
        budget_minor=commission.budget_minor,
        budget_currency=currencies[budget_code],
        honorarium_rate_minor=commission.honorarium_rate_minor,
        honorarium_currency=currencies[honorarium_code],
        honorarium_basis=commission.honorarium_basis,
        stage=commission.stage,
        retention_until=commission.retention_until,
        created_at=commission.created_at,
    )


def _check_currency(info: CurrencyInfo) -> None:
    if not info.code.strip() or len(info.code) > 8:
        raise InvalidInput("A currency needs a short code of up to 8 letters, such as GBP or BXP.")
    if not info.symbol.strip() or not info.name.strip():
        raise InvalidInput("A currency needs a symbol (such as B£) and a name (such as Brixton Pound).")
    if not 0 <= info.decimals <= 4:
        raise InvalidInput("A currency has between 0 and 4 decimal places.")


def _add_currency_row(session: Session, commission_id: str, info: CurrencyInfo) -> Currency:
    _check_currency(info)
    currency = Currency(
        commission_id=commission_id,
        code=info.code.strip().upper(),
        symbol=info.symbol.strip(),
        name=info.name.strip(),
        decimals=info.decimals,
        is_local=info.is_local,
    )
    session.add(currency)
    return currency


def create_commission(
    session: Session,
    *,
    title: str,
    service_area: str = "",
    commissioning_body: str = "",
    description: str = "",
    budget_minor: int = 0,
    budget_currency: CurrencyInfo = POUND_STERLING,
    honorarium_rate_minor: int = 0,
    honorarium_currency: CurrencyInfo | None = None,
    honorarium_basis: HonorariumBasis = HonorariumBasis.HOUR,
    retention_until: date | None = None,
) -> CommissionSummary:
    """Start a new commission with its budget and the currency participants are paid in."""
    title = required_text(title, "The commission needs a title.")
    budget_minor = money_amount(budget_minor, "The budget")
    honorarium_rate_minor = money_amount(honorarium_rate_minor, "The honorarium rate")
    honorarium_currency = honorarium_currency or budget_currency
    commission = Commission(
        title=title,
        service_area=service_area.strip(),
        commissioning_body=commissioning_body.strip(),
        description=description.strip(),
        budget_minor=budget_minor,
        budget_currency_code=budget_currency.code.upper(),
        honorarium_rate_minor=honorarium_rate_minor,
        honorarium_currency_code=honorarium_currency.code.upper(),
        honorarium_basis=HonorariumBasis(honorarium_basis),
        retention_until=retention_until,
    )
    session.add(commission)
    session.flush()
    codes = set()
    for info in (POUND_STERLING, budget_currency, honorarium_currency):
        if info.code.upper() not in codes:
            codes.add(info.code.upper())
            _add_currency_row(session, commission.id, info)
    record(
        session,
        commission_id=commission.id,
        action="commission.created",
        summary="Commission created",
        changed=("commission", commission.id),
    )
    return summarise(session, commission)


def add_currency(session: Session, *, commission_id: str, currency: CurrencyInfo) -> CurrencyInfo:
    """Let the commission pay or budget in another currency, such as a local one."""
    fetch(session, Commission, commission_id, what="commission")
    exists = session.scalar(
        select(Currency.id).where(
            Currency.commission_id == commission_id, Currency.code == currency.code.upper()
        )
    )
    if exists:
        raise RuleBroken(f"This commission already has a currency with code {currency.code.upper()}.")
    row = _add_currency_row(session, commission_id, currency)
    session.flush()
    record(
        session,
        commission_id=commission_id,
        action="currency.added",
        summary="Currency added",
        details={"currency_id": row.id},
        changed=("currency", row.id),
    )
    return _currency_info(row)


def update_commission(
    session: Session,
    *,
    commission_id: str,
    title: str | None = None,
    service_area: str | None = None,
    commissioning_body: str | None = None,
    description: str | None = None,
    budget_minor: int | None = None,
    budget_currency_code: str | None = None,
    honorarium_rate_minor: int | None = None,
    honorarium_currency_code: str | None = None,
    honorarium_basis: HonorariumBasis | None = None,
    retention_until: date | None = None,
) -> CommissionSummary:
    """Change a commission's details; arguments left as None stay as they are."""
    commission = fetch(session, Commission, commission_id, what="commission")
    if title is not None:
        commission.title = required_text(title, "The commission needs a title.")
    for name, value in (
        ("service_area", service_area),
        ("commissioning_body", commissioning_body),
        ("description", description),
    ):
        if value is not None:
            setattr(commission, name, value.strip())
    for name, amount in (("budget_minor", budget_minor), ("honorarium_rate_minor", honorarium_rate_minor)):
        if amount is not None:
            what = "The budget" if name == "budget_minor" else "The honorarium rate"
            setattr(commission, name, money_amount(amount, what))
    for name, code in (
        ("budget_currency_code", budget_currency_code),
        ("honorarium_currency_code", honorarium_currency_code),
    ):
        if code is not None:
            currency_info(session, commission_id=commission_id, code=code.upper())
            setattr(commission, name, code.upper())
    if honorarium_basis is not None:
        commission.honorarium_basis = HonorariumBasis(honorarium_basis)
    if retention_until is not None:
        commission.retention_until = retention_until
    record(
        session,
        commission_id=commission_id,
        action="commission.updated",
        summary="Commission details changed",
        changed=("commission", commission_id),
    )
    return summarise(session, commission)


def set_stage(session: Session, *, commission_id: str, stage: Stage | str) -> CommissionSummary:
    """Move the commission to another stage of the cycle."""
    commission = fetch(session, Commission, commission_id, what="commission")
    new_stage = one_of(Stage, stage, "a stage")
    commission.stage = new_stage
    record(
        session,
        commission_id=commission_id,
        action="commission.stage",
        summary=f"Stage set to {new_stage.value}",
        changed=("commission", commission_id),
    )
    return summarise(session, commission)


#: The table whose rows show the group has started each stage's work, latest stage first. Named
#: rather than mapped: whether a row exists needs no mapped class, so reading a page's header
#: does not load the later stages' classes (see ``cocommission.model``).
_STARTED_BY = (
    (Stage.FEEDBACK, "feedback_sheet"),
    (Stage.FEEDBACK, "payment"),
    (Stage.DECISION, "decision"),
    (Stage.BIDS, "bid"),
    (Stage.TENDER, "tender"),
    (Stage.PRIORITIES, "vote_round"),
    (Stage.OUTCOMES, "outcome_statement"),
)


def stage_reached(session: Session, *, commission_id: str) -> Stage:
    """The latest stage whose work has begun (People until anything else has).

    The commission's ``stage`` is where the facilitator says the group is; this is what the
    records show, so the header can offer to move on when the work is ahead of it.
    """
    fetch(session, Commission, commission_id, what="commission")
    for stage, table_name in _STARTED_BY:
        records = table(table_name, column("commission_id"))
        if session.scalar(select(exists().where(records.c.commission_id == commission_id))):
            return stage
    return Stage.PEOPLE


def get_commission(session: Session, *, commission_id: str) -> CommissionSummary:
    """One commission as plain data."""
    return summarise(session, fetch(session, Commission, commission_id, what="commission"))


def read_header(session: Session, *, commission_id: str) -> tuple[CommissionSummary, Stage]:
    """What the header over every page shows, read together: the commission, and the stage its work has reached."""
    # Held while the stage is looked up, so the commission is read once (the session keeps only
    # the records something still holds).
    commission = fetch(session, Commission, commission_id, what="commission")
    return summarise(session, commission), stage_reached(session, commission_id=commission_id)


def honorarium_currency(session: Session, *, commission_id: str) -> CurrencyInfo:
    """The currency the commission pays its honoraria in."""
    commission = fetch(session, Commission, commission_id, what="commission")
    return currency_info(session, commission_id=commission_id, code=commission.honorarium_currency_code)


def list_commissions(session: Session) -> tuple[CommissionSummary, ...]:
    """Every commission in the database, newest first."""
    rows = session.scalars(select(Commission).order_by(Commission.created_at.desc(), Commission.title))
    return tuple(summarise(session, commission) for commission in rows)
