"""The tender's details: its title, how long the service runs, the scale bids are scored on and its closing date.

Each change is saved when the facilitator presses Enter or moves on, as one
edit that Ctrl+Z undoes. The closing date is printed in the tender's timetable
and on its cover, and the tender cannot be agreed without one still to come.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from cocommission.model.base import today
from cocommission.services.tender import TenderRow, set_closing_date, update_tender
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.number_input import NumberBox
from cocommission.ui.optional_date import OptionalDateEdit


class TenderDetailsPanel(QWidget):
    """Title, duration in months and the top of the scoring scale; below them, the closing date."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.tender: TenderRow | None = None

        self.title = QLineEdit(self)
        self.title.setAccessibleName(self.tr("Tender title"))
        title_label = QLabel(self.tr("Tender tit&le:"), self)
        title_label.setBuddy(self.title)
        self.duration = NumberBox(self)
        self.duration.setRange(1, 120)
        self.duration.setSuffix(self.tr(" months"))
        self.duration.setAccessibleName(self.tr("How long the service runs, in months"))
        # Save the finished number, not every digit on the way to it.
        self.duration.setKeyboardTracking(False)
        duration_label = QLabel(self.tr("&Runs for:"), self)
        duration_label.setBuddy(self.duration)
        self.scale = NumberBox(self)
        self.scale.setRange(1, 10)
        self.scale.setPrefix(self.tr("0 to "))
        self.scale.setAccessibleName(self.tr("Scale each criterion is scored on"))
        self.scale.setToolTip(self.tr("Panellists score each criterion from 0 up to this number"))
        self.scale.setKeyboardTracking(False)
        scale_label = QLabel(self.tr("&Bids scored:"), self)
        scale_label.setBuddy(self.scale)
        self.closing = OptionalDateEdit(
            self.tr("Last da&y for bids:"), self.tr("Closing date: the last day bids are accepted"), self
        )
        self.closing.check.setToolTip(
            self.tr("Printed in the timetable and on the cover; the tender cannot be agreed without it")
        )
        # Save the finished date, not every digit typed on the way to it.
        self.closing.day.setKeyboardTracking(False)

        self.title.editingFinished.connect(self._title_finished)
        self.duration.valueChanged.connect(self._duration_changed)
        self.scale.valueChanged.connect(self._scale_changed)
        self.closing.check.toggled.connect(self._closing_changed)
        self.closing.day.dateChanged.connect(self._closing_changed)
        self.duration.refused.connect(self._refused)
        self.scale.refused.connect(self._refused)

        row = QHBoxLayout()
        row.addWidget(title_label)
        row.addWidget(self.title, 1)
        row.addSpacing(12)
        row.addWidget(duration_label)
        row.addWidget(self.duration)
        row.addSpacing(12)
        row.addWidget(scale_label)
        row.addWidget(self.scale)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.closing)

    def show_tender(self, tender: TenderRow | None, *, editable: bool) -> None:
        """Show ``tender``'s details; ``editable`` False makes them read-only."""
        self.tender = tender
        if tender is None:
            return
        if self.title.text().strip() != tender.title:
            self.title.setText(tender.title)
        for box, value in ((self.duration, tender.duration_months), (self.scale, tender.scoring_scale_max)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self._name_months(tender.duration_months)
        for widget in (self.closing.check, self.closing.day):
            widget.blockSignals(True)
        self.closing.set_value(tender.closing_date)
        if tender.closing_date is None:
            # Ticking the box offers a day four weeks ahead: a closing date must be still to come.
            self.closing.day.setDate(QDate(today()).addDays(28))
        self.closing.day.setEnabled(tender.closing_date is not None)
        for widget in (self.closing.check, self.closing.day):
            widget.blockSignals(False)
        for widget in (self.title, self.duration, self.scale, self.closing.day):
            widget.setReadOnly(not editable)
        self.closing.check.setEnabled(editable)

    def _name_months(self, months: int) -> None:
        self.duration.setSuffix(self.tr(" month") if months == 1 else self.tr(" months"))

    def _change(self, what: str, field: str, value: Any, old: Any) -> None:
        assert self.tender is not None
        tender_id = self.tender.id
        done = self.commander.edit(
            what,
            do=ServiceCall(update_tender, {"tender_id": tender_id, field: value}),
            undo=ServiceCall(update_tender, {"tender_id": tender_id, field: old}),
            initiator=self,
        )
        if done is None:
            # Refused: show what the tender still holds rather than what was typed.
            self.show_tender(self.tender, editable=not self.title.isReadOnly())

    def _refused(self, message: str) -> None:
        """Not a number was typed: say so, and show what the tender still holds."""
        self.commander.failed.emit(message)
        if self.tender is not None:
            self.show_tender(self.tender, editable=not self.title.isReadOnly())

    def _title_finished(self) -> None:
        if self.tender is None or self.title.isReadOnly():
            return
        title = self.title.text().strip()
        if title != self.tender.title:
            self._change(self.tr("Change the tender's title"), "title", title, self.tender.title)

    def _duration_changed(self, months: int) -> None:
        self._name_months(months)
        if self.tender is not None and months != self.tender.duration_months:
            what = self.tr("Change how long the service runs")
            self._change(what, "duration_months", months, self.tender.duration_months)

    def _closing_changed(self, *_: object) -> None:
        if self.tender is None or self.title.isReadOnly():
            return
        closing: date | None = self.closing.value()
        if closing != self.tender.closing_date:
            tender_id, old = self.tender.id, self.tender.closing_date
            done = self.commander.edit(
                self.tr("Change the closing date"),
                do=ServiceCall(set_closing_date, {"tender_id": tender_id, "closing_date": closing}),
                undo=ServiceCall(set_closing_date, {"tender_id": tender_id, "closing_date": old}),
                initiator=self,
            )
            if done is None:
                self.show_tender(self.tender, editable=True)

    def _scale_changed(self, top: int) -> None:
        if self.tender is not None and top != self.tender.scoring_scale_max:
            what = self.tr("Change the scoring scale")
            self._change(what, "scoring_scale_max", top, self.tender.scoring_scale_max)
