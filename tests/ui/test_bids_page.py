"""The Bids & interviews page: bids, shortlist, panel, questions, conflicts, scoring, moderation, totals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from control_names import unnamed_controls
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLineEdit, QMessageBox, QWidget

from cocommission.model.base import today
from cocommission.services import (
    bids,
    commissions,
    conflicts,
    interview_questions,
    moderation,
    panellists,
    participants,
    scores,
    tender,
)
from cocommission.services.perform import perform
from cocommission.ui.pages.bids_page import BidsPage
from cocommission.ui.pages.moderation_panel import (
    COL_AGREED,
    COL_MEAN,
    COL_MEAN_BEFORE,
    COL_REASON,
    COL_SPREAD,
)
from cocommission.ui.pages.ranking_panel import COL_INDIVIDUAL_TOTAL, COL_PLACE, COL_TOTAL

LOCKED_TIP = "Declared a conflict of interest"

# The offscreen platform cannot raise windows or grab the keyboard; it says so, and that is no fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@dataclass(frozen=True)
class Setup:
    """A commission with two shortlisted bids, one longlisted, two criteria (60/40) and a panel of three."""

    commission_id: str
    hub: str
    sport: str
    late: str
    led: str
    value: str
    ash: str
    bo: str
    cy: str
    dee: str


def _build(session) -> Setup:
    commission = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000)
    cid = commission.id
    led, value = (
        row.id
        for row in tender.set_criteria(
            session,
            commission_id=cid,
            criteria=[("Led by young people", "", 60), ("Value for money", "", 40)],
        )
    )
    ids = {}
    for name in ("Ash", "Bo", "Cy", "Dee"):
        ids[name] = participants.add_participant(
            session,
            commission_id=cid,
            pseudonym=name,
            full_name=f"{name} Private",
            consent_on=date(2026, 1, 5),
        ).id
    for name in ("Ash", "Bo", "Cy"):
        panellists.set_panellist(session, participant_id=ids[name], is_panellist=True)
    made = {}
    for bidder, title, pounds in (
        ("Hub Collective", "Youth Hub", 15_000),
        ("Active Estates", "Street Sport", 18_000),
        ("Late Ltd", "Late bid", 9_000),
    ):
        made[title] = bids.add_bid_with_bidder(
            session, commission_id=cid, bidder_name=bidder, title=title, amount_minor=pounds * 100
        ).id
    for title in ("Youth Hub", "Street Sport"):
        bids.set_shortlisted(session, bid_id=made[title], shortlisted=True)
    return Setup(
        cid,
        made["Youth Hub"],
        made["Street Sport"],
        made["Late bid"],
        led,
        value,
        ids["Ash"],
        ids["Bo"],
        ids["Cy"],
        ids["Dee"],
    )


@pytest.fixture
def setup(database) -> Setup:
    return perform(database, _build).result


@pytest.fixture
def page(show_page, commander, setup) -> BidsPage:
    return show_page(BidsPage(commander), setup.commission_id)


def _read(commander, query, **arguments):
    return commander.read(query, **arguments)


def _texts(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _row_of(model, column: int, text: str) -> int:
    return _texts(model, column).index(text)


def _score(commander, setup, panellist, bid, criterion, value) -> None:
    assert (
        commander.run(
            scores.record_score, bid_id=bid, criterion_id=criterion, panellist_id=panellist, value=value
        )
        is not None
    )


def _grid_cell(page, bid_title: str, criterion_column: int):
    model = page.scoring_panel.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.headerData(r, Qt.Orientation.Vertical).startswith(bid_title)
    )
    return model.index(row, criterion_column)


def _type_score(qtbot, page, index, text: str) -> None:
    table = page.scoring_panel.table
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, text)
    editor = table.indexWidget(index)
    assert editor is not None, "typing on a cell opens the score editor"
    qtbot.keyClick(editor.focusProxy() or editor, Qt.Key.Key_Return)
    # The view commits an editor's value on its next turn of the event loop.
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


def _choose(qtbot, combo: QComboBox, text: str) -> None:
    # Keys typed close together search as one word: start a new search, as a pause before typing would.
    combo.view().keyboardSearch("")
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text)


# --------------------------------------------------------------------------- conflicts and the grid


def test_declared_conflict_locks_that_bids_cells(qtbot, page, commander, setup):
    """A declared conflict is listed and locks that bid's cells in the grid: greyed, marked, not editable."""
    page.tabs.setCurrentWidget(page.conflicts_panel)
    panel = page.conflicts_panel
    _choose(qtbot, panel.panellist, "Bo")
    _choose(qtbot, panel.bid, "Youth Hub")
    qtbot.keyClicks(panel.nature, "My cousin runs the youth hub")
    qtbot.keyClick(panel.nature, Qt.Key.Key_Return)

    assert _texts(panel.model, 0) == ["Bo"]
    assert _texts(panel.model, 1) == ["Youth Hub"]
    assert _texts(panel.model, 2) == ["My cousin runs the youth hub"]
    assert _read(commander, conflicts.is_conflicted, bid_id=setup.hub, panellist_id=setup.bo)

    page.tabs.setCurrentWidget(page.scoring_panel)
    _choose(qtbot, page.scoring_panel.panellist, "Bo")
    for column in (0, 1):
        locked = _grid_cell(page, "Youth Hub", column)
        assert not locked.flags() & Qt.ItemFlag.ItemIsEditable
        assert locked.data(Qt.ItemDataRole.ToolTipRole) == LOCKED_TIP
        assert locked.data() == "Conflict"
        assert locked.data(Qt.ItemDataRole.BackgroundRole) is not None
        open_cell = _grid_cell(page, "Street Sport", column)
        assert open_cell.flags() & Qt.ItemFlag.ItemIsEditable
        assert open_cell.data(Qt.ItemDataRole.ToolTipRole) != LOCKED_TIP
    # Typing on a locked cell opens nothing and records nothing.
    page.scoring_panel.table.setCurrentIndex(_grid_cell(page, "Youth Hub", 0))
    qtbot.keyClicks(page.scoring_panel.table, "4")
    assert page.scoring_panel.table.indexWidget(_grid_cell(page, "Youth Hub", 0)) is None
    grid = _read(commander, scores.scoring_grid, commission_id=setup.commission_id)
    assert all(cell.value is None for cell in grid if cell.panellist_id == setup.bo)
    # Ash has no conflict: the same cells are open in Ash's grid.
    _choose(qtbot, page.scoring_panel.panellist, "Ash")
    assert _grid_cell(page, "Youth Hub", 0).flags() & Qt.ItemFlag.ItemIsEditable


