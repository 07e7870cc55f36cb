"""Recording consent for several participants at once: the day a group's signed forms came back.

One date for everyone chosen, and whether parents or guardians signed too (it applies only to
the under-18s among them). Consent already recorded is kept as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cocommission.model.base import today
from cocommission.services.participants import ParticipantRow
from cocommission.services.text import plural


class ConsentDialog(QDialog):
    """Asks the day consent was given for the chosen people, and whether guardians consented too."""

    def __init__(self, chosen: Sequence[ParticipantRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record consent"))
        names = ", ".join(person.pseudonym for person in chosen)
        intro = QLabel(
            plural(
                len(chosen),
                self.tr("Record consent for {count} participant: {names}."),
                self.tr("Record consent for {count} participants: {names}."),
                names=names,
            ),
            self,
        )
        intro.setWordWrap(True)
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("d MMM yyyy")
        self.day.setDate(QDate(today()))
        self.day.setMaximumDate(QDate(today()))
        self.day.setAccessibleName(self.tr("Day consent was given"))
        self.guardian = QCheckBox(self.tr("A parent or guardian consented too, the same day"), self)
        under_18 = [person.pseudonym for person in chosen if person.under_18]
        self.guardian.setEnabled(bool(under_18))
        self.guardian.setToolTip(
            self.tr("For the under-18s chosen: {names}").format(names=", ".join(under_18))
            if under_18
            else self.tr("Nobody chosen is under 18")
        )
        form = QFormLayout()
        form.addRow(self.tr("&Consent given on:"), self.day)
        form.addRow("", self.guardian)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def consent_on(self) -> date:
        """The day consent was given."""
        return self.day.date().toPython()

    def guardian_consent_on(self) -> date | None:
        """The day a parent or guardian consented (the same day), or None if they have not."""
        return self.consent_on() if self.guardian.isEnabled() and self.guardian.isChecked() else None
