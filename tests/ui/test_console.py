"""The live workshop console: keyed-in ballots, the dot budget, undo, paper dots and the projector's scenes."""

from __future__ import annotations

import gc

import pytest
from answering import answering
from control_names import unnamed_controls
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from cocommission.model import RoundState
from cocommission.model.base import today
from cocommission.services.agenda import add_agenda_item
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.voting import (
    cast_ballot,
    close_round,
    create_round,
    get_round,
    list_ballots,
    list_paper_tallies,
    open_round,
    round_progress,
    tally_round,
)
from cocommission.services.workshops import add_workshop
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.console_window import ConsoleWindow
from cocommission.ui.live.projector_window import ProjectorWindow

VOTERS = ("Ace", "Blaze", "Kiki", "Zo")


@pytest.fixture(autouse=True)
def _unfreeze_heap():
    """Give back to the garbage collector what opening a console set aside, so tests do not pile it up."""
    yield
    gc.unfreeze()


OPTIONS = ("Somewhere to go", "Feel safe", "Jobs", "Music studio")


def _commission(
    database, *, method: str = "dots", opened: bool = True, visibility: str = "live", anonymous: bool = True
) -> tuple[str, str]:
    """A commission with four young people and a round on four options; (commission id, round id)."""
    commission_id = perform(database, create_commission, title="Talent Fund").result.id
    for name in VOTERS:
        perform(
            database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today()
        )
    row = perform(
        database,
        create_round,
        commission_id=commission_id,
        title="Which matter most?",
        method=method,
        dots_per_person=5,
        max_dots_per_option=3,
        visibility=visibility,
        anonymous=anonymous,
        options=list(OPTIONS),
    ).result
    if opened:
        perform(database, open_round, round_id=row.id)
    return commission_id, row.id


def _console(qtbot, database, *, projector: bool = False, **kwargs):
    commission_id, round_id = _commission(database, **kwargs)
    commander = Commander(database, ChangeBus())
    wall = ProjectorWindow(commander) if projector else None
    if wall is not None:
        qtbot.addWidget(wall)
    console = ConsoleWindow(commander, wall)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    console.show()
    qtbot.waitExposed(console)
    return console, commander, round_id, wall


def _read(commander, query, **kwargs):
    return commander.read(query, **kwargs)


def _choose(qtbot, console, name: str) -> None:
    """Pick whose ballot it is the way a facilitator does: type the name, press Enter."""
    people = console.voting.participants
    people.setFocus()
    qtbot.keyClicks(people, name)
    qtbot.keyClick(people, Qt.Key.Key_Return)


def _keys(qtbot, console, keys: str, *, commit: bool = True) -> None:
    pad = console.voting.pad
    for key in keys:
        qtbot.keyClick(pad, key)
    if commit:
        qtbot.keyClick(pad, Qt.Key.Key_Return)


def _option_ids(commander, round_id: str) -> list[str]:
    return [option.id for option in _read(commander, get_round, round_id=round_id).options]


def _pseudonym_ids(console) -> dict[str, str]:
    return {pseudonym: participant_id for participant_id, pseudonym in console.voting.voters}


@pytest.mark.on_postgresql_too
def test_keyed_ballots_are_saved_and_the_projector_shows_the_tally(qtbot, database):
    """Ballots keyed in on the console are in the database, and the projector's bars match the count."""
    console, commander, round_id, wall = _console(qtbot, database, projector=True)
    wall.show()
    assert console.scenes.show_scene("live_vote")
    _choose(qtbot, console, "Ki")
    assert console.voting.pad.pseudonym == "Kiki"
    _keys(qtbot, console, "1124")
    _choose(qtbot, console, "Zo")
    _keys(qtbot, console, "3332")
    options = _option_ids(commander, round_id)
    people = _pseudonym_ids(console)
    # An anonymous round: the ballots name no one, and who voted is kept apart.
    saved = sorted(
        (dict(ballot.choices) for ballot in _read(commander, list_ballots, round_id=round_id)), key=len
    )
    assert saved == [{options[2]: 3, options[1]: 1}, {options[0]: 2, options[1]: 1, options[3]: 1}]
    voted = {voter.participant_id for voter in _read(commander, round_progress, round_id=round_id).voted}
    assert voted == {people["Kiki"], people["Zo"]}
    assert console.voting.voted_label.text() == "2 of 4 have voted"
    tally = _read(commander, tally_round, round_id=round_id)
    qtbot.waitUntil(lambda: wall.current_scene().totals == {o: int(tally.scores.get(o, 0)) for o in options})
    assert wall.current_scene().totals == {options[0]: 2, options[1]: 2, options[2]: 3, options[3]: 1}