def test_withdrawing_a_conflict_unlocks_the_cells(qtbot, page, commander, setup):
    """Withdrawing a declared conflict removes it from the list and opens the grid cells again."""
    commander.run(
        conflicts.declare_conflict, bid_id=setup.sport, panellist_id=setup.cy, nature="Plays for their team"
    )
    panel = page.conflicts_panel
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 0
    assert not _read(commander, conflicts.is_conflicted, bid_id=setup.sport, panellist_id=setup.cy)
    page.scoring_panel.select_panellist(setup.cy)
    assert _grid_cell(page, "Street Sport", 0).flags() & Qt.ItemFlag.ItemIsEditable


def test_declaring_after_scoring_asks_first_and_withdraws_the_scores(
    qtbot, page, commander, setup, monkeypatch
):
    """A panellist who already scored the bid is warned; on yes the conflict is declared and the scores go."""
    _score(commander, setup, setup.ash, setup.hub, setup.led, 4)
    asked: list[str] = []

    def answer_yes(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer_yes)
    panel = page.conflicts_panel
    _choose(qtbot, panel.panellist, "Ash")
    _choose(qtbot, panel.bid, "Youth Hub")
    qtbot.keyClicks(panel.nature, "Volunteers there")
    qtbot.mouseClick(panel.declare_button, Qt.MouseButton.LeftButton)
    assert asked and "1 score to this bid" in asked[0]
    grid = _read(commander, scores.scoring_grid, commission_id=setup.commission_id)
    assert [c.value for c in grid if (c.panellist_id, c.bid_id) == (setup.ash, setup.hub)] == [None, None]


# --------------------------------------------------------------------------- scoring and totals


