"""What the feedback & payments page shows, read in one session so its tabs agree.

The page and its panels only show these rows and counts; which sheets count as
returned and which workshop the summary covers are decided here, beside the
feedback and people services.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model.money import CurrencyInfo
from cocommission.services import feedback
from cocommission.services.commissions import CommissionSummary, get_commission, list_currencies
from cocommission.services.feedback import FeedbackQuestionRow, FeedbackSummary, SheetRow
from cocommission.services.honoraria import HonorariumDue, honoraria_due
from cocommission.services.participants import ParticipantRow, list_participants
from cocommission.services.payments import PaymentRow, PaymentTotals, list_payments, payment_totals
from cocommission.services.workshops import WorkshopRow, list_workshops


@dataclass(frozen=True)
class SheetCounts:
    """How many feedback sheets were issued and how many of them have come back."""

    issued: int
    returned: int


def count_sheets(sheets: Iterable[SheetRow]) -> SheetCounts:
    """Count ``sheets``: a sheet is returned once it is keyed in or scanned back, answered or not."""
    listed = tuple(sheets)
    returned = sum(1 for sheet in listed if sheet.returned_at is not None)
    return SheetCounts(issued=len(listed), returned=returned)


@dataclass(frozen=True)
class FeedbackStage:
    """Everything the feedback & payments page shows, read in one session so the tabs agree."""

    commission: CommissionSummary
    currencies: tuple[CurrencyInfo, ...]
    participants: tuple[ParticipantRow, ...]
    workshops: tuple[WorkshopRow, ...]
    due: tuple[HonorariumDue, ...]
    payments: tuple[PaymentRow, ...]
    totals: PaymentTotals
    questions: tuple[FeedbackQuestionRow, ...]
    sheets: tuple[SheetRow, ...]
    #: How many of ``sheets`` were issued and returned.
    sheet_counts: SheetCounts
    summary: FeedbackSummary
    #: The workshop the summary covers, or None for every sheet.
    summary_workshop_id: str | None


def read_feedback_stage(
    session: Session, *, commission_id: str, summary_workshop_id: str | None = None
) -> FeedbackStage:
    """Read the commission's payments and feedback through the services, in one session."""
    workshops = list_workshops(session, commission_id=commission_id)
    # A workshop chosen for the summary may have gone since; the summary then covers every sheet.
    if summary_workshop_id not in {workshop.id for workshop in workshops}:
        summary_workshop_id = None
    sheets = feedback.list_sheets(session, commission_id=commission_id)
    return FeedbackStage(
        commission=get_commission(session, commission_id=commission_id),
        currencies=list_currencies(session, commission_id=commission_id),
        participants=list_participants(session, commission_id=commission_id),
        workshops=workshops,
        due=honoraria_due(session, commission_id=commission_id),
        payments=list_payments(session, commission_id=commission_id),
        totals=payment_totals(session, commission_id=commission_id),
        questions=feedback.list_questions(session, commission_id=commission_id),
        sheets=sheets,
        sheet_counts=count_sheets(sheets),
        summary=feedback.feedback_summary(
            session, commission_id=commission_id, workshop_id=summary_workshop_id
        ),
        summary_workshop_id=summary_workshop_id,
    )
