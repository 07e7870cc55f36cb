"""Tests for counting votes: textbook examples, ties, validation and invariants."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hypothesis_profiles import examples

from cocommission.model.tallies import (
    METHODS,
    TallyResult,
    describe_ranking,
    distinct_numbers,
    rank_by_scores,
    tally,
    tally_approval,
    tally_borda,
    tally_dots,
    tally_irv,
    tally_schulze,
    tally_scores,
)

PROPERTY_SETTINGS = settings(max_examples=examples(150), deadline=None)

# The Tennessee capital example: everyone wants the capital near them.
TENNESSEE = ("M", "N", "C", "K")
TENNESSEE_LABELS = {"M": "Memphis", "N": "Nashville", "C": "Chattanooga", "K": "Knoxville"}
TENNESSEE_BALLOTS = (
    [("M", "N", "C", "K")] * 42
    + [("N", "C", "K", "M")] * 26
    + [("C", "K", "N", "M")] * 15
    + [("K", "C", "N", "M")] * 17
)

# The 45-voter Schulze example from Wikipedia's "Schulze method" article.
WIKI_OPTIONS = ("A", "B", "C", "D", "E")
WIKI_BALLOTS = [
    tuple(order)
    for count, order in [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
    for _ in range(count)
]

RANKED = ("borda", "schulze", "irv")


def _flatten(ranking):
    return [option for tier in ranking for option in tier]


# --------------------------------------------------------------------------- dots


def test_dots_adds_ballots_and_paper_tallies():
    """Dot totals combine ballots with transcribed paper tallies, and the steps say which is which."""
    result = tally_dots(
        ("a", "b", "c"),
        ballots=[{"a": 2, "b": 1}, {"a": 1, "c": 2}],
        paper_tallies=[{"b": 4}, {"c": 1, "a": 0}],
        labels={"a": "Youth club", "b": "Sports", "c": "Arts"},
    )
    assert result.scores == {"a": 3.0, "b": 5.0, "c": 3.0}
    assert result.ranking == (("b",), ("a", "c"))
    assert result.ties == (("a", "c"),)
    assert result.ballots_counted == 2
    assert result.steps[0] == (
        "Counted 6 dots from 2 ballots and 5 dots from 2 paper tallies: 11 dots in total."
    )
    assert "Sports: 5 dots (1 from ballots, 4 from paper)." in result.steps
    assert "Tie between Youth club and Arts for second place: not broken." in result.steps


def test_dots_rejects_negative_or_fractional_dots():
    """A ballot with negative or fractional dots is refused."""
    with pytest.raises(ValueError, match="whole number"):
        tally_dots(("a",), ballots=[{"a": -1}])
    with pytest.raises(ValueError, match="whole number"):
        tally_dots(("a",), ballots=[], paper_tallies=[{"a": 1.5}])


def test_dots_rejects_unknown_option():
    """A ballot naming an option that is not on offer is refused, naming the option."""
    with pytest.raises(ValueError, match="'zzz'"):
        tally_dots(("a", "b"), ballots=[{"a": 1}, {"zzz": 1}])


# --------------------------------------------------------------------------- borda


def test_borda_tennessee_nashville_wins():
    """Borda on Tennessee gives Nashville 194, Chattanooga 173, Memphis 126, Knoxville 107."""
    result = tally_borda(TENNESSEE, rankings=TENNESSEE_BALLOTS, labels=TENNESSEE_LABELS)
    assert result.scores == {"M": 126.0, "N": 194.0, "C": 173.0, "K": 107.0}
    assert result.ranking == (("N",), ("C",), ("M",), ("K",))
    assert result.ties == ()
    assert result.ballots_counted == 100
    assert "Nashville: 194 points." in result.steps
    assert result.steps[-1] == "Final order: 1st Nashville; 2nd Chattanooga; 3rd Memphis; 4th Knoxville."


def test_borda_partial_ballot_gives_unranked_zero():
    """On a partial Borda ballot ranked options keep full position points and unranked options get 0."""
    result = tally_borda(("a", "b", "c"), rankings=[("b",), ("c", "a")])
    # b: 2 (1st); c: 2 (1st); a: 1 (2nd on the second ballot).
    assert result.scores == {"a": 1.0, "b": 2.0, "c": 2.0}
    assert result.ranking == (("b", "c"), ("a",))
    assert "Counted 2 ballots, 2 of them ranking only some options." in result.steps


def test_borda_symmetric_ballots_tie():
    """Mirror-image Borda ballots leave every option tied, and the tie is stated, not broken."""
    result = tally_borda(("a", "b", "c"), rankings=[("a", "b", "c"), ("c", "b", "a")])
    assert result.ranking == (("a", "b", "c"),)
    assert result.ties == (("a", "b", "c"),)
    assert "Tie between a, b and c for first place: not broken." in result.steps


def test_borda_rejects_repeated_option_in_ranking():
    """A ranking that lists the same option twice is refused."""
    with pytest.raises(ValueError, match="more than once"):
        tally_borda(("a", "b"), rankings=[("a", "a")])


def test_ranking_given_as_plain_string_is_refused():
    """A ranking passed as a bare string is refused rather than counted letter by letter."""
    with pytest.raises(ValueError, match="single string"):
        tally_borda(("a", "b"), rankings=["ab"])


# --------------------------------------------------------------------------- schulze


def test_schulze_wikipedia_example():
    """The Wikipedia 45-voter Schulze example ranks E > A > C > B > D."""
    result = tally_schulze(WIKI_OPTIONS, rankings=WIKI_BALLOTS)
    assert result.ranking == (("E",), ("A",), ("C",), ("B",), ("D",))
    assert result.scores == {"A": 3.0, "B": 1.0, "C": 2.0, "D": 0.0, "E": 4.0}
    assert result.ballots_counted == 45
    # Pairwise row and strongest-path row for A, as printed in the article.
    assert "  A is above: B 20, C 26, D 30, E 22." in result.steps
    assert "  From A to: B 28, C 28, D 30, E 24." in result.steps
    assert "  From E to: A 25, B 28, C 28, D 31." in result.steps


def test_schulze_condorcet_cycle_is_one_tier():
    """A perfect three-way Condorcet cycle gives a single tier of three tied options."""
    result = tally_schulze(("a", "b", "c"), rankings=[("a", "b", "c"), ("b", "c", "a"), ("c", "a", "b")])
    assert result.ranking == (("a", "b", "c"),)
    assert result.ties == (("a", "b", "c"),)
    assert result.scores == {"a": 0.0, "b": 0.0, "c": 0.0}


def test_schulze_tennessee_condorcet_winner():
    """Nashville, the Condorcet winner in Tennessee, wins Schulze."""
    result = tally_schulze(TENNESSEE, rankings=TENNESSEE_BALLOTS, labels=TENNESSEE_LABELS)
    assert result.ranking == (("N",), ("C",), ("K",), ("M",))
    assert "Nashville beats Memphis, Chattanooga and Knoxville (3 wins)." in result.steps


def test_schulze_unranked_options_have_no_preference_between_them():
    """Two options a ballot leaves unranked get no pairwise preference, while a ranked option beats both."""
    result = tally_schulze(("a", "b", "c"), rankings=[("a",)])
    assert "  a is above: b 1, c 1." in result.steps
    assert "  b is above: a 0, c 0." in result.steps
    assert result.ranking == (("a",), ("b", "c"))


def test_schulze_incomparable_option_shares_the_top_tier():
    """An option with no strict relation to the others shares a place with them, so no order is claimed."""
    # a beats b; c has equal support against both so the relation leaves it incomparable.
    result = tally_schulze(("a", "b", "c"), rankings=[("a", "b", "c"), ("c", "a", "b")])
    assert result.ranking == (("a", "b", "c"),)


def test_schulze_never_places_an_option_above_one_it_does_not_beat():
    """A beats nothing and A-C is 1-1, so A is not placed above C; the steps say who beats whom and why they share."""
    result = tally_schulze(("A", "B", "C"), rankings=[("B", "C", "A"), ("A",)])
    assert result.ranking == (("A", "B", "C"),)
    assert "B beats C (1 win)." in result.steps
    assert (
        "A, B and C share a place because the count does not decide between them: "
        "neither A nor B beats the other; neither A nor C beats the other."
    ) in result.steps
    assert result.steps[-1] == "Final order: =1st A, B and C."


def test_schulze_separates_places_only_where_every_option_above_beats_every_option_below():
    """With A beating B and C, and B, C incomparable, A is first alone and B and C share second."""
    result = tally_schulze(("A", "B", "C"), rankings=[("A",), ("A",), ("B", "A"), ("C", "A")])
    assert result.ranking == (("A",), ("B", "C"))
    assert "B and C share a place because the count does not decide between them: " \
        "neither B nor C beats the other." in result.steps


# --------------------------------------------------------------------------- irv


def test_irv_tennessee_knoxville_wins():
    """IRV on Tennessee eliminates Chattanooga then Nashville, and Knoxville beats Memphis 58-42."""
    result = tally_irv(TENNESSEE, rankings=TENNESSEE_BALLOTS, labels=TENNESSEE_LABELS)
    assert result.ranking == (("K",), ("M",), ("N",), ("C",))
    assert result.scores is None
    assert result.ties == ()
    assert result.steps[2].startswith("Count 1: Memphis 42, Nashville 26, Chattanooga 15, Knoxville 17.")
    assert "Chattanooga has the fewest (15) and is knocked out." in result.steps[3]
    assert result.steps[4].startswith("Count 2: Memphis 42, Nashville 26, Knoxville 32.")
    assert "Knoxville has 58 of 100 votes, more than half, and wins." in result.steps


# 3 for A alone; B and C are each other's second choice, so whichever of them survives wins.
SPLIT_BALLOTS = [("A",)] * 3 + [("B", "C")] * 2 + [("C", "B")] * 2


def test_irv_knocks_out_one_option_at_a_time():
    """Knocking out B and C together would elect A, who loses 3-4 to whichever of them survives."""
    result = tally_irv(("A", "B", "C"), rankings=SPLIT_BALLOTS, lot_order=("B", "A", "C"))
    assert result.ranking == (("B",), ("A",), ("C",))
    assert result.winner_known and result.lot_needed == ()
    assert "B has 4 of 7 votes, more than half, and wins." in result.steps


def test_irv_waits_for_the_lot_when_it_could_change_the_winner():
    """With no lot drawn the count says a lot is needed, names who could win and declares no winner."""
    result = tally_irv(("A", "B", "C"), rankings=SPLIT_BALLOTS)
    assert not result.winner_known
    assert result.lot_needed == ("B", "C")
    assert result.ranking == (("A", "B", "C"),)
    assert "Which of them goes could change the winner, so the round's tie-break rule decides." in result.steps
    assert any(
        step.startswith("A lot is needed to decide which of B and C is knocked out next, and that could "
                        "change who wins (B and C could). No winner is declared")
        for step in result.steps
    )
    assert not any("wins." in step for step in result.steps[2:])
    assert result.steps[-1] == "Order so far: =1st A, B and C."


def test_irv_the_lot_knocks_out_the_option_it_puts_last():
    """The lot lists options luckiest first; of the tied options the one it puts last goes."""
    result = tally_irv(("A", "B", "C"), rankings=SPLIT_BALLOTS, lot_order=("C", "B", "A"), tie_break="lot")
    assert result.ranking == (("C",), ("A",), ("B",))
    assert any("In the lot the facilitator drew, B came last of them, so it is knocked out." in step
               for step in result.steps)


# Count 1: A 5, C 4, B 3, D 1; D's ballot moves to B, so count 2 is A 5, B 4, C 4.
EARLIER_BALLOTS = [("A",)] * 5 + [("B", "C")] * 3 + [("C", "B")] * 4 + [("D", "B", "C")]


def test_irv_earlier_counts_break_a_tie_before_any_lot():
    """B and C tie in count 2; B had fewer in count 1, so B goes and C wins with B's ballots."""
    result = tally_irv(("A", "B", "C", "D"), rankings=EARLIER_BALLOTS)
    assert result.ranking == (("C",), ("A",), ("B",), ("D",))
    assert result.winner_known and result.lot_needed == ()
    assert any("in count 1 they had B 3 and C 4, so B, with the fewest there, is knocked out." in step
               for step in result.steps)


