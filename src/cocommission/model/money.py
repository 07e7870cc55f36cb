"""Money as integer minor units plus a currency, and how to read and write amounts.

Floats never hold money: £20,000.00 is 2_000_000 minor units of GBP, and
B£12 in a whole-token local currency is 12 minor units with 0 decimals.

Every amount (a budget, a rate, a bid, a payment, a funded amount) is at most
``MAX_MINOR_UNITS``: it fits a 64-bit database column and stays exact as a JSON number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


@dataclass(frozen=True)
class CurrencyInfo:
    """What is needed to show an amount: code, symbol, name and decimal places."""

    code: str
    symbol: str
    name: str
    decimals: int
    is_local: bool = False


POUND_STERLING = CurrencyInfo("GBP", "£", "Pound sterling", 2)
BRIXTON_POUND = CurrencyInfo("BXP", "B£", "Brixton Pound", 2, is_local=True)

#: The largest amount of money, in minor units, anything accepts: 10^15 (£10 trillion in pence).
#: It fits a signed 64-bit integer and is below 2^53, so JSON readers that use doubles keep it exact.
MAX_MINOR_UNITS = 10**15

#: Digits, or digits in groups of three separated by commas (``1,234,567``), then any decimals.
_AMOUNT = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def format_money(amount_minor: int, currency: CurrencyInfo) -> str:
    """``2000000`` in GBP → ``£20,000.00``; a negative amount keeps its sign in front."""
    sign = "-" if amount_minor < 0 else ""
    value = Decimal(abs(amount_minor)).scaleb(-currency.decimals)
    return f"{sign}{currency.symbol}{value:,.{currency.decimals}f}"


def parse_money(text: str, currency: CurrencyInfo) -> int:
    """Read an amount typed by a person (``20,000``, ``£12.50``, ``B£ 7``) into minor units."""
    cleaned = text.strip().replace(" ", "")
    for prefix in sorted({currency.symbol, currency.code}, key=len, reverse=True):
        if cleaned.upper().startswith(prefix.upper()):
            cleaned = cleaned[len(prefix):]
            break
    # "12,34" may be 12.34 or 1,234: a comma is read only as a thousands separator, never guessed at.
    if not _AMOUNT.match(cleaned):
        raise ValueError(f"{text!r} is not an amount of money; write it like 1,234.50 or 1234.50")
    try:
        value = Decimal(cleaned.replace(",", "")).scaleb(currency.decimals)
    except InvalidOperation as exc:  # pragma: no cover - the pattern already guards this
        raise ValueError(f"{text!r} is not an amount of money") from exc
    if value != value.to_integral_value():
        raise ValueError(f"{text!r} has more than {currency.decimals} decimal places for {currency.name}")
    if abs(value) > MAX_MINOR_UNITS:
        raise ValueError(f"{text!r} is too large; the most is {format_money(MAX_MINOR_UNITS, currency)}")
    return int(value)
