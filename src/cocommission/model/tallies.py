"""Counting votes: turn ballots into a ranked result with a written explanation.

Every counting method here takes the options (string ids, in the order the
group saw them) and the ballots in that method's shape, and returns a
:class:`TallyResult`. The result carries the ranking as tiers of tied options,
the numbers behind it, and ``steps``: a plain-English account of the count that
can be printed in a commissioner's decision record.

Ties are reported, never broken: deciding between tied options is for the
young people in the room, not for an algorithm. The one exception is instant
run-off, which must knock out one option at a time: there the rule the group
chose before the round opened (earlier rounds' counts, then a lot the
facilitator draws) decides, and the count waits for the lot rather than guess.

The module is pure standard-library Python so it can be tested and reused
without Qt or the database.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from numbers import Integral, Real
from typing import NamedTuple

from cocommission.wording import in_documents, number_text

#: Every counting method :func:`tally` understands.
METHODS: tuple[str, ...] = ("dots", "borda", "schulze", "irv", "approval", "score")

Ranking = tuple[tuple[str, ...], ...]

# The count's account is printed in documents, so it is worded as documents are (never translated).
_join = in_documents.and_list
_ordinal = in_documents.ordinal
_place = in_documents.place_in_words
_num = number_text


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
    #: Options tied for elimination in an instant run-off that a lot must separate before the count
    #: can go on; empty when no lot is waited for.
    lot_needed: tuple[str, ...] = ()
    #: False when the first tier holds options that could still win, not winners: a lot is needed first
    #: (or no ballot ranked anything).
    winner_known: bool = True


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
        texts = {level: number_text(level, most_decimals=decimals) for level in levels}
        if len(set(texts.values())) == len(levels):
            break
    return {key: texts[level] for key, level in keyed.items()}


def _plural(count: float, word: str, plural: str | None = None) -> str:
    """Return e.g. '1 ballot' or '3 ballots'."""
    return f"{_num(count)} {word if count == 1 else (plural or word + 's')}"


def _ties(ranking: Ranking) -> Ranking:
    """Return the tiers that hold more than one option."""
    return tuple(tier for tier in ranking if len(tier) > 1)


def describe_ranking(
    ranking: Ranking, *, labels: Mapping[str, str] | None = None, settled: bool = True
) -> tuple[str, ...]:
    """Describe a tiered ranking in plain English: one line per tie, then the final order.

    ``settled`` is False while a lot the count needs is not drawn: the shared places then wait for
    it rather than being ties the count leaves alone, and the order is only the order so far.
    """
    name = _namer(labels)
    lines: list[str] = []
    places: list[str] = []
    position = 1
    for tier in ranking:
        names = [name(option) for option in tier]
        if len(tier) > 1 and not settled:
            last = position + len(tier) - 1
            lines.append(
                f"{_join(names)} share the places from {_ordinal(position)} to {_ordinal(last)} "
                "until the lot is drawn."
            )
            places.append(f"={_ordinal(position)} {_join(names)}")
        elif len(tier) > 1:
            lines.append(f"Tie between {_join(names)} for {_place(position)}: not broken.")
            places.append(f"={_ordinal(position)} {_join(names)}")
        else:
            places.append(f"{_ordinal(position)} {names[0]}")
        # Competition ranking ("1, 2, 2, 4"): a tie uses up the places it spans.
        position += len(tier)
    if places:
        lines.append(("Final order: " if settled else "Order so far: ") + "; ".join(places) + ".")
    return tuple(lines)


def _finish(
    method: str,
    ranking: Ranking,
    scores: dict[str, float] | None,
    steps: list[str],
    ballots_counted: int,
    *,
    labels: Mapping[str, str] | None,
    lot_needed: tuple[str, ...] = (),
    winner_known: bool = True,
) -> TallyResult:
    """Assemble a result, closing the steps with the ties and the final order."""
    steps.extend(describe_ranking(ranking, labels=labels, settled=not lot_needed))
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
        lot_needed=lot_needed,
        winner_known=winner_known,
    )


def _check_known(option_id: object, known: set[str], where: str) -> str:
    """Return the option id, or raise if the ballot names an option that is not on offer."""
    if option_id not in known:
        raise ValueError(f"{where} names unknown option {option_id!r}.")
    return option_id


def _check_ranking(ranking: Sequence[str], known: set[str], number: int) -> tuple[str, ...]:
    """Validate one ranked ballot: known options, each at most once."""
    # A bare string is a Sequence[str] too; counting its letters as options would be a silent bug.
    if isinstance(ranking, str):
        raise ValueError(f"Ballot {number} is a single string {ranking!r}, not a list of option ids.")
    order = tuple(ranking)
    if len(set(order)) == len(order) and known.issuperset(order):
        return order  # the usual ballot, checked in one pass; the loop below names what is wrong
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
        f"{_plural(ballot_dots + paper_dots, 'dot')} in total.",
        "Every dot counts once, whether it was placed on a ballot or on the wall; "
        "the option with the most dots comes first.",
    ]
    totals = {option: float(from_ballots[option] + from_paper[option]) for option in opts}
    for option in opts:
        steps.append(
            f"{name(option)}: {_plural(totals[option], 'dot')} "
            f"({_num(from_ballots[option])} from ballots, {_num(from_paper[option])} from paper)."
        )
    return _finish("dots", rank_by_scores(opts, totals), totals, steps, n_ballots, labels=labels)


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
    partial = sum(len(ballot) < n for ballot in ballots)
    # How often each option stands in each place, counted without a step of Python per choice:
    # a large round holds tens of thousands of them, and only n x n (place, option) pairs differ.
    for (position, option), times in Counter(chain.from_iterable(map(enumerate, ballots))).items():
        points[option] += (n - 1 - position) * times
    scale = ", ".join(f"{_ordinal(i + 1)} {_plural(n - 1 - i, 'point')}" for i in range(n))
    steps = [
        f"Counted {_plural(len(ballots), 'ballot')}, {partial} of them ranking only some options.",
        f"Points per ballot with {_plural(n, 'option')}: {scale}; "
        "an option left unranked gets 0 from that ballot.",
        "Each option's points from every ballot are added up; the option with the most points comes first.",
    ]
    scores = {option: float(points[option]) for option in opts}
    steps.extend(f"{name(option)}: {_plural(scores[option], 'point')}." for option in opts)
    return _finish("borda", rank_by_scores(opts, scores), scores, steps, len(ballots), labels=labels)


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
    opts: tuple[str, ...],
    m: dict[str, dict[str, int]],
    lead: Callable[[str], str],
    name: Callable[[str], str],
) -> list[str]:
    """One line per row of a head-to-head table, e.g. 'A is above: B 20, C 26.'"""
    return [
        f"  {lead(x)}: " + ", ".join(f"{name(y)} {m[x][y]}" for y in opts if y != x) + "."
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
    The steps say all this without the notation: head-to-head matches, chains
    of wins, and a chain as strong as its weakest win.
    """
    opts = _check_options(options)
    name = _namer(labels)
    ballots = _check_rankings(rankings, set(opts))
    d = _pairwise(opts, ballots)
    p = _strongest_paths(opts, d)

    def beats(x: str, y: str) -> bool:
        return p[x][y] > p[y][x]

    steps = [
        f"Counted {_plural(len(ballots), 'ballot')}. This count looks at every pair of options head to "
        "head, like matches in a league. A ballot puts each option it ranks above every option it ranks "
        "lower and above every option it leaves out; it says nothing about two options it leaves out.",
        "Head to head: how many ballots put each option above each other option.",
        *_matrix_lines(opts, d, lambda x: f"{name(x)} is above", name),
        "An option wins a match when more ballots put it above the other option than the other way round. "
        "Wins join up into chains: if one option wins against a second, and the second wins against a "
        "third, there is a chain of wins from the first to the third. "
        "A chain is only as strong as its weakest win, counted in the ballots on the winning side.",
        "The strongest chain from each option to each other option (0 means no chain of wins):",
        *_matrix_lines(opts, p, lambda x: f"From {name(x)} to", name),
        "An option beats another when its strongest chain to it is stronger than the chain back.",
    ]
    scores: dict[str, float] = {}
    for x in opts:
        beaten = [y for y in opts if y != x and beats(x, y)]
        scores[x] = float(len(beaten))
        if beaten:
            beaten_names = _join([name(y) for y in beaten])
            wins = _plural(len(beaten), "win")
            steps.append(f"{name(x)} beats {beaten_names} ({wins}).")
        else:
            steps.append(f"{name(x)} beats no other option (0 wins).")
    steps.append(
        "Places: an option is placed above another only if it beats it; "
        "options the count does not separate share a place."
    )
    ranking = _schulze_tiers(opts, beats)
    steps.extend(_unseparated_sentences(ranking, beats, name))
    return _finish("schulze", ranking, scores, steps, len(ballots), labels=labels)


