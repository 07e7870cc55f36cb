"""The Priorities page: drafting rounds, keying in ballots and paper tallies, revealing and counting."""

from __future__ import annotations

import pytest
from control_names import unnamed_controls
from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cocommission.model import Role, RoundState, Visibility
from cocommission.services import commissions, outcomes, participants, voting
from cocommission.ui.pages.ballot_entry_panel import ApprovalEntry, DotsEntry, RankingEntry, ScoreEntry
from cocommission.ui.pages.priorities_page import (
    COL_STATE,
    COL_TITLE,
    COL_VOTED,
    TAB_BALLOTS,
    TAB_PAPER,
    TAB_RESULTS,
    TAB_SETUP,
    PrioritiesPage,
)
from cocommission.ui.pages.results_panel import COL_OPTION, COL_PLACE, COL_SCORE
from cocommission.ui.round_dialog import RoundDialog

OPTIONS = ("Somewhere to go in the evenings", "Help into work", "Feeling safe on the estate")


@pytest.fixture
def group(commander) -> tuple[str, dict[str, str]]:
    """A commission with three young people who vote and a youth worker who does not."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    ids = {
        name: commander.run(
            participants.add_participant, commission_id=cid, pseudonym=name, role=Role.YOUNG_PERSON
        ).id
        for name in ("Blaze", "Kiki", "Zo")
    }
    commander.run(
        participants.add_participant, commission_id=cid, pseudonym="Sam (youth worker)", role=Role.FACILITATOR
    )
    return cid, ids


@pytest.fixture
def page(show_page, commander, group) -> PrioritiesPage:
    """The Priorities page showing the group's commission."""
    shown = show_page(PrioritiesPage(commander), group[0], size=(1150, 700))
    shown.activateWindow()
    return shown


@pytest.fixture
def yes_to_questions(monkeypatch):
    """Answer Yes to every confirmation the page asks."""
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)


def _round(commander, cid, method="dots", options=OPTIONS, **rules) -> voting.RoundRow:
    return commander.run(
        voting.create_round,
        commission_id=cid,
        title="Which matters most?",
        method=method,
        options=options,
        **rules,
    )


def _show(page: PrioritiesPage, round_id: str) -> None:
    page.rounds = page.commander.read(voting.list_rounds, commission_id=page.commission_id)
    page.select_round(round_id)


def _open_round(qtbot, page, commander, cid, method="dots", **rules) -> voting.RoundRow:
    made = _round(commander, cid, method, **rules)
    _show(page, made.id)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    return commander.read(voting.get_round, round_id=made.id)


def _cell(view, row: int, column: int) -> str:
    return view.model().index(row, column).data()


def _choose(page: PrioritiesPage, pseudonym: str) -> None:
    combo = page.ballot_panel.voter
    index = next(n for n in range(combo.count()) if combo.itemText(n).startswith(pseudonym))
    combo.setCurrentIndex(index)


def _place_dots(qtbot, entry: DotsEntry, dots: dict[str, int]) -> None:
    """Type dots into the spin boxes the way a facilitator does: select all, type the number."""
    for option_id, count in dots.items():
        spin = entry.spins[option_id]
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, str(count))


def _ids(row: voting.RoundRow) -> list[str]:
    return [option.id for option in row.options]


# --------------------------------------------------------------------------- drafting


def test_new_round_dialog_creates_a_dots_round_with_typed_options(qtbot, page, commander, group):
    """ "New round…" asks for the rules and options and saves the round, shown on its set-up tab."""
    cid, _ = group

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, RoundDialog)
        qtbot.keyClicks(dialog.rules.title, "What matters most to us?")
        dialog.rules.method.setCurrentIndex(dialog.rules.method.findData("dots"))
        dialog.rules.dots_per_person.setValue(4)
        dialog.rules.max_dots_per_option.setValue(2)
        dialog.rules.visibility.setCurrentIndex(dialog.rules.visibility.findData("hidden_until_reveal"))
        for line in OPTIONS:
            qtbot.keyClicks(dialog.options, line)
            qtbot.keyClick(dialog.options, Qt.Key.Key_Return)
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)

    saved = commander.read(voting.list_rounds, commission_id=cid)
    assert [(r.title, r.method.value, r.dots_per_person, r.max_dots_per_option) for r in saved] == [
        ("What matters most to us?", "dots", 4, 2)
    ]
    assert saved[0].visibility is Visibility.HIDDEN_UNTIL_REVEAL
    assert [option.label for option in saved[0].options] == list(OPTIONS)
    assert _cell(page.rounds_view, 0, COL_TITLE) == "What matters most to us?"
    assert _cell(page.rounds_view, 0, COL_STATE) == "Draft, hidden"
    assert page.tabs.currentIndex() == TAB_SETUP
    assert [page.setup_panel.options_model.index(n, 1).data() for n in range(3)] == list(OPTIONS)