def test_typing_scores_updates_the_totals_and_undo_reverses_each_cell(qtbot, page, commander, setup):
    """Scores typed into a panellist's grid are saved, totals follow, and Ctrl+Z undoes one cell at a time."""
    page.tabs.setCurrentWidget(page.scoring_panel)
    _choose(qtbot, page.scoring_panel.panellist, "Ash")
    _type_score(qtbot, page, _grid_cell(page, "Youth Hub", 0), "4")
    _type_score(qtbot, page, _grid_cell(page, "Youth Hub", 1), "5")
    _type_score(qtbot, page, _grid_cell(page, "Street Sport", 0), "2")

    assert _grid_cell(page, "Youth Hub", 0).data() == "4"
    assert _grid_cell(page, "Youth Hub", 1).data() == "5"
    assert page.scoring_panel.progress.text() == "Ash has scored 3 of 4 cells."
    grid = _read(commander, scores.scoring_grid, commission_id=setup.commission_id)
    mine = {(c.bid_id, c.criterion_id): c.value for c in grid if c.panellist_id == setup.ash}
    assert mine == {
        (setup.hub, setup.led): 4,
        (setup.hub, setup.value): 5,
        (setup.sport, setup.led): 2,
        (setup.sport, setup.value): None,
    }

    ranking = page.moderation_panel.ranking.model
    # Youth Hub: 4/5 × 60 + 5/5 × 40 = 88; Street Sport: 2/5 × 60 = 24.
    assert _texts(ranking, 1) == ["Youth Hub", "Street Sport"]
    assert _texts(ranking, COL_TOTAL) == ["88", "24"]
    assert _texts(ranking, COL_PLACE) == ["1st", "2nd"]
    assert "Total: 88 out of 100." in page.moderation_panel.ranking.explanation.toPlainText()

    # Changing a score and undoing it puts the old score back; undoing a first score clears the cell.
    _type_score(qtbot, page, _grid_cell(page, "Youth Hub", 0), "1")
    assert _texts(ranking, COL_TOTAL) == ["52", "24"]
    commander.undo_stack.undo()
    assert _grid_cell(page, "Youth Hub", 0).data() == "4"
    commander.undo_stack.undo()
    assert _grid_cell(page, "Street Sport", 0).data() == ""
    grid = _read(commander, scores.scoring_grid, commission_id=setup.commission_id)
    assert {(c.bid_id, c.criterion_id): c.value for c in grid if c.panellist_id == setup.ash}[
        (setup.sport, setup.led)
    ] is None
    assert _texts(ranking, COL_TOTAL) == ["88", "0"]


def test_delete_clears_a_score_and_undo_brings_it_back(qtbot, page, commander, setup):
    """Delete on a scored cell clears it in the database; Ctrl+Z restores the same value."""
    _score(commander, setup, setup.cy, setup.sport, setup.value, 3)
    page.tabs.setCurrentWidget(page.scoring_panel)
    _choose(qtbot, page.scoring_panel.panellist, "Cy")
    cell = _grid_cell(page, "Street Sport", 1)
    page.scoring_panel.table.setFocus()
    page.scoring_panel.table.setCurrentIndex(cell)
    qtbot.keyClick(page.scoring_panel.table, Qt.Key.Key_Delete)
    assert _grid_cell(page, "Street Sport", 1).data() == ""
    grid = _read(commander, scores.scoring_grid, commission_id=setup.commission_id)
    assert all(c.value is None for c in grid if c.panellist_id == setup.cy)
    commander.undo_stack.undo()
    assert _grid_cell(page, "Street Sport", 1).data() == "3"


def test_tied_bids_share_a_place_shown_with_an_equals_sign(qtbot, page, commander, setup):
    """Two bids with the same weighted total are both shown as =1st, never split."""
    for bid in (setup.hub, setup.sport):
        _score(commander, setup, setup.ash, bid, setup.led, 3)
        _score(commander, setup, setup.ash, bid, setup.value, 4)
    ranking = page.moderation_panel.ranking.model
    assert _texts(ranking, COL_PLACE) == ["=1st", "=1st"]
    assert _texts(ranking, COL_TOTAL) == ["68", "68"]


