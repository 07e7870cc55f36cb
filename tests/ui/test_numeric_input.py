"""Typing numbers: what is not a number on the field's scale is refused with one message and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from cocommission.services import bids, commissions, people, tender
from cocommission.services.perform import perform
from cocommission.ui.pages.bids_page import BidsPage
from cocommission.ui.pages.tender_page import TenderPage

# The offscreen platform cannot raise windows or grab the keyboard, nor pass size hints; not our fault.
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


def _scoring_commission(session) -> dict[str, str]:
    """One shortlisted bid, one criterion scored 0 to 5 and one panellist."""
    commission = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000)
    (criterion,) = tender.set_criteria(
        session, commission_id=commission.id, criteria=[("Led by young people", "", 100)]
    )
    ash = people.add_participant(
        session, commission_id=commission.id, pseudonym="Ash", consent_on=date(2026, 1, 5)
    )
    bids.set_panellist(session, participant_id=ash.id, is_panellist=True)
    bid = bids.add_bid_with_bidder(
        session,
        commission_id=commission.id,
        bidder_name="Hub Collective",
        title="Youth Hub",
        amount_minor=1_500_000,
    )
    bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
    return {"commission": commission.id, "criterion": criterion.id, "panellist": ash.id, "bid": bid.id}


def _stored_score(commander, ids) -> int | None:
    grid = commander.read(bids.scoring_grid, commission_id=ids["commission"])
    return next(row.value for row in grid if row.panellist_id == ids["panellist"] and row.bid_id == ids["bid"])


def _type_in_cell(qtbot, table, index, text: str) -> None:
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, text[0])
    editor = table.indexWidget(index)
    assert editor is not None, "typing on a cell opens its editor"
    # Once the editor is open the keys go to it, as they do for a person typing.
    qtbot.keyClicks(editor.focusProxy() or editor, text[1:])
    qtbot.keyClick(editor.focusProxy() or editor, Qt.Key.Key_Return)
    # The view commits an editor's value on its next turn of the event loop.
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


@pytest.fixture
def scoring(show_page, commander, database):
    ids = perform(database, _scoring_commission).result
    page = show_page(BidsPage(commander), ids["commission"])
    page.tabs.setCurrentWidget(page.scoring_panel)
    return page, ids


@pytest.mark.parametrize("typed", ["7", "x", "-1", "4.5"])
def test_a_score_off_the_scale_is_refused_and_the_cell_stays_empty(qtbot, scoring, commander, problems, typed):
    """Typing 7 (or a letter) on an empty 0-5 cell and pressing Enter saves nothing and says why."""
    page, ids = scoring
    panel = page.scoring_panel
    cell = panel.model.index(0, 0)
    _type_in_cell(qtbot, panel.table, cell, typed)
    assert _stored_score(commander, ids) is None
    assert cell.data() == ""
    assert len(problems) == 1
    assert f'"{typed}"' in problems[0] and "0 to 5" in problems[0]


def test_a_score_on_the_scale_is_saved_and_an_empty_editor_keeps_the_cell_empty(
    qtbot, scoring, commander, problems
):
    """4 is saved; opening an empty cell and pressing Enter leaves it empty rather than 0."""
    page, ids = scoring
    panel = page.scoring_panel
    cell = panel.model.index(0, 0)
    panel.table.setFocus()
    panel.table.setCurrentIndex(cell)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(cell)
    assert editor is not None
    qtbot.keyClick(editor.focusProxy() or editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.indexWidget(cell) is None)
    assert _stored_score(commander, ids) is None
    assert problems == []

    _type_in_cell(qtbot, panel.table, cell, "4")
    assert _stored_score(commander, ids) == 4
    assert problems == []


def test_a_wrong_score_leaves_an_earlier_score_as_it_was(qtbot, scoring, commander, problems):
    """Over a 3, typing 9 and Enter keeps the 3."""
    page, ids = scoring
    panel = page.scoring_panel
    cell = panel.model.index(0, 0)
    _type_in_cell(qtbot, panel.table, cell, "3")
    _type_in_cell(qtbot, panel.table, cell, "9")
    assert _stored_score(commander, ids) == 3
    assert cell.data() == "3"
    assert len(problems) == 1


# --------------------------------------------------------------------------- criteria weights


@pytest.fixture
def criteria(qtbot, commander, database):
    commission_id = commander.run(
        commissions.create_commission, title="Youth fund", budget_minor=2_000_000
    ).id
    commander.run(tender.create_tender, commission_id=commission_id)
    commander.run(tender.set_criteria, commission_id=commission_id, criteria=[("Value for money", "", 60)])
    page = TenderPage(commander)
    qtbot.addWidget(page)
    page.resize(1280, 700)
    page.set_commission(commission_id)
    page.show()
    qtbot.waitExposed(page)
    page.tabs.setCurrentWidget(page.criteria)
    return page, commission_id


def _weights(commander, commission_id) -> list[tuple[str, int]]:
    rows = commander.read(tender.list_criteria, commission_id=commission_id)
    return [(row.name, row.weight) for row in rows]


def test_a_weight_typed_with_a_letter_o_is_refused_in_the_table(qtbot, criteria, commander, problems):
    """ "2O" (letter O) typed over a weight of 60 is refused with a message; the weight stays 60."""
    page, commission_id = criteria
    panel = page.criteria
    _type_in_cell(qtbot, panel.view, panel.model.index(0, 2), "2O")
    assert _weights(commander, commission_id) == [("Value for money", 60)]
    assert panel.model.index(0, 2).data() == "60"
    assert len(problems) == 1 and '"2O"' in problems[0]
    assert panel.total.text() == "Weights add up to 60% — they must add up to 100%"


def test_a_new_criterion_with_a_letter_in_its_weight_is_not_added(qtbot, criteria, commander, problems):
    """ "2O" in the new criterion's weight box is refused when adding, keeping what was typed to correct."""
    page, commission_id = criteria
    panel = page.criteria
    qtbot.keyClicks(panel.new_name, "Young people help run it")
    panel.new_weight.setFocus()
    panel.new_weight.selectAll()
    qtbot.keyClicks(panel.new_weight, "2O")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert _weights(commander, commission_id) == [("Value for money", 60)]
    assert len(problems) == 1 and '"2O"' in problems[0]
    assert panel.new_weight.text().startswith("2O")
    assert panel.new_name.text() == "Young people help run it"

    panel.new_weight.selectAll()
    qtbot.keyClicks(panel.new_weight, "40")
    qtbot.keyClick(panel.new_name, Qt.Key.Key_Return)
    assert _weights(commander, commission_id) == [("Value for money", 60), ("Young people help run it", 40)]
