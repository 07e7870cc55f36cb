"""How a table cell edits a length of time in whole minutes (``on_screen.duration`` says how it reads)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QWidget

from cocommission.ui.number_input import NumberBox, NumberDelegate
from cocommission.ui.table_model import ROW_ROLE
from cocommission.wording import translator


class MinutesDelegate(NumberDelegate):
    """Edits a length (" min") from 1 to ``maximum(row)``; ``current(row)`` is its value now.

    A cell with no length yet opens at the most it can be; what is not a number of minutes in
    range is refused through ``refused``, and the cell keeps its length.
    """

    def __init__(
        self,
        current: Callable[[Any], int | None],
        maximum: Callable[[Any], int],
        accessible_name: str,
        parent=None,
    ) -> None:
        super().__init__(
            current=lambda index: current(index.data(ROW_ROLE)),
            bounds=lambda index: (1, max(1, maximum(index.data(ROW_ROLE)))),
            accessible_name=accessible_name,
            suffix=translator("minutes")(" min"),
            step=5,
            parent=parent,
        )
        self._row_current = current
        self._maximum = maximum

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:
        row = index.data(ROW_ROLE)
        if self._row_current(row) is None and isinstance(editor, NumberBox):
            editor.setValue(max(1, self._maximum(row)))
            editor.selectAll()
            return
        super().setEditorData(editor, index)
