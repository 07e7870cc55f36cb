"""The form for keying in one returned feedback sheet: every question on it, answered by keyboard alone.

Tab moves from question to question; on a row of faces or yes/no the arrow keys move between
the choices and Space picks one (or type 1–5, Y or N); Delete clears a question left blank on
paper; Enter saves. The form never shows whose sheet it is: answers are anonymous.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import QuestionKind
from cocommission.services.feedback import FeedbackQuestionRow, SheetRow
from cocommission.ui.pages.display import format_day
from cocommission.ui.screen_fit import fit_to_screen

#: The faces printed on the sheet, 1 (unhappy) to 5 (happy).
FACES = ((1, "😞"), (2, "🙁"), (3, "😐"), (4, "🙂"), (5, "😀"))
#: Yes and no as record_responses takes them.
YES, NO = 1, 0


class SheetAnswersDialog(QDialog):
    """Asks for the answers written on one sheet; ``answers()`` gives them by question id once accepted."""

    def __init__(
        self,
        *,
        sheet: SheetRow,
        questions: Sequence[FeedbackQuestionRow],
        workshop_label: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.sheet = sheet
        self.setWindowTitle(self.tr("Answers on sheet {code}").format(code=sheet.printed_code))
        kind_of_sheet = self.tr("named sheet") if sheet.participant_id else self.tr("anonymous sheet")
        about_text = self.tr("Sheet {code} — {kind}").format(code=sheet.printed_code, kind=kind_of_sheet)
        if workshop_label:
            about_text = self.tr("{about}, workshop {workshop}").format(
                about=about_text, workshop=workshop_label
            )
        about = QLabel(about_text, self)
        about.setObjectName("sheetHeading")
        about.setWordWrap(True)
        self.replacing = QLabel(self)
        self.replacing.setWordWrap(True)
        # A sheet scanned back is returned before any answer is keyed in: only answers entered are replaced.
        if sheet.answered and sheet.returned_at is not None:
            self.replacing.setText(
                self.tr("Answers from this sheet were entered on {day}; saving replaces them.").format(
                    day=format_day(sheet.returned_at.date())
                )
            )
        else:
            self.replacing.hide()
        hint = QLabel(
            self.tr(
                "Tab moves to the next question. Arrow keys move along the choices and Space picks one "
                "(or type 1–5, Y or N). Delete clears a question left blank. Enter saves."
            ),
            self,
        )
        hint.setWordWrap(True)

        #: The choice groups of faces and yes/no questions, and the fields of questions answered in words.
        self.choices: dict[str, QButtonGroup] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        self._keys: dict[QObject, tuple[QButtonGroup, dict[int, int]]] = {}
        self._first: QWidget | None = None
        holder = QWidget(self)
        questions_layout = QVBoxLayout(holder)
        for question in questions:
            questions_layout.addWidget(self._question_box(holder, question))
        questions_layout.addStretch(1)
        if not questions:
            questions_layout.insertWidget(0, QLabel(self.tr("The sheet has no questions."), holder))
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("&Save answers"))
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Enter inside a field written in words starts a new line, so Ctrl+Enter saves from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.replacing)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 680, min(620, 180 + 110 * max(1, len(questions))))
        first = self.first_answer_control()
        (first or self.save_button).setFocus()

    # --- building -------------------------------------------------------------

    def _question_box(self, parent: QWidget, question: FeedbackQuestionRow) -> QGroupBox:
        box = QGroupBox(parent)
        box.setAccessibleName(question.text)
        label = QLabel(
            self.tr("{position}. {text}").format(position=question.position, text=question.text), box
        )
        label.setWordWrap(True)
        layout = QVBoxLayout(box)
        layout.addWidget(label)
        if question.kind is QuestionKind.TEXT:
            field = QPlainTextEdit(box)
            field.setTabChangesFocus(True)
            field.setAccessibleName(question.text)
            field.setPlaceholderText(self.tr("Type what is written, or leave it empty"))
            field.setFixedHeight(field.fontMetrics().lineSpacing() * 3 + 16)
            label.setBuddy(field)
            layout.addWidget(field)
            self.texts[question.id] = field
            self._first = self._first or field
            return box
        row = QHBoxLayout()
        group = QButtonGroup(box)
        keys: dict[int, int] = {}
        if question.kind is QuestionKind.FACES:
            meanings = {
                1: self.tr("very unhappy"),
                2: self.tr("unhappy"),
                3: self.tr("in between"),
                4: self.tr("happy"),
                5: self.tr("very happy"),
            }
            for value, face in FACES:
                button = QRadioButton(f"{value} {face}", box)
                button.setToolTip(meanings[value])
                button.setAccessibleDescription(meanings[value])
                group.addButton(button, value)
                keys[Qt.Key.Key_0 + value] = value
                row.addWidget(button)
        else:
            for value, text, key in ((YES, self.tr("Yes"), Qt.Key.Key_Y), (NO, self.tr("No"), Qt.Key.Key_N)):
                button = QRadioButton(text, box)
                group.addButton(button, value)
                keys[key] = value
                row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        label.setBuddy(group.buttons()[0])
        self._first = self._first or group.buttons()[0]
        for button in group.buttons():
            button.installEventFilter(self)
            self._keys[button] = (group, keys)
        self.choices[question.id] = group
        return box

    def first_answer_control(self) -> QWidget | None:
        """Where typing starts: the first choice or field of the first question."""
        return self._first

    # --- keys -----------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and watched in self._keys:
            group, keys = self._keys[watched]
            key = event.key()
            if key in keys and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                chosen = group.button(keys[key])
                chosen.setChecked(True)
                chosen.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.clear_choice(group)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def clear_choice(group: QButtonGroup) -> None:
        """Leave a faces or yes/no question unanswered again."""
        checked: QAbstractButton | None = group.checkedButton()
        if checked is None:
            return
        # An exclusive group will not let its last checked button go, so step out of it for a moment.
        group.setExclusive(False)
        checked.setAutoExclusive(False)
        checked.setChecked(False)
        checked.setAutoExclusive(True)
        group.setExclusive(True)

    # --- reading --------------------------------------------------------------

    def answers(self) -> dict[str, int | str]:
        """The answers by question id: a face 1–5, yes 1 / no 0, or words; blank questions are left out."""
        given: dict[str, int | str] = {}
        for question_id, group in self.choices.items():
            if group.checkedId() != -1:
                given[question_id] = group.checkedId()
        for question_id, field in self.texts.items():
            if field.toPlainText().strip():
                given[question_id] = field.toPlainText().strip()
        return given