def test_totals_table_never_says_who_gave_which_score(qtbot, page, commander, setup):
    """The moderation and ranking tables show means and totals, not panellists' names."""
    _score(commander, setup, setup.ash, setup.hub, setup.led, 1)
    _score(commander, setup, setup.bo, setup.hub, setup.led, 5)
    for model in (page.moderation_panel.model, page.moderation_panel.ranking.model):
        shown = [
            str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())
        ] + [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        assert not any(name in text for text in shown for name in ("Ash", "Bo"))


# --------------------------------------------------------------------------- moderation


def test_moderating_keeps_the_mean_and_the_reason(qtbot, page, commander, setup, problems):
    """A wide spread is flagged; the agreed score needs a reason, and the original mean is kept beside it."""
    _score(commander, setup, setup.ash, setup.hub, setup.led, 1)
    _score(commander, setup, setup.bo, setup.hub, setup.led, 5)
    page.tabs.setCurrentWidget(page.moderation_panel)
    panel = page.moderation_panel
    row = next(
        r
        for r in range(panel.model.rowCount())
        if (panel.model.index(r, 0).data(), panel.model.index(r, 1).data())
        == ("Youth Hub", "Led by young people")
    )
    spread = panel.model.index(row, COL_SPREAD)
    assert spread.data() == "4 !"
    assert spread.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#ffd27f"
    assert "disagree widely" in spread.data(Qt.ItemDataRole.ToolTipRole)
    assert panel.model.index(row, COL_MEAN).data() == "3"

    panel.table.selectRow(row)
    qtbot.mouseClick(panel.moderate_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.value.selectAll()
    qtbot.keyClicks(dialog.value, "4")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # No reason: the form stays open, says why, and nothing is saved.
    assert dialog.isVisible()
    assert dialog.message.text() == "Give the reason the panel agreed this score."
    assert problems == []  # the form says it; the window behind it does not
    assert _read(commander, moderation.list_moderated_scores, commission_id=setup.commission_id) == ()

    qtbot.keyClicks(dialog.reason, "The plan lets young people lead half the sessions")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert panel.model.index(row, COL_AGREED).data() == "4"
    assert panel.model.index(row, COL_MEAN_BEFORE).data() == "3"
    assert panel.model.index(row, COL_MEAN).data() == "3"
    assert panel.model.index(row, COL_REASON).data() == "The plan lets young people lead half the sessions"
    (moderated,) = _read(commander, moderation.list_moderated_scores, commission_id=setup.commission_id)
    assert (moderated.value, moderated.mean_before, moderated.reason) == (
        4,
        3.0,
        "The plan lets young people lead half the sessions",
    )
    grid = _read(commander, scores.scoring_grid, commission_id=setup.commission_id)
    assert sorted(c.value for c in grid if c.value is not None) == [1, 5]
    ranking = panel.ranking.model
    hub = _row_of(ranking, 1, "Youth Hub")
    # Agreed 4/5 × 60 = 48; on individual scores only, the mean 3/5 × 60 = 36.
    assert ranking.index(hub, COL_TOTAL).data() == "48"
    assert ranking.index(hub, COL_INDIVIDUAL_TOTAL).data() == "36"

    commander.undo_stack.undo()
    assert panel.model.index(row, COL_AGREED).data() == ""
    assert _read(commander, moderation.list_moderated_scores, commission_id=setup.commission_id) == ()


def test_clearing_an_agreed_score_goes_back_to_the_mean(qtbot, page, commander, setup):
    """Clear agreed score removes the moderated value; the total uses the mean again."""
    _score(commander, setup, setup.ash, setup.sport, setup.value, 2)
    commander.run(
        moderation.moderate_score, bid_id=setup.sport, criterion_id=setup.value, value=5, reason="Good value"
    )
    panel = page.moderation_panel
    row = next(r for r in range(panel.model.rowCount()) if panel.model.index(r, COL_AGREED).data() == "5")
    panel.table.selectRow(row)
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert _read(commander, moderation.list_moderated_scores, commission_id=setup.commission_id) == ()
    sport = _row_of(panel.ranking.model, 1, "Street Sport")
    assert panel.ranking.model.index(sport, COL_TOTAL).data() == "16"


# --------------------------------------------------------------------------- bids


def test_adding_a_bid_from_a_new_bidder_and_shortlisting_it(qtbot, page, commander, setup, problems):
    """The Add bid form adds a bidder and bid with a typed amount; its Shortlisted box saves the shortlist."""
    panel = page.bids_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.bidder, "Southside Youth Collective")
    qtbot.keyClicks(dialog.organisation_type, "Youth-led group")
    qtbot.keyClicks(dialog.title, "Southside Stars")
    qtbot.keyClicks(dialog.summary, "A talent show run by local youth")
    qtbot.keyClicks(dialog.amount, "19,500.5O")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "not an amount of money" in dialog.message.text() and problems == []
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "£19,500.50")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    row = _row_of(panel.proxy, 1, "Southside Stars")
    assert panel.proxy.index(row, 0).data() == "Southside Youth Collective"
    assert panel.proxy.index(row, 2).data() == "£19,500.50"
    made = next(
        b
        for b in _read(commander, bids.list_bids, commission_id=setup.commission_id)
        if b.title == "Southside Stars"
    )
    assert (made.amount_minor, made.summary, made.shortlisted) == (
        1_950_050,
        "A talent show run by local youth",
        False,
    )

    shortlisted = panel.proxy.index(row, 3)
    panel.table.setFocus()
    panel.table.setCurrentIndex(shortlisted)
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert (
        panel.proxy.index(_row_of(panel.proxy, 1, "Southside Stars"), 3).data(Qt.ItemDataRole.CheckStateRole)
        == Qt.CheckState.Checked
    )
    shortlist = _read(commander, bids.list_bids, commission_id=setup.commission_id, shortlisted_only=True)
    assert "Southside Stars" in [b.title for b in shortlist]
    # The new shortlisted bid now has its own row in the scoring grid.
    assert any(
        page.scoring_panel.model.headerData(r, Qt.Orientation.Vertical).startswith("Southside Stars")
        for r in range(page.scoring_panel.model.rowCount())
    )


