"""The rules a vote round, its ballots, its paper tallies and its lot are held to, written once.

Casting a ballot and setting a round's rules (``voting.py``), importing a commission file and
checking a database (``integrity.py``, which the import runs) all ask these functions, so a rule
cannot be kept in one place and forgotten in another. Each answer is a list of plain phrases,
empty when all is well; callers add where the row is (``integrity``) or make a sentence of it
(``voting``). The phrases name rows by id only, never a person.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from cocommission.model import CountMethod, VoteMethod
from cocommission.model.voting import COUNT_METHODS


class Rules(Protocol):
    """What a round's ballots are checked against: a ``VoteRound`` and a ``RoundRow`` have all of it."""

    @property
    def method(self) -> VoteMethod: ...
    @property
    def dots_per_person(self) -> int: ...
    @property
    def max_dots_per_option(self) -> int: ...
    @property
    def score_min(self) -> int: ...
    @property
    def score_max(self) -> int: ...


@dataclass(frozen=True, slots=True)
class RoundRules:
    """A round's rules read once, for checking many of its ballots without asking the database row each time."""

    method: VoteMethod
    dots_per_person: int
    max_dots_per_option: int
    score_min: int
    score_max: int

    @classmethod
    def of(cls, rules: Rules) -> RoundRules:
        return cls(rules.method, rules.dots_per_person, rules.max_dots_per_option, rules.score_min, rules.score_max)


def sentence(phrase: str) -> str:
    """A phrase from here as a sentence of its own, for a refusal."""
    return phrase[:1].upper() + phrase[1:] + "."


def rules_problems(*, dots_per_person: int, max_dots_per_option: int, score_min: int, score_max: int) -> list[str]:
    """What makes a round's dot and score settings ones nobody could vote under."""
    problems = []
    if dots_per_person < 1:
        problems.append("each person needs at least 1 dot to vote with")
    elif not 1 <= max_dots_per_option <= dots_per_person:
        problems.append(
            f"the most dots on one option must be between 1 and the {dots_per_person} dots each person has"
        )
    if score_min >= score_max:
        problems.append(f"the lowest score ({score_min}) must be below the highest score ({score_max})")
    return problems


def count_method_problems(method: VoteMethod, count_method: CountMethod | str) -> list[str]:
    """Whether ``count_method`` suits a round voted by ``method``."""
    suitable = COUNT_METHODS[method]
    if count_method in {choice.value for choice in suitable}:
        return []
    names = ", ".join(choice.value for choice in suitable)
    return [f"a {method.value} round cannot be counted by {str(count_method)!r}; choose {names}"]


#: Why two options cannot both be on one round's wall: two identical choices split the vote.
SAME_WORDS = "reads the same as"
SAME_OUTCOME = "is the same outcome statement as"


def option_clash(option: tuple[str, str | None], other: tuple[str, str | None]) -> str | None:
    """How ``option`` (label, outcome id) repeats ``other`` on the same round, if it does."""
    (label, outcome_id), (other_label, other_outcome_id) = option, other
    if label.casefold() == other_label.casefold():
        return SAME_WORDS
    if outcome_id is not None and outcome_id == other_outcome_id:
        return SAME_OUTCOME
    return None


def options_problems(options: Sequence[tuple[str, str | None]]) -> list[str]:
    """Every stored option (id, outcome id), in wall order, that is an outcome statement already on the round.

    Stored labels are not compared: erasing a person's name from two options' words can leave
    them reading alike, and that is the erasure working, not a file altered.
    """
    problems = []
    for number, (option_id, outcome_id) in enumerate(options):
        for earlier_id, earlier_outcome_id in options[:number]:
            if outcome_id is not None and outcome_id == earlier_outcome_id:
                problems.append(
                    f"option {option_id} {SAME_OUTCOME} option {earlier_id}; each option appears once"
                )
                break
    return problems


def read_lot(lot_order: str) -> list[str] | None:
    """The option ids a stored lot lists, luckiest first, or None if the text is not a JSON list of ids."""
    try:
        drawn = json.loads(lot_order)
    except (ValueError, RecursionError):
        return None
    if not isinstance(drawn, list) or not all(isinstance(option_id, str) for option_id in drawn):
        return None
    return drawn


def lot_problems(lot_order: str | None, options: Collection[str], *, voting_closed: bool) -> list[str]:
    """A lot drawn for a round puts every one of that round's options in order once, as a JSON list,
    and is drawn only after voting closed: a run-off count follows it to settle a tie for fewest."""
    if lot_order is None:
        return []
    drawn = read_lot(lot_order)
    if drawn is None:
        return ["its lot is not a list of this round's options"]
    problems = [
        f"its lot names option {option_id}, which is not in this round"
        for option_id in drawn
        if option_id not in options
    ]
    problems += [
        f"its lot names option {option_id} twice" for option_id, times in Counter(drawn).items() if times > 1
    ]
    problems += [f"its lot leaves out option {option_id}" for option_id in sorted(set(options) - set(drawn))]
    if not voting_closed:
        problems.append("a lot is drawn but voting has not closed")
    return problems


def ballot_problems(rules: Rules, lines: Sequence[tuple[str, int]], options: Collection[str]) -> list[str]:
    """What is wrong with one ballot's stored lines (option id, value) under its round's rules.

    The values are as stored: dots (1 or more), ranks 1 to n, 1 for an approval, or a score.
    """
    # A count checks every ballot of a round, so each step here is one pass over the lines.
    chosen = [option_id for option_id, _ in lines]
    values = [value for _, value in lines]
    problems = [f"option {option_id} is not in this round" for option_id in chosen if option_id not in options]
    if len(set(chosen)) != len(chosen):
        problems += [
            f"option {option_id} is chosen twice" for option_id, times in Counter(chosen).items() if times > 1
        ]
    if not lines:
        problems.append("has no choices")
    elif rules.method is VoteMethod.DOTS:
        over = [value for value in values if value < 1 or value > rules.max_dots_per_option]
        if over:
            most = max(over, key=abs)
            problems.append(f"{most} dots on one option; each takes 1 to {rules.max_dots_per_option}")
        if sum(values) > rules.dots_per_person:
            problems.append(f"{sum(values)} dots; each person has {rules.dots_per_person}")
    elif rules.method is VoteMethod.RANKING:
        if sorted(values) != list(range(1, len(values) + 1)):
            problems.append(f"ranks {sorted(values)} are not 1 to {len(values)}, each once")
    elif rules.method is VoteMethod.APPROVAL:
        if any(value != 1 for value in values):
            problems.append("an approval other than 1")
    else:
        low, high = rules.score_min, rules.score_max
        outside = [value for value in values if not low <= value <= high]
        if outside:
            problems.append(f"score {outside[0]} outside {low} to {high}")
    return problems


def paper_problems(method: VoteMethod, option_id: str, dots: int, options: Collection[str]) -> list[str]:
    """What is wrong with one stored line of a paper tally: dots counted off a sheet on the wall."""
    problems = []
    if method is not VoteMethod.DOTS:
        problems.append(f"paper tallies hold dots, but this is a {method.value} round")
    if option_id not in options:
        problems.append(f"option {option_id} is not in this round")
    if dots < 1:
        problems.append(f"{dots} dots; a line of a paper tally holds 1 or more")
    return problems
