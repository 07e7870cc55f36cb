"""Joining the room's vote from a phone: join cards, the room PIN, and the phones that joined."""

from __future__ import annotations

import base64
import hmac
import json
import re
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from people_fixtures import person, workshop
from sqlalchemy import String, Text, func, select

from cocommission.model import AuditEntry, JoinCard, RoomPhone, whole_schema
from cocommission.services import commissions, room_joining
from cocommission.services.attendance import set_attendance
from cocommission.services.audit import list_audit
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.participants import withdraw_participant
from cocommission.services.perform import perform, read
from cocommission.services.privacy import erase_participant
from cocommission.services.room_joining import (
    CODE_ALPHABET,
    check_pin,
    issue_join_cards,
    join_with_card,
    join_with_pin,
    joinable_participants,
    let_in_with_pin,
    list_phones,
    normalise_code,
    phone_holder,
    revoke_phone,
)

#: What a phone that is not (or no longer) joined is told.
_NOT_JOINED = "This phone isn't joined to the room's vote any more."

CODE = re.compile(f"^[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}$")


@dataclass(frozen=True)
class Room:
    commission_id: str
    kiki: str
    blaze: str
    unconsented: str
    observer: str


def _room(database) -> Room:
    def make(session):
        cid = commissions.create_commission(session, title="Youth fund").id
        return Room(
            commission_id=cid,
            kiki=person(session, cid, "Kiki", full_name="Kiki Adeyemi"),
            blaze=person(session, cid, "Blaze", full_name="Blaze Okoro"),
            unconsented=person(session, cid, "Tee", consent_on=None),
            observer=person(session, cid, "Sam", role="observer"),
        )

    return perform(database, make).result


def _cards(database, room: Room, **arguments):
    cards = perform(database, issue_join_cards, commission_id=room.commission_id, **arguments).result
    return {card.pseudonym: card for card in cards}


def _count(database, model) -> int:
    return read(database, lambda session: session.scalar(select(func.count()).select_from(model)))


def _audit(database) -> list[AuditEntry]:
    return read(database, lambda session: list(session.scalars(select(AuditEntry).order_by(AuditEntry.sequence))))


# --------------------------------------------------------------------------- cards


def test_cards_go_to_everyone_who_can_vote_with_a_long_token_and_a_short_code(database):
    room = _room(database)
    cards = _cards(database, room)
    assert sorted(cards) == ["Blaze", "Kiki"]  # not the unconsented, not the observer
    for card in cards.values():
        assert len(base64.urlsafe_b64decode(card.token + "=" * (-len(card.token) % 4))) >= 16
        assert CODE.match(card.code), card.code
    assert len({card.token for card in cards.values()}) == len({card.code for card in cards.values()}) == 2


def test_naming_someone_who_cannot_vote_issues_no_card(database):
    room = _room(database)
    with pytest.raises(RuleBroken, match="consent"):
        perform(database, issue_join_cards, commission_id=room.commission_id, participant_ids=[room.kiki, room.unconsented])
    with pytest.raises(RuleBroken, match="Only young people and service users vote"):
        perform(database, issue_join_cards, commission_id=room.commission_id, participant_ids=[room.observer])
    with pytest.raises(InvalidInput, match="Choose whom"):
        perform(database, issue_join_cards, commission_id=room.commission_id, participant_ids=[])
    assert _count(database, JoinCard) == 0


def test_a_card_joins_once_by_its_token(database):
    room = _room(database)
    card = _cards(database, room)["Kiki"]
    done = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=card.token)
    joined = done.result
    assert (joined.participant_id, joined.pseudonym) == (room.kiki, "Kiki")
    assert done.changes.touches("room_phone")
    holder = read(database, lambda session: phone_holder(session, secret=joined.secret))
    assert (holder.phone_id, holder.participant_id, holder.commission_id) == (joined.phone_id, room.kiki, room.commission_id)
    with pytest.raises(RuleBroken, match="already been used"):
        perform(database, join_with_card, commission_id=room.commission_id, token_or_code=card.token)
    with pytest.raises(RuleBroken, match="already been used"):
        perform(database, join_with_card, commission_id=room.commission_id, token_or_code=card.code)
    assert _count(database, RoomPhone) == 1


@pytest.mark.parametrize(
    "typed",
    [lambda code: code, lambda code: code.lower(), lambda code: code.replace("-", ""),
     lambda code: f"  {code[:2]} {code[2:6].lower()} {code[6:]} ", lambda code: code.replace("-", "\u2013")],
    ids=["as printed", "lower case", "without the dash", "with spaces", "with an en dash"],
)
def test_a_card_joins_by_its_short_code_however_it_is_typed(database, typed):
    room = _room(database)
    card = _cards(database, room)["Blaze"]
    joined = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=typed(card.code)).result
    assert joined.participant_id == room.blaze


