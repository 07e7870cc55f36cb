"""Stage 7, Feedback & payments: settling the honoraria and collecting the group's paper feedback.

Two tabs keep the page within a small laptop screen. "Payments" is the honoraria ledger: the
rate, what each participant has earned and been paid, payments with receipt numbers, and the
totals. "Feedback" holds the questions printed on the sheets, the sheets issued with their
codes, keying returned sheets back in, and the anonymous summary. Everything is saved as it
is done.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QWidget
from sqlalchemy.orm import Session

from cocommission.model.money import CurrencyInfo
from cocommission.services import feedback, honoraria
from cocommission.services.commissions import CommissionSummary, get_commission, list_currencies
from cocommission.services.feedback import FeedbackQuestionRow, FeedbackSummary, SheetRow
from cocommission.services.honoraria import HonorariumDue
from cocommission.services.participants import ParticipantRow, list_participants
from cocommission.services.payments import PaymentRow, PaymentTotals, list_payments, payment_totals
from cocommission.services.workshops import WorkshopRow, list_workshops
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.feedback_panel import FeedbackPanel
from cocommission.ui.pages.payments_panel import PaymentsPanel


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
    return FeedbackStage(
        commission=get_commission(session, commission_id=commission_id),
        currencies=list_currencies(session, commission_id=commission_id),
        participants=list_participants(session, commission_id=commission_id),
        workshops=workshops,
        due=honoraria.honoraria_due(session, commission_id=commission_id),
        payments=list_payments(session, commission_id=commission_id),
        totals=payment_totals(session, commission_id=commission_id),
        questions=feedback.list_questions(session, commission_id=commission_id),
        sheets=feedback.list_sheets(session, commission_id=commission_id),
        summary=feedback.feedback_summary(
            session, commission_id=commission_id, workshop_id=summary_workshop_id
        ),
        summary_workshop_id=summary_workshop_id,
    )


class FeedbackPage(StagePage):
    """Honoraria and payments on one tab; feedback questions, sheets, answers and summary on the other."""

    title = "Feedback & payments"
    watches = (
        "commission",
        "currency",
        "participant",
        "workshop",
        "attendance",
        "payment",
        "feedback_question",
        "feedback_sheet",
    )

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Parts of the feedback and payments stage"))
        self.tabs.setDocumentMode(True)
        self.payments_panel = PaymentsPanel(commander, self.tabs)
        self.feedback_panel = FeedbackPanel(commander, self.tabs)
        self.tabs.addTab(self.payments_panel, self.tr("Payments"))
        self.tabs.addTab(self.feedback_panel, self.tr("Feedback"))
        self.body.addWidget(self.tabs)
        # Choosing another workshop for the summary reads the summary again.
        self.feedback_panel.summary_panel.workshop_chosen.connect(self.reload)

    def load(self) -> None:
        """Read the commission's payments and feedback and fill both tabs."""
        assert self.commission_id is not None
        stage: FeedbackStage = self.commander.read(
            read_feedback_stage,
            commission_id=self.commission_id,
            summary_workshop_id=self.feedback_panel.summary_panel.workshop_id(),
        )
        workshop_names = {
            workshop.id: self.tr("{number}. {title}").format(number=workshop.number, title=workshop.title)
            for workshop in stage.workshops
        }
        self.payments_panel.show_payments(
            self.commission_id,
            commission=stage.commission,
            currencies=stage.currencies,
            participants=stage.participants,
            workshops=workshop_names,
            due=stage.due,
            payments=stage.payments,
            totals=stage.totals,
        )
        self.feedback_panel.show_feedback(
            self.commission_id,
            participants=stage.participants,
            workshops=workshop_names,
            questions=stage.questions,
            sheets=stage.sheets,
            summary=stage.summary,
            summary_workshop_id=stage.summary_workshop_id,
        )
