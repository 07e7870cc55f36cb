"""Small checks on text typed by people."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from cocommission.services.errors import InvalidInput


def required_text(value: str | None, message: str) -> str:
    """``value`` without surrounding spaces; InvalidInput with ``message`` when it is empty."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(message)
    return cleaned



def short_text(value: str | None, limit: int, what: str) -> str:
    """``value`` trimmed (None reads as nothing); InvalidInput naming ``what`` when longer than ``limit``."""
    cleaned = (value or "").strip()
    if len(cleaned) > limit:
        raise InvalidInput(f"{what} is too long; keep it to {limit} characters.")
    return cleaned


def optional_text(value: str | None, limit: int, what: str) -> str | None:
    """Trimmed text, or None when nothing was written (so no empty personal data is kept)."""
    return short_text(value, limit, what) or None


#: The invisible characters a name may keep: the joiners that Persian, Indic scripts and emoji need.
_JOINERS = {"\u200c", "\u200d"}
#: A subdivision flag (England 🏴󠁧󠁢󠁥󠁮󠁧󠁿, Scotland, Wales): a black flag, invisible tag letters, a cancel tag.
_TAG_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


def plain_name(value: str, what: str) -> str:
    """``value`` when it holds no control or invisible formatting character, else InvalidInput.

    Right-to-left overrides (U+202E) and their kin make a name read differently on screen, on
    the projector and on paper from what is stored; zero-width spaces make two names look the
    same. Joiners and subdivision flags, which people do type, are kept.
    """
    for character in _TAG_FLAG.sub("", value):
        category = unicodedata.category(character)
        if (category == "Cf" and character not in _JOINERS) or category in ("Cc", "Zl", "Zp"):
            name = unicodedata.name(character, "a control character").lower()
            raise InvalidInput(
                f"{what} holds an invisible character (U+{ord(character):04X}, {name}) that changes how it "
                "is shown; type it again without it."
            )
    return value


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


def plural(count: int, one: str, many: str, **values: object) -> str:
    """``one`` or ``many`` for ``count``, with ``{count}`` (and any other ``values``) filled in:
    "1 person", "3 people", "0 people".

    Widgets pass both forms through ``self.tr()`` first, so a translator can word each one.
    """
    return (one if count == 1 else many).format(count=count, **values)


#: Letters whose mark is part of the letter rather than an accent, so Unicode gives them no plain
#: letter to fall back on: "Łukasz" must still be found by "luk", sort with the Ls and read as "lukasz".
#: Keys are lower case: ``folded`` case-folds first.
_OWN_LETTERS = str.maketrans(
    {
        "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ı": "i", "ŧ": "t", "ŀ": "l", "ɨ": "i", "ĸ": "k",
        "æ": "ae", "œ": "oe", "þ": "th", "ð": "d",
    }
)  # fmt: skip


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    """``text`` with no case and no accents ("Siân" -> "sian", "Łukasz" -> "lukasz", "Straße" -> "strasse").

    The one rule for reading names and words as people type and read them: the console's name
    search, the lookalike hints ("zoe" beside "Zoë") and the alphabetical order all use it, so
    they never disagree about which letters are the same.
    """
    lowered = text.casefold().translate(_OWN_LETTERS)
    bare = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare)


def name_match(name: str, typed: str) -> int | None:
    """How well ``typed`` finds ``name``, ignoring case and accents: 0 when the name starts with it,
    1 when one of its words does, None when neither.

    "luk" finds "Łukasz" and "sian" finds "Siân" first, then "Big Siân"; "ai" does not find "Kai", so a
    name is only picked by what it starts with, never by a chance of letters in its middle.
    """
    wanted = folded(typed).strip()
    if not wanted:
        return None
    plain = folded(name)
    if plain.startswith(wanted):
        return 0
    if any(word.startswith(wanted) for word in re.split(r"[\s\-_.'’]+", plain) if word):
        return 1
    return None


def name_matches(name: str, typed: str) -> bool:
    """Whether ``typed`` is the start of ``name``, or of one of its words, ignoring case and accents."""
    return name_match(name, typed) is not None
