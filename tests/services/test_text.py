"""Folding typed text for look-ups: case and accents never stop a name being found."""

from __future__ import annotations

import pytest

from cocommission.services.text import folded, name_match, name_matches


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Łukasz", "lukasz"), ("Siân", "sian"), ("ZOË", "zoe"), ("Øyvind", "oyvind"), ("Straße", "strasse"),
     ("Đorđe", "dorde"), ("Kai", "kai")],
)
def test_folding_drops_case_and_accents(text, expected):
    """Folded text has no capitals and no accents, including letters such as Ł that have no decomposition."""
    assert folded(text) == expected


@pytest.mark.parametrize(
    ("name", "typed"),
    [("Łukasz", "luk"), ("Siân", "sian"), ("Siân", "SIÂN"), ("Big Siân", "sian"), ("Zoë", "zoe"),
     ("Jay-Ø", "o"), ("Kai", "k")],
)
def test_a_name_is_found_by_how_it_starts_or_how_a_word_in_it_starts(name, typed):
    """Typing the first letters of a name, or of one of its words, in any case and without accents finds it."""
    assert name_matches(name, typed)


@pytest.mark.parametrize(
    ("name", "typed"), [("Kai", "luk"), ("Aoife", "sian"), ("Kai", "ai"), ("Kai", ""), ("Kai", "  ")]
)
def test_a_name_that_does_not_start_with_the_typed_letters_is_not_found(name, typed):
    """Letters in the middle of a name, other names' letters and nothing at all find no one."""
    assert not name_matches(name, typed)


def test_a_name_that_starts_with_the_letters_comes_before_one_where_a_later_word_does():
    """"sian" finds "Siân" better than "Big Siân", so the one whose name it is gets picked first."""
    assert name_match("Siân", "sian") == 0
    assert name_match("Big Siân", "sian") == 1
    assert name_match("Kai", "sian") is None
