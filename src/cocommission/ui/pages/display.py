"""How plain values read on the bids and decision pages: days, scores, places in a ranking."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale

from cocommission.ui.translation import translator

tr = translator("display")


def format_day(day: date | None) -> str:
    """``2026-03-28`` → ``28 Mar 2026``; no day reads as an empty string."""
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")


def format_number(value: float | None) -> str:
    """A mean, spread or total for people: whole numbers bare, others to at most 2 places."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def and_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C': names as a sentence lists them."""
    if len(names) <= 1:
        return "".join(names)
    return tr("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])


def ordinal(number: int) -> str:
    """1 → 1st, 2 → 2nd, 11 → 11th, 23 → 23rd."""
    if 10 <= number % 100 <= 20:
        return tr("{n}th").format(n=number)
    suffix = {1: tr("{n}st"), 2: tr("{n}nd"), 3: tr("{n}rd")}.get(number % 10, tr("{n}th"))
    return suffix.format(n=number)


def places(ranking: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Each id's place in a ranking of tiers; tied ids share a place shown as ``=1st``.

    Places follow sports tables: after two bids tied first, the next is 3rd.
    """
    labels: dict[str, str] = {}
    place = 1
    for tier in ranking:
        label = ordinal(place)
        if len(tier) > 1:
            label = "=" + label
        for key in tier:
            labels[key] = label
        place += len(tier)
    return labels


def place_sort_key(ranking: tuple[tuple[str, ...], ...]) -> dict[str, int]:
    """Each id's numeric place, for sorting a table by place."""
    keys: dict[str, int] = {}
    place = 1
    for tier in ranking:
        for key in tier:
            keys[key] = place
        place += len(tier)
    return keys
