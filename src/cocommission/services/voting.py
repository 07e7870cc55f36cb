"""Vote rounds on the wall: setting them up, casting ballots, paper tallies and counting.

A round is drafted (title, rules, options), opened, closed and finally
revealed. Its rules and options are frozen once it opens, so nobody can move
the goalposts after people have started voting. Each participant has one
ballot per round. Dots counted off a paper sheet, where nobody knows who placed
them, are added as paper tallies.

Who has voted (``RoundVoter``: turnout, one ballot each) is kept apart from what
was chosen (``Ballot`` and its lines), in every round.

In a named round the ballot names its participant and when it was cast, and
casting again replaces it.

In an anonymous round nothing stored ties a person to their choices:

- the ballot names no one and keeps no cast time of its own; its id is random;
- casting returns a secret handle (``BallotRow.handle``) that is never stored,
  only its digest (``Ballot.handle_hash``). The ballot can be replaced or taken
  back only by whoever holds the handle: the voter's device, or the console
  session that keyed it in, which keeps it in memory. Someone who has voted and
  presents no handle is refused;
- storage order cannot line ballots up with voters either. Each time a ballot
  of an anonymous round is cast, replaced or taken back, every ballot of that
  round (and every line) is deleted and written again, in a random order, in
  the same transaction. So they share one creating transaction (PostgreSQL's
  ``xmin``), their place in the table's heap (PostgreSQL's order without
  ORDER BY) is random, and on SQLite, where they are stored without a rowid in
  the order of their random ids, where each row sits inside its page (which
  follows the order rows were written) is random too. Reads order anonymous
  ballots by id, never by when they came;
- the audit log records one entry per action ("Vote cast in round R", "Vote
  changed in…", "Vote taken back in…"), carrying neither the participant, the
  ballot's id nor what it chose. Its time matches the voter row's (that the
  person voted, which is not secret), never a ballot's: an anonymous ballot is
  never the record an entry refers to, names or digests (the voter row is).

What this cannot hide: two copies of the database taken either side of one
vote (say, two backups, or an SQLite write-ahead log read before it is
checkpointed) differ by one voter and one ballot.
No audit entry ever carries a name.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Result, delete, func, insert, select, update
from sqlalchemy.orm import Session, SessionTransaction

from cocommission.model import (
    COUNT_METHODS,
    AuditEntry,
    Ballot,
    BallotChoice,
    Base,
    Commission,
    CountMethod,
    OutcomeStatement,
    OutcomeStatus,
    PaperTally,
    Participant,
    Role,
    RoundState,
    RoundVoter,
    TieBreak,
    Visibility,
    VoteMethod,
    VoteOption,
    VoteRound,
    Workshop,
    new_id,
    utcnow,
)
from cocommission.model.tallies import TallyResult, tally
from cocommission.services.audit import RecordRef, record
from cocommission.services.changes import note_change
from cocommission.services.checks import one_of, whole_number
from cocommission.services.collation import name_sort_key
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.heap import without_collections
from cocommission.services.integrity import round_breaks
from cocommission.services.lookup import fetch
from cocommission.services.ordering import move_to, remove_from
from cocommission.services.round_rules import (
    SAME_OUTCOME,
    SAME_WORDS,
    Rules,
    ballot_problems,
    count_method_problems,
    option_clash,
    paper_problems,
    read_lot,
    rules_problems,
    sentence,
)
from cocommission.services.stored_ballots import StoredBallot, read_stored_ballots
from cocommission.services.text import required_text

#: The people who vote: the young people and service users the commission is for.
VOTING_ROLES: tuple[Role, ...] = (Role.YOUNG_PERSON, Role.SERVICE_USER)

_TITLE_LIMIT = 200
_SOURCE_LIMIT = 120

Choices = Mapping[str, int] | tuple[str, ...]


# --------------------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class OptionRow:
    """One choice on the wall; ``outcome_id`` links it to the outcome statement it came from."""

    id: str
    position: int
    label: str
    outcome_id: str | None


@dataclass(frozen=True)
class RoundRow:
    """A vote round with its rules, options and how many have voted."""

    id: str
    title: str
    method: VoteMethod
    count_method: CountMethod
    dots_per_person: int
    max_dots_per_option: int
    score_min: int
    score_max: int
    anonymous: bool
    visibility: Visibility
    state: RoundState
    workshop_id: str | None
    options: tuple[OptionRow, ...]
    ballots_cast: int
    eligible_voters: int
    #: What an instant run-off count does when options tie for fewest votes; frozen once the round opens.
    tie_break: TieBreak = TieBreak.EARLIER_COUNTS_THEN_LOT
    #: The lot the facilitator drew (option ids, luckiest first), or empty until one is needed and drawn.
    lot_order: tuple[str, ...] = ()

    @property
    def results_visible(self) -> bool:
        """Whether the wall may show the results now: always for live rounds, after the reveal otherwise."""
        return self.visibility is Visibility.LIVE or self.state is RoundState.REVEALED


@dataclass(frozen=True)
class BallotRow:
    """One ballot in the shape of the round's method.

    ``choices`` is option id -> dots (dots rounds) or score (score rounds), or
    a tuple of option ids: best first for ranking rounds, in wall order for
    approval rounds. In an anonymous round ``participant_id`` and ``cast_at``
    are None. ``handle`` is set only on the row ``cast_ballot`` returns for an
    anonymous round: the secret that alone can replace or take back that
    ballot. It is stored nowhere; whoever cast the ballot keeps it.
    ``replaced``, too, only on the row ``cast_ballot`` returns: whether the
    voter had voted already, so this ballot took the place of theirs.
    """

    participant_id: str | None
    choices: Choices
    cast_at: datetime | None
    handle: str | None = field(default=None, repr=False, compare=False)
    replaced: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class PaperTallyRow:
    """Dots on one option counted off a paper sheet."""

    id: str
    option_id: str
    dots: int
    source: str
    recorded_at: datetime


@dataclass(frozen=True)
class VoterRow:
    """Someone who has voted, as the projector may show them: by pseudonym."""

    participant_id: str
    pseudonym: str


@dataclass(frozen=True)
class RoundProgress:
    """Who has voted in a round so far, out of everyone who can."""

    round_id: str
    voted: tuple[VoterRow, ...]
    eligible_voters: int

    @property
    def ballots_cast(self) -> int:
        """How many people have voted."""
        return len(self.voted)


# --------------------------------------------------------------------------- reading


def _options(session: Session, round_id: str) -> list[VoteOption]:
    return list(
        session.scalars(
            select(VoteOption).where(VoteOption.round_id == round_id).order_by(VoteOption.position)
        )
    )


def _eligible_voters(session: Session, commission_id: str) -> int:
    return (
        session.scalar(
            select(func.count(Participant.id)).where(
                Participant.commission_id == commission_id,
                Participant.role.in_(VOTING_ROLES),
                Participant.withdrawn_on.is_(None),
                Participant.erased_at.is_(None),
            )
        )
        or 0
    )


def _ballot_count(session: Session, round_id: str) -> int:
    """How many have voted: turnout comes from the voter rows, never from the ballots."""
    return session.scalar(select(func.count(RoundVoter.id)).where(RoundVoter.round_id == round_id)) or 0


def _round_row(session: Session, vote_round: VoteRound, progress: RoundProgress | None = None) -> RoundRow:
    session.flush()
    ballots_cast, eligible = (
        (len(progress.voted), progress.eligible_voters)
        if progress is not None
        else (_ballot_count(session, vote_round.id), _eligible_voters(session, vote_round.commission_id))
    )
    return RoundRow(
        id=vote_round.id,
        title=vote_round.title,
        method=vote_round.method,
        count_method=vote_round.count_method,
        dots_per_person=vote_round.dots_per_person,
        max_dots_per_option=vote_round.max_dots_per_option,
        score_min=vote_round.score_min,
        score_max=vote_round.score_max,
        anonymous=vote_round.anonymous,
        visibility=vote_round.visibility,
        state=vote_round.state,
        workshop_id=vote_round.workshop_id,
        options=tuple(_option_row(option) for option in _options(session, vote_round.id)),
        ballots_cast=ballots_cast,
        eligible_voters=eligible,
        tie_break=vote_round.tie_break,
        lot_order=_lot_order(vote_round) or (),
    )


def _lot_order(vote_round: VoteRound) -> tuple[str, ...] | None:
    """The lot drawn for the round, luckiest first, or None if none has been drawn."""
    if vote_round.lot_order is None:
        return None
    order = read_lot(vote_round.lot_order)
    if order is None:
        raise InvalidInput(
            "The lot stored for this round is damaged, so the round cannot be counted. "
            "The database check lists every row that breaks its round's rules."
        )
    return tuple(order)


def _option_row(option: VoteOption) -> OptionRow:
    return OptionRow(option.id, option.position, option.label, option.outcome_id)


def _paper_row(row: PaperTally) -> PaperTallyRow:
    return PaperTallyRow(row.id, row.option_id, row.dots, row.source, row.recorded_at)


def _choices(method: VoteMethod, lines: Sequence[tuple[str, int]], positions: Mapping[str, int]) -> Choices:
    """A ballot's stored lines (option id, value) in the shape its method is voted and counted in."""
    if method is VoteMethod.RANKING:
        return tuple([option_id for option_id, _ in sorted(lines, key=itemgetter(1))])
    if method is VoteMethod.APPROVAL:
        return tuple(sorted((option_id for option_id, _ in lines), key=lambda option_id: positions[option_id]))
    return {option_id: value for option_id, value in sorted(lines, key=lambda line: positions[line[0]])}


