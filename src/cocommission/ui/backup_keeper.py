"""Backing the open database up every 30 minutes while work is changing.

The database is backed up when it is opened (see ``open_database(backup_on_open=True)``);
``BackupKeeper`` adds one every 30 minutes, but only when something was saved since the last,
so a laptop left open overnight does not fill the rotation with identical copies. It is apart
from ``backups`` (restoring one), whose dialogs the window needs only when asked for: every
window keeps one of these from its first moment.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from cocommission.db.backup import BackupError, take_backup
from cocommission.ui.bus import ChangeBus

#: How often a changing database is backed up while the app is open.
BACKUP_INTERVAL_MS = 30 * 60 * 1000


class BackupKeeper(QObject):
    """Backs the database file up every 30 minutes while changes are being saved."""

    #: A backup could not be taken: the message says why.
    failed = Signal(str)

    def __init__(
        self, database_path: Path | None, bus: ChangeBus, parent: QObject | None = None, *, passphrase: str | None = None
    ) -> None:
        super().__init__(parent)
        self.database_path = database_path
        # An encrypted database's backups are encrypted with the same passphrase.
        self._passphrase = passphrase
        self.changed_since_backup = False
        self.timer = QTimer(self)
        self.timer.setInterval(BACKUP_INTERVAL_MS)
        self.timer.timeout.connect(self.back_up_if_changed)
        bus.changes_applied.connect(self._note_change)
        if database_path is not None:
            self.timer.start()

    def _note_change(self, changes: object, initiator: object) -> None:
        self.changed_since_backup = True

    def back_up_if_changed(self) -> Path | None:
        """Take a backup when something was saved since the last one; returns its path."""
        if self.database_path is None or not self.changed_since_backup:
            return None
        try:
            made = take_backup(self.database_path, reason="every-30-minutes", passphrase=self._passphrase)
        except BackupError as exc:
            self.failed.emit(str(exc))
            return None
        self.changed_since_backup = False
        return made

    def stop(self) -> None:
        """Stop the timer (the database is being closed)."""
        self.timer.stop()
        self.database_path = None
        self._passphrase = None
