"""Recording the group's funding decision beside the professional's recommendation.

The decision record is what the commissioner defends later: which shortlisted
bids were funded and with how much, the professional's recommendation and
reasons, the group's reasons, any dissent, and how the group decided. When the
group chose differently from the professional, the record says so plainly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Bid, Commission, Decision, FundedBid, new_id
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services import bids
from cocommission.services.audit import record
from cocommission.services.bids import BidRow
from cocommission.services.checks import money_amount
from cocommission.services.commissions import (
    CommissionSummary,
    currency_info,
    get_commission,
    list_currencies,
)
from cocommission.services.errors import InvalidInput, RuleBroken
from cocommission.services.evaluation import BidEvaluation, evaluate
from cocommission.services.lookup import fetch
from cocommission.services.tender import list_criteria
from cocommission.services.text import required_text


@dataclass(frozen=True)
class FundedRow:
    """A bid the group chose to fund and the amount it receives, in the budget's minor units."""

    bid_id: str
    amount_minor: int


@dataclass(frozen=True)
class DecisionRow:
    """The group's decision as recorded.

    ``differs_from_recommendation`` is True when the professional recommended a
    bid and the group did not fund exactly that bid alone.
    """

    funded: tuple[FundedRow, ...]
    professional_recommendation_id: str | None
    professional_reasons: str
    group_reasons: str
    dissent: str
    how_decided: str
    decided_on: date | None
    differs_from_recommendation: bool


def _differs(recommendation_id: str | None, funded_ids: set[str]) -> bool:
    return recommendation_id is not None and funded_ids != {recommendation_id}


def _decision_row(session: Session, decision: Decision) -> DecisionRow:
    funded = session.scalars(
        select(FundedBid)
        .where(FundedBid.decision_id == decision.id)
        .order_by(FundedBid.amount_minor.desc(), FundedBid.bid_id)
    ).all()
    return DecisionRow(
        funded=tuple(FundedRow(row.bid_id, row.amount_minor) for row in funded),
        professional_recommendation_id=decision.professional_recommendation_id,
        professional_reasons=decision.professional_reasons,
        group_reasons=decision.group_reasons,
        dissent=decision.dissent,
        how_decided=decision.how_decided,
        decided_on=decision.decided_on,
        differs_from_recommendation=_differs(
            decision.professional_recommendation_id, {row.bid_id for row in funded}
        ),
    )


def _checked_funding(
    session: Session, commission_id: str, funded: Sequence[tuple[str, int]]
) -> list[tuple[str, int]]:
    checked = list(funded)
    if not checked:
        raise InvalidInput("Choose at least one bid to fund.")
    seen: set[str] = set()
    for bid_id, amount_minor in checked:
        bid = fetch(session, Bid, bid_id, what="bid", commission_id=commission_id)
        if bid.id in seen:
            raise InvalidInput(
                f'The bid "{bid.title}" is listed twice; fund each bid once with its full amount.'
            )
        seen.add(bid.id)
        if not bid.shortlisted:
            raise RuleBroken(
                f'The bid "{bid.title}" is not on the shortlist; only shortlisted bids can be funded.'
            )
        money_amount(amount_minor, f'The amount for the bid "{bid.title}"', low=1)
    return checked


def over_budget_by(amount_minor: int, budget_minor: int) -> int:
    """How much ``amount_minor`` goes beyond ``budget_minor`` (0 when it fits), both in the budget's currency.

    The one rule for "over budget": the decision refuses funding that adds up to more than the
    budget, and the bids page and the bid form warn about a bid that asks for more than all of it.
    """
    return max(0, amount_minor - budget_minor)


@dataclass(frozen=True)
class FundingTotal:
    """What the funded amounts add up to and how far that goes over the budget, in minor units."""

    total_minor: int
    budget_minor: int
    over_minor: int


def funding_total(amounts_minor: Iterable[int], budget_minor: int) -> FundingTotal:
    """Add up the amounts the group funds and hold them against the budget.

    The one sum both the decision page's running total (as amounts are typed) and the
    refusal of a decision over budget use, so the page never says "fits" where recording refuses.
    """
    total = sum(amounts_minor)
    return FundingTotal(total, budget_minor, over_budget_by(total, budget_minor))


