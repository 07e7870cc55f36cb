"""The room server's feedback routes: a feedback sheet's QR code opens its questions on a phone.

Sheets printed while room voting is on carry ``http://HOST:PORT/feedback/CODE``:

- ``GET /feedback/{code}``: the sheet's questions as a form (``feedback_pages``); the hygiene
  middleware gives a phone that has not joined a visitor cookie, and the form's CSRF token is
  bound to it (or to the phone's own cookie once joined), so answering needs no joining.
- ``POST /feedback/{code}``: the answers, recorded by ``services.phone_feedback`` through the
  same service as keyed-in paper answers, in one unit of work, committed before the phone is
  sent on (post, redirect, get) to ``GET /feedback/{code}/thanks``.

Sheet codes are short, so each feedback request also takes a token from the joining bucket of
the phone's address (the slow one): guessing someone else's sheet code takes months. The Host
allowlist, CSRF check, size limit and headers are the middleware's, as for every route.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import MultiDictProxy

from cocommission.room import feedback_pages, hygiene, pages
from cocommission.room.answers import html, status_for
from cocommission.services.errors import ServiceError
from cocommission.services.phone_feedback import answer_from_phone, phone_sheet

if TYPE_CHECKING:
    from cocommission.room.app import Room

_GUESSING = "That was a lot of sheets at once. Wait a minute, then scan your sheet again."


def add_feedback_routes(app: web.Application, room: Room) -> None:
    """Answer ``/feedback/…`` on ``app``, for ``room``'s commission."""
    stylesheet = resources.files("cocommission.resources").joinpath("room", "feedback.css").read_bytes()
    app.add_routes(
        [
            web.get(feedback_pages.STYLESHEET_PATH, functools.partial(_stylesheet, stylesheet)),
            web.get("/feedback/{code}", functools.partial(sheet_form, room)),
            web.post("/feedback/{code}", functools.partial(answer_sheet, room)),
            web.get("/feedback/{code}/thanks", functools.partial(thanks, room)),
        ]
    )


async def _stylesheet(body: bytes, request: web.Request) -> web.Response:
    return web.Response(body=body, content_type="text/css", charset="utf-8")


def _slow_down_guessing(request: web.Request) -> None:
    """Sheet codes are short, so guessing them must be as slow as guessing a join code."""
    if not hygiene.guess_allowed(request):
        raise hygiene.Refused(429, _GUESSING)


def _refused(error: ServiceError) -> web.Response:
    return html(pages.message_page(error.message), status_for(error))


async def sheet_form(room: Room, request: web.Request) -> web.Response:
    """``GET /feedback/{code}``: the sheet's questions, to answer on the phone."""
    _slow_down_guessing(request)
    try:
        sheet = await room.perform(
            phone_sheet, code=request.match_info["code"], commission_id=room.settings.commission_id
        )
    except ServiceError as refused:
        return _refused(refused)
    return html(feedback_pages.sheet_page(sheet, csrf=hygiene.csrf_token(request)))


async def answer_sheet(room: Room, request: web.Request) -> web.Response:
    """``POST /feedback/{code}``: record the answers (committed), then on to "thank you"."""
    _slow_down_guessing(request)
    code = request.match_info["code"]
    form = await request.post()
    answers = _answers(form)
    try:
        done = await room.perform(
            answer_from_phone, code=code, commission_id=room.settings.commission_id, answers=answers
        )
    except ServiceError as refused:
        try:
            sheet = await room.perform(phone_sheet, code=code, commission_id=room.settings.commission_id)
        except ServiceError:
            return _refused(refused)
        entered = {f"q.{question_id}": value for question_id, value in answers.items()}
        page = feedback_pages.sheet_page(
            sheet, csrf=hygiene.csrf_token(request), entered=entered, problem=refused.message
        )
        return html(page, status_for(refused))
    return hygiene.redirect(f"/feedback/{done.code}/thanks{'?again=1' if done.replaced else ''}")


def _answers(form: MultiDictProxy[Any]) -> dict[str, str]:
    """Question id → the answer sent; a field sent twice keeps its last value, as a browser sends one."""
    answers: dict[str, str] = {}
    for name, value in form.items():
        if name.startswith("q.") and isinstance(value, str):
            answers[name[2:]] = value
    return answers


async def thanks(room: Room, request: web.Request) -> web.Response:
    """``GET /feedback/{code}/thanks``: the answers are saved; a sheet not answered goes back to its form."""
    _slow_down_guessing(request)
    code = request.match_info["code"]
    try:
        sheet = await room.perform(phone_sheet, code=code, commission_id=room.settings.commission_id)
    except ServiceError as refused:
        return _refused(refused)
    if not sheet.answered:
        return hygiene.redirect(f"/feedback/{sheet.code}")
    return html(feedback_pages.thanks_page(replaced=request.query.get("again") == "1"))