def test_a_named_rounds_keyed_ballots_name_their_voters(qtbot, database):
    """In a named round the console saves each keyed ballot under its voter, and shows a correction as one."""
    console, commander, round_id, _ = _console(qtbot, database, anonymous=False)
    _choose(qtbot, console, "Kiki")
    _keys(qtbot, console, "12")
    _choose(qtbot, console, "Kiki")
    assert "replaces their ballot" in console.voting.pad.heading.text()
    with answering("Replace"):
        _keys(qtbot, console, "33")
    options = _option_ids(commander, round_id)
    saved = {b.participant_id: dict(b.choices) for b in _read(commander, list_ballots, round_id=round_id)}
    assert saved == {_pseudonym_ids(console)["Kiki"]: {options[2]: 2}}


@pytest.mark.on_postgresql_too
def test_in_an_anonymous_round_the_pad_stores_that_they_voted_apart_from_what_they_chose(qtbot, database):
    """A ballot keyed at the console in an anonymous round is saved naming no one and with no time, beside a
    separate record that the person voted; the console can still correct it while it is open."""
    from sqlalchemy import select

    from cocommission.model import Ballot, RoundVoter

    console, commander, round_id, _ = _console(qtbot, database)
    _choose(qtbot, console, "Kiki")
    _keys(qtbot, console, "12")
    _choose(qtbot, console, "Kiki")
    assert "replaces their ballot" in console.voting.pad.heading.text()
    with answering("Replace"):
        _keys(qtbot, console, "44")
    options = _option_ids(commander, round_id)
    with database.unit_of_work() as session:
        (ballot,) = session.scalars(select(Ballot).where(Ballot.round_id == round_id))
        assert (ballot.participant_id, ballot.cast_at) == (None, None)
        (voter,) = session.scalars(select(RoundVoter).where(RoundVoter.round_id == round_id))
        assert voter.participant_id == _pseudonym_ids(console)["Kiki"]
    assert [dict(b.choices) for b in _read(commander, list_ballots, round_id=round_id)] == [{options[3]: 2}]


def test_an_anonymous_ballot_cast_elsewhere_cannot_be_changed_from_the_console(qtbot, database):
    """Someone who voted from another device or session shows as voted, and the pad says plainly that
    their anonymous ballot cannot be changed here, refusing keys and Enter."""
    console, commander, round_id, _ = _console(qtbot, database)
    options = _option_ids(commander, round_id)
    zo = _pseudonym_ids(console)["Zo"]
    perform(database, cast_ballot, round_id=round_id, participant_id=zo, choices={options[0]: 1})
    console.voting.reload()
    assert console.voting.voted_label.text() == "1 of 4 have voted"
    _choose(qtbot, console, "Zo")
    pad = console.voting.pad
    assert "cannot be changed here" in pad.heading.text()
    assert "can only be changed from the device or console session that cast it" in pad.message.text()
    qtbot.keyClick(pad, "2")
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert not pad.record_button.isEnabled()
    assert [dict(b.choices) for b in _read(commander, list_ballots, round_id=round_id)] == [{options[0]: 1}]
    assert not console.voting.undo_button.isEnabled()


def test_a_press_over_the_dot_budget_is_refused_and_nothing_is_saved(qtbot, database):
    """A sixth dot is refused at the key press with a message naming the budget, and nothing is saved."""
    console, commander, round_id, _ = _console(qtbot, database)
    _choose(qtbot, console, "Ace")
    pad = console.voting.pad
    _keys(qtbot, console, "111", commit=False)
    assert pad.budget.text() == "2 of 5 dots left"
    qtbot.keyClick(pad, "1")
    assert "most one option can take" in pad.message.text()
    assert pad.budget.text() == "2 of 5 dots left"
    _keys(qtbot, console, "23", commit=False)
    assert pad.budget.text() == "0 of 5 dots left"
    qtbot.keyClick(pad, "4")
    assert "All 5 dots are placed" in pad.message.text()
    assert pad.budget.text() == "0 of 5 dots left"
    assert _read(commander, list_ballots, round_id=round_id) == ()
    qtbot.keyClick(pad, Qt.Key.Key_Backspace)
    assert pad.budget.text() == "1 of 5 dots left"
    assert pad.message.text() == ""


