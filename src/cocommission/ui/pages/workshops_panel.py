"""The workshops tab of the people page: the workshops, and the chosen one's agenda and register.

Workshops are listed above; below, side by side, the chosen workshop's agenda and who came.
Splitters let it all fit a 1366×768 laptop and let the facilitator give room to either part.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSplitter, QVBoxLayout, QWidget

from cocommission.services import attendance
from cocommission.services.participants import ParticipantRow
from cocommission.services.workshops import MAX_MINUTES, WorkshopRow, add_workshop, update_workshop
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.form_dialog import open_form_until_done
from cocommission.ui.pages.agenda_panel import AgendaPanel
from cocommission.ui.pages.attendance_panel import AttendancePanel
from cocommission.ui.pages.display import format_day
from cocommission.ui.pages.minutes import MinutesDelegate
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import EDIT_IN_PLACE, make_table_view, selected_row
from cocommission.ui.workshop_dialog import WorkshopDialog
from cocommission.wording import on_screen

COL_NUMBER, COL_TITLE, COL_DATE, COL_VENUE, COL_LENGTH, COL_AGENDA = range(6)

#: The columns edited in place, and the detail of update_workshop each one changes.
_IN_PLACE = {COL_TITLE: "title", COL_VENUE: "venue", COL_LENGTH: "minutes"}


class WorkshopsPanel(QWidget):
    """Add and change workshops; the chosen workshop's agenda and attendance are shown beneath."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self._participants: dict[str, ParticipantRow] = {}
        self._filling = False
        self.dialog: WorkshopDialog | None = None

        self.model = RowTableModel(
            [
                Column(self.tr("No."), lambda row: row.number, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Title"), lambda row: row.title, editable=True),
                Column(self.tr("Date"), lambda row: format_day(row.held_on) or self.tr("Not set")),
                Column(self.tr("Venue"), lambda row: row.venue, editable=True),
                Column(
                    self.tr("Length"),
                    lambda row: on_screen.duration(row.minutes),
                    editable=True,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Agenda"),
                    lambda row: on_screen.duration(row.agenda_minutes) if row.agenda else self.tr("None yet"),
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            self, self.model, self.tr("Workshops"), stretch_column=COL_TITLE, edit_triggers=EDIT_IN_PLACE
        )
        lengths = MinutesDelegate(
            lambda row: row.minutes, lambda _row: MAX_MINUTES, self.tr("Workshop length"), self.table
        )
        lengths.refused.connect(commander.failed)
        self.table.setItemDelegateForColumn(COL_LENGTH, lengths)
        self.table.doubleClicked.connect(self._double_clicked)

        self.add_button = QPushButton(self.tr("Add work&shop…"), self)
        self.add_button.clicked.connect(self.add_workshop)
        self.change_button = QPushButton(self.tr("C&hange workshop…"), self)
        self.change_button.setToolTip(self.tr("Change the chosen workshop's title, date, venue or length"))
        self.change_button.clicked.connect(self.change_workshop)
        self.agenda = AgendaPanel(commander, self)
        self.attendance = AttendancePanel(commander, self)

        top = QWidget(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.change_button)
        buttons.addStretch(1)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        below = QSplitter(Qt.Orientation.Horizontal, self)
        below.setChildrenCollapsible(False)
        below.addWidget(self.agenda)
        below.addWidget(self.attendance)
        below.setStretchFactor(0, 1)
        below.setStretchFactor(1, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(below)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.splitter)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def show_workshops(
        self, commission_id: str, workshops: Sequence[WorkshopRow], participants: Sequence[ParticipantRow]
    ) -> None:
        """Show the workshops and the chosen one's agenda and register (the latest when none is chosen)."""
        chosen = self.selected_workshop()
        self.commission_id = commission_id
        self._participants = {person.id: person for person in participants}
        self._filling = True
        try:
            self.model.set_rows(workshops)
            still_there = chosen is not None and self.model.row_number(chosen.id) is not None
            wanted = chosen.id if still_there else None
            if wanted is None and workshops:
                wanted = workshops[-1].id
            if wanted is not None:
                self.select_workshop(wanted)
        finally:
            self._filling = False
        self._show_chosen()

    def selected_workshop(self) -> WorkshopRow | None:
        """The workshop chosen in the table, if any."""
        return selected_row(self.table)

    def select_workshop(self, workshop_id: str) -> None:
        """Choose the workshop with ``workshop_id``."""
        number = self.model.row_number(workshop_id)
        if number is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(number, COL_TITLE),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def _selection_changed(self, *_args: Any) -> None:
        if not self._filling:
            self._show_chosen()

    def _show_chosen(self) -> None:
        workshop = self.selected_workshop()
        self.agenda.show_workshop(workshop)
        register = (
            None if workshop is None else self.commander.read(attendance.read_register, workshop_id=workshop.id)
        )
        self.attendance.show_register(workshop, register, self._participants)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.change_button.setEnabled(self.selected_workshop() is not None)

    # --- editing in place -------------------------------------------------------

    def _edit_requested(self, row: WorkshopRow, column: int, value: Any) -> None:
        detail = _IN_PLACE.get(column)
        if detail is None:
            return
        old = getattr(row, detail)
        new = int(value) if detail == "minutes" else str(value).strip()
        if new == old:
            return
        self.commander.edit(
            self.tr("Change workshop {what}").format(
                what=self.model.headerData(column, Qt.Orientation.Horizontal).lower()
            ),
            do=ServiceCall(update_workshop, {"workshop_id": row.id, detail: new}),
            undo=ServiceCall(update_workshop, {"workshop_id": row.id, detail: old}),
            initiator=self,
            row=row.id,
        )

    def _double_clicked(self, index: QModelIndex) -> None:
        # Columns that cannot be changed in place open the full form instead.
        if index.column() not in _IN_PLACE:
            self.change_workshop()

    # --- the form ---------------------------------------------------------------

    def add_workshop(self) -> None:
        """Open the form for a new workshop; it is added when the form is accepted."""
        if self.commission_id is not None:
            self._open_dialog(WorkshopDialog(self))

    def change_workshop(self) -> None:
        """Open the form for the chosen workshop; the changes are made when it is accepted."""
        chosen = self.selected_workshop()
        if chosen is not None:
            self._open_dialog(WorkshopDialog(self, workshop=chosen))

    def _open_dialog(self, dialog: WorkshopDialog) -> None:
        self.dialog = dialog
        open_form_until_done(
            dialog,
            self.commander,
            lambda values: (
                self._add(values) if dialog.workshop is None else self._change(dialog.workshop, values)
            ),
        )

    def _add(self, values: dict) -> bool:
        assert self.commission_id is not None
        made = self.commander.run(
            add_workshop, initiator=self, commission_id=self.commission_id, **values,
            cannot_undo=self.tr("a workshop added stays on the list; change its details instead"),
        )
        if made is None:
            return False
        self.select_workshop(made.id)
        return True

    def _change(self, workshop: WorkshopRow, values: dict) -> bool:
        before: dict[str, str | date | int | None] = {key: getattr(workshop, key) for key in values}
        changed = {key: value for key, value in values.items() if value != before[key]}
        if not changed:
            return True
        do = ServiceCall(update_workshop, {"workshop_id": workshop.id, **changed})
        if any(before[key] is None for key in changed):
            # A date set for the first time cannot be unset by the service, so it is not offered for undo.
            return self.commander.run(
                do.service, initiator=self, **do.arguments,
                cannot_undo=self.tr("a workshop date set for the first time cannot be unset; change it instead"),
            ) is not None
        undo = ServiceCall(
            update_workshop, {"workshop_id": workshop.id, **{key: before[key] for key in changed}}
        )
        return self.commander.edit(
            self.tr("Change workshop {n}").format(n=workshop.number), do=do, undo=undo, initiator=self,
            row=workshop.id,
        ) is not None