def _ballot_row(
    session: Session,
    vote_round: VoteRound,
    ballot_id: str,
    positions: Mapping[str, int],
    *,
    participant_id: str | None,
    cast_at: datetime | None,
    handle: str | None = None,
) -> BallotRow:
    lines = session.execute(
        select(BallotChoice.option_id, BallotChoice.value).where(BallotChoice.ballot_id == ballot_id)
    ).all()
    return BallotRow(participant_id, _choices(vote_round.method, lines, positions), cast_at, handle)


def _paper_rows(session: Session, round_id: str) -> list[PaperTally]:
    return list(
        session.scalars(
            select(PaperTally)
            .where(PaperTally.round_id == round_id)
            .order_by(PaperTally.recorded_at, PaperTally.id)
        )
    )


def _positions(session: Session, round_id: str) -> dict[str, int]:
    return {option.id: option.position for option in _options(session, round_id)}


def get_round(session: Session, *, round_id: str, progress: RoundProgress | None = None) -> RoundRow:
    """One vote round with its options and how many have voted.

    ``progress`` is the round's ``round_progress`` when the caller has just read it in this
    session: its counts are taken rather than counted again (the wall reads both many times a second).
    """
    if progress is not None and progress.round_id != round_id:
        raise ValueError("The progress given is another round's.")
    return _round_row(session, fetch(session, VoteRound, round_id, what="vote round"), progress)


def list_rounds(session: Session, *, commission_id: str) -> tuple[RoundRow, ...]:
    """Every vote round of the commission, in the order they were created."""
    fetch(session, Commission, commission_id, what="commission")
    rounds = session.scalars(
        select(VoteRound).where(VoteRound.commission_id == commission_id).order_by(VoteRound.position)
    )
    return tuple(_round_row(session, vote_round) for vote_round in rounds)


@without_collections
def list_ballots(session: Session, *, round_id: str) -> tuple[BallotRow, ...]:
    """Every ballot in the round: oldest first in a named round; in an anonymous round in the
    order of their random ids, with no participant and no time."""
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    # The wall re-counts after each entry, so this is a hot path: plain columns, two queries.
    stored = read_stored_ballots(session, round_id=round_id, anonymous=vote_round.anonymous)
    return _ballot_rows(vote_round, stored, _positions(session, round_id))


def named_ballot(session: Session, *, round_id: str, participant_id: str) -> BallotRow | None:
    """One participant's ballot in a named round, or None (none cast, or the round is anonymous).

    What a phone shows its holder again: read alone, not by reading the whole round for it.
    """
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    if vote_round.anonymous:
        return None
    ballot = session.scalar(
        select(Ballot).where(Ballot.round_id == round_id, Ballot.participant_id == participant_id)
    )
    if ballot is None:
        return None
    return _ballot_row(
        session, vote_round, ballot.id, _positions(session, round_id),
        participant_id=participant_id, cast_at=ballot.cast_at,
    )


def _ballot_rows(
    vote_round: VoteRound, stored: Sequence[StoredBallot], positions: Mapping[str, int]
) -> tuple[BallotRow, ...]:
    """The round's stored ballots as rows, in the order they were read."""
    # A row read back from the database never names anyone in an anonymous round, even should
    # one still hold a link from before it was made anonymous-safe.
    named, method = not vote_round.anonymous, vote_round.method
    return tuple(
        BallotRow(
            ballot.participant_id if named else None,
            _choices(method, ballot.lines, positions),
            ballot.cast_at if named else None,
        )
        for ballot in stored
    )


def list_paper_tallies(session: Session, *, round_id: str) -> tuple[PaperTallyRow, ...]:
    """Every paper tally recorded for the round, oldest first."""
    fetch(session, VoteRound, round_id, what="vote round")
    return tuple(_paper_row(row) for row in _paper_rows(session, round_id))


def round_progress(session: Session, *, round_id: str) -> RoundProgress:
    """Who has voted so far (by pseudonym, for the wall) out of everyone who can vote."""
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    # Alphabetical, not in voting order, so the wall does not show who voted when.
    voters = sorted(
        session.execute(
            select(Participant.id, Participant.pseudonym)
            .join(RoundVoter, RoundVoter.participant_id == Participant.id)
            .where(RoundVoter.round_id == round_id)
        ).all(),
        key=lambda voter: (name_sort_key(voter.pseudonym), voter.id),
    )
    return RoundProgress(
        round_id=round_id,
        voted=tuple(VoterRow(participant_id, pseudonym) for participant_id, pseudonym in voters),
        eligible_voters=_eligible_voters(session, vote_round.commission_id),
    )


# --------------------------------------------------------------------------- rules


def _vote_method(method: VoteMethod | str) -> VoteMethod:
    return one_of(VoteMethod, method, "a way of voting")


def _count_method(method: VoteMethod, count_method: CountMethod | str | None) -> CountMethod:
    """The count method asked for, or the method's default; one that does not suit it is refused."""
    if count_method is None:
        return COUNT_METHODS[method][0]
    for problem in count_method_problems(method, count_method):
        raise InvalidInput(sentence(problem))
    return CountMethod(count_method)


def _visibility(visibility: Visibility | str) -> Visibility:
    return one_of(Visibility, visibility, "a visibility")


def _tie_break(tie_break: TieBreak | str) -> TieBreak:
    return one_of(TieBreak, tie_break, "a tie-break rule")


def _title(title: str) -> str:
    cleaned = required_text(title, 'The round needs a title, such as "Which outcomes matter most?".')
    if len(cleaned) > _TITLE_LIMIT:
        raise InvalidInput(f"A round title can be at most {_TITLE_LIMIT} characters; shorten it.")
    return cleaned


