"""Finding people's names in free text, so erasure and the anonymised export can take them out.

A full name is matched whole and by each of its parts of three letters or more ("Keisha",
"Campbell"); a pseudonym is matched only whole, because pseudonyms are often ordinary words
("The Boss", "Erased participant 1") whose parts must not be blanked everywhere. Matching
ignores case and only takes whole words, so "Kiki" is found in "KIKI said" but not in
"Kikimora". Names can hide in forms no program can catch (nicknames, "my cousin"), which is why
the anonymised export still asks a person to read the free text before publishing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

REMOVED = "[name removed]"
_SHORTEST_PART = 3


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
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(text: str, pattern: re.Pattern[str] | None) -> tuple[str, int]:
    """``text`` with every name ``pattern`` matches replaced, and how many were replaced."""
    if pattern is None or not text:
        return text, 0
    return pattern.subn(REMOVED, text)
