"""How the pages show a ``RowTableModel``: one whole row chosen at a time, read back as its plain row.

Every list a page keeps (participants, workshops, an agenda, bids, questions…) behaves
the same way: a click chooses the whole row, there are no row numbers down the side, the
columns fit their contents and one column takes the spare width, and Tab leaves the table
for the next control (the arrow keys move between cells). Every table in the window is made
by ``make_table_view``, so they all keep to this; its options say where one differs and why
(a grid of scores chooses single cells, a list of sheets chooses several rows).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QHeaderView, QTableView, QWidget

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
    accessible_name: str | None,
    *,
    stretch_column: int | Sequence[int] | None,
    edit_triggers: QAbstractItemView.EditTrigger | None = None,
    whole_rows: bool = True,
    selection_mode: QAbstractItemView.SelectionMode = QAbstractItemView.SelectionMode.SingleSelection,
    other_columns: QHeaderView.ResizeMode = QHeaderView.ResizeMode.ResizeToContents,
    column_widths: Mapping[int, int] | None = None,
    stretch_last_section: bool = False,
    row_headers: bool = False,
    rows_fit_contents: bool = False,
    word_wrap: bool = True,
    sort_column: int | None = None,
    select_all_name: str | None = None,
) -> QTableView:
    """A table over ``model``: one whole row chosen at a time, ``stretch_column`` taking the spare width.

    ``accessible_name`` None leaves the table named by its buddy label. ``stretch_column``
    may name several columns, or none. The other columns fit their contents
    (``other_columns`` says otherwise); ``column_widths`` start columns at a width the
    person can drag; ``stretch_last_section`` gives the last column what is left over.
    ``edit_triggers`` None keeps Qt's own (double-click or F2).
    ``whole_rows`` False chooses single cells; ``row_headers`` shows the row names down
    the side; ``rows_fit_contents`` makes each row as tall as its wrapped words;
    ``sort_column`` sorts by that column, A to Z, and lets a header click sort.
    ``select_all_name`` names the corner button that chooses every row, for screen readers.
    """
    table = QTableView(parent)
    if accessible_name is not None:
        table.setAccessibleName(accessible_name)
    # Tab must move on to the next control, not stop on every cell: the arrow keys move between cells.
    table.setTabKeyNavigation(False)
    table.setModel(model)
    if whole_rows:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(selection_mode)
    if edit_triggers is not None:
        table.setEditTriggers(edit_triggers)
    table.setWordWrap(word_wrap)
    if not row_headers:
        table.verticalHeader().hide()
    if rows_fit_contents:
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if sort_column is not None:
        table.setSortingEnabled(True)
        table.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    header = table.horizontalHeader()
    header.setSectionResizeMode(other_columns)
    if stretch_column is None:
        stretch_column = ()
    elif isinstance(stretch_column, int):
        stretch_column = (stretch_column,)
    for column in stretch_column:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    for column, width in (column_widths or {}).items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)
    header.setStretchLastSection(stretch_last_section)
    if select_all_name is not None:
        for button in table.findChildren(QAbstractButton):
            button.setAccessibleName(select_all_name)
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