def _check_rules(
    *, dots_per_person: object, max_dots_per_option: object, score_min: object, score_max: object
) -> None:
    """Refuse dot and score settings nobody could vote under."""
    dots = whole_number(dots_per_person, "The dots per person must be a whole number.")
    cap = whole_number(max_dots_per_option, "The most dots on one option must be a whole number.")
    low = whole_number(score_min, "The lowest score must be a whole number.")
    high = whole_number(score_max, "The highest score must be a whole number.")
    for problem in rules_problems(dots_per_person=dots, max_dots_per_option=cap, score_min=low, score_max=high):
        raise InvalidInput(sentence(problem))


def _check_workshop(session: Session, commission_id: str, workshop_id: str | None) -> None:
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)


def _frozen_unless_draft(vote_round: VoteRound) -> None:
    if vote_round.state is not RoundState.DRAFT:
        raise RuleBroken(
            f"This round is {vote_round.state.value}, and its rules and options are frozen once it opens; "
            "create a new round to vote with different ones."
        )


def _draft_round(session: Session, round_id: str) -> VoteRound:
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    _frozen_unless_draft(vote_round)
    return vote_round


# --------------------------------------------------------------------------- options


def _option_label(label: str, outcome: OutcomeStatement | None) -> str:
    if not (label or "").strip() and outcome is not None:
        return outcome.text.strip()
    return required_text(label, "An option needs some words to show on the wall.")


def _check_new_option(session: Session, round_id: str, label: str, outcome_id: str | None) -> None:
    """Refuse an option the wall already shows: two identical choices split the vote."""
    for option in _options(session, round_id):
        clash = option_clash((label, outcome_id), (option.label, option.outcome_id))
        if clash == SAME_WORDS:
            raise RuleBroken(f'"{label}" is already an option in this round; each option appears once.')
        if clash == SAME_OUTCOME:
            raise RuleBroken("That outcome statement is already an option in this round.")


def _add_option_row(
    session: Session,
    vote_round: VoteRound,
    label: str,
    outcome_id: str | None,
    *,
    option_id: str | None = None,
    position: int | None = None,
) -> VoteOption:
    _check_new_option(session, vote_round.id, label, outcome_id)
    if option_id is not None and session.get(VoteOption, option_id) is not None:
        raise InvalidInput("That option is already on the round; nothing was added.")
    options = _options(session, vote_round.id)
    option = VoteOption(
        id=option_id or new_id(), round_id=vote_round.id, position=len(options) + 1, label=label,
        outcome_id=outcome_id,
    )
    session.add(option)
    if position is not None:
        move_to([*options, option], option, position)
    session.flush()
    return option


def _voteable_outcomes(session: Session, commission_id: str) -> list[OutcomeStatement]:
    """The statements still in play: proposed or agreed, neither merged away nor dropped."""
    return list(
        session.scalars(
            select(OutcomeStatement)
            .where(
                OutcomeStatement.commission_id == commission_id,
                OutcomeStatement.status.in_((OutcomeStatus.AGREED, OutcomeStatus.PROPOSED)),
                OutcomeStatement.merged_into_id.is_(None),
            )
            .order_by(OutcomeStatement.position, OutcomeStatement.created_at)
        )
    )


def add_option(
    session: Session,
    *,
    round_id: str,
    label: str = "",
    outcome_id: str | None = None,
    option_id: str | None = None,
    position: int | None = None,
) -> OptionRow:
    """Add a choice to a draft round; an outcome statement's text is used when no label is given.

    ``option_id`` and ``position`` put back an option just removed (Undo), with its id and place;
    by default a new option goes at the end.
    """
    vote_round = _draft_round(session, round_id)
    outcome = None
    if outcome_id is not None:
        outcome = fetch(
            session,
            OutcomeStatement,
            outcome_id,
            what="outcome statement",
            commission_id=vote_round.commission_id,
        )
    option = _add_option_row(
        session, vote_round, _option_label(label, outcome), outcome_id, option_id=option_id, position=position
    )
    record(
        session,
        commission_id=vote_round.commission_id,
        action="vote_option.added",
        summary=f"Option added to round {vote_round.id}",
        details={"round_id": vote_round.id, "option_id": option.id, "outcome_id": outcome_id},
        changed=("vote_option", option.id),
    )
    note_change(session, "vote_round", vote_round.id, commission_id=vote_round.commission_id)
    return _option_row(option)


def _draft_option(session: Session, option_id: str) -> tuple[VoteRound, VoteOption]:
    option = fetch(session, VoteOption, option_id, what="option")
    return _draft_round(session, option.round_id), option


def edit_option(session: Session, *, option_id: str, label: str) -> OptionRow:
    """Reword a choice while its round is still a draft."""
    vote_round, option = _draft_option(session, option_id)
    cleaned = required_text(label, "An option needs some words to show on the wall.")
    others = [o for o in _options(session, vote_round.id) if o.id != option.id]
    if any(option_clash((cleaned, None), (o.label, None)) for o in others):
        raise RuleBroken(f'"{cleaned}" is already an option in this round; each option appears once.')
    option.label = cleaned
    record(
        session,
        commission_id=vote_round.commission_id,
        action="vote_option.edited",
        summary=f"Option {option.id} reworded",
        details={"round_id": vote_round.id, "option_id": option.id},
        changed=("vote_option", option.id),
    )
    return _option_row(option)


def remove_option(session: Session, *, option_id: str) -> RoundRow:
    """Take a choice off a draft round; the others close up behind it."""
    vote_round, option = _draft_option(session, option_id)
    remove_from(session, _options(session, vote_round.id), option)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="vote_option.removed",
        summary=f"Option {option_id} removed from round {vote_round.id}",
        details={"round_id": vote_round.id, "option_id": option_id},
        changed=("vote_option", option_id),
    )
    note_change(session, "vote_round", vote_round.id, commission_id=vote_round.commission_id)
    return _round_row(session, vote_round)


# --------------------------------------------------------------------------- rounds


def _next_round_position(session: Session, commission_id: str) -> int:
    highest = session.scalar(
        select(func.max(VoteRound.position)).where(VoteRound.commission_id == commission_id)
    )
    return (highest or 0) + 1


def _round_options(
    session: Session, commission_id: str, options: Sequence[str], from_outcomes: bool
) -> list[tuple[str, str | None]]:
    """The (label, outcome id) pairs a new round starts with: outcome statements first, then typed options."""
    if isinstance(options, str):
        raise InvalidInput("Give the options as a list, one label each.")
    chosen: list[tuple[str, str | None]] = []
    if from_outcomes:
        outcomes = _voteable_outcomes(session, commission_id)
        if not outcomes:
            raise RuleBroken("This commission has no proposed or agreed outcome statements to vote on yet.")
        chosen.extend((outcome.text.strip(), outcome.id) for outcome in outcomes)
    chosen.extend((_option_label(label, None), None) for label in options)
    seen: set[str] = set()
    for label, _ in chosen:
        if label.casefold() in seen:
            raise RuleBroken(f'"{label}" is listed twice; each option appears once in a round.')
        seen.add(label.casefold())
    return chosen


