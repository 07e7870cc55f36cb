"""Small checks on text typed by people."""

from __future__ import annotations

from cocommission.services.errors import InvalidInput


def required_text(value: str | None, message: str) -> str:
    """``value`` without surrounding spaces; InvalidInput with ``message`` when it is empty."""
    cleaned = (value or "").strip()
    if not cleaned:
        raise InvalidInput(message)
    return cleaned