def test_a_reprinted_card_replaces_the_earlier_one(database):
    room = _room(database)
    first = _cards(database, room)["Kiki"]
    second = _cards(database, room, participant_ids=[room.kiki])["Kiki"]
    assert _count(database, JoinCard) == 2  # Kiki's and Blaze's, one each
    for old in (first.token, first.code):
        with pytest.raises(NotFound, match="doesn't match a join card"):
            perform(database, join_with_card, commission_id=room.commission_id, token_or_code=old)
    assert perform(database, join_with_card, commission_id=room.commission_id, token_or_code=second.code).result


def test_a_card_for_another_commission_or_a_wrong_code_is_refused(database):
    room, other = _room(database), _room(database)
    card = _cards(database, other)["Kiki"]
    for typed in (card.token, card.code, "ACEF-GHJK", "not a code at all"):
        with pytest.raises(NotFound, match="Check the 8 letters and numbers"):
            perform(database, join_with_card, commission_id=room.commission_id, token_or_code=typed)
    with pytest.raises(InvalidInput, match="Type the code"):
        perform(database, join_with_card, commission_id=room.commission_id, token_or_code="  ")
    assert _count(database, RoomPhone) == 0


def test_a_second_phone_replaces_the_first(database):
    room = _room(database)
    cards = _cards(database, room)
    first = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token).result
    second = perform(
        database, join_with_pin, commission_id=room.commission_id, participant_id=room.kiki, pin="4821", room_pin="4821"
    ).result
    with pytest.raises(RuleBroken, match="isn't joined to the room's vote any more"):
        read(database, lambda session: phone_holder(session, secret=first.secret))
    assert read(database, lambda session: phone_holder(session, secret=second.secret)).phone_id == second.phone_id
    phones = read(database, lambda session: list_phones(session, commission_id=room.commission_id))
    assert [(phone.phone_id, phone.revoked) for phone in phones] == [(first.phone_id, True), (second.phone_id, False)]


def test_a_pin_only_asks_until_the_facilitator_lets_the_phone_in(database):
    """In a room run from the console the right PIN writes nothing; letting the phone in joins it."""
    room = _room(database)
    entries = len(_audit(database))
    asking = perform(
        database, check_pin, commission_id=room.commission_id, participant_id=room.kiki, pin="48 21", room_pin="4821"
    ).result
    assert (asking.participant_id, asking.pseudonym) == (room.kiki, "Kiki")
    assert _count(database, RoomPhone) == 0 and len(_audit(database)) == entries
    with pytest.raises(RuleBroken, match="PIN isn't right"):
        perform(database, check_pin, commission_id=room.commission_id, participant_id=room.kiki, pin="1", room_pin="4821")
    with pytest.raises(NotFound, match="Pick your name"):
        perform(database, check_pin, commission_id=room.commission_id, participant_id="nobody", pin="1", room_pin="1")
    joined = perform(database, let_in_with_pin, commission_id=room.commission_id, participant_id=room.kiki).result
    assert read(database, lambda session: phone_holder(session, secret=joined.secret)).participant_id == room.kiki
    assert _count(database, RoomPhone) == 1 and len(_audit(database)) == entries + 1
    perform(database, withdraw_participant, participant_id=room.blaze)
    with pytest.raises(RuleBroken, match="no longer taking part"):
        perform(database, let_in_with_pin, commission_id=room.commission_id, participant_id=room.blaze)


# --------------------------------------------------------------------------- who may join


def test_someone_absent_from_the_workshop_cannot_join(database):
    room = _room(database)
    cards = _cards(database, room)
    day = perform(database, lambda session: workshop(session, room.commission_id)).result
    # Before the register is taken nobody is marked absent.
    assert [j.pseudonym for j in read(
        database, lambda s: joinable_participants(s, commission_id=room.commission_id, workshop_id=day)
    )] == ["Blaze", "Kiki"]
    perform(database, set_attendance, workshop_id=day, participant_id=room.blaze, present=True)
    assert [j.pseudonym for j in read(
        database, lambda s: joinable_participants(s, commission_id=room.commission_id, workshop_id=day)
    )] == ["Blaze"]
    with pytest.raises(RuleBroken, match="not on today's register"):
        perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token,
                workshop_id=day)
    with pytest.raises(RuleBroken, match="not on today's register"):
        perform(database, join_with_pin, commission_id=room.commission_id, participant_id=room.kiki, pin="11",
                room_pin="11", workshop_id=day)
    assert _count(database, RoomPhone) == 0
    # The refusal left the card as it was: once ticked in, Kiki joins with it.
    perform(database, set_attendance, workshop_id=day, participant_id=room.kiki, present=True)
    assert perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token,
                   workshop_id=day).result.participant_id == room.kiki


