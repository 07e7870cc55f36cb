"""The questions tab of the bids page: interview questions in the order they are asked, each owned
by the young person who asks it and linked to the criterion it explores."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import new_id
from cocommission.services import interview_questions
from cocommission.services.interview_questions import QuestionRow
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.pages.choice_delegate import ChoiceDelegate, refill_choices
from cocommission.ui.pages.ordered_list import OrderedList
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, select_row, selected_row

COL_POSITION, COL_TEXT, COL_ASKER, COL_CRITERION = range(4)


class QuestionsPanel(OrderedList, QWidget):
    """Type a question and press Enter to add it; change it in place; move it up or down; remove it."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self._people: dict[str, str] = {}
        self._criteria: dict[str, str] = {}

        self.new_text = QLineEdit(self)
        self.new_text.setPlaceholderText(self.tr("Type a question and press Enter"))
        new_label = QLabel(self.tr("&New question:"), self)
        new_label.setBuddy(self.new_text)
        self.new_asker = QComboBox(self)
        self.new_asker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.new_asker.setMinimumContentsLength(12)
        asker_label = QLabel(self.tr("Asked &by:"), self)
        asker_label.setBuddy(self.new_asker)
        self.new_criterion = QComboBox(self)
        self.new_criterion.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.new_criterion.setMinimumContentsLength(12)
        criterion_label = QLabel(self.tr("C&riterion:"), self)
        criterion_label.setBuddy(self.new_criterion)
        self.add_button = QPushButton(self.tr("Add &question"), self)
        self.new_text.returnPressed.connect(self.add_question)
        self.add_button.clicked.connect(self.add_question)

        self.model = RowTableModel(
            [
                Column(self.tr("#"), lambda row: row.position, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Question"), lambda row: row.text, editable=True),
                Column(
                    self.tr("Asked by"),
                    lambda row: row.asked_by_pseudonym or self.tr("Nobody yet"),
                    editable=True,
                ),
                Column(
                    self.tr("Criterion"),
                    lambda row: self._criteria.get(row.criterion_id or "", self.tr("None")),
                    editable=True,
                ),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            self, self.model, self.tr("Interview questions"), stretch_column=COL_TEXT
        )
        self.table.setWordWrap(True)
        self.asker_delegate = ChoiceDelegate(lambda row: row.asked_by_id, self.tr("Asked by"), self.table)
        self.criterion_delegate = ChoiceDelegate(
            lambda row: row.criterion_id, self.tr("Criterion"), self.table
        )
        self.table.setItemDelegateForColumn(COL_ASKER, self.asker_delegate)
        self.table.setItemDelegateForColumn(COL_CRITERION, self.criterion_delegate)

        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.up_button.setToolTip(self.tr("Ask the chosen question earlier (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.down_button.setToolTip(self.tr("Ask the chosen question later (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.remove_button = QPushButton(self.tr("Re&move question"), self)
        self.remove_button.setToolTip(self.tr("Remove the chosen question (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self._add_order_keys()

        entry = QHBoxLayout()
        entry.addWidget(new_label)
        entry.addWidget(self.new_text, 1)
        entry.addWidget(asker_label)
        entry.addWidget(self.new_asker)
        entry.addWidget(criterion_label)
        entry.addWidget(self.new_criterion)
        entry.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        hint = QLabel(self.tr("Double-click a question, who asks it or its criterion to change it."), self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(entry)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def show_questions(
        self,
        commission_id: str,
        questions: Sequence[QuestionRow],
        people: Sequence[tuple[str, str]],
        criteria: Sequence[tuple[str, str]],
    ) -> None:
        """Show the questions; ``people`` and ``criteria`` are ``(id, name)`` pairs to choose from."""
        chosen = self.selected_question()
        self.commission_id = commission_id
        # The names show in the table too, so new names mean repainting every row.
        renamed = (self._people, self._criteria) != (dict(people), dict(criteria))
        self._people = dict(people)
        self._criteria = dict(criteria)
        people_choices = [(self.tr("Nobody yet"), None), *((name, key) for key, name in people)]
        criterion_choices = [(self.tr("None"), None), *((name, key) for key, name in criteria)]
        self.asker_delegate.set_choices(people_choices)
        self.criterion_delegate.set_choices(criterion_choices)
        refill_choices(self.new_asker, people_choices)
        refill_choices(self.new_criterion, criterion_choices)
        self.model.set_rows(questions)
        if renamed:
            self.model.repaint_all()
        if chosen is not None:
            self.select_question(chosen.id)
        self._update_buttons()

    def selected_question(self) -> QuestionRow | None:
        """The question chosen in the table, if any."""
        return selected_row(self.table)

    def select_question(self, question_id: str) -> None:
        """Choose the question with ``question_id``."""
        select_row(self.table, self.model, question_id)

    # --- changing -------------------------------------------------------------

    def add_question(self) -> None:
        """Add the typed question at the end, asked by the chosen person, on the chosen criterion."""
        if self.commission_id is None or not self.new_text.text().strip():
            return
        question_id = new_id()  # chosen here, so Redo adds back this very question
        made = self.commander.edit(
            self.tr("Add question {n}").format(n=len(self.model.rows()) + 1),
            do=ServiceCall(interview_questions.add_question, {
                "commission_id": self.commission_id, "text": self.new_text.text(),
                "asked_by_id": self.new_asker.currentData(), "criterion_id": self.new_criterion.currentData(),
                "question_id": question_id,
            }),
            undo=ServiceCall(interview_questions.remove_question, {"question_id": question_id}),
            initiator=self,
            row=question_id,
        )
        if made is not None:
            self.new_text.clear()
            self.select_question(made.id)
            self.new_text.setFocus()

    def _edit_requested(self, row: QuestionRow, column: int, value) -> None:
        if column == COL_TEXT:
            if str(value).strip() == row.text:
                return
            field, new, old, text = "text", str(value), row.text, self.tr("Change question")
        elif column == COL_ASKER:
            field, new, old, text = (
                "asked_by_id",
                value,
                row.asked_by_id,
                self.tr("Change who asks the question"),
            )
        elif column == COL_CRITERION:
            field, new, old, text = (
                "criterion_id",
                value,
                row.criterion_id,
                self.tr("Change the question's criterion"),
            )
        else:
            return
        self.commander.edit(
            text,
            do=ServiceCall(interview_questions.update_question, {"question_id": row.id, field: new}),
            undo=ServiceCall(interview_questions.update_question, {"question_id": row.id, field: old}),
            initiator=self,
            row=row.id,
        )

    def move_selected(self, step: int) -> None:
        """Move the chosen question ``step`` places (−1 earlier, +1 later)."""
        self._move_chosen(
            step,
            self.tr("Move question"),
            lambda question, position: ServiceCall(
                interview_questions.move_question, {"question_id": question.id, "position": position}
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
            self.tr("Remove the question “{text}”?").format(text=chosen.text),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.commander.edit(
                self.tr("Remove question {n}").format(n=chosen.position),
                do=ServiceCall(interview_questions.remove_question, {"question_id": chosen.id}),
                undo=ServiceCall(interview_questions.add_question, {
                    "commission_id": self.commission_id, "text": chosen.text, "asked_by_id": chosen.asked_by_id,
                    "criterion_id": chosen.criterion_id, "question_id": chosen.id, "position": chosen.position,
                }),
                initiator=self,
                row=chosen.id,
            )
