"""Voting from a phone over HTTP: the form path, the script's JSON, and every refusal in words."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
from tests.room.conftest import CONSENT
from tests.room.phone import Phone

from cocommission.services.participants import add_participant
from cocommission.services.perform import perform, read
from cocommission.services.room_joining import issue_join_cards
from cocommission.services.voting import close_round, create_round, list_ballots, open_round, reveal_round


def _round(database, commission_id, *, method="dots", opened=True, **rules):
    made = perform(
        database, create_round, commission_id=commission_id, title="Where the money goes", method=method,
        options=["Youth club", "Help into work", "Sport"], **rules,
    ).result
    if opened:
        perform(database, open_round, round_id=made.id)
    return made


def _joined(database, commission_id, server, pseudonym="Kiki") -> Phone:
    cards = {card.pseudonym: card for card in perform(database, issue_join_cards, commission_id=commission_id).result}
    phone = Phone(server.url)
    assert phone.get(f"/join/{cards[pseudonym].token}").status == 303
    return phone


def _ballots(database, round_id):
    return read(database, lambda session: list_ballots(session, round_id=round_id))


@pytest.fixture
def kiki(database, commission_id, people, server) -> Phone:
    return _joined(database, commission_id, server)


def test_waiting_until_a_round_opens(kiki):
    page = kiki.get("/vote")
    assert page.status == 200 and "Waiting for the next vote" in page.text
    assert kiki.get("/api/round").json()["state"] == "waiting"


def test_a_phone_without_a_cookie_is_sent_to_join(phone, people):
    answer = phone.get("/vote")
    assert answer.status == 303 and answer.headers["Location"] == "/"
    assert phone.get("/api/round").status == 403


def test_dots_by_form_post_redirect_get(database, commission_id, kiki, announced):
    vote_round = _round(database, commission_id)
    page = kiki.get("/vote")
    assert "You have 5 dots" in page.text
    options = {option.label: option.id for option in vote_round.options}
    fields = {
        "csrf": page.field("csrf"), "round": vote_round.id, "submission": page.field("submission"),
        f"dots.{options['Youth club']}": "3", f"dots.{options['Sport']}": "2",
    }
    answer = kiki.post_form("/vote", fields)
    assert answer.status == 303 and answer.headers["Location"] == "/vote"
    (ballot,) = _ballots(database, vote_round.id)
    assert dict(ballot.choices) == {options["Youth club"]: 3, options["Sport"]: 2}
    assert any(changes.touches("ballot") for changes in announced)
    after = kiki.get("/vote")
    assert "Your vote is in." in after.text and "Change my vote" in after.text
    # The same form sent again (a double tap, a retry) is recorded once.
    assert kiki.post_form("/vote", fields).status == 303
    assert len(_ballots(database, vote_round.id)) == 1


def test_over_budget_is_refused_in_words_and_nothing_is_written(database, commission_id, kiki):
    vote_round = _round(database, commission_id)
    page = kiki.get("/vote")
    fields = {"csrf": page.field("csrf"), "round": vote_round.id, "submission": page.field("submission")}
    fields.update({f"dots.{option.id}": "2" for option in vote_round.options})
    answer = kiki.post_form("/vote", fields)
    assert answer.status == 409
    assert "That is 6 dots; each person has 5." in answer.words
    assert 'value="2"' in answer.text, "what was typed is shown again"
    assert _ballots(database, vote_round.id) == ()


@pytest.mark.parametrize(
    ("method", "rules", "choices", "words"),
    [
        ("dots", {}, {"o0": 4}, "each option can take at most 3"),
        ("score", {"score_min": 0, "score_max": 5}, {"o0": 9}, "scores go from 0 to 5"),
        ("ranking", {}, ["o0", "o0"], "ranked more than once"),
        ("dots", {}, {"elsewhere": 1}, "no option"),
        ("approval", {}, "o0", "could not be read"),
    ],
)
def test_the_script_s_ballots_are_held_to_the_rules(database, commission_id, kiki, method, rules, choices, words):
    vote_round = _round(database, commission_id, method=method, **rules)
    first = vote_round.options[0].id
    if isinstance(choices, dict):
        choices = {first if key == "o0" else key: value for key, value in choices.items()}
    elif isinstance(choices, list):
        choices = [first if key == "o0" else key for key in choices]
    csrf = kiki.get("/vote").field("csrf")
    answer = kiki.post_json("/api/ballot", {"round": vote_round.id, "submission": "s1", "choices": choices}, csrf)
    assert 400 <= answer.status < 500
    assert words in answer.json()["message"]
    assert _ballots(database, vote_round.id) == ()


@pytest.mark.parametrize(
    "body",
    [b"{not json", b"[]", b'{"round": 5}', b"NaN", b'{"round": "r", "submission": ""}', b"[" * 8000 + b"]" * 8000,
     b"\xff\xfe", b'{"round": "r", "submission": "s", "choices": {"a": 1e400}}'],
    ids=["broken", "a list", "a number for an id", "NaN", "an empty id", "deeply nested", "not UTF-8", "a float"],
)
def test_malformed_json_is_refused(database, commission_id, kiki, body):
    _round(database, commission_id)
    csrf = kiki.get("/vote").field("csrf")
    answer = kiki.request("POST", "/api/ballot", body, {"Content-Type": "application/json", "X-CSRF-Token": csrf})
    assert answer.status == 400
    assert "could not be read" in answer.json()["message"]


def test_a_replayed_submission_counts_once_and_a_changed_ballot_replaces_the_first(database, commission_id, kiki):
    vote_round = _round(database, commission_id, method="approval")
    first, second = vote_round.options[0].id, vote_round.options[1].id
    csrf = kiki.get("/vote").field("csrf")
    sent = {"round": vote_round.id, "submission": "retry-me", "choices": [first]}
    assert kiki.post_json("/api/ballot", sent, csrf).json() == {"state": "in", "replaced": False, "replayed": False}
    assert kiki.post_json("/api/ballot", sent, csrf).json()["replayed"] is True
    assert len(_ballots(database, vote_round.id)) == 1
    changed = {"round": vote_round.id, "submission": "second", "choices": [second]}
    assert kiki.post_json("/api/ballot", changed, csrf).json()["replaced"] is True
    (ballot,) = _ballots(database, vote_round.id)
    assert tuple(ballot.choices) == (second,)
    # The first submission arriving late does not bring the old ballot back.
    assert kiki.post_json("/api/ballot", sent, csrf).json()["replayed"] is True
    (ballot,) = _ballots(database, vote_round.id)
    assert tuple(ballot.choices) == (second,)


def test_a_closed_round_refuses_and_the_page_says_so(database, commission_id, kiki):
    vote_round = _round(database, commission_id, method="approval")
    page = kiki.get("/vote")
    perform(database, close_round, round_id=vote_round.id)
    fields = {"csrf": page.field("csrf"), "round": vote_round.id, "submission": page.field("submission"),
              "approve": vote_round.options[0].id}
    answer = kiki.post_form("/vote", fields)
    assert answer.status == 409
    assert _ballots(database, vote_round.id) == ()
    assert "Voting has closed." in kiki.get("/vote").text


def test_a_ballot_for_another_round_is_refused(database, commission_id, kiki):
    old = _round(database, commission_id, method="approval", opened=False)
    _round(database, commission_id, method="approval")
    csrf = kiki.get("/vote").field("csrf")
    sent = {"round": old.id, "submission": "s", "choices": [old.options[0].id]}
    answer = kiki.post_json("/api/ballot", sent, csrf)
    assert answer.status == 409
    assert answer.json()["message"]
    assert _ballots(database, old.id) == ()
    page = kiki.get("/vote")
    fields = {"csrf": page.field("csrf"), "round": old.id, "submission": "s2", "approve": old.options[0].id}
    answer = kiki.post_form("/vote", fields)
    assert answer.status == 409 and "does not match the round" in answer.words
    assert _ballots(database, old.id) == ()


def test_a_hidden_round_shows_nothing_until_revealed(database, commission_id, kiki, server):
    vote_round = _round(database, commission_id, method="approval", visibility="hidden_until_reveal")
    csrf = kiki.get("/vote").field("csrf")
    kiki.post_json("/api/ballot", {"round": vote_round.id, "submission": "s", "choices": [vote_round.options[0].id]}, csrf)
    perform(database, close_round, round_id=vote_round.id)
    assert kiki.get("/api/round").json()["results"] == []
    assert "Results" not in kiki.get("/vote").text
    perform(database, reveal_round, round_id=vote_round.id)
    shown = kiki.get("/api/round").json()
    assert shown["state"] == "revealed" and shown["results"]
    assert "Results" in kiki.get("/vote").text


def test_a_revoked_phone_cannot_vote(database, commission_id, kiki):
    from cocommission.services.room_joining import list_phones, revoke_phone

    vote_round = _round(database, commission_id, method="approval")
    csrf = kiki.get("/vote").field("csrf")
    (row,) = read(database, lambda session: list_phones(session, commission_id=commission_id))
    perform(database, revoke_phone, phone_id=row.phone_id)
    answer = kiki.post_json("/api/ballot", {"round": vote_round.id, "submission": "s", "choices": [vote_round.options[0].id]}, csrf)
    assert answer.status == 403
    assert _ballots(database, vote_round.id) == ()
    page = kiki.get("/vote")
    assert page.status == 403 and "Join the vote" in page.text


def test_the_ranking_form_refuses_a_gap(database, commission_id, kiki):
    vote_round = _round(database, commission_id, method="ranking")
    page = kiki.get("/vote")
    first, second, _ = (option.id for option in vote_round.options)
    fields = {"csrf": page.field("csrf"), "round": vote_round.id, "submission": page.field("submission"),
              f"rank.{first}": "1", f"rank.{second}": "3"}
    answer = kiki.post_form("/vote", fields)
    assert answer.status == 400 and "Nothing is number 2" in answer.words
    assert _ballots(database, vote_round.id) == ()


@pytest.mark.on_postgresql_too
def test_phones_voting_at_once_in_a_secret_round_lose_no_ballot(database, commission_id, server):
    def many(session):
        for number in range(16):
            add_participant(session, commission_id=commission_id, pseudonym=f"Voter {number}", consent_on=CONSENT)

    perform(database, many)
    vote_round = _round(database, commission_id, method="approval", anonymous=True)
    cards = perform(database, issue_join_cards, commission_id=commission_id).result
    phones = []
    for card in cards:
        phone = Phone(server.url)
        phone.get(f"/join/{card.token}")
        phones.append((phone, phone.get("/vote").field("csrf")))

    def vote_twice(phone_and_csrf) -> list[int]:
        phone, csrf = phone_and_csrf
        return [
            phone.post_json(
                "/api/ballot",
                {"round": vote_round.id, "submission": secrets.token_hex(16), "choices": [vote_round.options[n].id]},
                csrf,
            ).status
            for n in range(2)
        ]

    with ThreadPoolExecutor(max_workers=len(phones)) as pool:
        statuses = [status for pair in pool.map(vote_twice, phones) for status in pair]
    assert statuses == [200] * (2 * len(phones))
    ballots = _ballots(database, vote_round.id)
    assert len(ballots) == len(phones), "every phone's ballot is there, once"
    assert all(tuple(ballot.choices) == (vote_round.options[1].id,) for ballot in ballots)


def test_the_window_hears_of_a_ballot_only_once_it_is_committed(database, commission_id, people, commission_server):
    vote_round = _round(database, commission_id, method="approval", anonymous=False)
    seen: list[int] = []

    def on_change(changes):
        if changes.touches("ballot"):
            seen.append(len(_ballots(database, vote_round.id)))

    server = commission_server(on_change)
    phone = _joined(database, commission_id, server)
    csrf = phone.get("/vote").field("csrf")
    sent = {"round": vote_round.id, "submission": secrets.token_hex(8), "choices": [vote_round.options[0].id]}
    assert phone.post_json("/api/ballot", sent, csrf).status == 200
    assert seen == [1], "when the window is told, the ballot is already in the database"


def test_an_unexpected_failure_is_one_plain_sentence(database, commission_id, people, phone, monkeypatch):
    from cocommission.room import app

    def broken(session, **arguments):
        raise RuntimeError("the disk caught fire")

    monkeypatch.setattr(app, "read_join", broken)
    answer = phone.get("/")
    assert answer.status == 500
    assert "Something went wrong on the laptop, so nothing was saved." in answer.words
    assert "fire" not in answer.text and "Traceback" not in answer.text
