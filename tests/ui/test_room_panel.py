"""Room voting on the console: on and off on the chosen address, the PIN, the joined phones, revoking, and
phones' changes reaching the console and the projector on the GUI thread."""

from __future__ import annotations

import gc
import socket
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest
import shiboken6
from control_names import unnamed_controls
from PySide6.QtCore import QCoreApplication, QThread

from cocommission.model.base import today
from cocommission.room.addresses import laptop_addresses
from cocommission.services.changes import Changes
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.room_joining import issue_join_cards, list_phones
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.console_window import ROOM_TAB, ConsoleWindow
from cocommission.ui.live.join_scene import JoinScene
from cocommission.ui.live.projector_controls_panel import JOIN
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.live.room_panel import EVERY_NETWORK

LOOPBACK = "127.0.0.1"


@pytest.fixture(autouse=True)
def _unfreeze_heap():
    """Give back to the garbage collector what opening a console set aside, so tests do not pile it up."""
    yield
    gc.unfreeze()


@pytest.fixture
def room(qtbot, database):
    """A console (with its projector) on a commission of three young people, its room panel on loopback."""
    commission_id = perform(database, create_commission, title="Talent Fund").result.id
    for name in ("Ace", "Blaze", "Kiki"):
        perform(database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today())
    commander = Commander(database, ChangeBus())
    wall = ProjectorWindow(commander)
    qtbot.addWidget(wall)
    console = ConsoleWindow(commander, wall)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    console.show()
    qtbot.waitExposed(console)
    console.tabs.setCurrentIndex(ROOM_TAB)
    assert console.room.choose_address(LOOPBACK)
    yield console
    if shiboken6.isValid(console):
        console.close()
    # The history's steps are let go while the commander is alive (see test_phones_end_to_end.py).
    commander.undo_stack.clear()


def _port_is_free(port: int) -> bool:
    """Whether another server could listen on ``port`` now (as the room server does, past closed connections)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((LOOPBACK, port))
            probe.listen(1)
        except OSError:
            return False
    return True


def _port(url: str) -> int:
    return int(url.rstrip("/").rsplit(":", 1)[1])


def _join_by_card(database, commission_id: str, url: str, pseudonym: str) -> urllib.request.OpenerDirector:
    """A phone (an HTTP client keeping its cookie) that opened ``pseudonym``'s join card."""
    cards = perform(database, issue_join_cards, commission_id=commission_id).result
    (card,) = (card for card in cards if card.pseudonym == pseudonym)
    phone = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with phone.open(f"{url}join/{card.token}", timeout=10) as answer:
        assert answer.status == 200
    return phone


def test_turning_room_voting_on_serves_the_chosen_address_and_off_frees_the_port(qtbot, room):
    """On: the ballot page answers at the address shown, with a PIN to read out; off: the port is free again."""
    panel = room.room
    panel.switch.click()
    assert panel.running
    url = panel.address.text()
    assert url.startswith(f"http://{LOOPBACK}:")
    assert panel.pin.text().removeprefix("PIN ").strip()
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.status == 200
    panel.switch.click()
    assert not panel.running
    assert panel.address.text() == ""
    assert panel.pin.text() == ""
    assert _port_is_free(_port(url))


def test_closing_the_console_stops_room_voting(qtbot, room):
    """Nothing serves phones once the console that drives the room is closed."""
    room.room.switch.click()
    url = room.room.address.text()
    room.close()
    assert not room.room.running
    assert _port_is_free(_port(url))


def test_the_networks_offered_put_loopback_last_and_every_network_only_as_a_choice(room):
    """The laptop's networks come first, loopback after them, and "every network" is never chosen for you."""
    panel = room.room
    hosts = [panel.addresses.itemData(index) for index in range(panel.addresses.count())]
    assert hosts == [*(found.host for found in laptop_addresses()), EVERY_NETWORK]
    assert hosts.index(LOOPBACK) == len(hosts) - 2
    panel.load_addresses()
    assert panel.addresses.currentData() == LOOPBACK
    fresh = Commander(room.commander.database, ChangeBus())
    other = type(panel)(fresh)
    assert other.addresses.currentData() != EVERY_NETWORK
    other.deleteLater()


def test_an_address_the_laptop_no_longer_has_is_refused_with_a_message(qtbot, room, problems_of_console):
    """A network that went away since the list was read: a readable message, and room voting stays off."""
    panel = room.room
    # 192.0.2.0/24 is kept for documentation: no laptop has one of its addresses.
    panel.addresses.addItem("Wi-Fi that went away (192.0.2.7)", "192.0.2.7")
    panel.addresses.setCurrentIndex(panel.addresses.count() - 1)
    panel.switch.click()
    assert not panel.running
    assert not panel.switch.isChecked()
    assert len(problems_of_console) == 1
    assert "192.0.2.7" in problems_of_console[0]
    assert "Traceback" not in problems_of_console[0]


