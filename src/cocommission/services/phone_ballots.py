"""Voting from a phone: what the phone shows of the round on the wall, and casting from it.

A phone votes as the participant it joined for (``room_joining.phone_holder``), through the same
recorder as the console (``ballot_recording.record_ballot``), so the round's rules, one ballot
each, the audit entry and a resent ballot counted once all hold the same way.

In an anonymous round the phone's ballot is changed through a handle derived from the phone's
own secret and the round: only that phone can work it out again, and the database keeps only
its digest, so nothing stored ties the phone, or its holder, to what was chosen. For the same
reason a phone is never shown an anonymous ballot's choices back.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cocommission.model import RoundState, RoundVoter, VoteRound
from cocommission.services.ballot_recording import BallotSubmission, record_ballot
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.room_joining import PhoneHolder, phone_holder
from cocommission.services.voting import (
    Choices,
    RoundRow,
    casting_refusal,
    get_round,
    holds_ballot,
    named_ballot,
    submission_recorded,
    tally_round,
)
from cocommission.wording import in_documents

#: What the phone shows while no round has opened yet.
WAITING = "waiting"
#: The longest id a phone may give its ballot.
_SUBMISSION_LIMIT = 100


@dataclass(frozen=True)
class PhoneResult:
    """One option's place once the round is revealed; ``score`` as the wall writes it."""

    option_id: str
    label: str
    place: int
    score: str


@dataclass(frozen=True)
class PhoneRound:
    """The round as a phone shows it.

    ``state`` is ``"waiting"`` (no round yet; ``round_id`` is None), ``"open"``, ``"closed"`` or
    ``"revealed"``. ``options`` are (option id, label) in wall order. ``my_choices`` is the
    holder's own ballot in a named round (in the shape ``cast_ballot`` takes), never in an
    anonymous one. ``results`` come only once the round is revealed, best first: before that a
    phone is told nothing of anyone else's vote. ``can_vote`` says whether a ballot sent from this
    phone now would be taken: the round is open and, in an anonymous round the holder has voted
    in, it was this phone that voted (a ballot given at the laptop can't be changed from a phone).
    """

    round_id: str | None
    title: str
    state: str
    method: str | None
    options: tuple[tuple[str, str], ...]
    dots_budget: int
    dots_cap: int
    score_min: int
    score_max: int
    anonymous: bool
    voted: bool
    my_choices: Choices | None
    results: tuple[PhoneResult, ...] | None
    can_vote: bool = False


@dataclass(frozen=True)
class PhoneCast:
    """What casting from the phone did: ``replaced`` an earlier ballot, or nothing (``replayed``: sent before)."""

    replaced: bool
    replayed: bool


def phone_handle(secret: str, round_id: str) -> str:
    """The handle of this phone's anonymous ballot in the round: only the phone's secret gives it."""
    return hmac.new(secret.encode("utf-8"), f"anonymous-ballot\n{round_id}".encode(), hashlib.sha256).hexdigest()


def _round_on_the_wall(session: Session, commission_id: str) -> VoteRound | None:
    """The open round (the latest opened, should there be more), else the latest closed or revealed one."""
    open_round = session.scalar(
        select(VoteRound)
        .where(VoteRound.commission_id == commission_id, VoteRound.state == RoundState.OPEN)
        .order_by(VoteRound.opened_at.desc(), VoteRound.position.desc())
        .limit(1)
    )
    if open_round is not None:
        return open_round
    return session.scalar(
        select(VoteRound)
        .where(
            VoteRound.commission_id == commission_id,
            VoteRound.state.in_((RoundState.CLOSED, RoundState.REVEALED)),
        )
        .order_by(func.coalesce(VoteRound.closed_at, VoteRound.opened_at).desc(), VoteRound.position.desc())
        .limit(1)
    )


def _has_voted(session: Session, round_id: str, participant_id: str) -> bool:
    return session.scalar(
        select(RoundVoter.id).where(RoundVoter.round_id == round_id, RoundVoter.participant_id == participant_id)
    ) is not None


def _my_choices(session: Session, row: RoundRow, participant_id: str) -> Choices | None:
    if row.anonymous:
        return None
    mine = named_ballot(session, round_id=row.id, participant_id=participant_id)
    return mine.choices if mine is not None else None