def create_round(
    session: Session,
    *,
    commission_id: str,
    title: str,
    method: VoteMethod | str,
    count_method: CountMethod | str | None = None,
    dots_per_person: int = 5,
    max_dots_per_option: int = 3,
    score_min: int = 0,
    score_max: int = 5,
    anonymous: bool = True,
    visibility: Visibility | str = Visibility.LIVE,
    workshop_id: str | None = None,
    options: Sequence[str] = (),
    from_outcomes: bool = False,
    tie_break: TieBreak | str = TieBreak.EARLIER_COUNTS_THEN_LOT,
) -> RoundRow:
    """Draft a vote round with its rules and options, typed or taken from the outcome statements.

    ``tie_break`` is what an instant run-off count does when options tie for fewest votes; like
    every rule it is chosen before the round opens, so nobody picks it knowing whom it favours.
    """
    fetch(session, Commission, commission_id, what="commission")
    vote_method = _vote_method(method)
    _check_rules(
        dots_per_person=dots_per_person,
        max_dots_per_option=max_dots_per_option,
        score_min=score_min,
        score_max=score_max,
    )
    vote_round = VoteRound(
        id=new_id(),
        commission_id=commission_id,
        workshop_id=workshop_id,
        position=_next_round_position(session, commission_id),
        title=_title(title),
        method=vote_method,
        count_method=_count_method(vote_method, count_method),
        dots_per_person=dots_per_person,
        max_dots_per_option=max_dots_per_option,
        score_min=score_min,
        score_max=score_max,
        anonymous=bool(anonymous),
        visibility=_visibility(visibility),
        state=RoundState.DRAFT,
        tie_break=_tie_break(tie_break),
    )
    _check_workshop(session, commission_id, workshop_id)
    starting = _round_options(session, commission_id, options, from_outcomes)
    session.add(vote_round)
    session.flush()
    for label, outcome_id in starting:
        _add_option_row(session, vote_round, label, outcome_id)
    record(
        session,
        commission_id=commission_id,
        action="vote_round.created",
        summary=f"Vote round {vote_round.id} created",
        details={
            "round_id": vote_round.id,
            "method": vote_method.value,
            "count_method": vote_round.count_method.value,
            "tie_break": vote_round.tie_break.value,
            "options": len(starting),
        },
        changed=("vote_round", vote_round.id),
    )
    return _round_row(session, vote_round)


def update_round_rules(
    session: Session,
    *,
    round_id: str,
    title: str | None = None,
    method: VoteMethod | str | None = None,
    count_method: CountMethod | str | None = None,
    dots_per_person: int | None = None,
    max_dots_per_option: int | None = None,
    score_min: int | None = None,
    score_max: int | None = None,
    anonymous: bool | None = None,
    visibility: Visibility | str | None = None,
    workshop_id: str | None = None,
    tie_break: TieBreak | str | None = None,
) -> RoundRow:
    """Change a draft round's rules; arguments left as None stay as they are."""
    vote_round = _draft_round(session, round_id)
    new_tie_break = vote_round.tie_break if tie_break is None else _tie_break(tie_break)
    new_method = vote_round.method if method is None else _vote_method(method)
    # Switching the way of voting drops a count method that no longer suits it, unless one is given.
    if count_method is None and vote_round.count_method in COUNT_METHODS[new_method]:
        count_method = vote_round.count_method
    new_count = _count_method(new_method, count_method)
    new_title = vote_round.title if title is None else _title(title)
    new_visibility = vote_round.visibility if visibility is None else _visibility(visibility)
    _check_workshop(session, vote_round.commission_id, workshop_id)
    numbers = {
        "dots_per_person": dots_per_person,
        "max_dots_per_option": max_dots_per_option,
        "score_min": score_min,
        "score_max": score_max,
    }
    # Check the whole new rule set before touching the round: a refusal must change nothing.
    rules = {name: getattr(vote_round, name) if value is None else value for name, value in numbers.items()}
    _check_rules(**rules)
    for name, value in rules.items():
        setattr(vote_round, name, value)
    vote_round.title, vote_round.method, vote_round.count_method = new_title, new_method, new_count
    vote_round.visibility = new_visibility
    vote_round.tie_break = new_tie_break
    if anonymous is not None:
        vote_round.anonymous = bool(anonymous)
    if workshop_id is not None:
        vote_round.workshop_id = workshop_id
    record(
        session,
        commission_id=vote_round.commission_id,
        action="vote_round.updated",
        summary=f"Rules of round {vote_round.id} changed",
        details={
            "round_id": vote_round.id,
            "method": new_method.value,
            "count_method": new_count.value,
            "tie_break": new_tie_break.value,
        },
        changed=("vote_round", vote_round.id),
    )
    return _round_row(session, vote_round)


def _move(session: Session, vote_round: VoteRound, state: RoundState, verb: str) -> RoundRow:
    """Put the round in ``state``, stamp when, and audit it."""
    vote_round.state = state
    stamp = {RoundState.OPEN: "opened_at", RoundState.CLOSED: "closed_at", RoundState.REVEALED: "revealed_at"}
    setattr(vote_round, stamp[state], utcnow())
    record(
        session,
        commission_id=vote_round.commission_id,
        action=f"vote_round.{state.value}",
        summary=f"Round {vote_round.id} {verb}",
        details={"round_id": vote_round.id},
        changed=("vote_round", vote_round.id),
    )
    return _round_row(session, vote_round)


def open_round(session: Session, *, round_id: str) -> RoundRow:
    """Open a draft round for voting, freezing its rules and options."""
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    if vote_round.state is RoundState.OPEN:
        raise RuleBroken("This round is already open.")
    if vote_round.state is not RoundState.DRAFT:
        raise RuleBroken("This round has closed and cannot be reopened; create a new round to vote again.")
    if len(_options(session, round_id)) < 2:
        raise RuleBroken("A round needs at least 2 options before it can open; add more options first.")
    return _move(session, vote_round, RoundState.OPEN, "opened")


def close_round(session: Session, *, round_id: str) -> RoundRow:
    """Stop voting in an open round; a closed round cannot be reopened."""
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    if vote_round.state is RoundState.DRAFT:
        raise RuleBroken("This round has not opened yet, so there is nothing to close.")
    if vote_round.state is not RoundState.OPEN:
        raise RuleBroken("This round is already closed.")
    return _move(session, vote_round, RoundState.CLOSED, "closed")


def reveal_round(session: Session, *, round_id: str) -> RoundRow:
    """Show a closed round's results on the wall; live rounds can be marked revealed too."""
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    if vote_round.state is RoundState.REVEALED:
        raise RuleBroken("This round's results have already been revealed.")
    if vote_round.state is not RoundState.CLOSED:
        raise RuleBroken("Close the round before revealing its results, so nobody votes after seeing them.")
    return _move(session, vote_round, RoundState.REVEALED, "revealed")


# --------------------------------------------------------------------------- ballots


def _lock_round(session: Session, round_id: str) -> None:
    """Take the round's row for this transaction, so ballots in it are changed one voter at a time.

    On a shared server two laptops could otherwise rewrite an anonymous round's ballots at once,
    and one would delete the other's fresh ballot without seeing it. SQLite has one writer, but its
    driver begins the transaction only at the first write, so the console changing a ballot could
    read the round's ballots, then a phone's new ballot be saved, then the rewrite drop it: there
    the lock is a write to the round's row (changing nothing), and every read after it is current.
    """
    held = session.info.get(_ROUNDS_LOCKED)
    current = _innermost_transaction(session)
    if held is not None and current is not None and held[0]() is current and round_id in held[1]:
        return  # taken already in this transaction: a phone's ballot checks its id, then casts
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            update(VoteRound).where(VoteRound.id == round_id).values(state=VoteRound.state),
            execution_options={"synchronize_session": False},
        )
    else:
        session.execute(select(VoteRound.id).where(VoteRound.id == round_id).with_for_update())
    transaction = _innermost_transaction(session)
    if transaction is None:  # pragma: no cover - the statement above began one
        return
    if held is None or held[0]() is not transaction:
        held = (weakref.ref(transaction), set[str]())
        session.info[_ROUNDS_LOCKED] = held
    held[1].add(round_id)


#: Where a session keeps which rounds its current transaction has taken (see ``_lock_round``).
_ROUNDS_LOCKED = "cocommission.rounds_locked"