def test_irv_lot_rule_ignores_earlier_counts():
    """A round whose rule is the lot straight away waits for the lot on the same ballots."""
    result = tally_irv(("A", "B", "C", "D"), rankings=EARLIER_BALLOTS, tie_break="lot")
    assert not result.winner_known and result.lot_needed == ("B", "C")
    assert result.ranking == (("A", "B", "C"), ("D",))


def test_irv_a_lot_that_cannot_change_the_winner_names_the_winner():
    """When c and d tie for fewest but a wins either way, a is declared and only their places wait."""
    ballots = [("a",)] * 4 + [("b",)] * 4 + [("c", "a"), ("d", "a")]
    result = tally_irv(("a", "b", "c", "d"), rankings=ballots)
    assert result.winner_known and result.lot_needed == ("c", "d")
    assert result.ranking == (("a",), ("b",), ("c", "d"))
    assert "Whichever of them goes, a still wins; the tie decides only the order of the places below." \
        in result.steps
    drawn = tally_irv(("a", "b", "c", "d"), rankings=ballots, lot_order=("d", "a", "b", "c"))
    assert drawn.ranking == (("a",), ("b",), ("d",), ("c",)) and drawn.lot_needed == ()


def test_irv_last_two_level_wait_for_the_lot():
    """Two options level at the end are a tie for fewest like any other: the rule, then the lot, decide."""
    ballots = [("a", "b"), ("b", "a"), ("c", "a")]
    result = tally_irv(("a", "b", "c"), rankings=ballots)
    # Round 1 all level: the lot is needed at once, and any of them could win.
    assert not result.winner_known and result.ranking == (("a", "b", "c"),)
    drawn = tally_irv(("a", "b", "c"), rankings=ballots, lot_order=("b", "a", "c"))
    assert drawn.ranking == (("a",), ("b",), ("c",))


