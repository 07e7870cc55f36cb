"""Feedback sheets answered on a phone over a real room server: answers land where keyed-in answers land.

The last test answers a sheet in a real browser (Debian's Chromium) at a phone's size, with and without JavaScript.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.room.conftest import People
from tests.room.phone import Answer, Phone

from cocommission.model import AuditEntry, FeedbackResponse, QuestionKind
from cocommission.room import server as server_module
from cocommission.room.hygiene import RateLimit, RateLimits
from cocommission.room.server import RoomServer, RoomServerError
from cocommission.services import feedback
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform, read


@dataclass(frozen=True)
class Sheets:
    """The commission's three questions (faces, yes/no, words) and two sheets: Kiki's, and an anonymous one."""

    faces: str
    yes_no: str
    words: str
    named: str
    anonymous: str


def _set_up(session, *, commission_id: str, kiki: str) -> Sheets:
    def ask(text: str, kind: QuestionKind) -> str:
        return feedback.add_question(session, commission_id=commission_id, text=text, kind=kind).id

    faces = ask("I felt listened to today", QuestionKind.FACES)
    yes_no = ask("Would you come again?", QuestionKind.YES_NO)
    words = ask("What should we change?", QuestionKind.TEXT)
    named, anonymous = feedback.issue_sheets(
        session, commission_id=commission_id, participant_ids=[kiki], anonymous_count=1
    )
    if named.participant_id is None:
        named, anonymous = anonymous, named
    return Sheets(faces, yes_no, words, named.code, anonymous.code)


@pytest.fixture
def sheets(database, commission_id, people: People) -> Sheets:
    return perform(database, _set_up, commission_id=commission_id, kiki=people.kiki).result


def _answers(database, code: str) -> dict[str, tuple[int | None, str]]:
    """What is stored for the sheet with ``code``: question id → (number, words)."""

    def query(session):
        sheet = feedback.find_sheet(session, code=code)
        rows = session.scalars(select(FeedbackResponse).where(FeedbackResponse.sheet_id == sheet.id))
        return {row.question_id: (row.answer_number, row.answer_text) for row in rows}

    return read(database, query)


def _all_answers(database) -> int:
    return read(database, lambda s: s.scalar(select(func.count()).select_from(FeedbackResponse)))


def _opened(phone: Phone, code: str) -> Answer:
    page = phone.get(f"/feedback/{code}")
    assert page.status == 200, page.words
    return page


def _send(phone: Phone, code: str, fields: dict[str, str], csrf: str | None) -> Answer:
    sent = dict(fields)
    if csrf is not None:
        sent["csrf"] = csrf
    return phone.post_form(f"/feedback/{code}", sent)


def test_a_phone_answers_a_sheet_and_the_answers_land_where_keyed_in_answers_land(database, commission_id, phone, sheets, announced):
    page = _opened(phone, sheets.anonymous)
    assert "I felt listened to today" in page.words and "Would you come again?" in page.words
    assert "Very much" in page.words
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "room_visitor" in phone.cookies  # the CSRF token is bound to the cookie this page set

    sent = _send(
        phone,
        sheets.anonymous,
        {f"q.{sheets.faces}": "4", f"q.{sheets.yes_no}": "yes", f"q.{sheets.words}": "More <pizza>"},
        page.field("csrf"),
    )

    assert sent.status == 303
    assert sent.headers["Location"] == f"/feedback/{sheets.anonymous}/thanks"
    assert _answers(database, sheets.anonymous) == {
        sheets.faces: (4, ""),
        sheets.yes_no: (1, ""),
        sheets.words: (None, "More <pizza>"),
    }
    thanks = phone.get(sent.headers["Location"])
    assert thanks.status == 200 and "Your answers are saved" in thanks.words
    summary = read(database, lambda s: feedback.feedback_summary(s, commission_id=commission_id))
    by_id = {question.question_id: question for question in summary.questions}
    assert summary.sheets_returned == 1
    assert by_id[sheets.faces].face_counts == (0, 0, 0, 1, 0)
    assert by_id[sheets.yes_no].yes == 1
    assert by_id[sheets.words].texts == ("More <pizza>",)
    sheet = read(database, lambda s: feedback.find_sheet(s, code=sheets.anonymous))
    assert sheet.answered and sheet.returned_at is not None
    assert any(changes.touches("feedback_sheet") for changes in announced)


def test_answering_again_replaces_the_earlier_answers_as_keying_in_again_does(database, phone, sheets):
    first = _opened(phone, sheets.anonymous)
    _send(phone, sheets.anonymous, {f"q.{sheets.faces}": "2", f"q.{sheets.words}": "Too long"}, first.field("csrf"))

    again = _opened(phone, sheets.anonymous)
    assert "answered already" in again.words and "replace the earlier ones" in again.words
    assert "Too long" not in again.words  # earlier answers are never read back to a phone
    sent = _send(phone, sheets.anonymous, {f"q.{sheets.faces}": "5"}, again.field("csrf"))

    assert sent.headers["Location"] == f"/feedback/{sheets.anonymous}/thanks?again=1"
    assert "replace those" in phone.get(sent.headers["Location"]).words
    assert _answers(database, sheets.anonymous) == {sheets.faces: (5, "")}


def test_the_same_form_sent_twice_is_recorded_once(database, phone, sheets):
    page = _opened(phone, sheets.anonymous)
    fields = {f"q.{sheets.faces}": "3", f"q.{sheets.yes_no}": "no"}
    _send(phone, sheets.anonymous, fields, page.field("csrf"))
    _send(phone, sheets.anonymous, fields, page.field("csrf"))
    assert _answers(database, sheets.anonymous) == {sheets.faces: (3, ""), sheets.yes_no: (0, "")}
    assert _all_answers(database) == 2


def test_a_named_sheet_never_shows_whose_it_is(database, phone, sheets):
    page = _opened(phone, sheets.named)
    assert "Kiki" not in page.text
    page = _send(phone, sheets.named, {f"q.{sheets.faces}": "9"}, page.field("csrf"))
    assert "Kiki" not in page.text
    assert "Kiki" not in phone.get(f"/feedback/{sheets.named}/thanks").text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"faces": "6"}, "choosing one of"),
        ({"faces": "0"}, "choosing one of"),
        ({"faces": "happy"}, "choosing one of"),
        ({"faces": "²"}, "choosing one of"),
        ({"yes_no": "maybe"}, "yes or no"),
        ({"words": "x" * 2001}, "too long"),
        ({}, "at least one question"),
        ({"faces": "   "}, "at least one question"),
        ({"other": "3"}, "not on this sheet"),
    ],
)
def test_answers_that_do_not_fit_are_refused_and_nothing_is_written(database, phone, sheets, fields, message):
    ids = {"faces": sheets.faces, "yes_no": sheets.yes_no, "words": sheets.words, "other": "no-such-question"}
    sent = {f"q.{ids[name]}": value for name, value in fields.items()}
    sent[f"q.{sheets.words}"] = sent.get(f"q.{sheets.words}", "")
    page = _opened(phone, sheets.anonymous)

    refused = _send(phone, sheets.anonymous, sent, page.field("csrf"))

    assert refused.status == 400
    assert message in refused.words
    assert "Send my answers" in refused.words  # the form again, with what was typed
    assert _all_answers(database) == 0
    assert read(database, lambda s: feedback.find_sheet(s, code=sheets.anonymous)).returned_at is None


def test_a_question_of_another_commission_is_refused(database, phone, sheets):
    other = perform(database, create_commission, title="Other club").result.id
    foreign = perform(
        database, feedback.add_question, commission_id=other, text="Elsewhere?", kind=QuestionKind.YES_NO
    ).result.id
    page = _opened(phone, sheets.anonymous)
    refused = _send(phone, sheets.anonymous, {f"q.{foreign}": "yes", f"q.{sheets.faces}": "3"}, page.field("csrf"))
    assert refused.status == 400
    assert _all_answers(database) == 0


def _damaged(code: str) -> str:
    wrong = feedback.CODE_ALPHABET[(feedback.CODE_ALPHABET.index(code[-1]) + 1) % len(feedback.CODE_ALPHABET)]
    return code[:-1] + wrong


def test_unknown_damaged_and_foreign_codes_are_refused_in_plain_words(database, phone, sheets):
    other = perform(database, create_commission, title="Other club").result.id
    perform(database, feedback.add_question, commission_id=other, text="Elsewhere?", kind=QuestionKind.YES_NO)
    (foreign,) = perform(database, feedback.issue_sheets, commission_id=other, anonymous_count=1).result
    unknown = feedback.make_sheet_code()

    for code, status, words in (
        (_damaged(sheets.anonymous), 400, "code is not right"),
        ("nonsense", 400, "code is not right"),
        (unknown, 404, "not part of this room"),
        (foreign.code, 404, "not part of this room"),
    ):
        page = phone.get(f"/feedback/{code}")
        assert page.status == status, code
        assert words in page.words
        visitor = phone.get(f"/feedback/{sheets.anonymous}").field("csrf")
        refused = _send(phone, code, {f"q.{sheets.faces}": "3"}, visitor)
        assert refused.status == status
        assert words in refused.words
    assert _all_answers(database) == 0


def test_a_post_without_its_csrf_token_or_with_another_phones_is_refused(database, server, phone, sheets):
    page = _opened(phone, sheets.anonymous)
    assert _send(phone, sheets.anonymous, {f"q.{sheets.faces}": "3"}, None).status == 403
    other = Phone(server.url)
    other.get(f"/feedback/{sheets.anonymous}")
    assert _send(other, sheets.anonymous, {f"q.{sheets.faces}": "3"}, page.field("csrf")).status == 403
    wrong_host = phone.post_form(
        f"/feedback/{sheets.anonymous}", {f"q.{sheets.faces}": "3", "csrf": page.field("csrf")}, Host="evil.example"
    )
    assert wrong_host.status == 421
    assert _all_answers(database) == 0


def test_a_phone_that_has_joined_answers_with_its_own_token(database, server, sheets, people):
    from cocommission.services.room_joining import issue_join_cards

    (card,) = perform(
        database, issue_join_cards, commission_id=server.commission_id, participant_ids=[people.kiki]
    ).result
    phone = Phone(server.url)
    assert phone.get(f"/join/{card.token}").status == 303
    page = _opened(phone, sheets.named)
    assert _send(phone, sheets.named, {f"q.{sheets.faces}": "5"}, page.field("csrf")).status == 303
    assert _answers(database, sheets.named) == {sheets.faces: (5, "")}


def test_the_thanks_page_of_a_sheet_not_answered_goes_back_to_the_sheet(phone, sheets):
    answer = phone.get(f"/feedback/{sheets.anonymous}/thanks")
    assert answer.status == 303
    assert answer.headers["Location"] == f"/feedback/{sheets.anonymous}"


def test_the_answers_leave_no_words_in_the_audit_log(database, phone, sheets):
    page = _opened(phone, sheets.named)
    _send(phone, sheets.named, {f"q.{sheets.words}": "Secret thought"}, page.field("csrf"))
    summaries = read(database, lambda s: [entry.summary + entry.details_json for entry in s.scalars(select(AuditEntry))])
    assert not any("Secret thought" in text for text in summaries)


def test_the_feedback_stylesheet_is_served_from_the_package(phone):
    answer = phone.get("/feedback/sheet.css")
    assert answer.status == 200
    assert answer.headers["Content-Type"].startswith("text/css")
    assert re.search(r"\.choice\b", answer.text)


def test_a_server_started_again_answers_the_same_sheet(database, commission_id, sheets):
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1")
    room.start()
    try:
        assert Phone(room.url).get(f"/feedback/{sheets.anonymous}").status == 200
    finally:
        room.stop()


def test_guessing_sheet_codes_is_slowed_down_like_joining(database, commission_id, sheets):
    """Sheet codes are short: whatever cookie is sent, an address opens only a few sheets before waiting."""
    limits = RateLimits(
        requests=RateLimit(burst=50, per_second=10), joining=RateLimit(burst=3, per_second=0.01), laptop_exempt=False
    )
    room = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=0, limits=limits)
    room.start()
    try:
        guesses = [
            Phone(room.url, cookies={"room_phone": f"made-up-{n}"}).get(f"/feedback/{feedback.make_sheet_code()}")
            for n in range(4)
        ]
        assert [guess.status for guess in guesses] == [404, 404, 404, 429]
        assert "Wait a minute" in guesses[-1].words
        assert Phone(room.url).get("/static/ballot.css").status == 200  # the rest of the room is not slowed
    finally:
        room.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_room_prefers_the_same_port_each_time(database, commission_id, monkeypatch):
    """Sheets printed today carry the room's port: started again, the room is at the same address."""
    monkeypatch.setattr(server_module, "PREFERRED_PORT", _free_port())
    for _ in range(2):
        room = RoomServer(database, commission_id=commission_id, host="127.0.0.1")
        room.start()
        try:
            assert room.url == f"http://127.0.0.1:{server_module.PREFERRED_PORT}/"
            assert room.notice == ""
        finally:
            room.stop()