def test_undo_last_entry_takes_back_the_newest_ballot_or_restores_the_one_it_replaced(qtbot, database):
    """Undo last entry removes a first ballot and puts back the earlier ballot a correction replaced."""
    console, commander, round_id, _ = _console(qtbot, database)
    options = _option_ids(commander, round_id)
    _choose(qtbot, console, "Blaze")
    _keys(qtbot, console, "11")
    _choose(qtbot, console, "Blaze")
    assert "replaces their ballot" in console.voting.pad.heading.text()
    with answering("Replace"):
        _keys(qtbot, console, "44")
    assert [dict(b.choices) for b in _read(commander, list_ballots, round_id=round_id)] == [{options[3]: 2}]
    qtbot.mouseClick(console.voting.undo_button, Qt.MouseButton.LeftButton)
    assert [dict(b.choices) for b in _read(commander, list_ballots, round_id=round_id)] == [{options[0]: 2}]
    assert console.voting.status.text() == "Took back: Blaze's correction; their earlier ballot is back."
    qtbot.mouseClick(console.voting.undo_button, Qt.MouseButton.LeftButton)
    assert _read(commander, list_ballots, round_id=round_id) == ()
    assert console.voting.status.text() == "Took back: Blaze's ballot."
    assert console.voting.voted_label.text() == "0 of 4 have voted"
    assert not console.voting.undo_button.isEnabled()


def test_paper_dots_add_to_the_tally_without_adding_voters(qtbot, database):
    """Dots typed off a paper sheet are recorded and counted, and nobody is marked as having voted."""
    console, commander, round_id, _ = _console(qtbot, database)
    options = _option_ids(commander, round_id)
    _choose(qtbot, console, "Ace")
    _keys(qtbot, console, "2")
    paper = console.voting.paper
    console.voting.tabs.setCurrentWidget(paper)
    paper.spins[options[1]].setValue(7)
    paper.spins[options[2]].setValue(3)
    qtbot.keyClicks(paper.source, "Wall chart by the door")
    qtbot.keyClick(paper.source, Qt.Key.Key_Return)
    tallies = _read(commander, list_paper_tallies, round_id=round_id)
    assert {(t.option_id, t.dots, t.source) for t in tallies} == {
        (options[1], 7, "Wall chart by the door"),
        (options[2], 3, "Wall chart by the door"),
    }
    assert _read(commander, tally_round, round_id=round_id).scores[options[1]] == 8
    assert paper.spins[options[1]].value() == 0
    assert console.voting.voted_label.text() == "1 of 4 have voted"
    assert console.banner_text.text() == "Added 10 paper dots to the count."


def test_ranking_is_keyed_best_first_and_approval_keys_toggle(qtbot, database):
    """In a ranking round number keys give the order; in an approval round a second press unticks."""
    console, commander, round_id, _ = _console(qtbot, database, method="ranking")
    options = _option_ids(commander, round_id)
    _choose(qtbot, console, "Zo")
    _keys(qtbot, console, "31", commit=False)
    pad = console.voting.pad
    qtbot.keyClick(pad, "3")
    assert "already ranked 1" in pad.message.text()
    assert [pad.ranking_view.item(n).text() for n in range(pad.ranking_view.count())] == [
        "1. Jobs",
        "2. Somewhere to go",
    ]
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert [b.choices for b in _read(commander, list_ballots, round_id=round_id)] == [
        (options[2], options[0])
    ]


def test_a_ranking_can_be_reordered_by_dragging(qtbot, database):
    """Moving an option in the ranking list (what a drag does) changes the order that is recorded."""
    console, commander, round_id, _ = _console(qtbot, database, method="ranking")
    options = _option_ids(commander, round_id)
    _choose(qtbot, console, "Ace")
    _keys(qtbot, console, "124", commit=False)
    pad = console.voting.pad
    assert pad.ranking_view.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    assert [pad.ranking_view.item(n).text() for n in range(pad.ranking_view.count())] == [
        "1. Music studio",
        "2. Somewhere to go",
        "3. Feel safe",
    ]
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    assert [b.choices for b in _read(commander, list_ballots, round_id=round_id)] == [
        (options[3], options[0], options[1])
    ]