def test_irv_options_with_no_votes_go_together_without_a_lot():
    """Options nobody put first have no ballots to pass on: they go together, share the last place, need no lot."""
    ballots = [("a",)] * 3 + [("b",)] * 2
    result = tally_irv(("a", "b", "c", "d", "e"), rankings=ballots)
    assert result.ranking == (("a",), ("b",), ("c", "d", "e"))
    assert result.lot_needed == () and result.winner_known
    assert any("c, d and e have no votes. With no ballots to pass on" in step for step in result.steps)


def test_irv_refuses_an_unknown_tie_break_rule_and_an_incomplete_lot():
    with pytest.raises(ValueError, match="Unknown tie-break rule 'coin'"):
        tally_irv(("a", "b"), rankings=[("a",)], tie_break="coin")
    with pytest.raises(ValueError, match="every option of the round"):
        tally_irv(("a", "b"), rankings=[("a",)], lot_order=("a",))


def test_irv_exhausted_ballots_leave_the_count():
    """Ballots with no continuing option left are exhausted; the majority is of ballots still counting."""
    ballots = [("a",)] * 3 + [("b",)] * 2 + [("c",)] * 2 + [("d", "b")]
    result = tally_irv(("a", "b", "c", "d"), rankings=ballots)
    # Round 1: d out. Round 2: a3 b3 c2, c out. Round 3: a3 b3 with c's two ballots exhausted; round 2
    # does not separate a and b, round 1 (a 3, b 2) does: b goes.
    assert result.ranking == (("a",), ("b",), ("c",), ("d",))
    assert any(step.startswith("Count 3: a 3, b 3. 2 ballots exhausted") for step in result.steps)
    assert any("in count 1 they had a 3 and b 2" in step for step in result.steps)


