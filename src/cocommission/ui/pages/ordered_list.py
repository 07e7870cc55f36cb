"""Lists the group puts in order (an agenda, interview questions, feedback questions): one panel for all.

Each list is described by an ``OrderedListSpec``: what its items are called in the user's
words, its buttons and messages, and the services that add, change, move and remove an
item. ``OrderedListPanel`` turns a spec into the panel: type an item and press Enter to
add it at the end, change it in place, move the chosen item up or down one place at a time
(Ctrl+Up, Ctrl+Down), remove it after asking (Delete). Nothing in these lists stands for
good: every change is one undoable edit named in the Edit menu, so Ctrl+Z puts it back, and a
removed item comes back at its old place with everything it had. (A list whose changes could
not be taken back would need ``Commander.run(..., cannot_undo=...)``, which this panel does not do.)

Each row is numbered by its ``position``, from 1; column 0 shows that number and column 1
the item's words. A list's own columns, entry fields and read-outs come from its subclass.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import new_id
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.flow_layout import FlowLayout, together
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, select_row, selected_row
from cocommission.wording import translator

#: Column 0 numbers the items; column 1 holds their words, and takes the spare width.
COL_POSITION, COL_WORDS = 0, 1


def _same_value(_value: Any) -> Any:
    return _value


def _never_unchanged(_row: Any, _value: Any) -> bool:
    return False


@dataclass(frozen=True)
class ColumnChange:
    """How changing one column in place is saved: the service's field and the Edit menu's name for it.

    ``name`` may say ``{n}``, the item's place. ``old(row)`` is the row's value as the service
    takes it (Undo puts it back), ``new(value)`` the edited value as the service takes it, and
    ``unchanged(row, value)`` says when there is nothing to save.
    """

    field: str
    name: str
    old: Callable[[Any], Any]
    new: Callable[[Any], Any] = _same_value
    unchanged: Callable[[Any, Any], bool] = _never_unchanged


@dataclass(frozen=True)
class OrderedListSpec:
    """One ordered list in the user's words, and the services behind it.

    The words are untranslated; the panel translates them in ``context`` (the name translators
    know the list by). ``{n}`` in an edit's name is the item's place; ``{<words_field>}`` in
    ``confirm_remove`` is the item's words.
    """

    context: str
    #: The table's name for screen readers ("Agenda").
    table_name: str
    #: The row attribute, and the add and update services' argument, holding an item's words.
    words_field: str
    words_header: str
    new_label: str
    placeholder: str
    add_label: str
    up_label: str
    up_tip: str
    down_label: str
    down_tip: str
    remove_label: str
    remove_tip: str
    #: The Edit menu's names for adding ("Add agenda item {n}"), moving and removing an item.
    add_name: str
    move_name: str
    remove_name: str
    confirm_title: str
    confirm_remove: str
    #: The services, each called with keyword arguments.
    add: Callable[..., Any]
    update: Callable[..., Any]
    move: Callable[..., Any]
    remove: Callable[..., Any]
    #: The argument naming what the list belongs to ("workshop_id"), and the one naming an item.
    owner_argument: str
    id_argument: str
    #: The move service's argument for the new place.
    position_argument: str
    #: The row attributes, beside the words, the add service takes back when Undo restores a removed item.
    kept_fields: tuple[str, ...]
    #: How each changeable column is saved, by column number.
    changes: Mapping[int, ColumnChange]
    #: A line under the entry saying how to change an item, if any.
    hint: str | None = None
    max_length: int | None = None
    #: The entry wraps onto more lines when the panel is narrow (a small screen, 200%).
    wrap_entry: bool = False
    #: The framed box's title, when the list stands in one.
    title: str | None = None
    #: None keeps the layout's own margins.
    margins: tuple[int, int, int, int] | None = (0, 0, 0, 0)
    #: The answer already chosen when asking before a removal.
    confirm_default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton
    #: How a cell is opened for changing; None keeps Qt's own (double-click or F2).
    edit_triggers: QAbstractItemView.EditTrigger | None = None


class OrderedListPanel(QWidget):
    """Type an item and press Enter to add it; change it in place; move it up or down; remove it.

    A list's subclass may give entry fields beside the words (``entry_fields``), the columns
    after the words (``extra_columns``) and the values those fields add (``new_item_fields``).
    """

    def __init__(self, commander: Commander, spec: OrderedListSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.spec = spec
        self._words = tr = translator(spec.context)
        #: What the list belongs to (a workshop, a commission); None: nothing to add to yet.
        self.owner_id: str | None = None

        if spec.title is None:
            body: QWidget = self
        else:
            body = QGroupBox(tr(spec.title), self)
            self.box = body
        self.new_text = QLineEdit(body)
        self.new_text.setPlaceholderText(tr(spec.placeholder))
        if spec.max_length is not None:
            self.new_text.setMaxLength(spec.max_length)
        new_label = QLabel(tr(spec.new_label), body)
        new_label.setBuddy(self.new_text)
        fields = self.entry_fields(body)
        self.add_button = QPushButton(tr(spec.add_label), body)
        self.new_text.returnPressed.connect(self.add_typed_item)
        self.add_button.clicked.connect(self.add_typed_item)

        self.model = RowTableModel(
            [
                Column(tr("#"), lambda row: row.position, alignment=Qt.AlignmentFlag.AlignRight),
                Column(tr(spec.words_header), lambda row: getattr(row, spec.words_field), editable=True),
                *self.extra_columns(),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            body, self.model, tr(spec.table_name), stretch_column=COL_WORDS, edit_triggers=spec.edit_triggers
        )

        self.up_button = QPushButton(tr(spec.up_label), body)
        self.up_button.setToolTip(tr(spec.up_tip))
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton(tr(spec.down_label), body)
        self.down_button.setToolTip(tr(spec.down_tip))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.remove_button = QPushButton(tr(spec.remove_label), body)
        self.remove_button.setToolTip(tr(spec.remove_tip))
        self.remove_button.clicked.connect(self.remove_selected)
        self._add_order_keys()

        self.above_entry = QVBoxLayout()
        self.below_table = QVBoxLayout()
        buttons = QHBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(body)
        if spec.margins is not None:
            layout.setContentsMargins(*spec.margins)
        layout.addLayout(self.above_entry)
        layout.addLayout(self._entry(body, new_label, fields))
        if spec.hint is not None:
            hint = QLabel(tr(spec.hint), body)
            hint.setWordWrap(True)
            layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.below_table)
        layout.addLayout(buttons)
        if body is not self:
            outer = QVBoxLayout(self)
            outer.setContentsMargins(0, 0, 0, 0)
            outer.addWidget(body)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _entry(self, body: QWidget, new_label: QLabel, fields: list[tuple[QLabel, QWidget]]) -> QLayout:
        """The words, the list's own fields and the add button, in a row (or wrapping onto more)."""
        if self.spec.wrap_entry:
            entry = FlowLayout()
            entry.addWidget(together(body, new_label, self.new_text, stretch=self.new_text))
            for label, widget in fields:
                entry.addWidget(together(body, label, widget))
            entry.addWidget(self.add_button)
            return entry
        row = QHBoxLayout()
        row.addWidget(new_label)
        row.addWidget(self.new_text, 1)
        for label, widget in fields:
            row.addWidget(label)
            row.addWidget(widget)
        row.addWidget(self.add_button)
        return row

    # --- what a list adds to the panel -------------------------------------------

    def entry_fields(self, body: QWidget) -> list[tuple[QLabel, QWidget]]:
        """The labelled fields beside the words that a new item takes (made on ``body``); none here."""
        return []

    def extra_columns(self) -> list[Column]:
        """The columns after the item's words; none here."""
        return []

    def new_item_fields(self) -> dict[str, Any] | None:
        """The add service's arguments from ``entry_fields``; None when one is refused (and said why)."""
        return {}

    # --- showing --------------------------------------------------------------

    def show_items(self, owner_id: str | None, rows: Any) -> None:
        """Show ``rows``, the items of ``owner_id``, keeping the chosen item chosen."""
        chosen = self.selected_item()
        self.owner_id = owner_id
        self.model.set_rows(rows)
        if chosen is not None:
            self.select_item(chosen.id)
        self._update_buttons()

    def selected_item(self) -> Any | None:
        """The item chosen in the table, if any."""
        return selected_row(self.table)

    def select_item(self, item_id: str) -> None:
        """Choose the item with ``item_id``."""
        select_row(self.table, self.model, item_id)

    def _add_order_keys(self) -> None:
        """Ctrl+Up and Ctrl+Down move the chosen row and Delete removes it, while the table has focus."""
        for keys, slot in (
            ("Ctrl+Up", lambda: self.move_selected(-1)),
            ("Ctrl+Down", lambda: self.move_selected(+1)),
            (QKeySequence.StandardKey.Delete, self.remove_selected),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    def _update_buttons(self, *_args: Any) -> None:
        chosen = self.selected_item()
        count = self.model.rowCount()
        self.up_button.setEnabled(chosen is not None and chosen.position > 1)
        self.down_button.setEnabled(chosen is not None and chosen.position < count)
        self.remove_button.setEnabled(chosen is not None)

    # --- changing -------------------------------------------------------------

    def add_typed_item(self) -> None:
        """Add the typed item at the end of the list, ready for the next one."""
        if self.owner_id is None or not self.new_text.text().strip():
            return
        fields = self.new_item_fields()
        if fields is None:
            return
        spec = self.spec
        item_id = new_id()  # chosen here, so Redo adds back this very item
        made = self.commander.edit(
            self._words(spec.add_name).format(n=len(self.model.rows()) + 1),
            do=ServiceCall(spec.add, {
                spec.owner_argument: self.owner_id, spec.words_field: self.new_text.text(),
                **fields, spec.id_argument: item_id,
            }),
            undo=ServiceCall(spec.remove, {spec.id_argument: item_id}),
            initiator=self,
            row=item_id,
        )
        if made is not None:
            self.new_text.clear()
            self.select_item(made.id)
            self.new_text.setFocus()

    def _edit_requested(self, row: Any, column: int, value: Any) -> None:
        change = self.spec.changes.get(column)
        if change is None or change.unchanged(row, value):
            return
        item = {self.spec.id_argument: row.id}
        self.commander.edit(
            self._words(change.name).format(n=row.position),
            do=ServiceCall(self.spec.update, {**item, change.field: change.new(value)}),
            undo=ServiceCall(self.spec.update, {**item, change.field: change.old(row)}),
            initiator=self,
            row=row.id,
        )

    def move_selected(self, step: int) -> None:
        """Move the chosen item ``step`` places (−1 earlier, +1 later) and keep it chosen."""
        chosen = self.selected_item()
        if chosen is None or not 1 <= chosen.position + step <= self.model.rowCount():
            return
        spec = self.spec

        def move_to(position: int) -> ServiceCall:
            return ServiceCall(spec.move, {spec.id_argument: chosen.id, spec.position_argument: position})

        self.commander.edit(
            self._words(spec.move_name),
            do=move_to(chosen.position + step),
            undo=move_to(chosen.position),
            initiator=self,
        )
        self.select_item(chosen.id)

    def remove_selected(self) -> None:
        """Remove the chosen item after asking (Undo brings it back at its place)."""
        chosen = self.selected_item()
        if chosen is None:
            return
        spec = self.spec
        words = getattr(chosen, spec.words_field)
        answer = QMessageBox.question(
            self,
            self._words(spec.confirm_title),
            self._words(spec.confirm_remove).format(**{spec.words_field: words}),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            spec.confirm_default,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.commander.edit(
            self._words(spec.remove_name).format(n=chosen.position),
            do=ServiceCall(spec.remove, {spec.id_argument: chosen.id}),
            undo=ServiceCall(spec.add, {
                spec.owner_argument: self.owner_id, spec.words_field: words,
                **{name: getattr(chosen, name) for name in spec.kept_fields},
                spec.id_argument: chosen.id, "position": chosen.position,
            }),
            initiator=self,
            row=chosen.id,
        )