@pytest.fixture
def problems_of_console(room) -> list[str]:
    said: list[str] = []
    room.commander.failed.connect(said.append)
    return said


def test_a_phone_joining_shows_on_the_console_through_the_gui_thread(qtbot, room):
    """A join committed on the server's thread is announced on the GUI thread, and the phone is listed."""
    panel, commander = room.room, room.commander
    panel.switch.click()
    threads: list[bool] = []
    commander.bus.changes_applied.connect(
        lambda _changes, _initiator: threads.append(QThread.currentThread() is QCoreApplication.instance().thread())
    )
    _join_by_card(commander.database, room.commission_id, panel.address.text(), "Blaze")
    qtbot.waitUntil(lambda: panel.phone_rows.rowCount() == 1)
    assert panel.phone_rows.rows()[0].pseudonym == "Blaze"
    assert panel.phones_heading.text() == "Joined phones (1)"
    assert threads and all(threads)


def test_revoking_a_phone_refuses_it_and_cannot_be_undone(qtbot, room):
    """Revoke goes through the window's command path: the phone is refused next time, and Undo says why not."""
    panel, commander = room.room, room.commander
    panel.switch.click()
    url = panel.address.text()
    phone = _join_by_card(commander.database, room.commission_id, url, "Kiki")
    qtbot.waitUntil(lambda: panel.phone_rows.rowCount() == 1)
    assert panel.choose_phone("Kiki")
    assert panel.revoke_chosen()
    assert panel.phone_rows.rowCount() == 0
    assert [row.revoked for row in commander.read(list_phones, commission_id=room.commission_id)] == [True]
    assert commander.cannot_undo_reason()
    with pytest.raises(urllib.error.HTTPError) as refused:
        phone.open(f"{url}api/round", timeout=10)
    refused.value.close()
    assert 400 <= refused.value.code < 500


def test_the_join_scene_follows_room_voting_and_never_shows_the_pin(qtbot, room):
    """The Join button is there only while room voting is on; the wall shows the address, not the PIN."""
    panel, scenes, wall = room.room, room.scenes, room.projector
    assert not scenes.buttons[JOIN].isEnabled()
    panel.switch.click()
    assert scenes.buttons[JOIN].isEnabled()
    assert scenes.show_scene(JOIN)
    scene = wall.current_scene()
    assert isinstance(scene, JoinScene)
    assert scene.url == panel.address.text()
    shown = " ".join(scene.visible_texts())
    address = panel.address.text().removeprefix("http://").rstrip("/")
    assert address in shown
    assert panel.server is not None
    assert panel.server.pin not in shown.replace(address, "")
    assert "PIN" not in shown
    panel.switch.click()
    assert not isinstance(wall.current_scene(), JoinScene)
    assert not scenes.buttons[JOIN].isEnabled()


def test_the_room_panel_names_every_control(room):
    """Every control on the room tab can be found by a screen reader."""
    assert unnamed_controls(room.room) == []


def test_quitting_the_app_stops_room_voting(qtbot, example_window):
    """Closing the main window (quitting) takes the console down, and with it the room server and its port."""
    example_window.open_live_console()
    console = example_window.console
    assert console is not None
    panel = console.room
    assert panel.choose_address(LOOPBACK)
    assert panel.start_room()
    url = panel.address.text()
    example_window.close()
    assert not panel.running
    assert _port_is_free(_port(url))
    example_window.commander.undo_stack.clear()


def test_changes_from_many_phones_at_once_are_announced_together(qtbot, room):
    """Ballots arriving together from several phones cost the console and the wall one refresh, holding them all."""
    panel, bus = room.room, room.commander.bus
    heard: list[tuple[Changes, object]] = []
    bus.changes_applied.connect(lambda changes, initiator: heard.append((changes, initiator)))
    for ballot in ("b1", "b2", "b3"):
        panel.relay.arrived.emit(
            Changes(commission_ids=frozenset({room.commission_id}), by_kind={"ballot": frozenset({ballot})})
        )
    qtbot.waitUntil(lambda: len(heard) == 1)
    QCoreApplication.processEvents()
    ((changes, initiator),) = heard
    assert changes.by_kind == {"ballot": frozenset({"b1", "b2", "b3"})}
    assert changes.commission_ids == {room.commission_id}
    assert initiator is panel.relay


