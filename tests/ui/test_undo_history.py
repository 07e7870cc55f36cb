"""Undo and Redo a person can follow: the window goes to the edit, chooses its row and says what it did."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cocommission.model import OutcomeStatus
from cocommission.services import workshops
from cocommission.ui.pages import agenda_panel
from cocommission.ui.table_view import selected_row

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def window(example_window):
    """The main window with the worked example open."""
    return example_window


def _rename_first_agenda_item(qtbot, window, title: str):
    """Type a new title into the first agenda item's cell on People → Workshops, as a person would."""
    page = window.workspace.page_widgets[0]
    window.workspace.show_page(0)
    page.tabs.setCurrentWidget(page.workshops_panel)
    agenda = page.workshops_panel.agenda
    item = agenda.model.rows()[0]
    table = agenda.table
    index = table.model().index(0, agenda_panel.COL_TITLE)
    table.setCurrentIndex(index)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(index)
    assert editor is not None, "F2 opens the title editor"
    editor.selectAll()
    qtbot.keyClicks(editor, title)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits an editor's value on its next turn of the event loop.
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)
    return page, agenda, item


def _agenda_title(window, item_id: str) -> str:
    for workshop in window.commander.read(workshops.list_workshops, commission_id=window.workspace.header.commission_id):
        for item in workshop.agenda:
            if item.id == item_id:
                return item.title
    raise AssertionError("no such agenda item")


def test_ctrl_z_on_another_page_shows_the_edit_it_undid(qtbot, window):
    """Rename an agenda item on People, go to Outcomes, press Ctrl+Z: People shows, the item is chosen, the banner says so."""
    page, agenda, item = _rename_first_agenda_item(qtbot, window, "Icebreaker game")
    assert _agenda_title(window, item.id) == "Icebreaker game"
    assert window.undo_action.text() == f"&Undo rename agenda item {item.position}"

    window.workspace.show_page(1)
    window.workspace.page_widgets[1].setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)

    assert _agenda_title(window, item.id) == item.title
    assert window.workspace.current_page() is page
    assert window.workspace.navigator.currentRow() == 0
    assert page.tabs.currentWidget() is page.workshops_panel
    assert selected_row(agenda.table).id == item.id
    assert window.workspace.banner.isVisible()
    assert window.workspace.banner.text.text() == f"Undid: rename agenda item {item.position}"
    assert window.redo_action.text() == f"&Redo rename agenda item {item.position}"

    window.workspace.show_page(2)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL | SHIFT)
    assert _agenda_title(window, item.id) == "Icebreaker game"
    assert window.workspace.current_page() is page
    assert selected_row(agenda.table).id == item.id
    assert window.workspace.banner.text.text() == f"Redid: rename agenda item {item.position}"


# --------------------------------------------------------------------------- outcomes: add, merge, split


@pytest.fixture
def outcomes_page(qtbot, show_page, commander):
    from cocommission.services.commissions import create_commission
    from cocommission.ui.pages.outcomes_page import OutcomesPage

    commission_id = commander.run(create_commission, title="Youth justice fund", budget_minor=2_000_000).id
    shown = show_page(OutcomesPage(commander), commission_id)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _statements(commander, page) -> list[tuple[str, str]]:
    from cocommission.services import outcomes

    rows = commander.read(outcomes.list_outcomes, commission_id=page.commission_id)
    return [(row.text, row.status.value) for row in rows]