# --------------------------------------------------------------------------- instant run-off

#: The tie-break rules an instant run-off count follows when several options tie for fewest votes,
#: by the names ``TieBreak`` (model/voting.py) stores. Chosen before the round opens.
EARLIER_COUNTS_THEN_LOT = "earlier_counts_then_lot"
LOT = "lot"
TIE_BREAKS: tuple[str, ...] = (EARLIER_COUNTS_THEN_LOT, LOT)

#: How many branches of a count the run-off follows to find out what an undrawn lot could change.
#: Real rounds need a handful; past this the count says only that the lot could change the winner
#: (or, for the places below the winner, leaves them shared), so a count stays quick on the projector.
_BRANCH_BUDGET = 400
#: The same for finding whether a tie for fewest could change who wins, asked at every such tie.
_STAKES_BUDGET = 120


class _TooManyBranches(Exception):
    """Following every way undrawn lots could fall would take too long."""


class _Pick(NamedTuple):
    """Which tied option the tie-break rule drops, or the options still tied when it needs a lot."""

    loser: str | None
    #: The options the lot has to separate (when ``loser`` is None) or did separate.
    for_lot: tuple[str, ...]
    #: The index into the earlier counts that separated them, or None when they did not.
    decided_by_round: int | None


class _RunOff:
    """The rules of one instant run-off count, shared by the narrated count and its what-ifs."""

    def __init__(
        self,
        ballots: list[tuple[str, ...]],
        tie_break: str,
        lot_order: Sequence[str] | None,
    ) -> None:
        self.ballots = ballots
        self.tie_break = tie_break
        self.lot_rank = {option: place for place, option in enumerate(lot_order or ())}
        self._counts: dict[frozenset[str], tuple[dict[str, int], int]] = {}

    def count(self, continuing: Sequence[str]) -> tuple[dict[str, int], int]:
        """Votes for each continuing option (in the order given) and the number of exhausted ballots."""
        key = frozenset(continuing)
        if key not in self._counts:
            self._counts[key] = _first_preferences(list(continuing), self.ballots)
        counts, exhausted = self._counts[key]
        return {option: counts[option] for option in continuing}, exhausted

    def pick(self, tied: Sequence[str], history: Sequence[Mapping[str, int]]) -> _Pick:
        """Apply the round's tie-break rule to options tied for fewest votes."""
        candidates = list(tied)
        if self.tie_break == EARLIER_COUNTS_THEN_LOT:
            # Look back from the latest earlier count; keep only those with fewest there, until one is left.
            for index in range(len(history) - 1, -1, -1):
                fewest = min(history[index][option] for option in candidates)
                candidates = [option for option in candidates if history[index][option] == fewest]
                if len(candidates) == 1:
                    return _Pick(candidates[0], (), index)
        if all(option in self.lot_rank for option in candidates):
            # The least lucky option, the one the lot put last, goes.
            return _Pick(max(candidates, key=self.lot_rank.__getitem__), tuple(candidates), None)
        return _Pick(None, tuple(candidates), None)

    def next_out(
        self, continuing: Sequence[str], counts: Mapping[str, int], history: Sequence[Mapping[str, int]]
    ) -> list[tuple[str, ...]]:
        """Each way the next knock-out can go: one option, or (for options with no votes) several at once.

        Options tied with no votes at all have no ballots to pass on, and since an option's votes only
        grow they had none in any earlier count either: however they are taken out, one by one in any
        order or together, the rest of the count is the same. So they go together and share a place,
        and no lot is needed just to order them.
        """
        lowest = min(counts.values())
        tied = tuple(option for option in continuing if counts[option] == lowest)
        if len(tied) == 1 or lowest == 0:
            return [tied]
        pick = self.pick(tied, history)
        return [(pick.loser,)] if pick.loser is not None else [(option,) for option in pick.for_lot]

    def orders(
        self, continuing: tuple[str, ...], history: tuple[Mapping[str, int], ...], budget: list[int]
    ) -> set[tuple[tuple[str, ...], ...]]:
        """Every finishing order (tiers, best first) the rest of the count can give, however lots fall."""
        if len(continuing) <= 1:
            return {(continuing,)}
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooManyBranches
        counts, _ = self.count(continuing)
        found: set[tuple[tuple[str, ...], ...]] = set()
        for out in self.next_out(continuing, counts, history):
            rest = tuple(option for option in continuing if option not in out)
            if not rest:  # every option left had no votes: they share the last place there is
                found.add((out,))
                continue
            found.update((*order, out) for order in self.orders(rest, (*history, counts), budget))
        return found

    def winners(
        self,
        continuing: tuple[str, ...],
        history: tuple[Mapping[str, int], ...],
        budget: list[int],
        found: set[str],
    ) -> None:
        """Add to ``found`` everyone who can win from here, however undrawn lots fall; stop at two."""
        budget[0] -= 1
        if budget[0] < 0:
            raise _TooManyBranches
        counts, exhausted = self.count(continuing)
        best = max(counts.values())
        if len(continuing) == 1 or 2 * best > len(self.ballots) - exhausted:
            found.add(next(option for option in continuing if counts[option] == best))
            return
        for out in self.next_out(continuing, counts, history):
            rest = tuple(option for option in continuing if option not in out)
            self.winners(rest, (*history, counts), budget, found)
            if len(found) > 1:
                return

    def possible_winners(
        self, continuing: tuple[str, ...], history: tuple[Mapping[str, int], ...], losers: Sequence[str]
    ) -> set[str] | None:
        """Who can win if any one of ``losers`` goes now: a single name, or two or more (the search
        stops at two); None if there are too many ways to follow."""
        budget = [_STAKES_BUDGET]
        counts, _ = self.count(continuing)
        found: set[str] = set()
        try:
            for loser in losers:
                rest = tuple(option for option in continuing if option != loser)
                self.winners(rest, (*history, counts), budget, found)
                if len(found) > 1:
                    break
        except _TooManyBranches:
            return None
        return found

    def possible_orders(
        self, continuing: tuple[str, ...], history: tuple[Mapping[str, int], ...], losers: Sequence[str]
    ) -> set[tuple[tuple[str, ...], ...]] | None:
        """Every finishing order (tiers) if any one of ``losers`` goes now; None if there are too many."""
        budget = [_BRANCH_BUDGET]
        counts, _ = self.count(continuing)
        found: set[tuple[tuple[str, ...], ...]] = set()
        try:
            for loser in losers:
                rest = tuple(option for option in continuing if option != loser)
                found.update((*order, (loser,)) for order in self.orders(rest, (*history, counts), budget))
        except _TooManyBranches:
            return None
        return found


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


