"""Payments: honoraria recorded for participants, handed over or still due, each with a receipt number.

Receipt numbers run R-0001, R-0002, … within a commission and are never reused; a payment
handed over has a signed receipt and stands.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Commission, Participant, Payment, PaymentMethod, Workshop, new_id
from cocommission.services.audit import record
from cocommission.services.checks import money_amount, one_of, optional_day
from cocommission.services.collation import name_sort_key
from cocommission.services.commissions import currency_info
from cocommission.services.errors import InvalidInput, RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.participants import participants_by_pseudonym

_RECEIPT = re.compile(r"^R-(\d+)$")


@dataclass(frozen=True)
class PaymentRow:
    """A recorded honorarium payment; ``paid`` is False until it has been handed over."""

    id: str
    receipt_number: str
    participant_id: str
    pseudonym: str
    workshop_id: str | None
    amount_minor: int
    currency_code: str
    method: PaymentMethod
    paid_on: date | None
    note: str

    @property
    def paid(self) -> bool:
        """Whether the money has been handed over."""
        return self.paid_on is not None


@dataclass(frozen=True)
class ParticipantPaymentTotal:
    """One participant's payments in one currency: handed over (paid) and still to hand over (due)."""

    participant_id: str
    pseudonym: str
    currency_code: str
    paid_minor: int
    due_minor: int


@dataclass(frozen=True)
class CurrencyPaymentTotal:
    """All payments in one currency: handed over (paid) and still to hand over (due)."""

    currency_code: str
    paid_minor: int
    due_minor: int


@dataclass(frozen=True)
class PaymentTotals:
    """Payment totals per participant per currency, and per currency overall."""

    by_participant: tuple[ParticipantPaymentTotal, ...]
    by_currency: tuple[CurrencyPaymentTotal, ...]


def _payment_row(payment: Payment, pseudonym: str) -> PaymentRow:
    return PaymentRow(
        id=payment.id,
        receipt_number=payment.receipt_number,
        participant_id=payment.participant_id,
        pseudonym=pseudonym,
        workshop_id=payment.workshop_id,
        amount_minor=payment.amount_minor,
        currency_code=payment.currency_code,
        method=payment.method,
        paid_on=payment.paid_on,
        note=payment.note,
    )


def payments_in_receipt_order(session: Session, commission_id: str) -> list[Payment]:
    """The commission's payments, R-0001 first."""
    found = session.scalars(select(Payment).where(Payment.commission_id == commission_id))
    return sorted(found, key=lambda p: (_receipt_sequence(p.receipt_number), p.id))


def _receipt_sequence(receipt_number: str) -> int:
    match = _RECEIPT.match(receipt_number)
    return int(match.group(1)) if match else 0


def _next_receipt_number(session: Session, commission_id: str) -> str:
    # One past the highest issued: a payment is deleted only when Undo takes back the latest one before it
    # was handed over (``cancel_payment``), so no number of a handed-over payment ever comes round again.
    numbers = session.scalars(select(Payment.receipt_number).where(Payment.commission_id == commission_id))
    return f"R-{max((_receipt_sequence(n) for n in numbers), default=0) + 1:04d}"


def record_payment(
    session: Session,
    *,
    commission_id: str,
    participant_id: str,
    amount_minor: int,
    currency_code: str,
    method: PaymentMethod | str,
    paid_on: date | None = None,
    workshop_id: str | None = None,
    note: str = "",
    payment_id: str | None = None,
) -> PaymentRow:
    """Record an honorarium payment with the next receipt number; without ``paid_on`` it is still due.

    ``payment_id`` is the id it is to have (Redo records the very payment Undo took back).
    """
    fetch(session, Commission, commission_id, what="commission")
    participant = fetch(session, Participant, participant_id, what="participant", commission_id=commission_id)
    amount = money_amount(amount_minor, "A payment", low=1)
    code = (currency_code or "").strip().upper()
    currency_info(session, commission_id=commission_id, code=code)
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
    if payment_id is not None and session.get(Payment, payment_id) is not None:
        raise InvalidInput("That payment is already recorded; nothing was added.")
    payment = Payment(
        id=payment_id or new_id(),
        commission_id=commission_id,
        participant_id=participant.id,
        workshop_id=workshop_id,
        amount_minor=amount,
        currency_code=code,
        method=one_of(PaymentMethod, method, "a way of paying"),
        receipt_number=_next_receipt_number(session, commission_id),
        paid_on=optional_day(paid_on, "The date paid"),
        note=(note or "").strip(),
    )
    session.add(payment)
    record(
        session,
        commission_id=commission_id,
        action="payment.recorded",
        summary=f"Payment {payment.receipt_number} recorded",
        details={
            "payment_id": payment.id,
            "participant_id": participant.id,
            "amount_minor": amount,
            "currency_code": code,
            "paid_on": payment.paid_on,
        },
        changed=("payment", payment.id),
        subject=payment,
    )
    return _payment_row(payment, participant.pseudonym)


