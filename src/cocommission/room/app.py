"""The room server's routes: each parses the request, calls the services in one unit of work, then answers.

Service calls run on the server's worker thread (``loop.run_in_executor``), each in its own
``perform``, so the event loop keeps answering other phones while one waits on the database.
A phone is told "your vote is in" only after its ballot is committed; then whoever started the
server hears of the change (``on_change``), and when it changes what phones show (never a
phone's own vote) every listening page is told to look again.

Rules live in the services: a ballot is refused there (over budget, a closed round, another
commission's round), and the refusal's sentence is what the phone shows.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import secrets
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any, TypeVar

from aiohttp import web
from multidict import MultiDictProxy
from sqlalchemy.orm import Session

from cocommission.db.database import Database
from cocommission.room import events, feedback_routes, forms, hygiene, pages
from cocommission.room.answers import PhoneRefused, html, status_for
from cocommission.room.doorway import TURNED_AWAY, Doorway
from cocommission.services.changes import Changes
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken, ServiceError
from cocommission.services.phone_ballots import PhoneCast, PhoneRound, cast_from_phone, phone_round
from cocommission.services.room_joining import (
    PhoneHolder,
    check_pin,
    joinable_participants,
    let_in_with_pin,
    phone_holder,
)
from cocommission.services.room_joining import join_with_card as join_card
from cocommission.services.room_joining import join_with_pin as join_pin

Result = TypeVar("Result")

#: The kinds of change after which a phone should look at the round again: a round opened or
#: closed, a phone revoked, someone withdrawn or marked absent.
ROUND_KINDS = ("vote_round", "vote_option", "room_phone", "participant", "consent", "attendance")
#: Of a phone's own commits (joining, voting), only these change what the other phones show; a
#: phone joining or voting does not, so a room of phones voting does not make every phone re-read.
OWN_KINDS = ("vote_round", "vote_option")

#: The stylesheet and script, read once from ``resources/room/``.
STATIC_FILES = {"ballot.css": "text/css", "ballot.js": "text/javascript"}


@dataclass(frozen=True)
class RoomSettings:
    """What the routes need to know about the room they serve."""

    database: Database
    commission_id: str
    workshop_id: str | None
    pin: str
    #: Whether a phone joining with the PIN waits for the facilitator to let it in (``doorway``):
    #: so in a room run from the console; ``cocommission serve`` has nobody at a console to ask.
    pin_needs_facilitator: bool = False


class Room:
    """The routes' shared state: the settings, the worker threads, the listening pages."""

    def __init__(
        self,
        settings: RoomSettings,
        executor: Executor,
        broadcaster: events.Broadcaster,
        on_change: Callable[[Changes], None] | None,
    ) -> None:
        self.settings = settings
        self.executor = executor
        self.broadcaster = broadcaster
        self.on_change = on_change
        #: How many pages listen on ``/events`` from each phone (by phone id), while they listen.
        self.listening: dict[str, int] = {}
        #: Phones that asked to join with the PIN, waiting for the facilitator.
        self.doorway = Doorway()
        #: Called (on the server's thread) whenever a phone asks to join or is answered.
        self.on_asking: Callable[[], None] | None = None

    async def perform(self, service: Callable[..., Result], /, **arguments: Any) -> Result:
        """Run ``service`` in one unit of work on a worker thread; once committed, announce what changed."""
        from cocommission.services.perform import perform

        loop = asyncio.get_running_loop()
        call = functools.partial(perform, self.settings.database, service, **arguments)
        performed = await loop.run_in_executor(self.executor, call)
        if performed.changes:
            self.committed(performed.changes)
        return performed.result

    async def let_in(self, ticket: str) -> None:
        """Join the phone that asked with ``ticket``, now the facilitator has said yes; it learns at its next look."""
        asking = self.doorway.find(ticket)
        if asking is None or not asking.waiting:
            return
        try:
            joined = await self.perform(
                let_in_with_pin,
                commission_id=self.settings.commission_id,
                participant_id=asking.participant_id,
                workshop_id=self.settings.workshop_id,
            )
        except ServiceError as refused:
            self.doorway.answer(ticket, refusal=refused.message)
        else:
            self.doorway.answer(ticket, secret=joined.secret)
        self.asking_changed()

    def turn_away(self, ticket: str) -> None:
        """Refuse the phone that asked with ``ticket``: it is told so at its next look."""
        if self.doorway.answer(ticket, refusal=TURNED_AWAY):
            self.asking_changed()

    def asking_changed(self) -> None:
        """Tell whoever started the server that the phones asking to join are not the same as before."""
        if self.on_asking is not None:
            self.on_asking()

    def use_workshop(self, workshop_id: str | None) -> None:
        """Check phones against this workshop's register from the next request on, and have every page look again."""
        self.settings = replace(self.settings, workshop_id=workshop_id)
        self.broadcaster.publish("round")

    def committed(self, changes: Changes) -> None:
        """After a commit here: tell whoever started the server, and the pages when the round may differ."""
        if self.on_change is not None:
            self.on_change(changes)
        if concerns_phones(changes, self.settings.commission_id, kinds=OWN_KINDS):
            self.broadcaster.publish("round")


