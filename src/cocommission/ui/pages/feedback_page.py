"""Stage 7, Feedback & payments: settling the honoraria and collecting the group's paper feedback.

Two tabs keep the page within a small laptop screen. "Payments" is the honoraria ledger: the
rate, what each participant has earned and been paid, payments with receipt numbers, and the
totals. "Feedback" holds the questions printed on the sheets, the sheets issued with their
codes, keying returned sheets back in, and the anonymous summary. Everything is saved as it
is done.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from cocommission.services.feedback_views import FeedbackStage, read_feedback_stage
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.feedback_panel import FeedbackPanel
from cocommission.ui.pages.payments_panel import PaymentsPanel


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
            sheet_counts=stage.sheet_counts,
            summary=stage.summary,
            summary_workshop_id=stage.summary_workshop_id,
        )
