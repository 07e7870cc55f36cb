"""The form for agreeing a moderated score: the value the panel settled on and why."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)


class ModerateDialog(QDialog):
    """Asks for the agreed score and the reason (required); ``values`` holds them once accepted."""

    #: A readable reason the form was not accepted (also shown inside the form).
    problem = Signal(str)

    def __init__(
        self,
        *,
        bid_title: str,
        criterion_name: str,
        summary: str,
        max_score: int,
        value: int,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agree a moderated score"))
        about = QLabel(
            self.tr("<b>{bid}</b> on <b>{criterion}</b><br>{summary}").format(
                bid=_escape(bid_title), criterion=_escape(criterion_name), summary=_escape(summary)
            ),
            self,
        )
        about.setWordWrap(True)
        self.value = QSpinBox(self)
        self.value.setRange(0, max_score)
        self.value.setSuffix(self.tr(" out of {max}").format(max=max_score))
        self.value.setValue(value)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Why the panel agreed this score, in the panel's words"))
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlainText(reason)
        self.message = QLabel(self)
        self.message.setObjectName("formProblem")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow(self.tr("Agreed &score:"), self.value)
        form.addRow(self.tr("&Reason:"), self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Agree score"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.values: dict | None = None

    def _check_and_accept(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            message = self.tr("Give the reason the panel agreed this score.")
            self.message.setText(message)
            self.message.show()
            self.problem.emit(message)
            self.reason.setFocus()
            return
        self.values = {"value": self.value.value(), "reason": reason}
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
