"""Finding people's names in free text, so erasure and the anonymised export can take them out.

A full name is matched whole and by each of its parts of three letters or more ("Keisha",
"Campbell"); a pseudonym is matched only whole, because pseudonyms are often ordinary words
("The Boss", "Erased participant 1") whose parts must not be blanked everywhere. Matching
ignores case and accents and only takes whole words, so "Kiki" is found in "KIKI said" but not
in "Kikimora", and "Zoë" is found in "Zoe" and "ZOË". Names can hide in forms no program can catch (nicknames, "my cousin"), which is why
the anonymised export still asks a person to read the free text before publishing.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

REMOVED = "[name removed]"
_SHORTEST_PART = 3


def _base(letter: str) -> str:
    """A letter without its accents: "ë" -> "e"; other characters as they are."""
    return "".join(c for c in unicodedata.normalize("NFKD", letter) if not unicodedata.combining(c))


@cache
def _accented() -> dict[str, str]:
    """Each plain letter and every Latin letter that is it with accents: "e" -> "eèéêëēĕėęě…"."""
    variants: dict[str, set[str]] = defaultdict(set)
    for code in range(0x00C0, 0x0250):
        letter = chr(code)
        base = _base(letter).casefold()
        if len(base) == 1 and base.isalpha() and base != letter.casefold():
            variants[base].update({letter.lower(), letter.upper()})
    return {base: base + "".join(sorted(found)) for base, found in variants.items()}


def _accent_free(name: str) -> str:
    """A pattern for ``name`` that matches it with or without its accents."""
    pieces = []
    for letter in name:
        base = _base(letter).casefold()
        if len(base) == 1 and base in _accented():
            pieces.append(f"[{re.escape(_accented()[base])}]")
        else:
            pieces.append(re.escape(letter))
    return "".join(pieces)


def name_pattern(people: Iterable[tuple[str | None, str | None]]) -> re.Pattern[str] | None:
    """A pattern matching any of the (pseudonym, full name) pairs' names; None when there are none."""
    names: set[str] = set()
    for pseudonym, full_name in people:
        if pseudonym and pseudonym.strip():
            names.add(pseudonym.strip())
        if full_name and full_name.strip():
            names.add(full_name.strip())
            names.update(part for part in re.split(r"[\s\-]+", full_name) if len(part) >= _SHORTEST_PART)
    if not names:
        return None
    alternatives = "|".join(_accent_free(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None) -> tuple[str, int]:
    """``text`` with every name ``pattern`` matches replaced, and how many were replaced."""
    if pattern is None or not text:
        return text, 0
    return pattern.subn(REMOVED, text)
