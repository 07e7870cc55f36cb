"""Asking for the passphrase of an encrypted database when it is opened.

The passphrase typed here is handed straight to the database and kept in memory for the
session only: never in settings, logs or messages.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class PassphraseDialog(QDialog):
    """One password field, why it is asked for (or why the last try failed), Open and Cancel."""

    def __init__(self, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Passphrase needed"))
        self.message = QLabel(message, self)
        self.message.setWordWrap(True)
        self.passphrase_field = QLineEdit(self)
        self.passphrase_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_field.setAccessibleName(self.tr("Passphrase"))
        self.show_typing = QCheckBox(self.tr("&Show the passphrase as I type"), self)
        self.show_typing.toggled.connect(
            lambda shown: self.passphrase_field.setEchoMode(
                QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
            )
        )
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.passphrase_field)
        form.addRow("", self.show_typing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.open_button = buttons.addButton(self.tr("&Open"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setDefault(True)
        self.open_button.setEnabled(False)
        self.passphrase_field.textChanged.connect(lambda text: self.open_button.setEnabled(bool(text)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.passphrase_field.setFocus()
        self.resize(460, self.sizeHint().height())

    def passphrase(self) -> str:
        """What was typed."""
        return self.passphrase_field.text()


def ask_passphrase(parent: QWidget | None, message: str) -> str | None:
    """Show ``message`` (the file is encrypted, or the last passphrase did not open it) and ask; None if cancelled."""
    dialog = PassphraseDialog(message, parent)
    try:
        if not dialog.exec() or not dialog.passphrase():
            return None
        return dialog.passphrase()
    finally:
        dialog.passphrase_field.clear()
        dialog.deleteLater()