def test_new_round_dialog_keeps_the_form_open_when_the_round_is_refused(qtbot, commander, group):
    """A round the services refuse (no title) is not created; the dialog says why and stays open."""
    cid, _ = group
    dialog = RoundDialog(commander, cid)
    qtbot.addWidget(dialog)
    for line in ("A", "B"):
        qtbot.keyClicks(dialog.options, line)
        qtbot.keyClick(dialog.options, Qt.Key.Key_Return)
    with qtbot.assertNotEmitted(commander.failed):  # said in the dialog, not on the window behind it
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert not dialog.problem.isHidden() and "needs a title" in dialog.problem.text()
    assert dialog.created is None
    assert commander.read(voting.list_rounds, commission_id=cid) == ()


def test_a_commission_without_rounds_says_how_to_start(page):
    """With no rounds yet, the page says to press "New round…" instead of showing an empty round."""
    assert page.rounds_model.rowCount() == 0
    assert page.right.currentWidget() is page.empty_note
    assert "New round…" in page.empty_note.text()


def test_new_round_dialog_can_take_the_outcome_statements_as_options(qtbot, commander, group):
    """Choosing "Use the outcome statements" makes each live statement an option, linked to it."""
    cid, _ = group
    statements = [
        commander.run(outcomes.add_outcome, commission_id=cid, text=text).id
        for text in ("Young people feel safe", "Somewhere to go")
    ]
    dialog = RoundDialog(commander, cid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.rules.title, "Rank the outcomes")
    dialog.rules.method.setCurrentIndex(dialog.rules.method.findData("ranking"))
    dialog.rules.method.activated.emit(dialog.rules.method.currentIndex())
    assert not dialog.rules.form.isRowVisible(dialog.rules.dots_per_person)
    assert dialog.rules.form.isRowVisible(dialog.rules.count_method)
    dialog.rules.count_method.setCurrentIndex(dialog.rules.count_method.findData("schulze"))
    dialog.from_outcomes.setFocus()
    qtbot.keyClick(dialog.from_outcomes, Qt.Key.Key_Space)
    assert dialog.from_outcomes.isChecked() and not dialog.options.isEnabled()
    qtbot.keyClick(dialog.rules.title, Qt.Key.Key_Return)
    assert dialog.result() == RoundDialog.DialogCode.Accepted
    made = commander.read(voting.get_round, round_id=dialog.created.id)
    assert (made.method.value, made.count_method.value) == ("ranking", "schulze")
    assert [option.outcome_id for option in made.options] == statements


def test_draft_rules_and_options_are_edited_in_place_and_undoable(qtbot, page, commander, group):
    """While a round is a draft, its rules and options change as they are edited; Ctrl+Z undoes a rule."""
    cid, _ = group
    made = _round(commander, cid, options=("Jobs",))
    _show(page, made.id)
    setup = page.setup_panel
    assert not page.open_button.isEnabled()
    assert "at least 2 options" in page.open_button.toolTip()

    spin = setup.rules.dots_per_person
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "7")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert commander.read(voting.get_round, round_id=made.id).dots_per_person == 7
    commander.undo_stack.undo()
    assert commander.read(voting.get_round, round_id=made.id).dots_per_person == 5
    assert setup.rules.dots_per_person.value() == 5

    qtbot.keyClicks(setup.new_option, "Music studio")
    qtbot.keyClick(setup.new_option, Qt.Key.Key_Return)
    assert setup.new_option.text() == ""
    model = setup.options_model
    assert model.setData(model.index(0, 1), "Jobs and training")
    setup.options_view.selectRow(1)
    assert model.index(1, 1).data() == "Music studio"
    qtbot.keyClicks(setup.new_option, "Football")
    qtbot.keyClick(setup.new_option, Qt.Key.Key_Return)
    setup.options_view.selectRow(2)
    qtbot.mouseClick(setup.remove_button, Qt.MouseButton.LeftButton)

    saved = commander.read(voting.get_round, round_id=made.id)
    assert [option.label for option in saved.options] == ["Jobs and training", "Music studio"]
    assert [model.index(n, 1).data() for n in range(model.rowCount())] == [
        "Jobs and training",
        "Music studio",
    ]
    assert page.open_button.isEnabled()


