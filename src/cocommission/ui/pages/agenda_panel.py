"""A workshop's agenda on the people page: timed items in order, added by typing and pressing Enter."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from cocommission.services import agenda
from cocommission.services.workshops import MAX_MINUTES, WorkshopRow
from cocommission.ui.commands import Commander
from cocommission.ui.number_input import NotANumber, NumberBox, read_number
from cocommission.ui.pages.minutes import MinutesDelegate
from cocommission.ui.pages.ordered_list import ColumnChange, OrderedListPanel, OrderedListSpec
from cocommission.ui.table_model import Column
from cocommission.ui.table_view import EDIT_IN_PLACE
from cocommission.wording import on_screen

COL_POSITION, COL_TITLE, COL_MINUTES = range(3)

AGENDA = OrderedListSpec(
    context="AgendaPanel",
    table_name="Agenda",
    words_field="title",
    words_header="Item",
    new_label="New agenda &item:",
    placeholder="Type an agenda item and press Enter",
    max_length=200,
    add_label="&Add item",
    up_label="Move &up",
    up_tip="Move the chosen item earlier (Ctrl+Up)",
    down_label="Move do&wn",
    down_tip="Move the chosen item later (Ctrl+Down)",
    remove_label="&Remove…",
    remove_tip="Take the chosen item off the agenda (Delete)",
    add_name="Add agenda item {n}",
    move_name="Move agenda item",
    remove_name="Remove agenda item {n}",
    confirm_title="Remove agenda item",
    confirm_remove="Take “{title}” off the agenda?",
    confirm_default=QMessageBox.StandardButton.No,
    add=agenda.add_agenda_item,
    update=agenda.update_agenda_item,
    move=agenda.move_agenda_item,
    remove=agenda.remove_agenda_item,
    owner_argument="workshop_id",
    id_argument="item_id",
    position_argument="to_position",
    kept_fields=("minutes",),
    changes={
        COL_TITLE: ColumnChange(
            "title",
            "Rename agenda item {n}",
            old=lambda row: row.title,
            new=lambda value: str(value).strip(),
            unchanged=lambda row, value: str(value).strip() == row.title,
        ),
        COL_MINUTES: ColumnChange("minutes", "Change length of agenda item {n}", old=lambda row: row.minutes),
    },
    edit_triggers=EDIT_IN_PLACE,
)


class AgendaPanel(OrderedListPanel):
    """Type an item and press Enter to add it; change it in place; move it up or down; remove it."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, AGENDA, parent)
        self.workshop: WorkshopRow | None = None
        lengths = MinutesDelegate(
            lambda row: row.minutes,
            lambda _row: MAX_MINUTES,
            self.tr("Length of agenda item"),
            self.table,
        )
        lengths.refused.connect(commander.failed)
        self.table.setItemDelegateForColumn(COL_MINUTES, lengths)
        self.heading = QLabel(self)
        self.heading.setObjectName("sectionHeading")
        self.above_entry.addWidget(self.heading)
        self.total = QLabel(self)
        self.total.setWordWrap(True)
        self.below_table.addWidget(self.total)
        self.show_workshop(None)

    def entry_fields(self, body: QWidget) -> list[tuple[QLabel, QWidget]]:
        self.new_minutes = NumberBox(body)
        self.new_minutes.setRange(1, MAX_MINUTES)
        self.new_minutes.setSingleStep(5)
        self.new_minutes.setValue(15)
        self.new_minutes.setSuffix(self.tr(" min"))
        minutes_label = QLabel(self.tr("&Length:"), body)
        minutes_label.setBuddy(self.new_minutes)
        return [(minutes_label, self.new_minutes)]

    def extra_columns(self) -> list[Column]:
        return [
            Column(
                self.tr("Length"),
                lambda row: on_screen.duration(row.minutes),
                sort_key=lambda row: row.minutes,
                editable=True,
                alignment=Qt.AlignmentFlag.AlignRight,
            )
        ]

    def new_item_fields(self) -> dict[str, Any] | None:
        try:
            return {"minutes": read_number(self.new_minutes)}
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            self.new_minutes.setFocus()
            return None

    def show_workshop(self, workshop: WorkshopRow | None) -> None:
        """Show the agenda of ``workshop`` (None: no workshop chosen), keeping the chosen item chosen."""
        # An item of another workshop is never there to choose again.
        self.workshop = workshop
        if workshop is None:
            self.heading.setText(self.tr("Agenda: add or choose a workshop first"))
            self.show_items(None, ())
            self.total.clear()
        else:
            self.heading.setText(self.tr("Agenda of workshop {number}").format(number=workshop.number))
            self.show_items(workshop.id, workshop.agenda)
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
        for widget in (self.new_text, self.new_minutes, self.add_button, self.table):
            widget.setEnabled(workshop is not None)
        self._update_buttons()