def test_changing_a_bid_amount_in_place(qtbot, page, commander, setup, problems):
    """An amount typed in the table is saved; one that is not money is refused in the banner."""
    panel = page.bids_panel
    row = _row_of(panel.proxy, 1, "Late bid")
    index = panel.proxy.index(row, 2)
    panel.table.setFocus()
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "8,250")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.indexWidget(index) is None)
    assert panel.proxy.index(_row_of(panel.proxy, 1, "Late bid"), 2).data() == "£8,250.00"
    late = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.late
    )
    assert late.amount_minor == 825_000

    panel.table.setCurrentIndex(panel.proxy.index(_row_of(panel.proxy, 1, "Late bid"), 2))
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(panel.table.currentIndex())
    editor.selectAll()
    qtbot.keyClicks(editor, "lots")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.indexWidget(panel.table.currentIndex()) is None)
    assert problems and "not an amount of money" in problems[-1]
    commander.undo_stack.undo()
    late = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.late
    )
    assert late.amount_minor == 900_000


def test_changing_a_bid_through_its_form(qtbot, page, commander, setup):
    """Change bid… corrects the bidder's name and the bid's words and amount; Ctrl+Z undoes the bid part."""
    panel = page.bids_panel
    panel.select_bid(setup.sport)
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert (dialog.title.text(), dialog.amount.text(), dialog.bidder.currentText()) == (
        "Street Sport",
        "£18,000.00",
        "Active Estates",
    )
    dialog.bidder.lineEdit().selectAll()
    qtbot.keyClicks(dialog.bidder.lineEdit(), "Active Estates Trust")
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Friday Night Street Sport")
    qtbot.keyClicks(dialog.summary, "Weekly football on the estate")
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "17500")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    sport = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.sport
    )
    assert (sport.bidder_name, sport.title, sport.summary, sport.amount_minor) == (
        "Active Estates Trust",
        "Friday Night Street Sport",
        "Weekly football on the estate",
        1_750_000,
    )
    row = _row_of(panel.proxy, 1, "Friday Night Street Sport")
    assert panel.proxy.index(row, 0).data() == "Active Estates Trust"
    assert panel.proxy.index(row, 2).data() == "£17,500.00"
    commander.undo_stack.undo()
    sport = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.sport
    )
    assert (sport.title, sport.amount_minor, sport.bidder_name) == (
        "Street Sport",
        1_800_000,
        "Active Estates Trust",
    )