def _check_budget(session: Session, commission: Commission, funded: Sequence[tuple[str, int]]) -> None:
    counted = funding_total((amount for _, amount in funded), commission.budget_minor)
    if counted.over_minor:
        currency = currency_info(session, commission_id=commission.id, code=commission.budget_currency_code)
        raise RuleBroken(
            f"The funded amounts add up to {format_money(counted.total_minor, currency)}, which is more than "
            f"the budget of {format_money(commission.budget_minor, currency)}; reduce them to fit the budget."
        )


def record_decision(
    session: Session,
    *,
    commission_id: str,
    funded: Sequence[tuple[str, int]],
    professional_recommendation_id: str | None,
    professional_reasons: str,
    group_reasons: str,
    dissent: str = "",
    how_decided: str = "",
    decided_on: date | None = None,
) -> DecisionRow:
    """Record (or replace) which shortlisted bids the group funds, with both sets of reasons."""
    commission = fetch(session, Commission, commission_id, what="commission")
    group_reasons = required_text(group_reasons, "Write down the group's reasons for its decision.")
    checked = _checked_funding(session, commission_id, funded)
    _check_budget(session, commission, checked)
    if professional_recommendation_id is not None:
        fetch(
            session, Bid, professional_recommendation_id, what="recommended bid", commission_id=commission_id
        )
    decision = session.scalar(select(Decision).where(Decision.commission_id == commission_id))
    replacing = decision is not None
    if decision is None:
        decision = Decision(id=new_id(), commission_id=commission_id)
        session.add(decision)
    else:
        for old in session.scalars(select(FundedBid).where(FundedBid.decision_id == decision.id)):
            session.delete(old)
        # The old rows must be gone before the new ones arrive: each bid is funded once per decision.
        session.flush()
    decision.professional_recommendation_id = professional_recommendation_id
    decision.professional_reasons = (professional_reasons or "").strip()
    decision.group_reasons = group_reasons
    decision.dissent = (dissent or "").strip()
    decision.how_decided = (how_decided or "").strip()
    decision.decided_on = decided_on
    for bid_id, amount_minor in checked:
        session.add(FundedBid(decision_id=decision.id, bid_id=bid_id, amount_minor=amount_minor))
    differs = _differs(professional_recommendation_id, {bid_id for bid_id, _ in checked})
    record(
        session,
        commission_id=commission_id,
        action="decision.recorded",
        summary="Decision replaced" if replacing else "Decision recorded",
        details={
            "funded": [{"bid_id": bid_id, "amount_minor": amount} for bid_id, amount in checked],
            "professional_recommendation_id": professional_recommendation_id,
            "differs_from_recommendation": differs,
        },
        changed=("decision", decision.id),
    )
    return _decision_row(session, decision)


def get_decision(session: Session, *, commission_id: str) -> DecisionRow | None:
    """The commission's recorded decision, or None while the group has not decided."""
    fetch(session, Commission, commission_id, what="commission")
    decision = session.scalar(select(Decision).where(Decision.commission_id == commission_id))
    return None if decision is None else _decision_row(session, decision)


# --------------------------------------------------------------------------- what the page shows


@dataclass(frozen=True)
class DecisionStage:
    """What the decision page shows, read in one session."""

    commission: CommissionSummary
    currencies: dict[str, CurrencyInfo]
    bids: tuple[BidRow, ...]
    decision: DecisionRow | None
    evaluation: BidEvaluation | None
    individual: BidEvaluation | None
    has_criteria: bool


def read_decision_stage(session: Session, *, commission_id: str) -> DecisionStage:
    """Read the decision stage of a commission: the bids, the decision so far and the weighted totals."""
    has_criteria = bool(list_criteria(session, commission_id=commission_id))
    all_bids = bids.list_bids(session, commission_id=commission_id)
    # evaluate() refuses without criteria; the page says so in words instead.
    evaluated = has_criteria and any(bid.shortlisted for bid in all_bids)
    return DecisionStage(
        commission=get_commission(session, commission_id=commission_id),
        currencies={
            currency.code: currency for currency in list_currencies(session, commission_id=commission_id)
        },
        bids=all_bids,
        decision=get_decision(session, commission_id=commission_id),
        evaluation=evaluate(session, commission_id=commission_id) if evaluated else None,
        individual=evaluate(session, commission_id=commission_id, use_moderated=False)
        if evaluated
        else None,
        has_criteria=has_criteria,
    )
