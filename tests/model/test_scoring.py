"""Tests for bid evaluation and speaking balance: worked examples, validation and invariants."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.hypothesis_profiles import examples

from cocommission.model.scoring import (
    CriterionResult,
    SpeakingBalance,
    evaluate_bids,
    go_round_order,
    speaking_balance,
    spread_flag,
    weights_sum_to_100,
    weights_total,
)

PROPERTY_SETTINGS = settings(max_examples=examples(150), deadline=None)

CRITERIA = {"quality": 60.0, "price": 40.0}
LABELS = {"bid1": "Youth Hub", "bid2": "Street Sport", "quality": "Quality", "price": "Price"}
SCORES = [
    ("p1", "bid1", "quality", 4),
    ("p2", "bid1", "quality", 2),
    ("p1", "bid1", "price", 5),
    ("p2", "bid1", "price", 5),
    ("p1", "bid2", "quality", 5),
    ("p2", "bid2", "quality", 5),
    ("p1", "bid2", "price", 1),
    ("p2", "bid2", "price", 2),
]


def _bid(result, bid_id):
    return next(b for b in result.bids if b.bid_id == bid_id)


# --------------------------------------------------------------------------- bid evaluation


def test_weighted_totals_worked_example():
    """Weighted totals follow sum of (mean / max) × weight, e.g. 3/5×60 + 5/5×40 = 76."""
    result = evaluate_bids(bids=("bid1", "bid2"), criteria=CRITERIA, scores=SCORES, labels=LABELS)
    # bid1: quality mean 3 -> 36, price 5 -> 40: 76. bid2: quality 5 -> 60, price 1.5 -> 12: 72.
    assert _bid(result, "bid1").weighted_total == 76
    assert _bid(result, "bid2").weighted_total == 72
    assert result.ranking == (("bid1",), ("bid2",))
    assert result.ties == ()
    quality = _bid(result, "bid1").criteria[0]
    assert quality == CriterionResult("quality", 3.0, None, 3.0, 2.0, 2)
    assert (
        "  Quality (weight 60%): panel mean 3 from 2 scores, spread 2; used 3/5 × 60 = 36 points."
        in result.steps
    )
    assert "  Total: 76 out of 100." in result.steps
    assert result.steps[-1] == "Final order: 1st Youth Hub; 2nd Street Sport."


def test_moderated_score_replaces_the_mean():
    """A moderated score is used instead of the panel mean for its cell."""
    result = evaluate_bids(
        bids=("bid1", "bid2"), criteria=CRITERIA, scores=SCORES, moderated={("bid2", "price"): 2.5}
    )
    price = _bid(result, "bid2").criteria[1]
    assert (price.mean, price.moderated, price.used) == (1.5, 2.5, 2.5)
    # 60 + 2.5/5 × 40 = 80 now beats bid1's 76.
    assert _bid(result, "bid2").weighted_total == 80
    assert result.ranking == (("bid2",), ("bid1",))


def test_individual_only_view_ignores_moderated_scores():
    """With use_moderated=False the mean is used and moderated values are reported as None."""
    result = evaluate_bids(
        bids=("bid1", "bid2"),
        criteria=CRITERIA,
        scores=SCORES,
        moderated={("bid2", "price"): 2.5},
        use_moderated=False,
    )
    price = _bid(result, "bid2").criteria[1]
    assert (price.moderated, price.used) == (None, 1.5)
    assert _bid(result, "bid2").weighted_total == 72
    assert any("moderated scores are left out of this view" in step for step in result.steps)


def test_moderated_score_alone_completes_a_cell():
    """A cell with no panellist scores but a moderated score counts the moderated value."""
    result = evaluate_bids(bids=("b",), criteria={"c": 100}, scores=[], moderated={("b", "c"): 4})
    cell = result.bids[0].criteria[0]
    assert (cell.mean, cell.spread, cell.scores_count, cell.used) == (None, None, 0, 4.0)
    assert result.bids[0].weighted_total == 80
    assert result.bids[0].complete


def test_missing_criterion_counts_zero_and_marks_incomplete():
    """A criterion nobody scored counts 0 and makes the bid incomplete."""
    result = evaluate_bids(bids=("b",), criteria=CRITERIA, scores=[("p1", "b", "quality", 5)])
    bid = result.bids[0]
    assert bid.weighted_total == 60
    assert not bid.complete
    assert bid.criteria[1].used is None
    assert (
        "  price (weight 40%): no score, counts 0 points; this bid's evaluation is incomplete."
        in result.steps
    )
    assert "  Total: 60 out of 100 (incomplete)." in result.steps


def test_equal_totals_tie():
    """Bids with equal weighted totals share a tier and the tie is stated."""
    scores = [("p", "x", "q", 3), ("p", "y", "q", 3), ("p", "z", "q", 1)]
    result = evaluate_bids(bids=("x", "y", "z"), criteria={"q": 100}, scores=scores)
    assert result.ranking == (("x", "y"), ("z",))
    assert result.ties == (("x", "y"),)
    assert "Tie between x and y for first place: not broken." in result.steps


def test_weights_not_adding_to_100_are_warned_about():
    """When weights do not add to 100 the steps warn that totals are out of the actual weight sum."""
    result = evaluate_bids(bids=("b",), criteria={"q": 50, "r": 40}, scores=[])
    assert "Warning: the criterion weights add up to 90%, not 100%, so totals are out of 90." in result.steps


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"criteria": {"q": -1}}, "cannot be negative"),
        ({"scores": [("p", "b", "q", 6)]}, "outside the range 0 to 5"),
        ({"scores": [("p", "b", "q", -0.5)]}, "outside the range 0 to 5"),
        ({"scores": [("p", "b", "q", float("nan"))]}, "not a finite number"),
        ({"scores": [("p", "nobid", "q", 1)]}, "unknown bid 'nobid'"),
        ({"scores": [("p", "b", "nocrit", 1)]}, "unknown criterion 'nocrit'"),
        ({"scores": [("p", "b", "q", 1), ("p", "b", "q", 2)]}, "more than once"),
        ({"moderated": {("b", "q"): 7}}, "outside the range"),
        ({"moderated": {("b", "zz"): 3}}, "unknown bid 'b' or criterion 'zz'"),
        ({"max_score": 0}, "more than 0"),
    ],
)
def test_invalid_evaluation_inputs_are_refused(kwargs, message):
    """Negative weights, out-of-range or duplicate scores and unknown ids are refused with a clear message."""
    arguments = {"bids": ("b",), "criteria": {"q": 100}, "scores": []} | kwargs
    with pytest.raises(ValueError, match=message):
        evaluate_bids(**arguments)


def test_spread_flag_threshold():
    """Cells are flagged only when the spread exceeds threshold × max_score."""
    assert not spread_flag(2, 5)
    assert spread_flag(2.5, 5)
    assert spread_flag(2, 5, threshold=0.3)
    assert not spread_flag(None, 5)


def test_weights_total_and_sum_check():
    """Weights are added exactly and checked against 100 within 1e-6."""
    assert weights_total([33.3, 33.3, 33.4]) == pytest.approx(100)
    assert weights_sum_to_100([33.3, 33.3, 33.4])
    assert weights_sum_to_100([100 - 5e-7])
    assert not weights_sum_to_100([99.99])
    assert not weights_sum_to_100([])


# --------------------------------------------------------------------------- speaking balance


def test_speaking_balance_totals_turns_and_shares():
    """Speaking time and turns are totalled per participant, with shares and silent people listed."""
    balance = speaking_balance(
        participants=("ana", "ben", "cal"), turns=[("ana", 30), ("ben", 10), ("ana", 20), ("ben", 0)]
    )
    assert [(s.participant_id, s.seconds, s.turns) for s in balance.shares] == [
        ("ana", 50, 2),
        ("ben", 10, 2),
        ("cal", 0, 0),
    ]
    assert [s.share for s in balance.shares] == pytest.approx([50 / 60, 10 / 60, 0])
    assert balance.not_heard == ("cal",)
    assert 0 < balance.balance_index < 1


def test_balance_index_extremes():
    """The balance index is 1 for a perfectly equal split and 0 when one person spoke all the time."""
    equal = speaking_balance(participants=("a", "b", "c"), turns=[("a", 5), ("b", 5), ("c", 5)])
    solo = speaking_balance(participants=("a", "b", "c"), turns=[("b", 60)])
    assert equal.balance_index == pytest.approx(1.0)
    assert solo.balance_index == 0.0


def test_nobody_spoke_gives_zero_shares():
    """When nobody has spoken every share is 0, everyone is not heard, and the index is 1."""
    balance = speaking_balance(participants=("a", "b"), turns=[])
    assert [s.share for s in balance.shares] == [0.0, 0.0]
    assert balance.not_heard == ("a", "b")
    assert balance.balance_index == 1.0


def test_go_round_order_least_heard_first():
    """A go-round starts with the least heard, keeping participant order among equals."""
    balance = speaking_balance(
        participants=("a", "b", "c", "d"), turns=[("a", 40), ("c", 10), ("d", 10)]
    )
    assert go_round_order(balance) == ("b", "c", "d", "a")


def test_speaking_balance_rejects_bad_turns():
    """Turns by unknown participants or with negative length are refused."""
    with pytest.raises(ValueError, match="unknown participant 'zed'"):
        speaking_balance(participants=("a",), turns=[("zed", 1)])
    with pytest.raises(ValueError, match="cannot be negative"):
        speaking_balance(participants=("a",), turns=[("a", -1)])


# --------------------------------------------------------------------------- properties


@st.composite
def evaluations(draw):
    bids = draw(st.lists(st.sampled_from("bcdef"), min_size=1, max_size=4, unique=True))
    criteria_ids = draw(st.lists(st.sampled_from("qrstu"), min_size=1, max_size=5, unique=True))
    raw = draw(st.lists(st.floats(0.01, 10), min_size=len(criteria_ids), max_size=len(criteria_ids)))
    # Normalise arbitrary positive weights to percentages, as the weights screen would.
    weights = {c: w * 100 / math.fsum(raw) for c, w in zip(criteria_ids, raw, strict=True)}
    max_score = draw(st.sampled_from([1, 5, 10]))
    cells = [(p, b, c) for p in ("p1", "p2", "p3") for b in bids for c in criteria_ids]
    chosen = draw(st.lists(st.sampled_from(cells), unique=True)) if cells else []
    scores = [(p, b, c, draw(st.floats(0, max_score))) for p, b, c in chosen]
    return bids, weights, scores, max_score


@PROPERTY_SETTINGS
@given(evaluations())
def test_weighted_totals_lie_between_0_and_100(evaluation):
    """With weights adding to 100, every weighted total lies in [0, 100]."""
    bids, weights, scores, max_score = evaluation
    result = evaluate_bids(bids=bids, criteria=weights, scores=scores, max_score=max_score)
    assert all(0 <= bid.weighted_total <= 100 for bid in result.bids)
    assert sorted(b for tier in result.ranking for b in tier) == sorted(bids)


@PROPERTY_SETTINGS
@given(evaluations())
def test_all_max_scores_give_100(evaluation):
    """When every panellist gives every cell the maximum score, every bid totals 100 and all tie."""
    bids, weights, _, max_score = evaluation
    scores = [("p1", b, c, max_score) for b in bids for c in weights]
    result = evaluate_bids(bids=bids, criteria=weights, scores=scores, max_score=max_score)
    assert all(bid.weighted_total == pytest.approx(100, abs=1e-9) and bid.complete for bid in result.bids)
    assert result.ranking == (tuple(bids),)


@PROPERTY_SETTINGS
@given(
    st.lists(st.sampled_from("abcdefg"), min_size=1, max_size=7, unique=True).flatmap(
        lambda people: st.tuples(
            st.just(people),
            st.lists(st.tuples(st.sampled_from(people), st.floats(0, 600)), max_size=40),
        )
    )
)
def test_speaking_shares_sum_to_one(case):
    """Speaking shares add up to 1 whenever anyone spoke, and the index stays within [0, 1]."""
    people, turns = case
    balance = speaking_balance(participants=people, turns=turns)
    assert isinstance(balance, SpeakingBalance)
    total = math.fsum(s.share for s in balance.shares)
    if any(seconds > 0 for _, seconds in turns):
        assert total == pytest.approx(1.0)
    else:
        assert total == 0
    assert 0.0 <= balance.balance_index <= 1.0
    order = go_round_order(balance)
    assert sorted(order) == sorted(people)
    heard = {s.participant_id: s.seconds for s in balance.shares}
    assert [heard[p] for p in order] == sorted(heard[p] for p in order)
