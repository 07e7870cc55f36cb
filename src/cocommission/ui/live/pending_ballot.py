"""One participant's ballot while the facilitator keys it in, before anything is saved.

Each option has a key: 1–9, then A–Z. A key press adds one dot (dots
rounds), puts the option next in the ranking (ranking rounds), ticks or
unticks it (approval rounds) or raises its score by one (score rounds).
Presses that the round's rules would refuse — a dot over the budget, over
the most one option may take — are refused here, with the words the
facilitator reads back, so nothing half-valid is ever sent to be saved.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cocommission.model import VoteMethod
from cocommission.services.text import plural
from cocommission.services.voting import OptionRow, RoundRow

#: The keys options are given, in wall order: the first nine are numbers, the rest letters.
OPTION_KEYS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _tr(text: str) -> str:
    return QCoreApplication.translate("PendingBallot", text)


def option_key(position: int) -> str:
    """The key for the option at ``position`` (0 first), or "" past the 35 keys there are."""
    return OPTION_KEYS[position] if 0 <= position < len(OPTION_KEYS) else ""


def key_position(text: str) -> int | None:
    """Which option (0 first) a typed character stands for, or None when it stands for none."""
    if len(text) != 1:
        return None
    found = OPTION_KEYS.find(text.upper())
    return None if found < 0 else found


class PendingBallot:
    """The presses made so far for one participant in one round, and what they add up to."""

    def __init__(self, vote_round: RoundRow) -> None:
        self.round = vote_round
        self._labels = {option.id: option.label for option in vote_round.options}
        # Dots and scores: every press, oldest first (Backspace takes the newest back).
        # Ranking: the options best first. Approval: the ticked options in the order ticked.
        self._presses: list[str] = []

    # --- reading ----------------------------------------------------------

    @property
    def method(self) -> VoteMethod:
        """The round's way of voting."""
        return self.round.method

    def option_at(self, position: int) -> OptionRow | None:
        """The option at ``position`` on the wall (0 first), if there is one."""
        options = self.round.options
        return options[position] if 0 <= position < len(options) else None

    def presses(self) -> tuple[str, ...]:
        """Option ids in the order pressed (for ranking rounds: best first)."""
        return tuple(self._presses)

    def count(self, option_id: str) -> int:
        """How many times the option has been pressed and kept."""
        return self._presses.count(option_id)

    def placed(self) -> int:
        """Dots placed so far (dots rounds) or options chosen so far (other rounds)."""
        if self.method is VoteMethod.DOTS:
            return len(self._presses)
        return len(set(self._presses))

    def dots_left(self) -> int:
        """How many of the participant's dots are still to place (dots rounds)."""
        return self.round.dots_per_person - len(self._presses)

    def is_empty(self) -> bool:
        """Whether nothing has been pressed yet."""
        return not self._presses

    def value(self, option_id: str) -> int | None:
        """What the ballot holds for one option: dots, place (1 best), 1 when approved, or score."""
        pressed = self.count(option_id)
        if self.method is VoteMethod.DOTS:
            return pressed
        if not pressed:
            return None
        if self.method is VoteMethod.RANKING:
            return self._presses.index(option_id) + 1
        if self.method is VoteMethod.APPROVAL:
            return 1
        return self.round.score_min + pressed - 1

    def choices(self) -> object:
        """The ballot in the shape ``voting.cast_ballot`` takes for the round's way of voting."""
        if self.method is VoteMethod.RANKING:
            return tuple(self._presses)
        if self.method is VoteMethod.APPROVAL:
            order = {option.id: option.position for option in self.round.options}
            return tuple(sorted(self._presses, key=order.__getitem__))
        return {option.id: self.value(option.id) for option in self.round.options if self.count(option.id)}

    def budget_text(self) -> str:
        """The line the facilitator reads back, such as "2 of 5 dots left"."""
        if self.method is VoteMethod.DOTS:
            return _tr("{left} of {budget} dots left").format(
                left=self.dots_left(), budget=self.round.dots_per_person
            )
        chosen = self.placed()
        if self.method is VoteMethod.RANKING:
            return _tr("{n} of {total} options ranked").format(n=chosen, total=len(self.round.options))
        if self.method is VoteMethod.APPROVAL:
            return _tr("{n} of {total} options approved").format(n=chosen, total=len(self.round.options))
        return _tr("{n} of {total} options scored").format(n=chosen, total=len(self.round.options))

    # --- changing ---------------------------------------------------------

    def press(self, option_id: str) -> str | None:
        """Apply one press of the option's key; return why it was refused, or None when kept."""
        label = self._labels[option_id]
        pressed = self.count(option_id)
        if self.method is VoteMethod.DOTS:
            if self.dots_left() <= 0:
                return _tr(
                    "All {budget} dots are placed; that would be {over}. "
                    "Press Backspace to take one back first."
                ).format(budget=self.round.dots_per_person, over=self.round.dots_per_person + 1)
            if pressed >= self.round.max_dots_per_option:
                return plural(
                    self.round.max_dots_per_option,
                    _tr("“{label}” already has {count} dot, the most one option can take."),
                    _tr("“{label}” already has {count} dots, the most one option can take."),
                    label=label,
                )
            self._presses.append(option_id)
        elif self.method is VoteMethod.RANKING:
            if pressed:
                return _tr("“{label}” is already ranked {place}; each option is ranked once.").format(
                    label=label, place=self._presses.index(option_id) + 1
                )
            self._presses.append(option_id)
        elif self.method is VoteMethod.APPROVAL:
            # A second press unticks: approval is yes or no.
            if pressed:
                self._presses.remove(option_id)
            else:
                self._presses.append(option_id)
        else:
            if self.round.score_min + pressed > self.round.score_max:
                return _tr("“{label}” already has the highest score, {high}.").format(
                    label=label, high=self.round.score_max
                )
            self._presses.append(option_id)
        return None

    def take_back(self) -> str | None:
        """Undo the newest press (for ranking: drop the last place); the option id, or None if empty."""
        return self._presses.pop() if self._presses else None

    def reorder(self, option_ids: list[str]) -> None:
        """Put a ranking in a new order (dragged on screen); the same options, best first."""
        if self.method is VoteMethod.RANKING and sorted(option_ids) == sorted(self._presses):
            self._presses = list(option_ids)

    def clear(self) -> None:
        """Forget every press."""
        self._presses.clear()
