"""Phones as ballots, end to end: real headless Chromium on a phone-sized screen, the room server the console
starts, and the projector the console drives.

Playwright's synchronous API runs on a thread of its own (``Phones``), one call at a time, while the test's
thread keeps Qt's event loop turning (``qtbot.waitUntil``): the room server's changes reach the GUI thread
through a queued signal, so the console and the wall must be free to take them while a phone waits.
Nothing here waits out a timeout when it passes: every wait ends as soon as what it waits for is there.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import shiboken6

from cocommission.model.base import today
from cocommission.services import voting
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.room_joining import IssuedCard, issue_join_cards
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.console_window import ROOM_TAB, ConsoleWindow
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.live.vote_scene import VoteScene

CHROMIUM = Path("/usr/bin/chromium")
PHONE_SCREEN = {"width": 360, "height": 740}
VOTERS = ("Ace", "Blaze", "Kiki")
OPTIONS = ("Somewhere to go", "Feel safe", "Jobs")
#: The longest a step may take on a busy machine; a passing step ends as soon as it is done.
PATIENCE_MS = 30_000

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium (CI installs it)"
)


class Browser:
    """Headless Chromium on a thread of its own, for the whole test session.

    Playwright's synchronous API runs on greenlets of the thread that started it. That thread lives as long as
    the browser does, and everything of Playwright's is let go on it: a greenlet freed by a collection on
    another thread after its own thread has ended crashes the interpreter.
    """

    def __init__(self) -> None:
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="phones")
        self._playwright: Any = None
        self.chromium: Any = None
        self.thread.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        self._playwright = sync_playwright().start()
        self.chromium = self._playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])

    def _stop(self) -> None:
        self.chromium.close()
        self._playwright.stop()
        self.chromium = self._playwright = None
        gc.collect()

    def close(self) -> None:
        self.thread.submit(self._stop).result()
        self.thread.shutdown()


class Phones:
    """Phones of one test: each step runs on the browser's thread while the test keeps Qt's event loop turning."""

    def __init__(self, qtbot, browser: Browser) -> None:
        self._qtbot = qtbot
        self._browser = browser
        self._contexts: list[Any] = []

    def run(self, step: Callable[..., Any], *arguments: Any) -> Any:
        """Run ``step(*arguments)`` on the browser's thread and return what it returns, turning Qt's loop meanwhile."""
        future = self._browser.thread.submit(step, *arguments)
        self._qtbot.waitUntil(future.done, timeout=PATIENCE_MS + 5_000)
        return future.result()

    def new(self, *, javascript: bool = True) -> Any:
        """A fresh phone (its own cookies) with a 360×740 screen; a page of Playwright's, used only through ``run``."""

        def open_phone() -> Any:
            context = self._browser.chromium.new_context(viewport=PHONE_SCREEN, java_script_enabled=javascript)
            context.set_default_timeout(PATIENCE_MS)
            self._contexts.append(context)
            return context.new_page()

        return self.run(open_phone)

    def close(self) -> None:
        def put_down() -> None:
            for context in self._contexts:
                context.close()
            self._contexts.clear()
            gc.collect()

        self.run(put_down)


@pytest.fixture(autouse=True)
def _unfreeze_heap():
    """Give back to the garbage collector what opening a console set aside, so tests do not pile it up."""
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    made = Browser()
    yield made
    made.close()


@pytest.fixture
def phones(qtbot, browser) -> Iterator[Phones]:
    made = Phones(qtbot, browser)
    yield made
    made.close()


