"""Scoring providers' bids against weighted criteria, and measuring speaking balance.

Bid evaluation: panellists score each bid on each criterion out of
``max_score``; the panel may then agree a moderated (consensus) score for a
cell. A bid's weighted total is the sum over criteria of
``(score used / max_score) * weight``, so with weights adding up to 100 it is
a mark out of 100. Ties between bids are reported, never broken.

Speaking balance: from timed turns in a discussion, how evenly the talking
was shared, and who to invite to speak first in the next go-round.

Pure standard-library Python, free of Qt and the database.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Real

from cocommission.model.tallies import describe_ranking, rank_by_scores
from cocommission.wording import number_text as _num

#: Weights within this distance of 100 count as adding up to 100.
WEIGHT_TOLERANCE = 1e-6
#: Panellists disagree widely on a cell when their scores differ by more than this share of the scale.
SPREAD_THRESHOLD = 0.4


# --------------------------------------------------------------------------- bid evaluation


@dataclass(frozen=True)
class CriterionResult:
    """How one bid did on one criterion."""

    criterion_id: str
    #: Mean of the panellists' scores; None when nobody scored this cell.
    mean: float | None
    #: The panel's agreed score; None when there is none or moderated scores are not in use.
    moderated: float | None
    #: The score that counts: moderated if not None, else mean.
    used: float | None
    #: Highest minus lowest panellist score; None when nobody scored this cell.
    spread: float | None
    scores_count: int


@dataclass(frozen=True)
class BidResult:
    """One bid's weighted total and the per-criterion detail behind it."""

    bid_id: str
    #: 0..100 when the criterion weights add up to 100.
    weighted_total: float
    criteria: tuple[CriterionResult, ...]
    #: True when every criterion has a score to use.
    complete: bool


@dataclass(frozen=True)
class EvaluationResult:
    """All bids' results, their ranking and a plain-English account of the sums."""

    bids: tuple[BidResult, ...]
    ranking: tuple[tuple[str, ...], ...]
    ties: tuple[tuple[str, ...], ...]
    steps: tuple[str, ...]


def weights_total(weights: Iterable[float]) -> float:
    """Add up criterion weights exactly (no float drift from summing many parts)."""
    return math.fsum(weights)


def weights_sum_to_100(weights: Iterable[float]) -> bool:
    """Tell whether criterion weights add up to 100 percent (within 1e-6)."""
    return abs(weights_total(weights) - 100.0) <= WEIGHT_TOLERANCE


def spread_flag(spread: float | None, max_score: float, threshold: float = SPREAD_THRESHOLD) -> bool:
    """Tell whether panellists disagree by more than threshold × max_score, so the cell needs discussion."""
    return spread is not None and spread > threshold * max_score


def _check_number(value: object, what: str) -> float:
    """Return value as a float, refusing booleans, non-numbers, NaN and infinities."""
    if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
        raise ValueError(f"{what} is {value!r}, which is not a finite number.")
    return float(value)


def _check_score(value: object, max_score: float, what: str) -> float:
    """Return a score, refusing anything outside 0..max_score."""
    number = _check_number(value, what)
    if not 0 <= number <= max_score:
        raise ValueError(f"{what} is {_num(number)}, outside the range 0 to {_num(max_score)}.")
    return number


def _check_evaluation_inputs(
    bids: Sequence[str], criteria: Mapping[str, float], max_score: float
) -> dict[str, float]:
    """Validate bids, weights and max_score; return the weights as floats."""
    if len(set(bids)) != len(bids):
        raise ValueError("A bid id is listed more than once.")
    if _check_number(max_score, "max_score") <= 0:
        raise ValueError(f"max_score must be more than 0, not {max_score!r}.")
    weights: dict[str, float] = {}
    for criterion, weight in criteria.items():
        weights[criterion] = _check_number(weight, f"The weight of criterion {criterion!r}")
        if weights[criterion] < 0:
            raise ValueError(
                f"The weight of criterion {criterion!r} is {weight!r}; weights cannot be negative."
            )
    return weights


def _collect_scores(
    scores: Iterable[tuple[str, str, str, float]],
    bids: Sequence[str],
    criteria: Mapping[str, float],
    max_score: float,
) -> dict[tuple[str, str], list[float]]:
    """Group panellist scores by (bid, criterion), validating every entry."""
    cells: dict[tuple[str, str], list[float]] = {(b, c): [] for b in bids for c in criteria}
    known_bids = set(bids)
    seen: set[tuple[str, str, str]] = set()
    for panellist, bid, criterion, value in scores:
        if bid not in known_bids:
            raise ValueError(f"A score from panellist {panellist!r} names unknown bid {bid!r}.")
        if criterion not in criteria:
            raise ValueError(f"A score from panellist {panellist!r} names unknown criterion {criterion!r}.")
        # Two scores from one person for one cell would double their say in the mean.
        if (panellist, bid, criterion) in seen:
            raise ValueError(
                f"Panellist {panellist!r} scored bid {bid!r} on criterion {criterion!r} more than once."
            )
        seen.add((panellist, bid, criterion))
        what = f"The score from panellist {panellist!r} for bid {bid!r} on criterion {criterion!r}"
        cells[(bid, criterion)].append(_check_score(value, max_score, what))
    return cells


