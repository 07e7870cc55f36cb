"""Lengths of time as the console shows them on its clocks: "9:05", or "1:02:03" past an hour."""

from __future__ import annotations


def clock_text(seconds: int) -> str:
    """Whole seconds as a clock reads them; negative lengths read as 0:00."""
    hours, rest = divmod(max(0, seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
