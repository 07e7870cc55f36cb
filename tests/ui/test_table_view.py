"""Every table in the window is made by ``make_table_view``, so every table behaves the same way.

A table set up by hand drifts: one forgets that Tab should leave it, another keeps the row
numbers down the side or is never named for screen readers. The scan below finds any module
that builds a table itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QWidget

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
    assert modes == [
        QHeaderView.ResizeMode.ResizeToContents,
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
