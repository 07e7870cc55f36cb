"""The Outcomes page: typing statements fast, changing them in place, ordering, merging and splitting."""

from __future__ import annotations

import pytest
from control_names import unnamed_controls
from PySide6.QtCore import Qt

from cocommission.model import OutcomeStatus
from cocommission.services import outcomes
from cocommission.services.commissions import create_commission
from cocommission.ui.pages.outcome_table_model import (
    COL_CAME_FROM,
    COL_MEASURE,
    COL_NUMBER,
    COL_STATEMENT,
    COL_STATUS,
)
from cocommission.ui.pages.outcomes_page import OutcomesPage

# The offscreen platform cannot raise windows or grab the keyboard; it says so, and that is no fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def commission_id(commander) -> str:
    return commander.run(create_commission, title="Youth justice fund", budget_minor=2_000_000).id


@pytest.fixture
def page(qtbot, show_page, commander, commission_id) -> OutcomesPage:
    shown = show_page(OutcomesPage(commander), commission_id)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _add(commander, commission_id, *texts: str) -> list[str]:
    return [commander.run(outcomes.add_outcome, commission_id=commission_id, text=text).id for text in texts]


def _texts(page, column: int) -> list[str]:
    model = page.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _stored(commander, commission_id) -> list[tuple[int, str, OutcomeStatus]]:
    rows = commander.read(outcomes.list_outcomes, commission_id=commission_id)
    return [(row.position, row.text, row.status) for row in rows]


def _click_row(qtbot, page, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = page.table.visualRect(page.model.index(row, COL_NUMBER))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _type_in_cell(qtbot, page, row: int, column: int, text: str) -> None:
    table = page.table
    index = page.model.index(row, column)
    table.setFocus()
    table.setCurrentIndex(index)
    # Starting to type on a cell opens its editor with what was typed in place of the old words.
    qtbot.keyClicks(table, text[0])
    editor = table.indexWidget(index)
    assert editor is not None, "typing on a cell opens its editor"
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


# --------------------------------------------------------------------------- typing statements in


def test_typing_statements_and_pressing_enter_adds_them(qtbot, page, commander, commission_id):
    """Each statement typed and entered is saved at the end of the list, and the boxes clear for the next."""
    assert page.counts.text() == "No statements yet — type the first one above and press Enter."
    qtbot.keyClicks(page.statement_input, "Young people feel safe on the estate")
    qtbot.keyClicks(page.measure_input, "A survey every term")
    qtbot.keyClick(page.statement_input, Qt.Key.Key_Return)
    assert page.statement_input.text() == ""
    assert page.measure_input.text() == ""
    assert page.focusWidget() is page.statement_input
    qtbot.keyClicks(page.statement_input, "Somewhere to go after school")
    qtbot.keyClick(page.statement_input, Qt.Key.Key_Return)

    assert _texts(page, COL_NUMBER) == ["1", "2"]
    assert _texts(page, COL_STATEMENT) == [
        "Young people feel safe on the estate",
        "Somewhere to go after school",
    ]
    assert _texts(page, COL_MEASURE) == ["A survey every term", ""]
    assert _texts(page, COL_STATUS) == ["Proposed", "Proposed"]
    assert page.counts.text() == "2 statements, 0 agreed"
    rows = commander.read(outcomes.list_outcomes, commission_id=commission_id)
    assert [(row.position, row.text, row.measure) for row in rows] == [
        (1, "Young people feel safe on the estate", "A survey every term"),
        (2, "Somewhere to go after school", ""),
    ]
    # The newest statement is the one chosen, so its place in the list is in view.
    assert page.selected_ids() == [rows[1].id]


def test_enter_on_an_empty_box_says_what_to_write_and_adds_nothing(
    qtbot, page, commander, commission_id, problems
):
    """Pressing Enter with nothing typed adds nothing and says what a statement looks like."""
    qtbot.keyClick(page.statement_input, Qt.Key.Key_Return)
    assert problems and "Write the outcome" in problems[-1]
    assert page.model.rowCount() == 0
    assert _stored(commander, commission_id) == []


# --------------------------------------------------------------------------- changing in place


def test_editing_words_in_place_is_saved_and_undo_puts_them_back(qtbot, page, commander, commission_id):
    """Typing over a statement's words and its measure saves them; Ctrl+Z puts the old words back."""
    _add(commander, commission_id, "Feel safe")
    _type_in_cell(qtbot, page, 0, COL_STATEMENT, "Young people feel safe on the estate")
    assert _texts(page, COL_STATEMENT) == ["Young people feel safe on the estate"]
    assert _stored(commander, commission_id) == [
        (1, "Young people feel safe on the estate", OutcomeStatus.PROPOSED)
    ]
    _type_in_cell(qtbot, page, 0, COL_MEASURE, "Fewer incidents reported")
    stored = commander.read(outcomes.list_outcomes, commission_id=commission_id)[0]
    assert stored.measure == "Fewer incidents reported"

    commander.undo_stack.undo()
    assert _texts(page, COL_MEASURE) == [""]
    commander.undo_stack.undo()
    assert _texts(page, COL_STATEMENT) == ["Feel safe"]
    assert _stored(commander, commission_id) == [(1, "Feel safe", OutcomeStatus.PROPOSED)]
    commander.undo_stack.redo()
    assert _texts(page, COL_STATEMENT) == ["Young people feel safe on the estate"]


def test_status_is_chosen_in_place_from_a_list(qtbot, page, commander, commission_id):
    """The status cell offers proposed, agreed and dropped; picking one saves it."""
    _add(commander, commission_id, "Feel safe", "Somewhere to go")
    index = page.model.index(1, COL_STATUS)
    page.table.setFocus()
    page.table.setCurrentIndex(index)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    combo = page.table.indexWidget(index)
    assert [combo.itemText(n) for n in range(combo.count())] == ["Proposed", "Agreed", "Dropped"]
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.table.indexWidget(index) is None)
    assert _texts(page, COL_STATUS) == ["Proposed", "Agreed"]
    assert [row.text for row in commander.read(outcomes.agreed_outcomes, commission_id=commission_id)] == [
        "Somewhere to go"
    ]
    assert page.counts.text() == "2 statements, 1 agreed"