def concerns_phones(changes: Changes | None, commission_id: str, *, kinds: Sequence[str] = ROUND_KINDS) -> bool:
    """Whether a change may alter what a phone shows (a round opened, a phone revoked, …)."""
    if changes is None:
        return True
    if changes.commission_ids and commission_id not in changes.commission_ids:
        return False
    if changes.ballots_only:
        # A page looks only at the round and its state, and no phone sees anyone's ballot before the
        # reveal: waking every page after each ballot would cost a room of phones a read per phone per vote.
        return False
    return changes.touches(*kinds)


ROOM = web.AppKey("room", Room)


def make_app(room: Room, guard: hygiene.Guard) -> web.Application:
    """The aiohttp application for one room."""
    app = web.Application(middlewares=[hygiene.guard_requests], client_max_size=hygiene.MAX_BODY_BYTES)
    app[ROOM] = room
    app[hygiene.GUARD] = guard
    static = _static_files()
    app.add_routes(
        [
            web.get("/", join_page),
            web.get("/join/{token}", join_with_card),
            web.post("/join", join),
            web.get("/asking", asking_page),
            web.get("/vote", ballot_page),
            web.post("/vote", vote_by_form),
            web.get("/api/round", round_json),
            web.post("/api/ballot", vote_by_script),
            web.get("/events", listen),
            web.get("/static/{name}", functools.partial(_static, static)),
            web.get("/favicon.ico", _no_icon),
        ]
    )

    async def close_streams(app: web.Application) -> None:
        room.broadcaster.close()

    app.on_shutdown.append(close_streams)
    feedback_routes.add_feedback_routes(app, room)
    return app


def _static_files() -> dict[str, tuple[bytes, str]]:
    folder = resources.files("cocommission.resources").joinpath("room")
    return {name: (folder.joinpath(name).read_bytes(), kind) for name, kind in STATIC_FILES.items()}


async def _static(files: Mapping[str, tuple[bytes, str]], request: web.Request) -> web.Response:
    found = files.get(request.match_info["name"])
    if found is None:
        raise web.HTTPNotFound()
    body, kind = found
    return web.Response(body=body, content_type=kind, charset="utf-8")


async def _no_icon(request: web.Request) -> web.Response:
    """Browsers ask for an icon by themselves; there is none, and that is not an error worth a page."""
    return web.Response(status=204)


# --------------------------------------------------------------------------- reading in one unit of work


@dataclass(frozen=True)
class BallotView:
    """What a ballot page shows: who the phone is, and the round."""

    pseudonym: str
    round: PhoneRound


def checked_phone(
    session: Session, *, secret: str | None, commission_id: str, workshop_id: str | None = None
) -> tuple[PhoneHolder, str]:
    """The phone's holder, or ``PhoneRefused`` when it has not joined this commission or may vote no longer
    (left off the register of the room's workshop since it joined, for one)."""
    if not secret:
        raise PhoneRefused("Join the vote first.")
    try:
        holder = phone_holder(session, secret=secret, workshop_id=workshop_id)
    except (RuleBroken, NotFound) as refused:
        raise PhoneRefused(refused.message) from None
    if holder.commission_id != commission_id:
        raise PhoneRefused("This phone joined another vote. Join this one with your card or the PIN.")
    return holder, secret


def read_ballot(
    session: Session, *, secret: str | None, commission_id: str, workshop_id: str | None = None
) -> BallotView:
    """The phone's holder and round, read together."""
    holder, known = checked_phone(session, secret=secret, commission_id=commission_id, workshop_id=workshop_id)
    return BallotView(holder.pseudonym, phone_round(session, secret=known, commission_id=commission_id))


