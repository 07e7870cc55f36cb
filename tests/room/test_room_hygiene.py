"""Web hygiene, tried over a real socket: Host allowlist, CSRF, sizes, rate limits, event streams."""

from __future__ import annotations

import socket
import time

import pytest
from tests.room.phone import Phone

from cocommission.room.hygiene import MAX_BODY_BYTES, PHONE_COOKIE, Buckets, RateLimit, RateLimits
from cocommission.room.server import RoomServer
from cocommission.services.changes import Changes


def test_a_request_naming_another_host_is_refused(phone):
    """DNS rebinding: a page on evil.example resolving to the laptop still names evil.example."""
    for host in ("evil.example", "evil.example:80", "localhost:" + phone.host.split(":")[1], "127.0.0.1"):
        answer = phone.get("/static/ballot.css", Host=host)
        assert answer.status == 421, host
        assert "not the room's address" in answer.words
        assert answer.body.count(b"ballot.css") == 1  # the page links its stylesheet; the file itself is not sent
    assert phone.get("/static/ballot.css").status == 200


def test_the_script_gets_refusals_as_json(phone):
    answer = phone.get("/api/round", Host="evil.example")
    assert answer.status == 421
    assert answer.json() == {"message": "This is not the room's address. Type the address the facilitator showed you."}


def test_a_post_without_its_csrf_token_is_refused(phone):
    phone.get("/static/ballot.css")  # a visitor cookie, as the join page would give
    assert "room_visitor" in phone.cookies
    answer = phone.post_form("/join", {"code": "ABCD-EFGH"})
    assert answer.status == 403
    assert "out of date" in answer.words
    refused = phone.post_json("/api/ballot", {"round": "r", "submission": "s", "choices": {}}, csrf=None)
    assert refused.status == 403
    assert "out of date" in refused.json()["message"]


def test_a_csrf_token_made_for_another_cookie_is_refused(phone, server):
    other = Phone(server.url)
    other.get("/static/ballot.css")
    phone.get("/static/ballot.css")
    from cocommission.room import hygiene

    # A token for the other phone's cookie (worked out here with the server's key, as a page would).
    guard_key = server._guard.csrf_key
    token = hygiene._token(guard_key, f"visitor:{other.cookies['room_visitor']}")
    answer = phone.post_form("/join", {"code": "ABCD-EFGH", "csrf": token})
    assert answer.status == 403


def test_a_post_from_another_website_is_refused(phone):
    phone.get("/static/ballot.css")
    answer = phone.post_form("/join", {"code": "x", "csrf": "whatever"}, Origin="http://evil.example")
    assert answer.status == 403
    assert "another website" in answer.words


def test_a_form_post_with_a_null_origin_is_judged_by_its_token(phone):
    """Browsers send "Origin: null" for a form post from a page with "Referrer-Policy: no-referrer"."""
    page = phone.get("/static/ballot.css")
    assert page.status == 200
    refused = phone.post_form("/join", {"code": "x"}, Origin="null")
    assert refused.status == 403 and "out of date" in refused.words


def test_a_huge_body_is_refused_before_it_is_read(phone):
    phone.get("/static/ballot.css")
    answer = phone.post_form("/join", {"code": "x" * (MAX_BODY_BYTES + 1)})
    assert answer.status == 413
    assert "too much to send" in answer.words
    answer = phone.request("POST", "/api/ballot", b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}",
                           {"Content-Type": "application/json"})
    assert answer.status == 413
    assert "too much" in answer.json()["message"]


def test_a_phone_tapping_too_fast_is_slowed_down(database, commission_id):
    room = RoomServer(
        database, commission_id=commission_id, host="127.0.0.1",
        limits=RateLimits(
            requests=RateLimit(burst=5, per_second=0.5), joining=RateLimit(burst=2, per_second=0.1), laptop_exempt=False
        ),
    )
    room.start()
    try:
        phone = Phone(room.url)
        statuses = [phone.get("/static/ballot.css").status for _ in range(7)]
        assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
        answer = phone.get("/static/ballot.js")
        assert "Wait a few seconds" in answer.words
        # Joining is limited by address, whatever cookie is sent with it.
        joins = [Phone(room.url, cookies={"room_phone": f"made-up-{n}"}).post_form("/join", {}).status for n in range(3)]
        assert joins[2] == 429
    finally:
        room.stop()


