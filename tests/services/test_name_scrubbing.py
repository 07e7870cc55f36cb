"""Finding names in free text: whole words, any case, with or without accents."""

from __future__ import annotations

import pytest

from cocommission.services.name_scrubbing import REMOVED, name_pattern, scrub


@pytest.mark.parametrize(
    "typed", ["Zoe said so", "ZOË said so", "zoé said so", "Adeyemi said so", "ADEYÉMI said so"]
)
def test_a_name_is_found_with_or_without_its_accents(typed):
    """"Zoë Adeyemi" is found typed without accents, with other accents, or in capitals."""
    pattern = name_pattern([("Zo", "Zoë Adeyemi")])
    assert scrub(typed, pattern) == (f"{REMOVED} said so", 1)


def test_accents_do_not_make_a_longer_word_match():
    """"Zoëlle" and "Kikimora" are other words, not the names "Zoë" and "Kiki"."""
    pattern = name_pattern([("Kiki", "Zoë Adeyemi")])
    assert scrub("Zoëlle met the Kikimora group", pattern) == ("Zoëlle met the Kikimora group", 0)