def read_join(
    session: Session, *, secret: str | None, commission_id: str, workshop_id: str | None
) -> tuple[bool, tuple[tuple[str, str], ...]]:
    """Whether this phone has joined already, and who can still join with the PIN."""
    try:
        checked_phone(session, secret=secret, commission_id=commission_id, workshop_id=workshop_id)
    except PhoneRefused:
        joined = False
    else:
        joined = True
    people = joinable_participants(session, commission_id=commission_id, workshop_id=workshop_id)
    return joined, tuple((person.participant_id, person.pseudonym) for person in people)


def cast(
    session: Session,
    *,
    secret: str | None,
    commission_id: str,
    round_id: str,
    submission_id: str,
    choices: forms.Choices | None = None,
    fields: Mapping[str, Sequence[str]] | None = None,
    workshop_id: str | None = None,
) -> PhoneCast:
    """Check the phone and cast its ballot: one unit of work.

    The script sends ``choices`` in the shape ``cast_ballot`` takes, and the services check them
    against the round. A plain form's ``fields`` are read against the round the phone sees first
    (its method, its options' names for the messages).
    """
    holder, known = checked_phone(session, secret=secret, commission_id=commission_id, workshop_id=workshop_id)
    if fields is not None:
        shown = phone_round(session, secret=known, commission_id=commission_id)
        if shown.round_id != round_id:
            raise RuleBroken(forms.OUT_OF_DATE)
        choices = forms.form_choices(str(shown.method), fields, dict(shown.options))
    if choices is None:
        raise InvalidInput(_UNREADABLE)
    return cast_from_phone(
        session, secret=known, round_id=round_id, choices=choices, submission_id=submission_id, holder=holder
    )


# --------------------------------------------------------------------------- answers


def _forget_phone(response: web.Response) -> web.Response:
    response.del_cookie(hygiene.PHONE_COOKIE, path="/")
    return response


def _room(request: web.Request) -> Room:
    return request.app[ROOM]


def new_submission_id() -> str:
    """A fresh id for a ballot form: sending the same form twice records it once."""
    return secrets.token_urlsafe(16)


# --------------------------------------------------------------------------- joining


async def join_page(request: web.Request, *, problem: str | None = None, status: int = 200, code: str = "") -> web.Response:
    """``GET /``: the join forms, or straight on to the ballot when this phone has joined."""
    room = _room(request)
    joined, people = await room.perform(
        read_join,
        secret=hygiene.phone_secret(request),
        commission_id=room.settings.commission_id,
        workshop_id=room.settings.workshop_id,
    )
    if joined and problem is None:
        return hygiene.redirect("/vote")
    forget = not joined and hygiene.phone_secret(request) is not None
    if forget:
        hygiene.bind_csrf_to_visitor(request)
    page = pages.join_page(csrf=hygiene.csrf_token(request), joinable=people, problem=problem, code=code)
    response = html(page, status)
    return _forget_phone(response) if forget else response


async def _joined(
    request: web.Request, service: Callable[..., Any], *, typed_code: str = "", **arguments: Any
) -> web.Response:
    room = _room(request)
    try:
        phone = await room.perform(
            service, commission_id=room.settings.commission_id, workshop_id=room.settings.workshop_id, **arguments
        )
    except ServiceError as refused:
        return await join_page(request, problem=refused.message, status=status_for(refused), code=typed_code)
    response = hygiene.redirect("/vote")
    hygiene.set_cookie(response, hygiene.PHONE_COOKIE, phone.secret)
    return response


async def join_with_card(request: web.Request) -> web.Response:
    """``GET /join/{token}``: what a join card's QR code opens; joins, then on to the ballot."""
    return await _joined(request, join_card, token_or_code=request.match_info["token"])


async def join(request: web.Request) -> web.Response:
    """``POST /join``: a typed card code, or a chosen name with the room's PIN."""
    form = await request.post()
    code = _text(form, "code")
    participant = _text(form, "participant")
    if code.strip():
        return await _joined(request, join_card, typed_code=code, token_or_code=code.strip())
    if participant:
        pin = "".join(_text(form, "pin").split())
        if not pin:
            return await join_page(request, problem="Type the PIN the facilitator tells you.", status=400)
        if _room(request).settings.pin_needs_facilitator:
            return await _ask_to_join(request, participant, pin)
        return await _joined(
            request, join_pin, participant_id=participant, pin=pin, room_pin=_room(request).settings.pin
        )
    return await join_page(
        request, problem="Type the code on your card, or choose your name and type the PIN.", status=400
    )