def _innermost_transaction(session: Session) -> SessionTransaction | None:
    """The savepoint in progress, else the transaction: a lock taken in a savepoint goes if it is rolled back."""
    return session.get_nested_transaction() or session.get_transaction()


def _open_round(session: Session, round_id: str) -> VoteRound:
    _lock_round(session, round_id)
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    refusal = casting_refusal(vote_round.state)
    if refusal is not None:
        raise RuleBroken(refusal)
    return vote_round


def casting_refusal(state: RoundState) -> str | None:
    """Why no ballot can be cast in a round in ``state``, or None while it is open.

    ``cast_ballot`` refuses with it, and a ballot draft (``ballot_draft.py``) says it before anything is sent.
    """
    if state is RoundState.DRAFT:
        return "This round has not opened yet; open it before casting ballots."
    if state is not RoundState.OPEN:
        return "This round is closed; ballots can no longer be cast."
    return None


def _voter(session: Session, vote_round: VoteRound, participant_id: str) -> Participant:
    participant = fetch(
        session, Participant, participant_id, what="participant", commission_id=vote_round.commission_id
    )
    if participant.erased_at is not None:
        raise RuleBroken("This participant's details have been erased, so they can no longer vote.")
    if participant.withdrawn_on is not None:
        raise RuleBroken("This participant has withdrawn from the commission, so they can no longer vote.")
    if participant.role not in VOTING_ROLES:
        raise RuleBroken(
            f"Only young people and service users vote; a {participant.role.value} cannot cast a ballot."
        )
    return participant


def _known(option_id: object, labels: Mapping[str, str]) -> str:
    if not isinstance(option_id, str) or option_id not in labels:
        raise InvalidInput(f"There is no option with id {option_id!r} in this round; choose one on the wall.")
    return option_id


def _mapping(choices: object, what: str) -> Mapping[object, object]:
    if not isinstance(choices, Mapping):
        raise InvalidInput(f"Give the {what} as option id -> number.")
    return choices


def _option_list(choices: object, what: str) -> list[object]:
    if isinstance(choices, str | bytes | Mapping) or not isinstance(choices, Iterable):
        raise InvalidInput(f"Give the {what} as a list of option ids.")
    return list(choices)


