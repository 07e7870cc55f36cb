"""The one app-wide signal that tells every view what a committed action changed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    """Carries ``changes_applied(changes, initiator)`` after each commit.

    Views refresh only what they show and may skip changes they made
    themselves by comparing ``initiator`` with themselves.
    """

    changes_applied = Signal(object, object)
    commission_opened = Signal(str)
    #: The projector window has appeared: whatever is private must leave the laptop's screen.
    projector_shown = Signal()