def _check_moderated(
    moderated: Mapping[tuple[str, str], float],
    bids: Sequence[str],
    criteria: Mapping[str, float],
    max_score: float,
) -> dict[tuple[str, str], float]:
    """Validate moderated scores: known bid and criterion, value within range."""
    checked: dict[tuple[str, str], float] = {}
    for (bid, criterion), value in moderated.items():
        if bid not in bids or criterion not in criteria:
            raise ValueError(f"A moderated score names unknown bid {bid!r} or criterion {criterion!r}.")
        what = f"The moderated score for bid {bid!r} on {criterion!r}"
        checked[(bid, criterion)] = _check_score(value, max_score, what)
    return checked


def _criterion_result(criterion: str, values: list[float], moderated: float | None) -> CriterionResult:
    """Summarise one cell: mean, spread and the score that counts."""
    mean = math.fsum(values) / len(values) if values else None
    spread = max(values) - min(values) if values else None
    used = moderated if moderated is not None else mean
    return CriterionResult(criterion, mean, moderated, used, spread, len(values))


def _criterion_step(result: CriterionResult, weight: float, max_score: float, name: str) -> str:
    """Explain one cell's contribution to a bid's total."""
    head = f"  {name} (weight {_num(weight)}%): "
    if result.used is None:
        return head + "no score, counts 0 points; this bid's evaluation is incomplete."
    parts = []
    if result.mean is not None:
        parts.append(
            f"panel mean {_num(result.mean)} from {result.scores_count} "
            f"{'score' if result.scores_count == 1 else 'scores'}, "
            f"spread {_num(result.spread or 0)}"
        )
    if result.moderated is not None:
        parts.append(f"moderated {_num(result.moderated)}")
    points = result.used / max_score * weight
    sum_text = f"used {_num(result.used)}/{_num(max_score)} × {_num(weight)} = {_num(points)} points."
    return head + "; ".join([*parts, sum_text])


def evaluate_bids(
    *,
    bids: Sequence[str],
    criteria: Mapping[str, float],
    scores: Iterable[tuple[str, str, str, float]],
    moderated: Mapping[tuple[str, str], float] | None = None,
    max_score: float = 5,
    use_moderated: bool = True,
    labels: Mapping[str, str] | None = None,
) -> EvaluationResult:
    """Score bids against weighted criteria and rank them by weighted total.

    ``criteria`` maps criterion id -> weight in percent. ``scores`` are
    ``(panellist_id, bid_id, criterion_id, value)``. A cell's score is the
    moderated value when ``use_moderated`` is true and one exists, else the
    mean of panellists' scores; with ``use_moderated=False`` moderated values
    are ignored and reported as None (the individual-only view). A criterion
    with no score counts 0 and marks the bid incomplete. Totals are rounded to
    9 decimal places so float noise cannot split a genuine tie.
    """
    bids = tuple(bids)
    weights = _check_evaluation_inputs(bids, criteria, max_score)
    cells = _collect_scores(scores, bids, weights, max_score)
    agreed = _check_moderated(moderated or {}, bids, weights, max_score) if use_moderated else {}
    table = labels or {}

    def name(key: str) -> str:
        return table.get(key, key)

    steps = _method_steps(weights, max_score, use_moderated)
    results = []
    for bid in bids:
        per_criterion = tuple(
            _criterion_result(criterion, cells[(bid, criterion)], agreed.get((bid, criterion)))
            for criterion in weights
        )
        result = _bid_result(bid, per_criterion, weights, max_score)
        steps.extend(_bid_steps(result, weights, max_score, name))
        results.append(result)

    ranking = rank_by_scores(bids, {r.bid_id: r.weighted_total for r in results})
    steps.extend(describe_ranking(ranking, labels=labels))
    return EvaluationResult(
        bids=tuple(results),
        ranking=ranking,
        ties=tuple(tier for tier in ranking if len(tier) > 1),
        steps=tuple(steps),
    )


def _method_steps(weights: Mapping[str, float], max_score: float, use_moderated: bool) -> list[str]:
    """Explain how totals are worked out, warning when the weights do not add up to 100."""
    steps = [
        f"Scores are out of {_num(max_score)}. Each bid's total is the sum over criteria of "
        f"(score used ÷ {_num(max_score)}) × weight; a criterion with no score counts 0.",
        "Score used: the panel's moderated (agreed) score where there is one, "
        "otherwise the mean of panellists' scores."
        if use_moderated
        else "Score used: the mean of panellists' individual scores; "
        "moderated scores are left out of this view.",
    ]
    if not weights_sum_to_100(weights.values()):
        total = _num(weights_total(weights.values()))
        steps.append(
            f"Warning: the criterion weights add up to {total}%, not 100%, so totals are out of {total}."
        )
    return steps


