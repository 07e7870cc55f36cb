"""The pages a phone is shown, as plain HTML made on the laptop: they work with JavaScript off.

Every value that came from the database or from the phone is escaped (``html.escape``). Each
page links the one stylesheet and script from ``resources/room/``; the script only makes the
forms quicker to use (tapping dots, ranking in order, sending without reloading) and hears when
the round changes. Without it each form is a plain POST that is answered by a redirect back
(post, redirect, get), and the waiting page reloads itself.

Words are plain and short: the people reading them are young people on small screens.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from cocommission.services.phone_ballots import PhoneRound
from cocommission.wording import Words, untranslated

_words = Words(lambda text: untranslated("Room", text))

#: How often a page without its script checks whether the round has changed (seconds).
RELOAD_SECONDS = 10


@dataclass(frozen=True)
class BallotForm:
    """What a ballot form needs besides the round: its CSRF token, a fresh submission id, and what was typed."""

    csrf: str
    submission: str
    #: The fields as the phone sent them, when a form post was refused (shown again, so nothing is lost).
    entered: Mapping[str, Sequence[str]] | None = None
    #: Why the last form post was refused.
    problem: str | None = None


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _page(
    title: str, body: str, *, data: Mapping[str, str] | None = None, reload: bool = False, refresh_every: int = 0
) -> str:
    attributes = "".join(f' data-{name}="{_e(value)}"' for name, value in (data or {}).items())
    # Without the script, a page that waits for the facilitator looks again by itself; a page the
    # script does not follow (``refresh_every``) looks again with or without it.
    refresh = (
        f'<noscript><meta http-equiv="refresh" content="{RELOAD_SECONDS}"></noscript>' if reload else ""
    )
    if refresh_every:
        refresh = f'<meta http-equiv="refresh" content="{int(refresh_every)}">'
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title>{refresh}"
        '<link rel="stylesheet" href="/static/ballot.css">'
        '<script src="/static/ballot.js" defer></script>'
        f"</head><body{attributes}><main>{body}</main></body></html>\n"
    )


def message_page(message: str, *, link: str = "/", link_text: str = "Start again") -> str:
    """A page that says one thing went wrong, and where to go next."""
    body = (
        '<h1>Sorry</h1>'
        f'<p class="problem" role="alert">{_e(message)}</p>'
        f'<p><a class="button" href="{_e(link)}">{_e(link_text)}</a></p>'
    )
    return _page("Sorry", body)


# --------------------------------------------------------------------------- joining


def join_page(
    *, csrf: str, joinable: Iterable[tuple[str, str]], problem: str | None = None, code: str = ""
) -> str:
    """The first page: type the code from a join card, or choose your name and type the PIN.

    ``joinable`` is (participant id, pseudonym) for everyone who can join with the PIN.
    """
    people = list(joinable)
    problem_html = f'<p class="problem" role="alert">{_e(problem)}</p>' if problem else ""
    token = f'<input type="hidden" name="csrf" value="{_e(csrf)}">'
    card = (
        '<section class="card"><h2>I have a join card</h2>'
        f'<form method="post" action="/join">{token}'
        '<label for="code">Type the code on your card</label>'
        f'<input id="code" name="code" value="{_e(code)}" autocomplete="off" autocapitalize="characters" '
        'spellcheck="false" maxlength="20" placeholder="ABCD-EFGH">'
        '<button type="submit">Join</button></form>'
        '<p class="hint">Or scan the QR code on the card with your camera.</p></section>'
    )
    if people:
        choices = "".join(f'<option value="{_e(pid)}">{_e(name)}</option>' for pid, name in people)
        pin = (
            '<section class="card"><h2>I have no card</h2>'
            f'<form method="post" action="/join">{token}'
            '<label for="participant">Choose your name</label>'
            f'<select id="participant" name="participant"><option value="">Choose…</option>{choices}</select>'
            '<label for="pin">Type the PIN the facilitator tells you</label>'
            '<input id="pin" name="pin" inputmode="numeric" autocomplete="off" maxlength="12">'
            '<button type="submit">Join</button></form></section>'
        )
    else:
        pin = (
            '<section class="card"><h2>I have no card</h2>'
            "<p>Nobody can join with a PIN just now. Ask the facilitator.</p></section>"
        )
    body = f"<h1>Join the vote</h1>{problem_html}{card}{pin}"
    return _page("Join the vote", body, data={"page": "join"})


#: How often the page of a phone asking to join looks whether the facilitator has let it in (seconds).
ASKING_RELOAD_SECONDS = 3


def asking_page(pseudonym: str) -> str:
    """Waiting for the facilitator to let this phone in; the page looks again by itself, script or not."""
    body = (
        "<h1>Nearly there</h1>"
        f'<p class="status" role="status">Show this screen to the facilitator: they will let '
        f"<strong>{_e(pseudonym)}</strong>'s phone in.</p>"
        '<p class="hint">This page moves on by itself. Not you? '
        '<a href="/">Start again</a>.</p>'
    )
    return _page("Waiting to be let in", body, data={"page": "asking"}, refresh_every=ASKING_RELOAD_SECONDS)


# --------------------------------------------------------------------------- the ballot


def ballot_page(pseudonym: str, round_: PhoneRound, form: BallotForm) -> str:
    """The ballot page for the round's state: waiting, open (voted or not), closed or revealed."""
    who = f'<p class="who">You are <strong>{_e(pseudonym)}</strong></p>'
    state = str(round_.state) if round_.round_id is not None else "waiting"
    data = {"page": "ballot", "round": round_.round_id or "", "state": state, "voted": "1" if round_.voted else ""}
    if round_.round_id is None:
        body = (
            "<h1>Waiting for the next vote</h1>"
            '<p class="status">The facilitator will open a vote soon. This page changes by itself.</p>'
            f"{_look_again()}"
        )
        return _page("Waiting", who + body, data=data, reload=True)
    title = f"<h1>{_e(round_.title)}</h1>"
    if state == "open":
        return _page(round_.title, who + title + _open_round(round_, form), data=data)
    if state == "revealed":
        return _page(round_.title, who + title + _revealed(round_), data=data, reload=True)
    return _page(round_.title, who + title + _closed(round_), data=data, reload=True)