class Room:
    """The facilitator's side: a commission of three young people, the console with room voting on, the wall."""

    def __init__(self, qtbot, database) -> None:
        self.qtbot = qtbot
        self.database = database
        self.commission_id = perform(database, create_commission, title="Talent Fund").result.id
        for name in VOTERS:
            perform(database, add_participant, commission_id=self.commission_id, pseudonym=name, consent_on=today())
        self.commander = Commander(database, ChangeBus())
        self.wall = ProjectorWindow(self.commander)
        qtbot.addWidget(self.wall)
        self.console = ConsoleWindow(self.commander, self.wall)
        qtbot.addWidget(self.console)
        self.console.set_commission(self.commission_id)
        self.console.show()
        qtbot.waitExposed(self.console)
        self.wall.show()
        qtbot.waitExposed(self.wall)
        self.console.tabs.setCurrentIndex(ROOM_TAB)
        panel = self.console.room
        assert panel.choose_address("127.0.0.1")
        assert panel.start_room()
        self.url = panel.address.text()
        self.cards = {
            card.pseudonym: card for card in perform(database, issue_join_cards, commission_id=self.commission_id).result
        }

    def card(self, pseudonym: str) -> IssuedCard:
        return self.cards[pseudonym]

    def new_round(self, method: str, *, visibility: str = "live", anonymous: bool = True, **rules: Any) -> voting.RoundRow:
        """A round drafted and opened from the window, and put on the wall."""
        made = self.commander.run(
            voting.create_round,
            commission_id=self.commission_id,
            title=f"Which matter most ({method})?",
            method=method,
            options=list(OPTIONS),
            visibility=visibility,
            anonymous=anonymous,
            **rules,
        )
        assert made is not None
        assert self.commander.run(voting.open_round, round_id=made.id, cannot_undo="opened")
        self.wall.show_vote(round_id=made.id)
        return made

    def wall_totals(self) -> dict[str, float]:
        """The totals the wall shows now, by option label (options at nothing left out)."""
        scene = self.wall.current_scene()
        assert isinstance(scene, VoteScene)
        labels = {option.id: option.label for option in scene.round.options} if scene.round is not None else {}
        return {labels[option_id]: value for option_id, value in scene.totals.items() if value}

    def wait_for_wall(self, expected: dict[str, float]) -> None:
        """Wait (turning Qt's loop) until the wall's totals are ``expected``."""

        def shown() -> None:
            assert self.wall_totals() == expected

        self.qtbot.waitUntil(shown, timeout=PATIENCE_MS)

    def ballots(self, round_id: str) -> int:
        return len(self.commander.read(voting.list_ballots, round_id=round_id))


@pytest.fixture
def room(qtbot, database) -> Iterator[Room]:
    made = Room(qtbot, database)
    yield made
    if shiboken6.isValid(made.console):
        made.console.close()
    # The history's steps are let go while the commander is alive: freed with it by a later collection,
    # the undo stack would delete them after Python had already let them go.
    made.commander.undo_stack.clear()


# --------------------------------------------------------------------------- what a phone does


def _join_by_card(page: Any, url: str, token: str) -> None:
    page.goto(f"{url}join/{token}")
    page.locator("p.who").wait_for()


def _option(page: Any, label: str) -> Any:
    return page.locator("li.option").filter(has=page.get_by_text(label, exact=True))


def _set_numbers(page: Any, values: dict[str, int]) -> None:
    """Type numbers into the plain form's boxes (scores; dots when the script is off)."""
    for label, value in values.items():
        _option(page, label).locator("input").fill(str(value))


def _tap_dots(page: Any, dots: dict[str, int]) -> None:
    """Tap dots off, then on, until each option holds what ``dots`` says (the script's stepper)."""
    wanted = {label: dots.get(label, 0) for label in OPTIONS}
    held = {label: int(_option(page, label).locator("input").input_value() or 0) for label in OPTIONS}
    for label in OPTIONS:
        for _ in range(held[label] - wanted[label]):
            page.get_by_role("button", name=f"Take a dot off {label}").click()
    for label in OPTIONS:
        for _ in range(wanted[label] - held[label]):
            page.get_by_role("button", name=f"Put a dot on {label}").click()


def _send(page: Any, *, scripted: bool = True) -> None:
    """Send the ballot and wait until the laptop has answered that it is in."""
    if scripted:
        page.locator("button.send").click()
        # The script marks the form while it waits for the laptop; the answer puts "your vote is in" above it.
        # (Locators, not a script string: the page's Content-Security-Policy refuses to evaluate strings.)
        page.locator("form.ballot.sending").wait_for(state="detached")
        page.locator(".status.in").wait_for()
    else:
        with page.expect_navigation():
            page.locator("button.send").click()
        page.get_by_text("Your vote is in").first.wait_for()


def _vote_dots(page: Any, dots: dict[str, int]) -> None:
    _tap_dots(page, dots)
    _send(page)


def _vote_dots_without_script(page: Any, dots: dict[str, int]) -> None:
    _set_numbers(page, {label: dots.get(label, 0) for label in OPTIONS})
    _send(page, scripted=False)