async def _ask_to_join(request: web.Request, participant_id: str, pin: str) -> web.Response:
    """The right PIN and a name: ask the facilitator to let this phone in, and wait on ``/asking``."""
    room = _room(request)
    try:
        joiner = await room.perform(
            check_pin,
            commission_id=room.settings.commission_id,
            participant_id=participant_id,
            pin=pin,
            room_pin=room.settings.pin,
            workshop_id=room.settings.workshop_id,
        )
    except ServiceError as refused:
        return await join_page(request, problem=refused.message, status=status_for(refused))
    ticket = room.doorway.ask(joiner.participant_id, joiner.pseudonym)
    if ticket is None:
        return await join_page(request, problem=_TOO_MANY_ASKING, status=503)
    room.asking_changed()
    response = hygiene.redirect("/asking")
    hygiene.set_cookie(response, hygiene.ASKING_COOKIE, ticket)
    return response


_TOO_MANY_ASKING = "Too many phones are waiting to be let in. Wait a moment, then try again."
_ASKING_RAN_OUT = "Your request to join has ended. Choose your name and type the PIN again."


async def asking_page(request: web.Request) -> web.Response:
    """``GET /asking``: waiting to be let in; once the facilitator has answered, on to the ballot or back to joining."""
    room = _room(request)
    ticket = request.cookies.get(hygiene.ASKING_COOKIE)
    asking = room.doorway.find(ticket)
    if asking is None:
        response = await join_page(request, problem=_ASKING_RAN_OUT if ticket else None, status=200)
        response.del_cookie(hygiene.ASKING_COOKIE, path="/")
        return response
    if asking.waiting:
        return html(pages.asking_page(asking.pseudonym))
    answered = room.doorway.hand_over(asking.ticket) or asking
    if answered.secret is None:
        response = await join_page(request, problem=answered.refusal, status=403)
    else:
        response = hygiene.redirect("/vote")
        hygiene.set_cookie(response, hygiene.PHONE_COOKIE, answered.secret)
    response.del_cookie(hygiene.ASKING_COOKIE, path="/")
    return response


