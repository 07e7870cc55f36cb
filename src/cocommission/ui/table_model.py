"""A Qt table model over plain, frozen rows from the services.

Pages describe their columns once; the model never holds ORM objects and never
writes to the database. An edit in a cell is announced with ``edit_requested``
and the page performs the service; the refreshed row then replaces the old one,
so the table only ever shows what has been committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

Index = QModelIndex | QPersistentModelIndex

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
#: The roles ``TableModel.data`` can answer; it gives None for any other.
_ANSWERED_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.CheckStateRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        SORT_ROLE,
        ROW_ROLE,
    )
)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_EDIT = int(Qt.ItemDataRole.EditRole)
_CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole)
_TOOL_TIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_SORT = int(SORT_ROLE)
_ROW = int(ROW_ROLE)


@dataclass(frozen=True)
class Column:
    """One column: its header, how to show a row in it, and whether it can be edited."""

    header: str
    value: Callable[[Any], Any]
    sort_key: Callable[[Any], Any] | None = None
    editable: bool = False
    checkbox: bool = False
    tooltip: Callable[[Any], str] | None = None
    alignment: Qt.AlignmentFlag | None = None

    @property
    def alignment_value(self) -> int:
        """The cell alignment as Qt's TextAlignmentRole wants it, worked out once per column."""
        return _alignment_value(self.alignment)


@cache
def _alignment_value(alignment: Qt.AlignmentFlag | None) -> int:
    return 0 if alignment is None else int(alignment | Qt.AlignmentFlag.AlignVCenter)


def _column_flags(column: Column) -> Qt.ItemFlag:
    flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    if column.editable:
        flags |= Qt.ItemFlag.ItemIsUserCheckable if column.checkbox else Qt.ItemFlag.ItemIsEditable
    return flags


class RowTableModel(QAbstractTableModel):
    """Rows of plain data, shown through column descriptions; edits go out as requests."""

    edit_requested = Signal(object, int, object)

    def __init__(self, columns: Sequence[Column], parent=None, *, key: Callable[[Any], Any] = lambda row: row.id) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        # Worked out once: a view asks every cell for its flags each time it paints it.
        self._flags = tuple(_column_flags(column) for column in self._columns)
        self._rows: list[Any] = []
        self._key = key

    # --- filling ---------------------------------------------------------

    def set_rows(self, rows: Sequence[Any]) -> None:
        """Show ``rows``: repaint changed rows in place when the same rows come back, else reset.

        A reset closes any open cell editor and loses the current cell and selection; pages
        reload after every committed edit, often while the edited cell's editor is closing.
        """
        if [self._key(row) for row in self._rows] == [self._key(row) for row in rows]:
            for number, (old, new) in enumerate(zip(self._rows, rows, strict=True)):
                if old != new:
                    self._rows[number] = new
                    self.dataChanged.emit(self.index(number, 0), self.index(number, len(self._columns) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_row(self, row: Any) -> None:
        """Replace the row with the same key, repainting only that row."""
        for number, current in enumerate(self._rows):
            if self._key(current) == self._key(row):
                self._rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(self._columns) - 1))
                return

    def repaint_all(self) -> None:
        """Repaint every cell, for when what the columns show depends on more than the rows (e.g. names)."""
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(self._columns) - 1))

    def rows(self) -> tuple[Any, ...]:
        """The rows shown, in model order."""
        return tuple(self._rows)

    def row_at(self, index: Index) -> Any:
        """The plain row behind ``index``."""
        return self._rows[index.row()]

    def row_number(self, key: Any) -> int | None:
        """Where the row with ``key`` is, or None."""
        return next((n for n, row in enumerate(self._rows) if self._key(row) == key), None)

    # --- Qt model interface -----------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911 - one answer for each Qt item role
        # A view asks each cell for about ten roles each time it lays a table out and paints it; most are
        # roles no column answers, turned away here first, so a page with long tables shows quickly.
        # Qt passes the role as a plain int, compared here with plain ints (Qt's enum members cost more).
        if role not in _ANSWERED_ROLES:
            return None
        number = index.row()  # -1 for an invalid index
        if not 0 <= number < len(self._rows):
            return None
        row = self._rows[number]
        if role == _ROW:
            return row
        column = self._columns[index.column()]
        if column.checkbox:
            if role == _CHECK_STATE:
                return Qt.CheckState.Checked if column.value(row) else Qt.CheckState.Unchecked
            if role == _SORT:
                return int(bool(column.value(row)))
            return None
        if role == _DISPLAY:
            value = column.value(row)
            return "" if value is None else str(value)
        if role == _EDIT:
            value = column.value(row)
            return "" if value is None else value
        if role == _SORT:
            key = column.sort_key or column.value
            value = key(row)
            return "" if value is None else value
        if role == _TOOL_TIP and column.tooltip is not None:
            return column.tooltip(row)
        if role == _ALIGNMENT and column.alignment is not None:
            return column.alignment_value
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return self._flags[index.column()]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not self._columns[index.column()].editable:
            return False
        column = self._columns[index.column()]
        if column.checkbox:
            if role != Qt.ItemDataRole.CheckStateRole:
                return False
            value = Qt.CheckState(value) == Qt.CheckState.Checked
        elif role != Qt.ItemDataRole.EditRole:
            return False
        self.edit_requested.emit(self._rows[index.row()], index.column(), value)
        return True