def test_irv_early_majority_orders_other_continuing_options_by_votes():
    """When a first-round majority ends the count, the other options follow by their final-round votes."""
    ballots = [("a",)] * 5 + [("c",)] * 2 + [("b",)]
    result = tally_irv(("a", "b", "c"), rankings=ballots)
    assert result.ranking == (("a",), ("c",), ("b",))


# --------------------------------------------------------------------------- approval and score


def test_approval_counts_each_approval():
    """Approval counts how many ballots approve each option."""
    result = tally_approval(("a", "b", "c"), approvals=[{"a", "b"}, ["b"], [], ("b", "c")])
    assert result.scores == {"a": 1.0, "b": 3.0, "c": 1.0}
    assert result.ranking == (("b",), ("a", "c"))
    assert result.ballots_counted == 4
    assert "b: 3 approvals." in result.steps


def test_approval_rejects_double_approval():
    """An approval ballot naming an option twice is refused."""
    with pytest.raises(ValueError, match="more than once"):
        tally_approval(("a",), approvals=[["a", "a"]])


def test_scores_use_mean_over_ballots_that_scored_each_option():
    """Score voting ranks by the mean over the ballots that scored each option; an unscored option has no mean."""
    result = tally_scores(("a", "b", "c"), score_ballots=[{"a": 4, "b": 5}, {"a": 2}], labels={"c": "Cinema"})
    assert result.scores == {"a": 3.0, "b": 5.0}
    assert result.ranking == (("b",), ("a",), ("c",))
    assert "a: mean 3 from 2 scores (total 6 divided by 2)." in result.steps
    assert "Cinema: nobody scored it, so it has no mean." in result.steps
    assert result.score_texts == {"a": "3", "b": "5", "c": "not scored"}