def test_unconsented_observers_and_withdrawn_people_cannot_join(database):
    room = _room(database)
    cards = _cards(database, room)
    listed = read(database, lambda session: joinable_participants(session, commission_id=room.commission_id))
    assert [j.pseudonym for j in listed] == ["Blaze", "Kiki"]
    for who, why in ((room.unconsented, "record your consent"), (room.observer, "Only young people")):
        with pytest.raises(RuleBroken, match=why):
            perform(database, join_with_pin, commission_id=room.commission_id, participant_id=who, pin="7", room_pin="7")
    perform(database, withdraw_participant, participant_id=room.kiki)
    with pytest.raises(RuleBroken, match="no longer taking part"):
        perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token)
    assert _count(database, RoomPhone) == 0


def test_a_joined_phone_stops_voting_when_its_holder_withdraws_or_is_erased(database):
    room = _room(database)
    cards = _cards(database, room)
    kiki = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token).result
    blaze = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Blaze"].code).result
    perform(database, withdraw_participant, participant_id=room.kiki)
    perform(database, erase_participant, participant_id=room.blaze)
    with pytest.raises(RuleBroken, match="no longer taking part"):
        read(database, lambda session: phone_holder(session, secret=kiki.secret))
    # Erasing forgets the person's phones altogether: the phone is sent back to joining.
    with pytest.raises(RuleBroken, match=re.escape(_NOT_JOINED)):
        read(database, lambda session: phone_holder(session, secret=blaze.secret))


def test_the_pin_must_match_and_is_compared_in_constant_time(database, monkeypatch):
    room = _room(database)
    compared = []
    constant_time = hmac.compare_digest

    def spy(a, b):
        compared.append((a, b))
        return constant_time(a, b)

    monkeypatch.setattr(room_joining.hmac, "compare_digest", spy)
    for wrong in ("4822", "482", "48211"):
        with pytest.raises(RuleBroken, match="That PIN isn't right"):
            perform(database, join_with_pin, commission_id=room.commission_id, participant_id=room.kiki, pin=wrong,
                    room_pin="4821")
    with pytest.raises(InvalidInput, match="Type the room PIN"):
        perform(database, join_with_pin, commission_id=room.commission_id, participant_id=room.kiki, pin=" ",
                room_pin="4821")
    with pytest.raises(NotFound, match="Pick your name"):
        perform(database, join_with_pin, commission_id=room.commission_id, participant_id="nobody", pin="4821",
                room_pin="4821")
    assert _count(database, RoomPhone) == 0
    joined = perform(database, join_with_pin, commission_id=room.commission_id, participant_id=room.kiki,
                     pin=" 48 21 ", room_pin="4821").result
    assert joined.pseudonym == "Kiki"
    assert len(compared) == 5


# --------------------------------------------------------------------------- phones


def test_a_revoked_phone_is_refused_and_the_log_says_so_by_pseudonym(database):
    room = _room(database)
    cards = _cards(database, room)
    joined = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token).result
    done = perform(database, revoke_phone, phone_id=joined.phone_id)
    assert (done.result.pseudonym, done.result.revoked) == ("Kiki", True)
    assert done.changes.touches("room_phone")
    with pytest.raises(RuleBroken, match="Join again with your card or the room PIN"):
        read(database, lambda session: phone_holder(session, secret=joined.secret))
    again = perform(database, revoke_phone, phone_id=joined.phone_id)
    assert again.result.revoked and not again.changes.touches("room_phone")
    with pytest.raises(NotFound):
        perform(database, revoke_phone, phone_id="no such phone")
    actions = [entry.action for entry in _audit(database) if entry.action.startswith("room.")]
    assert actions == ["room.cards_issued", "room.phone_joined", "room.phone_revoked"]
    lines = read(database, lambda session: list_audit(session, commission_id=room.commission_id))
    assert [line.about for line in lines if line.action.startswith("room.phone")] == ["participant: Kiki"] * 2


def test_unknown_secrets_are_refused(database):
    _room(database)
    for secret in ("", "made-up", None):
        with pytest.raises(RuleBroken, match="isn't joined"):
            read(database, lambda session, s=secret: phone_holder(session, secret=s))


