"""Asking why an agreed tender is being reopened; the reason is kept in the audit log."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget


class ReopenTenderDialog(QDialog):
    """A reason is required: the button that reopens stays greyed out until one is written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Reopen the tender"))
        explanation = QLabel(
            self.tr(
                "The group agreed this tender. Reopening it lets you change it again; it then needs "
                "agreeing again. Your reason is kept in the commission's record."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.reason_box = QPlainTextEdit(self)
        self.reason_box.setAccessibleName(self.tr("Why the tender is being reopened"))
        self.reason_box.setTabChangesFocus(True)
        self.reason_box.setPlaceholderText(self.tr("e.g. The commissioner asked us to add a closing date."))
        reason_label = QLabel(self.tr("&Why is it being reopened?"), self)
        reason_label.setBuddy(self.reason_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.reopen_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.reopen_button.setText(self.tr("Reopen the tender"))
        self.reopen_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_box.textChanged.connect(self._reason_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_box, 1)
        layout.addWidget(self.buttons)
        self.reason_box.setFocus()

    @property
    def reason(self) -> str:
        """The reason written, without surrounding spaces."""
        return self.reason_box.toPlainText().strip()

    def _reason_changed(self) -> None:
        self.reopen_button.setEnabled(bool(self.reason))

    def accept(self) -> None:
        """Close only when a reason has been written."""
        if self.reason:
            super().accept()
