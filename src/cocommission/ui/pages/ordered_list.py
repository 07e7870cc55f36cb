"""Lists the group puts in order (an agenda, interview questions, feedback questions).

Each row is numbered by its ``position``, from 1. The chosen row moves up or down one place
at a time as one undoable edit and stays chosen, so pressing Ctrl+Down again moves it on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QTableView

from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.table_model import RowTableModel
from cocommission.ui.table_view import select_row, selected_row


class OrderedList:
    """Mixed into a panel of numbered rows: moves the chosen row, and enables its buttons to suit.

    The panel provides the attributes below, and the ``move_selected(step)`` and
    ``remove_selected()`` that its buttons and keys call.
    """

    commander: Commander
    model: RowTableModel
    table: QTableView
    up_button: QPushButton
    down_button: QPushButton
    remove_button: QPushButton

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
        chosen = selected_row(self.table)
        count = self.model.rowCount()
        self.up_button.setEnabled(chosen is not None and chosen.position > 1)
        self.down_button.setEnabled(chosen is not None and chosen.position < count)
        self.remove_button.setEnabled(chosen is not None)

    def _move_chosen(self, step: int, text: str, move_to: Callable[[Any, int], ServiceCall]) -> None:
        """Move the chosen row ``step`` places as the undoable edit ``text``; ``move_to(row, position)``."""
        chosen = selected_row(self.table)
        if chosen is None or not 1 <= chosen.position + step <= self.model.rowCount():
            return
        self.commander.edit(
            text,
            do=move_to(chosen, chosen.position + step),
            undo=move_to(chosen, chosen.position),
            initiator=self,
        )
        select_row(self.table, self.model, chosen.id)