def _look_again() -> str:
    return '<p><a class="button quiet" href="/vote">Look again</a></p>'


def _voted_status(round_: PhoneRound) -> str:
    if round_.voted:
        return '<p class="status in" role="status">Your vote is in.</p>'
    return '<p class="status">You did not vote in this round.</p>'


def _closed(round_: PhoneRound) -> str:
    return (
        '<p class="status closed">Voting has closed.</p>'
        f"{_voted_status(round_)}"
        "<p>The results will be shown on the wall.</p>"
        f"{_look_again()}"
    )


def _revealed(round_: PhoneRound) -> str:
    lines = result_lines(round_.results)
    if lines:
        rows = "".join(
            f'<li value="{place}"><span>{_e(label)}</span><strong>{_e(value)}</strong></li>'
            for place, label, value in lines
        )
        results = f'<h2>Results</h2><ol class="results">{rows}</ol>'
    else:
        results = "<p>The results are on the wall.</p>"
    return f'<p class="status closed">Voting has closed. The results are out.</p>{_voted_status(round_)}{results}'


def result_lines(results: Any) -> list[tuple[int, str, str]]:
    """The results as (place, option, what it got) lines, best first; tied options share a place."""
    lines = []
    for number, line in enumerate(results or (), start=1):
        if isinstance(line, tuple | list):
            label, value = line
            place = number
        else:
            label, value, place = line.label, line.score, line.place
        lines.append((int(place), str(label), str(value)))
    return lines


def _open_round(round_: PhoneRound, form: BallotForm) -> str:
    method = str(round_.method)
    status = ""
    if round_.voted:
        status = (
            '<p class="status in" role="status">Your vote is in. '
            "You can change it until voting closes.</p>"
        )
        if round_.anonymous:
            status += (
                '<p class="hint">This vote is secret, so your choices are not shown again. '
                "Send new choices to replace them.</p>"
            )
    problem = f'<p class="problem" role="alert">{_e(form.problem)}</p>' if form.problem else ""
    values = _shown_values(round_, form)
    options = {
        "dots": _dots_options,
        "ranking": _ranking_options,
        "approval": _approval_options,
        "score": _score_options,
    }[method](round_, values)
    send = "Change my vote" if round_.voted else "Send my vote"
    data = {
        "method": method,
        "budget": str(round_.dots_budget),
        "cap": str(round_.dots_cap),
        "min": str(round_.score_min),
        "max": str(round_.score_max),
    }
    attributes = "".join(f' data-{name}="{_e(value)}"' for name, value in data.items())
    # novalidate: a mistake is explained by the laptop's own sentence, the same with or without the
    # script, rather than by each browser's own bubble.
    return (
        f"{status}{problem}"
        f'<form method="post" action="/vote" class="ballot" novalidate{attributes}>'
        f'<input type="hidden" name="csrf" value="{_e(form.csrf)}">'
        f'<input type="hidden" name="round" value="{_e(round_.round_id)}">'
        f'<input type="hidden" name="submission" value="{_e(form.submission)}">'
        f'<p class="how">{_e(how_to_vote(round_))}</p>'
        f"{options}"
        f'<button type="submit" class="send">{send}</button>'
        "</form>"
    )


