"""The tender's details: its title, how long the service runs and the scale bids are scored on.

Each change is saved when the facilitator presses Enter or moves on, as one
edit that Ctrl+Z undoes.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from cocommission.services.tender import TenderRow, update_tender
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.number_input import NumberBox


class TenderDetailsPanel(QWidget):
    """One row of fields: title, duration in months, and the top of the scoring scale."""

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

        self.title.editingFinished.connect(self._title_finished)
        self.duration.valueChanged.connect(self._duration_changed)
        self.scale.valueChanged.connect(self._scale_changed)
        self.duration.refused.connect(self._refused)
        self.scale.refused.connect(self._refused)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title_label)
        layout.addWidget(self.title, 1)
        layout.addSpacing(12)
        layout.addWidget(duration_label)
        layout.addWidget(self.duration)
        layout.addSpacing(12)
        layout.addWidget(scale_label)
        layout.addWidget(self.scale)

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
        for widget in (self.title, self.duration, self.scale):
            widget.setReadOnly(not editable)

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

    def _scale_changed(self, top: int) -> None:
        if self.tender is not None and top != self.tender.scoring_scale_max:
            what = self.tr("Change the scoring scale")
            self._change(what, "scoring_scale_max", top, self.tender.scoring_scale_max)
