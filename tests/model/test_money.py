"""Reading amounts typed by people: unambiguous text only, and never more than the one money limit."""

from __future__ import annotations

import pytest

from cocommission.model.money import BRIXTON_POUND, MAX_MINOR_UNITS, POUND_STERLING, format_money, parse_money


@pytest.mark.parametrize(
    ("text", "minor"),
    [("20,000", 2_000_000), ("£1,234,567.89", 123_456_789), ("12.50", 1250), ("B£ 7", 700), ("1234", 123_400)],
)
def test_amounts_with_thousands_separators_are_read(text, minor):
    """Commas between groups of three digits are thousands separators, and are read as such."""
    currency = BRIXTON_POUND if text.startswith("B£") else POUND_STERLING
    assert parse_money(text, currency) == minor


@pytest.mark.parametrize("text", ["12,34", "1,2,3", ",123", "123,", "1,234.5,6", "1,23,456", "12,345,67", "1.234,56"])
def test_commas_that_are_not_thousands_separators_are_refused(text):
    """'12,34' may mean 12.34 or 1234: text whose commas are not groups of three is refused, not guessed."""
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(text, POUND_STERLING)


def test_the_money_limit_fits_every_store_and_json():
    """The one limit fits a signed 64-bit column and is exact as a JSON number (a double)."""
    assert MAX_MINOR_UNITS < 2**53 and MAX_MINOR_UNITS < 2**63 - 1
    assert float(MAX_MINOR_UNITS) == MAX_MINOR_UNITS


def test_an_amount_over_the_limit_is_refused_in_words():
    """An absurdly large amount is refused with the largest one accepted, never an overflow."""
    largest = format_money(MAX_MINOR_UNITS, POUND_STERLING)
    assert parse_money(largest, POUND_STERLING) == MAX_MINOR_UNITS
    with pytest.raises(ValueError, match="too large"):
        parse_money("1" + "0" * 40, POUND_STERLING)
    with pytest.raises(ValueError, match="too large"):
        parse_money(str(MAX_MINOR_UNITS), POUND_STERLING)
