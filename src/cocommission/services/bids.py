"""Bids and interviews: bidders and their bids, the shortlist, the interview panel and its questions,
conflicts of interest, each panellist's scores, the panel's moderated scores, and the evaluation.

The rules that make the scoring defensible live here: a panellist who has declared a conflict
of interest with a bid cannot score it (and any scores they gave it before declaring are
withdrawn); only shortlisted bids are scored; moderation never overwrites an individual score,
it sits beside them with the reason the panel agreed it and the mean it replaced.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import delete, exists, or_, select
from sqlalchemy.orm import Session

from cocommission.model import (
    Bid,
    Bidder,
    Commission,
    ConflictDeclaration,
    EvaluationCriterion,
    InterviewQuestion,
    ModeratedScore,
    Participant,
    Score,
    Tender,
    new_id,
    utcnow,
)
from cocommission.model.scoring import EvaluationResult, evaluate_bids, spread_flag
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.checks import money_amount, whole_number
from cocommission.services.collation import name_sort_key
from cocommission.services.commissions import currency_info
from cocommission.services.errors import RuleBroken
from cocommission.services.lookup import fetch, unused_id
from cocommission.services.ordering import move_to, put_in_place, remove_from
from cocommission.services.scoring_rules import DEFAULT_SCALE_MAX, LOWEST_SCORE
from cocommission.services.tender import criteria_in_order
from cocommission.services.text import plain_name, required_text


class Unchanged(enum.Enum):
    """Marks an optional argument the caller left alone, where None itself means "clear it"."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


# --------------------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class BidderRow:
    """An organisation or group that bids."""

    id: str
    name: str
    organisation_type: str
    contact: str


@dataclass(frozen=True)
class BidRow:
    """A bid as listed on the bids page; the amount is in minor units of ``currency_code``."""

    id: str
    bidder_id: str
    bidder_name: str
    title: str
    summary: str
    amount_minor: int
    currency_code: str
    received_on: date | None
    shortlisted: bool
    interviewed_on: date | None


@dataclass(frozen=True)
class PanellistRow:
    """A participant and whether they sit on the interview panel."""

    id: str
    pseudonym: str
    is_panellist: bool


@dataclass(frozen=True)
class QuestionRow:
    """An interview question, who asks it and the criterion it explores."""

    id: str
    position: int
    text: str
    asked_by_id: str | None
    asked_by_pseudonym: str | None
    criterion_id: str | None


@dataclass(frozen=True)
class ConflictRow:
    """A panellist's declared conflict of interest with a bid."""

    bid_id: str
    panellist_id: str
    nature: str
    declared_at: datetime


@dataclass(frozen=True)
class ScoreRow:
    """One panellist's score for one bid on one criterion."""

    id: str
    bid_id: str
    criterion_id: str
    panellist_id: str
    value: int
    comment: str
    scored_at: datetime


@dataclass(frozen=True)
class GridRow:
    """One cell of the scoring grid; ``locked`` cells belong to a conflicted panellist and take no score."""

    panellist_id: str
    bid_id: str
    criterion_id: str
    value: int | None
    comment: str
    locked: bool


@dataclass(frozen=True)
class ModerationRow:
    """The panel's agreed score for a bid on a criterion, beside the mean it replaced."""

    id: str
    bid_id: str
    criterion_id: str
    value: int
    mean_before: float | None
    reason: str
    moderated_at: datetime


@dataclass(frozen=True)
class BidEvaluation:
    """The evaluation of the shortlisted bids and the cells where panellists disagree widely."""

    result: EvaluationResult
    max_score: int
    #: (bid_id, criterion_id) cells whose spread of scores needs discussing before moderation.
    flagged: frozenset[tuple[str, str]]

    def is_flagged(self, bid_id: str, criterion_id: str) -> bool:
        """Whether panellists disagree widely on this bid and criterion."""
        return (bid_id, criterion_id) in self.flagged


def _bidder_row(bidder: Bidder) -> BidderRow:
    return BidderRow(bidder.id, bidder.name, bidder.organisation_type, bidder.contact)


def _bid_row(session: Session, bid: Bid) -> BidRow:
    bidder = session.get(Bidder, bid.bidder_id)
    return BidRow(
        id=bid.id,
        bidder_id=bid.bidder_id,
        bidder_name=bidder.name if bidder else "",
        title=bid.title,
        summary=bid.summary,
        amount_minor=bid.amount_minor,
        currency_code=bid.currency_code,
        received_on=bid.received_on,
        shortlisted=bid.shortlisted,
        interviewed_on=bid.interviewed_on,
    )


