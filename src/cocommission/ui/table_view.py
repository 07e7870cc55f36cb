"""How the pages show a ``RowTableModel``: one whole row chosen at a time, read back as its plain row.

Every list a page keeps (participants, workshops, an agenda, bids, questions…) behaves
the same way: a click chooses the whole row, there are no row numbers down the side, the
columns fit their contents and one column takes the spare width, and Tab leaves the table
for the next control (the arrow keys move between cells).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from cocommission.ui.table_model import ROW_ROLE, SORT_ROLE, RowTableModel

#: Start editing a cell by double-clicking it, pressing F2, or just typing.
EDIT_IN_PLACE = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


def make_table_view(
    parent: QWidget,
    model: QAbstractItemModel,
    accessible_name: str,
    *,
    stretch_column: int,
    edit_triggers: QAbstractItemView.EditTrigger | None = None,
) -> QTableView:
    """A table over ``model``: one whole row chosen at a time, ``stretch_column`` taking the spare width.

    ``edit_triggers`` None keeps Qt's own.
    """
    table = QTableView(parent)
    table.setAccessibleName(accessible_name)
    # Tab must move on to the next control, not stop on every cell: the arrow keys move between cells.
    table.setTabKeyNavigation(False)
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    if edit_triggers is not None:
        table.setEditTriggers(edit_triggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table


def sorting_proxy(model: RowTableModel, parent: QWidget) -> QSortFilterProxyModel:
    """A proxy that sorts ``model`` by each column's sort key (amounts as numbers, days as days)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    return proxy


def selected_row(table: QTableView) -> Any | None:
    """The plain row chosen in ``table``, if any (through a sorting proxy too)."""
    rows = table.selectionModel().selectedRows()
    return rows[0].data(ROW_ROLE) if rows else None


def selected_rows(table: QTableView) -> list[Any]:
    """Every plain row chosen in ``table``, in the order the table shows them."""
    return [index.data(ROW_ROLE) for index in sorted(table.selectionModel().selectedRows(), key=lambda i: i.row())]


def select_row(table: QTableView, model: RowTableModel, key: Any) -> None:
    """Choose the row with ``key`` in ``table`` (shown straight from ``model``), if it is there."""
    number = model.row_number(key)
    if number is not None:
        table.selectRow(number)


def select_row_with_id(root: QWidget, row_id: Any) -> bool:
    """Choose, in the first visible table under ``root`` that lists it, the row whose plain row has ``row_id``.

    Undo and Redo use it to show a person which row just changed, whichever page made it.
    """
    views = [root] if isinstance(root, QAbstractItemView) else []
    views += [view for view in root.findChildren(QAbstractItemView) if view.isVisibleTo(root.window())]
    for view in views:
        model = view.model()
        if model is None:
            continue
        for number in range(model.rowCount()):
            index = model.index(number, 0)
            if getattr(index.data(ROW_ROLE), "id", None) == row_id:
                view.setCurrentIndex(index)
                view.scrollTo(index)
                view.setFocus()
                return True
    return False
