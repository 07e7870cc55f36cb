"""Counting votes: turn ballots into a ranked result with a written explanation.

Every counting method here takes the options (string ids, in the order the
group saw them) and the ballots in that method's shape, and returns a
:class:`TallyResult`. The result carries the ranking as tiers of tied options,
the numbers behind it, and ``steps``: a plain-English account of the count that
can be printed in a commissioner's decision record.

Ties are reported, never broken: deciding between tied options is for the
young people in the room, not for an algorithm.

The module is pure standard-library Python so it can be tested and reused
without Qt or the database.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import NamedTuple

#: Every counting method :func:`tally` understands.
METHODS: tuple[str, ...] = ("dots", "borda", "schulze", "irv", "approval", "score")

Ranking = tuple[tuple[str, ...], ...]

_PLACE_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


@dataclass(frozen=True)
class TallyResult:
    """The outcome of counting one vote, with the reasoning behind it."""

    method: str
    #: Tiers, best first; each tier holds option ids that tie, in the order the options were given.
    ranking: Ranking
    #: Option id -> the number the method ranks by; ``None`` for IRV, which has no single score.
    scores: dict[str, float] | None
    #: Plain-English account of the count, one sentence or table row per entry.
    steps: tuple[str, ...]
    ballots_counted: int
    #: Every tier that holds more than one option.
    ties: Ranking
    #: Option id -> its number as people should read it: exact enough that every place the order
    #: gives is visible in the numbers, and "not scored" for an option no ballot scored.
    score_texts: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- shared helpers


def _check_options(options: Iterable[str]) -> tuple[str, ...]:
    """Return the options as a tuple, refusing repeats that would make counts ambiguous."""
    opts = tuple(options)
    seen: set[str] = set()
    for option in opts:
        if option in seen:
            raise ValueError(f"Option id {option!r} is listed more than once.")
        seen.add(option)
    return opts


def _namer(labels: Mapping[str, str] | None) -> Callable[[str], str]:
    """Return a function giving the label to print for an option id."""
    table = labels or {}
    return lambda option_id: table.get(option_id, option_id)


def _join(names: Sequence[str]) -> str:
    """Join names as English: 'A', 'A and B', 'A, B and C'."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _ordinal(n: int) -> str:
    """Return 1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st."""
    if 10 <= n % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _place(position: int) -> str:
    """Return 'first place' ... 'tenth place', then '11th place' and so on."""
    word = _PLACE_WORDS[position - 1] if position <= len(_PLACE_WORDS) else _ordinal(position)
    return f"{word} place"


def _num(value: float) -> str:
    """Format a number for people: whole numbers without decimals, others to 2 places."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


#: How an option that no ballot scored reads wherever scores are shown.
NOT_SCORED = "not scored"

#: More decimal places than this never help: :func:`rank_by_scores` treats closer values as equal.
_MOST_DECIMALS = 9


def distinct_numbers(values: Mapping[str, float]) -> dict[str, str]:
    """Each value as text, with just enough decimal places that values ranked apart read apart.

    Two places are enough for most counts, but a mean of 5/8 and one of 8/13
    both read "0.62" while the order puts one above the other; such values get
    more places ("0.625", "0.615") until every difference the order relies on
    shows.
    """
    keyed = {key: round(float(value), _MOST_DECIMALS) for key, value in values.items()}
    levels = sorted(set(keyed.values()))
    for decimals in range(2, _MOST_DECIMALS + 1):
        texts = {level: _decimal_text(level, decimals) for level in levels}
        if len(set(texts.values())) == len(levels):
            break
    return {key: texts[level] for key, level in keyed.items()}


def _decimal_text(value: float, decimals: int) -> str:
    """Whole numbers bare, others to the given places without trailing zeros ("-0" reads "0")."""
    if value.is_integer():
        return str(int(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _plural(count: float, word: str, plural: str | None = None) -> str:
    """Return e.g. '1 ballot' or '3 ballots'."""
    return f"{_num(count)} {word if count == 1 else (plural or word + 's')}"


def _ties(ranking: Ranking) -> Ranking:
    """Return the tiers that hold more than one option."""
    return tuple(tier for tier in ranking if len(tier) > 1)


def describe_ranking(ranking: Ranking, *, labels: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Describe a tiered ranking in plain English: one line per tie, then the final order."""
    name = _namer(labels)
    lines: list[str] = []
    places: list[str] = []
    position = 1
    for tier in ranking:
        names = [name(option) for option in tier]
        if len(tier) > 1:
            lines.append(f"Tie between {_join(names)} for {_place(position)}: not broken.")
            places.append(f"={_ordinal(position)} {_join(names)}")
        else:
            places.append(f"{_ordinal(position)} {names[0]}")
        # Competition ranking ("1, 2, 2, 4"): a tie uses up the places it spans.
        position += len(tier)
    if places:
        lines.append("Final order: " + "; ".join(places) + ".")
    return tuple(lines)


