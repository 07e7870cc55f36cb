"""Numbered lists: moving an item closes the others up around it and keeps 1..n with no gaps."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cocommission.services.errors import InvalidInput
from cocommission.services.ordering import move_to, renumber


@dataclass
class _Item:
    id: str
    position: int


def _items(*ids: str) -> list[_Item]:
    return [_Item(item_id, position) for position, item_id in enumerate(ids, start=1)]


def _order(items: list[_Item]) -> list[str]:
    return [item.id for item in sorted(items, key=lambda item: item.position)]


def test_renumber_numbers_from_one_in_the_order_given():
    """Renumbering gives 1, 2, 3 in the order the items come, whatever they had before."""
    items = [_Item("a", 7), _Item("b", 2), _Item("c", 2)]
    renumber(items)
    assert [(item.id, item.position) for item in items] == [("a", 1), ("b", 2), ("c", 3)]


@pytest.mark.parametrize(
    ("moving", "position", "expected"),
    [
        ("d", 1, ["d", "a", "b", "c"]),
        ("a", 4, ["b", "c", "d", "a"]),
        ("b", 3, ["a", "c", "b", "d"]),
        ("c", 3, ["a", "b", "c", "d"]),
    ],
)
def test_move_to_places_the_item_and_closes_up(moving, position, expected):
    """The moved item lands at the position asked for and the others keep their order around it."""
    items = _items("a", "b", "c", "d")
    move_to(items, next(item for item in items if item.id == moving), position)
    assert _order(items) == expected
    assert sorted(item.position for item in items) == [1, 2, 3, 4]


@pytest.mark.parametrize("position", [0, 5, -1, True, 2.0, "2"])
def test_move_to_refuses_a_position_outside_the_list(position):
    """A position that is not a whole number from 1 to the list's length is refused, naming the range."""
    items = _items("a", "b", "c", "d")
    with pytest.raises(InvalidInput, match=r"^Choose a position from 1 to 4\.$"):
        move_to(items, items[0], position)
    assert [(item.id, item.position) for item in items] == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
