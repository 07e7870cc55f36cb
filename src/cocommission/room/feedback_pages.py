"""The feedback pages a phone is shown: a sheet's questions as a plain form, and "thank you".

Made like the ballot pages (``room.pages``): plain HTML on the laptop, every value escaped, the
same stylesheet, working with JavaScript off (the form is an ordinary POST). Faces questions are
five choices with the words printed under the faces on paper; yes/no questions two choices;
questions answered in words a box to write in. Never the name of the person a sheet was for.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from cocommission.model import QuestionKind
from cocommission.services.feedback import FACE_WORDS, FACES, FeedbackQuestionRow
from cocommission.services.phone_feedback import MAX_WORDS_ANSWER, PhoneSheet

#: The feedback pages' own few rules, beside the ballot's stylesheet.
STYLESHEET_PATH = "/feedback/sheet.css"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title>"
        '<link rel="stylesheet" href="/static/ballot.css">'
        f'<link rel="stylesheet" href="{STYLESHEET_PATH}">'
        f'</head><body data-page="feedback"><main>{body}</main></body></html>\n'
    )


def field_name(question: FeedbackQuestionRow) -> str:
    """The form field that carries a question's answer."""
    return f"q.{question.id}"


def sheet_page(
    sheet: PhoneSheet,
    *,
    csrf: str,
    entered: Mapping[str, str] | None = None,
    problem: str | None = None,
) -> str:
    """The sheet's questions as a form; ``entered`` (field name → value) is what was sent, shown again."""
    values = entered or {}
    notes = ""
    if sheet.answered:
        notes += (
            '<p class="status" role="status">This sheet has been answered already. '
            "If you send answers now, they replace the earlier ones.</p>"
        )
    if problem:
        notes += f'<p class="problem" role="alert">{_e(problem)}</p>'
    questions = "".join(_question(question, values) for question in sheet.questions)
    body = (
        "<h1>Your feedback</h1>"
        f'<p class="who">Sheet {_e(sheet.printed_code)}</p>'
        f"{notes}"
        '<p class="how">Answer what you want to. You can leave out anything.</p>'
        f'<form method="post" action="/feedback/{_e(sheet.code)}" class="feedback">'
        f'<input type="hidden" name="csrf" value="{_e(csrf)}">'
        f'<ol class="questions">{questions}</ol>'
        '<button type="submit" class="send">Send my answers</button>'
        "</form>"
    )
    return _page("Your feedback", body)


def _question(question: FeedbackQuestionRow, values: Mapping[str, str]) -> str:
    name = field_name(question)
    chosen = values.get(name, "")
    heading = f'<h2 id="h{_e(question.id)}">{_e(question.text)}</h2>'
    kind = QuestionKind(question.kind)
    if kind is QuestionKind.TEXT:
        answer = (
            f'<textarea id="a{_e(question.id)}" name="{_e(name)}" rows="4" maxlength="{MAX_WORDS_ANSWER}" '
            f'aria-labelledby="h{_e(question.id)}">{_e(chosen)}</textarea>'
        )
    else:
        if kind is QuestionKind.YES_NO:
            choices = [("yes", "Yes"), ("no", "No")]
        else:
            choices = [(str(face), words) for face, words in zip(FACES, FACE_WORDS, strict=True)]
        answer = _choices(question, name, choices, chosen)
    return f'<li class="question card">{heading}{answer}</li>'


def _choices(question: FeedbackQuestionRow, name: str, choices: list[tuple[str, str]], chosen: str) -> str:
    rows = []
    for number, (value, words) in enumerate(choices, start=1):
        ident = f"a{question.id}-{number}"
        checked = " checked" if chosen == value else ""
        rows.append(
            f'<li class="choice"><input type="radio" id="{_e(ident)}" name="{_e(name)}" value="{_e(value)}"{checked}>'
            f'<label for="{_e(ident)}">{_e(words)}</label></li>'
        )
    return f'<ul class="choices" role="radiogroup" aria-labelledby="h{_e(question.id)}">{"".join(rows)}</ul>'


def thanks_page(*, replaced: bool) -> str:
    """After the answers are saved: thank you, and whether earlier answers were replaced."""
    again = (
        "<p>This sheet had been answered before; your answers now replace those.</p>" if replaced else ""
    )
    body = (
        "<h1>Thank you</h1>"
        '<p class="status in" role="status">Your answers are saved.</p>'
        f"{again}"
        "<p>You can close this page.</p>"
    )
    return _page("Thank you", body)