def _panellist_row(participant: Participant) -> PanellistRow:
    return PanellistRow(participant.id, participant.pseudonym, participant.is_panellist)


def _conflict_row(conflict: ConflictDeclaration) -> ConflictRow:
    return ConflictRow(conflict.bid_id, conflict.panellist_id, conflict.nature, conflict.declared_at)


def _score_row(score: Score) -> ScoreRow:
    return ScoreRow(
        score.id,
        score.bid_id,
        score.criterion_id,
        score.panellist_id,
        score.value,
        score.comment,
        score.scored_at,
    )


def _moderation_row(moderated: ModeratedScore) -> ModerationRow:
    return ModerationRow(
        moderated.id,
        moderated.bid_id,
        moderated.criterion_id,
        moderated.value,
        moderated.mean_before,
        moderated.reason,
        moderated.moderated_at,
    )


# --------------------------------------------------------------------------- checks


def _check_amount(amount_minor: int) -> int:
    return money_amount(amount_minor, "A bid's amount")


def _check_currency(session: Session, commission_id: str, code: str) -> str:
    code = (code or "").strip().upper()
    currency_info(session, commission_id=commission_id, code=code)
    return code


def _scale_max(session: Session, commission_id: str) -> int:
    tender = session.scalar(select(Tender).where(Tender.commission_id == commission_id))
    return tender.scoring_scale_max if tender is not None else DEFAULT_SCALE_MAX


def _check_value(value: int, scale_max: int) -> int:
    message = f"Scores are whole numbers from {LOWEST_SCORE} to {scale_max}; {value!r} is not one of them."
    return whole_number(value, message, low=LOWEST_SCORE, high=scale_max)


def _require_shortlisted(bid: Bid) -> None:
    if not bid.shortlisted:
        raise RuleBroken("Only shortlisted bids are scored; shortlist this bid first.")


def _criterion_for(session: Session, bid: Bid, criterion_id: str) -> EvaluationCriterion:
    # A criterion from another commission counts as missing, so scores never cross commissions.
    return fetch(
        session,
        EvaluationCriterion,
        criterion_id,
        what="evaluation criterion",
        commission_id=bid.commission_id,
    )


def _conflict(session: Session, bid_id: str, panellist_id: str) -> ConflictDeclaration | None:
    return session.scalar(
        select(ConflictDeclaration).where(
            ConflictDeclaration.bid_id == bid_id, ConflictDeclaration.panellist_id == panellist_id
        )
    )


# --------------------------------------------------------------------------- bidders and bids


def add_bidder(
    session: Session, *, commission_id: str, name: str, organisation_type: str = "", contact: str = ""
) -> BidderRow:
    """Add an organisation or group that is bidding."""
    fetch(session, Commission, commission_id, what="commission")
    bidder = Bidder(
        id=new_id(),
        commission_id=commission_id,
        name=plain_name(required_text(name, "A bidder needs a name."), "The bidder's name"),
        organisation_type=(organisation_type or "").strip(),
        contact=(contact or "").strip(),
    )
    session.add(bidder)
    record(
        session,
        commission_id=commission_id,
        action="bidder.added",
        summary="Bidder added",
        details={"bidder_id": bidder.id},
        changed=("bidder", bidder.id),
    )
    return _bidder_row(bidder)


def update_bidder(
    session: Session,
    *,
    bidder_id: str,
    name: str | None = None,
    organisation_type: str | None = None,
    contact: str | None = None,
) -> BidderRow:
    """Change a bidder's details; arguments left as None stay as they are."""
    bidder = fetch(session, Bidder, bidder_id, what="bidder")
    if name is not None:
        bidder.name = plain_name(required_text(name, "A bidder needs a name."), "The bidder's name")
    if organisation_type is not None:
        bidder.organisation_type = organisation_type.strip()
    if contact is not None:
        bidder.contact = contact.strip()
    record(
        session,
        commission_id=bidder.commission_id,
        action="bidder.updated",
        summary="Bidder details changed",
        details={"bidder_id": bidder.id},
        changed=("bidder", bidder.id),
    )
    return _bidder_row(bidder)


