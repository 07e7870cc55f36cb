"""Small checks on the numbers and choices people give; a refusal says what would do instead."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TypeVar

from cocommission.model.money import MAX_MINOR_UNITS
from cocommission.services.errors import InvalidInput

Choice = TypeVar("Choice", bound=enum.Enum)


#: What a whole-number column holds on the narrowest backend (PostgreSQL's ``integer``): a count,
#: a score or a length beyond it would make the database driver overflow on save.
SMALLEST_COUNT, LARGEST_COUNT = -(2**31), 2**31 - 1


def whole_number(value: object, message: str, *, low: int | None = None, high: int | None = None) -> int:
    """``value`` if it is a whole number from ``low`` to ``high``, else InvalidInput.

    True and False are refused although Python counts them as numbers: a tick is not a count.
    Without a ``low`` or ``high``, the limit is what a whole-number column holds.
    """
    low = SMALLEST_COUNT if low is None else low
    high = LARGEST_COUNT if high is None else high
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInput(message)
    return value


def money_amount(value: object, what: str, *, low: int = 0) -> int:
    """``value`` if it is a whole number of minor units from ``low`` to ``MAX_MINOR_UNITS``, else InvalidInput.

    ``what`` names the amount at the start of the refusal ("A bid's amount", "The budget").
    A float (even 2.0) is refused: stored as-is it would be a fraction of a penny waiting to happen.
    """
    least = "more than 0" if low == 1 else f"{low} or more"
    return whole_number(
        value,
        f"{what} is a whole number of pence (or other minor units), {least}, "
        f"and at most {MAX_MINOR_UNITS:,}.",
        low=low,
        high=MAX_MINOR_UNITS,
    )


def one_of(choices: type[Choice], value: object, what: str) -> Choice:
    """``value`` as one of ``choices``, else InvalidInput saying it is not ``what`` and naming the choices."""
    try:
        return choices(value)
    except ValueError:
        names = ", ".join(choice.value for choice in choices)
        raise InvalidInput(f"{value!r} is not {what}; choose one of {names}.") from None


def optional_day(value: object, what: str) -> date | None:
    """``value`` if it is a calendar date or None, else InvalidInput naming ``what`` (a date and time is refused)."""
    if value is not None and (not isinstance(value, date) or isinstance(value, datetime)):
        raise InvalidInput(f"{what} must be a date, such as 2026-02-07.")
    return value
