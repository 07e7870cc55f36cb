"""The form for merging outcome statements that say the same thing into one, in the group's words."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from cocommission.services.outcomes import OutcomeRow
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.pages.outcome_table_model import number_text


class MergeDialog(FormDialog):
    """Shows the statements to merge and asks for the new wording and measure; ``values`` once accepted."""

    def __init__(self, statements: Sequence[OutcomeRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statements = tuple(statements)
        self.setWindowTitle(self.tr("Merge statements"))
        listed = "".join(
            f"<li>{escape(self.tr('{n}. {text}').format(n=number_text(row), text=row.text))}</li>"
            for row in self.statements
        )
        intro = self.tr(
            "These {count} statements become one. They are kept, marked merged, so everyone can see "
            "where the new statement came from:"
        ).format(count=len(self.statements))
        about = QLabel(f"{escape(intro)}<ul>{listed}</ul>", self)
        about.setTextFormat(Qt.TextFormat.RichText)
        about.setWordWrap(True)
        self.wording = QPlainTextEdit(self)
        self.wording.setTabChangesFocus(True)
        self.wording.setPlaceholderText(self.tr("The merged statement, in the group's words"))
        # Their words joined are a starting point: the group agrees one wording from them.
        self.wording.setPlainText("; ".join(row.text for row in self.statements))
        self.wording.selectAll()
        self.measure = QLineEdit(self)
        self.measure.setPlaceholderText(self.tr("For example: a survey every term"))
        measures = dict.fromkeys(row.measure for row in self.statements if row.measure)
        self.measure.setText("; ".join(measures))
        self.measure.setCursorPosition(0)
        wording_label = QLabel(self.tr("&Wording of the merged statement:"), self)
        wording_label.setBuddy(self.wording)
        measure_label = QLabel(self.tr("How success is m&easured:"), self)
        measure_label.setBuddy(self.measure)
        form = QFormLayout()
        # Labels above the boxes: the wording needs the dialog's whole width.
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow(wording_label, self.wording)
        form.addRow(measure_label, self.measure)
        self._lay_out(about, form, ok_text=self.tr("&Merge"), on_ok=self._check_and_accept)
        self.resize(560, self.sizeHint().height())
        self.values: dict[str, str] | None = None

    @property
    def outcome_ids(self) -> list[str]:
        """The statements to merge, in list order."""
        return [row.id for row in self.statements]

    def _check_and_accept(self) -> None:
        # A statement is one line in the list and on the projector, whatever line breaks were typed.
        text = " ".join(self.wording.toPlainText().split())
        if not text:
            self._refuse(self.tr("Write the wording of the merged statement."), self.wording)
            self.wording.moveCursor(QTextCursor.MoveOperation.End)
            return
        self.values = {"text": text, "measure": self.measure.text().strip()}
        self.accept()
