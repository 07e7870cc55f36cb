"""The questions printed on every feedback sheet, in order: each answered with faces 1–5,
yes or no, or in the young person's own words."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import QuestionKind, new_id
from cocommission.services import feedback
from cocommission.services.feedback import FeedbackQuestionRow
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.flow_layout import FlowLayout, together
from cocommission.ui.issue_sheets_dialog import long_sheet_warning
from cocommission.ui.pages.choice_delegate import ChoiceDelegate
from cocommission.ui.pages.ordered_list import OrderedList
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, select_row, selected_row

COL_POSITION, COL_TEXT, COL_KIND = range(3)

_KIND_NAMES = {
    QuestionKind.FACES: "Faces, 1 to 5",
    QuestionKind.YES_NO: "Yes or no",
    QuestionKind.TEXT: "In their own words",
}


def kind_name(kind: QuestionKind) -> str:
    """How a question is answered, in words: ``Faces, 1 to 5``."""
    return QCoreApplication.translate("FeedbackQuestionsPanel", _KIND_NAMES[QuestionKind(kind)])


class FeedbackQuestionsPanel(OrderedList, QGroupBox):
    """Type a question and press Enter to add it; change its words or kind in place; move it; remove it."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Questions on the sheet"))
        self.commander = commander
        self.commission_id: str | None = None

        self.new_text = QLineEdit(self)
        self.new_text.setPlaceholderText(self.tr("Type a question and press Enter"))
        new_label = QLabel(self.tr("New &question:"), self)
        new_label.setBuddy(self.new_text)
        self.new_kind = QComboBox(self)
        for kind in QuestionKind:
            self.new_kind.addItem(kind_name(kind), kind.value)
        kind_label = QLabel(self.tr("Answered as:"), self)
        kind_label.setBuddy(self.new_kind)
        self.add_button = QPushButton(self.tr("&Add question"), self)
        self.new_text.returnPressed.connect(self.add_question)
        self.add_button.clicked.connect(self.add_question)

        self.model = RowTableModel(
            [
                Column(self.tr("#"), lambda row: row.position, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Question"), lambda row: row.text, editable=True),
                Column(self.tr("Answered as"), lambda row: kind_name(row.kind), editable=True),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(self, self.model, self.tr("Feedback questions"), stretch_column=COL_TEXT)
        self.table.setWordWrap(True)
        self.kind_delegate = ChoiceDelegate(lambda row: row.kind.value, self.tr("Answered as"), self.table)
        self.kind_delegate.set_choices([(kind_name(kind), kind.value) for kind in QuestionKind])
        self.table.setItemDelegateForColumn(COL_KIND, self.kind_delegate)

        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.up_button.setToolTip(self.tr("Print the chosen question earlier (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.down_button.setToolTip(self.tr("Print the chosen question later (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.remove_button = QPushButton(self.tr("Remo&ve question"), self)
        self.remove_button.setToolTip(self.tr("Remove the chosen question (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self._add_order_keys()

        # Wraps onto more lines when the page is narrow (a small screen, 200%), each label with its field.
        entry = FlowLayout()
        entry.addWidget(together(self, new_label, self.new_text, stretch=self.new_text))
        entry.addWidget(together(self, kind_label, self.new_kind))
        entry.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        hint = QLabel(
            self.tr("Double-click a question or how it is answered to change it (Ctrl+Z undoes)."), self
        )
        hint.setWordWrap(True)
        self.pages_warning = QLabel(self)
        self.pages_warning.setObjectName("formWarning")
        self.pages_warning.setWordWrap(True)
        self.pages_warning.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(entry)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.pages_warning)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def show_questions(self, commission_id: str, questions: Sequence[FeedbackQuestionRow]) -> None:
        """Show the questions in the order they are printed."""
        chosen = self.selected_question()
        self.commission_id = commission_id
        self.model.set_rows(questions)
        # Imported here: measuring a sheet lays it out with reportlab, which starting the window does not need.
        from cocommission.export.feedback_sheets_pdf import pages_per_sheet

        warning = long_sheet_warning(pages_per_sheet(questions))
        self.pages_warning.setText(warning)
        self.pages_warning.setVisible(bool(warning))
        if chosen is not None:
            self.select_question(chosen.id)
        self._update_buttons()

    def selected_question(self) -> FeedbackQuestionRow | None:
        """The question chosen in the table, if any."""
        return selected_row(self.table)

    def select_question(self, question_id: str) -> None:
        """Choose the question with ``question_id``."""
        select_row(self.table, self.model, question_id)

    # --- changing -------------------------------------------------------------

    def add_question(self) -> None:
        """Add the typed question at the end of the sheet, answered the chosen way."""
        if self.commission_id is None or not self.new_text.text().strip():
            return
        question_id = new_id()  # chosen here, so Redo adds back this very question
        made = self.commander.edit(
            self.tr("Add sheet question {n}").format(n=len(self.model.rows()) + 1),
            do=ServiceCall(feedback.add_question, {
                "commission_id": self.commission_id, "text": self.new_text.text(),
                "kind": QuestionKind(self.new_kind.currentData()), "question_id": question_id,
            }),
            undo=ServiceCall(feedback.remove_question, {"question_id": question_id}),
            initiator=self,
            row=question_id,
        )
        if made is not None:
            self.new_text.clear()
            self.select_question(made.id)
            self.new_text.setFocus()

    def _edit_requested(self, row: FeedbackQuestionRow, column: int, value) -> None:
        if column == COL_TEXT:
            if str(value).strip() == row.text:
                return
            field, new, old, text = "text", str(value), row.text, self.tr("Change feedback question")
        elif column == COL_KIND:
            if value == row.kind.value:
                return
            field, new, old, text = (
                "kind",
                QuestionKind(value),
                row.kind,
                self.tr("Change how a feedback question is answered"),
            )
        else:
            return
        self.commander.edit(
            text,
            do=ServiceCall(feedback.update_question, {"question_id": row.id, field: new}),
            undo=ServiceCall(feedback.update_question, {"question_id": row.id, field: old}),
            initiator=self,
            row=row.id,
        )

    def move_selected(self, step: int) -> None:
        """Move the chosen question ``step`` places (−1 earlier, +1 later)."""
        self._move_chosen(
            step,
            self.tr("Move feedback question"),
            lambda question, position: ServiceCall(
                feedback.move_question, {"question_id": question.id, "position": position}
            ),
        )

    def remove_selected(self) -> None:
        """Remove the chosen question after asking (Undo brings it back)."""
        chosen = self.selected_question()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove question"),
            self.tr("Remove the question “{text}” from the sheet?").format(
                text=chosen.text
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.commander.edit(
                self.tr("Remove sheet question {n}").format(n=chosen.position),
                do=ServiceCall(feedback.remove_question, {"question_id": chosen.id}),
                undo=ServiceCall(feedback.add_question, {
                    "commission_id": self.commission_id, "text": chosen.text, "kind": chosen.kind,
                    "question_id": chosen.id, "position": chosen.position,
                }),
                initiator=self,
                row=chosen.id,
            )
