"""The questions printed on every feedback sheet, in order: each answered with faces 1–5,
yes or no, or in the young person's own words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from cocommission.model import QuestionKind
from cocommission.services import feedback
from cocommission.services.feedback import FeedbackQuestionRow
from cocommission.ui.commands import Commander
from cocommission.ui.issue_sheets_dialog import long_sheet_warning
from cocommission.ui.pages.choice_delegate import ChoiceDelegate
from cocommission.ui.pages.ordered_list import ColumnChange, OrderedListPanel, OrderedListSpec
from cocommission.ui.table_model import Column

COL_POSITION, COL_TEXT, COL_KIND = range(3)

_KIND_NAMES = {
    QuestionKind.FACES: "Faces, 1 to 5",
    QuestionKind.YES_NO: "Yes or no",
    QuestionKind.TEXT: "In their own words",
}


def kind_name(kind: QuestionKind) -> str:
    """How a question is answered, in words: ``Faces, 1 to 5``."""
    return QCoreApplication.translate("FeedbackQuestionsPanel", _KIND_NAMES[QuestionKind(kind)])


SHEET_QUESTIONS = OrderedListSpec(
    context="FeedbackQuestionsPanel",
    title="Questions on the sheet",
    table_name="Feedback questions",
    words_field="text",
    words_header="Question",
    new_label="New &question:",
    placeholder="Type a question and press Enter",
    add_label="&Add question",
    up_label="Move &up",
    up_tip="Print the chosen question earlier (Ctrl+Up)",
    down_label="Move do&wn",
    down_tip="Print the chosen question later (Ctrl+Down)",
    remove_label="Remo&ve question",
    remove_tip="Remove the chosen question (Delete)",
    hint="Double-click a question or how it is answered to change it (Ctrl+Z undoes).",
    add_name="Add sheet question {n}",
    move_name="Move feedback question",
    remove_name="Remove sheet question {n}",
    confirm_title="Remove question",
    confirm_remove="Remove the question “{text}” from the sheet?",
    add=feedback.add_question,
    update=feedback.update_question,
    move=feedback.move_question,
    remove=feedback.remove_question,
    owner_argument="commission_id",
    id_argument="question_id",
    position_argument="position",
    kept_fields=("kind",),
    changes={
        COL_TEXT: ColumnChange(
            "text",
            "Change feedback question",
            old=lambda row: row.text,
            new=str,
            unchanged=lambda row, value: str(value).strip() == row.text,
        ),
        COL_KIND: ColumnChange(
            "kind",
            "Change how a feedback question is answered",
            old=lambda row: row.kind,
            new=QuestionKind,
            unchanged=lambda row, value: value == row.kind.value,
        ),
    },
    wrap_entry=True,
    margins=None,
)


class FeedbackQuestionsPanel(OrderedListPanel):
    """Type a question and press Enter to add it; change its words or kind in place; move it; remove it."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, SHEET_QUESTIONS, parent)
        self.kind_delegate = ChoiceDelegate(lambda row: row.kind.value, self.tr("Answered as"), self.table)
        self.kind_delegate.set_choices([(kind_name(kind), kind.value) for kind in QuestionKind])
        self.table.setItemDelegateForColumn(COL_KIND, self.kind_delegate)
        self.pages_warning = QLabel(self.box)
        self.pages_warning.setObjectName("formWarning")
        self.pages_warning.setWordWrap(True)
        self.pages_warning.hide()
        self.below_table.addWidget(self.pages_warning)

    def entry_fields(self, body: QWidget) -> list[tuple[QLabel, QWidget]]:
        self.new_kind = QComboBox(body)
        for kind in QuestionKind:
            self.new_kind.addItem(kind_name(kind), kind.value)
        kind_label = QLabel(self.tr("Answered as:"), body)
        kind_label.setBuddy(self.new_kind)
        return [(kind_label, self.new_kind)]

    def extra_columns(self) -> list[Column]:
        return [Column(self.tr("Answered as"), lambda row: kind_name(row.kind), editable=True)]

    def new_item_fields(self) -> dict[str, Any]:
        return {"kind": QuestionKind(self.new_kind.currentData())}

    def show_questions(self, commission_id: str, questions: Sequence[FeedbackQuestionRow]) -> None:
        """Show the questions in the order they are printed, and warn when a sheet runs long."""
        self.show_items(commission_id, questions)
        # Imported here: measuring a sheet lays it out with reportlab, which starting the window does not need.
        from cocommission.export.feedback_sheets_pdf import pages_per_sheet

        warning = long_sheet_warning(pages_per_sheet(questions))
        self.pages_warning.setText(warning)
        self.pages_warning.setVisible(bool(warning))