def _results(session: Session, row: RoundRow) -> tuple[PhoneResult, ...] | None:
    """The revealed round's count, as the wall shows it; None before the reveal."""
    if row.state is not RoundState.REVEALED:
        return None
    counted = tally_round(session, round_id=row.id)
    labels = {option.id: option.label for option in row.options}
    results, place = [], 1
    for tier in counted.ranking:
        results += [
            PhoneResult(option_id, labels[option_id], place, _score_note(row, counted.score_texts.get(option_id)))
            for option_id in tier
        ]
        place += len(tier)
    return tuple(results)


def _score_note(row: RoundRow, text: str | None) -> str:
    """What an option got, as the wall says it ("11 dots"): phones are answered in British English, as the pages are."""
    return in_documents.score_note(row.count_method.value, text) if text else ""


def phone_round(session: Session, *, secret: str, commission_id: str) -> PhoneRound:
    """What the phone should show now: the open round, else the latest closed or revealed one, else waiting."""
    holder = phone_holder(session, secret=secret)
    if holder.commission_id != commission_id:
        raise RuleBroken("This phone joined another commission's vote. Join this room with your card or its PIN.")
    vote_round = _round_on_the_wall(session, commission_id)
    if vote_round is None:
        return PhoneRound(None, "", WAITING, None, (), 0, 0, 0, 0, False, False, None, None)
    row = get_round(session, round_id=vote_round.id)
    voted = _has_voted(session, row.id, holder.participant_id)
    can_vote = row.state is RoundState.OPEN and (
        not voted or not row.anonymous or holds_ballot(session, round_id=row.id, handle=phone_handle(secret, row.id))
    )
    return PhoneRound(
        round_id=row.id,
        title=row.title,
        state=row.state.value,
        method=row.method.value,
        options=tuple((option.id, option.label) for option in row.options),
        dots_budget=row.dots_per_person,
        dots_cap=row.max_dots_per_option,
        score_min=row.score_min,
        score_max=row.score_max,
        anonymous=row.anonymous,
        voted=voted,
        my_choices=_my_choices(session, row, holder.participant_id) if voted else None,
        results=_results(session, row),
        can_vote=can_vote,
    )


def cast_from_phone(
    session: Session,
    *,
    secret: str,
    round_id: str,
    choices: Choices,
    submission_id: str,
    holder: PhoneHolder | None = None,
) -> PhoneCast:
    """Record the phone holder's ballot in the round; a ballot sent again with the same ``submission_id`` counts once.

    In an anonymous round the first ballot from the phone gets the phone's own handle, and later
    ones replace it through the same handle. A ballot first cast at the console (or from a phone
    since replaced) has a handle this phone cannot know, so it cannot be changed from here.

    ``holder`` is ``phone_holder(secret)`` when the caller has just read it in this unit of work
    (the room checks the phone before anything else), so it is not read twice.
    """
    if holder is None:
        holder = phone_holder(session, secret=secret)
    if not isinstance(submission_id, str) or not submission_id.strip() or len(submission_id) > _SUBMISSION_LIMIT:
        raise InvalidInput("Your vote could not be sent. Reload the page and try again.")
    vote_round = session.get(VoteRound, round_id) if isinstance(round_id, str) and round_id else None
    if vote_round is None or vote_round.commission_id != holder.commission_id:
        raise NotFound("That vote is not on the wall. Reload the page to see the vote that is.")
    refusal = casting_refusal(vote_round.state)
    if refusal is not None:
        raise RuleBroken(refusal)
    submission = BallotSubmission(
        round_id=vote_round.id, participant_id=holder.participant_id, choices=choices, submission_id=submission_id
    )
    if vote_round.anonymous:
        handle = phone_handle(secret, vote_round.id)
        if not _has_voted(session, vote_round.id, holder.participant_id):
            submission = replace(submission, new_handle=handle)
        elif holds_ballot(session, round_id=vote_round.id, handle=handle):
            submission = replace(submission, replace_handle=handle)
        elif not submission_recorded(
            session, round_id=vote_round.id, participant_id=holder.participant_id, submission_id=submission_id
        ):
            raise RuleBroken(
                "Your vote in this round is already in, but it was given on the facilitator's laptop or "
                "from another phone, so it can't be changed from this phone."
            )
    recorded = record_ballot(session, ballot=submission)
    return PhoneCast(replaced=recorded.replaced, replayed=recorded.replayed)