def test_status_buttons_and_delete_change_the_chosen_statements(qtbot, page, commander, commission_id):
    """Mark agreed acts on all chosen statements as one undo step; Delete drops; Back to proposed restores."""
    _add(commander, commission_id, "Feel safe", "Somewhere to go", "Trusted adults")
    _click_row(qtbot, page, 0)
    _click_row(qtbot, page, 1, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.agree_button, Qt.MouseButton.LeftButton)
    assert _texts(page, COL_STATUS) == ["Agreed", "Agreed", "Proposed"]
    assert page.counts.text() == "3 statements, 2 agreed"
    assert len(commander.read(outcomes.agreed_outcomes, commission_id=commission_id)) == 2
    assert not page.agree_button.isEnabled()

    commander.undo_stack.undo()
    assert _texts(page, COL_STATUS) == ["Proposed", "Proposed", "Proposed"]
    assert commander.read(outcomes.agreed_outcomes, commission_id=commission_id) == ()

    _click_row(qtbot, page, 2)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert _texts(page, COL_STATUS) == ["Proposed", "Proposed", "Dropped"]
    assert page.counts.text() == "2 statements, 0 agreed (also kept: 0 merged, 1 dropped)"
    assert _stored(commander, commission_id)[2][2] is OutcomeStatus.DROPPED
    qtbot.mouseClick(page.propose_button, Qt.MouseButton.LeftButton)
    assert _texts(page, COL_STATUS) == ["Proposed", "Proposed", "Proposed"]
    assert _stored(commander, commission_id)[2][2] is OutcomeStatus.PROPOSED


# --------------------------------------------------------------------------- order


