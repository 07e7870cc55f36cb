"""The feedback tab: the questions on the sheet and the sheets themselves side by side, the summary below.

Splitters let the facilitator give room to whichever part is in use, and keep the tab
within a small laptop screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from cocommission.services.feedback import FeedbackQuestionRow, FeedbackSummary, SheetRow
from cocommission.services.feedback_views import SheetCounts
from cocommission.services.participants import ParticipantRow
from cocommission.ui.commands import Commander
from cocommission.ui.pages.feedback_questions_panel import FeedbackQuestionsPanel
from cocommission.ui.pages.feedback_summary_panel import FeedbackSummaryPanel
from cocommission.ui.pages.sheets_panel import SheetsPanel


class FeedbackPanel(QWidget):
    """Questions, sheets (issuing and keying in) and the summary of what came back."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.questions_panel = FeedbackQuestionsPanel(commander, self)
        self.sheets_panel = SheetsPanel(commander, self)
        self.summary_panel = FeedbackSummaryPanel(self)
        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.setChildrenCollapsible(False)
        top.addWidget(self.questions_panel)
        top.addWidget(self.sheets_panel)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        whole = QSplitter(Qt.Orientation.Vertical, self)
        whole.setChildrenCollapsible(False)
        whole.addWidget(top)
        whole.addWidget(self.summary_panel)
        whole.setStretchFactor(0, 3)
        whole.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(whole)

    def show_feedback(
        self,
        commission_id: str,
        *,
        participants: Sequence[ParticipantRow],
        workshops: Mapping[str, str],
        questions: Sequence[FeedbackQuestionRow],
        sheets: Sequence[SheetRow],
        sheet_counts: SheetCounts,
        summary: FeedbackSummary,
        summary_workshop_id: str | None,
    ) -> None:
        """Show the questions, sheets and summary; ``workshops`` names workshops by id, latest last."""
        self.questions_panel.show_questions(commission_id, questions)
        self.sheets_panel.show_sheets(
            commission_id,
            sheets=sheets,
            counts=sheet_counts,
            questions=questions,
            workshops=workshops,
            participants=participants,
        )
        self.summary_panel.show_summary(summary, workshops, summary_workshop_id)
