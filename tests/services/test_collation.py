"""Names in the order a reader expects, whatever accents and cases they are typed with."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cocommission.services.collation import name_sort_key


def test_accented_and_stroked_names_sort_with_their_plain_letters():
    """Łukasz sorts with the Ls, Ángel with the As and Zoë beside zoe, not after every plain name."""
    names = ["zoe", "Łukasz", "Zara", "Ángel", "Zoë", "aoife", "Siân", "Luke", "Øyvind", "oscar"]
    assert sorted(names, key=name_sort_key) == [
        "Ángel", "aoife", "Łukasz", "Luke", "oscar", "Øyvind", "Siân", "Zara", "zoe", "Zoë",
    ]


@given(st.lists(st.text(max_size=8), max_size=10))
def test_the_order_never_depends_on_the_order_names_were_given(names):
    """Sorting is a total order: the same names give the same list however they arrive."""
    assert sorted(names, key=name_sort_key) == sorted(reversed(names), key=name_sort_key)