def test_when_the_preferred_port_is_taken_the_room_uses_another_and_says_so(database, commission_id, monkeypatch):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(server_module, "PREFERRED_PORT", taken.getsockname()[1])
        room = RoomServer(database, commission_id=commission_id, host="127.0.0.1")
        room.start()
        try:
            port = int(room.url.rsplit(":", 1)[1].strip("/"))
            assert port != server_module.PREFERRED_PORT
            assert f"Port {server_module.PREFERRED_PORT} is in use" in room.notice
            assert f"uses port {port}" in room.notice
            assert Phone(room.url).get("/static/ballot.css").status == 200
        finally:
            room.stop()
        explicit = RoomServer(database, commission_id=commission_id, host="127.0.0.1", port=server_module.PREFERRED_PORT)
        with pytest.raises(RoomServerError, match="already in use"):
            explicit.start()


# --------------------------------------------------------------------------- in a real browser

CHROMIUM = Path(os.environ.get("COCOMMISSION_CHROMIUM", "/usr/bin/chromium"))
#: A small phone's screen, in CSS pixels.
PHONE = {"width": 360, "height": 740}



@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which(str(CHROMIUM)) is None, reason="Debian's chromium is not installed")
@pytest.mark.parametrize("script", [True, False], ids=["javascript", "no-javascript"])
def test_a_sheet_is_answered_on_a_phone_in_a_browser(database, server, sheets: Sheets, browser, script, tmp_path):
    context = browser.new_context(viewport=PHONE, java_script_enabled=script, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(f"{server.url}feedback/{sheets.named}")
        assert page.locator("h1").inner_text() == "Your feedback"
        assert "Kiki" not in page.content()
        page.screenshot(path=str(tmp_path / "feedback-phone.png"), full_page=True)

        page.get_by_label("Mostly").check()
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("textbox").fill("More time to talk")
        page.get_by_role("button", name="Send my answers").click()

        page.wait_for_url(f"**/feedback/{sheets.named}/thanks")
        assert "Your answers are saved" in page.locator("main").inner_text()
        assert _answers(database, sheets.named) == {
            sheets.faces: (4, ""),
            sheets.yes_no: (1, ""),
            sheets.words: (None, "More time to talk"),
        }

        page.goto(f"{server.url}feedback/{sheets.named}")
        assert "answered already" in page.locator("main").inner_text()
        page.get_by_label("Not at all").check()
        page.get_by_role("button", name="Send my answers").click()
        page.wait_for_url("**/thanks?again=1")
        assert "replace those" in page.locator("main").inner_text()
        assert _answers(database, sheets.named) == {sheets.faces: (1, "")}
    finally:
        context.close()
