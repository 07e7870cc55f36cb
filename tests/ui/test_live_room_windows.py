"""The live workshop's windows: F5 opens the console and the projector, the console keeps the keyboard,
and leaving in the middle of a vote asks first and loses nothing typed."""

from __future__ import annotations

import gc

import pytest
from answering import answering
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication
from test_projector import FakeScreen

from cocommission.model.base import today
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.voting import create_round, list_ballots, open_round
from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES

PEOPLE = ("Kai", "Aoife", "Łukasz")


@pytest.fixture(autouse=True)
def _unfreeze_heap():
    """Give back to the garbage collector what opening a console set aside."""
    yield
    gc.unfreeze()


def _commission(database, title: str, *, opened: bool = True) -> str:
    commission_id = perform(database, create_commission, title=title).result.id
    for name in PEOPLE:
        perform(database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today())
    round_id = perform(
        database,
        create_round,
        commission_id=commission_id,
        title="Which matter most?",
        method="dots",
        dots_per_person=5,
        max_dots_per_option=3,
        visibility="live",
        options=["Somewhere to go", "Feel safe", "Jobs"],
    ).result.id
    if opened:
        perform(database, open_round, round_id=round_id)
    return commission_id


def _activate(qtbot, widget) -> None:
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)


@pytest.fixture
def room(qtbot, database, settings):
    """The main window on a commission with a vote round open, active, as the facilitator has it before F5."""
    commission_id = _commission(database, "Talent Fund")
    window = MainWindow(database, settings, STAGE_PAGES)
    # Closed without a question at the end, as nothing live may be left for the teardown's close to ask about.
    qtbot.addWidget(window, before_close_func=lambda closing: closing.close_live_console())
    window.resize(1366, 768)
    window.show()
    window.open_commission(commission_id)
    _activate(qtbot, window)
    return window


def _press_f5(qtbot, window) -> list:
    """Press F5 in the main window; the windows that got the keyboard on the way, in order."""
    focused: list = []
    QGuiApplication.instance().focusWindowChanged.connect(focused.append)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.console)
    # Let every activation the window system queued arrive before judging who has the keyboard.
    for _ in range(3):
        QApplication.processEvents()
    QGuiApplication.instance().focusWindowChanged.disconnect(focused.append)
    return focused


def test_f5_opens_the_console_and_the_projector_and_typing_goes_to_the_console(qtbot, room):
    """F5 opens the console and a projector preview (one screen); the projector never takes the keyboard,
    and the names typed next reach the console's name box."""
    focused = _press_f5(qtbot, room)
    console, projector = room.console, room.projector
    assert console.isVisible() and projector.isVisible()
    assert not projector.isFullScreen()
    # Offscreen Qt hands every window it shows the keyboard, whatever its flags; the console takes it back.
    assert focused[-1] is console.windowHandle()
    assert QApplication.focusWindow() is console.windowHandle()
    assert console.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClicks(QApplication.focusWidget(), "luk")
    assert console.voting.search.text() == "luk"
    assert console.voting.pad.pseudonym == "Łukasz"


def test_the_projector_never_takes_the_keyboard_going_full_screen(qtbot, room):
    """Sent full screen on a second screen, the wall does not take the keyboard from the console."""
    _press_f5(qtbot, room)
    console, projector = room.console, room.projector
    focused: list = []
    QGuiApplication.instance().focusWindowChanged.connect(focused.append)
    projector.place([FakeScreen(QRect(0, 0, 1366, 768), "Laptop"), FakeScreen(QRect(1366, 0, 1920, 1080), "Wall")])
    console.activateWindow()
    for _ in range(3):
        QApplication.processEvents()
    QGuiApplication.instance().focusWindowChanged.disconnect(focused.append)
    assert projector.isFullScreen()
    assert projector.windowHandle() not in focused
    assert projector.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert projector.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert projector.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_closing_the_console_takes_the_projector_off_the_wall(qtbot, room):
    """Closing only the console closes the projector too: the wall is never left with nothing to drive it."""
    _press_f5(qtbot, room)
    console, projector = room.console, room.projector
    projector.place([FakeScreen(QRect(0, 0, 1366, 768), "Laptop"), FakeScreen(QRect(1366, 0, 1920, 1080), "Wall")])
    assert projector.isVisible()
    console.close()
    assert not projector.isVisible()
    # The main window has nothing live left to ask about.
    assert room._may_leave_live_room("Quit anyway")