def _vote_ranking(page: Any, order: list[str]) -> None:
    """Tap the options in order, the favourite first."""
    for label in order:
        _option(page, label).get_by_text(label, exact=True).click()
    _send(page)


def _vote_approval(page: Any, approved: list[str]) -> None:
    for label in OPTIONS:
        _option(page, label).locator("input[type=checkbox]").set_checked(label in approved)
    _send(page)


def _vote_scores(page: Any, scores: dict[str, int]) -> None:
    _set_numbers(page, scores)
    _send(page)


def _text(page: Any) -> str:
    return page.locator("main").inner_text()


# --------------------------------------------------------------------------- the tests


def test_a_phone_joins_by_card_votes_dots_changes_its_vote_and_the_wall_follows(qtbot, room, phones):
    """Join by the card's QR code, vote, see "your vote is in", change the vote: the wall shows each at once."""
    made = room.new_round("dots", dots_per_person=5, max_dots_per_option=3)
    phone = phones.new()
    phones.run(_join_by_card, phone, room.url, room.card("Ace").token)
    phones.run(_vote_dots, phone, {"Somewhere to go": 3, "Jobs": 2})
    room.wait_for_wall({"Somewhere to go": 3, "Jobs": 2})
    # The phone's ballot counts on the wall and on the console as a keyed-in one would.
    scene = room.wall.current_scene()
    assert isinstance(scene, VoteScene)
    assert scene.voted_count == 1
    voting_panel = room.console.voting

    def counted_on_console() -> None:
        assert voting_panel.round is not None
        assert voting_panel.round.id == made.id
        assert voting_panel.voted_label.text().startswith("1 of 3 ")

    qtbot.waitUntil(counted_on_console, timeout=PATIENCE_MS)
    phones.run(_vote_dots, phone, {"Somewhere to go": 0, "Feel safe": 3, "Jobs": 2})
    room.wait_for_wall({"Feel safe": 3, "Jobs": 2})
    assert room.ballots(made.id) == 1
    # The joined phone is listed on the console by pseudonym.
    assert room.console.room.choose_phone("Ace")


@pytest.mark.parametrize(
    ("method", "vote", "expected"),
    [
        ("ranking", lambda page: _vote_ranking(page, ["Jobs", "Somewhere to go", "Feel safe"]), None),
        ("approval", lambda page: _vote_approval(page, ["Feel safe", "Jobs"]), {"Feel safe": 1, "Jobs": 1}),
        ("score", lambda page: _vote_scores(page, {"Somewhere to go": 4, "Feel safe": 1}), None),
    ],
)
def test_a_phone_votes_in_each_kind_of_round(qtbot, room, phones, method, vote, expected):
    """Ranking, approval and scores from a phone land as one ballot each, and the wall counts them."""
    made = room.new_round(method)
    phone = phones.new()
    phones.run(_join_by_card, phone, room.url, room.card("Blaze").token)
    phones.run(vote, phone)
    tally = room.commander.read(voting.tally_round, round_id=made.id).scores
    labels = {option.id: option.label for option in made.options}
    counted = {labels[option_id]: value for option_id, value in tally.items() if value}
    if expected is not None:
        assert counted == expected
    elif method == "ranking":
        assert max(counted, key=counted.get) == "Jobs"
    else:
        assert counted == {"Somewhere to go": 4, "Feel safe": 1}
    # The wall shows the same count, having heard of the phone's ballot through the queued change signal.
    room.wait_for_wall(counted)
    assert room.ballots(made.id) == 1


def test_a_hidden_round_shows_the_phone_nothing_until_the_reveal(qtbot, room, phones):
    """Before the reveal neither the phone nor the wall shows a total; once revealed, the phone shows them itself."""
    made = room.new_round("dots", visibility="hidden_until_reveal", dots_per_person=3, max_dots_per_option=3)
    phone = phones.new()
    phones.run(_join_by_card, phone, room.url, room.card("Kiki").token)
    phones.run(_vote_dots, phone, {"Feel safe": 3})
    assert room.wall_totals() == {}
    assert "Results" not in phones.run(_text, phone)
    assert room.commander.run(voting.close_round, round_id=made.id, cannot_undo="closed")
    phones.run(lambda page: page.get_by_text("Voting has closed").first.wait_for(), phone)
    assert "Results" not in phones.run(_text, phone)
    assert room.commander.run(voting.reveal_round, round_id=made.id, cannot_undo="revealed")
    # The phone hears of the reveal from the window's own commit, without anyone touching it.
    phones.run(lambda page: page.get_by_text("Results").first.wait_for(), phone)
    assert "Feel safe" in phones.run(lambda page: page.locator(".results").inner_text(), phone)
    room.wait_for_wall({"Feel safe": 3})


