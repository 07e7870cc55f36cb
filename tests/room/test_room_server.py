"""The room server's thread and socket: binding to one address only, stopping frees the port at once."""

from __future__ import annotations

import socket
import sys
import time

import pytest
from tests.room.phone import Phone

from cocommission.room.hygiene import CONTENT_SECURITY_POLICY
from cocommission.room.server import PIN_DIGITS, ROOM_SWITCH_INTERVAL, RoomServer, RoomServerError


def _port(server: RoomServer) -> int:
    return int(server.url.rsplit(":", 1)[1].rstrip("/"))


def test_start_gives_the_address_and_a_new_pin_each_time(database, commission_id):
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0)
    url = room.start()
    try:
        assert url == room.url
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        assert room.running
        assert room.pin.isdigit() and len(room.pin) == PIN_DIGITS
        first_pin = room.pin
    finally:
        room.stop()
    assert not room.running and room.url == "" and room.pin == ""
    pins = set()
    for _ in range(3):
        room.start()
        pins.add(room.pin)
        room.stop()
    assert len(pins | {first_pin}) > 1, "the PIN is made new each time the server starts"


def test_stop_frees_the_port_at_once(server, phone):
    port = _port(server)
    assert phone.get("/static/ballot.css").status == 200
    server.stop()
    again = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As the server itself binds: connections just closed may wait in TIME_WAIT, a listener may not.
    again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        again.bind(("127.0.0.1", port))
        again.listen()  # raises "address in use" if the server still listened there
    finally:
        again.close()


def test_the_same_port_serves_again_after_a_stop(database, commission_id, server, phone):
    port = _port(server)
    phone.get("/static/ballot.js")
    server.stop()
    second = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=port)
    second.start()
    try:
        assert _port(second) == port
        assert Phone(second.url).get("/static/ballot.css").status == 200
    finally:
        second.stop()


def test_a_port_in_use_is_refused_in_words(database, commission_id, server):
    other = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=_port(server))
    with pytest.raises(RoomServerError, match="already in use by another program"):
        other.start()
    assert not other.running


def test_an_address_that_is_not_the_laptops_is_refused_in_words(database, commission_id):
    # 198.51.100.0/24 is set aside for documentation: no laptop has it.
    room = RoomServer(database, commission_id=commission_id, host="198.51.100.7")
    with pytest.raises(RoomServerError, match="not this laptop's address"):
        room.start()
    assert not room.running


@pytest.mark.parametrize("host", ["localhost", "my laptop", ""])
def test_a_name_instead_of_an_address_is_refused(database, commission_id, host):
    with pytest.raises(RoomServerError, match="is not an address"):
        RoomServer(database, commission_id=commission_id, host=host).start()


def test_a_port_out_of_range_is_refused(database, commission_id):
    with pytest.raises(RoomServerError, match="is not a port"):
        RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=70000).start()


def test_the_server_answers_on_the_chosen_address_only(server, phone):
    """Bound to 127.0.0.1, it cannot be reached through another of the laptop's addresses."""
    assert phone.get("/static/ballot.css").status == 200
    port = _port(server)
    for other in ("127.0.0.2", *_other_addresses()):
        with pytest.raises(OSError):
            socket.create_connection((other, port), timeout=2).close()


def _other_addresses() -> list[str]:
    from cocommission.room.addresses import laptop_addresses

    return [address.host for address in laptop_addresses() if not address.loopback]


def test_every_answer_carries_the_security_headers(phone):
    for path in ("/static/ballot.css", "/no-such-page"):
        answer = phone.get(path)
        assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert answer.headers["Cache-Control"] == "no-store"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.headers["Referrer-Policy"] == "no-referrer"


def test_an_unknown_page_is_a_readable_404(phone):
    answer = phone.get("/admin")
    assert answer.status == 404
    assert "There is no such page here" in answer.words
    assert answer.headers["Content-Type"].startswith("text/html")


def test_stopping_ends_the_event_streams_at_once(server, joined_secret):
    listening = socket.create_connection(("127.0.0.1", _port(server)), timeout=5)
    host = server.url.split("/")[2]
    listening.sendall(f"GET /events HTTP/1.1\r\nHost: {host}\r\nCookie: room_phone={joined_secret}\r\n\r\n".encode())
    assert b"text/event-stream" in listening.recv(4096)
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 2.0, "a listening phone does not hold the stop up"
    listening.close()


def test_every_network_when_chosen_answers_to_each_laptop_address_only(database, commission_id):
    from cocommission.room.addresses import laptop_addresses

    room = RoomServer(database, commission_id=commission_id, host="0.0.0.0")
    room.start()
    try:
        port = _port(room)
        reachable = [address.host for address in laptop_addresses() if not address.loopback]
        assert room.url == f"http://{(reachable or ['127.0.0.1'])[0]}:{port}/", "the address shown is one a phone can reach"
        for address in laptop_addresses():
            assert Phone(f"http://{address.host}:{port}/").get("/static/ballot.css").status == 200
        assert Phone(f"http://127.0.0.1:{port}/").get("/static/ballot.css", Host=f"evil.example:{port}").status == 421
    finally:
        room.stop()


def test_a_malformed_request_leaves_no_address_in_the_log(server, caplog):
    """aiohttp would log the sender's address with a request it cannot read; the room logs none."""
    import logging

    caplog.set_level(logging.DEBUG)
    raw = socket.create_connection(("127.0.0.1", _port(server)), timeout=5)
    try:
        host = server.url.split("/")[2]
        raw.sendall(f"GET / HTTP/1.1\r\nHost: {host}\r\nHost: {host}\r\nContent-Length: x\r\n\r\n".encode())
        assert b" 400 " in raw.recv(4096).split(b"\r\n")[0]
    finally:
        raw.close()
    server.stop()
    assert not [record for record in caplog.records if "127.0.0.1" in record.getMessage()]


def test_threads_take_shorter_turns_while_the_room_is_open_and_the_usual_ones_after(database, commission_id):
    """While phones vote, the window, the room's loop and its database worker take turns of at most
    ROOM_SWITCH_INTERVAL, so none waits long behind another; stopping the room gives Python's back."""
    before = sys.getswitchinterval()
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0)
    room.start()
    try:
        assert sys.getswitchinterval() == pytest.approx(min(before, ROOM_SWITCH_INTERVAL))
        assert before > ROOM_SWITCH_INTERVAL
    finally:
        room.stop()
    assert sys.getswitchinterval() == pytest.approx(before)