def _quit(qtbot, room) -> None:
    """Ctrl+Q where the system binds it to Quit (Linux desktops), else File › Quit, as a person would."""
    quit_action = next(action for action in room.findChildren(QAction) if action.text() == "&Quit")
    if quit_action.shortcut().isEmpty():
        quit_action.trigger()
    else:
        _quit(qtbot, room)


def _half_typed(qtbot, room) -> None:
    """A statement typed on the Outcomes page and a ballot keyed on the console, neither saved."""
    outcomes = room.workspace.page_widgets[1]
    room.workspace.show_page(1)
    qtbot.keyClicks(outcomes.statement_input, "Somewhere warm to go after school")
    _press_f5(qtbot, room)
    console = room.console
    qtbot.keyClicks(QApplication.focusWidget(), "kai")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.keyClicks(console.voting.pad, "12")


def test_ctrl_q_during_a_vote_asks_and_staying_keeps_everything_typed(qtbot, room, database):
    """Ctrl+Q with a round open asks first, naming the round, the unrecorded ballot and the half-typed
    statement; Stay (the default) keeps every window open and everything typed."""
    _half_typed(qtbot, room)
    console, projector = room.console, room.projector
    _activate(qtbot, room)
    with answering("Stay") as asked:
        _quit(qtbot, room)
    assert len(asked) == 1
    said = asked[0].text
    assert "A vote round is open on the wall" in said
    assert "Kai's ballot is keyed in on the console but not recorded" in said
    assert "outcome statement is half-typed" in said
    assert "Stay" in asked[0].default and asked[0].escape == asked[0].default
    assert room.isVisible() and console.isVisible() and projector.isVisible()
    assert room.console is console
    assert room.workspace.page_widgets[1].statement_input.text() == "Somewhere warm to go after school"
    assert console.voting.pad.pseudonym == "Kai" and console.voting.pad.budget.text() == "3 of 5 dots left"

    with answering("Quit anyway") as asked:
        _quit(qtbot, room)
    assert len(asked) == 1
    assert not room.isVisible()
    assert room.console is None and not projector.isVisible()


def test_opening_another_commission_during_a_vote_asks_first(qtbot, room, database):
    """Opening another commission mid-vote asks; Stay keeps this commission, its console and the wall."""
    other = _commission(database, "Second Fund", opened=False)
    _half_typed(qtbot, room)
    console = room.console
    here = room.workspace.header.commission_id
    with answering("Stay") as asked:
        room.open_commission(other)
    assert len(asked) == 1
    assert room.workspace.header.commission_id == here
    assert room.console is console and console.isVisible()
    assert console.voting.pad.budget.text() == "3 of 5 dots left"
    with answering("Open the other commission"):
        room.open_commission(other)
    assert room.workspace.header.commission_id == other
    assert room.console is None


def test_nothing_live_means_no_question(qtbot, database, settings):
    """With the console open but no round open and nothing typed, quitting just closes everything."""
    commission_id = _commission(database, "Quiet Fund", opened=False)
    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.show()
    window.open_commission(commission_id)
    window.open_live_console()
    with answering("Stay") as asked:
        window.close()
    assert asked == []
    assert window.console is None


def test_a_ballot_is_not_cast_by_the_keys_that_were_typed_before_leaving_was_refused(qtbot, room, database):
    """Staying after the question leaves the keyed ballot unrecorded until Enter, and Enter then records it."""
    _half_typed(qtbot, room)
    console = room.console
    with answering("Stay"):
        room.close()
    _activate(qtbot, console)
    qtbot.keyClick(console.voting.pad, Qt.Key.Key_Return)
    assert len(room.commander.read(list_ballots, round_id=console.voting.round.id)) == 1
