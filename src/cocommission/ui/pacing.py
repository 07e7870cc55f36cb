"""Reading again soon, but not more often than a person could see: one read per burst of changes.

A room voting from phones commits dozens of ballots a second. The wall and the console answer
each change by reading the round again; read for every ballot, that reading alone would keep the
window busy and make every phone wait for the laptop. ``PacedCall`` runs its function in the next
turn of the event loop when it last ran a while ago (a facilitator's own entry shows at once), and
otherwise when ``gap`` has passed since then, once, however many changes came in meanwhile.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

#: How often, at most, a busy room's changes are read again: ten times a second looks live.
ROOM_GAP_SECONDS = 0.1


class PacedCall(QObject):
    """Calls ``function`` soon after ``request()``, at most once every ``gap`` seconds."""

    def __init__(
        self,
        function: Callable[[], None],
        parent: QObject,
        *,
        gap: float = ROOM_GAP_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._function = function
        self._gap = gap
        self._clock = clock
        self._last: float | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._run)

    def request(self) -> None:
        """Ask for a call: in the next turn, or once the gap since the last call has passed."""
        if self.timer.isActive():
            return  # already coming: this change is read with the others
        since = None if self._last is None else self._clock() - self._last
        wait = 0.0 if since is None else max(0.0, self._gap - since)
        self.timer.start(round(wait * 1000))

    def stop(self) -> None:
        """Forget a call asked for and not yet made."""
        self.timer.stop()

    def _run(self) -> None:
        self._last = self._clock()
        self._function()