def test_when_the_usual_port_is_taken_the_console_says_the_address_changed(qtbot, room):
    """Cards and sheets printed before name the usual port: the facilitator is told the room is elsewhere now."""
    import contextlib
    import socket

    from cocommission.room.server import PREFERRED_PORT

    said: list[str] = []
    room.room.commander.succeeded.connect(said.append)
    with socket.socket() as holder:
        # Another program listening there (connections of earlier runs waiting to close do not count).
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        with contextlib.suppress(OSError):  # already listened on (by another test's room): just as good
            holder.bind((LOOPBACK, PREFERRED_PORT))
            holder.listen()
        assert room.room.start_room()
    assert _port(room.room.address.text()) != PREFERRED_PORT
    assert said and str(PREFERRED_PORT) in said[-1]
    room.room.stop_room()


def test_choosing_another_workshop_on_the_console_moves_a_running_room_to_its_register(qtbot, room):
    """Room voting turned on first, today's workshop chosen after: the room checks phones against today's register."""
    from cocommission.services.workshops import add_workshop

    database = room.commander.database
    commission_id = room.commission_id
    days = [
        perform(database, add_workshop, commission_id=commission_id, title=title, minutes=90).result.id
        for title in ("Last week", "Today")
    ]
    room.set_commission(commission_id)  # the console lists the workshops it now has
    room.workshop_combo.setCurrentIndex(room.workshop_combo.findData(days[0]))
    room.room.switch.click()
    assert room.room.running and room.room.server.workshop_id == days[0]
    room.workshop_combo.setCurrentIndex(room.workshop_combo.findData(days[1]))
    assert room.room.server.workshop_id == days[1]
    assert room.room.server._room.settings.workshop_id == days[1]


def _ask_with_the_pin(url: str, participant_id: str, pin: str) -> urllib.request.OpenerDirector:
    """A phone that chose a name and typed the PIN: it is left waiting on its asking page."""
    import re
    from urllib.parse import urlencode

    phone = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with phone.open(url, timeout=10) as page:
        csrf = re.search(r'name="csrf" value="([^"]*)"', page.read().decode()).group(1)
    form = urlencode({"csrf": csrf, "participant": participant_id, "pin": pin}).encode()
    with phone.open(f"{url}join", data=form, timeout=10) as answer:
        assert answer.status == 200 and answer.url.endswith("/asking")
        assert "Show this screen to the facilitator" in answer.read().decode()
    return phone


def _participant(database, commission_id: str, pseudonym: str) -> str:
    from cocommission.services.participants import list_participants

    people = perform(database, list_participants, commission_id=commission_id).result
    return next(person.id for person in people if person.pseudonym == pseudonym)


def test_a_phone_asking_with_the_pin_joins_only_once_the_facilitator_lets_it_in(qtbot, room):
    """The PIN and a name put the phone on the console's "Asking to join" list; Let in joins it, and it moves on."""
    panel, database = room.room, room.commander.database
    panel.switch.click()
    url = panel.address.text()
    phone = _ask_with_the_pin(url, _participant(database, room.commission_id, "Kiki"), panel.server.pin)
    qtbot.waitUntil(lambda: panel.asking_rows.rowCount() == 1)
    assert panel.asking_rows.rows()[0].pseudonym == "Kiki"
    assert panel.asking_heading.text() == "Asking to join (1)"
    assert panel.phone_rows.rowCount() == 0, "nothing joined yet"
    assert panel.let_in_button.isEnabled(), "the first asking is chosen, ready to let in"
    panel.let_in_button.click()
    qtbot.waitUntil(lambda: panel.phone_rows.rowCount() == 1 and panel.asking_rows.rowCount() == 0)
    assert panel.phone_rows.rows()[0].pseudonym == "Kiki"
    with phone.open(f"{url}asking", timeout=10) as answer:
        assert answer.url.endswith("/vote"), "the phone moves on to its ballot"


def test_a_phone_turned_away_joins_nothing(qtbot, room):
    panel, database = room.room, room.commander.database
    panel.switch.click()
    url = panel.address.text()
    phone = _ask_with_the_pin(url, _participant(database, room.commission_id, "Ace"), panel.server.pin)
    qtbot.waitUntil(lambda: panel.asking_rows.rowCount() == 1)
    panel.turn_away_button.click()
    qtbot.waitUntil(lambda: panel.asking_rows.rowCount() == 0)
    with pytest.raises(urllib.error.HTTPError) as told:
        phone.open(f"{url}asking", timeout=10)
    assert told.value.code == 403 and "did not let this phone in" in told.value.read().decode()
    assert perform(database, list_phones, commission_id=room.commission_id).result == ()
    assert not panel.let_in_button.isEnabled() and not panel.turn_away_button.isEnabled()
