"""Reading a phone's ballot, from the plain form or the script's JSON, into the shape ``cast_ballot`` takes.

This only parses: whether the ballot keeps the round's rules (the budget, the cap, the score
range, options of this round) is for the services to say. What only the form can get wrong (a
number that is not a number, two options both ranked 2nd, a gap in the ranks) is refused here,
in words, before anything is called.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from cocommission.services.errors import InvalidInput

#: A ballot for options the round does not have: the page was made for another round.
OUT_OF_DATE = "That ballot does not match the round on the wall. Look again at your ballot and vote again."

Choices = Mapping[str, int] | tuple[str, ...]


#: A whole number as a phone may type it: an optional minus and up to six decimal digits (in any
#: script's digits, which ``int`` reads); not "--1", "²" or "1.5".
_WHOLE = re.compile(r"-?\d{1,6}")


def _whole(text: str, message: str) -> int:
    text = text.strip()
    if not _WHOLE.fullmatch(text):
        raise InvalidInput(message)
    return int(text)


def _numbered_fields(
    fields: Mapping[str, Sequence[str]], prefix: str, labels: Mapping[str, str]
) -> dict[str, str]:
    """Option id -> the text typed for it, from fields named ``prefix`` + option id."""
    found: dict[str, str] = {}
    for name, values in fields.items():
        if not name.startswith(prefix):
            continue
        option_id = name[len(prefix):]
        if option_id not in labels or len(values) != 1:
            raise InvalidInput(OUT_OF_DATE)
        found[option_id] = values[0]
    return found


def form_choices(method: str, fields: Mapping[str, Sequence[str]], labels: Mapping[str, str]) -> Choices:
    """The choices in a form post; ``labels`` names the round's options by id."""
    if method == "dots":
        dots = {}
        for option_id, text in _numbered_fields(fields, "dots.", labels).items():
            if text.strip():
                dots[option_id] = _whole(text, f'Type a whole number of dots for "{labels[option_id]}".')
        return {option_id: count for option_id, count in dots.items() if count}
    if method == "score":
        scores = {}
        for option_id, text in _numbered_fields(fields, "score.", labels).items():
            if text.strip():
                scores[option_id] = _whole(text, f'Type a whole number as the score for "{labels[option_id]}".')
        return scores
    if method == "ranking":
        return _ranking(_numbered_fields(fields, "rank.", labels), labels)
    approved = list(fields.get("approve", ()))
    if any(option_id not in labels for option_id in approved):
        raise InvalidInput(OUT_OF_DATE)
    return tuple(approved)


def _ranking(typed: Mapping[str, str], labels: Mapping[str, str]) -> tuple[str, ...]:
    """Option ids best first, from the place typed for each; repeats and gaps are refused."""
    places: dict[int, str] = {}
    for option_id, text in typed.items():
        if not text.strip():
            continue
        place = _whole(text, f'Choose a place for "{labels[option_id]}" from the list.')
        if place < 1 or place > len(labels):
            raise InvalidInput(f'Choose a place for "{labels[option_id]}" from the list.')
        if place in places:
            raise InvalidInput(
                f'"{labels[places[place]]}" and "{labels[option_id]}" are both number {place}. '
                "Give each option its own number."
            )
        places[place] = option_id
    for place in range(1, len(places) + 1):
        if place not in places:
            raise InvalidInput(
                f"Nothing is number {place}. Number the options 1, 2, 3 and so on, without gaps."
            )
    return tuple(places[place] for place in sorted(places))


def json_choices(choices: Any) -> Choices:
    """The choices the script sent: an object of whole numbers (dots, scores) or a list of ids (ranking, approval).

    Which of the two the round wants, and what the numbers may be, is for the services to say.
    """
    unreadable = "That ballot could not be read. Look again at your ballot and vote again."
    if isinstance(choices, dict):
        if not all(isinstance(value, int) and not isinstance(value, bool) for value in choices.values()):
            raise InvalidInput(unreadable)
        return {str(option_id): value for option_id, value in choices.items()}
    if isinstance(choices, list) and all(isinstance(option_id, str) for option_id in choices):
        return tuple(choices)
    raise InvalidInput(unreadable)
