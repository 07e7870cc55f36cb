"""The console at the keyboard: picking the right person, never overwriting a ballot unasked, and undo
that takes back the last entry of any kind and says which."""

from __future__ import annotations

import gc

import pytest
from answering import answering
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cocommission.model.base import today
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.voting import (
    create_round,
    get_round,
    list_ballots,
    list_paper_tallies,
    open_round,
    round_progress,
)
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.console_window import ConsoleWindow

PEOPLE = ("Kai", "Aoife", "Łukasz", "Siân", "Big Siân")
OPTIONS = ("Somewhere to go", "Feel safe", "Jobs", "Music studio")


@pytest.fixture(autouse=True)
def _unfreeze_heap():
    """Give back to the garbage collector what opening a console set aside."""
    yield
    gc.unfreeze()


def _console(qtbot, database, *, anonymous: bool = False):
    commission_id = perform(database, create_commission, title="Talent Fund").result.id
    for name in PEOPLE:
        perform(database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today())
    round_id = perform(
        database,
        create_round,
        commission_id=commission_id,
        title="Which matter most?",
        method="dots",
        dots_per_person=40,
        max_dots_per_option=40,
        visibility="live",
        anonymous=anonymous,
        options=list(OPTIONS),
    ).result.id
    perform(database, open_round, round_id=round_id)
    commander = Commander(database, ChangeBus())
    console = ConsoleWindow(commander, None)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    console.show()
    # Shortcuts such as Ctrl+Z work in the window that has the keyboard, as the console does in the room.
    console.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)
    return console, commander, round_id


def _type_name(qtbot, console, typed: str) -> None:
    """Type into the list of people, as a facilitator does with the keyboard on it."""
    people = console.voting.participants
    people.setFocus()
    qtbot.keyClicks(people, typed)


def _choose(qtbot, console, typed: str) -> None:
    _type_name(qtbot, console, typed)
    qtbot.keyClick(console.focusWidget(), Qt.Key.Key_Return)


def _keys(qtbot, console, keys: str) -> None:
    pad = console.voting.pad
    assert console.focusWidget() is pad
    for key in keys:
        qtbot.keyClick(pad, key)
    qtbot.keyClick(pad, Qt.Key.Key_Return)


def _chosen(console) -> str | None:
    item = console.voting.participants.currentItem()
    return item.text() if item is not None else None


def _options(commander, round_id):
    return [option.id for option in commander.read(get_round, round_id=round_id).options]


def _voted(commander, round_id) -> set[str]:
    return {voter.pseudonym for voter in commander.read(round_progress, round_id=round_id).voted}


def test_typing_part_of_a_name_picks_only_someone_whose_name_starts_so(qtbot, database):
    """With Kai and Aoife voted, `luk` picks Łukasz and `sian` Siân (any case, no accents); never Kai or Aoife."""
    console, commander, round_id = _console(qtbot, database)
    _choose(qtbot, console, "Kai")
    _keys(qtbot, console, "1")
    _choose(qtbot, console, "Aoife")
    _keys(qtbot, console, "2")
    assert _voted(commander, round_id) == {"Kai", "Aoife"}

    _type_name(qtbot, console, "luk")
    assert _chosen(console) == "Łukasz"
    assert console.voting.pad.pseudonym == "Łukasz"
    console.voting.search.clear()
    _type_name(qtbot, console, "SIAN")
    assert _chosen(console) == "Siân"
    # Both Siâns match, and only they are listed.
    shown = [
        console.voting.participants.item(n).text()
        for n in range(console.voting.participants.count())
        if not console.voting.participants.item(n).isHidden()
    ]
    assert sorted(shown) == ["Big Siân", "Siân"]


