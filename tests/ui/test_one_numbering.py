"""One number per outcome statement: the Outcomes page, the console's keys and the wall agree after a merge or split."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from cocommission.model import Role
from cocommission.services import commissions, outcomes, participants, voting
from cocommission.ui.live.console_window import ConsoleWindow
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.pages.outcome_table_model import COL_NUMBER, COL_STATEMENT, COL_STATUS
from cocommission.ui.pages.outcomes_page import OutcomesPage

# The offscreen platform cannot raise windows or grab the keyboard; it says so, and that is no fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

STATEMENTS = (
    "Young people feel safe on the estate",
    "Somewhere to go in the evenings",
    "Somewhere warm after school",
    "Help into work or training",
    "An adult they trust",
    "Parents and carers involved",
)
MERGED = "Somewhere safe and warm to go in the evenings"


@pytest.fixture
def commission_id(commander) -> str:
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    for text in STATEMENTS:
        commander.run(outcomes.add_outcome, commission_id=cid, text=text)
    commander.run(participants.add_participant, commission_id=cid, pseudonym="Ace", role=Role.YOUNG_PERSON)
    return cid


@pytest.fixture
def page(qtbot, show_page, commander, commission_id) -> OutcomesPage:
    shown = show_page(OutcomesPage(commander), commission_id)
    shown.activateWindow()
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def _click_row(qtbot, page, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = page.table.visualRect(page.model.index(row, COL_NUMBER))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def _row_of(page, text: str) -> int:
    return next(row for row in range(page.model.rowCount()) if page.model.index(row, COL_STATEMENT).data() == text)


def _numbers_on_the_page(page) -> dict[str, str]:
    """Statement → the number in the page's No. column, for statements still in play."""
    model = page.model
    shown = {}
    for row in range(model.rowCount()):
        if model.index(row, COL_STATUS).data() in ("Merged", "Dropped"):
            assert model.index(row, COL_NUMBER).data() == "", "a settled statement has no number"
            continue
        shown[model.index(row, COL_STATEMENT).data()] = str(model.index(row, COL_NUMBER).data())
    return shown


def _numbers_in_pairs(texts: list[str], statements) -> dict[str, str]:
    """Statement → the number drawn just before it on the wall (its words may wrap onto several lines)."""
    found: dict[str, str] = {}
    marker, words = "", []
    for text in [*texts, "END"]:
        if re.fullmatch(r"[0-9A-Z]{1,3}", text):
            if marker and " ".join(words) in statements:
                found[" ".join(words)] = marker
            marker, words = text, []
        else:
            words.append(text)
    return found


def _numbers_in_the_console(qtbot, commander, commission_id, round_id) -> dict[str, str]:
    console = ConsoleWindow(commander, None)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    combo = console.voting.round_combo
    combo.setCurrentIndex(combo.findData(round_id))
    view = console.voting.pad.options_view
    shown = {}
    for row in range(view.count()):
        key, label = view.item(row).text().split("   ")[:2]
        shown[label] = key
    return shown


def _merge_through_the_page(qtbot, page, first: str, second: str) -> None:
    _click_row(qtbot, page, _row_of(page, first))
    _click_row(qtbot, page, _row_of(page, second), Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    dialog = page.merge_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.wording.selectAll()
    qtbot.keyClicks(dialog.wording, MERGED)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def _all_numberings(qtbot, page, commander, commission_id) -> list[dict[str, str]]:
    live = [row.text for row in commander.read(outcomes.list_outcomes, commission_id=commission_id)]
    made = commander.run(
        voting.create_round,
        commission_id=commission_id,
        title="Which matter most?",
        method="dots",
        from_outcomes=True,
    )
    commander.run(voting.open_round, round_id=made.id)
    wall = ProjectorWindow(commander)
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    wall.show_outcomes(commission_id=commission_id)
    on_outcomes_scene = _numbers_in_pairs(wall.current_scene().visible_texts(), live)
    wall.show_vote(round_id=made.id)
    on_vote_scene = _numbers_in_pairs(wall.current_scene().visible_texts(), live)
    in_console = _numbers_in_the_console(qtbot, commander, commission_id, made.id)
    return [_numbers_on_the_page(page), on_outcomes_scene, on_vote_scene, in_console]


def test_after_a_merge_the_page_the_console_and_the_wall_number_statements_alike(
    qtbot, page, commander, commission_id
):
    """Merging statements 2 and 3 on the page renumbers what is in play 1–5 on the page, the console and both scenes."""
    _merge_through_the_page(qtbot, page, STATEMENTS[1], STATEMENTS[2])
    expected = {
        STATEMENTS[0]: "1",
        MERGED: "2",
        STATEMENTS[3]: "3",
        STATEMENTS[4]: "4",
        STATEMENTS[5]: "5",
    }
    page_numbers, outcomes_scene, vote_scene, console = _all_numberings(qtbot, page, commander, commission_id)
    assert page_numbers == expected
    assert outcomes_scene == expected
    assert vote_scene == expected
    assert console == expected


def test_after_a_split_the_page_and_the_wall_number_statements_alike(qtbot, page, commander, commission_id):
    """Splitting statement 1 numbers its parts 1 and 2 and the rest on from 3, everywhere."""
    first = commander.read(outcomes.list_outcomes, commission_id=commission_id)[0]
    _click_row(qtbot, page, _row_of(page, first.text))
    qtbot.mouseClick(page.split_button, Qt.MouseButton.LeftButton)
    dialog = page.split_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.parts.selectAll()
    qtbot.keyClicks(dialog.parts, "Safe on the estate by day")
    qtbot.keyClick(dialog.parts, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.parts, "Safe walking home at night")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    expected = {
        "Safe on the estate by day": "1",
        "Safe walking home at night": "2",
        **{text: str(number) for number, text in enumerate(STATEMENTS[1:], start=3)},
    }
    page_numbers, outcomes_scene, vote_scene, console = _all_numberings(qtbot, page, commander, commission_id)
    assert page_numbers == expected
    assert outcomes_scene == expected
    assert vote_scene == expected
    assert console == expected
