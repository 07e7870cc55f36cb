"""Choosing a passphrase to encrypt the open database, with a warning that cannot be missed.

Nobody can recover a lost passphrase, so the dialog says so in words before anything else,
and the Encrypt button stays disabled until the passphrase is typed twice the same, is long
enough, and the facilitator has ticked that they wrote it down somewhere safe.
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

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Encrypt this database"))
        self.warning = QLabel(
            self.tr(
                "If the passphrase is lost, nobody can open this database or its backups again — not you, "
                "not the makers of CoCommission, not anyone. There is no way to recover it: everything in the "
                "database would be lost."
            ),
            self,
        )
        self.warning.setObjectName("encryptWarning")
        self.warning.setWordWrap(True)
        enlarge(self.warning, 1.1, bold=True)
        icon = QLabel(self)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        explanation = QLabel(
            self.tr(
                "Encrypting {file} protects the young people's details in it, and in its backups, if this "
                "laptop is lost or stolen. You will type the passphrase each time you open it."
            ).format(file=file_name),
            self,
        )
        explanation.setWordWrap(True)
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
        self.encrypt_button = buttons.addButton(self.tr("&Encrypt"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        warning_row = QHBoxLayout()
        warning_row.addWidget(icon)
        warning_row.addWidget(self.warning, 1)
        form = QFormLayout()
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

    def forget(self) -> None:
        """Clear the fields, so the passphrase stays only where the database holds it."""
        self.first.clear()
        self.second.clear()