def _dot_lines(vote_round: Rules, choices: object, labels: Mapping[str, str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for option_id, dots in _mapping(choices, "dots").items():
        option_id = _known(option_id, labels)
        dots = whole_number(dots, f'The dots on "{labels[option_id]}" must be a whole number.')
        if dots < 0:
            raise InvalidInput(f'The dots on "{labels[option_id]}" cannot be negative.')
        if dots > vote_round.max_dots_per_option:
            raise RuleBroken(
                f'That is {dots} dots on "{labels[option_id]}"; '
                f"each option can take at most {vote_round.max_dots_per_option}."
            )
        if dots:
            lines[option_id] = dots
    total = sum(lines.values())
    if total > vote_round.dots_per_person:
        raise RuleBroken(
            f"That is {total} dots; each person has {vote_round.dots_per_person}. "
            f"Take {total - vote_round.dots_per_person} off."
        )
    return lines


def _rank_lines(choices: object, labels: Mapping[str, str]) -> dict[str, int]:
    # A ranking needs an order: a set or a mapping would silently scramble it.
    if isinstance(choices, str | bytes) or not isinstance(choices, Sequence):
        raise InvalidInput("Give the ranking as a list of option ids, best first.")
    lines: dict[str, int] = {}
    for rank, option_id in enumerate(choices, start=1):
        option_id = _known(option_id, labels)
        if option_id in lines:
            raise InvalidInput(f'"{labels[option_id]}" is ranked more than once; rank each option once.')
        lines[option_id] = rank
    return lines


def _approval_lines(choices: object, labels: Mapping[str, str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for option_id in _option_list(choices, "approvals"):
        option_id = _known(option_id, labels)
        if option_id in lines:
            raise InvalidInput(f'"{labels[option_id]}" is approved more than once; approve each option once.')
        lines[option_id] = 1
    return lines


def _score_lines(vote_round: Rules, choices: object, labels: Mapping[str, str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    low, high = vote_round.score_min, vote_round.score_max
    for option_id, score in _mapping(choices, "scores").items():
        option_id = _known(option_id, labels)
        score = whole_number(score, f'The score for "{labels[option_id]}" must be a whole number.')
        if not low <= score <= high:
            raise RuleBroken(
                f'The score for "{labels[option_id]}" is {score}; scores go from {low} to {high}.'
            )
        lines[option_id] = score
    return lines


def ballot_lines(vote_round: Rules, choices: object, labels: Mapping[str, str]) -> dict[str, int]:
    """Option id -> stored value (dots, rank with 1 first, 1 for approval, or score), checked.

    ``labels`` names the round's options by id. The first rule broken is raised as a
    ``ServiceError`` whose message says what to change. ``cast_ballot`` stores nothing else,
    and a ballot draft asks this same question before it is sent.
    """
    if vote_round.method is VoteMethod.DOTS:
        lines = _dot_lines(vote_round, choices, labels)
    elif vote_round.method is VoteMethod.RANKING:
        lines = _rank_lines(choices, labels)
    elif vote_round.method is VoteMethod.APPROVAL:
        lines = _approval_lines(choices, labels)
    else:
        lines = _score_lines(vote_round, choices, labels)
    if not lines:
        empty = {
            VoteMethod.DOTS: "Place at least one dot.",
            VoteMethod.RANKING: "Rank at least one option.",
            VoteMethod.APPROVAL: "Approve at least one option.",
            VoteMethod.SCORE: "Score at least one option.",
        }
        raise InvalidInput(f"The ballot is empty. {empty[vote_round.method]}")
    # The checks above speak of the options by their labels; this one is what import and the
    # database check hold every stored ballot to, so nothing is stored that they would refuse.
    for problem in ballot_problems(vote_round, list(lines.items()), labels):
        raise RuleBroken(f"The ballot breaks this round's rules: {problem}.")
    return lines


def _ballot_audit(
    vote_round: VoteRound, participant_id: str, verb: str, submission_id: str | None = None
) -> tuple[str, dict[str, object]]:
    """Summary and details for a ballot change.

    A named round's entry says whose ballot. An anonymous round's says only that a vote in the
    round was recorded, changed or taken back: never by whom, which ballot or what it chose.
    A ballot sent from a device carries the digest of the id the device gave it, which names
    neither the ballot nor what it chose.
    """
    details: dict[str, object]
    if vote_round.anonymous:
        summary, details = f"Vote {verb} round {vote_round.id}", {"round_id": vote_round.id}
    else:
        summary = f"Ballot {verb} round {vote_round.id}"
        details = {"round_id": vote_round.id, "participant_id": participant_id}
    if submission_id is not None:
        details[_SUBMISSION] = submission_digest(vote_round.id, participant_id, submission_id)
    return summary, details


#: The audit detail that holds a sent ballot's submission digest.
_SUBMISSION = "submission"


def submission_digest(round_id: str, participant_id: str, submission_id: str) -> str:
    """What the audit log keeps of a device's id for a ballot it sent: a digest, tied to the round and voter.

    Tied to the voter too, so an id seen on an open network and sent first by someone else cannot
    make the owner's own ballot look as if it had been recorded already. The entry it goes into
    already refers to whoever voted, so the digest tells nobody anything more.
    """
    return hashlib.sha256(f"{round_id}\n{participant_id}\n{submission_id}".encode()).hexdigest()


def submission_recorded(session: Session, *, round_id: str, participant_id: str, submission_id: str) -> bool:
    """Whether a ballot sent with ``submission_id`` was already cast in the round (even if taken back since).

    A phone that loses the answer sends its ballot again; this is how the second copy is known.
    It takes the round's row for the transaction first, so two copies sent at once are cast once.
    """
    _lock_round(session, round_id)
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    # ``record`` writes details as sorted JSON, so the digest appears as exactly this text.
    written = json.dumps({_SUBMISSION: submission_digest(round_id, participant_id, submission_id)})[1:-1]
    found = session.scalar(
        select(AuditEntry.id).where(
            AuditEntry.commission_id == vote_round.commission_id,
            AuditEntry.action == "ballot.cast",
            AuditEntry.details_json.contains(written, autoescape=True),
        )
    )
    return found is not None


def _handle_hash(handle: str) -> str:
    return hashlib.sha256(handle.encode("utf-8")).hexdigest()


def _voter_row(session: Session, round_id: str, participant_id: str) -> RoundVoter | None:
    return session.scalar(
        select(RoundVoter).where(RoundVoter.round_id == round_id, RoundVoter.participant_id == participant_id)
    )


def _handled_ballot(session: Session, round_id: str, handle: object) -> Ballot | None:
    """The anonymous ballot of this round whose secret handle is ``handle``, if any."""
    if not isinstance(handle, str) or not handle:
        return None
    return session.scalar(
        select(Ballot).where(Ballot.round_id == round_id, Ballot.handle_hash == _handle_hash(handle))
    )


#: The shortest handle a caller may give a new anonymous ballot: as long as the one made here.
_SHORTEST_HANDLE = 43


def _check_new_handle(vote_round: VoteRound, new_handle: str | None, replace_handle: str | None) -> None:
    """Refuse a caller's handle that could not keep an anonymous ballot's secret."""
    if new_handle is None:
        return
    if not vote_round.anonymous:
        raise InvalidInput("Only a ballot in an anonymous round has a handle.")
    if replace_handle is not None:
        raise InvalidInput("A ballot either replaces an earlier one or gets a new handle, not both.")
    if not isinstance(new_handle, str) or len(new_handle) < _SHORTEST_HANDLE:
        raise InvalidInput("A ballot's handle must be a long secret.")


def holds_ballot(session: Session, *, round_id: str, handle: str) -> bool:
    """Whether an anonymous ballot of the round has the secret ``handle`` (so that handle can change it)."""
    return _handled_ballot(session, round_id, handle) is not None


def _already_voted(participant: Participant) -> RuleBroken:
    return RuleBroken(
        f"{participant.pseudonym} has already voted in this anonymous round; their ballot can only be "
        "changed from the device or console session that cast it."
    )


def _rewrite_in_random_order(
    session: Session, round_id: str, *, new_lines: tuple[str, Mapping[str, int]] | None = None
) -> None:
    """Delete and write again every ballot (and line) of an anonymous round, in a random order.

    Done in the transaction that casts, replaces or takes back a ballot, so no ballot keeps
    the creating transaction, heap position or insertion order of the moment its voter voted.
    ``new_lines`` (a ballot id and its lines) are written in that ballot's place in the same
    pass, rather than written first and then moved again.

    Each statement finds the round's rows by the round, not by a list of every ballot id, so
    the rewrite costs a few statements however many have voted: it runs inside the keying of
    each ballot on the console.
    """
    ballot_table, line_table = Base.metadata.tables["ballot"], Base.metadata.tables["ballot_choice"]
    session.flush()
    ballots = _plain_rows(session.execute(select(ballot_table).where(ballot_table.c.round_id == round_id)))
    if not ballots:
        return
    of_round = select(ballot_table.c.id).where(ballot_table.c.round_id == round_id).scalar_subquery()
    lines = _plain_rows(session.execute(select(line_table).where(line_table.c.ballot_id.in_(of_round))))
    if new_lines is not None:
        ballot_id, chosen = new_lines
        lines = [line for line in lines if line["ballot_id"] != ballot_id]
        lines += [
            {"id": new_id(), "ballot_id": ballot_id, "option_id": option_id, "value": value}
            for option_id, value in chosen.items()
        ]
    ballots, lines = _shuffled(ballots), _shuffled(lines)
    session.execute(delete(line_table).where(line_table.c.ballot_id.in_(of_round)))
    session.execute(delete(ballot_table).where(ballot_table.c.round_id == round_id))
    session.execute(insert(ballot_table), ballots)
    if lines:
        session.execute(insert(line_table), lines)


def _plain_rows(result: Result[Any]) -> list[dict[str, Any]]:
    """A result's rows as plain dicts, ready to insert again (fetched as tuples: far quicker than mappings)."""
    names = list(result.keys())
    return [dict(zip(names, row, strict=True)) for row in result.all()]


def _shuffled(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` in a random order from the operating system's secure randomness.

    Sorted by a secret 64-bit key each, drawn in one call: as unpredictable as
    ``secrets.SystemRandom().shuffle``, which asks the system once per row.
    """
    width = 8
    drawn = secrets.token_bytes(width * len(rows))
    keys = [drawn[at : at + width] for at in range(0, len(drawn), width)]
    return [row for _key, row in sorted(zip(keys, rows, strict=True), key=lambda pair: pair[0])]


def _replace_lines(session: Session, ballot_id: str, lines: Mapping[str, int]) -> None:
    """Put ``lines`` in place of the ballot's lines: a statement each, as a phone changing its mind is a hot path."""
    # The old lines must be gone before the new ones arrive: one line per option per ballot.
    session.execute(delete(BallotChoice).where(BallotChoice.ballot_id == ballot_id))
    if lines:
        session.execute(
            insert(BallotChoice),
            [
                {"id": new_id(), "ballot_id": ballot_id, "option_id": option_id, "value": value}
                for option_id, value in lines.items()
            ],
        )


def cast_ballot(
    session: Session,
    *,
    round_id: str,
    participant_id: str,
    choices: object,
    replace_handle: str | None = None,
    submission_id: str | None = None,
    new_handle: str | None = None,
) -> BallotRow:
    """Cast a participant's ballot in an open round.

    ``choices`` is option id -> dots for a dots round, option ids best first
    for a ranking round, the approved option ids for an approval round, and
    option id -> score for a score round.

    In a named round, casting again replaces the participant's ballot. In an
    anonymous round the returned row carries the ballot's secret ``handle``;
    a ballot is replaced only by casting again with ``replace_handle`` set to
    that handle, and someone who has voted is otherwise refused.

    ``new_handle`` is the handle a first anonymous ballot gets, when the caller makes it rather
    than this service: a phone derives its handle from a secret only it holds, so it can change
    its ballot later without anything stored tying the phone to it. It must be a long secret.

    ``submission_id`` is the id the device that made the ballot gave it; its digest goes into
    the audit entry, so ``submission_recorded`` can tell a ballot sent twice from a new one.
    """
    vote_round = _open_round(session, round_id)
    participant = _voter(session, vote_round, participant_id)
    options = _options(session, round_id)
    positions = {option.id: option.position for option in options}
    lines = ballot_lines(vote_round, choices, {option.id: option.label for option in options})
    voter = _voter_row(session, round_id, participant_id)
    _check_new_handle(vote_round, new_handle, replace_handle)
    had_voted = voter is not None
    if vote_round.anonymous:
        cast = _cast_anonymous(
            session,
            vote_round,
            participant,
            voter,
            lines=lines,
            positions=positions,
            replace_handle=replace_handle,
            submission_id=submission_id,
            new_handle=new_handle,
        )
        return replace(cast, replaced=had_voted)
    if voter is None:
        voter = RoundVoter(id=new_id(), round_id=round_id, participant_id=participant_id, voted_at=utcnow())
        session.add(voter)
    ballot = session.scalar(
        select(Ballot).where(Ballot.round_id == round_id, Ballot.participant_id == participant_id)
    )
    if ballot is None:
        ballot = Ballot(id=new_id(), round_id=round_id, participant_id=participant_id, cast_at=utcnow())
        session.add(ballot)
    else:
        ballot.cast_at = utcnow()
    session.flush()
    _replace_lines(session, ballot.id, lines)
    summary, details = _ballot_audit(vote_round, participant_id, "cast in", submission_id)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="ballot.cast",
        summary=summary,
        details=details,
        changed=("vote_round", vote_round.id),
        subject=ballot,
    )
    note_change(session, "ballot", ballot.id, commission_id=vote_round.commission_id)
    # The lines as written: reading them back would only return ``lines``.
    choices = _choices(vote_round.method, list(lines.items()), positions)
    return BallotRow(participant_id, choices, ballot.cast_at, None, replaced=had_voted)


def _cast_anonymous(
    session: Session,
    vote_round: VoteRound,
    participant: Participant,
    voter: RoundVoter | None,
    *,
    lines: Mapping[str, int],
    positions: Mapping[str, int],
    replace_handle: str | None,
    submission_id: str | None,
    new_handle: str | None = None,
) -> BallotRow:
    """Record that the participant voted, and apart from it what was chosen, linked by nothing."""
    if replace_handle is not None:
        if voter is None:
            raise RuleBroken(
                f"{participant.pseudonym} has not voted in this round yet, so there is no ballot of theirs to change."
            )
        ballot = _handled_ballot(session, vote_round.id, replace_handle)
        if ballot is None:
            raise RuleBroken(
                "That ballot cannot be changed: it is not in this round, or it has been taken back."
            )
        handle, verb = replace_handle, "changed in"
    else:
        if voter is not None:
            raise _already_voted(participant)
        voter = RoundVoter(id=new_id(), round_id=vote_round.id, participant_id=participant.id, voted_at=utcnow())
        session.add(voter)
        handle, verb = new_handle if new_handle is not None else secrets.token_urlsafe(32), "cast in"
        ballot = Ballot(id=new_id(), round_id=vote_round.id, participant_id=None, cast_at=None,
                        handle_hash=_handle_hash(handle))
        session.add(ballot)
    session.flush()
    ballot_id = ballot.id
    # The ballot's new lines go in with the rewrite of the whole round, in one pass.
    _rewrite_in_random_order(session, vote_round.id, new_lines=(ballot_id, lines))
    summary, details = _ballot_audit(vote_round, participant.id, verb, submission_id)
    # The entry refers to nothing of the ballot: a digest of it beside the entry's time would tie
    # what was chosen to whoever voted then. Only ``voter`` (that they voted) is its record.
    record(
        session,
        commission_id=vote_round.commission_id,
        action="ballot.cast",
        summary=summary,
        details=details,
        changed=("vote_round", vote_round.id),
        subject=voter,
    )
    # Only this process hears of it (to refresh views); it is never stored.
    note_change(session, "ballot", ballot_id, commission_id=vote_round.commission_id)
    # The lines as written: reading them back would only return ``lines``.
    choices = _choices(vote_round.method, list(lines.items()), positions)
    return BallotRow(None, choices, None, handle)


def _delete_ballot(session: Session, ballot: Ballot) -> None:
    for line in session.scalars(select(BallotChoice).where(BallotChoice.ballot_id == ballot.id)):
        session.delete(line)
    # The lines go first: the ORM knows no link between the tables, so it could otherwise delete the
    # ballot first and let the database's cascade remove lines it still expects to delete itself.
    session.flush()
    session.delete(ballot)
    session.flush()


def remove_ballot(
    session: Session, *, round_id: str, participant_id: str, handle: str | None = None
) -> RoundRow:
    """Take back a participant's ballot while the round is open, such as a mistyped entry at the console.

    In an anonymous round the ballot's secret ``handle`` (from ``cast_ballot``) is needed: only
    the device or console session that cast the ballot can take it back.
    """
    _lock_round(session, round_id)
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    if vote_round.state is not RoundState.OPEN:
        raise RuleBroken("Ballots can only be taken back while the round is open.")
    voter = _voter_row(session, round_id, participant_id)
    if vote_round.anonymous:
        if voter is None:
            raise NotFound("This participant has not voted in this round, so there is nothing to take back.")
        if handle is None:
            raise RuleBroken(
                "In an anonymous round a ballot can only be taken back from the device or console session "
                "that cast it."
            )
        ballot = _handled_ballot(session, round_id, handle)
        if ballot is None:
            raise NotFound("That ballot is not in this round, or it has already been taken back.")
    else:
        ballot = session.scalar(
            select(Ballot).where(Ballot.round_id == round_id, Ballot.participant_id == participant_id)
        )
        if ballot is None:
            raise NotFound("This participant has no ballot in this round, so there is nothing to take back.")
        note_change(session, "ballot", ballot.id, commission_id=vote_round.commission_id)
    _delete_ballot(session, ballot)
    if voter is not None:
        session.delete(voter)
        session.flush()
    if vote_round.anonymous:
        _rewrite_in_random_order(session, round_id)
        note_change(session, "ballot", round_id, commission_id=vote_round.commission_id)
    summary, details = _ballot_audit(vote_round, participant_id, "removed from" if not vote_round.anonymous else "taken back in")
    # Never an anonymous ballot: only that the person's vote was taken back.
    removed: list[Base | RecordRef] = [] if vote_round.anonymous else [("ballot", ballot.id)]
    if voter is not None:
        removed.append(voter)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="ballot.removed",
        summary=summary,
        details=details,
        changed=("vote_round", vote_round.id),
        removed=removed,
    )
    return _round_row(session, vote_round)


# --------------------------------------------------------------------------- paper tallies


def _paper_round(vote_round: VoteRound) -> None:
    """Refuse paper tallies where they do not belong: not dots, not yet open, or already revealed."""
    if vote_round.method is not VoteMethod.DOTS:
        raise RuleBroken("Paper tallies hold dots, so they can only be recorded for a dots round.")
    if vote_round.state is RoundState.DRAFT:
        raise RuleBroken("This round has not opened yet; open it before recording paper tallies.")
    if vote_round.state is RoundState.REVEALED:
        raise RuleBroken(
            "This round's results have been revealed, so its paper tallies can no longer change."
        )


def _paper_lines(totals: object, labels: Mapping[str, str]) -> dict[str, int]:
    lines: dict[str, int] = {}
    for option_id, dots in _mapping(totals, "paper tally").items():
        option_id = _known(option_id, labels)
        dots = whole_number(dots, f'The dots on "{labels[option_id]}" must be a whole number.')
        if dots < 0:
            raise InvalidInput(f'The dots on "{labels[option_id]}" cannot be negative.')
        if dots:
            lines[option_id] = dots
    if not lines:
        raise InvalidInput("The paper tally has no dots; enter the dots counted on at least one option.")
    return lines


def record_paper_tally(
    session: Session,
    *,
    round_id: str,
    totals: Mapping[str, int],
    source: str = "",
    line_ids: Mapping[str, str] | None = None,
) -> tuple[PaperTallyRow, ...]:
    """Add the dots counted off a paper sheet, where nobody knows who placed them, to a dots round.

    ``line_ids`` (option id → id of its line) gives the lines the ids they are to have, so Redo
    adds back the very lines Undo took away.
    """
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    _paper_round(vote_round)
    labels = {option.id: option.label for option in _options(session, round_id)}
    lines = _paper_lines(totals, labels)
    for option_id, dots in lines.items():
        # What import and the database check hold every stored line to.
        for problem in paper_problems(vote_round.method, option_id, dots, labels):
            raise RuleBroken(f"The paper tally breaks this round's rules: {problem}.")
    source = (source or "").strip()
    if len(source) > _SOURCE_LIMIT:
        raise InvalidInput(f"Say where the tally came from in at most {_SOURCE_LIMIT} characters.")
    # One timestamp for the whole sheet, so its rows can be counted back as one paper tally.
    at = utcnow()
    wanted = dict(line_ids or {})
    if any(session.get(PaperTally, line_id) is not None for line_id in wanted.values()):
        raise InvalidInput("Those paper dots are already counted; nothing was added.")
    rows = [
        PaperTally(
            id=wanted.get(option_id) or new_id(), round_id=round_id, option_id=option_id, dots=dots,
            source=source, recorded_at=at,
        )
        for option_id, dots in lines.items()
    ]
    session.add_all(rows)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="paper_tally.recorded",
        summary=f"Paper tally of {sum(lines.values())} dots recorded in round {round_id}",
        details={"round_id": round_id, "totals": lines, "paper_tally_ids": [row.id for row in rows]},
        changed=("vote_round", round_id),
    )
    for row in rows:
        note_change(session, "paper_tally", row.id, commission_id=vote_round.commission_id)
    return tuple(_paper_row(row) for row in rows)


def remove_paper_tally(session: Session, *, paper_tally_id: str) -> PaperTallyRow:
    """Delete one line of a paper tally that was keyed in wrongly, before the results are revealed."""
    row = fetch(session, PaperTally, paper_tally_id, what="paper tally")
    vote_round = fetch(session, VoteRound, row.round_id, what="vote round")
    _paper_round(vote_round)
    removed = _paper_row(row)
    session.delete(row)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="paper_tally.removed",
        summary=f"Paper tally line of {removed.dots} dots removed from round {vote_round.id}",
        details={"round_id": vote_round.id, "paper_tally_id": removed.id, "option_id": removed.option_id},
        changed=("paper_tally", removed.id),
    )
    note_change(session, "vote_round", vote_round.id, commission_id=vote_round.commission_id)
    return removed


def remove_paper_sheet(session: Session, *, paper_tally_ids: Sequence[str]) -> tuple[PaperTallyRow, ...]:
    """Take back a whole paper sheet just added (Undo), before the results are revealed: one entry for all its lines."""
    if isinstance(paper_tally_ids, str) or not paper_tally_ids:
        raise InvalidInput("List the paper tally lines to take back.")
    rows = [fetch(session, PaperTally, line_id, what="paper tally") for line_id in paper_tally_ids]
    round_ids = {row.round_id for row in rows}
    if len(round_ids) != 1:
        raise InvalidInput("A paper sheet belongs to one round; take back one round's lines at a time.")
    vote_round = fetch(session, VoteRound, rows[0].round_id, what="vote round")
    _paper_round(vote_round)
    removed = tuple(_paper_row(row) for row in rows)
    for row in rows:
        session.delete(row)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="paper_tally.sheet_removed",
        summary=f"Paper tally of {sum(line.dots for line in removed)} dots taken back from round {vote_round.id}",
        details={"round_id": vote_round.id, "paper_tally_ids": [line.id for line in removed]},
        changed=("vote_round", vote_round.id),
    )
    for line in removed:
        note_change(session, "paper_tally", line.id, commission_id=vote_round.commission_id)
    return removed


# --------------------------------------------------------------------------- counting


def _tally_method(vote_round: VoteRound, method: str | None) -> str:
    suitable = [m.value for m in COUNT_METHODS[vote_round.method]]
    if method is None:
        return vote_round.count_method.value
    if method not in suitable:
        kind = vote_round.method.value
        raise InvalidInput(f"A {kind} round cannot be counted by {method!r}; choose {', '.join(suitable)}.")
    return str(method)


def _paper_sheets(session: Session, round_id: str) -> list[dict[str, int]]:
    """Paper tally rows grouped back into the sheets they were recorded from."""
    sheets: dict[tuple[datetime, str], dict[str, int]] = {}
    for row in _paper_rows(session, round_id):
        sheet = sheets.setdefault((row.recorded_at, row.source), {})
        sheet[row.option_id] = sheet.get(row.option_id, 0) + row.dots
    return list(sheets.values())


def _refuse_broken_round(session: Session, round_id: str, ballots: Sequence[StoredBallot]) -> None:
    """Refuse to count a round whose stored rows break its rules, naming the first of them.

    Only a round changed outside the app (a database tool, a damaged file) gets here. A count
    built on a ranking with every option first, a score off the scale or another round's option
    would be wrong, or fail, without a sign; the rows are named by id so they can be found.
    """
    problems = round_breaks(session, round_id=round_id, ballots=ballots)
    if not problems:
        return
    more = len(problems) - 1
    others = f" It has {more} more {'problem' if more == 1 else 'problems'} like this." if more else ""
    raise InvalidInput(
        f"This round cannot be counted: {problems[0]}.{others} "
        "The database check lists every row that breaks its round's rules."
    )


@without_collections
def tally_round(session: Session, *, round_id: str, method: str | None = None) -> TallyResult:
    """Count the round's ballots and paper tallies step by step; ranking rounds may use any ranking method."""
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    counting = _tally_method(vote_round, method)
    # Read once, as plain columns, for both the rule check and the count: in a large round reading
    # the ballots costs far more than counting them.
    stored = read_stored_ballots(session, round_id=round_id, anonymous=vote_round.anonymous)
    _refuse_broken_round(session, round_id, stored)
    options = _options(session, round_id)
    ballots = _ballot_rows(vote_round, stored, {option.id: option.position for option in options})
    paper = _paper_sheets(session, round_id) if vote_round.method is VoteMethod.DOTS else []
    try:
        return tally(
            counting,
            [option.id for option in options],
            ballots=[ballot.choices for ballot in ballots],
            paper_tallies=paper,
            labels={option.id: option.label for option in options},
            tie_break=vote_round.tie_break.value,
            lot_order=_lot_order(vote_round),
        )
    except ValueError as exc:
        # Only a ballot changed outside the app (a database tool, a damaged file) gets here:
        # say so plainly, and where to find the row, rather than fail as if the app were broken.
        raise InvalidInput(
            f"This round cannot be counted: {exc} "
            "The database check lists every row that breaks its round's rules."
        ) from None


def draw_lots(session: Session, *, round_id: str) -> RoundRow:
    """Draw the lot an instant run-off count of a closed round is waiting for, and keep it.

    The lot puts every option of the round in a random order, luckiest first, drawn with the
    operating system's secure randomness so nobody can predict or steer it. It is drawn once,
    only after voting has closed and only when the count needs it, and then stored so every
    later count of the round (the screen, the projector, the decision record) agrees.
    """
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    if vote_round.lot_order is not None:
        raise RuleBroken(
            "Lots have already been drawn for this round; the draw stands so every count agrees."
        )
    if vote_round.state not in (RoundState.CLOSED, RoundState.REVEALED):
        raise RuleBroken(
            "Close the round before drawing lots, so the lot is drawn after the last vote is in."
        )
    if vote_round.method is not VoteMethod.RANKING:
        raise RuleBroken("Only an instant run-off count can need a lot, and this is not a ranking round.")
    needed = tally_round(session, round_id=round_id, method=CountMethod.IRV.value).lot_needed
    if not needed:
        raise RuleBroken("This round's instant run-off count needs no lot: no tie is waiting for one.")
    order = [option.id for option in _options(session, round_id)]
    secrets.SystemRandom().shuffle(order)
    vote_round.lot_order = json.dumps(order)
    record(
        session,
        commission_id=vote_round.commission_id,
        action="vote_round.lots_drawn",
        summary=f"Lots drawn in round {vote_round.id}",
        details={"round_id": vote_round.id, "tied": list(needed), "lot_order": order},
        changed=("vote_round", vote_round.id),
    )
    return _round_row(session, vote_round)
