"""Joining the room's vote from a phone over HTTP: a card's QR code, its typed code, or the PIN."""

from __future__ import annotations

from sqlalchemy import func, select
from tests.room.conftest import CONSENT
from tests.room.phone import Phone

from cocommission.model import RoomPhone
from cocommission.services.perform import perform, read
from cocommission.services.room_joining import issue_join_cards, list_phones, revoke_phone


def _cards(database, commission_id):
    cards = perform(database, issue_join_cards, commission_id=commission_id).result
    return {card.pseudonym: card for card in cards}


def _phones(database) -> int:
    return read(database, lambda session: session.scalar(select(func.count()).select_from(RoomPhone)))


def test_the_join_page_lists_who_can_join_with_the_pin(phone, people):
    page = phone.get("/")
    assert page.status == 200
    assert "Kiki" in page.text and "Blaze &lt;b&gt;" in page.text and "<b>" not in page.text
    assert "Tee" not in page.text, "someone without consent cannot join"
    assert page.field("csrf")
    cookie = page.headers["Set-Cookie"]
    assert "room_visitor=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_a_card_s_qr_code_joins_and_sets_the_phone_s_cookie(database, commission_id, people, phone, announced):
    card = _cards(database, commission_id)["Kiki"]
    answer = phone.get(f"/join/{card.token}")
    assert answer.status == 303 and answer.headers["Location"] == "/vote"
    cookie = [c for c in answer.headers.get_all("Set-Cookie") if c.startswith("room_phone=")][0]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert any(changes.touches("room_phone") for changes in announced), "the window hears of the join"
    assert phone.get("/").headers["Location"] == "/vote", "a joined phone goes straight to its ballot"
    # A card is used once.
    again = Phone(phone.url).get(f"/join/{card.token}")
    assert again.status in (403, 404, 409)
    assert "card" in again.words.lower()


def test_a_typed_code_joins(database, commission_id, people, phone):
    card = _cards(database, commission_id)["Kiki"]
    page = phone.get("/")
    answer = phone.post_form("/join", {"csrf": page.field("csrf"), "code": card.code.lower().replace("-", " ")})
    assert answer.status == 303 and answer.headers["Location"] == "/vote"
    assert "room_phone" in phone.cookies


def test_a_wrong_code_is_refused_in_words_and_nothing_is_written(database, commission_id, people, phone):
    _cards(database, commission_id)
    page = phone.get("/")
    answer = phone.post_form("/join", {"csrf": page.field("csrf"), "code": "AAAA-AAAA"})
    assert 400 <= answer.status < 500
    assert "Join the vote" in answer.text and 'value="AAAA-AAAA"' in answer.text, "the typed code is kept"
    assert "room_phone" not in phone.cookies
    assert _phones(database) == 0


def test_the_pin_joins_and_a_wrong_pin_is_refused(database, people, phone, server):
    page = phone.get("/")
    wrong = "000000" if server.pin != "000000" else "111111"
    refused = phone.post_form("/join", {"csrf": page.field("csrf"), "participant": people.kiki, "pin": wrong})
    assert refused.status == 409
    assert "PIN isn't right" in refused.words
    assert _phones(database) == 0
    spaced = f"{server.pin[:3]} {server.pin[3:]}"
    joined = phone.post_form("/join", {"csrf": page.field("csrf"), "participant": people.kiki, "pin": spaced})
    assert joined.status == 303
    assert _phones(database) == 1


def test_someone_without_consent_cannot_join_with_the_pin(database, people, phone, server):
    page = phone.get("/")
    answer = phone.post_form("/join", {"csrf": page.field("csrf"), "participant": people.unconsented, "pin": server.pin})
    assert 400 <= answer.status < 500
    assert _phones(database) == 0


def test_an_empty_join_form_says_what_to_type(people, phone):
    page = phone.get("/")
    answer = phone.post_form("/join", {"csrf": page.field("csrf")})
    assert answer.status == 400
    assert "Type the code on your card, or choose your name and type the PIN." in answer.words


def test_a_revoked_phone_is_sent_back_to_the_join_page(database, commission_id, people, phone):
    card = _cards(database, commission_id)["Kiki"]
    phone.get(f"/join/{card.token}")
    (row,) = read(database, lambda session: list_phones(session, commission_id=commission_id))
    perform(database, revoke_phone, phone_id=row.phone_id)
    page = phone.get("/")
    assert page.status == 200 and "Join the vote" in page.text
    assert "room_phone" not in phone.cookies, "the revoked phone's cookie is dropped"
    # Its holder joins again at once with a new card, through the form that page showed.
    card = _cards(database, commission_id)["Kiki"]
    again = phone.post_form("/join", {"csrf": page.field("csrf"), "code": card.code})
    assert again.status == 303 and "room_phone" in phone.cookies


def test_a_phone_of_another_commission_is_not_let_in(database, people, phone, server):
    from cocommission.services.commissions import create_commission
    from cocommission.services.participants import add_participant

    other = perform(database, create_commission, title="Another fund").result.id
    perform(database, add_participant, commission_id=other, pseudonym="Zed", consent_on=CONSENT)
    card = _cards(database, other)["Zed"]
    answer = phone.get(f"/join/{card.token}")
    assert 400 <= answer.status < 500, "a card of another commission does not join this room"
    assert "room_phone" not in phone.cookies


def test_a_phone_whose_holder_is_left_off_the_workshops_register_is_refused(database, commission_id, people):
    """The room is open for a workshop; Kiki joined before the register was taken, and is not on it."""
    from cocommission.room.server import RoomServer
    from cocommission.services.attendance import set_attendance
    from cocommission.services.workshops import add_workshop

    day = perform(database, add_workshop, commission_id=commission_id, title="Workshop", minutes=90).result.id
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0, workshop_id=day)
    room.start()
    try:
        kiki = Phone(room.url)
        kiki.get(f"/join/{_cards(database, commission_id)['Kiki'].token}")
        assert kiki.get("/api/round").status == 200
        perform(database, set_attendance, workshop_id=day, participant_id=people.blaze, present=True)
        refused = kiki.get("/api/round")
        assert refused.status == 403 and "register" in refused.json()["message"]
    finally:
        room.stop()


def test_a_running_room_follows_the_workshop_the_console_turns_to(database, commission_id, people):
    """Room voting was turned on before the facilitator picked today's workshop on the console: from
    then on the room checks phones against today's register, not the one it started with."""
    from cocommission.room.server import RoomServer
    from cocommission.services.attendance import set_attendance
    from cocommission.services.workshops import add_workshop

    last_week = perform(database, add_workshop, commission_id=commission_id, title="Last week", minutes=90).result.id
    today = perform(database, add_workshop, commission_id=commission_id, title="Today", minutes=90).result.id
    perform(database, set_attendance, workshop_id=last_week, participant_id=people.kiki, present=True)
    perform(database, set_attendance, workshop_id=today, participant_id=people.blaze, present=True)
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0, workshop_id=last_week)
    room.start()
    try:
        kiki = Phone(room.url)
        kiki.get(f"/join/{_cards(database, commission_id)['Kiki'].token}")
        assert kiki.get("/api/round").status == 200
        room.set_workshop(today)
        assert room.workshop_id == today
        refused = kiki.get("/api/round")
        assert refused.status == 403 and "register" in refused.json()["message"]
        room.set_workshop(last_week)
        assert kiki.get("/api/round").status == 200
    finally:
        room.stop()