def mark_payment_paid(session: Session, *, payment_id: str, paid_on: date) -> PaymentRow:
    """Record the day a payment that was due was handed over."""
    payment = fetch(session, Payment, payment_id, what="payment")
    if payment.paid_on is not None:
        raise RuleBroken(
            f"Payment {payment.receipt_number} was already marked paid on {payment.paid_on.isoformat()}."
        )
    if paid_on is None:
        raise InvalidInput("Give the date the payment was handed over.")
    payment.paid_on = optional_day(paid_on, "The date paid")
    record(
        session,
        commission_id=payment.commission_id,
        action="payment.paid",
        summary=f"Payment {payment.receipt_number} marked paid",
        details={"payment_id": payment.id, "paid_on": payment.paid_on},
        changed=("payment", payment.id),
        subject=payment,
    )
    participant = fetch(session, Participant, payment.participant_id, what="participant")
    return _payment_row(payment, participant.pseudonym)


def mark_payment_unpaid(session: Session, *, payment_id: str) -> PaymentRow:
    """Take back marking a payment paid (Undo of a slip): it is due again."""
    payment = fetch(session, Payment, payment_id, what="payment")
    if payment.paid_on is None:
        raise RuleBroken(f"Payment {payment.receipt_number} is not marked paid, so there is nothing to take back.")
    payment.paid_on = None
    record(
        session,
        commission_id=payment.commission_id,
        action="payment.unpaid",
        summary=f"Payment {payment.receipt_number} marked due again",
        details={"payment_id": payment.id},
        changed=("payment", payment.id),
        subject=payment,
    )
    participant = fetch(session, Participant, payment.participant_id, what="participant")
    return _payment_row(payment, participant.pseudonym)


def cancel_payment(session: Session, *, payment_id: str) -> None:
    """Take back a payment just recorded and not yet handed over (Undo), while it holds the latest receipt number.

    A payment handed over has a signed receipt, and an earlier receipt number would leave a gap
    in the receipts, so both are refused.
    """
    payment = fetch(session, Payment, payment_id, what="payment")
    if payment.paid_on is not None:
        raise RuleBroken(
            f"Payment {payment.receipt_number} has been handed over and its receipt stands; it cannot be taken back."
        )
    if _next_receipt_number(session, payment.commission_id) != f"R-{_receipt_sequence(payment.receipt_number) + 1:04d}":
        raise RuleBroken(
            f"Later payments follow receipt {payment.receipt_number}, so taking it back would leave a gap; "
            "record a correction in its note instead."
        )
    commission_id, number = payment.commission_id, payment.receipt_number
    session.delete(payment)
    record(
        session,
        commission_id=commission_id,
        action="payment.cancelled",
        summary=f"Payment {number} taken back",
        details={"payment_id": payment_id},
        changed=("payment", payment_id),
        removed=[("payment", payment_id)],
    )


def list_payments(
    session: Session, *, commission_id: str, participant_id: str | None = None
) -> tuple[PaymentRow, ...]:
    """The commission's payments in receipt order, or one participant's."""
    fetch(session, Commission, commission_id, what="commission")
    pseudonyms = {p.id: p.pseudonym for p in participants_by_pseudonym(session, commission_id)}
    return tuple(
        _payment_row(payment, pseudonyms.get(payment.participant_id, ""))
        for payment in payments_in_receipt_order(session, commission_id)
        if participant_id is None or payment.participant_id == participant_id
    )


def payment_totals(session: Session, *, commission_id: str) -> PaymentTotals:
    """Totals paid and still due, per participant per currency and per currency overall."""
    payments = list_payments(session, commission_id=commission_id)
    per_person: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    per_currency: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    names = {}
    for payment in payments:
        names[payment.participant_id] = payment.pseudonym
        slot = 0 if payment.paid else 1
        per_person[(payment.participant_id, payment.currency_code)][slot] += payment.amount_minor
        per_currency[payment.currency_code][slot] += payment.amount_minor
    by_participant = sorted(
        (
            ParticipantPaymentTotal(pid, names[pid], code, paid, due)
            for (pid, code), (paid, due) in per_person.items()
        ),
        key=lambda t: (name_sort_key(t.pseudonym), t.participant_id, t.currency_code),
    )
    by_currency = sorted(
        (CurrencyPaymentTotal(code, paid, due) for code, (paid, due) in per_currency.items()),
        key=lambda t: t.currency_code,
    )
    return PaymentTotals(tuple(by_participant), tuple(by_currency))