def _settled_tiers(orders: Iterable[tuple[tuple[str, ...], ...]], opts: Sequence[str]) -> Ranking:
    """The places every possible finishing order agrees on; options they disagree about share a place."""
    orders = list(orders)
    flat = [[option for tier in order for option in tier] for order in orders]
    bounds = [{sum(len(tier) for tier in order[: n + 1]) for n in range(len(order))} for order in orders]
    first = flat[0]
    tiers: list[tuple[str, ...]] = []
    start = 0
    for cut in range(1, len(first) + 1):
        if all(cut in b for b in bounds) and all(set(f[:cut]) == set(first[:cut]) for f in flat):
            members = set(first[start:cut])
            tiers.append(tuple(option for option in opts if option in members))
            start = cut
    return tuple(tiers)


def _round_word(index: int) -> str:
    """Name one of a run-off's counts; 'round' is kept for the vote round itself."""
    return f"count {index + 1}"


def tally_irv(  # noqa: PLR0912, PLR0915 - the run-off's one count loop; to be split once its wording has moved out
    options: Sequence[str],
    *,
    rankings: Iterable[Sequence[str]],
    labels: Mapping[str, str] | None = None,
    tie_break: str = EARLIER_COUNTS_THEN_LOT,
    lot_order: Sequence[str] | None = None,
) -> TallyResult:
    """Count ranked ballots by instant run-off, dropping one option at a time.

    Each round counts every ballot for its highest-ranked option still in the
    count; a ballot with none left is set aside (exhausted). An option with more
    than half of the ballots still counting wins. Otherwise the option with the
    fewest votes is eliminated, one option per round, and its ballots move to
    their next choice. The count carries on after the winner is known, to put
    the other options in order: the later an option is eliminated, the higher
    its place.

    When several options tie for fewest, eliminating them together could elect
    an option that loses to one of them, so only one goes, chosen by the round's
    tie-break rule (agreed before the round opened): ``earlier_counts_then_lot``
    drops the one with fewest votes in the latest earlier round that separates
    them, then falls back on the lot; ``lot`` goes straight to the lot.
    ``lot_order`` is the lot the facilitator drew (option ids, luckiest first);
    the option it puts last goes. Options tied with no votes at all are the
    exception: they have no ballots to pass on, so they go together and share a
    place, needing no lot. Until a needed lot is drawn the count stops
    there and says so, and declares no winner if the lot could change who wins;
    options whose places wait for the lot share a tier. ``scores`` is ``None``.
    """
    opts = _check_options(options)
    name = _namer(labels)
    ballots = _check_rankings(rankings, set(opts))
    if tie_break not in TIE_BREAKS:
        raise ValueError(f"Unknown tie-break rule {tie_break!r}; valid rules are: {', '.join(TIE_BREAKS)}.")
    if lot_order is not None and set(lot_order) != set(opts):
        raise ValueError("The lot must put every option of the round in order, each once.")
    steps = [
        f"Counted {_plural(len(ballots), 'ballot')}. Each ballot is a list of favourites. The votes are "
        "counted again and again; each time, a ballot is one vote for its favourite option still in the "
        "race, and if every option it ranks is out it is set aside (exhausted).",
        "An option with more than half of the votes still counting wins. Otherwise the option with the "
        "fewest votes is knocked out, one at a time, and its ballots go to their next favourite.",
    ]
    if not opts:
        steps.append("There are no options to count.")
        return _finish("irv", (), None, steps, len(ballots), labels=labels)
    if not any(ballots):
        steps.append("No ballot ranks any option, so there is no winner and the options share one place.")
        return _finish("irv", (opts,), None, steps, len(ballots), labels=labels, winner_known=False)

    run_off = _RunOff(ballots, tie_break, lot_order)
    continuing = opts
    #: What each count knocked out: one option, or several that had no votes at all.
    eliminated: list[tuple[str, ...]] = []
    history: tuple[Mapping[str, int], ...] = ()
    winner: str | None = None
    waiting: tuple[str, ...] = ()
    while len(continuing) > 1:
        counts, exhausted = run_off.count(continuing)
        active = len(ballots) - exhausted
        tallies = ", ".join(f"{name(option)} {counts[option]}" for option in continuing)
        steps.append(
            f"Count {len(history) + 1}: {tallies}. {_plural(exhausted, 'ballot')} exhausted "
            f"(no option left in the race ranked), {active} still counting."
        )
        best = max(counts.values())
        if winner is None and 2 * best > active:
            winner = next(option for option in continuing if counts[option] == best)
            more = " The count goes on only to put the other options in order." if len(continuing) > 2 else ""
            steps.append(f"{name(winner)} has {best} of {active} votes, more than half, and wins.{more}")
        lead_in = "" if winner is not None else f"No option has more than half of the {active} votes. "
        lowest = min(counts.values())
        tied = tuple(option for option in continuing if counts[option] == lowest)
        out: tuple[str, ...]
        if len(tied) == 1:
            out = tied
            steps.append(f"{lead_in}{name(tied[0])} has the fewest ({lowest}) and is knocked out.")
        elif lowest == 0:
            out = tied
            steps.append(
                f"{lead_in}{_join([name(o) for o in tied])} have no votes. With no ballots to pass on, "
                "knocking them out together changes nothing for the other options, so they go together "
                "and share a place."
            )
        else:
            steps.append(
                f"{lead_in}Tie for fewest votes: {_join([name(o) for o in tied])} have {lowest} each. "
                "Only one option is knocked out at a time, because knocking them all out together could "
                "leave in an option that most people like less than one of them."
            )
            steps.append(_tie_stakes(run_off, continuing, history, tied, winner=winner, name=name))
            pick = run_off.pick(tied, history)
            steps.append(_tie_break_reason(pick, tie_break, tied, history, name))
            if pick.loser is None:
                waiting = pick.for_lot
                break
            out = (pick.loser,)
        history = (*history, counts)
        eliminated.append(out)
        continuing = tuple(option for option in continuing if option not in out)

    lower = tuple(reversed(eliminated))
    if not waiting:
        if winner is None:
            winner = continuing[0]
            steps.append(f"{name(winner)} is the only option left and wins.")
        return _finish("irv", ((continuing[0],), *lower), None, steps, len(ballots), labels=labels)
    possible = {winner} if winner is not None else run_off.possible_winners(continuing, history, waiting)
    known = next(iter(possible)) if possible is not None and len(possible) == 1 else None
    orders = run_off.possible_orders(continuing, history, waiting)
    if orders is not None:
        upper: Ranking = _settled_tiers(orders, opts)
        possible = {option for order in orders for option in order[0]}
    elif known is not None:
        # Too many ways the lot could fall to follow them all: the winner stands, the rest share a place.
        upper = ((known,), tuple(option for option in continuing if option != known))
    else:
        upper = (continuing,)
        possible = None
    if known is not None:
        steps.append(
            f"A lot is needed to decide which of {_join([name(o) for o in waiting])} is knocked out next. "
            f"It cannot change the winner, {name(known)}; the places it decides stay shared until the "
            "facilitator draws lots."
        )
        return _finish("irv", (*upper, *lower), None, steps, len(ballots), labels=labels, lot_needed=waiting)
    stake = (
        f"that could change who wins ({_join([name(o) for o in opts if o in possible])} could)"
        if possible is not None
        else "that may change who wins"
    )
    steps.append(
        f"A lot is needed to decide which of {_join([name(o) for o in waiting])} is knocked out next, and "
        f"{stake}. No winner is declared until the facilitator draws lots."
    )
    return _finish(
        "irv", (*upper, *lower), None, steps, len(ballots), labels=labels, lot_needed=waiting, winner_known=False
    )