def test_interview_date_is_typed_in_place(qtbot, page, commander, setup):
    """The Interviewed cell takes a date, and the earliest date ("Not interviewed") clears it."""
    panel = page.bids_panel
    index = panel.proxy.index(_row_of(panel.proxy, 1, "Youth Hub"), 4)
    panel.table.setFocus()
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(index)
    assert isinstance(editor, QDateEdit)
    editor.setDate(QDate(2026, 3, 28))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.indexWidget(index) is None)
    hub = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.hub
    )
    assert hub.interviewed_on == date(2026, 3, 28)
    assert panel.proxy.index(_row_of(panel.proxy, 1, "Youth Hub"), 4).data() == "28 Mar 2026"

    index = panel.proxy.index(_row_of(panel.proxy, 1, "Youth Hub"), 4)
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(index)
    editor.setDate(editor.minimumDate())
    assert editor.text() == "Not interviewed"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.indexWidget(index) is None)
    hub = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.hub
    )
    assert hub.interviewed_on is None


def test_interviewed_today_records_the_date(qtbot, page, commander, setup):
    """Interviewed today saves today's date for a shortlisted bid and shows it in the table."""
    panel = page.bids_panel
    panel.select_bid(setup.hub)
    qtbot.mouseClick(panel.today_button, Qt.MouseButton.LeftButton)
    hub = next(
        b for b in _read(commander, bids.list_bids, commission_id=setup.commission_id) if b.id == setup.hub
    )
    assert hub.interviewed_on == today()
    assert panel.proxy.index(_row_of(panel.proxy, 1, "Youth Hub"), 4).data() != ""
    panel.select_bid(setup.late)
    assert not panel.today_button.isEnabled()


# --------------------------------------------------------------------------- panel and questions


def test_ticking_a_participant_puts_them_on_the_panel(qtbot, page, commander, setup):
    """The panel check list shows pseudonyms only, and ticking one joins the interview panel."""
    panel = page.panel_panel
    assert _texts(panel.model, 1) == ["Ash", "Bo", "Cy", "Dee"]
    shown = [str(panel.model.index(r, c).data()) for r in range(4) for c in range(3)]
    assert not any("Private" in text for text in shown)
    row = _row_of(panel.model, 1, "Dee")
    panel.table.setFocus()
    panel.table.setCurrentIndex(panel.model.index(row, 0))
    qtbot.keyClick(panel.table, Qt.Key.Key_Space)
    assert [
        p.pseudonym for p in _read(commander, panellists.list_panellists, commission_id=setup.commission_id)
    ] == ["Ash", "Bo", "Cy", "Dee"]
    assert panel.model.index(row, 0).data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert page.conflicts_panel.panellist.findText("Dee") >= 0


def test_people_who_left_keep_their_panel_row_and_say_so(qtbot, page, commander, setup):
    """A withdrawn panellist stays listed, noted, so they can be taken off; a scorer off the panel is named so."""
    _score(commander, setup, setup.cy, setup.hub, setup.led, 2)
    commander.run(participants.withdraw_participant, participant_id=setup.bo)
    commander.run(panellists.set_panellist, participant_id=setup.cy, is_panellist=False)
    notes = dict(zip(_texts(page.panel_panel.model, 1), _texts(page.panel_panel.model, 2), strict=True))
    assert notes == {"Ash": "", "Bo": "Withdrawn", "Cy": "", "Dee": ""}
    scorers = page.scoring_panel.panellist
    assert [scorers.itemText(i) for i in range(scorers.count())] == ["Ash", "Bo", "Cy (left the panel)"]