def test_the_database_and_its_log_hold_no_token_code_pin_or_secret(database):
    """Every text column of every table is searched for each key in plain, and each code without its dash."""
    room = _room(database)
    cards = _cards(database, room)
    joined = [
        perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token).result,
        perform(database, join_with_pin, commission_id=room.commission_id, participant_id=room.blaze,
                pin="93172", room_pin="93172").result,
    ]
    keys = ["93172", *(phone.secret for phone in joined)]
    for card in cards.values():
        keys += [card.token, card.code, card.code.replace("-", ""), card.code.lower()]

    def texts(session):
        found = []
        for table in whole_schema().sorted_tables:
            columns = [column for column in table.columns if isinstance(column.type, String | Text)]
            for row in session.execute(select(*columns)) if columns else ():
                found += [value for value in row if isinstance(value, str)]
        return found

    stored = read(database, texts)
    assert any("phone_id" in text for text in stored)  # the search reaches the log
    for key in keys:
        assert not [text for text in stored if key in text], key
    details = [json.loads(entry.details_json) for entry in _audit(database) if entry.action.startswith("room.")]
    assert all(set(detail) <= {"participant_ids", "phone_id", "participant_id", "joined_with"} for detail in details)


def test_room_keys_are_not_in_the_interchange_file(database):
    from cocommission.export.interchange import dumps, export_commission

    room = _room(database)
    cards = _cards(database, room)
    perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token)
    document = read(database, lambda session: export_commission(session, commission_id=room.commission_id))
    assert not {"join_card", "room_phone"} & set(document["tables"])
    assert "digest\"" not in dumps(document).replace("record_digest\"", "")


# --------------------------------------------------------------------------- typing a code


_codes = st.text(alphabet=CODE_ALPHABET, min_size=8, max_size=8)


@given(code=_codes, data=st.data())
def test_a_code_typed_with_any_case_dashes_and_spaces_reads_as_printed(code, data):
    typed = []
    for character in code:
        typed.append(data.draw(st.sampled_from(" -\u2013\t")) if data.draw(st.booleans()) else "")
        typed.append(character.lower() if data.draw(st.booleans()) else character)
    assert normalise_code("".join(typed)) == code
    assert normalise_code(room_joining.format_code(code)) == code


@pytest.mark.parametrize(
    "typed",
    ["ACEF-GHJ", "ACEF-GHJKL", "ACEF-GHJ0", "ACEF-GHJO", "ACEF-GHJ1", "ACEF-GHJI", "ACEF-GHJ\u00e9", "", "--------"],
)
def test_what_cannot_be_a_code_is_not_read_as_one(typed):
    assert normalise_code(typed) is None


def test_the_alphabet_has_no_look_alikes():
    assert not set("0OQD1I2Z5S68B") & set(CODE_ALPHABET)
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET) >= 20


def test_two_phones_joining_with_one_card_at_once_join_once(database, monkeypatch):
    """On a shared server, a second phone using the same card waits for the first, then finds the card used."""
    import threading
    import time

    from sqlalchemy import text

    if database.engine.dialect.name != "postgresql":
        pytest.skip("SQLite lets one writer in at a time")
    room = _room(database)
    card = _cards(database, room)["Kiki"]
    second: list[object] = []
    done = threading.Event()

    def second_phone():
        try:
            second.append(perform(database, join_with_card, commission_id=room.commission_id, token_or_code=card.code))
        except RuleBroken as exc:
            second.append(exc)
        done.set()

    worker = threading.Thread(target=second_phone)

    def waits_on_a_lock() -> bool:
        with database.engine.connect() as watcher:
            return bool(watcher.scalar(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )))

    real_join = room_joining._join
    waited = []

    def join_while_the_other_phone_tries(session, participant, how):
        if threading.current_thread() is threading.main_thread() and not waited:
            worker.start()
            deadline = time.monotonic() + 10
            while not done.is_set() and not waits_on_a_lock():
                assert time.monotonic() < deadline, "the second phone neither joined nor waited"
                time.sleep(0.01)
            waited.append(not done.is_set())
        return real_join(session, participant, how)

    monkeypatch.setattr(room_joining, "_join", join_while_the_other_phone_tries)
    first = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=card.token).result
    worker.join(10)
    assert waited == [True]
    (refused,) = second
    assert isinstance(refused, RuleBroken) and "already been used" in refused.message
    phones = read(database, lambda session: list_phones(session, commission_id=room.commission_id))
    assert [(phone.phone_id, phone.revoked) for phone in phones] == [(first.phone_id, False)]


def test_a_joined_phone_stops_voting_when_the_register_leaves_its_holder_out(database):
    """Joined before the register was taken, then not ticked on it: the phone is refused for that workshop."""
    room = _room(database)
    cards = _cards(database, room)
    day = perform(database, lambda session: workshop(session, room.commission_id)).result
    kiki = perform(database, join_with_card, commission_id=room.commission_id, token_or_code=cards["Kiki"].token,
                   workshop_id=day).result
    assert read(database, lambda s: phone_holder(s, secret=kiki.secret, workshop_id=day)).pseudonym == "Kiki"
    perform(database, set_attendance, workshop_id=day, participant_id=room.blaze, present=True)
    with pytest.raises(RuleBroken, match="not on today's register"):
        read(database, lambda s: phone_holder(s, secret=kiki.secret, workshop_id=day))