def test_a_name_nobody_has_selects_nobody_and_says_so(qtbot, database):
    """Typing letters no one's name starts with leaves no one chosen and says "No one matches"."""
    console, commander, round_id = _console(qtbot, database)
    _choose(qtbot, console, "Kai")
    _keys(qtbot, console, "1")
    _type_name(qtbot, console, "xyz")
    assert _chosen(console) is None
    assert console.voting.pad.participant_id is None
    assert "No one matches “xyz”" in console.voting.search_note.text()
    qtbot.keyClick(console.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(console.focusWidget(), "33")
    qtbot.keyClick(console.focusWidget(), Qt.Key.Key_Return)
    assert _voted(commander, round_id) == {"Kai"}
    assert len(commander.read(list_ballots, round_id=round_id)) == 1


def test_option_keys_typed_before_choosing_anyone_stay_in_sight(qtbot, database):
    """Digits typed before a person is chosen are kept in the name box with a hint, not lost and not cast."""
    console, commander, round_id = _console(qtbot, database)
    voting = console.voting
    voting.participants.setCurrentRow(-1)
    voting.pad.setFocus()
    qtbot.keyClicks(voting.pad, "12")
    assert voting.search.text() == "12"
    assert console.focusWidget() is voting.search
    assert "No one matches “12”" in voting.search_note.text()
    assert "name first" in voting.search_note.text()
    qtbot.keyClicks(voting.search, "4")
    assert voting.search.text() == "124"
    assert commander.read(list_ballots, round_id=round_id) == ()
    # Esc empties the box, and the name typed next is found.
    qtbot.keyClick(voting.search, Qt.Key.Key_Escape)
    assert voting.search.text() == ""
    qtbot.keyClicks(voting.search, "ao")
    assert _chosen(console) == "Aoife"


def test_replacing_a_ballot_already_in_asks_first_and_keeps_it_by_default(qtbot, database):
    """Recording over a ballot already in asks by name; the default answer keeps the ballot as it was."""
    console, commander, round_id = _console(qtbot, database)
    options = _options(commander, round_id)
    _choose(qtbot, console, "Kai")
    _keys(qtbot, console, "11")
    _choose(qtbot, console, "Kai")
    with answering("Keep") as asked:
        _keys(qtbot, console, "3")
    assert len(asked) == 1
    assert "Kai" in asked[0].text and "replace" in asked[0].text.lower()
    assert "Keep" in asked[0].default and "Kai" in asked[0].default
    assert asked[0].escape == asked[0].default
    assert [dict(b.choices) for b in commander.read(list_ballots, round_id=round_id)] == [{options[0]: 2}]
    assert "stays as it was" in console.voting.pad.message.text()
    with answering("Replace") as asked:
        qtbot.keyClick(console.voting.pad, Qt.Key.Key_Return)
    assert len(asked) == 1
    assert [dict(b.choices) for b in commander.read(list_ballots, round_id=round_id)] == [{options[2]: 1}]


def test_undo_takes_back_paper_dots_entered_after_a_ballot_and_says_so(qtbot, database):
    """After a ballot and then 30 paper dots, Undo takes back the paper dots (not the ballot), then the ballot."""
    console, commander, round_id = _console(qtbot, database)
    options = _options(commander, round_id)
    voting = console.voting
    _choose(qtbot, console, "Kai")
    _keys(qtbot, console, "12")
    voting.tabs.setCurrentWidget(voting.paper)
    spin = voting.paper.spins[options[3]]
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, "30")
    qtbot.keyClick(spin, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert sum(t.dots for t in commander.read(list_paper_tallies, round_id=round_id)) == 30
    assert "30 paper dots for option 4" in voting.undo_button.toolTip()

    qtbot.keyClick(spin, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert commander.read(list_paper_tallies, round_id=round_id) == ()
    assert _voted(commander, round_id) == {"Kai"}
    assert voting.status.text() == "Took back: 30 paper dots for option 4 (Music studio)."
    assert voting.status.isVisible()

    qtbot.mouseClick(voting.undo_button, Qt.MouseButton.LeftButton)
    assert commander.read(list_ballots, round_id=round_id) == ()
    assert voting.status.text() == "Took back: Kai's ballot."
    assert not voting.undo_button.isEnabled()


def test_undo_in_an_anonymous_round_takes_back_the_last_entry_through_its_handle(qtbot, database):
    """In an anonymous round, Undo takes back paper dots, then a correction, then the ballot itself."""
    console, commander, round_id = _console(qtbot, database, anonymous=True)
    options = _options(commander, round_id)
    voting = console.voting
    _choose(qtbot, console, "sian")
    _keys(qtbot, console, "1")
    _choose(qtbot, console, "sian")
    with answering("Replace"):
        _keys(qtbot, console, "22")
    qtbot.waitUntil(lambda: QApplication.activeWindow() is console)
    voting.paper.spins[options[0]].setValue(5)
    voting.paper.spins[options[1]].setValue(2)
    voting.paper.record_sheet()
    qtbot.keyClick(voting.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert voting.status.text() == "Took back: 7 paper dots (5 for option 1, 2 for option 2)."
    assert commander.read(list_paper_tallies, round_id=round_id) == ()
    qtbot.keyClick(voting.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert voting.status.text() == "Took back: Siân's correction; their earlier ballot is back."
    assert [dict(b.choices) for b in commander.read(list_ballots, round_id=round_id)] == [{options[0]: 1}]
    qtbot.keyClick(voting.search, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert voting.status.text() == "Took back: Siân's ballot."
    assert commander.read(list_ballots, round_id=round_id) == ()
    assert _voted(commander, round_id) == set()