def _text(form: MultiDictProxy[Any], name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


# --------------------------------------------------------------------------- the ballot


async def _read_ballot(request: web.Request) -> BallotView:
    room = _room(request)
    return await room.perform(
        read_ballot,
        secret=hygiene.phone_secret(request),
        commission_id=room.settings.commission_id,
        workshop_id=room.settings.workshop_id,
    )


async def ballot_page(request: web.Request, *, form: pages.BallotForm | None = None, status: int = 200) -> web.Response:
    """``GET /vote``: the ballot for the round's state, made on the laptop."""
    try:
        view = await _read_ballot(request)
    except PhoneRefused as refused:
        if not hygiene.phone_secret(request):
            return hygiene.redirect("/")
        return await join_page(request, problem=refused.message, status=403)
    form = form or pages.BallotForm(csrf=hygiene.csrf_token(request), submission=new_submission_id())
    return html(pages.ballot_page(view.pseudonym, view.round, form), status)


async def vote_by_form(request: web.Request) -> web.Response:
    """``POST /vote``: a ballot sent without the script; answered by a redirect back to the ballot."""
    room = _room(request)
    form = await request.post()
    fields = {name: [value for value in form.getall(name) if isinstance(value, str)] for name in set(form)}
    round_id, submission = _text(form, "round"), _text(form, "submission")
    try:
        if not round_id or not submission or len(submission) > 100:
            raise InvalidInput(forms.OUT_OF_DATE)
        await room.perform(
            cast,
            secret=hygiene.phone_secret(request),
            commission_id=room.settings.commission_id,
            round_id=round_id,
            submission_id=submission,
            fields=fields,
            workshop_id=room.settings.workshop_id,
        )
    except PhoneRefused as refused:
        return await join_page(request, problem=refused.message, status=403)
    except ServiceError as refused:
        entered = {name: values for name, values in fields.items() if name not in ("csrf", "round", "submission")}
        again = pages.BallotForm(
            csrf=hygiene.csrf_token(request), submission=new_submission_id(), entered=entered, problem=refused.message
        )
        return await ballot_page(request, form=again, status=status_for(refused))
    return hygiene.redirect("/vote")


def round_as_json(view: BallotView) -> dict[str, Any]:
    """The round as the script reads it."""
    shown = view.round
    return {
        "pseudonym": view.pseudonym,
        "round": shown.round_id,
        "title": shown.title,
        "state": str(shown.state) if shown.round_id is not None else "waiting",
        "method": str(shown.method) if shown.method is not None else None,
        "options": [{"id": option_id, "label": label} for option_id, label in shown.options],
        "dots_budget": shown.dots_budget,
        "dots_cap": shown.dots_cap,
        "score_min": shown.score_min,
        "score_max": shown.score_max,
        "anonymous": shown.anonymous,
        "voted": shown.voted,
        "my_choices": _plain(shown.my_choices),
        "results": [
            {"place": place, "label": label, "score": score} for place, label, score in pages.result_lines(shown.results)
        ],
    }


def _plain(choices: Any) -> Any:
    if choices is None:
        return None
    if isinstance(choices, Mapping):
        return dict(choices)
    return list(choices)


async def round_json(request: web.Request) -> web.Response:
    """``GET /api/round``: what the ballot page shows, for the script to compare with what it shows."""
    try:
        view = await _read_ballot(request)
    except PhoneRefused as refused:
        return web.json_response({"message": refused.message}, status=403)
    return web.json_response(round_as_json(view))


async def vote_by_script(request: web.Request) -> web.Response:
    """``POST /api/ballot``: ``{"round", "submission", "choices"}`` → ``{"state": "in"}`` once committed."""
    room = _room(request)
    try:
        sent = await request.json(loads=_strict_json)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than anyone would send
        return web.json_response({"message": _UNREADABLE}, status=400)
    if not isinstance(sent, dict) or not _is_id(sent.get("round")) or not _is_id(sent.get("submission")):
        return web.json_response({"message": _UNREADABLE}, status=400)
    try:
        choices = forms.json_choices(sent.get("choices"))
        done = await room.perform(
            cast,
            secret=hygiene.phone_secret(request),
            commission_id=room.settings.commission_id,
            round_id=sent["round"],
            submission_id=sent["submission"],
            choices=choices,
            workshop_id=room.settings.workshop_id,
        )
    except ServiceError as refused:
        return web.json_response({"message": refused.message}, status=status_for(refused))
    return web.json_response({"state": "in", "replaced": bool(done.replaced), "replayed": bool(done.replayed)})


_UNREADABLE = "That ballot could not be read. Look again at your ballot and vote again."


def _strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise ValueError(constant)

    return json.loads(text, parse_constant=refuse)


def _is_id(value: object) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 100


#: How many pages may listen at once, and how many of them on one phone: a room's phones with a few
#: tabs each. An open stream holds a connection (a file) for as long as it lasts, so there is a limit.
MOST_LISTENING, MOST_LISTENING_PER_PHONE = 300, 3


async def listen(request: web.Request) -> web.StreamResponse:
    """``GET /events``: server-sent events, a ``round`` event whenever the page should look again.

    Only a joined phone may listen, on a few pages at most, and the room on a few hundred: a stream
    is a connection held open, and a made-up cookie must not be able to hold the laptop's all.
    """
    room = _room(request)
    try:
        holder, _secret = await room.perform(
            checked_phone,
            secret=hygiene.phone_secret(request),
            commission_id=room.settings.commission_id,
            workshop_id=room.settings.workshop_id,
        )
    except PhoneRefused as refused:
        return web.json_response({"message": refused.message}, status=403)
    if room.broadcaster.listeners >= MOST_LISTENING or room.listening.get(holder.phone_id, 0) >= MOST_LISTENING_PER_PHONE:
        return web.json_response({"message": "Too many pages are open. Close the other tabs of this page."}, status=429)
    room.listening[holder.phone_id] = room.listening.get(holder.phone_id, 0) + 1
    try:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", **hygiene.SECURITY_HEADERS})
        await response.prepare(request)
        with contextlib.suppress(ConnectionResetError):  # the phone went away
            await events.stream(room.broadcaster, response.write)
        return response
    finally:
        room.listening[holder.phone_id] -= 1
        if not room.listening[holder.phone_id]:
            del room.listening[holder.phone_id]