def _tie_stakes(
    run_off: _RunOff,
    continuing: tuple[str, ...],
    history: tuple[Mapping[str, int], ...],
    tied: tuple[str, ...],
    *,
    winner: str | None,
    name: Callable[[str], str],
) -> str:
    """Say what hangs on a tie for fewest votes: the winner, or only the order of the places below."""
    if winner is not None:
        return f"{name(winner)} has already won, so this decides only the order of the places below."
    possible = run_off.possible_winners(continuing, history, tied)
    if possible is not None and len(possible) == 1:
        return (
            f"Whichever of them goes, {name(next(iter(possible)))} still wins; "
            "the tie decides only the order of the places below."
        )
    if possible is None:
        return "Which of them goes may matter for the winner, so the round's tie-break rule decides."
    return "Which of them goes could change the winner, so the round's tie-break rule decides."


def _tie_break_reason(
    pick: _Pick,
    tie_break: str,
    tied: tuple[str, ...],
    history: tuple[Mapping[str, int], ...],
    name: Callable[[str], str],
) -> str:
    """Explain how the round's tie-break rule settled a tie for fewest, or that it is waiting for a lot."""
    if pick.decided_by_round is not None and pick.loser is not None:
        earlier = history[pick.decided_by_round]
        votes = _join([f"{name(o)} {earlier[o]}" for o in tied])
        return (
            "The rule agreed for this round looks back at the earlier counts: in "
            f"{_round_word(pick.decided_by_round)} they had {votes}, so {name(pick.loser)}, "
            "with the fewest there, is knocked out."
        )
    if tie_break == EARLIER_COUNTS_THEN_LOT:
        why = (
            "The rule agreed for this round looks back at the earlier counts first, but "
            + (
                "this is the first count, so there are none"
                if not history
                else "they do not separate them"
                if len(pick.for_lot) == len(tied)
                else f"they leave {_join([name(o) for o in pick.for_lot])} level with the fewest"
            )
            + f"; so a lot decides between {_join([name(o) for o in pick.for_lot])}."
        )
    else:
        between = _join([name(o) for o in pick.for_lot])
        why = f"The rule agreed for this round is to draw lots between {between}."
    if pick.loser is None:
        return why + " No lot has been drawn yet."
    return why + (
        f" In the lot the facilitator drew, {name(pick.loser)} came last of them, so it is knocked out."
    )


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
    steps = [
        f"Counted {_plural(n_ballots, 'ballot')}. Each person ticks (approves) every option they are "
        "happy with, as many as they like; the option with the most approvals comes first."
    ]
    steps.extend(f"{name(option)}: {_plural(scores[option], 'approval')}." for option in opts)
    return _finish("approval", rank_by_scores(opts, scores), scores, steps, n_ballots, labels=labels)


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
        f"Counted {_plural(n_ballots, 'ballot')}. Each person gives each option a score. An option's mean "
        "score is the total of its scores divided by how many people scored it, so a person who left it "
        "out does not pull it down; the highest mean comes first. Means are shown with as many decimal "
        "places as it takes to tell apart every two options placed apart."
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
    return _finish("score", ranking, scores, steps, n_ballots, labels=labels)


# --------------------------------------------------------------------------- dispatcher


def tally(
    method: str,
    options: Sequence[str],
    *,
    ballots: Iterable,
    paper_tallies: Iterable[Mapping[str, int]] = (),
    labels: Mapping[str, str] | None = None,
    tie_break: str = EARLIER_COUNTS_THEN_LOT,
    lot_order: Sequence[str] | None = None,
) -> TallyResult:
    """Count ballots (in the shape the method expects) with the named method.

    ``tie_break`` and ``lot_order`` are the round's rule for ties for fewest votes and the lot drawn
    under it; only instant run-off uses them, as the other methods never need to break a tie.
    """
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
        return tally_irv(options, rankings=ballots, labels=labels, tie_break=tie_break, lot_order=lot_order)
    if method == "approval":
        return tally_approval(options, approvals=ballots, labels=labels)
    return tally_scores(options, score_ballots=ballots, labels=labels)
