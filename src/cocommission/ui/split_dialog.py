"""The form for splitting an outcome statement that says two things into separate statements."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.outcomes import OutcomeRow


class SplitDialog(QDialog):
    """Asks for the new statements, one per line (at least two); ``texts`` holds them once accepted."""

    #: A readable reason the form was not accepted (also shown inside the form).
    problem = Signal(str)

    def __init__(self, statement: OutcomeRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.statement = statement
        self.setWindowTitle(self.tr("Split a statement"))
        about = QLabel(
            self.tr(
                "Statement {n}: “{text}”\n\nWrite each new statement on its own line — at least two. "
                "Statement {n} is kept, marked dropped, so everyone can see where the new ones came from."
            ).format(n=statement.position, text=statement.text),
            self,
        )
        about.setWordWrap(True)
        self.parts = QPlainTextEdit(self)
        self.parts.setTabChangesFocus(True)
        # Start from the words as they are: splitting is mostly putting line breaks in.
        self.parts.setPlainText(statement.text)
        parts_label = QLabel(self.tr("&New statements, one per line:"), self)
        parts_label.setBuddy(self.parts)
        self.message = QLabel(self)
        self.message.setObjectName("formProblem")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("&Split"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(parts_label)
        layout.addWidget(self.parts, 1)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(560, 360)
        self.texts: list[str] | None = None

    def _check_and_accept(self) -> None:
        lines = [" ".join(line.split()) for line in self.parts.toPlainText().splitlines()]
        texts = [line for line in lines if line]
        if len(texts) < 2:
            message = self.tr("Write at least two statements, each on its own line.")
            self.message.setText(message)
            self.message.show()
            self.problem.emit(message)
            self.parts.setFocus()
            return
        self.texts = texts
        self.accept()
