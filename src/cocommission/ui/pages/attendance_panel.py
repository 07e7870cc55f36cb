"""A workshop's register on the people page: tick who came, and shorten the minutes of anyone who left early.

Each tick is saved at once (for the whole workshop), so the register is right even if the
laptop is closed mid-session; attendance is what honoraria are worked out from. Several
people can be chosen (Shift or Ctrl and click) and ticked together with one Space: one
saved action, undone by one Ctrl+Z.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QLabel, QVBoxLayout, QWidget

from cocommission.services import attendance
from cocommission.services.attendance import AttendanceRow, Register
from cocommission.services.participants import ParticipantRow
from cocommission.services.text import plural
from cocommission.services.workshops import WorkshopRow
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.pages.minutes import MinutesDelegate
from cocommission.ui.pages.participants_panel import consent_status
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, select_row, selected_row, selected_rows
from cocommission.wording import on_screen

COL_PRESENT, COL_PSEUDONYM, COL_MINUTES, COL_NOTE = range(4)


@dataclass(frozen=True)
class AttendanceLine:
    """One line of the register, keyed by participant, with why they cannot be ticked if they cannot."""

    id: str
    pseudonym: str
    present: bool
    minutes: int | None
    workshop_minutes: int
    note: str


class AttendancePanel(QWidget):
    """The chosen workshop's register: tick (Space) or untick people, change minutes in place."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.workshop: WorkshopRow | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("sectionHeading")
        self.model = RowTableModel(
            [
                Column(self.tr("Present"), lambda line: line.present, checkbox=True, editable=True),
                Column(self.tr("Pseudonym"), lambda line: line.pseudonym),
                Column(
                    self.tr("Stayed"),
                    lambda line: on_screen.duration(line.minutes),
                    sort_key=lambda line: line.minutes or 0,
                    editable=True,
                    tooltip=lambda _line: self.tr(
                        "Double-click to change the minutes for someone who left early"
                    ),
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(self.tr("Note"), lambda line: line.note),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            self,
            self.model,
            self.tr("Attendance"),
            stretch_column=COL_PSEUDONYM,
            edit_triggers=(
                QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
            ),
        )
        stays = MinutesDelegate(
            lambda line: line.minutes,
            lambda line: line.workshop_minutes,
            self.tr("Minutes stayed"),
            self.table,
        )
        stays.refused.connect(commander.failed)
        self.table.setItemDelegateForColumn(COL_MINUTES, stays)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # Space ticks or unticks the chosen people wherever the cursor is in the row.
        toggle = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        toggle.setContext(Qt.ShortcutContext.WidgetShortcut)
        toggle.activated.connect(self.toggle_selected)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Tick who came (Space); choose several with Shift or Ctrl to tick them together. "
                "Double-click the minutes of anyone who left early."
            ),
            self,
        )
        hint.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        self.show_register(None, None, {})

    # --- showing ------------------------------------------------------------

    def show_register(
        self,
        workshop: WorkshopRow | None,
        register: Register | None,
        participants: Mapping[str, ParticipantRow],
    ) -> None:
        """Show ``workshop``'s register (both None: no workshop chosen), keeping the chosen person chosen."""
        chosen = self.selected_line()
        same_workshop = workshop is not None and self.workshop is not None and self.workshop.id == workshop.id
        self.workshop = workshop
        if workshop is None or register is None:
            self.workshop = None
            self.heading.setText(self.tr("Attendance: add or choose a workshop first"))
            self.model.set_rows(())
            self.summary.clear()
            self.table.setEnabled(False)
            return
        self.table.setEnabled(True)
        self.heading.setText(
            self.tr("Who came to workshop {number} ({length})").format(
                number=workshop.number, length=on_screen.duration(workshop.minutes)
            )
        )
        lines = [self._line(row, workshop, participants.get(row.participant_id)) for row in register.rows]
        self.model.set_rows(lines)
        if chosen is not None and same_workshop:
            self.select_line(chosen.id)
        self.summary.setText(
            self.tr("{present} of {count} here.").format(present=register.present, count=register.listed)
        )

    def _line(
        self, row: AttendanceRow, workshop: WorkshopRow, person: ParticipantRow | None
    ) -> AttendanceLine:
        if row.withdrawn:
            note = self.tr("Withdrawn")
        elif person is not None and not person.can_take_part:
            note = consent_status(person)
        elif row.minutes is not None and row.minutes < workshop.minutes:
            note = self.tr("Left early")
        else:
            note = ""
        return AttendanceLine(
            row.participant_id, row.pseudonym, row.present, row.minutes, workshop.minutes, note
        )

    def selected_line(self) -> AttendanceLine | None:
        """The register line chosen, if any."""
        return selected_row(self.table)

    def selected_lines(self) -> list[AttendanceLine]:
        """Every register line chosen, in the register's order."""
        return selected_rows(self.table)

    def select_line(self, participant_id: str) -> None:
        """Choose the register line of ``participant_id``."""
        select_row(self.table, self.model, participant_id)

    # --- changing -------------------------------------------------------------

    def toggle_selected(self) -> None:
        """Tick the chosen people as present (or, when all of them are ticked already, untick them)."""
        lines = self.selected_lines()
        if len(lines) == 1:
            self._set_present(lines[0], not lines[0].present)
        elif lines:
            self._set_many_present(lines, not all(line.present for line in lines))

    def _set_many_present(self, lines: Sequence[AttendanceLine], present: bool) -> None:
        """Tick or untick several people as one action, so one Ctrl+Z puts the register back."""
        if self.workshop is None:
            return
        changing = [line for line in lines if line.present != present]
        if present:
            do = {line.id: line.workshop_minutes for line in changing}
            undo = {line.id: None for line in changing}
            text = plural(
                len(changing), self.tr("Tick attendance for {count} person"), self.tr("Tick attendance for {count} people")
            )
        else:
            do = {line.id: None for line in changing}
            undo = {line.id: line.minutes for line in changing}
            text = plural(
                len(changing),
                self.tr("Untick attendance for {count} person"),
                self.tr("Untick attendance for {count} people"),
            )
        base = {"workshop_id": self.workshop.id}
        self.commander.edit(
            text,
            do=ServiceCall(attendance.set_attendance_for, {**base, "minutes_by_participant": do}),
            undo=ServiceCall(attendance.set_attendance_for, {**base, "minutes_by_participant": undo}),
            initiator=self,
        )

    def _edit_requested(self, line: AttendanceLine, column: int, value: Any) -> None:
        if column == COL_PRESENT:
            self._set_present(line, bool(value))
        elif column == COL_MINUTES:
            self._set_minutes(line, int(value))

    def _set_present(self, line: AttendanceLine, present: bool) -> None:
        if self.workshop is None or present == line.present:
            return
        base = {"workshop_id": self.workshop.id, "participant_id": line.id}
        if present:
            # Ticked means there for the whole workshop; minutes are shortened afterwards if need be.
            do = ServiceCall(attendance.set_attendance, {**base, "present": True})
            undo = ServiceCall(attendance.set_attendance, {**base, "present": False})
            text = self.tr("Tick attendance")
        else:
            do = ServiceCall(attendance.set_attendance, {**base, "present": False})
            undo = ServiceCall(attendance.set_attendance, {**base, "present": True, "minutes": line.minutes})
            text = self.tr("Untick attendance")
        self.commander.edit(text, do=do, undo=undo, initiator=self)
        self.select_line(line.id)

    def _set_minutes(self, line: AttendanceLine, minutes: int) -> None:
        if self.workshop is None or minutes == line.minutes:
            return
        base = {"workshop_id": self.workshop.id, "participant_id": line.id, "present": True}
        undo = (
            ServiceCall(attendance.set_attendance, {**base, "minutes": line.minutes})
            if line.present
            else ServiceCall(attendance.set_attendance, {**base, "present": False})
        )
        self.commander.edit(
            self.tr("Change minutes attended"),
            do=ServiceCall(attendance.set_attendance, {**base, "minutes": minutes}),
            undo=undo,
            initiator=self,
        )