def test_a_refused_rule_is_put_back_and_shown_in_the_banner(qtbot, page, commander, group):
    """More dots on one option than a person has is refused, and the form goes back to the saved rule."""
    cid, _ = group
    made = _round(commander, cid)
    _show(page, made.id)
    spin = page.setup_panel.rules.max_dots_per_option
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "9")
    with qtbot.waitSignal(commander.failed) as refused:
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert "between 1 and the 5 dots" in refused.args[0]
    assert spin.value() == 3
    assert commander.read(voting.get_round, round_id=made.id).max_dots_per_option == 3


def test_state_buttons_follow_the_round_and_say_why_not(qtbot, page, commander, group, yes_to_questions):
    """Open, Close and Reveal are enabled only as the next step, with the reason in their tooltips."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid)
    assert row.state is RoundState.OPEN
    assert (page.open_button.isEnabled(), page.close_button.isEnabled(), page.reveal_button.isEnabled()) == (
        False,
        True,
        False,
    )
    assert "already open" in page.open_button.toolTip()
    assert "Close voting before revealing" in page.reveal_button.toolTip()
    assert page.tabs.currentIndex() == TAB_BALLOTS
    assert not page.setup_panel.rules.isEnabled()
    assert "frozen" in page.setup_panel.frozen_note.text()
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert (page.open_button.isEnabled(), page.close_button.isEnabled(), page.reveal_button.isEnabled()) == (
        False,
        False,
        True,
    )
    assert "cannot be reopened" in page.open_button.toolTip()
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)
    assert not page.reveal_button.isEnabled() and "already been revealed" in page.reveal_button.toolTip()
    assert commander.read(voting.get_round, round_id=row.id).state is RoundState.REVEALED


# --------------------------------------------------------------------------- ballots


def test_dots_ballots_are_recorded_from_the_spin_boxes(qtbot, page, commander, group):
    """Dots typed into the spin boxes are recorded as each person's ballot and the count of voters goes up."""
    cid, ids = group
    row = _open_round(qtbot, page, commander, cid, anonymous=False)
    one, two, three = _ids(row)
    panel = page.ballot_panel
    assert [panel.voter.itemText(n) for n in range(panel.voter.count())] == ["Blaze", "Kiki", "Zo"]

    _choose(page, "Blaze")
    entry = panel.entry
    assert isinstance(entry, DotsEntry)
    assert entry.remaining.text() == "5 of 5 dots left"
    _place_dots(qtbot, entry, {one: 3, two: 2})
    assert entry.remaining.text() == "0 of 5 dots left"
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)

    assert panel.voter.currentText() == "Kiki"
    _place_dots(qtbot, panel.entry, {three: 2})
    assert panel.entry.remaining.text() == "3 of 5 dots left"
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)

    ballots = {
        b.participant_id: dict(b.choices) for b in commander.read(voting.list_ballots, round_id=row.id)
    }
    assert ballots == {ids["Blaze"]: {one: 3, two: 2}, ids["Kiki"]: {three: 2}}
    assert panel.progress.text() == "2 of 3 have voted"
    assert _cell(page.rounds_view, 0, COL_VOTED) == "2 of 3 have voted"
    voters = [(_cell(panel.voters_view, n, 0), _cell(panel.voters_view, n, 1)) for n in range(3)]
    assert voters == [("Blaze", "Yes"), ("Kiki", "Yes"), ("Zo", "Not yet")]
    assert panel.voter.itemText(0) == "Blaze — has voted"