def test_questions_are_added_with_enter_moved_and_removed(qtbot, page, commander, setup, monkeypatch):
    """A question typed and entered is added with its asker and criterion; it can move up and be removed."""
    panel = page.questions_panel
    page.tabs.setCurrentWidget(panel)
    _choose(qtbot, panel.new_asker, "Bo")
    _choose(qtbot, panel.new_criterion, "Value")
    qtbot.keyClicks(panel.new_text, "How much reaches young people?")
    qtbot.keyClick(panel.new_text, Qt.Key.Key_Return)
    _choose(qtbot, panel.new_asker, "Cy")
    _choose(qtbot, panel.new_criterion, "Led")
    qtbot.keyClicks(panel.new_text, "Who leads the sessions?")
    qtbot.keyClick(panel.new_text, Qt.Key.Key_Return)
    assert panel.new_text.text() == ""
    assert _texts(panel.model, 1) == ["How much reaches young people?", "Who leads the sessions?"]
    assert _texts(panel.model, 2) == ["Bo", "Cy"]
    assert _texts(panel.model, 3) == ["Value for money", "Led by young people"]

    panel.select_item(_read(commander, interview_questions.list_questions, commission_id=setup.commission_id)[1].id)
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    questions = _read(commander, interview_questions.list_questions, commission_id=setup.commission_id)
    assert [(q.position, q.text, q.asked_by_pseudonym) for q in questions] == [
        (1, "Who leads the sessions?", "Cy"),
        (2, "How much reaches young people?", "Bo"),
    ]
    assert _texts(panel.model, 1)[0] == "Who leads the sessions?"
    commander.undo_stack.undo()
    assert _texts(panel.model, 1)[0] == "How much reaches young people?"

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    panel.select_item(questions[0].id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [q.text for q in _read(commander, interview_questions.list_questions, commission_id=setup.commission_id)] == [
        "How much reaches young people?"
    ]


def test_question_asker_is_changed_in_place(qtbot, page, commander, setup):
    """Picking another person in the Asked by cell saves it, and Ctrl+Z puts the first asker back."""
    made = commander.run(
        interview_questions.add_question, commission_id=setup.commission_id, text="Why you?", asked_by_id=setup.ash
    )
    panel = page.questions_panel
    index = panel.model.index(0, 2)
    panel.table.setFocus()
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(index)
    assert isinstance(editor, QComboBox)
    editor.setCurrentIndex(editor.findText("Dee"))
    editor.activated.emit(editor.currentIndex())
    assert (
        _read(commander, interview_questions.list_questions, commission_id=setup.commission_id)[0].asked_by_id == setup.dee
    )
    assert panel.model.index(0, 2).data() == "Dee"
    commander.undo_stack.undo()
    assert (
        _read(commander, interview_questions.list_questions, commission_id=setup.commission_id)[0].asked_by_id
        == made.asked_by_id
    )


# --------------------------------------------------------------------------- models and accessibility


def test_every_model_on_the_page_passes_the_model_tester(qtbot, qtmodeltester, page, commander, setup):
    """Each Qt model on the bids page behaves as Qt expects, filled with real data."""
    _score(commander, setup, setup.ash, setup.hub, setup.led, 2)
    commander.run(conflicts.declare_conflict, bid_id=setup.sport, panellist_id=setup.bo, nature="Family")
    commander.run(
        interview_questions.add_question, commission_id=setup.commission_id, text="Why you?", asked_by_id=setup.ash
    )
    commander.run(moderation.moderate_score, bid_id=setup.hub, criterion_id=setup.led, value=3, reason="Agreed")
    page.scoring_panel.select_panellist(setup.bo)
    for model in (
        page.bids_panel.model,
        page.bids_panel.proxy,
        page.panel_panel.model,
        page.questions_panel.model,
        page.conflicts_panel.model,
        page.scoring_panel.model,
        page.moderation_panel.model,
        page.moderation_panel.ranking.model,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_a_control_without_a_name_is_found(qtbot):
    """The name check itself reports a field with no label and no accessible name."""
    form = QWidget()
    qtbot.addWidget(form)
    QLineEdit(form).setObjectName("nameless")
    assert unnamed_controls(form) == ["QLineEdit 'nameless'"]


def test_every_control_has_a_name_a_screen_reader_can_read(qtbot, page):
    """Every button, field, list and table on the page and in its forms has visible text or a name."""
    assert unnamed_controls(page) == []
    qtbot.mouseClick(page.bids_panel.add_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(page.bids_panel.dialog) == []
    page.bids_panel.dialog.reject()


def test_page_fits_a_small_laptop_screen(qtbot, page):
    """The page asks for no more room than a 1366×768 screen leaves it."""
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - 200 and hint.height() <= 768 - 150
