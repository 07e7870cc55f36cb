"""The form for splitting an outcome statement that says two things into separate statements."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from cocommission.services.outcomes import OutcomeRow
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.pages.outcome_table_model import number_text
from cocommission.ui.screen_fit import fit_to_screen


class SplitDialog(FormDialog):
    """Asks for the new statements, one per line (at least two); ``texts`` holds them once accepted."""

    def __init__(self, statement: OutcomeRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statement = statement
        self.setWindowTitle(self.tr("Split a statement"))
        about = QLabel(
            self.tr(
                "Statement {n}: “{text}”\n\nWrite each new statement on its own line — at least two. "
                "Statement {n} is kept, marked dropped, so everyone can see where the new ones came from."
            ).format(n=number_text(statement), text=statement.text),
            self,
        )
        about.setWordWrap(True)
        self.parts = QPlainTextEdit(self)
        self.parts.setTabChangesFocus(True)
        # Start from the words as they are: splitting is mostly putting line breaks in.
        self.parts.setPlainText(statement.text)
        parts_label = QLabel(self.tr("&New statements, one per line:"), self)
        parts_label.setBuddy(self.parts)
        self._lay_out(
            about, parts_label, (self.parts, 1), ok_text=self.tr("&Split"), on_ok=self._check_and_accept
        )
        fit_to_screen(self, 560, 360)
        self.texts: list[str] | None = None

    def _check_and_accept(self) -> None:
        lines = [" ".join(line.split()) for line in self.parts.toPlainText().splitlines()]
        texts = [line for line in lines if line]
        if len(texts) < 2:
            self._refuse(self.tr("Write at least two statements, each on its own line."), self.parts)
            return
        self.texts = texts
        self.accept()
