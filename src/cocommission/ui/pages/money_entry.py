"""Reading an amount of money a person typed, with a refusal worded for the message banner."""

from __future__ import annotations

from cocommission.model.money import CurrencyInfo, parse_money


def read_money(text: str, currency: CurrencyInfo) -> int:
    """``text`` in ``currency``'s minor units; ValueError with a whole sentence when it is not an amount."""
    try:
        return parse_money(text, currency)
    except ValueError as exc:
        raise ValueError(as_sentence(str(exc))) from None


def as_sentence(text: str) -> str:
    """``text`` with a capital first and a full stop last, as the banner shows messages."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