def _finish(
    method: str,
    ranking: Ranking,
    scores: dict[str, float] | None,
    steps: list[str],
    ballots_counted: int,
    labels: Mapping[str, str] | None,
) -> TallyResult:
    """Assemble a result, closing the steps with the ties and the final order."""
    steps.extend(describe_ranking(ranking, labels=labels))
    texts: dict[str, str] = {}
    if scores is not None:
        shown = distinct_numbers(scores)
        texts = {option: shown.get(option, NOT_SCORED) for tier in ranking for option in tier}
    return TallyResult(
        method=method,
        ranking=ranking,
        scores=scores,
        steps=tuple(steps),
        ballots_counted=ballots_counted,
        ties=_ties(ranking),
        score_texts=texts,
    )


def _check_known(option_id: object, known: set[str], where: str) -> str:
    """Return the option id, or raise if the ballot names an option that is not on offer."""
    if option_id not in known:
        raise ValueError(f"{where} names unknown option {option_id!r}.")
    return option_id  # type: ignore[return-value]


def _check_ranking(ranking: Sequence[str], known: set[str], number: int) -> tuple[str, ...]:
    """Validate one ranked ballot: known options, each at most once."""
    # A bare string is a Sequence[str] too; counting its letters as options would be a silent bug.
    if isinstance(ranking, str):
        raise ValueError(f"Ballot {number} is a single string {ranking!r}, not a list of option ids.")
    order = tuple(ranking)
    seen: set[str] = set()
    for option in order:
        _check_known(option, known, f"Ballot {number}")
        if option in seen:
            raise ValueError(f"Ballot {number} ranks option {option!r} more than once.")
        seen.add(option)
    return order


def _check_rankings(rankings: Iterable[Sequence[str]], known: set[str]) -> list[tuple[str, ...]]:
    """Validate every ranked ballot, numbering them from 1 for error messages."""
    return [_check_ranking(ranking, known, number) for number, ranking in enumerate(rankings, start=1)]


def rank_by_scores(options: Sequence[str], scores: Mapping[str, float]) -> Ranking:
    """Rank options into tiers by score, higher first; equal scores tie (missing scores count 0)."""
    opts = _check_options(options)
    keyed: dict[str, float] = {}
    for option in opts:
        value = float(scores.get(option, 0.0))
        if math.isnan(value):
            raise ValueError(f"Score for option {option!r} is not a number.")
        # Sums of floats drift (0.1 + 0.2 != 0.3); rounding stops that noise splitting a real tie.
        keyed[option] = round(value, 9)
    levels = sorted(set(keyed.values()), reverse=True)
    return tuple(tuple(option for option in opts if keyed[option] == level) for level in levels)


# --------------------------------------------------------------------------- dots


def _add_dots(sheets: Iterable[Mapping[str, int]], totals: dict[str, int], where: str) -> int:
    """Add each sheet's dots into totals; return how many sheets there were."""
    known = set(totals)
    count = 0
    for count, sheet in enumerate(sheets, start=1):
        for option, dots in sheet.items():
            _check_known(option, known, f"{where} {count}")
            if isinstance(dots, bool) or not isinstance(dots, Integral) or dots < 0:
                raise ValueError(
                    f"{where} {count} gives option {option!r} {dots!r} dots; "
                    "dots must be a whole number, 0 or more."
                )
            totals[option] += int(dots)
    return count


