"""Reading an amount of money a person typed, with a refusal worded for the message banner.

The reading itself is the app's one typed-number helper, ``ui/number_input.py``.
"""

from __future__ import annotations

from cocommission.model.money import CurrencyInfo
from cocommission.ui.number_input import read_amount


def read_money(text: str, currency: CurrencyInfo) -> int:
    """``text`` in ``currency``'s minor units; ValueError with a whole sentence when it is not an amount."""
    return read_amount(text, currency)


def as_sentence(text: str) -> str:
    """``text`` with a capital first and a full stop last, as the banner shows messages."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
