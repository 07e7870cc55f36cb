"""Checks on numbers and choices: what is refused, and that the refusal says what would do."""

from __future__ import annotations

import enum

import pytest

from cocommission.services.checks import one_of, whole_number
from cocommission.services.errors import InvalidInput


class _Colour(enum.Enum):
    RED = "red"
    BLUE = "blue"


@pytest.mark.parametrize("value", [0, 1, 5])
def test_whole_number_within_limits_is_returned(value):
    """A whole number inside the limits comes back unchanged."""
    assert whole_number(value, "no", low=0, high=5) == value


@pytest.mark.parametrize("value", [-1, 6, True, False, 2.0, "3", None])
def test_whole_number_outside_limits_or_not_whole_is_refused(value):
    """Numbers outside the limits, fractions, text and True/False are refused with the given message."""
    with pytest.raises(InvalidInput, match="^Pick 0 to 5.$"):
        whole_number(value, "Pick 0 to 5.", low=0, high=5)


def test_whole_number_without_limits_takes_what_a_column_holds():
    """Without limits any whole number a database column holds will do; beyond that it is refused, not overflowed."""
    assert whole_number(-(2**31), "no") == -(2**31) and whole_number(2**31 - 1, "no") == 2**31 - 1
    for too_large in (-(2**70), 2**31, 10**20):
        with pytest.raises(InvalidInput, match="no"):
            whole_number(too_large, "no")


def test_one_of_accepts_a_member_or_its_value():
    """A choice can be given as the member itself or as its stored value."""
    assert one_of(_Colour, "blue", "a colour") is _Colour.BLUE
    assert one_of(_Colour, _Colour.RED, "a colour") is _Colour.RED


def test_one_of_refusal_lists_the_choices():
    """Something that is not a choice is refused with the choices there are."""
    with pytest.raises(InvalidInput) as refused:
        one_of(_Colour, "green", "a colour")
    assert refused.value.message == "'green' is not a colour; choose one of red, blue."