def test_approval_keys_toggle(qtbot, database):
    """In an approval round each key ticks an option and a second press unticks it."""
    console, commander, round_id, _ = _console(qtbot, database, method="approval")
    options = _option_ids(commander, round_id)
    _choose(qtbot, console, "Ace")
    _keys(qtbot, console, "4224")
    assert "The ballot is empty" in console.voting.pad.message.text()
    assert _read(commander, list_ballots, round_id=round_id) == ()
    _keys(qtbot, console, "31")
    assert [b.choices for b in _read(commander, list_ballots, round_id=round_id)] == [
        (options[0], options[2])
    ]


def test_round_is_opened_closed_and_revealed_from_the_console(qtbot, database, monkeypatch):
    """Open, close (after confirming) and reveal move the round on, and the pad only works while it is open."""
    console, commander, round_id, _ = _console(
        qtbot, database, opened=False, visibility="hidden_until_reveal"
    )
    voting = console.voting
    assert voting.round.state is RoundState.DRAFT
    assert not voting.close_button.isEnabled()
    qtbot.mouseClick(voting.open_button, Qt.MouseButton.LeftButton)
    assert _read(commander, get_round, round_id=round_id).state is RoundState.OPEN
    _choose(qtbot, console, "Kiki")
    _keys(qtbot, console, "1")
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(voting.close_button, Qt.MouseButton.LeftButton)
    assert _read(commander, get_round, round_id=round_id).state is RoundState.CLOSED
    assert voting.pad.ballot is None
    qtbot.mouseClick(voting.reveal_button, Qt.MouseButton.LeftButton)
    assert _read(commander, get_round, round_id=round_id).state is RoundState.REVEALED
    assert "(revealed)" in voting.round_combo.currentText()