def test_ctrl_enter_records_and_new_voters_appear_without_reopening(qtbot, page, commander, group):
    """Ctrl+Enter records the ballot, and someone added on the People page can vote at once."""
    cid, ids = group
    row = _open_round(qtbot, page, commander, cid, anonymous=False)
    panel = page.ballot_panel
    _choose(page, "Zo")
    _place_dots(qtbot, panel.entry, {_ids(row)[0]: 2})
    qtbot.keyClick(panel.entry.spins[_ids(row)[0]], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [b.participant_id for b in commander.read(voting.list_ballots, round_id=row.id)] == [ids["Zo"]]

    commander.run(participants.add_participant, commission_id=cid, pseudonym="Ace", role=Role.SERVICE_USER)
    assert [panel.voter.itemText(n) for n in range(panel.voter.count())] == [
        "Ace",
        "Blaze",
        "Kiki",
        "Zo — has voted",
    ]
    assert panel.progress.text() == "1 of 4 has voted"
    assert _cell(page.rounds_view, 0, COL_VOTED) == "1 of 4 has voted"


def test_an_over_budget_ballot_shows_the_refusal_and_stores_nothing(qtbot, page, commander, group):
    """Six dots against a budget of five are refused with the service's words and nothing is saved."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid)
    one, two, _ = _ids(row)
    panel = page.ballot_panel
    _choose(page, "Zo")
    _place_dots(qtbot, panel.entry, {one: 3, two: 3})
    assert panel.entry.remaining.text() == "1 dot too many: each person has 5 dots"
    with qtbot.waitSignal(commander.failed) as refused:
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert refused.args[0] == "That is 6 dots; each person has 5. Take 1 off."
    assert commander.read(voting.list_ballots, round_id=row.id) == ()
    assert panel.progress.text() == "0 of 3 have voted"
    # What was typed stays, so the facilitator can take a dot off and record again.
    assert panel.entry.choices() == {one: 3, two: 3}


def test_recording_again_replaces_the_ballot_and_says_so(qtbot, page, commander, group):
    """Choosing someone who has voted offers to replace their ballot, and recording does replace it."""
    cid, ids = group
    row = _open_round(qtbot, page, commander, cid, anonymous=False)
    one, two, _ = _ids(row)
    panel = page.ballot_panel
    _choose(page, "Kiki")
    _place_dots(qtbot, panel.entry, {one: 1})
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    _choose(page, "Kiki")
    assert panel.record_button.text() == "&Replace Kiki's ballot"
    # Not anonymous, so the facilitator sees the ballot being corrected.
    assert panel.entry.choices() == {one: 1}
    _place_dots(qtbot, panel.entry, {one: 0, two: 3})
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    ballots = commander.read(voting.list_ballots, round_id=row.id)
    assert [(b.participant_id, dict(b.choices)) for b in ballots] == [(ids["Kiki"], {two: 3})]
    assert panel.progress.text() == "1 of 3 has voted"


def test_an_anonymous_round_never_shows_what_a_voter_chose(qtbot, page, commander, group):
    """In an anonymous round, choosing someone who has voted shows an empty form, not their ballot."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid, anonymous=True)
    one = _ids(row)[0]
    panel = page.ballot_panel
    _choose(page, "Blaze")
    _place_dots(qtbot, panel.entry, {one: 2})
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    _choose(page, "Blaze")
    assert panel.record_button.text() == "&Replace Blaze's ballot"
    assert panel.entry.choices() == {}
    assert panel.entry.remaining.text() == "5 of 5 dots left"
    # Recorded here, so this window holds its handle and can replace it: still one ballot, naming no one.
    _place_dots(qtbot, panel.entry, {one: 1})
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    ballots = commander.read(voting.list_ballots, round_id=row.id)
    assert [(b.participant_id, dict(b.choices)) for b in ballots] == [(None, {one: 1})]
    assert panel.progress.text() == "1 of 3 has voted"


def test_an_anonymous_ballot_recorded_elsewhere_cannot_be_replaced_and_the_panel_says_so(
    qtbot, page, commander, group
):
    """Someone who voted in an anonymous round from another device or session cannot have that ballot replaced
    here: the record button is off and a note says why."""
    cid, ids = group
    row = _open_round(qtbot, page, commander, cid, anonymous=True)
    one, two, _ = _ids(row)
    commander.run(voting.cast_ballot, round_id=row.id, participant_id=ids["Kiki"], choices={one: 2})
    panel = page.ballot_panel
    _choose(page, "Kiki")
    assert not panel.record_button.isEnabled()
    assert panel.replace_note.text() == (
        "Kiki has already voted in this anonymous round. Their ballot can only be changed from the device or "
        "console session that cast it."
    )
    _place_dots(qtbot, panel.entry, {two: 1})
    panel.record_ballot()
    assert [dict(b.choices) for b in commander.read(voting.list_ballots, round_id=row.id)] == [{one: 2}]
    assert not panel.undo_button.isEnabled()
    _choose(page, "Zo")
    assert panel.record_button.isEnabled()


def test_undo_last_entry_takes_back_the_newest_ballot(qtbot, page, commander, group):
    """ "Undo last entry" removes the ballot recorded last and leaves the others."""
    cid, ids = group
    row = _open_round(qtbot, page, commander, cid)
    one = _ids(row)[0]
    panel = page.ballot_panel
    assert not panel.undo_button.isEnabled()
    for name in ("Zo", "Blaze"):
        _choose(page, name)
        _place_dots(qtbot, panel.entry, {one: 1})
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    assert "Blaze's ballot" in panel.undo_button.toolTip()
    qtbot.mouseClick(panel.undo_button, Qt.MouseButton.LeftButton)
    # An anonymous round: undone through the handle this panel kept; who voted is read apart from the ballots.
    assert len(commander.read(voting.list_ballots, round_id=row.id)) == 1
    voted = commander.read(voting.round_progress, round_id=row.id).voted
    assert [voter.participant_id for voter in voted] == [ids["Zo"]]
    assert panel.progress.text() == "1 of 3 has voted"
    assert panel.voter.currentText() == "Blaze"
    assert "Zo's ballot" in panel.undo_button.toolTip()


def test_a_ranking_is_reordered_with_the_keyboard(qtbot, page, commander, group):
    """Alt+Up, Alt+Down and number keys move the selected option, and the ballot keeps that order."""
    cid, ids = group
    row = _open_round(qtbot, page, commander, cid, method="ranking")
    evenings, work, safe = _ids(row)
    _choose(page, "Kiki")
    entry = page.ballot_panel.entry
    assert isinstance(entry, RankingEntry)
    order = entry.order
    order.setFocus()
    order.setCurrentRow(2)
    qtbot.keyClick(order, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert entry.ordered_labels() == [OPTIONS[0], OPTIONS[2], OPTIONS[1]]
    qtbot.keyClick(order, Qt.Key.Key_1)
    assert entry.ordered_labels() == [OPTIONS[2], OPTIONS[0], OPTIONS[1]]
    assert order.item(0).text() == f"1. {OPTIONS[2]}"
    order.setCurrentRow(1)
    qtbot.keyClick(order, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert entry.ordered_labels() == [OPTIONS[2], OPTIONS[1], OPTIONS[0]]
    qtbot.mouseClick(entry.up_button, Qt.MouseButton.LeftButton)
    assert entry.ordered_labels() == [OPTIONS[2], OPTIONS[0], OPTIONS[1]]
    qtbot.mouseClick(page.ballot_panel.record_button, Qt.MouseButton.LeftButton)
    ballots = commander.read(voting.list_ballots, round_id=row.id)
    assert [(b.participant_id, b.choices) for b in ballots] == [(None, (safe, evenings, work))]  # anonymous


def test_approval_and_score_ballots_are_recorded_in_their_own_shapes(qtbot, page, commander, group):
    """Approval rounds take tick boxes and score rounds take a score per option, skipping "Not scored"."""
    cid, ids = group
    approval = _open_round(qtbot, page, commander, cid, method="approval")
    _choose(page, "Zo")
    entry = page.ballot_panel.entry
    assert isinstance(entry, ApprovalEntry)
    entry.boxes[_ids(approval)[1]].setFocus()
    qtbot.keyClick(entry.boxes[_ids(approval)[1]], Qt.Key.Key_Space)
    qtbot.mouseClick(page.ballot_panel.record_button, Qt.MouseButton.LeftButton)
    assert commander.read(voting.list_ballots, round_id=approval.id)[0].choices == (_ids(approval)[1],)

    scores = _open_round(qtbot, page, commander, cid, method="score", score_min=1, score_max=10)
    _choose(page, "Zo")
    entry = page.ballot_panel.entry
    assert isinstance(entry, ScoreEntry)
    first = entry.spins[_ids(scores)[0]]
    assert first.text() == "Not scored"
    first.setFocus()
    first.selectAll()
    qtbot.keyClicks(first, "8")
    assert first.text() == "8 out of 10"
    qtbot.mouseClick(page.ballot_panel.record_button, Qt.MouseButton.LeftButton)
    ballot = commander.read(voting.list_ballots, round_id=scores.id)[0]
    assert (ballot.participant_id, dict(ballot.choices)) == (None, {_ids(scores)[0]: 8})  # anonymous


# --------------------------------------------------------------------------- results and paper


def test_hidden_results_appear_on_reveal_with_the_counted_totals(
    qtbot, page, commander, group, yes_to_questions
):
    """A hidden round shows only who voted until it is revealed, then the totals tally_round counts."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid, visibility="hidden_until_reveal")
    one, two, three = _ids(row)
    panel = page.ballot_panel
    for name, dots in (("Blaze", {one: 3, two: 2}), ("Kiki", {two: 3, three: 1})):
        _choose(page, name)
        _place_dots(qtbot, panel.entry, dots)
        qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    results = page.results_panel
    assert not results.hidden_note.isHidden()
    assert results.hidden_note.text() == "Results are hidden until you reveal them."
    assert results.voted.text() == "2 of 3 have voted: Blaze, Kiki."
    assert results.shown.isHidden() and results.results_model.rowCount() == 0

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert page.tabs.currentIndex() == TAB_RESULTS
    assert results.results_model.rowCount() == 0
    qtbot.mouseClick(page.reveal_button, Qt.MouseButton.LeftButton)

    counted = commander.read(voting.tally_round, round_id=row.id)
    shown = {
        _cell(results.results_view, n, COL_OPTION): _cell(results.results_view, n, COL_SCORE)
        for n in range(results.results_model.rowCount())
    }
    labels = {option.id: option.label for option in row.options}
    assert shown == {labels[option]: str(int(score)) for option, score in counted.scores.items()}
    assert shown == {OPTIONS[0]: "3", OPTIONS[1]: "5", OPTIONS[2]: "1"}
    assert [_cell(results.results_view, n, COL_PLACE) for n in range(3)] == ["1st", "2nd", "3rd"]
    assert results.results_model.headerData(COL_SCORE, Qt.Orientation.Horizontal) == "Dots"
    assert results.steps.toPlainText() == "\n".join(counted.steps)
    assert results.steps.isReadOnly()


def test_ties_are_shown_as_ties(qtbot, page, commander, group):
    """Options with equal totals share a place written "=1st", and the summary says ties are not broken."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid)
    one, two, _ = _ids(row)
    _choose(page, "Blaze")
    _place_dots(qtbot, page.ballot_panel.entry, {one: 2, two: 2})
    qtbot.mouseClick(page.ballot_panel.record_button, Qt.MouseButton.LeftButton)
    view = page.results_panel.results_view
    assert [(_cell(view, n, COL_PLACE), _cell(view, n, COL_SCORE)) for n in range(3)] == [
        ("=1st", "2"),
        ("=1st", "2"),
        ("3rd", "0"),
    ]
    assert "not broken" in page.results_panel.summary.text()


def test_a_run_off_waiting_for_a_lot_says_so_and_the_facilitator_draws_it(
    qtbot, page, commander, group, yes_to_questions
):
    """Three voters, three favourites: the run-off names no winner until the lot, drawn after closing."""
    cid, voters = group
    made = _round(commander, cid, method="ranking", count_method="irv", options=("A", "B", "C"))
    a, b, c = _ids(made)
    commander.run(voting.open_round, round_id=made.id)
    for name, ballot in (("Blaze", [a]), ("Kiki", [b, c]), ("Zo", [c, b])):
        commander.run(voting.cast_ballot, round_id=made.id, participant_id=voters[name], choices=ballot)
    _show(page, made.id)
    results = page.results_panel
    assert not results.lot_note.isHidden()
    assert "A lot is needed: A, B and C tie for fewest votes" in results.lot_note.text()
    assert "no winner is declared" in results.lot_note.text()
    assert "No winner yet" in results.summary.text()
    assert not results.draw_lots_button.isEnabled()
    assert "Close voting first" in results.draw_lots_button.toolTip()
    assert [_cell(results.results_view, n, COL_PLACE) for n in range(3)] == ["=1st"] * 3

    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert results.draw_lots_button.isEnabled()
    qtbot.mouseClick(results.draw_lots_button, Qt.MouseButton.LeftButton)
    drawn = commander.read(voting.get_round, round_id=made.id)
    assert sorted(drawn.lot_order) == sorted((a, b, c))
    counted = commander.read(voting.tally_round, round_id=made.id)
    assert counted.winner_known and not counted.ties
    assert results.lot_note.isHidden() and results.draw_lots_button.isHidden()
    assert [_cell(results.results_view, n, COL_PLACE) for n in range(3)] == ["1st", "2nd", "3rd"]
    assert results.steps.toPlainText() == "\n".join(counted.steps)
    assert "In the lot the facilitator drew" in results.steps.toPlainText()


def test_the_tie_break_rule_is_set_up_with_the_round_and_frozen_when_it_opens(qtbot, page, commander, group):
    """A ranking round's rule for ties for fewest is chosen in set-up, saved at once, and fixed on opening."""
    cid, _ = group
    made = _round(commander, cid, method="ranking", count_method="irv")
    _show(page, made.id)
    combo = page.setup_panel.rules.tie_break
    assert combo.isVisibleTo(page) and combo.isEnabled()
    lot = combo.findData("lot")
    combo.setCurrentIndex(lot)
    combo.activated.emit(lot)
    assert commander.read(voting.get_round, round_id=made.id).tie_break == "lot"
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert not page.setup_panel.rules.isEnabled()
    assert combo.currentData() == "lot"


def test_a_paper_tally_adds_to_the_totals_and_can_be_removed(qtbot, page, commander, group, yes_to_questions):
    """Dots typed off a wall chart add to the totals without adding voters; a wrong line can be removed."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid)
    one, _, three = _ids(row)
    _choose(page, "Blaze")
    _place_dots(qtbot, page.ballot_panel.entry, {one: 3})
    qtbot.mouseClick(page.ballot_panel.record_button, Qt.MouseButton.LeftButton)
    assert page.tabs.isTabVisible(TAB_PAPER)
    page.tabs.setCurrentIndex(TAB_PAPER)

    paper = page.paper_panel
    for option_id, dots in ((one, 4), (three, 6)):
        spin = paper.spins[option_id]
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, str(dots))
    qtbot.keyClicks(paper.source, "Wall chart by the door")
    qtbot.keyClick(paper.source, Qt.Key.Key_Return)

    lines = commander.read(voting.list_paper_tallies, round_id=row.id)
    assert sorted((line.option_id, line.dots, line.source) for line in lines) == sorted(
        [(one, 4, "Wall chart by the door"), (three, 6, "Wall chart by the door")]
    )
    assert paper.tallies_model.rowCount() == 2
    assert {_cell(paper.tallies_view, n, 0) for n in range(2)} == {OPTIONS[0], OPTIONS[2]}
    assert all(spin.value() == 0 for spin in paper.spins.values())
    results = page.results_panel
    totals = {
        _cell(results.results_view, n, COL_OPTION): _cell(results.results_view, n, COL_SCORE)
        for n in range(3)
    }
    assert totals == {OPTIONS[0]: "7", OPTIONS[1]: "0", OPTIONS[2]: "6"}
    assert page.ballot_panel.progress.text() == "1 of 3 has voted"

    paper.tallies_view.setFocus()
    six = next(n for n in range(2) if _cell(paper.tallies_view, n, 1) == "6")
    paper.tallies_view.selectRow(six)
    qtbot.keyClick(paper.tallies_view, Qt.Key.Key_Delete)
    assert [line.dots for line in commander.read(voting.list_paper_tallies, round_id=row.id)] == [4]
    totals = {
        _cell(results.results_view, n, COL_OPTION): _cell(results.results_view, n, COL_SCORE)
        for n in range(3)
    }
    assert totals[OPTIONS[2]] == "0"


def test_paper_tallies_are_only_offered_for_dots_rounds(qtbot, page, commander, group):
    """A ranking round has no paper tally tab; a dots round has one."""
    cid, _ = group
    _open_round(qtbot, page, commander, cid, method="ranking")
    assert not page.tabs.isTabVisible(TAB_PAPER)
    _open_round(qtbot, page, commander, cid)
    assert page.tabs.isTabVisible(TAB_PAPER)


def test_the_example_commission_results_switch_count_method(qtbot, commander, example):
    """The example's ranking round can be recounted by Borda, Schulze or instant run-off, steps and all."""
    cid = example
    page = PrioritiesPage(commander)
    qtbot.addWidget(page)
    page.set_commission(cid)
    rounds = commander.read(voting.list_rounds, commission_id=cid)
    assert page.rounds_model.rowCount() == len(rounds)
    ranking = next(r for r in rounds if r.method.value == "ranking")
    _show(page, ranking.id)
    results = page.results_panel
    assert page.tabs.currentIndex() == TAB_RESULTS
    assert not results.count_method.isHidden()
    assert results.count_method.currentData() == ranking.count_method.value
    irv = results.count_method.findData("irv")
    results.count_method.setCurrentIndex(irv)
    results.count_method.activated.emit(irv)
    counted = commander.read(voting.tally_round, round_id=ranking.id, method="irv")
    assert results.steps.toPlainText() == "\n".join(counted.steps)
    assert results.results_model.rowCount() == len(ranking.options)
    assert _cell(results.results_view, 0, COL_SCORE) == "—"

    dots = next(r for r in rounds if r.method.value == "dots")
    _show(page, dots.id)
    counted = commander.read(voting.tally_round, round_id=dots.id)
    view = results.results_view
    labels = {option.id: option.label for option in dots.options}
    shown = {_cell(view, n, COL_OPTION): _cell(view, n, COL_SCORE) for n in range(view.model().rowCount())}
    assert shown == {labels[o]: str(int(s)) for o, s in counted.scores.items()}
    assert "Wall chart in the youth centre" in {
        _cell(page.paper_panel.tallies_view, n, 2) for n in range(page.paper_panel.tallies_model.rowCount())
    }


# --------------------------------------------------------------------------- models and accessibility


def _item_models(page: PrioritiesPage):
    yield page.rounds_model
    yield page.setup_panel.options_model
    yield page.ballot_panel.voters_model
    yield page.paper_panel.tallies_model
    yield page.results_panel.results_model
    if isinstance(page.ballot_panel.entry, RankingEntry):
        yield page.ballot_panel.entry.order.model()


def test_every_model_passes_the_model_tester(qtbot, qtmodeltester, page, commander, group):
    """Each Qt model on the page, filled with real rows, passes Qt's model tester."""
    cid, _ = group
    row = _open_round(qtbot, page, commander, cid)
    _choose(page, "Blaze")
    _place_dots(qtbot, page.ballot_panel.entry, {_ids(row)[0]: 2})
    qtbot.mouseClick(page.ballot_panel.record_button, Qt.MouseButton.LeftButton)
    commander.run(voting.record_paper_tally, round_id=row.id, totals={_ids(row)[1]: 3}, source="Wall")
    for model in _item_models(page):
        assert model.rowCount() > 0
        qtmodeltester.check(model)
    _open_round(qtbot, page, commander, cid, method="ranking")
    models = list(_item_models(page))
    assert len(models) == 6
    for model in models:
        qtmodeltester.check(model)
    assert page.rounds_model.index(0, 0).parent() == QModelIndex()


def test_every_control_has_a_name(qtbot, page, commander, group):
    """Every button, input, list and table on the page has visible text, a label or an accessible name."""
    cid, _ = group
    for method in ("dots", "ranking", "approval", "score"):
        _open_round(qtbot, page, commander, cid, method=method)
        assert unnamed_controls(page) == []
    dialog = RoundDialog(commander, cid)
    qtbot.addWidget(dialog)
    assert unnamed_controls(dialog) == []


# --------------------------------------------------------------------------- undo


def test_removing_an_option_and_adding_paper_dots_are_undone_and_redone(
    qtbot, page, commander, group, yes_to_questions
):
    """Remove option, add paper dots, remove a paper line: each is one Undo and one Redo, named in the history."""
    cid, _ = group
    made = _round(commander, cid)
    _show(page, made.id)
    setup = page.setup_panel
    setup.options_view.selectRow(1)
    qtbot.mouseClick(setup.remove_button, Qt.MouseButton.LeftButton)
    assert commander.undo_stack.undoText() == "remove option 2"
    assert [o.label for o in commander.read(voting.get_round, round_id=made.id).options] == [OPTIONS[0], OPTIONS[2]]
    commander.undo()
    assert [o.label for o in commander.read(voting.get_round, round_id=made.id).options] == list(OPTIONS)
    commander.redo()
    commander.undo()
    assert [o.id for o in commander.read(voting.get_round, round_id=made.id).options] == _ids(made)

    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert commander.cannot_undo_reason() == "“Which matters most?” is open, so its options and rules are fixed"
    page.tabs.setCurrentIndex(TAB_PAPER)
    paper = page.paper_panel
    one, _, three = _ids(made)
    for option_id, dots in ((one, 4), (three, 6)):
        spin = paper.spins[option_id]
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, str(dots))
    qtbot.keyClick(paper.source, Qt.Key.Key_Return)
    assert commander.undo_stack.undoText() == "add 10 paper dots"

    def dots() -> list[int]:
        return sorted(line.dots for line in commander.read(voting.list_paper_tallies, round_id=made.id))

    assert dots() == [4, 6]
    commander.undo()
    assert dots() == [] and paper.tallies_model.rowCount() == 0
    commander.redo()
    assert dots() == [4, 6] and paper.tallies_model.rowCount() == 2

    paper.tallies_view.setFocus()
    paper.tallies_view.selectRow(next(n for n in range(2) if _cell(paper.tallies_view, n, 1) == "6"))
    qtbot.keyClick(paper.tallies_view, Qt.Key.Key_Delete)
    assert dots() == [4] and commander.undo_stack.undoText() == "remove 6 paper dots"
    commander.undo()
    assert dots() == [4, 6]


def test_closing_a_round_says_in_the_edit_menu_why_it_cannot_be_undone(
    qtbot, page, commander, group, yes_to_questions, problems
):
    """After Close voting, Undo says the round stays closed, and pressing it says so instead of undoing older edits."""
    from cocommission.ui.undo_actions import UndoRedoActions

    cid, _ = group
    menu = UndoRedoActions(commander, page)
    row = _open_round(qtbot, page, commander, cid)
    qtbot.mouseClick(page.close_button, Qt.MouseButton.LeftButton)
    assert commander.read(voting.get_round, round_id=row.id).state is RoundState.CLOSED
    reason = "“Which matters most?” is closed, and a closed round stays closed"
    assert commander.cannot_undo_reason() == reason
    assert menu.undo.text() == f"Cannot undo: {reason}" and menu.undo.toolTip() == reason
    commander.undo()
    assert problems[-1] == f"Cannot undo: {reason}"
    assert commander.read(voting.get_round, round_id=row.id).state is RoundState.CLOSED
