"""One voter's ballot in one round while it is being made, before anything is recorded.

Ballots are made in several places: the form on the Priorities page, the keypad on the live
console, and (next) a phone in the room. Each builds the same thing choice by choice: dots
within a budget and a most-per-option, a ranking best first, a set of approvals or scores.
``BallotDraft`` holds those choices, what is left of the dot budget, and whether the ballot
can be recorded, with the reason in plain words when it cannot. That reason is the voting
service's own (``voting.ballot_lines``, ``voting.casting_refusal``), so a draft called valid
here is never refused for what it holds, and a refusal reads the same wherever the ballot
was made. A draft is plain Python, without Qt, so a web server can hold one too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from cocommission.model import VoteMethod
from cocommission.services.ballot_recording import BallotSubmission
from cocommission.services.errors import ServiceError
from cocommission.services.text import plural
from cocommission.services.voting import Choices, OptionRow, RoundRow, ballot_lines, casting_refusal
from cocommission.wording import translator

#: A refused press is read out on the console at once, so it is worded for the screen (translated).
_tr = translator("BallotDraft")


class BallotDraft:
    """The choices made so far for one voter in one round, in the shape of the round's way of voting.

    Two ways to change it: a *press* (one key, one click, one tap) that the round's rules may
    refuse, returning why, and a *setting* (a box typed into) that is kept as typed and judged
    by ``problem()``, so a form can show "1 dot too many" instead of losing what was typed.
    """

    def __init__(self, vote_round: RoundRow) -> None:
        self.round = vote_round
        self._labels = {option.id: option.label for option in vote_round.options}
        # Dots: one entry per dot, oldest first (Backspace takes the newest back). Ranking: the
        # options best first. Approval: the approved options in the order approved. Scores: one
        # entry per raise, oldest first, while ``_scores`` holds each scored option's score.
        self._presses: list[str] = []
        self._scores: dict[str, int] = {}

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
        """How many presses of the option are kept."""
        return self._presses.count(option_id)

    def is_empty(self) -> bool:
        """Whether nothing is chosen yet."""
        return not self._presses and not self._scores

    def placed(self) -> int:
        """Dots placed so far (dots rounds) or options chosen so far (other rounds)."""
        if self.method is VoteMethod.DOTS:
            return len(self._presses)
        if self.method is VoteMethod.SCORE:
            return len(self._scores)
        return len(set(self._presses))

    def dots_left(self) -> int:
        """How many of the voter's dots are still to place; below 0 when too many are typed (dots rounds)."""
        return self.round.dots_per_person - len(self._presses)

    def value(self, option_id: str) -> int | None:
        """What the ballot holds for one option: dots, place (1 best), 1 when approved, or score."""
        if self.method is VoteMethod.DOTS:
            return self.count(option_id)
        if self.method is VoteMethod.SCORE:
            return self._scores.get(option_id)
        if option_id not in self._presses:
            return None
        if self.method is VoteMethod.RANKING:
            return self._presses.index(option_id) + 1
        return 1

    def choices(self) -> Choices:
        """The ballot in the shape ``voting.cast_ballot`` takes for the round's way of voting."""
        wall_order = [option.id for option in self.round.options]
        if self.method is VoteMethod.RANKING:
            return tuple(self._presses)
        if self.method is VoteMethod.APPROVAL:
            return tuple(option_id for option_id in wall_order if option_id in self._presses)
        if self.method is VoteMethod.SCORE:
            scored = self._scores
            return {option_id: scored[option_id] for option_id in wall_order if option_id in scored}
        return {option_id: self.count(option_id) for option_id in wall_order if self.count(option_id)}

    def problem(self) -> str | None:
        """Why this ballot cannot be recorded now, in the voting service's words; None when it can."""
        closed = casting_refusal(self.round.state)
        if closed is not None:
            return closed
        try:
            ballot_lines(self.round, self.choices(), self._labels)
        except ServiceError as refusal:
            return refusal.message
        return None

    def is_valid(self) -> bool:
        """Whether the ballot could be recorded as it stands."""
        return self.problem() is None

    def is_complete(self) -> bool:
        """Whether nothing is left to choose: every dot placed, every option ranked or scored."""
        if not self.is_valid():
            return False
        if self.method is VoteMethod.DOTS:
            return self.dots_left() == 0
        if self.method is VoteMethod.APPROVAL:
            return True
        return self.placed() == len(self.round.options)

    def submission(
        self, *, participant_id: str, replace_handle: str | None = None, submission_id: str | None = None
    ) -> BallotSubmission:
        """The ballot as it stands, ready for ``ballot_recording.record_ballot``."""
        return BallotSubmission(
            round_id=self.round.id,
            participant_id=participant_id,
            choices=self.choices(),
            replace_handle=replace_handle,
            submission_id=submission_id,
        )

    # --- presses: one at a time, refused when the rules would refuse them ---

    def press(self, option_id: str) -> str | None:
        """Apply one press of the option; return why it was refused, or None when kept.

        A press adds a dot, puts the option next in the ranking, approves it (or, pressed
        again, takes the approval back) or raises its score by one.
        """
        label = self._labels[option_id]
        pressed = self.count(option_id)
        if self.method is VoteMethod.DOTS:
            budget, most = self.round.dots_per_person, self.round.max_dots_per_option
            if self.dots_left() <= 0:
                return _tr(
                    "All {budget} dots are placed; that would be {more}. Press Backspace to take one back first."
                ).format(budget=budget, more=budget + 1)
            if pressed >= most:
                return plural(
                    most,
                    _tr("“{label}” already has {count} dot, the most one option can take."),
                    _tr("“{label}” already has {count} dots, the most one option can take."),
                    label=label,
                )
            self._presses.append(option_id)
        elif self.method is VoteMethod.RANKING:
            if pressed:
                place = self._presses.index(option_id) + 1
                return _tr("“{label}” is already ranked {place}; each option is ranked once.").format(
                    label=label, place=place
                )
            self._presses.append(option_id)
        elif self.method is VoteMethod.APPROVAL:
            # A second press takes the approval back: approval is yes or no.
            self.set_approved(option_id, not pressed)
        else:
            score = self._scores.get(option_id)
            if score is not None and score >= self.round.score_max:
                return _tr("“{label}” already has the highest score, {score}.").format(
                    label=label, score=self.round.score_max
                )
            self._scores[option_id] = self.round.score_min if score is None else score + 1
            self._presses.append(option_id)
        return None

    def take_back(self) -> str | None:
        """Undo the newest press (ranking: drop the last place); the option's id, or None if there is none."""
        if not self._presses:
            return None
        option_id = self._presses.pop()
        if self.method is VoteMethod.SCORE:
            # One press below the lowest score is "not scored".
            score = self._scores[option_id] - 1
            if score < self.round.score_min:
                del self._scores[option_id]
            else:
                self._scores[option_id] = score
        return option_id

    def reorder(self, option_ids: Sequence[str]) -> None:
        """Put a ranking in a new order (dragged on screen): the same options, best first."""
        if self.method is VoteMethod.RANKING and sorted(option_ids) == sorted(self._presses):
            self._presses = list(option_ids)

    def clear(self) -> None:
        """Forget every choice, for the next voter."""
        self._presses.clear()
        self._scores.clear()

    # --- settings: kept as given, judged by ``problem()`` -------------------

    def set_dots(self, option_id: str, dots: int) -> None:
        """Put ``dots`` dots on one option (0 takes them off), even past the budget or the most per option."""
        if dots < 0:
            raise ValueError("dots on an option cannot be negative")
        have = self.count(option_id)
        if dots > have:
            self._presses.extend([option_id] * (dots - have))
        for _ in range(have - dots):
            # The newest of the option's dots go first, as Backspace would take them.
            newest = len(self._presses) - 1 - self._presses[::-1].index(option_id)
            del self._presses[newest]

    def set_ranking(self, option_ids: Iterable[str]) -> None:
        """Rank these options, best first; the rest are left unranked."""
        self._presses = list(option_ids)

    def set_approved(self, option_id: str, approved: bool) -> None:
        """Approve one option, or take its approval back."""
        if option_id in self._presses:
            self._presses.remove(option_id)
        if approved:
            self._presses.append(option_id)

    def set_score(self, option_id: str, score: int | None) -> None:
        """Give one option a score (None: not scored), even one outside the round's range."""
        self._presses = [pressed for pressed in self._presses if pressed != option_id]
        if score is None:
            self._scores.pop(option_id, None)
        else:
            self._scores[option_id] = score

    def load(self, choices: object) -> None:
        """Start again from a ballot already cast (as ``BallotRow.choices`` holds it), so it can be corrected.

        Options no longer in the round are left out.
        """
        self.clear()
        if isinstance(choices, Mapping):
            for option_id, number in choices.items():
                if option_id not in self._labels:
                    continue
                if self.method is VoteMethod.DOTS:
                    self.set_dots(option_id, int(number))
                elif self.method is VoteMethod.SCORE:
                    self.set_score(option_id, int(number))
        elif isinstance(choices, Sequence) and not isinstance(choices, str):
            kept = [option_id for option_id in choices if option_id in self._labels]
            if self.method is VoteMethod.RANKING:
                self.set_ranking(kept)
            elif self.method is VoteMethod.APPROVAL:
                for option_id in kept:
                    self.set_approved(option_id, True)
