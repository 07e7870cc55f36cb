"""The few phrases the wall shares between scenes: places with ties, numbers, "7 of 9 have voted"."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

_CONTEXT = "ProjectorWords"


def _tr(text: str) -> str:
    return QCoreApplication.translate(_CONTEXT, text)


def ordinal(place: int) -> str:
    """1 → 1st, 2 → 2nd, 11 → 11th, 23 → 23rd."""
    if 10 <= place % 100 <= 20:
        return _tr("{n}th").format(n=place)
    suffix = {1: _tr("{n}st"), 2: _tr("{n}nd"), 3: _tr("{n}rd")}.get(place % 10, _tr("{n}th"))
    return suffix.format(n=place)


def places(ranking: Sequence[Sequence[str]]) -> dict[str, str]:
    """Each id's place in tiers, best first; tied ids share it as "=1st" and the next place is skipped.

    Ties are shown, never broken: after two options tied first, the next is 3rd.
    """
    labels: dict[str, str] = {}
    place = 1
    for tier in ranking:
        label = ordinal(place) if len(tier) == 1 else "=" + ordinal(place)
        for key in tier:
            labels[key] = label
        place += len(tier)
    return labels


def number(value: float) -> str:
    """A total for people: whole numbers bare, others to at most one decimal place."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def numbered_label(key: str, label: str) -> str:
    """An option's words after its key, where the key cannot stand in a column of its own: "3. Help into work"."""
    return f"{key}. {label}" if key else label


def progress(voted: int, eligible: int) -> str:
    """ "7 of 9 have voted"."""
    if voted == 1:
        return _tr("{voted} of {eligible} has voted").format(voted=voted, eligible=eligible)
    return _tr("{voted} of {eligible} have voted").format(voted=voted, eligible=eligible)


def clock_text(seconds: int) -> str:
    """A countdown as the wall shows it: "9:05", or "1:02:00" past an hour."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def minutes_text(minutes: int) -> str:
    """ "20 min", or "1 h 30 min" for longer items."""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _tr("{h} h {m} min").format(h=hours, m=rest)
    if hours:
        return _tr("{h} h").format(h=hours)
    return _tr("{m} min").format(m=rest)
