"""Typing numbers: what is not a number on a field's scale is refused with one message, changing nothing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

import cocommission.ui
from cocommission.model import Role
from cocommission.services import (
    bids,
    commissions,
    panellists,
    participants,
    scores,
    tender,
    voting,
    workshops,
)
from cocommission.services.perform import perform
from cocommission.ui.number_input import read_number
from cocommission.ui.pages import workshops_panel
from cocommission.ui.pages.bids_page import BidsPage
from cocommission.ui.pages.people_page import PeoplePage
from cocommission.ui.pages.priorities_page import TAB_PAPER, PrioritiesPage
from cocommission.ui.pages.tender_page import TenderPage
from cocommission.ui.workshop_dialog import WorkshopDialog

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
    ash = participants.add_participant(
        session, commission_id=commission.id, pseudonym="Ash", consent_on=date(2026, 1, 5)
    )
    panellists.set_panellist(session, participant_id=ash.id, is_panellist=True)
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
    grid = commander.read(scores.scoring_grid, commission_id=ids["commission"])
    mine = (ids["panellist"], ids["bid"])
    return next(row.value for row in grid if (row.panellist_id, row.bid_id) == mine)


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
def test_a_score_off_the_scale_is_refused_and_the_cell_stays_empty(
    qtbot, scoring, commander, problems, typed
):
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


# --------------------------------------------------------------------------- other numeric fields


@pytest.fixture
def people_page(show_page, commander, database):
    def build(session) -> dict[str, str]:
        cid = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000).id
        workshop = workshops.add_workshop(session, commission_id=cid, title="First meeting", minutes=90).id
        return {"commission": cid, "workshop": workshop}

    ids = perform(database, build).result
    page = show_page(PeoplePage(commander), ids["commission"], size=(1180, 620))
    page.tabs.setCurrentWidget(page.workshops_panel)
    return page, ids


def test_a_workshop_length_with_a_letter_is_refused_in_its_cell(qtbot, people_page, commander, problems):
    """ "12O" typed over a 90-minute workshop's length is refused; the length stays 90 minutes."""
    page, ids = people_page
    panel = page.workshops_panel
    _type_in_cell(qtbot, panel.table, panel.model.index(0, workshops_panel.COL_LENGTH), "12O")
    assert commander.read(workshops.get_workshop, workshop_id=ids["workshop"]).minutes == 90
    assert len(problems) == 1 and '"12O"' in problems[0] and "Workshop length" in problems[0]


def test_an_agenda_item_with_a_letter_in_its_length_is_not_added(qtbot, people_page, commander, problems):
    """ "1O" minutes for a new agenda item is refused and nothing is added; the typed title stays."""
    page, ids = people_page
    agenda = page.workshops_panel.agenda
    agenda.new_minutes.setFocus()
    agenda.new_minutes.selectAll()
    qtbot.keyClicks(agenda.new_minutes, "1O")
    qtbot.keyClicks(agenda.new_text, "Welcome")
    qtbot.keyClick(agenda.new_text, Qt.Key.Key_Return)
    assert commander.read(workshops.get_workshop, workshop_id=ids["workshop"]).agenda == ()
    assert len(problems) == 1 and '"1O"' in problems[0] and "Length" in problems[0]
    assert agenda.new_text.text() == "Welcome"


def test_the_workshop_form_refuses_a_length_that_is_not_a_number(qtbot, problems):
    """The workshop form says the length is not a number and stays open, rather than saving the old length."""
    dialog = WorkshopDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.title, "Planning day")
    dialog.minutes.setFocus()
    dialog.minutes.selectAll()
    qtbot.keyClicks(dialog.minutes, "9O")
    with qtbot.assertNotEmitted(dialog.submitted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.isVisible() and '"9O"' in dialog.message.text()
    assert dialog.minutes.text().startswith("9O")


@pytest.fixture
def priorities(show_page, commander):
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    for name in ("Blaze", "Kiki"):
        commander.run(participants.add_participant, commission_id=cid, pseudonym=name, role=Role.YOUNG_PERSON)
    made = commander.run(
        voting.create_round, commission_id=cid, title="Which matters most?", method="dots", options=("A", "B")
    )
    page = show_page(PrioritiesPage(commander), cid, size=(1150, 700))
    page.activateWindow()
    page.rounds = commander.read(voting.list_rounds, commission_id=cid)
    page.select_round(made.id)
    return page, made


def test_a_round_rule_with_a_letter_is_refused_and_put_back(qtbot, priorities, commander, problems):
    """ "1O" dots per person is refused with a message; the rule stays 5 and the box shows 5 again."""
    page, made = priorities
    spin = page.setup_panel.rules.dots_per_person
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "1O")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert commander.read(voting.get_round, round_id=made.id).dots_per_person == 5
    assert len(problems) == 1 and '"1O"' in problems[0] and "Dots per person" in problems[0]
    assert read_number(spin) == 5


def test_paper_dots_with_a_letter_are_refused_and_nothing_is_added(qtbot, priorities, commander, problems):
    """A paper sheet with "1O" dots on an option is refused whole: no dots added, the boxes keep the sheet."""
    page, made = priorities
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentIndex(TAB_PAPER)
    paper = page.paper_panel
    first, second = (paper.spins[option.id] for option in made.options)
    for spin, typed in ((first, "4"), (second, "1O")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, typed)
    qtbot.mouseClick(paper.record_button, Qt.MouseButton.LeftButton)
    assert commander.read(voting.list_paper_tallies, round_id=made.id) == ()
    assert len(problems) == 1 and '"1O"' in problems[0]
    assert second.text().startswith("1O") and first.value() == 4


def test_no_numeric_field_is_a_plain_spin_box_or_reads_money_by_itself():
    """Every number box in the app is a NumberBox, and money is read only through the shared helper."""
    ui = Path(cocommission.ui.__file__).parent
    helper = ui / "number_input.py"
    offenders = [
        f"{path.relative_to(ui)}:{number}: {line.strip()}"
        for path in sorted(ui.rglob("*.py"))
        if path != helper
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bQ(Double)?SpinBox\(|\bparse_money\(", line)
    ]
    assert offenders == []


def test_a_scale_end_with_a_letter_is_refused_and_put_back(qtbot, criteria, commander, problems):
    """ "1O" as the top of the scoring scale is refused with a message; the scale stays 0 to 5 and shows it."""
    page, commission_id = criteria
    scale = page.details.scale
    scale.setFocus()
    scale.selectAll()
    qtbot.keyClicks(scale, "1O")
    qtbot.keyClick(scale, Qt.Key.Key_Return)
    assert commander.read(tender.get_tender, commission_id=commission_id).scoring_scale_max == 5
    assert len(problems) == 1 and '"1O"' in problems[0]
    assert scale.text() == "0 to 5"