def test_alt_down_moves_a_statement_down_and_undo_moves_it_back(qtbot, page, commander, commission_id):
    """Alt+Down moves the chosen statement one place down, keeping it chosen; Ctrl+Z moves it back."""
    _add(commander, commission_id, "Feel safe", "Somewhere to go", "Trusted adults")
    _click_row(qtbot, page, 0)
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _texts(page, COL_STATEMENT) == ["Somewhere to go", "Feel safe", "Trusted adults"]
    qtbot.keyClick(page.table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _texts(page, COL_STATEMENT) == ["Somewhere to go", "Trusted adults", "Feel safe"]
    assert _texts(page, COL_NUMBER) == ["1", "2", "3"]
    assert [text for _n, text, _s in _stored(commander, commission_id)] == [
        "Somewhere to go",
        "Trusted adults",
        "Feel safe",
    ]
    assert [line.outcome.text for line in page.selected_lines()] == ["Feel safe"]
    assert not page.down_button.isEnabled()

    qtbot.keyClick(page.table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _texts(page, COL_STATEMENT) == ["Somewhere to go", "Feel safe", "Trusted adults"]
    commander.undo_stack.undo()
    assert [text for _n, text, _s in _stored(commander, commission_id)] == [
        "Somewhere to go",
        "Trusted adults",
        "Feel safe",
    ]
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert _texts(page, COL_STATEMENT) == ["Somewhere to go", "Feel safe", "Trusted adults"]


# --------------------------------------------------------------------------- merging and splitting


def test_merging_two_statements_keeps_the_originals_and_shows_where_it_came_from(
    qtbot, page, commander, commission_id
):
    """Merging two chosen statements through the form adds the new one; the originals show as merged."""
    first, second = _add(commander, commission_id, "Feel safe on the estate", "Safe walking home at night")
    _click_row(qtbot, page, 0)
    _click_row(qtbot, page, 1, Qt.KeyboardModifier.ControlModifier)
    assert page.selected_ids() == [first, second]
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    dialog = page.merge_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.wording.toPlainText() == "Feel safe on the estate; Safe walking home at night"
    dialog.wording.selectAll()
    qtbot.keyClicks(dialog.wording, "Young people feel safe on the estate, day and night")
    qtbot.keyClicks(dialog.measure, "A survey every term")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert _texts(page, COL_STATEMENT) == [
        "Young people feel safe on the estate, day and night",
        "Feel safe on the estate",
        "Safe walking home at night",
    ]
    assert _texts(page, COL_STATUS) == ["Proposed", "Merged", "Merged"]
    assert _texts(page, COL_CAME_FROM) == ["Merged from 2 statements", "Merged into 1", "Merged into 1"]
    # Only statements in play are numbered: the merged originals keep their place, with no number.
    assert _texts(page, COL_NUMBER) == ["1", "", ""]
    assert _texts(page, COL_MEASURE)[0] == "A survey every term"
    assert page.counts.text() == "1 statement, 0 agreed (also kept: 2 merged, 0 dropped)"
    # The merged originals are settled: grey, and their words cannot be edited.
    merged_cell = page.model.index(1, COL_STATEMENT)
    assert not merged_cell.flags() & Qt.ItemFlag.ItemIsEditable
    assert merged_cell.data(Qt.ItemDataRole.ForegroundRole) is not None
    # The new statement is chosen, and the lineage panel lists what it came from.
    assert [line.outcome.text for line in page.selected_lines()] == [
        "Young people feel safe on the estate, day and night"
    ]
    assert page.lineage_panel.statements() == [
        "1. Young people feel safe on the estate, day and night",
        "Feel safe on the estate",
        "Safe walking home at night",
    ]
    new_id = page.selected_ids()[0]
    for original in (first, second):
        stored = commander.read(outcomes.get_outcome, outcome_id=original)
        assert stored.status is OutcomeStatus.MERGED and stored.merged_into_id == new_id
    assert commander.read(outcomes.get_outcome, outcome_id=new_id).measure == "A survey every term"

    # Hiding merged statements leaves the new one; its lineage still shows both originals.
    qtbot.mouseClick(page.show_merged, Qt.MouseButton.LeftButton)
    assert _texts(page, COL_STATEMENT) == ["Young people feel safe on the estate, day and night"]
    assert len(page.lineage_panel.statements()) == 3


def test_choosing_a_merged_original_in_the_lineage_goes_to_it(qtbot, page, commander, commission_id):
    """Double-clicking a statement in the lineage chooses it in the list, showing merged ones if hidden."""
    first, second = _add(commander, commission_id, "Feel safe", "Be safe")
    merged = commander.run(
        outcomes.merge_outcomes, outcome_ids=[first, second], text="Young people feel safe"
    )
    page.show_merged.setChecked(False)
    page.select_statements([merged.id])
    tree = page.lineage_panel.tree
    child = page.lineage_panel.model.index(1, 0, page.lineage_panel.model.index(0, 0))
    tree.scrollTo(child)
    where = tree.visualRect(child).center()
    # A person's double-click begins with a press, which the tree needs to know which line is meant.
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert page.show_merged.isChecked()
    assert page.selected_ids() == [second]
    assert "merged into statement 1" in page.lineage_panel.note.text()


def test_merging_refuses_a_dropped_statement_and_an_empty_wording(
    qtbot, page, commander, commission_id, problems
):
    """A dropped statement cannot be merged, and the form will not merge without words."""
    _add(commander, commission_id, "Feel safe", "Be safe", "Trusted adults")
    _click_row(qtbot, page, 2)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    page.table.selectAll()
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert problems[-1].startswith("Statement “Trusted adults” has been dropped, so it cannot be merged")
    assert page.merge_dialog is None

    _click_row(qtbot, page, 0)
    _click_row(qtbot, page, 1, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    dialog = page.merge_dialog
    dialog.wording.clear()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "Write the wording of the merged statement."
    dialog.reject()
    assert [status for _n, _t, status in _stored(commander, commission_id)] == [
        OutcomeStatus.PROPOSED,
        OutcomeStatus.PROPOSED,
        OutcomeStatus.DROPPED,
    ]


def test_splitting_a_statement_makes_one_per_line(qtbot, page, commander, commission_id):
    """Splitting through the form adds one statement per line after the original, which is dropped."""
    (original,) = _add(commander, commission_id, "Feel safe and have somewhere to go")
    _add(commander, commission_id, "Trusted adults")
    _click_row(qtbot, page, 0)
    qtbot.mouseClick(page.split_button, Qt.MouseButton.LeftButton)
    dialog = page.split_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.parts.toPlainText() == "Feel safe and have somewhere to go"
    # One line is not a split: the form says so and stays open.
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "Write at least two statements, each on its own line."
    dialog.parts.selectAll()
    qtbot.keyClicks(dialog.parts, "Young people feel safe")
    qtbot.keyClick(dialog.parts, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.parts, "Somewhere to go after school")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert _texts(page, COL_STATEMENT) == [
        "Feel safe and have somewhere to go",
        "Young people feel safe",
        "Somewhere to go after school",
        "Trusted adults",
    ]
    assert _texts(page, COL_STATUS) == ["Dropped", "Proposed", "Proposed", "Proposed"]
    split_from = "Split from “Feel safe and have somewhere to go”"
    assert _texts(page, COL_CAME_FROM) == ["", split_from, split_from, ""]
    assert _texts(page, COL_NUMBER) == ["", "1", "2", "3"]
    assert page.counts.text() == "3 statements, 0 agreed (also kept: 0 merged, 1 dropped)"
    assert [line.outcome.text for line in page.selected_lines()] == [
        "Young people feel safe",
        "Somewhere to go after school",
    ]
    assert page.lineage_panel.statements() == [
        "1. Young people feel safe",
        "Feel safe and have somewhere to go",
    ]
    assert _stored(commander, commission_id) == [
        (1, "Feel safe and have somewhere to go", OutcomeStatus.DROPPED),
        (2, "Young people feel safe", OutcomeStatus.PROPOSED),
        (3, "Somewhere to go after school", OutcomeStatus.PROPOSED),
        (4, "Trusted adults", OutcomeStatus.PROPOSED),
    ]
    assert commander.read(outcomes.get_outcome, outcome_id=original).status is OutcomeStatus.DROPPED


# --------------------------------------------------------------------------- the example, models, names


def test_the_example_commission_reads_well_and_every_model_passes(qtbot, qtmodeltester, commander, example):
    """The worked example shows counts and lineage; every model passes the tester; every control is named."""
    commission_id = example
    shown = OutcomesPage(commander)
    qtbot.addWidget(shown)
    shown.resize(1366, 700)
    shown.set_commission(commission_id)
    rows = commander.read(outcomes.list_outcomes, commission_id=commission_id)
    live = [row for row in rows if row.status not in (OutcomeStatus.MERGED, OutcomeStatus.DROPPED)]
    agreed = commander.read(outcomes.agreed_outcomes, commission_id=commission_id)
    assert shown.counts.text().startswith(f"{len(live)} statements, {len(agreed)} agreed")
    assert shown.model.rowCount() == len(rows)

    merged = next(row for row in rows if row.merged_from)
    shown.select_statements([merged.id])
    assert len(shown.lineage_panel.statements()) == 1 + len(merged.merged_from)
    qtmodeltester.check(shown.model)
    qtmodeltester.check(shown.lineage_panel.model)
    assert unnamed_controls(shown) == []

    shown.select_statements([row.id for row in live[:2]])
    shown.merge_selected()
    assert unnamed_controls(shown.merge_dialog) == []
    shown.merge_dialog.reject()
    shown.select_statements([live[0].id])
    shown.split_selected()
    assert unnamed_controls(shown.split_dialog) == []
    shown.split_dialog.reject()
