"""Backups in the app: one every 30 minutes while work is changing (``backup_keeper``), and restoring one.

``RestoreDialog`` lists the backups beside the file so a youth worker can go back to one,
and ``offer_restore`` is what the app shows when a file cannot be opened at all.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from cocommission.db.backup import Backup, BackupError, latest_sound_backup, list_backups, restore_backup
from cocommission.ui.screen_fit import fit_to_screen
from cocommission.wording import translator

tr = translator("Backups")


class RestoreDialog(QDialog):
    """Lists a database's backups, newest first; ``chosen`` is the one picked once accepted."""

    def __init__(self, database_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from backup"))
        self.chosen: Path | None = None
        explanation = QLabel(
            self.tr(
                "Choose the backup to go back to. Everything saved after it is replaced, but the "
                "database as it is now is kept as a backup too, so you can come back to it."
            ),
            self,
        )
        explanation.setWordWrap(True)
        self.backups = QListWidget(self)
        self.backups.setAccessibleName(self.tr("Backups, newest first"))
        for backup in list_backups(database_path):
            item = QListWidgetItem(backup.label, self.backups)
            item.setData(Qt.ItemDataRole.UserRole, str(backup.path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = buttons.addButton(self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setEnabled(False)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.backups.currentItemChanged.connect(lambda item, _old: self.restore_button.setEnabled(item is not None))
        self.backups.itemActivated.connect(lambda _item: self.accept())
        if self.backups.count():
            self.backups.setCurrentRow(0)
        else:
            explanation.setText(self.tr("There are no backups of this database yet."))
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.backups, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 520, 380)

    def accept(self) -> None:
        item = self.backups.currentItem()
        if item is None:
            return
        self.chosen = Path(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


def offer_restore(
    parent: QWidget | None,
    database_path: Path,
    message: str,
    restore: Callable[[Backup], bool],
    passphrase: str | None = None,
) -> bool:
    """Explain why the file cannot be opened and offer its latest sound backup; True if restored.

    Encrypted backups are checked with ``passphrase``.
    """
    latest = latest_sound_backup(database_path, passphrase)
    box = QMessageBox(QMessageBox.Icon.Warning, tr("Cannot open that database"), message, parent=parent)
    if latest is None:
        box.setInformativeText(tr("There is no backup of it to go back to."))
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        return False
    box.setInformativeText(
        tr("The latest sound backup is from {when}. Restore it? The file as it is now is kept.").format(
            when=latest.label
        )
    )
    restore_button = box.addButton(tr("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    if box.clickedButton() is not restore_button:
        return False
    return restore(latest)


def restore_file(parent: QWidget | None, database_path: Path, backup: Path, passphrase: str | None = None) -> bool:
    """Put ``backup`` in place of the (closed) database file; a readable message when it cannot be."""
    from cocommission.db.lock import DatabaseBusy

    try:
        restore_backup(database_path, backup, passphrase)
    except (BackupError, OSError, DatabaseBusy) as exc:
        QMessageBox.warning(parent, tr("The backup was not restored"), str(exc))
        return False
    return True