def test_a_hidden_round_shows_only_who_voted_until_it_is_revealed_from_the_console(
    qtbot, database, monkeypatch
):
    """While results are hidden the wall names who voted and shows no totals; Reveal results puts them up."""
    console, commander, round_id, wall = _console(
        qtbot, database, projector=True, visibility="hidden_until_reveal"
    )
    wall.show()
    assert console.scenes.show_scene("live_vote")
    _choose(qtbot, console, "Kiki")
    _keys(qtbot, console, "112")
    scene = wall.current_scene()
    assert scene.totals == {}
    assert scene.voters == ("Kiki",)
    assert not console.scenes.buttons["reveal"].isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(console.voting.close_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(console.voting.reveal_button, Qt.MouseButton.LeftButton)
    options = _option_ids(commander, round_id)
    scene = wall.current_scene()
    assert scene.reveal
    assert scene.totals == {options[0]: 2, options[1]: 1, options[2]: 0, options[3]: 0}
    assert console.scenes.buttons["reveal"].isChecked()


class RecordingProjector:
    """Stands in for the projector window and notes every call the console makes."""

    #: What the wall text control starts from.
    font_scale = 1.0

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def __getattr__(self, name: str):
        return lambda *args, **kwargs: self.calls.append((name, {"args": args, **kwargs}))


def test_scene_buttons_and_agenda_items_drive_the_projector(qtbot, database):
    """Each scene button calls the projector with the chosen round or workshop; Start item counts its minutes."""
    commission_id, round_id = _commission(database, visibility="hidden_until_reveal")
    workshop = perform(
        database, add_workshop, commission_id=commission_id, title="Dot vote day", held_on=today()
    ).result
    perform(database, add_agenda_item, workshop_id=workshop.id, title="Welcome", minutes=20)
    perform(database, add_agenda_item, workshop_id=workshop.id, title="Dot vote", minutes=30)
    commander = Commander(database, ChangeBus())
    wall = RecordingProjector()
    console = ConsoleWindow(commander, wall)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    console.show()
    qtbot.waitExposed(console)
    assert console.workshop_id() == workshop.id
    scenes = console.scenes
    qtbot.mouseClick(scenes.buttons["welcome"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(scenes.buttons["live_vote"], Qt.MouseButton.LeftButton)
    # Hidden until the reveal: the results scenes cannot be put up yet.
    assert not scenes.buttons["reveal"].isEnabled()
    assert not scenes.show_scene("ranking")
    qtbot.mouseClick(scenes.buttons["bid_totals"], Qt.MouseButton.LeftButton)
    scenes.minutes.setValue(5)
    qtbot.mouseClick(scenes.start_button, Qt.MouseButton.LeftButton)
    console.tabs.setCurrentWidget(console.agenda)
    qtbot.keyClick(console.agenda.items, Qt.Key.Key_Return)
    qtbot.mouseClick(console.projector_button, Qt.MouseButton.LeftButton)
    assert wall.calls == [
        ("show_welcome", {"args": (), "commission_id": commission_id, "workshop_id": workshop.id}),
        ("show_vote", {"args": (), "round_id": round_id}),
        ("show_bid_totals", {"args": (), "commission_id": commission_id}),
        ("start_countdown", {"args": (300,)}),
        ("start_countdown", {"args": (1200,)}),
        ("place", {"args": ()}),
    ]
    assert scenes.buttons["bid_totals"].isChecked()
    assert console.agenda.items.currentRow() == 1
    assert "Now: Welcome (20 min)" in console.agenda.now_label.text()


def test_choosing_another_round_moves_the_wall_to_its_live_vote(qtbot, database):
    """With a vote on the wall, picking another round on the console puts that round's live vote up."""
    commission_id, first_round = _commission(database)
    second_round = perform(
        database,
        create_round,
        commission_id=commission_id,
        title="Which bid should we fund?",
        method="approval",
        options=["Talent show", "Youth club"],
    ).result.id
    commander = Commander(database, ChangeBus())
    wall = RecordingProjector()
    console = ConsoleWindow(commander, wall)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    assert console.voting.round.id == first_round
    assert console.scenes.show_scene("live_vote")
    combo = console.voting.round_combo
    combo.setCurrentIndex(combo.findData(second_round))
    assert wall.calls == [
        ("show_vote", {"args": (), "round_id": first_round}),
        ("show_vote", {"args": (), "round_id": second_round}),
    ]
    assert console.voting.pad.ballot is None


def test_a_refused_ballot_keeps_the_keys_and_says_why(qtbot, database):
    """When the round closed elsewhere, Enter shows the refusal on the pad and keeps what was keyed."""
    console, _, round_id, _ = _console(qtbot, database)
    _choose(qtbot, console, "Ace")
    _keys(qtbot, console, "12", commit=False)
    perform(database, close_round, round_id=round_id)
    qtbot.keyClick(console.voting.pad, Qt.Key.Key_Return)
    assert "closed" in console.voting.pad.message.text()
    assert console.banner_text.text().startswith("This round is closed")
    assert console.voting.pad.budget.text() == "3 of 5 dots left"


def test_opening_the_console_sets_the_heap_aside_so_collections_stay_short(qtbot, database):
    """After a commission opens on the console, what already exists is out of the garbage collector's walk."""
    gc.unfreeze()
    _console(qtbot, database)
    assert gc.get_freeze_count() > 0


def test_every_control_can_be_named_by_a_screen_reader(qtbot, database):
    """Every button, list, box and table on the console has visible text, a label or an accessible name."""
    console, *_ = _console(qtbot, database)
    assert unnamed_controls(console) == []


@pytest.mark.parametrize("size", [(1366, 768)])
def test_the_console_fits_a_laptop_screen(qtbot, database, size):
    """The console's smallest size fits a 1366×768 laptop screen."""
    console, *_ = _console(qtbot, database)
    hint = console.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1] - 40


def test_a_paper_sheet_with_a_letter_is_refused_whole_on_the_console_as_on_the_page(qtbot, database):
    """The console's paper dots are read by the same form as the Priorities page's: "1O" adds nothing."""
    from cocommission.ui.pages.paper_dots import PaperDotsForm
    from cocommission.ui.pages.paper_tally_panel import PaperTallyPanel

    console, commander, round_id, _ = _console(qtbot, database)
    options = _option_ids(commander, round_id)
    paper = console.voting.paper
    console.voting.tabs.setCurrentWidget(paper)
    page_panel = PaperTallyPanel(commander)
    qtbot.addWidget(page_panel)
    assert isinstance(paper.form, PaperDotsForm) and isinstance(page_panel.form, PaperDotsForm)
    first, second = paper.spins[options[0]], paper.spins[options[1]]
    for spin, typed in ((first, "4"), (second, "1O")):
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, typed)
    assert paper.typed_not_added()
    qtbot.mouseClick(paper.record_button, Qt.MouseButton.LeftButton)
    assert _read(commander, list_paper_tallies, round_id=round_id) == ()
    assert '"1O"' in console.banner_text.text()
    assert second.text().startswith("1O") and first.value() == 4