def test_score_means_show_enough_places_to_explain_the_order():
    """Means of 5/8 and 8/13 both round to 0.62, so they are shown as 0.625 and 0.615, in the texts and the steps."""
    ballots = [{"a": 1}] * 5 + [{"a": 0}] * 3 + [{"b": 1}] * 8 + [{"b": 0}] * 5
    result = tally_scores(("a", "b"), score_ballots=ballots)
    assert result.ranking == (("a",), ("b",))
    assert result.score_texts == {"a": "0.625", "b": "0.615"}
    assert "a: mean 0.625 from 8 scores (total 5 divided by 8)." in result.steps
    assert "b: mean 0.615 from 13 scores (total 8 divided by 13)." in result.steps


def test_an_option_nobody_scored_is_placed_after_every_scored_option():
    """On a -2..2 scale an option nobody scored is not ranked above one everyone scored -1; the rule is stated."""
    result = tally_scores(("gym", "cafe"), score_ballots=[{"cafe": -1}, {"cafe": -1}], labels={"gym": "Gym"})
    assert result.ranking == (("cafe",), ("gym",))
    assert result.score_texts == {"cafe": "-1", "gym": "not scored"}
    assert (
        "Rule for options nobody scored: they are placed after every scored option, sharing the last place (Gym)."
    ) in result.steps


def test_distinct_numbers_keep_two_places_when_they_are_enough():
    """Numbers that already read apart at two places keep the short form; whole numbers stay bare."""
    assert distinct_numbers({"a": 2 / 3, "b": 0.5, "c": 4.0}) == {"a": "0.67", "b": "0.5", "c": "4"}
    assert distinct_numbers({"a": 1 / 3, "b": 1 / 3 + 1e-6}) == {"a": "0.333333", "b": "0.333334"}


