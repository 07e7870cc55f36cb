"""A date that may not have happened yet: a check box that says so, and the day once it has.

Consent, a guardian's consent and a workshop's date are all "not yet" until they are
recorded, so the forms use this instead of a bare date box that always holds some day.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from cocommission.model.base import today


class OptionalDateEdit(QWidget):
    """A check box (``check``) that enables a date box (``day``); unticked means "not yet"."""

    def __init__(self, check_text: str, date_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = QCheckBox(check_text, self)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setAccessibleName(date_name)
        self.day.setDate(QDate(today()))
        self.day.setEnabled(False)
        self.check.toggled.connect(self.day.setEnabled)
        # Ticking is usually followed by picking the day, so move on to it.
        self.check.clicked.connect(lambda ticked: self.day.setFocus() if ticked else None)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.day)
        layout.addStretch(1)
        self.setFocusProxy(self.check)

    def value(self) -> date | None:
        """The chosen day, or None when the box is unticked."""
        return self.day.date().toPython() if self.check.isChecked() else None

    def set_value(self, day: date | None) -> None:
        """Show ``day`` ticked, or an unticked box (with today ready) for None."""
        self.check.setChecked(day is not None)
        self.day.setDate(QDate(day.year, day.month, day.day) if day is not None else QDate(today()))

    def keep_ticked(self, reason: str) -> None:
        """Stop the box being unticked (the day can still change); ``reason`` shows as its tooltip."""
        self.check.setChecked(True)
        self.check.setEnabled(False)
        self.check.setToolTip(reason)
