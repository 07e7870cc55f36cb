"""Every table in the window is made by ``make_table_view``, so every table behaves the same way.

A table set up by hand drifts: one forgets that Tab should leave it, another keeps the row
numbers down the side or is never named for screen readers. The scan below finds any module
that builds a table itself.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QVBoxLayout, QWidget

from cocommission import ui
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

#: The Qt classes a table is built from; the factory is the one module that makes them.
TABLE_CLASSES = {"QTableView", "QTableWidget", "QTreeView"}
FACTORY = Path(ui.__file__).parent / "table_view.py"


def tables_made_by_hand(source: str) -> list[str]:
    """Each line of ``source`` that calls a Qt table class itself, with the class called."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = node.func
        name = getattr(called, "id", None) or getattr(called, "attr", None)
        if name in TABLE_CLASSES:
            found.append(f"{node.lineno} {name}")
    return found


def test_no_module_but_the_factory_makes_a_table_itself():
    """Tables are made with ``make_table_view`` (give it an option when one must differ)."""
    root = FACTORY.parent
    by_hand = [
        f"{path.relative_to(root)}:{place}"
        for path in sorted(root.rglob("*.py"))
        if path != FACTORY
        for place in tables_made_by_hand(path.read_text(encoding="utf-8"))
    ]
    assert by_hand == []


def test_the_scan_finds_a_table_made_by_hand():
    """The scan sees a table built directly and through ``QtWidgets.``, but not one from the factory."""
    source = (
        "from PySide6 import QtWidgets\n"
        "from PySide6.QtWidgets import QTableView\n"
        "a = QTableView(None)\n"
        "b = QtWidgets.QTreeView(None)\n"
        "c = make_table_view(None, None, 'x', stretch_column=0)\n"
        "d = QtWidgets.QTableWidget(2, 2)\n"
    )
    assert tables_made_by_hand(source) == ["3 QTableView", "4 QTreeView", "6 QTableWidget"]


def test_a_table_from_the_factory_keeps_its_options(qtbot):
    """The options the pages use reach the table: several stretching columns, a set width, sorting."""
    parent = QWidget()
    qtbot.addWidget(parent)
    model: QAbstractItemModel = RowTableModel(
        [Column(name, lambda row, name=name: row) for name in ("Code", "Name", "Note", "Workshop")], parent
    )
    table = make_table_view(
        parent,
        model,
        "Sheets",
        stretch_column=(1, 3),
        column_widths={2: 120},
        selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
        word_wrap=False,
        sort_column=0,
        select_all_name="Select every sheet",
    )
    header = table.horizontalHeader()
    modes = [header.sectionResizeMode(column) for column in range(4)]
    # The first column fits its contents: fitted by the table's ColumnFitter, fixed in between.
    assert modes == [
        QHeaderView.ResizeMode.Fixed,
        QHeaderView.ResizeMode.Stretch,
        QHeaderView.ResizeMode.Interactive,
        QHeaderView.ResizeMode.Stretch,
    ]
    assert header.sectionSize(2) == 120
    assert table.accessibleName() == "Sheets"
    assert not table.tabKeyNavigation() and table.verticalHeader().isHidden() and not table.wordWrap()
    assert table.isSortingEnabled() and header.sortIndicatorSection() == 0
    assert table.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    assert table.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows


@dataclass(frozen=True)
class _Person:
    id: int
    pseudonym: str
    group: str
    note: str


def _people(count: int, *, longest: int | None = None) -> list[_Person]:
    return [
        _Person(n, "Jay with a much longer pseudonym than anyone" if n == longest else f"P{n}", "Thursday", "…")
        for n in range(count)
    ]


def _columns() -> list[Column]:
    return [
        Column("Pseudonym", lambda row: row.pseudonym),
        Column("Note", lambda row: row.note),
        Column("Group", lambda row: row.group),
    ]


def test_fitted_columns_are_as_wide_as_qt_fits_them_and_follow_the_rows(qtbot):
    """The columns that fit their contents come out as wide as Qt's own fitting makes them, before and
    after a longer name arrives."""
    parent = QWidget()
    qtbot.addWidget(parent)
    ours_model = RowTableModel(_columns(), parent)
    qts_model = RowTableModel(_columns(), parent)
    ours = make_table_view(parent, ours_model, "Ours", stretch_column=1)
    qts = QTableView(parent)
    qts.setModel(qts_model)
    qts.verticalHeader().hide()
    qts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    qts.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    layout = QVBoxLayout(parent)
    layout.addWidget(ours)
    layout.addWidget(qts)
    parent.resize(700, 500)
    parent.show()
    qtbot.waitExposed(parent)
    for rows in (_people(5), _people(5, longest=3)):
        ours_model.set_rows(rows)
        qts_model.set_rows(rows)
        qtbot.wait(20)
        assert [ours.columnWidth(c) for c in (0, 2)] == [qts.columnWidth(c) for c in (0, 2)]
    assert ours.columnWidth(0) > 200


def test_showing_a_long_table_again_reads_only_the_rows_on_screen(qtbot):
    """Switching back to a page with three hundred participants does not measure every name again."""
    parent = QWidget()
    qtbot.addWidget(parent)
    model = RowTableModel(_columns(), parent)
    table = make_table_view(parent, model, "People", stretch_column=1)
    QVBoxLayout(parent).addWidget(table)
    parent.resize(700, 400)
    model.set_rows(_people(300))
    parent.show()
    qtbot.waitExposed(parent)
    qtbot.wait(20)
    table.hide()
    asked: set[int] = set()
    data = model.data

    def counted(index, role=0):
        asked.add(index.row())
        return data(index, role)

    model.data = counted  # type: ignore[method-assign]
    table.show()
    table.grab()
    qtbot.wait(20)
    assert asked and max(asked) < 100