def test_scores_reject_non_numbers():
    """A score that is NaN or not a number is refused."""
    with pytest.raises(ValueError, match="not a number"):
        tally_scores(("a",), score_ballots=[{"a": float("nan")}])


# --------------------------------------------------------------------------- shared behaviour


def test_rank_by_scores_ignores_float_noise():
    """Scores equal up to float rounding noise tie, while genuinely different scores do not."""
    assert rank_by_scores(("x", "y"), {"x": 0.1 + 0.2, "y": 0.3}) == (("x", "y"),)
    assert rank_by_scores(("x", "y"), {"x": 0.3, "y": 0.31}) == (("y",), ("x",))


def test_describe_ranking_uses_competition_places():
    """Ties use up the places they span, so the option after a two-way tie for first is third."""
    lines = describe_ranking((("a", "b"), ("c",)), labels={"a": "Alpha"})
    assert lines == (
        "Tie between Alpha and b for first place: not broken.",
        "Final order: =1st Alpha and b; 3rd c.",
    )


@pytest.mark.parametrize("method", METHODS)
def test_empty_options_give_empty_ranking(method):
    """Counting with no options and no ballots gives an empty ranking rather than an error."""
    result = tally(method, (), ballots=[])
    assert result.ranking == ()
    assert result.ties == ()
    assert result.method == method


@pytest.mark.parametrize("method", METHODS)
def test_zero_ballots_tie_all_options(method):
    """With no ballots every option ties for first place."""
    result = tally(method, ("a", "b", "c"), ballots=[])
    assert result.ranking == (("a", "b", "c"),)
    assert result.ballots_counted == 0


def test_unknown_method_lists_valid_methods():
    """An unknown counting method is refused with a message listing the valid ones."""
    with pytest.raises(ValueError, match="valid methods are: dots, borda, schulze, irv, approval, score"):
        tally("condorcet", ("a",), ballots=[])


def test_paper_tallies_only_allowed_for_dots():
    """Paper tallies passed to a method other than dots are refused."""
    with pytest.raises(ValueError, match="only be counted with the 'dots' method"):
        tally("borda", ("a",), ballots=[], paper_tallies=[{"a": 1}])


@pytest.mark.parametrize(
    ("method", "ballot"),
    [("dots", {"ghost": 1}), ("borda", ("ghost",)), ("schulze", ("ghost",)), ("irv", ("ghost",)),
     ("approval", ["ghost"]), ("score", {"ghost": 3})],
)
def test_unknown_option_in_ballot_is_refused(method, ballot):
    """Every method refuses a ballot naming an unknown option and names it in the error."""
    with pytest.raises(ValueError, match="'ghost'"):
        tally(method, ("a", "b"), ballots=[ballot])


def test_repeated_option_id_is_refused():
    """An option list naming the same id twice is refused."""
    with pytest.raises(ValueError, match="more than once"):
        tally_approval(("a", "a"), approvals=[])


def test_result_is_frozen():
    """A tally result cannot be altered after the count."""
    result = tally_approval(("a",), approvals=[["a"]])
    assert isinstance(result, TallyResult)
    with pytest.raises(AttributeError):
        result.method = "dots"  # type: ignore[misc]


# --------------------------------------------------------------------------- properties

IDS = ("a", "b", "c", "d", "e")
options_strategy = st.lists(st.sampled_from(IDS), min_size=1, max_size=5, unique=True)


def _ranking_ballot(options, full=False):
    perms = st.permutations(options)
    if full:
        return perms.map(tuple)
    return perms.flatmap(lambda p: st.integers(0, len(p)).map(lambda k: tuple(p[:k])))