def tally_dots(
    options: Sequence[str],
    *,
    ballots: Iterable[Mapping[str, int]],
    paper_tallies: Iterable[Mapping[str, int]] = (),
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Total the dots on each option from individual ballots plus paper tallies off the wall.

    Paper tallies are dot totals transcribed from a wall where voters are not
    known, so they add dots but not ballots: ``ballots_counted`` counts only the
    individual ballots.
    """
    opts = _check_options(options)
    name = _namer(labels)
    from_ballots = dict.fromkeys(opts, 0)
    from_paper = dict.fromkeys(opts, 0)
    n_ballots = _add_dots(ballots, from_ballots, "Ballot")
    n_sheets = _add_dots(paper_tallies, from_paper, "Paper tally")
    ballot_dots, paper_dots = sum(from_ballots.values()), sum(from_paper.values())
    steps = [
        f"Counted {_plural(ballot_dots, 'dot')} from {_plural(n_ballots, 'ballot')} and "
        f"{_plural(paper_dots, 'dot')} from {_plural(n_sheets, 'paper tally', 'paper tallies')}: "
        f"{_plural(ballot_dots + paper_dots, 'dot')} in total."
    ]
    totals = {option: float(from_ballots[option] + from_paper[option]) for option in opts}
    for option in opts:
        steps.append(
            f"{name(option)}: {_plural(totals[option], 'dot')} "
            f"({_num(from_ballots[option])} from ballots, {_num(from_paper[option])} from paper)."
        )
    return _finish("dots", rank_by_scores(opts, totals), totals, steps, n_ballots, labels)


# --------------------------------------------------------------------------- borda


def tally_borda(
    options: Sequence[str],
    *,
    rankings: Iterable[Sequence[str]],
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count ranked ballots by Borda points.

    With n options, the option in position i (0-based) on a ballot earns
    n-1-i points. Ballots may be partial: options a ballot leaves unranked earn
    0 points from it (the common "truncated ballots, unranked get 0" variant),
    so ranking only your favourite still gives it the full n-1 points.
    """
    opts = _check_options(options)
    name = _namer(labels)
    ballots = _check_rankings(rankings, set(opts))
    n = len(opts)
    points = dict.fromkeys(opts, 0)
    partial = 0
    for ballot in ballots:
        partial += len(ballot) < n
        for position, option in enumerate(ballot):
            points[option] += n - 1 - position
    scale = ", ".join(f"{_ordinal(i + 1)} {_plural(n - 1 - i, 'point')}" for i in range(n))
    steps = [
        f"Counted {_plural(len(ballots), 'ballot')}, {partial} of them ranking only some options.",
        f"Points per ballot with {_plural(n, 'option')}: {scale}; "
        "an option left unranked gets 0 from that ballot.",
    ]
    scores = {option: float(points[option]) for option in opts}
    steps.extend(f"{name(option)}: {_plural(scores[option], 'point')}." for option in opts)
    return _finish("borda", rank_by_scores(opts, scores), scores, steps, len(ballots), labels)


# --------------------------------------------------------------------------- schulze


def _pairwise(opts: tuple[str, ...], ballots: list[tuple[str, ...]]) -> dict[str, dict[str, int]]:
    """d[x][y] = ballots preferring x to y; ranked beats unranked, two unranked get no preference."""
    d = {x: dict.fromkeys(opts, 0) for x in opts}
    for ballot in ballots:
        ranked = set(ballot)
        unranked = [option for option in opts if option not in ranked]
        for i, x in enumerate(ballot):
            for y in ballot[i + 1 :]:
                d[x][y] += 1
            for y in unranked:
                d[x][y] += 1
    return d


def _strongest_paths(opts: tuple[str, ...], d: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """p[x][y] = strength of the widest path from x to y (Floyd-Warshall, winning-votes link strength)."""
    p = {x: {y: (d[x][y] if x != y and d[x][y] > d[y][x] else 0) for y in opts} for x in opts}
    for via in opts:
        for x in opts:
            if x == via:
                continue
            for y in opts:
                if y not in (x, via):
                    p[x][y] = max(p[x][y], min(p[x][via], p[via][y]))
    return p


def _schulze_tiers(opts: tuple[str, ...], beats: Callable[[str, str], bool]) -> Ranking:
    """Group the options into places so that one option is above another only where it beats it.

    The Schulze relation is a strict partial order: it may leave two options
    incomparable (neither beats the other). Placing such options in order would
    claim a decision the method did not make, so every option in an earlier
    place beats every option in a later one, and options the method does not
    separate share a place. Within a place options keep the order they were given.
    """
    # Peel off the options no remaining option beats: an order that respects every win.
    remaining = list(opts)
    order: list[str] = []
    while remaining:
        top = [x for x in remaining if not any(beats(y, x) for y in remaining if y != x)]
        # Cannot happen for a transitive relation; guard so a bug can never loop forever.
        top = top or remaining
        order.extend(top)
        remaining = [x for x in remaining if x not in top]
    # Draw a line between places only where everything above beats everything below.
    tiers: list[tuple[str, ...]] = []
    start = 0
    for cut in range(1, len(order) + 1):
        if cut == len(order) or all(beats(x, y) for x in order[:cut] for y in order[cut:]):
            members = set(order[start:cut])
            tiers.append(tuple(option for option in opts if option in members))
            start = cut
    return tuple(tiers)


def _unseparated_sentences(
    ranking: Ranking, beats: Callable[[str, str], bool], name: Callable[[str], str]
) -> list[str]:
    """Say in plain words why options share a place: which pairs neither beats the other."""
    lines: list[str] = []
    for tier in ranking:
        if len(tier) < 2:
            continue
        pairs = [
            f"{name(x)} nor {name(y)}"
            for i, x in enumerate(tier)
            for y in tier[i + 1 :]
            if not beats(x, y) and not beats(y, x)
        ]
        lines.append(
            f"{_join([name(o) for o in tier])} share a place because the count does not decide "
            "between them: " + "; ".join(f"neither {pair} beats the other" for pair in pairs) + "."
        )
    return lines


def _matrix_lines(
    opts: tuple[str, ...], m: dict[str, dict[str, int]], name: Callable[[str], str], joiner: str
) -> list[str]:
    """One line per row of a pairwise matrix, e.g. 'A over: B 20, C 26.'"""
    return [
        f"  {name(x)} {joiner}: " + ", ".join(f"{name(y)} {m[x][y]}" for y in opts if y != x) + "."
        for x in opts
        if len(opts) > 1
    ]


def tally_schulze(
    options: Sequence[str],
    *,
    rankings: Iterable[Sequence[str]],
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count ranked ballots by the Schulze (beatpath) method; ties are reported, never broken.

    A ballot prefers each ranked option to every option ranked below it and to
    every option it leaves unranked; two unranked options get no preference.
    Links use winning votes, paths are widest paths, and X is ranked above Y
    iff p[X][Y] > p[Y][X]. ``scores`` holds how many options each one beats.
    """
    opts = _check_options(options)
    name = _namer(labels)
    ballots = _check_rankings(rankings, set(opts))
    d = _pairwise(opts, ballots)
    p = _strongest_paths(opts, d)

    def beats(x: str, y: str) -> bool:
        return p[x][y] > p[y][x]

    steps = [
        f"Counted {_plural(len(ballots), 'ballot')}. A ballot prefers each ranked option to every option "
        "ranked below it and to every option it leaves unranked; two unranked options get no preference.",
        "Pairwise preferences d[X][Y] (ballots preferring X to Y):",
        *_matrix_lines(opts, d, name, "over"),
        "Strongest paths p[X][Y] (the weakest link on the strongest chain of head-to-head wins "
        "from X to Y; 0 if none):",
        *_matrix_lines(opts, p, name, "to"),
    ]
    scores: dict[str, float] = {}
    for x in opts:
        beaten = [y for y in opts if y != x and beats(x, y)]
        scores[x] = float(len(beaten))
        if beaten:
            beaten_names = _join([name(y) for y in beaten])
            wins = _plural(len(beaten), "win")
            steps.append(f"{name(x)} beats {beaten_names} on strongest paths ({wins}).")
        else:
            steps.append(f"{name(x)} beats no other option on strongest paths (0 wins).")
    ranking = _schulze_tiers(opts, beats)
    steps.extend(_unseparated_sentences(ranking, beats, name))
    return _finish("schulze", ranking, scores, steps, len(ballots), labels)


# --------------------------------------------------------------------------- instant run-off


class _RoundOutcome(NamedTuple):
    """What one IRV round decided: winners (ending the count) or options to eliminate."""

    winners: tuple[str, ...] = ()
    #: Options still continuing when the count ended, by their final-round votes.
    runners_up: Ranking = ()
    eliminated: tuple[str, ...] = ()


def _first_preferences(continuing: list[str], ballots: list[tuple[str, ...]]) -> tuple[dict[str, int], int]:
    """Count each ballot for its highest-ranked continuing option; return counts and exhausted ballots."""
    counts = dict.fromkeys(continuing, 0)
    exhausted = 0
    for ballot in ballots:
        top = next((option for option in ballot if option in counts), None)
        if top is None:
            exhausted += 1
        else:
            counts[top] += 1
    return counts, exhausted


def tally_irv(
    options: Sequence[str],
    *,
    rankings: Iterable[Sequence[str]],
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count ranked ballots by instant run-off, stating every tie rather than breaking it.

    Each round counts every ballot for its highest-ranked continuing option; a
    ballot with no continuing option left is exhausted and set aside. An option
    with more than half of the non-exhausted ballots wins. Otherwise the option
    with the fewest votes is eliminated; if several share the fewest, they are
    all eliminated together (never picked between at random). If every
    continuing option has the same number of votes, they tie for first place.

    Ranking: the winner (or tied winners) first; any other options still
    continuing when the count stopped next, ordered by their final-round votes;
    then the eliminated options in reverse order of elimination, with options
    eliminated together sharing a tier. ``scores`` is ``None``.
    """
    opts = _check_options(options)
    name = _namer(labels)
    ballots = _check_rankings(rankings, set(opts))
    steps = [f"Counted {_plural(len(ballots), 'ballot')}."]
    if not opts:
        steps.append("There are no options to count.")
        return _finish("irv", (), None, steps, len(ballots), labels)

    continuing = list(opts)
    eliminated: list[tuple[str, ...]] = []
    round_no = 0
    while True:
        round_no += 1
        counts, exhausted = _first_preferences(continuing, ballots)
        active = len(ballots) - exhausted
        tallies = ", ".join(f"{name(option)} {counts[option]}" for option in continuing)
        steps.append(
            f"Round {round_no}: {tallies}. {_plural(exhausted, 'ballot')} exhausted "
            f"(no continuing option ranked), {active} still counting."
        )
        outcome = _irv_round_outcome(continuing, counts, active, name, steps)
        if outcome.winners:
            break
        eliminated.append(outcome.eliminated)
        continuing = [option for option in continuing if option not in outcome.eliminated]

    ranking = (outcome.winners, *outcome.runners_up, *reversed(eliminated))
    return _finish("irv", ranking, None, steps, len(ballots), labels)


def _irv_round_outcome(
    continuing: list[str],
    counts: dict[str, int],
    active: int,
    name: Callable[[str], str],
    steps: list[str],
) -> _RoundOutcome:
    """Decide one IRV round, appending its explanation to steps."""
    if len(continuing) == 1:
        steps.append(f"{name(continuing[0])} is the only option left and wins.")
        return _RoundOutcome(winners=(continuing[0],))
    best = max(counts.values())
    lowest = min(counts.values())
    if best == lowest:
        steps.append(
            f"All {len(continuing)} continuing options have {_plural(best, 'vote')} each, so "
            f"{_join([name(o) for o in continuing])} tie for first place; the tie is not broken."
        )
        return _RoundOutcome(winners=tuple(continuing))
    leader = next(option for option in continuing if counts[option] == best)
    if 2 * best > active:
        steps.append(f"{name(leader)} has {best} of {active} votes, more than half, and wins.")
        others = [option for option in continuing if option != leader]
        runners_up = rank_by_scores(others, {o: float(counts[o]) for o in others})
        return _RoundOutcome(winners=(leader,), runners_up=runners_up)
    losers = tuple(option for option in continuing if counts[option] == lowest)
    no_majority = f"No option has more than half of the {active} votes."
    if len(losers) == 1:
        steps.append(f"{no_majority} {name(losers[0])} has the fewest ({lowest}) and is eliminated.")
    else:
        steps.append(
            f"{no_majority} Tie for fewest votes: {_join([name(o) for o in losers])} have {lowest} each. "
            "The tie is not broken: they are all eliminated together."
        )
    return _RoundOutcome(eliminated=losers)


# --------------------------------------------------------------------------- approval


def tally_approval(
    options: Sequence[str],
    *,
    approvals: Iterable[Iterable[str]],
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count approval ballots: each ballot approves any number of options, once each."""
    opts = _check_options(options)
    name = _namer(labels)
    known = set(opts)
    totals = dict.fromkeys(opts, 0)
    n_ballots = 0
    for n_ballots, ballot in enumerate(approvals, start=1):
        if isinstance(ballot, str):
            raise ValueError(f"Ballot {n_ballots} is a single string {ballot!r}, not a set of option ids.")
        seen: set[str] = set()
        for option in ballot:
            _check_known(option, known, f"Ballot {n_ballots}")
            if option in seen:
                raise ValueError(f"Ballot {n_ballots} approves option {option!r} more than once.")
            seen.add(option)
            totals[option] += 1
    scores = {option: float(totals[option]) for option in opts}
    steps = [f"Counted {_plural(n_ballots, 'ballot')}; each approves any number of options."]
    steps.extend(f"{name(option)}: {_plural(scores[option], 'approval')}." for option in opts)
    return _finish("approval", rank_by_scores(opts, scores), scores, steps, n_ballots, labels)


# --------------------------------------------------------------------------- scores


def tally_scores(
    options: Sequence[str],
    *,
    score_ballots: Iterable[Mapping[str, float]],
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Rank options by their mean score over the ballots that scored them.

    An option no ballot scored has no mean at all: giving it 0 would rank it
    above options everyone scored below 0 on a scale such as -2..2. So it has no
    entry in ``scores``, reads "not scored", and is placed after every scored
    option, sharing the last place with any other unscored option.
    """
    opts = _check_options(options)
    name = _namer(labels)
    known = set(opts)
    given: dict[str, list[float]] = {option: [] for option in opts}
    n_ballots = 0
    for n_ballots, ballot in enumerate(score_ballots, start=1):
        for option, value in ballot.items():
            _check_known(option, known, f"Ballot {n_ballots}")
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value):
                raise ValueError(
                    f"Ballot {n_ballots} gives option {option!r} the score {value!r}, which is not a number."
                )
            given[option].append(float(value))
    steps = [
        f"Counted {_plural(n_ballots, 'ballot')}; "
        "each option's score is its mean (its total divided by how many scored it) "
        "over the ballots that scored it."
    ]
    scores = {option: math.fsum(values) / len(values) for option, values in given.items() if values}
    shown = distinct_numbers(scores)
    unscored = [option for option in opts if option not in scores]
    for option in opts:
        values = given[option]
        if values:
            total = math.fsum(values)
            steps.append(
                f"{name(option)}: mean {shown[option]} from {_plural(len(values), 'score')} "
                f"(total {_num(total)} divided by {len(values)})."
            )
        else:
            steps.append(f"{name(option)}: nobody scored it, so it has no mean.")
    scored_ranking = rank_by_scores([option for option in opts if option in scores], scores)
    ranking = scored_ranking + ((tuple(unscored),) if unscored else ())
    if unscored:
        steps.append(
            f"Rule for options nobody scored: they are placed after every scored option, "
            f"sharing the last place ({_join([name(o) for o in unscored])})."
        )
    return _finish("score", ranking, scores, steps, n_ballots, labels)


# --------------------------------------------------------------------------- dispatcher


def tally(
    method: str,
    options: Sequence[str],
    *,
    ballots: Iterable,
    paper_tallies: Iterable[Mapping[str, int]] = (),
    labels: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count ballots (in the shape the method expects) with the named method."""
    if method not in METHODS:
        raise ValueError(f"Unknown counting method {method!r}; valid methods are: {', '.join(METHODS)}.")
    method = str(method)
    if method == "dots":
        return tally_dots(options, ballots=ballots, paper_tallies=paper_tallies, labels=labels)
    if tuple(paper_tallies):
        raise ValueError(f"Paper tallies can only be counted with the 'dots' method, not {method!r}.")
    if method == "borda":
        return tally_borda(options, rankings=ballots, labels=labels)
    if method == "schulze":
        return tally_schulze(options, rankings=ballots, labels=labels)
    if method == "irv":
        return tally_irv(options, rankings=ballots, labels=labels)
    if method == "approval":
        return tally_approval(options, approvals=ballots, labels=labels)
    return tally_scores(options, score_ballots=ballots, labels=labels)
