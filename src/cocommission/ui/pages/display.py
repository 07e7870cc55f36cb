"""How days read on the pages (numbers, places and lists read as ``cocommission.wording`` words them)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale


def format_day(day: date | None) -> str:
    """``2026-03-28`` → ``28 Mar 2026``; no day reads as an empty string."""
    if day is None:
        return ""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMM yyyy")