def _ballot_for(method, options):
    if method == "dots":
        return st.dictionaries(st.sampled_from(options), st.integers(0, 5))
    if method == "approval":
        return st.lists(st.sampled_from(options), unique=True)
    if method == "score":
        return st.dictionaries(st.sampled_from(options), st.floats(0, 10, allow_nan=False))
    return _ranking_ballot(options)


@st.composite
def elections(draw, methods=METHODS):
    method = draw(st.sampled_from(methods))
    options = draw(options_strategy)
    ballots = draw(st.lists(_ballot_for(method, options), max_size=25))
    return method, options, ballots


@st.composite
def ranked_elections(draw, full=False):
    options = draw(options_strategy)
    ballots = draw(st.lists(_ranking_ballot(options, full), max_size=30))
    return options, ballots


@PROPERTY_SETTINGS
@given(elections())
def test_every_option_appears_exactly_once(election):
    """Every method places each option in exactly one tier, and ties are exactly the multi-option tiers."""
    method, options, ballots = election
    result = tally(method, options, ballots=ballots)
    assert sorted(_flatten(result.ranking)) == sorted(options)
    assert all(result.ranking)
    assert result.ties == tuple(tier for tier in result.ranking if len(tier) > 1)
    for tier in result.ranking:
        assert list(tier) == [o for o in options if o in tier]


@PROPERTY_SETTINGS
@given(elections(), st.randoms(use_true_random=False))
def test_ranking_is_invariant_to_ballot_order(election, rnd):
    """Shuffling the order ballots are counted in never changes the ranking or scores."""
    method, options, ballots = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    first = tally(method, options, ballots=ballots)
    second = tally(method, options, ballots=shuffled)
    assert first.ranking == second.ranking
    assert first.scores == second.scores


@PROPERTY_SETTINGS
@given(options_strategy.flatmap(lambda o: st.tuples(
    st.just(o),
    st.lists(_ballot_for("dots", o), max_size=20),
    st.lists(_ballot_for("dots", o), max_size=5),
)))
def test_dots_totals_equal_all_dots_cast(case):
    """Dot totals add up to every dot on every ballot and paper tally."""
    options, ballots, paper = case
    result = tally_dots(options, ballots=ballots, paper_tallies=paper)
    cast = sum(sum(b.values()) for b in ballots) + sum(sum(p.values()) for p in paper)
    assert sum(result.scores.values()) == cast


@PROPERTY_SETTINGS
@given(ranked_elections(full=True))
def test_borda_total_points_for_full_rankings(election):
    """With full rankings, Borda hands out exactly ballots × n(n-1)/2 points."""
    options, ballots = election
    n = len(options)
    result = tally_borda(options, rankings=ballots)
    assert sum(result.scores.values()) == len(ballots) * n * (n - 1) // 2


def _condorcet_winner(options, ballots):
    def prefers(ballot, x, y):
        if x not in ballot:
            return False
        return y not in ballot or ballot.index(x) < ballot.index(y)

    for x in options:
        if all(
            sum(prefers(b, x, y) for b in ballots) > sum(prefers(b, y, x) for b in ballots)
            for y in options
            if y != x
        ):
            return x
    return None


@PROPERTY_SETTINGS
@given(ranked_elections())
def test_schulze_condorcet_winner_is_alone_first(election):
    """When a Condorcet winner exists, Schulze puts it first and alone."""
    options, ballots = election
    winner = _condorcet_winner(options, ballots)
    result = tally_schulze(options, rankings=ballots)
    if winner is not None:
        assert result.ranking[0] == (winner,)


@PROPERTY_SETTINGS
@given(ranked_elections())
def test_irv_first_preference_majority_wins_alone(election):
    """An option with a majority of first preferences is alone at the top in IRV."""
    options, ballots = election
    counted = [b for b in ballots if b]
    result = tally_irv(options, rankings=ballots)
    for option in options:
        if 2 * sum(b[0] == option for b in counted) > len(counted):
            assert result.ranking[0] == (option,)


