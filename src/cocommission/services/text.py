"""Small checks on text typed by people."""

from __future__ import annotations

from collections.abc import Sequence

from cocommission.services.errors import InvalidInput


def required_text(value: str | None, message: str) -> str:
    """``value`` without surrounding spaces; InvalidInput with ``message`` when it is empty."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(message)
    return cleaned


#: How many problems one refusal spells out; the rest are counted, so the message stays readable.
PROBLEMS_SHOWN = 10


def quoted(value: object, limit: int = 40) -> str:
    """``value`` quoted for a message on one line: control characters escaped, long text cut short."""
    text = str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return repr(text)


def problem_list(problems: Sequence[str], *, limit: int = PROBLEMS_SHOWN) -> str:
    """The first ``limit`` problems, each a sentence, then how many more there are, all on one line."""
    shown = [problem if problem.endswith((".", "?", "!")) else f"{problem}." for problem in problems[:limit]]
    more = len(problems) - limit
    if more > 0:
        shown.append(f"And {more} more.")
    return " ".join(shown)