def list_bidders(session: Session, *, commission_id: str) -> tuple[BidderRow, ...]:
    """The commission's bidders by name."""
    fetch(session, Commission, commission_id, what="commission")
    bidders = session.scalars(
        select(Bidder).where(Bidder.commission_id == commission_id).order_by(Bidder.name, Bidder.id)
    )
    return tuple(_bidder_row(bidder) for bidder in bidders)


def add_bid(
    session: Session,
    *,
    commission_id: str,
    bidder_id: str,
    title: str,
    summary: str = "",
    amount_minor: int,
    currency_code: str = "GBP",
    received_on: date | None = None,
) -> BidRow:
    """Record a bid a bidder has sent in; the currency must be one the commission uses."""
    fetch(session, Commission, commission_id, what="commission")
    fetch(session, Bidder, bidder_id, what="bidder", commission_id=commission_id)
    bid = Bid(
        id=new_id(),
        commission_id=commission_id,
        bidder_id=bidder_id,
        title=required_text(title, "A bid needs a title."),
        summary=(summary or "").strip(),
        amount_minor=_check_amount(amount_minor),
        currency_code=_check_currency(session, commission_id, currency_code),
        received_on=received_on,
        shortlisted=False,
    )
    session.add(bid)
    record(
        session,
        commission_id=commission_id,
        action="bid.added",
        summary="Bid added",
        details={
            "bid_id": bid.id,
            "bidder_id": bidder_id,
            "amount_minor": bid.amount_minor,
            "currency": bid.currency_code,
        },
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def add_bid_with_bidder(
    session: Session,
    *,
    commission_id: str,
    bidder_name: str,
    organisation_type: str = "",
    title: str,
    summary: str = "",
    amount_minor: int,
    currency_code: str = "GBP",
    received_on: date | None = None,
) -> BidRow:
    """Record a bid from the bidder of this name, adding the bidder first when they are new.

    One action for the bids page's form, so a refused bid never leaves a new bidder behind.
    An existing bidder (matched by name, ignoring case and spaces) keeps their details.
    """
    fetch(session, Commission, commission_id, what="commission")
    name = plain_name(required_text(bidder_name, "A bidder needs a name."), "The bidder's name")
    existing = next(
        (
            row
            for row in list_bidders(session, commission_id=commission_id)
            if row.name.casefold() == name.casefold()
        ),
        None,
    )
    bidder = existing or add_bidder(
        session, commission_id=commission_id, name=name, organisation_type=organisation_type
    )
    return add_bid(
        session,
        commission_id=commission_id,
        bidder_id=bidder.id,
        title=title,
        summary=summary,
        amount_minor=amount_minor,
        currency_code=currency_code,
        received_on=received_on,
    )


def update_bid(
    session: Session,
    *,
    bid_id: str,
    title: str | None = None,
    summary: str | None = None,
    amount_minor: int | None = None,
    currency_code: str | None = None,
    received_on: date | None = None,
) -> BidRow:
    """Change a bid's details; arguments left as None stay as they are."""
    bid = fetch(session, Bid, bid_id, what="bid")
    if title is not None:
        bid.title = required_text(title, "A bid needs a title.")
    if summary is not None:
        bid.summary = summary.strip()
    if amount_minor is not None:
        bid.amount_minor = _check_amount(amount_minor)
    if currency_code is not None:
        bid.currency_code = _check_currency(session, bid.commission_id, currency_code)
    if received_on is not None:
        bid.received_on = received_on
    record(
        session,
        commission_id=bid.commission_id,
        action="bid.updated",
        summary="Bid details changed",
        details={"bid_id": bid.id, "amount_minor": bid.amount_minor, "currency": bid.currency_code},
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def set_shortlisted(session: Session, *, bid_id: str, shortlisted: bool) -> BidRow:
    """Put a bid on the shortlist for interview, or take it off; scores it already has are kept."""
    bid = fetch(session, Bid, bid_id, what="bid")
    bid.shortlisted = bool(shortlisted)
    record(
        session,
        commission_id=bid.commission_id,
        action="bid.shortlisted" if bid.shortlisted else "bid.unshortlisted",
        summary="Bid shortlisted" if bid.shortlisted else "Bid taken off the shortlist",
        details={"bid_id": bid.id},
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def mark_interviewed(session: Session, *, bid_id: str, interviewed_on: date | None) -> BidRow:
    """Record the day the bidder was interviewed (None clears it); only shortlisted bids are interviewed."""
    bid = fetch(session, Bid, bid_id, what="bid")
    if interviewed_on is not None and not bid.shortlisted:
        raise RuleBroken("Only shortlisted bids are interviewed; shortlist this bid first.")
    bid.interviewed_on = interviewed_on
    record(
        session,
        commission_id=bid.commission_id,
        action="bid.interviewed",
        summary="Interview date recorded" if interviewed_on else "Interview date cleared",
        details={"bid_id": bid.id, "interviewed_on": interviewed_on},
        changed=("bid", bid.id),
    )
    return _bid_row(session, bid)


def _bids(session: Session, commission_id: str, shortlisted_only: bool) -> list[Bid]:
    query = select(Bid).where(Bid.commission_id == commission_id)
    if shortlisted_only:
        query = query.where(Bid.shortlisted.is_(True))
    return list(session.scalars(query.order_by(Bid.title, Bid.id)))


def list_bids(session: Session, *, commission_id: str, shortlisted_only: bool = False) -> tuple[BidRow, ...]:
    """The commission's bids by title, or only the shortlisted ones."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_bid_row(session, bid) for bid in _bids(session, commission_id, shortlisted_only))


# --------------------------------------------------------------------------- the panel


def set_panellist(session: Session, *, participant_id: str, is_panellist: bool) -> PanellistRow:
    """Put a participant on the interview panel, or take them off; scores they gave are kept.

    Someone who has withdrawn or whose personal data has been erased cannot join the panel.
    """
    participant = fetch(session, Participant, participant_id, what="participant")
    if is_panellist and participant.erased_at is not None:
        raise RuleBroken("This participant's details have been erased, so they cannot join the panel.")
    if is_panellist and participant.withdrawn_on is not None:
        raise RuleBroken("This participant has withdrawn from the commission, so they cannot join the panel.")
    participant.is_panellist = bool(is_panellist)
    record(
        session,
        commission_id=participant.commission_id,
        action="panel.joined" if participant.is_panellist else "panel.left",
        summary="Participant joined the interview panel"
        if participant.is_panellist
        else "Participant left the panel",
        details={"participant_id": participant.id},
        changed=("participant", participant.id),
    )
    return _panellist_row(participant)


def _panellists(session: Session, commission_id: str) -> list[Participant]:
    return sorted(
        session.scalars(
            select(Participant).where(
                Participant.commission_id == commission_id, Participant.is_panellist.is_(True)
            )
        ),
        key=lambda p: (name_sort_key(p.pseudonym), p.id),
    )


def list_panellists(session: Session, *, commission_id: str) -> tuple[PanellistRow, ...]:
    """The interview panel by pseudonym."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_panellist_row(participant) for participant in _panellists(session, commission_id))


# --------------------------------------------------------------------------- interview questions


def _questions(session: Session, commission_id: str) -> list[InterviewQuestion]:
    return list(
        session.scalars(
            select(InterviewQuestion)
            .where(InterviewQuestion.commission_id == commission_id)
            .order_by(InterviewQuestion.position)
        )
    )


def _question_row(session: Session, question: InterviewQuestion) -> QuestionRow:
    asker = session.get(Participant, question.asked_by_id) if question.asked_by_id else None
    return QuestionRow(
        question.id,
        question.position,
        question.text,
        question.asked_by_id,
        asker.pseudonym if asker else None,
        question.criterion_id,
    )


def _check_asker(session: Session, commission_id: str, asked_by_id: str | None) -> str | None:
    if asked_by_id is not None:
        fetch(session, Participant, asked_by_id, what="participant", commission_id=commission_id)
    return asked_by_id


def _check_question_criterion(session: Session, commission_id: str, criterion_id: str | None) -> str | None:
    if criterion_id is not None:
        fetch(
            session,
            EvaluationCriterion,
            criterion_id,
            what="evaluation criterion",
            commission_id=commission_id,
        )
    return criterion_id


def add_question(
    session: Session,
    *,
    commission_id: str,
    text: str,
    asked_by_id: str | None = None,
    criterion_id: str | None = None,
    question_id: str | None = None,
    position: int | None = None,
) -> QuestionRow:
    """Add an interview question at the end, owned by the participant who will ask it.

    Undo puts a removed question back with its ``question_id`` and ``position``.
    """
    fetch(session, Commission, commission_id, what="commission")
    questions = _questions(session, commission_id)
    question = InterviewQuestion(
        id=unused_id(session, InterviewQuestion, question_id, what="question"),
        commission_id=commission_id,
        position=len(questions) + 1,
        text=required_text(text, "Write the question before adding it."),
        asked_by_id=_check_asker(session, commission_id, asked_by_id),
        criterion_id=_check_question_criterion(session, commission_id, criterion_id),
    )
    session.add(question)
    put_in_place(questions, question, position)
    record(
        session,
        commission_id=commission_id,
        action="interview_question.added",
        summary="Interview question added",
        details={"question_id": question.id, "asked_by_id": asked_by_id, "criterion_id": criterion_id},
        changed=("interview_question", question.id),
    )
    return _question_row(session, question)


def update_question(
    session: Session,
    *,
    question_id: str,
    text: str | None = None,
    asked_by_id: str | Unchanged | None = UNCHANGED,
    criterion_id: str | Unchanged | None = UNCHANGED,
) -> QuestionRow:
    """Change a question's words, who asks it or its criterion; None clears the asker or criterion."""
    question = fetch(session, InterviewQuestion, question_id, what="interview question")
    if text is not None:
        question.text = required_text(text, "An interview question cannot be empty.")
    if asked_by_id is not UNCHANGED:
        question.asked_by_id = _check_asker(session, question.commission_id, asked_by_id)
    if criterion_id is not UNCHANGED:
        question.criterion_id = _check_question_criterion(session, question.commission_id, criterion_id)
    record(
        session,
        commission_id=question.commission_id,
        action="interview_question.updated",
        summary="Interview question changed",
        details={
            "question_id": question.id,
            "asked_by_id": question.asked_by_id,
            "criterion_id": question.criterion_id,
        },
        changed=("interview_question", question.id),
    )
    return _question_row(session, question)


def move_question(session: Session, *, question_id: str, position: int) -> tuple[QuestionRow, ...]:
    """Move a question to ``position`` (1 is asked first); the others close up around it."""
    question = fetch(session, InterviewQuestion, question_id, what="interview question")
    move_to(_questions(session, question.commission_id), question, position)
    record(
        session,
        commission_id=question.commission_id,
        action="interview_question.moved",
        summary=f"Interview question moved to position {position}",
        details={"question_id": question.id, "position": position},
        changed=("interview_question", question.id),
    )
    return list_questions(session, commission_id=question.commission_id)


def remove_question(session: Session, *, question_id: str) -> tuple[QuestionRow, ...]:
    """Remove an interview question; the rest close up. Returns the questions left."""
    question = fetch(session, InterviewQuestion, question_id, what="interview question")
    commission_id = question.commission_id
    remove_from(session, _questions(session, commission_id), question)
    record(
        session,
        commission_id=commission_id,
        action="interview_question.removed",
        summary="Interview question removed",
        details={"question_id": question_id},
        changed=("interview_question", question_id),
    )
    return list_questions(session, commission_id=commission_id)


def list_questions(session: Session, *, commission_id: str) -> tuple[QuestionRow, ...]:
    """The interview questions in the order they will be asked."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_question_row(session, question) for question in _questions(session, commission_id))


# --------------------------------------------------------------------------- conflicts of interest


def declare_conflict(session: Session, *, bid_id: str, panellist_id: str, nature: str) -> ConflictRow:
    """Record a panellist's conflict of interest with a bid, so they cannot score it.

    If the panellist has already scored that bid, those scores are removed, and the
    audit entry says "scores withdrawn because of a declared conflict": a conflicted
    score must not count, even one given before the conflict came to light. Withdrawing
    the declaration later does not bring them back. A moderated score the panel has
    already agreed for that bid is left as it is, for the panel to revisit.
    """
    bid = fetch(session, Bid, bid_id, what="bid")
    fetch(session, Participant, panellist_id, what="participant", commission_id=bid.commission_id)
    nature = required_text(
        nature, "Say what the conflict of interest is, such as a family member working there."
    )
    if _conflict(session, bid_id, panellist_id) is not None:
        raise RuleBroken("This conflict of interest has already been declared.")
    conflict = ConflictDeclaration(
        id=new_id(), bid_id=bid_id, panellist_id=panellist_id, nature=nature, declared_at=utcnow()
    )
    session.add(conflict)
    withdrawn = list(
        session.scalars(select(Score.id).where(Score.bid_id == bid_id, Score.panellist_id == panellist_id))
    )
    if withdrawn:
        session.execute(delete(Score).where(Score.id.in_(withdrawn)))
    summary = "Conflict of interest declared"
    if withdrawn:
        scores = "score" if len(withdrawn) == 1 else "scores"
        summary += f"; {len(withdrawn)} {scores} withdrawn because of a declared conflict"
    # The nature of the conflict is left out: it can name people and say how they are connected.
    record(
        session,
        commission_id=bid.commission_id,
        action="conflict.declared",
        summary=summary,
        details={"bid_id": bid_id, "panellist_id": panellist_id, "withdrawn_score_ids": withdrawn},
        changed=("conflict", conflict.id),
        subject=conflict,
        removed=[("score", score_id) for score_id in withdrawn],
    )
    for score_id in withdrawn:
        note_change(session, "score", score_id, commission_id=bid.commission_id)
    return _conflict_row(conflict)


def withdraw_conflict(session: Session, *, bid_id: str, panellist_id: str) -> tuple[ConflictRow, ...]:
    """Withdraw a declared conflict so the panellist may score the bid again; returns the conflicts left."""
    bid = fetch(session, Bid, bid_id, what="bid")
    conflict = _conflict(session, bid_id, panellist_id)
    if conflict is None:
        raise RuleBroken("No conflict of interest has been declared for this panellist and bid.")
    conflict_id = conflict.id
    session.delete(conflict)
    record(
        session,
        commission_id=bid.commission_id,
        action="conflict.withdrawn",
        summary="Conflict of interest withdrawn",
        details={"bid_id": bid_id, "panellist_id": panellist_id},
        changed=("conflict", conflict_id),
        removed=[("conflict_declaration", conflict_id)],
    )
    return list_conflicts(session, commission_id=bid.commission_id)


def list_conflicts(session: Session, *, commission_id: str) -> tuple[ConflictRow, ...]:
    """Every declared conflict of interest in the commission, oldest first."""
    fetch(session, Commission, commission_id, what="commission")
    conflicts = session.scalars(
        select(ConflictDeclaration)
        .join(Bid, Bid.id == ConflictDeclaration.bid_id)
        .where(Bid.commission_id == commission_id)
        .order_by(ConflictDeclaration.declared_at, ConflictDeclaration.id)
    )
    return tuple(_conflict_row(conflict) for conflict in conflicts)


def is_conflicted(session: Session, *, bid_id: str, panellist_id: str) -> bool:
    """Whether the panellist has declared a conflict of interest with the bid."""
    fetch(session, Bid, bid_id, what="bid")
    return _conflict(session, bid_id, panellist_id) is not None


# --------------------------------------------------------------------------- scores


def _check_scorer(session: Session, bid: Bid, panellist_id: str) -> Participant:
    panellist = fetch(session, Participant, panellist_id, what="participant", commission_id=bid.commission_id)
    if not panellist.is_panellist:
        raise RuleBroken(f"{panellist.pseudonym} is not on the interview panel; add them to the panel first.")
    if panellist.withdrawn_on is not None or panellist.erased_at is not None:
        raise RuleBroken("This panellist has withdrawn from the commission, so they cannot score.")
    if _conflict(session, bid.id, panellist_id) is not None:
        raise RuleBroken(
            f"{panellist.pseudonym} has declared a conflict of interest with this bid and cannot score it."
        )
    return panellist


def _score(session: Session, bid_id: str, criterion_id: str, panellist_id: str) -> Score | None:
    return session.scalar(
        select(Score).where(
            Score.bid_id == bid_id, Score.criterion_id == criterion_id, Score.panellist_id == panellist_id
        )
    )


def record_score(
    session: Session, *, bid_id: str, criterion_id: str, panellist_id: str, value: int, comment: str = ""
) -> ScoreRow:
    """Record (or replace) a panellist's score for a shortlisted bid on one criterion."""
    bid = fetch(session, Bid, bid_id, what="bid")
    _criterion_for(session, bid, criterion_id)
    _check_scorer(session, bid, panellist_id)
    _require_shortlisted(bid)
    value = _check_value(value, _scale_max(session, bid.commission_id))
    score = _score(session, bid_id, criterion_id, panellist_id)
    replaced = score is not None
    if score is None:
        score = Score(
            id=new_id(), bid_id=bid_id, criterion_id=criterion_id, panellist_id=panellist_id, value=value
        )
        session.add(score)
    score.value, score.comment, score.scored_at = value, (comment or "").strip(), utcnow()
    record(
        session,
        commission_id=bid.commission_id,
        action="score.recorded",
        summary="Score changed" if replaced else "Score recorded",
        details={
            "bid_id": bid_id,
            "criterion_id": criterion_id,
            "panellist_id": panellist_id,
            "value": value,
        },
        changed=("score", score.id),
        subject=score,
    )
    return _score_row(score)


def clear_score(session: Session, *, bid_id: str, criterion_id: str, panellist_id: str) -> None:
    """Remove a panellist's score for a bid on one criterion, leaving the cell empty."""
    bid = fetch(session, Bid, bid_id, what="bid")
    score = _score(session, bid_id, criterion_id, panellist_id)
    if score is None:
        raise RuleBroken("There is no score to clear for this panellist, bid and criterion.")
    score_id = score.id
    session.delete(score)
    record(
        session,
        commission_id=bid.commission_id,
        action="score.cleared",
        summary="Score cleared",
        details={"bid_id": bid_id, "criterion_id": criterion_id, "panellist_id": panellist_id},
        changed=("score", score_id),
        removed=[("score", score_id)],
    )



def _scores_for(session: Session, bid_ids: Sequence[str]) -> list[Score]:
    return list(session.scalars(select(Score).where(Score.bid_id.in_(bid_ids))))


def _grid_panellists(session: Session, commission_id: str, bid_ids: Sequence[str]) -> list[Participant]:
    # Someone taken off the panel after scoring still has scores that count, so they keep their row.
    has_scores = exists().where(Score.panellist_id == Participant.id, Score.bid_id.in_(bid_ids))
    return sorted(
        session.scalars(
            select(Participant).where(
                Participant.commission_id == commission_id,
                or_(Participant.is_panellist.is_(True), has_scores),
            )
        ),
        key=lambda p: (name_sort_key(p.pseudonym), p.id),
    )


def scoring_grid(session: Session, *, commission_id: str) -> tuple[GridRow, ...]:
    """Each panellist × shortlisted bid × criterion cell: its score or None, locked if conflicted."""
    fetch(session, Commission, commission_id, what="commission")
    bids = _bids(session, commission_id, shortlisted_only=True)
    bid_ids = [bid.id for bid in bids]
    criteria = criteria_in_order(session, commission_id)
    scores = {(s.panellist_id, s.bid_id, s.criterion_id): s for s in _scores_for(session, bid_ids)}
    conflicts = session.execute(
        select(ConflictDeclaration.panellist_id, ConflictDeclaration.bid_id).where(
            ConflictDeclaration.bid_id.in_(bid_ids)
        )
    )
    locked = {(panellist_id, bid_id) for panellist_id, bid_id in conflicts}
    rows = []
    for panellist in _grid_panellists(session, commission_id, bid_ids):
        for bid in bids:
            for criterion in criteria:
                score = scores.get((panellist.id, bid.id, criterion.id))
                rows.append(
                    GridRow(
                        panellist_id=panellist.id,
                        bid_id=bid.id,
                        criterion_id=criterion.id,
                        value=score.value if score else None,
                        comment=score.comment if score else "",
                        locked=(panellist.id, bid.id) in locked,
                    )
                )
    return tuple(rows)


# --------------------------------------------------------------------------- moderation


def _moderated(session: Session, bid_id: str, criterion_id: str) -> ModeratedScore | None:
    return session.scalar(
        select(ModeratedScore).where(
            ModeratedScore.bid_id == bid_id, ModeratedScore.criterion_id == criterion_id
        )
    )


def _mean_of_scores(session: Session, bid_id: str, criterion_id: str) -> float | None:
    values = list(
        session.scalars(select(Score.value).where(Score.bid_id == bid_id, Score.criterion_id == criterion_id))
    )
    return math.fsum(values) / len(values) if values else None


def moderate_score(
    session: Session, *, bid_id: str, criterion_id: str, value: int, reason: str
) -> ModerationRow:
    """Record (or replace) the score the panel agreed for a bid on a criterion, and why.

    The panellists' individual scores are never changed; the mean of them at this
    moment is kept beside the agreed score as ``mean_before``.
    """
    bid = fetch(session, Bid, bid_id, what="bid")
    _criterion_for(session, bid, criterion_id)
    _require_shortlisted(bid)
    value = _check_value(value, _scale_max(session, bid.commission_id))
    reason = required_text(reason, "Give the reason the panel agreed this score.")
    moderated = _moderated(session, bid_id, criterion_id)
    if moderated is None:
        moderated = ModeratedScore(
            id=new_id(), bid_id=bid_id, criterion_id=criterion_id, value=value, reason=reason
        )
        session.add(moderated)
    moderated.value, moderated.reason, moderated.moderated_at = value, reason, utcnow()
    moderated.mean_before = _mean_of_scores(session, bid_id, criterion_id)
    # The reason stays on the moderated score: it is the panel's words and may mention people.
    record(
        session,
        commission_id=bid.commission_id,
        action="score.moderated",
        summary="Moderated score agreed",
        details={
            "bid_id": bid_id,
            "criterion_id": criterion_id,
            "value": value,
            "mean_before": moderated.mean_before,
        },
        changed=("moderated_score", moderated.id),
        subject=moderated,
    )
    return _moderation_row(moderated)


def clear_moderation(session: Session, *, bid_id: str, criterion_id: str) -> None:
    """Remove the panel's agreed score for a cell, so the mean of the individual scores counts again."""
    bid = fetch(session, Bid, bid_id, what="bid")
    moderated = _moderated(session, bid_id, criterion_id)
    if moderated is None:
        raise RuleBroken("There is no moderated score to clear for this bid and criterion.")
    moderated_id = moderated.id
    session.delete(moderated)
    record(
        session,
        commission_id=bid.commission_id,
        action="score.moderation_cleared",
        summary="Moderated score cleared",
        details={"bid_id": bid_id, "criterion_id": criterion_id},
        changed=("moderated_score", moderated_id),
        removed=[("moderated_score", moderated_id)],
    )


def list_moderated_scores(session: Session, *, commission_id: str) -> tuple[ModerationRow, ...]:
    """Every moderated score in the commission with its reason, oldest first."""
    fetch(session, Commission, commission_id, what="commission")
    rows = session.scalars(
        select(ModeratedScore)
        .join(Bid, Bid.id == ModeratedScore.bid_id)
        .where(Bid.commission_id == commission_id)
        .order_by(ModeratedScore.moderated_at, ModeratedScore.id)
    )
    return tuple(_moderation_row(moderated) for moderated in rows)


# --------------------------------------------------------------------------- evaluation


def evaluate(session: Session, *, commission_id: str, use_moderated: bool = True) -> BidEvaluation:
    """Weigh the shortlisted bids' scores into totals and rank them, with each step explained.

    ``use_moderated=False`` gives the individual-only view, ignoring the panel's agreed scores.
    """
    fetch(session, Commission, commission_id, what="commission")
    criteria = criteria_in_order(session, commission_id)
    if not criteria:
        raise RuleBroken("There are no evaluation criteria yet; add them to the tender first.")
    bids = _bids(session, commission_id, shortlisted_only=True)
    bid_ids = [bid.id for bid in bids]
    criterion_ids = {criterion.id for criterion in criteria}
    max_score = _scale_max(session, commission_id)
    moderated = session.scalars(
        select(ModeratedScore).where(
            ModeratedScore.bid_id.in_(bid_ids), ModeratedScore.criterion_id.in_(criterion_ids)
        )
    )
    result = evaluate_bids(
        bids=bid_ids,
        criteria={criterion.id: criterion.weight for criterion in criteria},
        scores=[
            (s.panellist_id, s.bid_id, s.criterion_id, s.value)
            for s in _scores_for(session, bid_ids)
            if s.criterion_id in criterion_ids
        ],
        moderated={(m.bid_id, m.criterion_id): m.value for m in moderated},
        max_score=max_score,
        use_moderated=use_moderated,
        labels={
            **{bid.id: bid.title for bid in bids},
            **{criterion.id: criterion.name for criterion in criteria},
        },
    )
    flagged = frozenset(
        (bid.bid_id, cell.criterion_id)
        for bid in result.bids
        for cell in bid.criteria
        if spread_flag(cell.spread, max_score)
    )
    return BidEvaluation(result=result, max_score=max_score, flagged=flagged)
