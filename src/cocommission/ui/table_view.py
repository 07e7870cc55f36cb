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

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QSortFilterProxyModel, Qt, QTimer
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
    _size_columns(table, stretch_column, other_columns, column_widths or {})
    header.setStretchLastSection(stretch_last_section)
    if select_all_name is not None:
        for button in table.findChildren(QAbstractButton):
            button.setAccessibleName(select_all_name)
    return table


def _size_columns(
    table: QTableView,
    stretch_column: int | Sequence[int] | None,
    other_columns: QHeaderView.ResizeMode,
    column_widths: Mapping[int, int],
) -> None:
    """Give ``stretch_column`` the spare width, ``column_widths`` their width, the others ``other_columns``."""
    header = table.horizontalHeader()
    if stretch_column is None:
        stretch_column = ()
    elif isinstance(stretch_column, int):
        stretch_column = (stretch_column,)
    if other_columns == QHeaderView.ResizeMode.ResizeToContents:
        # Fitted when the rows or the font change, not on every show and hide as Qt's own mode does.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        ColumnFitter(table, set(stretch_column) | set(column_widths))
    else:
        header.setSectionResizeMode(other_columns)
    for column in stretch_column:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    for column, width in column_widths.items():
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, width)


class ColumnFitter(QObject):
    """Keeps a table's columns as wide as their contents: every column but those in ``leave``.

    Qt's own fitting (``ResizeToContents``) measures every row again each time the table is
    shown or hidden, so a switch to a page with a long list (three hundred participants) measured
    every name on it; this measures when the rows, the headings or the font change, once for
    several changes together, whether the table is on screen or not.
    """

    def __init__(self, table: QTableView, leave: set[int]) -> None:
        super().__init__(table)
        self._table = table
        self._leave = leave
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.fit)
        model = table.model()
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.columnsInserted,
            model.columnsRemoved,
            model.dataChanged,
            model.headerDataChanged,
        ):
            signal.connect(self._later.start)
        table.installEventFilter(self)
        self._later.start()

    def fit(self) -> None:
        """Make each fitted column as wide as the widest of its cells and its heading."""
        self._later.stop()
        header = self._table.horizontalHeader()
        for column in range(header.count()):
            if column not in self._leave and header.sectionResizeMode(column) == QHeaderView.ResizeMode.Fixed:
                self._table.resizeColumnToContents(column)

    def fit_if_waiting(self) -> None:
        """Fit now what a change has left waiting to fit (the workspace lays out pages while idle)."""
        if self._later.isActive():
            self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Polish, QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._later.start()
        elif event.type() == QEvent.Type.Show:
            # Painted fitted from the first time it is seen.
            self.fit_if_waiting()
        return False


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
