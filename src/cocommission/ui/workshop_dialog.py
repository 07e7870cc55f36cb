"""The form for adding a workshop, or changing one: title, date, venue and how long it lasts."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from cocommission.services.workshops import MAX_MINUTES, WorkshopRow
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.number_input import NotANumber, NumberBox, read_number
from cocommission.ui.optional_date import OptionalDateEdit


class WorkshopDialog(FormDialog):
    """Asks for a workshop's details and announces them with ``submitted`` when they look right.

    The form stays open until the page has performed the change, so a refusal can be put right.
    """

    #: The details, as keyword arguments for add_workshop / update_workshop.
    submitted = Signal(dict)

    def __init__(self, parent: QWidget | None = None, *, workshop: WorkshopRow | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.setWindowTitle(
            self.tr("Add a workshop")
            if workshop is None
            else self.tr("Change workshop {number}").format(number=workshop.number)
        )
        self.title = QLineEdit(self)
        self.title.setMaxLength(200)
        self.title.setPlaceholderText(self.tr("e.g. What should the service achieve?"))
        self.held_on = OptionalDateEdit(self.tr("Held on"), self.tr("Workshop date"), self)
        self.venue = QLineEdit(self)
        self.venue.setMaxLength(200)
        self.venue.setPlaceholderText(self.tr("e.g. Youth centre, main hall"))
        self.minutes = NumberBox(self)
        self.minutes.setAccessibleName(self.tr("Workshop length"))
        self.minutes.setRange(1, MAX_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setValue(120)

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Date:"), self.held_on)
        form.addRow(self.tr("&Venue:"), self.venue)
        form.addRow(self.tr("&Length:"), self.minutes)
        self._lay_out(
            form,
            ok_text=self.tr("Add workshop") if workshop is None else self.tr("Save changes"),
            on_ok=self._check_and_submit,
        )
        if workshop is not None:
            self.title.setText(workshop.title)
            self.held_on.set_value(workshop.held_on)
            if workshop.held_on is not None:
                self.held_on.keep_ticked(self.tr("A workshop's date can be changed but not taken away."))
            self.venue.setText(workshop.venue)
            self.minutes.setValue(workshop.minutes)
        else:
            # A new workshop is usually being planned for a day, so offer one.
            self.held_on.check.setChecked(True)

    def values(self) -> dict:
        """The details as typed, trimmed; ``NotANumber`` when the length is not a number of minutes."""
        return {
            "title": self.title.text().strip(),
            "held_on": self.held_on.value(),
            "venue": self.venue.text().strip(),
            "minutes": read_number(self.minutes),
        }

    def _check_and_submit(self) -> None:
        if not self.title.text().strip():
            self._refuse(self.tr("Give the workshop a title."), self.title)
            return
        try:
            values = self.values()
        except NotANumber as refusal:
            self._refuse(str(refusal), self.minutes)
            return
        self.message.hide()
        self.submitted.emit(values)
