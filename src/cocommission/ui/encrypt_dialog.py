"""Choosing a passphrase to encrypt the open database (or a new one for it), and decrypting it.

Nobody can recover a lost passphrase, so ``EncryptDialog`` says so in words before anything
else, and its button stays disabled until the passphrase is typed twice the same, is long
enough, and the facilitator has ticked that they wrote it down somewhere safe. Changing the
passphrase is the same dialog with the current passphrase asked for first.

``DecryptDialog`` says plainly that a decrypted file can be read by anyone with the laptop,
and waits for the current passphrase and a tick that this is understood.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from cocommission.db.cipher import MINIMUM_PASSPHRASE_LENGTH
from cocommission.ui.style import enlarge


class EncryptDialog(QDialog):
    """Asks for the new passphrase twice and for the tick; ``passphrase()`` once accepted."""

    def __init__(self, file_name: str, parent: QWidget | None = None, *, changing: bool = False) -> None:
        super().__init__(parent)
        self.changing = changing
        self.setWindowTitle(self.tr("Change the passphrase") if changing else self.tr("Encrypt this database"))
        self.warning, icon = _warning(
            self,
            self.tr(
                "If the passphrase is lost, nobody can open this database or its backups again — not you, "
                "not the makers of CoCommission, not anyone. There is no way to recover it: everything in the "
                "database would be lost."
            ),
        )
        if changing:
            text = self.tr(
                "{file} and its backups will open with the new passphrase only; the current one will no "
                "longer open them. Type the current passphrase, then the new one twice."
            )
        else:
            text = self.tr(
                "Encrypting {file} protects the young people's details in it, and in its backups, if this "
                "laptop is lost or stolen. You will type the passphrase each time you open it."
            )
        explanation = QLabel(text.format(file=file_name), self)
        explanation.setWordWrap(True)
        self.current = QLineEdit(self)
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setAccessibleName(self.tr("Current passphrase"))
        self.current.textChanged.connect(self._update)
        self.first = QLineEdit(self)
        self.second = QLineEdit(self)
        for field, name in ((self.first, self.tr("New passphrase")), (self.second, self.tr("New passphrase again"))):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setAccessibleName(name)
            field.textChanged.connect(self._update)
        self.show_typing = QCheckBox(self.tr("&Show the passphrase as I type"), self)
        self.show_typing.toggled.connect(self._show_typing)
        self.written_down = QCheckBox(self.tr("I have &written the passphrase down somewhere safe"), self)
        self.written_down.toggled.connect(self._update)
        self.status = QLabel(self)
        self.status.setObjectName("formProblem")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.encrypt_button = buttons.addButton(
            self.tr("&Change passphrase") if changing else self.tr("&Encrypt"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        warning_row = QHBoxLayout()
        warning_row.addWidget(icon)
        warning_row.addWidget(self.warning, 1)
        form = QFormLayout()
        if changing:
            form.addRow(self.tr("&Current passphrase:"), self.current)
        else:
            self.current.hide()
        form.addRow(self.tr("&New passphrase:"), self.first)
        form.addRow(self.tr("Type it &again:"), self.second)
        form.addRow("", self.show_typing)
        layout = QVBoxLayout(self)
        layout.addLayout(warning_row)
        layout.addWidget(explanation)
        layout.addLayout(form)
        layout.addWidget(self.written_down)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(540, self.sizeHint().height())
        self._update()

    def _show_typing(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _waiting_for(self) -> str:
        """What still stands between the facilitator and the Encrypt button ('' when nothing does)."""
        first, second = self.first.text(), self.second.text()
        if self.changing and not self.current.text():
            return self.tr("Type the current passphrase first.")
        if self.changing and first == self.current.text():
            return self.tr("The new passphrase is the same as the current one; choose another.")
        if len(first) < MINIMUM_PASSPHRASE_LENGTH:
            return self.tr("The passphrase needs at least {count} characters; a few words together work well.").format(
                count=MINIMUM_PASSPHRASE_LENGTH
            )
        if first != second:
            return self.tr("Type the same passphrase in both boxes.")
        if not self.written_down.isChecked():
            return self.tr("Tick the box once the passphrase is written down somewhere safe.")
        return ""

    def _update(self) -> None:
        waiting = self._waiting_for()
        self.status.setText(waiting)
        self.encrypt_button.setEnabled(not waiting)

    def accept(self) -> None:
        if self._waiting_for():
            return
        super().accept()

    def passphrase(self) -> str:
        """The passphrase chosen (both boxes agree)."""
        return self.first.text()

    def current_passphrase(self) -> str:
        """The current passphrase typed (changing only)."""
        return self.current.text()

    def forget(self) -> None:
        """Clear the fields, so the passphrase stays only where the database holds it."""
        self.current.clear()
        self.first.clear()
        self.second.clear()


class DecryptDialog(QDialog):
    """Warns that a decrypted file is readable by anyone, asks for the passphrase and a tick; ``passphrase()`` once accepted."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Decrypt this database"))
        self.warning, icon = _warning(
            self,
            self.tr(
                "Once decrypted, {file} and its backups can be read by anyone who gets hold of this laptop, "
                "young people's details included. Only do this if the laptop itself is protected another way."
            ).format(file=file_name),
        )
        self.field = QLineEdit(self)
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Current passphrase"))
        self.field.textChanged.connect(self._update)
        self.understood = QCheckBox(self.tr("I &understand anyone with this laptop will be able to read it"), self)
        self.understood.toggled.connect(self._update)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.decrypt_button = buttons.addButton(self.tr("&Decrypt"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        warning_row = QHBoxLayout()
        warning_row.addWidget(icon)
        warning_row.addWidget(self.warning, 1)
        form = QFormLayout()
        form.addRow(self.tr("&Passphrase:"), self.field)
        layout = QVBoxLayout(self)
        layout.addLayout(warning_row)
        layout.addLayout(form)
        layout.addWidget(self.understood)
        layout.addWidget(buttons)
        self.resize(540, self.sizeHint().height())
        self._update()

    def _update(self) -> None:
        self.decrypt_button.setEnabled(bool(self.field.text()) and self.understood.isChecked())

    def accept(self) -> None:
        if not self.decrypt_button.isEnabled():
            return
        super().accept()

    def passphrase(self) -> str:
        """The passphrase typed."""
        return self.field.text()

    def forget(self) -> None:
        """Clear the field."""
        self.field.clear()


def _warning(dialog: QDialog, text: str) -> tuple[QLabel, QLabel]:
    """The large bold warning these dialogs lead with, and the warning icon beside it."""
    warning = QLabel(text, dialog)
    warning.setObjectName("encryptWarning")
    warning.setWordWrap(True)
    enlarge(warning, 1.1, bold=True)
    icon = QLabel(dialog)
    icon.setPixmap(dialog.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
    return warning, icon
