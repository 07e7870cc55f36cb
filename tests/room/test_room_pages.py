"""The phone pages, made from plain rows: every state in plain words, everything escaped, small enough."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cocommission.room import forms, pages
from cocommission.room.app import STATIC_FILES
from cocommission.services.errors import InvalidInput
from cocommission.services.phone_ballots import PhoneResult, PhoneRound


def ShownRound(**fields: Any) -> PhoneRound:
    """A round as ``phone_ballots.phone_round`` gives it, open for dots unless ``fields`` say otherwise."""
    shown = dict(
        round_id="r1", title="Where the money goes", state="open", method="dots",
        options=(("o1", "Youth club"), ("o2", "Help <into> work"), ("o3", "Sport")),
        dots_budget=5, dots_cap=3, score_min=0, score_max=10, anonymous=True, voted=False,
        my_choices=None, results=None,
    )
    shown.update(fields)
    return PhoneRound(**shown)


FORM = pages.BallotForm(csrf="token-1", submission="sub-1")


def _ballot(**fields) -> str:
    return pages.ballot_page("Kiki", ShownRound(**fields), FORM)


def test_waiting_for_the_next_round():
    page = _ballot(round_id=None, state="waiting", method=None, options=())
    assert "Waiting for the next vote" in page
    assert "<form" not in page
    assert 'http-equiv="refresh"' in page, "without the script the page looks again by itself"


@pytest.mark.parametrize("method", ["dots", "ranking", "approval", "score"])
def test_an_open_round_is_a_plain_form_that_posts_back(method):
    page = _ballot(method=method)
    assert '<form method="post" action="/vote" class="ballot" novalidate' in page
    for name, value in (("csrf", "token-1"), ("round", "r1"), ("submission", "sub-1")):
        assert f'name="{name}" value="{value}"' in page
    assert "Help &lt;into&gt; work" in page and "<into>" not in page
    assert "Send my vote" in page and "Your vote is in" not in page


def test_each_method_says_how_to_vote_in_plain_words():
    assert "You have 5 dots. Put up to 3 on any one option." in _ballot(method="dots")
    assert "1 for the one you like most" in _ballot(method="ranking")
    assert "Tick every option you are happy with." in _ballot(method="approval")
    assert "a score from 0 to 10" in _ballot(method="score")


def test_a_named_round_shows_the_phone_its_own_choices_again():
    page = _ballot(anonymous=False, voted=True, my_choices={"o1": 2, "o3": 1})
    assert "Your vote is in." in page and "Change my vote" in page
    assert 'name="dots.o1" min="0" max="3" step="1" inputmode="numeric" value="2"' in page
    assert 'name="dots.o3" min="0" max="3" step="1" inputmode="numeric" value="1"' in page
    ranking = _ballot(method="ranking", anonymous=False, voted=True, my_choices=("o2", "o1"))
    assert re.search(r'name="rank.o2">.*?<option value="1" selected>1st', ranking)
    assert re.search(r'name="rank.o1">.*?<option value="2" selected>2nd', ranking)


def test_a_secret_ballot_is_not_shown_again():
    page = _ballot(voted=True, anonymous=True, my_choices=None)
    assert "Your vote is in." in page
    assert "your choices are not shown again" in page


def test_closed_and_revealed():
    closed = _ballot(state="closed", voted=True)
    assert "Voting has closed." in closed and "Your vote is in." in closed and "<form" not in closed
    assert "You did not vote in this round." in _ballot(state="closed", voted=False)
    revealed = _ballot(state="revealed", results=(
        PhoneResult("o1", "Youth club", 1, "7 dots"), PhoneResult("o3", "Sport <b>", 2, "3 dots")))
    assert "Results" in revealed and "7 dots" in revealed and "Sport &lt;b&gt;" in revealed
    assert "The results are on the wall." in _ballot(state="revealed", results=None)


def test_a_refused_form_is_shown_again_with_what_was_typed_and_why():
    form = pages.BallotForm(csrf="t", submission="s2", entered={"dots.o1": ["4"]}, problem="Too many <dots>.")
    page = pages.ballot_page("Kiki", ShownRound(), form)
    assert 'role="alert">Too many &lt;dots&gt;.' in page
    assert 'name="dots.o1" min="0" max="3" step="1" inputmode="numeric" value="4"' in page


def test_the_join_page_escapes_names_and_has_both_ways_in():
    page = pages.join_page(csrf="c", joinable=[("p1", 'Kiki "K" <3')], problem="No <such> card.")
    assert 'Kiki &quot;K&quot; &lt;3' in page and "No &lt;such&gt; card." in page
    assert page.count('action="/join"') == 2
    nobody = pages.join_page(csrf="c", joinable=[])
    assert "Nobody can join with a PIN just now." in nobody


def test_the_ballot_page_and_everything_it_loads_is_under_100_kb():
    from importlib import resources

    folder = resources.files("cocommission.resources").joinpath("room")
    assets = sum(len(folder.joinpath(name).read_bytes()) for name in STATIC_FILES)
    many = tuple((f"o{n}", f"Option number {n} with a longish label") for n in range(30))
    page = _ballot(method="ranking", options=many)
    assert len(page.encode()) + assets < 100_000


def test_pages_load_nothing_from_anywhere_else():
    from importlib import resources

    folder = resources.files("cocommission.resources").joinpath("room")
    everything = _ballot() + "".join(folder.joinpath(name).read_text() for name in STATIC_FILES)
    assert not re.search(r"(https?:)?//[a-z]", everything.replace("http-equiv", "")), "no CDN, no web fonts"
    assert "<script>" not in everything and " style=" not in everything, "nothing inline: the CSP allows none"


# --------------------------------------------------------------------------- reading forms

LABELS = {"o1": "Youth club", "o2": "Help into work", "o3": "Sport"}


def test_dots_and_scores_from_a_form():
    assert forms.form_choices("dots", {"dots.o1": ["2"], "dots.o2": ["0"], "dots.o3": [""]}, LABELS) == {"o1": 2}
    assert forms.form_choices("score", {"score.o1": ["0"], "score.o2": [" 7 "], "score.o3": [""]}, LABELS) == {
        "o1": 0, "o2": 7}
    with pytest.raises(InvalidInput, match='Type a whole number of dots for "Youth club"'):
        forms.form_choices("dots", {"dots.o1": ["two"]}, LABELS)


@pytest.mark.parametrize("typed", ["--1", "²", "1.5", "+-2", "-", "9999999"])
def test_text_that_only_looks_like_a_number_is_refused_in_words(typed):
    """Doubled signs and digits from other scripts are refused with a sentence, not a server error."""
    for method, field in (("dots", "dots.o1"), ("score", "score.o1")):
        with pytest.raises(InvalidInput, match="Type a whole number"):
            forms.form_choices(method, {field: [typed]}, LABELS)


def test_digits_typed_on_an_arabic_keyboard_are_read_as_numbers():
    assert forms.form_choices("dots", {"dots.o1": ["٢"]}, LABELS) == {"o1": 2}


def test_a_ranking_from_a_form_is_best_first_and_refuses_repeats_and_gaps():
    assert forms.form_choices("ranking", {"rank.o1": ["2"], "rank.o2": ["1"], "rank.o3": [""]}, LABELS) == ("o2", "o1")
    with pytest.raises(InvalidInput, match="are both number 1"):
        forms.form_choices("ranking", {"rank.o1": ["1"], "rank.o2": ["1"]}, LABELS)
    with pytest.raises(InvalidInput, match="Nothing is number 2"):
        forms.form_choices("ranking", {"rank.o1": ["1"], "rank.o2": ["3"]}, LABELS)


def test_options_of_another_round_are_refused():
    with pytest.raises(InvalidInput, match="does not match the round"):
        forms.form_choices("approval", {"approve": ["o1", "elsewhere"]}, LABELS)
    with pytest.raises(InvalidInput, match="does not match the round"):
        forms.form_choices("dots", {"dots.elsewhere": ["1"]}, LABELS)


@pytest.mark.parametrize("choices", [{"o1": "2"}, {"o1": True}, {"o1": 1.5}, [1], "o1", None])
def test_script_ballots_of_the_wrong_shape_are_refused(choices):
    with pytest.raises(InvalidInput, match="could not be read"):
        forms.json_choices(choices)


def test_the_script_is_plain_es5_for_old_phone_browsers():
    from importlib import resources

    script = resources.files("cocommission.resources").joinpath("room", "ballot.js").read_text()
    code = re.sub(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\])*\"", "", script, flags=re.DOTALL)
    for later in (r"=>", r"\blet\b", r"\bconst\b", "`", r"\bclass\b", r"\basync\b", r"\.\.\.", r"\bfetch\("):
        assert not re.search(later, code), f"{later} is newer than ES5"
