"""The questions tab of the bids page: interview questions in the order they are asked, each owned
by the young person who asks it and linked to the criterion it explores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from cocommission.services import interview_questions
from cocommission.services.interview_questions import QuestionRow
from cocommission.ui.commands import Commander
from cocommission.ui.pages.choice_delegate import ChoiceDelegate, refill_choices
from cocommission.ui.pages.ordered_list import ColumnChange, OrderedListPanel, OrderedListSpec
from cocommission.ui.table_model import Column

COL_POSITION, COL_TEXT, COL_ASKER, COL_CRITERION = range(4)

QUESTIONS = OrderedListSpec(
    context="QuestionsPanel",
    table_name="Interview questions",
    words_field="text",
    words_header="Question",
    new_label="&New question:",
    placeholder="Type a question and press Enter",
    add_label="Add &question",
    up_label="Move &up",
    up_tip="Ask the chosen question earlier (Ctrl+Up)",
    down_label="Move do&wn",
    down_tip="Ask the chosen question later (Ctrl+Down)",
    remove_label="Re&move question",
    remove_tip="Remove the chosen question (Delete)",
    hint="Double-click a question, who asks it or its criterion to change it.",
    add_name="Add question {n}",
    move_name="Move question",
    remove_name="Remove question {n}",
    confirm_title="Remove question",
    confirm_remove="Remove the question “{text}”?",
    add=interview_questions.add_question,
    update=interview_questions.update_question,
    move=interview_questions.move_question,
    remove=interview_questions.remove_question,
    owner_argument="commission_id",
    id_argument="question_id",
    position_argument="position",
    kept_fields=("asked_by_id", "criterion_id"),
    changes={
        COL_TEXT: ColumnChange(
            "text",
            "Change question",
            old=lambda row: row.text,
            new=str,
            unchanged=lambda row, value: str(value).strip() == row.text,
        ),
        COL_ASKER: ColumnChange(
            "asked_by_id", "Change who asks the question", old=lambda row: row.asked_by_id
        ),
        COL_CRITERION: ColumnChange(
            "criterion_id", "Change the question's criterion", old=lambda row: row.criterion_id
        ),
    },
    margins=(0, 8, 0, 0),
)


class QuestionsPanel(OrderedListPanel):
    """Type a question and press Enter to add it; change it in place; move it up or down; remove it."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        self._people: dict[str, str] = {}
        self._criteria: dict[str, str] = {}
        super().__init__(commander, QUESTIONS, parent)
        self.asker_delegate = ChoiceDelegate(lambda row: row.asked_by_id, self.tr("Asked by"), self.table)
        self.criterion_delegate = ChoiceDelegate(
            lambda row: row.criterion_id, self.tr("Criterion"), self.table
        )
        self.table.setItemDelegateForColumn(COL_ASKER, self.asker_delegate)
        self.table.setItemDelegateForColumn(COL_CRITERION, self.criterion_delegate)

    def entry_fields(self, body: QWidget) -> list[tuple[QLabel, QWidget]]:
        self.new_asker = QComboBox(body)
        self.new_asker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.new_asker.setMinimumContentsLength(12)
        asker_label = QLabel(self.tr("Asked &by:"), body)
        asker_label.setBuddy(self.new_asker)
        self.new_criterion = QComboBox(body)
        self.new_criterion.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.new_criterion.setMinimumContentsLength(12)
        criterion_label = QLabel(self.tr("C&riterion:"), body)
        criterion_label.setBuddy(self.new_criterion)
        return [(asker_label, self.new_asker), (criterion_label, self.new_criterion)]

    def extra_columns(self) -> list[Column]:
        return [
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
        ]

    def new_item_fields(self) -> dict[str, Any]:
        return {"asked_by_id": self.new_asker.currentData(), "criterion_id": self.new_criterion.currentData()}

    def show_questions(
        self,
        commission_id: str,
        questions: Sequence[QuestionRow],
        people: Sequence[tuple[str, str]],
        criteria: Sequence[tuple[str, str]],
    ) -> None:
        """Show the questions; ``people`` and ``criteria`` are ``(id, name)`` pairs to choose from."""
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
        self.show_items(commission_id, questions)
        if renamed:
            self.model.repaint_all()