def how_to_vote(round_: PhoneRound) -> str:
    """The round's rules in one or two plain sentences."""
    method = str(round_.method)
    if method == "dots":
        dots = "1 dot" if round_.dots_budget == 1 else f"{round_.dots_budget} dots"
        if round_.dots_cap >= round_.dots_budget:
            return f"You have {dots}. Put them on the options you like most."
        return f"You have {dots}. Put up to {round_.dots_cap} on any one option."
    if method == "ranking":
        return "Put the options in order: 1 for the one you like most, then 2, and so on. You can leave some out."
    if method == "approval":
        return "Tick every option you are happy with."
    return f"Give each option a score from {round_.score_min} to {round_.score_max}. You can leave some out."


def _shown_values(round_: PhoneRound, form: BallotForm) -> dict[str, list[str]]:
    """Field name -> values to show: what was just typed, else this phone's own earlier choices."""
    if form.entered is not None:
        return {name: list(values) for name, values in form.entered.items()}
    return choice_fields(str(round_.method), round_.my_choices)


def choice_fields(method: str, choices: Any) -> dict[str, list[str]]:
    """A ballot's choices (``cast_ballot``'s shape) as the form's fields, to show them again."""
    if not choices:
        return {}
    if method in ("dots", "score"):
        prefix = "dots." if method == "dots" else "score."
        return {f"{prefix}{option_id}": [str(value)] for option_id, value in dict(choices).items()}
    if method == "ranking":
        return {f"rank.{option_id}": [str(rank)] for rank, option_id in enumerate(choices, start=1)}
    return {"approve": [str(option_id) for option_id in choices]}


def _first(values: Mapping[str, list[str]], name: str, default: str = "") -> str:
    found = values.get(name)
    return found[0] if found else default


def _dots_options(round_: PhoneRound, values: Mapping[str, list[str]]) -> str:
    items = []
    for number, (option_id, label) in enumerate(round_.options, start=1):
        field = f"dots.{option_id}"
        items.append(
            f'<li class="option" data-option="{_e(option_id)}">'
            f'<label for="o{number}">{_e(label)}</label>'
            f'<input id="o{number}" type="number" name="{_e(field)}" min="0" max="{round_.dots_cap}" '
            f'step="1" inputmode="numeric" value="{_e(_first(values, field, "0"))}">'
            "</li>"
        )
    return f'<ul class="options dots">{"".join(items)}</ul>'


def _ranking_options(round_: PhoneRound, values: Mapping[str, list[str]]) -> str:
    count = len(round_.options)
    items = []
    for number, (option_id, label) in enumerate(round_.options, start=1):
        field = f"rank.{option_id}"
        chosen = _first(values, field)
        ranks = ['<option value="">Not ranked</option>'] + [
            f'<option value="{rank}"{" selected" if chosen == str(rank) else ""}>{_words.ordinal(rank)}</option>'
            for rank in range(1, count + 1)
        ]
        items.append(
            f'<li class="option" data-option="{_e(option_id)}">'
            f'<label for="o{number}">{_e(label)}</label>'
            f'<select id="o{number}" name="{_e(field)}">{"".join(ranks)}</select>'
            "</li>"
        )
    return f'<ol class="options ranking">{"".join(items)}</ol>'


def _approval_options(round_: PhoneRound, values: Mapping[str, list[str]]) -> str:
    approved = set(values.get("approve", []))
    items = []
    for number, (option_id, label) in enumerate(round_.options, start=1):
        checked = " checked" if option_id in approved else ""
        items.append(
            f'<li class="option" data-option="{_e(option_id)}">'
            f'<input id="o{number}" type="checkbox" name="approve" value="{_e(option_id)}"{checked}>'
            f'<label for="o{number}">{_e(label)}</label>'
            "</li>"
        )
    return f'<ul class="options approval">{"".join(items)}</ul>'


def _score_options(round_: PhoneRound, values: Mapping[str, list[str]]) -> str:
    items = []
    for number, (option_id, label) in enumerate(round_.options, start=1):
        field = f"score.{option_id}"
        items.append(
            f'<li class="option" data-option="{_e(option_id)}">'
            f'<label for="o{number}">{_e(label)}</label>'
            f'<input id="o{number}" type="number" name="{_e(field)}" min="{round_.score_min}" '
            f'max="{round_.score_max}" step="1" inputmode="numeric" value="{_e(_first(values, field))}" '
            f'placeholder="{round_.score_min}–{round_.score_max}">'
            "</li>"
        )
    return f'<ul class="options score">{"".join(items)}</ul>'
