"""What every stage page shares: the commission it shows and refreshing on committed changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cocommission.services.changes import Changes
from cocommission.ui.commands import Commander
from cocommission.ui.style import enlarge


class StagePage(QWidget):
    """A page of the workspace; subclasses fill ``body`` and implement ``load``.

    ``watches`` lists the kinds of change (``"participant"``, ``"ballot"``, …)
    that make the page reload; a page skips changes it made itself only when
    it has already shown them.
    """

    title = ""
    watches: tuple[str, ...] = ()

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self._stale = False
        heading = QLabel(self.title, self)
        heading.setObjectName("pageHeading")
        enlarge(heading, 1.6, bold=True)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.body = QVBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addLayout(self.body, 1)
        commander.bus.changes_applied.connect(self._on_changes)

    def set_commission(self, commission_id: str | None) -> None:
        """Show another commission (None clears the page)."""
        self.commission_id = commission_id
        self.reload()

    def reload(self) -> None:
        """Load what the page shows now, or mark it stale when hidden (it loads when shown)."""
        if self.commission_id is None:
            return
        if self.isVisible() or not self._stale_allowed():
            self._stale = False
            self.load()
        else:
            self._stale = True

    def _stale_allowed(self) -> bool:
        # Before the window is shown (tests, screenshots) load at once.
        return self.window().isVisible()

    def catch_up(self) -> bool:
        """Load now what a hidden page has waiting to show, so showing it later only paints it.

        The workspace calls it while the app is idle: just after making the page, and after a
        change the page waits to show. True when there was something to load.
        """
        if not self._stale:
            return False
        self._stale = False
        self.load()
        return True

    def showEvent(self, event) -> None:
        self.catch_up()
        super().showEvent(event)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if self.commission_id is None or not changes.touches(*self.watches):
            return
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        self.reload()

    def load(self) -> None:
        """Read the commission's data through the services and fill the widgets."""
        raise NotImplementedError

    def unsaved_typing(self) -> str | None:
        """A sentence about text typed on this page but not saved yet (None: nothing), so leaving can mention it."""
        return None