def _bid_result(
    bid: str, per_criterion: tuple[CriterionResult, ...], weights: Mapping[str, float], max_score: float
) -> BidResult:
    """Weigh one bid's criterion scores into its total; unscored criteria count 0."""
    points = ((r.used or 0.0) / max_score * weights[r.criterion_id] for r in per_criterion)
    # Rounded so that float noise cannot split two bids the panel scored identically.
    total = round(math.fsum(points), 9)
    complete = all(r.used is not None for r in per_criterion)
    return BidResult(bid, total, per_criterion, complete)


def _bid_steps(
    result: BidResult, weights: Mapping[str, float], max_score: float, name: Callable[[str], str]
) -> list[str]:
    """Explain one bid's total, criterion by criterion."""
    steps = [f"{name(result.bid_id)}:"]
    for cell in result.criteria:
        steps.append(_criterion_step(cell, weights[cell.criterion_id], max_score, name(cell.criterion_id)))
    out_of = _num(weights_total(weights.values()))
    incomplete = "" if result.complete else " (incomplete)"
    steps.append(f"  Total: {_num(result.weighted_total)} out of {out_of}{incomplete}.")
    return steps


# --------------------------------------------------------------------------- speaking balance


@dataclass(frozen=True)
class SpeakerShare:
    """How much one participant spoke."""

    participant_id: str
    seconds: float
    turns: int
    #: Fraction of all speaking time, 0..1.
    share: float
    #: Times they were offered a turn and chose not to speak; never speaking time, never a turn.
    passes: int = 0


@dataclass(frozen=True)
class SpeakingBalance:
    """How evenly speaking time was shared among the participants present."""

    #: One entry per participant, in the order they were given.
    shares: tuple[SpeakerShare, ...]
    #: Normalised Shannon entropy of the shares: 1.0 perfectly equal, 0.0 one person spoke all.
    balance_index: float
    #: Participants who did not speak at all, in participant order.
    not_heard: tuple[str, ...]


def _balance_index(shares: Sequence[float]) -> float:
    """Normalised Shannon entropy H/ln(N) of the shares over all N participants present.

    Chosen over 1 - Gini because it reaches exactly 0.0 when one person spoke
    all the time, whatever the group size. With fewer than two participants, or
    nobody speaking yet, nobody has been drowned out, so the index is 1.0.
    """
    if len(shares) < 2 or not any(shares):
        return 1.0
    entropy = -math.fsum(p * math.log(p) for p in shares if p > 0)
    # Clamp: rounding can push an equal split a hair above 1.
    return min(1.0, max(0.0, entropy / math.log(len(shares))))


def speaking_balance(
    *, participants: Sequence[str], turns: Iterable[tuple[str, float]], passes: Iterable[str] = ()
) -> SpeakingBalance:
    """Total each participant's speaking time and turns, and measure how balanced the talk was.

    ``passes`` names whoever was offered a turn and passed, once per pass: counted apart,
    so a pass never reads as having been heard.
    """
    people = tuple(participants)
    if len(set(people)) != len(people):
        raise ValueError("A participant id is listed more than once.")
    seconds = dict.fromkeys(people, 0.0)
    counts = dict.fromkeys(people, 0)
    for participant, duration in turns:
        if participant not in seconds:
            raise ValueError(f"A speaking turn names unknown participant {participant!r}.")
        length = _check_number(duration, f"The length of a turn by {participant!r}")
        if length < 0:
            raise ValueError(
                f"A turn by {participant!r} lasts {duration!r} seconds; turns cannot be negative."
            )
        seconds[participant] += length
        counts[participant] += 1
    passed = dict.fromkeys(people, 0)
    for participant in passes:
        if participant not in passed:
            raise ValueError(f"A pass names unknown participant {participant!r}.")
        passed[participant] += 1
    total = math.fsum(seconds.values())
    shares = tuple(
        SpeakerShare(p, seconds[p], counts[p], seconds[p] / total if total > 0 else 0.0, passed[p])
        for p in people
    )
    return SpeakingBalance(
        shares=shares,
        balance_index=_balance_index([s.share for s in shares]),
        not_heard=tuple(p for p in people if seconds[p] == 0),
    )


def go_round_order(balance: SpeakingBalance) -> tuple[str, ...]:
    """Order participants for a go-round: least heard first, ties kept in participant order."""
    # sorted() is stable, so equal speaking times keep the participants' given order.
    return tuple(s.participant_id for s in sorted(balance.shares, key=lambda s: s.seconds))
