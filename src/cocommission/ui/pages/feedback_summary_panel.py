"""What the group said on its returned feedback sheets, question by question.

Faces questions show how many answered and the mean; yes/no questions the yeses and noes;
questions answered in words list what was written, never with the sheet or person it came from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import QuestionKind
from cocommission.services.feedback import FeedbackSummary, QuestionSummary
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.wording import number_text

COL_POSITION, COL_QUESTION, COL_ANSWERED, COL_RESULT = range(4)
COL_COMMENT_QUESTION, COL_COMMENT_TEXT = range(2)


@dataclass(frozen=True)
class SummaryLine:
    """One question's line in the summary: how many answered and the result in words."""

    id: str
    position: int
    text: str
    count: int
    result: str


@dataclass(frozen=True)
class Comment:
    """Something written in answer to a question, with no trace of whose sheet it was on."""

    id: str
    position: int
    text: str


def _table(parent: QWidget, name: str, model: RowTableModel, stretch: int) -> QTableView:
    return make_table_view(
        parent,
        model,
        name,
        stretch_column=stretch,
        edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
    )


class FeedbackSummaryPanel(QGroupBox):
    """The summary of returned sheets, for every workshop or the one chosen."""

    #: The user chose another workshop to summarise; the page reads the summary again.
    workshop_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Summary"))
        self.workshop = QComboBox(self)
        self.workshop.addItem(self.tr("Every workshop"), None)
        workshop_label = QLabel(self.tr("Sheets f&rom:"), self)
        workshop_label.setBuddy(self.workshop)
        self.workshop.activated.connect(lambda _index: self.workshop_chosen.emit())
        self.returned = QLabel(self)
        self.returned.setObjectName("sheetsReturned")

        self.model = RowTableModel(
            [
                Column(self.tr("#"), lambda line: line.position, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Question"), lambda line: line.text),
                Column(self.tr("Answered"), lambda line: line.count, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("What they said"), lambda line: line.result),
            ],
            self,
        )
        self.table = _table(self, self.tr("Feedback summary"), self.model, COL_QUESTION)
        self.comments_model = RowTableModel(
            [
                Column(
                    self.tr("#"),
                    lambda comment: comment.position,
                    alignment=Qt.AlignmentFlag.AlignRight,
                    tooltip=lambda comment: self.tr("The question this answers"),
                ),
                Column(self.tr("Written on the sheets"), lambda comment: comment.text),
            ],
            self,
        )
        self.comments = _table(
            self, self.tr("Answers written in words"), self.comments_model, COL_COMMENT_TEXT
        )

        top = QHBoxLayout()
        top.addWidget(workshop_label)
        top.addWidget(self.workshop)
        top.addWidget(self.returned, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.table)
        splitter.addWidget(self.comments)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

    def workshop_id(self) -> str | None:
        """The workshop whose sheets are summarised, or None for every sheet."""
        return self.workshop.currentData()

    def show_summary(
        self, summary: FeedbackSummary, workshops: Mapping[str, str], workshop_id: str | None
    ) -> None:
        """Show ``summary`` of ``workshop_id``'s sheets (None: all); ``workshops`` names them by id."""
        self.workshop.clear()
        self.workshop.addItem(self.tr("Every workshop"), None)
        for key, label in workshops.items():
            self.workshop.addItem(label, key)
        self.workshop.setCurrentIndex(max(0, self.workshop.findData(workshop_id)) if workshop_id else 0)
        self.returned.setText(
            self.tr("{returned} of {issued} sheets returned.").format(
                returned=summary.sheets_returned, issued=summary.sheets_issued
            )
        )
        self.model.set_rows([self._line(question) for question in summary.questions])
        self.comments_model.set_rows(
            [
                Comment(f"{question.question_id}:{number}", question.position, text)
                for question in summary.questions
                for number, text in enumerate(question.texts)
            ],
        )

    def _line(self, question: QuestionSummary) -> SummaryLine:
        return SummaryLine(
            question.question_id, question.position, question.text, question.count, self.result(question)
        )

    def result(self, question: QuestionSummary) -> str:
        """How a question was answered, in words."""
        if question.count == 0:
            return self.tr("Not answered yet")
        if question.kind is QuestionKind.FACES:
            counts = ", ".join(
                self.tr("{face}: {count}").format(face=face, count=count)
                for face, count in enumerate(question.face_counts, start=1)
            )
            return self.tr("Mean {mean} out of 5 (faces {counts})").format(
                mean=number_text(question.mean), counts=counts
            )
        if question.kind is QuestionKind.YES_NO:
            return self.tr("Yes {yes}, no {no}").format(yes=question.yes, no=question.no)
        return self.tr("{count} written answers, listed beside").format(count=len(question.texts))