@PROPERTY_SETTINGS
@given(ranked_elections())
def test_schulze_each_tier_is_headed_by_a_stronger_option(election):
    """Every Schulze option below the top is outscored in wins by some option in the tier just above it."""
    options, ballots = election
    result = tally_schulze(options, rankings=ballots)
    # Each lower option is beaten by one in the tier above, which so beats strictly more (transitivity).
    for upper, lower in itertools.pairwise(result.ranking):
        assert all(max(result.scores[x] for x in upper) > result.scores[y] for y in lower)


def test_rank_by_scores_ties_float_sums_in_any_order():
    """Float sums of the same numbers added in different orders rank as a tie."""
    parts = [0.1, 0.2, 0.3, 0.4, 1e-3]
    sums = {f"o{i}": sum(p) for i, p in enumerate(itertools.permutations(parts))}
    assert len(rank_by_scores(tuple(sums), sums)) == 1


@PROPERTY_SETTINGS
@given(ranked_elections(), st.randoms(use_true_random=False), st.sampled_from(["earlier_counts_then_lot", "lot"]))
def test_irv_with_a_lot_drawn_places_every_option_apart_and_agrees_with_the_count_before_it(election, rnd, rule):
    """Once a lot is drawn, IRV orders everything; before it, every place it already gave stands."""
    options, ballots = election
    lot = list(options)
    rnd.shuffle(lot)
    before = tally_irv(options, rankings=ballots, tie_break=rule)
    after = tally_irv(options, rankings=ballots, tie_break=rule, lot_order=lot)
    if any(ballots):
        assert after.lot_needed == () and after.winner_known
        # Only options that never had a vote may still share a place: no lot is needed to order them.
        voteless = {option for option in options if not any(b[:1] == (option,) for b in ballots)}
        assert all(set(tier) <= voteless for tier in after.ties)
    position = 0
    for tier in before.ranking:
        assert set(_flatten(after.ranking)[position : position + len(tier)]) == set(tier)
        position += len(tier)
    assert before.winner_known == (len(before.ranking[0]) == 1 and any(ballots))


JARGON = ("d[", "p[", "strongest path", "pairwise", "preference", "widest", "iff")


@pytest.mark.parametrize(
    ("method", "ballots", "rule"),
    [
        ("dots", [{"a": 2, "b": 1}], "the option with the most dots comes first"),
        ("borda", [("a", "b", "c")], "the option with the most points comes first"),
        ("schulze", [("a", "b", "c"), ("b", "a")], "only as strong as its weakest win"),
        ("irv", [("a", "b"), ("b",), ("c", "a")], "its ballots go to their next favourite"),
        ("approval", [("a", "b")], "the option with the most approvals comes first"),
        ("score", [{"a": 3, "b": 1}], "the highest mean comes first"),
    ],
)
def test_every_count_explains_its_rule_in_plain_words(method, ballots, rule):
    """Each count says how it decides in words a young panellist follows, with no notation or jargon."""
    result = tally(method, ("a", "b", "c"), ballots=ballots)
    text = " ".join(result.steps)
    assert rule in text
    assert not [word for word in JARGON if word in text.lower()]


def test_irv_earlier_counts_that_narrow_a_tie_leave_the_rest_to_the_lot():
    """A, B and C tie at 4 in count 2; count 1 had C ahead, so only A and B go to the lot."""
    # Count 1: A 3, B 3, C 4, D 2, E 6; D's two ballots pass one to A and one to B: A 4, B 4, C 4.
    ballots = [("A",)] * 3 + [("B",)] * 3 + [("C",)] * 4 + [("D", "A"), ("D", "B")] + [("E",)] * 6
    result = tally_irv(("A", "B", "C", "D", "E"), rankings=ballots)
    assert result.lot_needed == ("A", "B")
    assert any("they leave A and B level with the fewest; so a lot decides between A and B." in step
               for step in result.steps)