def _type_statement(qtbot, page, text: str) -> None:
    qtbot.keyClicks(page.statement_input, text)
    qtbot.keyClick(page.statement_input, Qt.Key.Key_Return)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_adding_merging_and_splitting_statements_are_each_undone_and_redone(qtbot, outcomes_page, commander):
    """Each of add, merge and split is one Undo (named in the menu) and one Redo, with the same statements back."""
    page = outcomes_page
    _type_statement(qtbot, page, "Feel safe")
    _type_statement(qtbot, page, "Be safe")
    _type_statement(qtbot, page, "Somewhere to go and someone to talk to")
    assert commander.undo_stack.undoText() == "add statement 3"
    added = _statements(commander, page)

    page.table.selectRow(0)
    page.table.selectionModel().select(
        page.model.index(1, 0), page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows
    )
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    page.merge_dialog.wording.setPlainText("Young people feel safe")
    qtbot.mouseClick(page.merge_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert commander.undo_stack.undoText() == "merge statements 1, 2"
    merged = _statements(commander, page)
    assert merged[0] == ("Young people feel safe", "proposed")

    page.select_statements([line.id for line in page.model.rows() if line.outcome.text.startswith("Somewhere")])
    qtbot.mouseClick(page.split_button, Qt.MouseButton.LeftButton)
    page.split_dialog.parts.setPlainText("Somewhere to go\nSomeone to talk to")
    qtbot.mouseClick(page.split_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert commander.undo_stack.undoText().startswith("split statement ")
    split = _statements(commander, page)
    assert ("Someone to talk to", "proposed") in split

    commander.undo()
    assert _statements(commander, page) == merged
    commander.undo()
    assert _statements(commander, page) == added
    commander.undo()
    assert _statements(commander, page) == added[:2]
    assert [line.outcome.text for line in page.model.rows()] == ["Feel safe", "Be safe"]

    for _ in range(3):
        commander.redo()
    assert _statements(commander, page) == split
    # The same statements came back: undo reaches them again.
    commander.undo()
    assert _statements(commander, page) == merged


def test_an_agenda_item_removed_comes_back_in_its_place_with_ctrl_z(qtbot, window, monkeypatch):
    """Remove an agenda item (after the question), press Ctrl+Z on another page: it is back, in its place, chosen."""
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    page = window.workspace.page_widgets[0]
    window.workspace.show_page(0)
    page.tabs.setCurrentWidget(page.workshops_panel)
    agenda = page.workshops_panel.agenda
    before = [(row.id, row.title) for row in agenda.model.rows()]
    agenda.select_item(before[1][0])
    qtbot.mouseClick(agenda.remove_button, Qt.MouseButton.LeftButton)
    assert [row.id for row in agenda.model.rows()] == [before[0][0], *[i for i, _ in before[2:]]]
    assert window.undo_action.text() == "&Undo remove agenda item 2"

    window.workspace.show_page(3)
    qtbot.keyClick(window, Qt.Key.Key_Z, CTRL)
    assert window.workspace.current_page() is page
    assert [(row.id, row.title) for row in agenda.model.rows()] == before
    assert selected_row(agenda.table).id == before[1][0]
    assert window.workspace.banner.text.text() == "Undid: remove agenda item 2"


def test_every_action_on_a_page_is_undoable_or_says_why_not():
    """Every commander.run( on a stage page or in a dialog gives its cannot_undo reason; the rest go through edit()."""
    import re
    from pathlib import Path

    from cocommission import ui

    root = Path(ui.__file__).parent
    files = [*root.glob("pages/*.py"), *root.glob("*dialog*.py")]
    silent = []
    for path in files:
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"commander\.run\(", source):
            depth, end = 1, match.end()
            while depth:
                depth += {"(": 1, ")": -1}.get(source[end], 0)
                end += 1
            if "cannot_undo=" not in source[match.start():end]:
                silent.append(f"{path.name}:{source[:match.start()].count(chr(10)) + 1}")
    assert silent == []


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_status_given_to_many_statements_is_undone_in_one_step_named_once(qtbot, outcomes_page, commander):
    """Marking three statements agreed is one Undo, announced once with the step's name and the rows shown."""
    page = outcomes_page
    for text in ("Feel safe", "Be safe", "Somewhere to go"):
        _type_statement(qtbot, page, text)
    said = []
    commander.history_moved.connect(lambda message, widget, row: said.append((message, widget)))
    page.table.selectAll()
    page.set_status(OutcomeStatus.AGREED)
    assert commander.undo_stack.undoText() == "change the status of 3 statements"
    commander.undo()
    assert [status for _text, status in _statements(commander, page)] == ["proposed"] * 3
    assert said == [("Undid: change the status of 3 statements", page)]