def test_a_revoked_phone_is_refused(qtbot, room, phones):
    """Once the facilitator revokes a phone it can no longer see or cast a ballot: an open page goes back to joining
    by itself, and a page asked for again says why."""
    made = room.new_round("dots", dots_per_person=5, max_dots_per_option=3)
    scripted, plain = phones.new(), phones.new(javascript=False)
    phones.run(_join_by_card, scripted, room.url, room.card("Ace").token)
    phones.run(_join_by_card, plain, room.url, room.card("Blaze").token)
    panel = room.console.room
    qtbot.waitUntil(lambda: panel.phone_rows.rowCount() == 2)
    for pseudonym in ("Ace", "Blaze"):
        assert panel.choose_phone(pseudonym)
        assert panel.revoke_chosen()
    # The open ballot page hears of it and goes back to the join page, where the phone can join again.
    phones.run(lambda page: page.locator("body[data-page='join']").wait_for(state="attached"), scripted)

    def look_again(page: Any) -> str:
        page.goto(f"{room.url}vote")
        return _text(page)

    assert "isn't joined" in phones.run(look_again, plain)
    assert "Join the vote" in phones.run(look_again, scripted)
    assert room.ballots(made.id) == 0
    assert panel.phone_rows.rowCount() == 0


def test_a_phone_without_javascript_joins_with_the_code_and_votes_with_the_plain_form(qtbot, room, phones):
    """With JavaScript off: type the card's code, fill the plain form, send; the vote is in and counted."""
    made = room.new_round("dots", dots_per_person=5, max_dots_per_option=3)
    phone = phones.new(javascript=False)

    def join_with_code(page: Any) -> None:
        page.goto(room.url)
        page.get_by_label("Type the code on your card").fill(room.card("Blaze").code)
        page.get_by_label("Type the code on your card").press("Enter")
        page.locator("p.who").wait_for()

    phones.run(join_with_code, phone)
    phones.run(_vote_dots_without_script, phone, {"Jobs": 3, "Feel safe": 1})
    room.wait_for_wall({"Jobs": 3, "Feel safe": 1})
    phones.run(_vote_dots_without_script, phone, {"Jobs": 1, "Feel safe": 1})
    room.wait_for_wall({"Jobs": 1, "Feel safe": 1})
    assert room.ballots(made.id) == 1


def test_a_phone_joining_with_the_pin_waits_until_the_facilitator_lets_it_in(qtbot, room, phones):
    """Choose a name, type the PIN: the phone waits on "Nearly there" until the console's Let in, then shows its ballot."""
    room.new_round("dots", dots_per_person=5, max_dots_per_option=3)
    panel = room.console.room
    phone = phones.new()
    pin = panel.server.pin

    def ask(page: Any) -> str:
        page.goto(room.url)
        page.get_by_label("Choose your name").select_option(label="Ace")
        page.get_by_label("Type the PIN the facilitator tells you").fill(pin)
        page.get_by_label("Type the PIN the facilitator tells you").press("Enter")
        page.get_by_text("Show this screen to the facilitator").wait_for()
        return page.url

    assert phones.run(ask, phone).endswith("/asking")
    qtbot.waitUntil(lambda: panel.asking_rows.rowCount() == 1, timeout=PATIENCE_MS)
    assert panel.asking_rows.rows()[0].pseudonym == "Ace"
    panel.let_in_button.click()
    qtbot.waitUntil(lambda: panel.phone_rows.rowCount() == 1, timeout=PATIENCE_MS)

    def moved_on(page: Any) -> str:
        page.locator("p.who").wait_for()  # the page looked again by itself and went on to the ballot
        return _text(page)

    assert "You are Ace" in phones.run(moved_on, phone)
