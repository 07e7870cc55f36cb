"""A workshop's agenda on the people page: timed items in order, added by typing and pressing Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import new_id
from cocommission.services import people
from cocommission.services.people import MAX_MINUTES, AgendaItemRow, WorkshopRow
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.number_input import NotANumber, NumberBox, read_number
from cocommission.ui.pages.minutes import MinutesDelegate
from cocommission.ui.pages.ordered_list import OrderedList
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import EDIT_IN_PLACE, make_table_view, select_row, selected_row
from cocommission.wording import on_screen

COL_POSITION, COL_TITLE, COL_MINUTES = range(3)


class AgendaPanel(OrderedList, QWidget):
    """Type an item and press Enter to add it; change it in place; move it up or down; remove it."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.workshop: WorkshopRow | None = None

        self.heading = QLabel(self)
        self.heading.setObjectName("sectionHeading")
        self.new_title = QLineEdit(self)
        self.new_title.setPlaceholderText(self.tr("Type an agenda item and press Enter"))
        self.new_title.setMaxLength(200)
        new_label = QLabel(self.tr("New agenda &item:"), self)
        new_label.setBuddy(self.new_title)
        self.new_minutes = NumberBox(self)
        self.new_minutes.setRange(1, MAX_MINUTES)
        self.new_minutes.setSingleStep(5)
        self.new_minutes.setValue(15)
        self.new_minutes.setSuffix(self.tr(" min"))
        minutes_label = QLabel(self.tr("&Length:"), self)
        minutes_label.setBuddy(self.new_minutes)
        self.add_button = QPushButton(self.tr("&Add item"), self)
        self.new_title.returnPressed.connect(self.add_item)
        self.add_button.clicked.connect(self.add_item)

        self.model = RowTableModel(
            [
                Column(self.tr("#"), lambda row: row.position, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Item"), lambda row: row.title, editable=True),
                Column(
                    self.tr("Length"),
                    lambda row: on_screen.duration(row.minutes),
                    sort_key=lambda row: row.minutes,
                    editable=True,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            self, self.model, self.tr("Agenda"), stretch_column=COL_TITLE, edit_triggers=EDIT_IN_PLACE
        )
        lengths = MinutesDelegate(
            lambda row: row.minutes,
            lambda _row: MAX_MINUTES,
            self.tr("Length of agenda item"),
            self.table,
        )
        lengths.refused.connect(commander.failed)
        self.table.setItemDelegateForColumn(COL_MINUTES, lengths)

        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.up_button.setToolTip(self.tr("Move the chosen item earlier (Ctrl+Up)"))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.down_button.setToolTip(self.tr("Move the chosen item later (Ctrl+Down)"))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.remove_button = QPushButton(self.tr("&Remove…"), self)
        self.remove_button.setToolTip(self.tr("Take the chosen item off the agenda (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self._add_order_keys()
        self.total = QLabel(self)
        self.total.setWordWrap(True)

        entry = QHBoxLayout()
        entry.addWidget(new_label)
        entry.addWidget(self.new_title, 1)
        entry.addWidget(minutes_label)
        entry.addWidget(self.new_minutes)
        entry.addWidget(self.add_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addLayout(entry)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.show_workshop(None)

    # --- showing ------------------------------------------------------------

    def show_workshop(self, workshop: WorkshopRow | None) -> None:
        """Show the agenda of ``workshop`` (None: no workshop chosen), keeping the chosen item chosen."""
        chosen = self.selected_item()
        changed_workshop = self.workshop is None or workshop is None or self.workshop.id != workshop.id
        self.workshop = workshop
        if workshop is None:
            self.heading.setText(self.tr("Agenda: add or choose a workshop first"))
            self.model.set_rows(())
            self.total.clear()
        else:
            self.heading.setText(self.tr("Agenda of workshop {number}").format(number=workshop.number))
            self.model.set_rows(workshop.agenda)
            self.total.setText(
                self.tr("The agenda adds up to {agenda} of the workshop's {length}.").format(
                    agenda=(
                        on_screen.duration(workshop.agenda_minutes)
                        if workshop.agenda
                        else self.tr("nothing yet")
                    ),
                    length=on_screen.duration(workshop.minutes),
                )
            )
            if chosen is not None and not changed_workshop:
                self.select_item(chosen.id)
        for widget in (self.new_title, self.new_minutes, self.add_button, self.table):
            widget.setEnabled(workshop is not None)
        self._update_buttons()

    def selected_item(self) -> AgendaItemRow | None:
        """The agenda item chosen in the table, if any."""
        return selected_row(self.table)

    def select_item(self, item_id: str) -> None:
        """Choose the agenda item with ``item_id``."""
        select_row(self.table, self.model, item_id)

    # --- changing -------------------------------------------------------------

    def add_item(self) -> None:
        """Add the typed item at the end of the agenda, ready for the next one."""
        if self.workshop is None or not self.new_title.text().strip():
            return
        try:
            minutes = read_number(self.new_minutes)
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            self.new_minutes.setFocus()
            return
        item_id = new_id()  # chosen here, so Redo adds back this very item
        made = self.commander.edit(
            self.tr("Add agenda item {n}").format(n=len(self.model.rows()) + 1),
            do=ServiceCall(people.add_agenda_item, {
                "workshop_id": self.workshop.id, "title": self.new_title.text(),
                "minutes": minutes, "item_id": item_id,
            }),
            undo=ServiceCall(people.remove_agenda_item, {"item_id": item_id}),
            initiator=self,
            row=item_id,
        )
        if made is not None:
            self.new_title.clear()
            self.select_item(made.id)
            self.new_title.setFocus()

    def _edit_requested(self, row: AgendaItemRow, column: int, value: Any) -> None:
        if column == COL_TITLE:
            new = str(value).strip()
            if new == row.title:
                return
            field, old, text = "title", row.title, self.tr("Rename agenda item {n}").format(n=row.position)
        elif column == COL_MINUTES:
            new, field, old = value, "minutes", row.minutes
            text = self.tr("Change length of agenda item {n}").format(n=row.position)
        else:
            return
        self.commander.edit(
            text,
            do=ServiceCall(people.update_agenda_item, {"item_id": row.id, field: new}),
            undo=ServiceCall(people.update_agenda_item, {"item_id": row.id, field: old}),
            initiator=self,
            row=row.id,
        )

    def move_selected(self, step: int) -> None:
        """Move the chosen item ``step`` places (−1 earlier, +1 later)."""
        self._move_chosen(
            step,
            self.tr("Move agenda item"),
            lambda item, position: ServiceCall(
                people.move_agenda_item, {"item_id": item.id, "to_position": position}
            ),
        )

    def remove_selected(self) -> None:
        """Take the chosen item off the agenda after asking (Undo brings it back)."""
        chosen = self.selected_item()
        if chosen is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Remove agenda item"),
            self.tr("Take “{title}” off the agenda?").format(title=chosen.title),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.commander.edit(
                self.tr("Remove agenda item {n}").format(n=chosen.position),
                do=ServiceCall(people.remove_agenda_item, {"item_id": chosen.id}),
                undo=ServiceCall(people.add_agenda_item, {
                    "workshop_id": self.workshop.id, "title": chosen.title, "minutes": chosen.minutes,
                    "item_id": chosen.id, "position": chosen.position,
                }),
                initiator=self,
                row=chosen.id,
            )