def test_made_up_phone_cookies_do_not_get_a_fresh_allowance_each(database, commission_id):
    """Every request also counts against its address, so inventing a new cookie each time does not help."""
    room = RoomServer(
        database, commission_id=commission_id, host="127.0.0.1", port=0,
        limits=RateLimits(
            requests=RateLimit(burst=5, per_second=0.5), joining=RateLimit(burst=2, per_second=0.1), laptop_exempt=False
        ),
    )
    room.start()
    try:
        statuses = [
            Phone(room.url, cookies={"room_phone": f"made-up-{n}"}).get("/api/round").status for n in range(7)
        ]
        assert statuses[:5] == [403] * 5 and statuses[5:] == [429, 429]
    finally:
        room.stop()


def test_phones_on_the_laptop_itself_are_limited_only_once_joined(database, commission_id):
    room = RoomServer(
        database, commission_id=commission_id, host="127.0.0.1",
        limits=RateLimits(requests=RateLimit(burst=3, per_second=0.1), joining=RateLimit(burst=1, per_second=0.1)),
    )
    room.start()
    try:
        visitor = Phone(room.url)
        assert {visitor.get("/static/ballot.css").status for _ in range(6)} == {200}
        joined = Phone(room.url, cookies={"room_phone": "a-phone"})
        assert [joined.get("/static/ballot.css").status for _ in range(4)] == [200, 200, 200, 429]
    finally:
        room.stop()


def test_token_buckets_fill_again_over_time():
    now = [0.0]
    buckets = Buckets(RateLimit(burst=2, per_second=1.0), clock=lambda: now[0])
    assert [buckets.take("a"), buckets.take("a"), buckets.take("a")] == [True, True, False]
    assert buckets.take("b"), "each phone has its own bucket"
    now[0] = 1.0
    assert buckets.take("a") and not buckets.take("a")


def _listen(server: RoomServer, secret: str) -> socket.socket:
    port = int(server.url.rsplit(":", 1)[1].rstrip("/"))
    listening = socket.create_connection(("127.0.0.1", port), timeout=5)
    host = server.url.split("/")[2]
    listening.sendall(f"GET /events HTTP/1.1\r\nHost: {host}\r\nCookie: {PHONE_COOKIE}={secret}\r\n\r\n".encode())
    received = b""
    while b"retry:" not in received:
        received += listening.recv(4096)
    return listening


def _next_event(listening: socket.socket) -> bytes:
    received = b""
    deadline = time.monotonic() + 5
    while b"event:" not in received and time.monotonic() < deadline:
        received += listening.recv(4096)
    return received


def test_the_console_s_changes_reach_listening_phones(server, joined_secret):
    listening = _listen(server, joined_secret)
    try:
        server.notify_changed(Changes(commission_ids=frozenset({server.commission_id}),
                                      by_kind={"vote_round": frozenset({"r1"})}))
        assert b"event: round" in _next_event(listening)
        server.notify_changed()  # no changes named: the phones look again anyway
        assert b"event: round" in _next_event(listening)
    finally:
        listening.close()


@pytest.mark.parametrize(
    "changes",
    [
        Changes(commission_ids=frozenset({"another"}), by_kind={"vote_round": frozenset({"r1"})}),
        Changes(commission_ids=frozenset(), by_kind={"bid": frozenset({"b1"})}),
    ],
    ids=["another commission", "nothing a phone shows"],
)
def test_changes_a_phone_does_not_show_send_no_event(server, changes, joined_secret):
    listening = _listen(server, joined_secret)
    listening.settimeout(0.5)
    try:
        server.notify_changed(changes)
        with pytest.raises(TimeoutError):
            listening.recv(4096)
    finally:
        listening.close()


def test_notifying_a_stopped_server_does_nothing(server):
    server.stop()
    server.notify_changed()


def test_only_a_joined_phone_listens_and_only_on_a_few_pages(server, joined_secret):
    """A made-up cookie holds no stream open; one phone holds a few at most."""
    from cocommission.room.app import MOST_LISTENING_PER_PHONE

    stranger = Phone(server.url, cookies={PHONE_COOKIE: "made-up"}).get("/events")
    assert stranger.status == 403 and "Join" in stranger.json()["message"]
    streams = [_listen(server, joined_secret) for _ in range(MOST_LISTENING_PER_PHONE)]
    try:
        one_too_many = Phone(server.url, cookies={PHONE_COOKIE: joined_secret}).get("/events")
        assert one_too_many.status == 429
    finally:
        for stream in streams:
            stream.close()
