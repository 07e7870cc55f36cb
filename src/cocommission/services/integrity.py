"""Checking every stored ballot, score and payment against the rules it was recorded under.

The services refuse a ballot over its dot budget or a score off the scale; these checks find
such rows all the same when they got into the file another way (edited with a database tool,
or a damaged import), because a count or a total built on them would be wrong without a sign.
Each problem is one line naming rows by id only, never a person's name.
"""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import (
    Ballot,
    BallotChoice,
    Bid,
    ConflictDeclaration,
    Currency,
    EvaluationCriterion,
    ModeratedScore,
    Participant,
    Payment,
    RoundState,
    RoundVoter,
    Score,
    Tender,
    VoteMethod,
    VoteOption,
    VoteRound,
)
from cocommission.model.money import MAX_MINOR_UNITS

#: The largest payment the services accept, in minor units: the one money limit.
LARGEST_PAYMENT = MAX_MINOR_UNITS
#: The scoring scale when a commission has no tender yet (as the bids service assumes).
DEFAULT_SCALE_MAX = 5


def _ballot_problems(vote_round: VoteRound, ballot_id: str, lines: list[tuple[str, int]], options: set[str]) -> list[str]:
    """What is wrong with one ballot's lines (option id, value) under its round's rules."""
    where = f"ballot {ballot_id} in round {vote_round.id}"
    problems = [f"{where}: option {option_id} is not in this round" for option_id, _ in lines if option_id not in options]
    values = [value for _, value in lines]
    if not lines:
        problems.append(f"{where}: has no choices")
    elif vote_round.method is VoteMethod.DOTS:
        over = [value for value in values if value < 1 or value > vote_round.max_dots_per_option]
        if over:
            problems.append(
                f"{where}: {max(over, key=abs)} dots on one option; each takes 1 to {vote_round.max_dots_per_option}"
            )
        if sum(values) > vote_round.dots_per_person:
            problems.append(f"{where}: {sum(values)} dots; each person has {vote_round.dots_per_person}")
    elif vote_round.method is VoteMethod.RANKING:
        if sorted(values) != list(range(1, len(values) + 1)):
            problems.append(f"{where}: ranks {sorted(values)} are not 1 to {len(values)}, each once")
    elif vote_round.method is VoteMethod.APPROVAL:
        if any(value != 1 for value in values):
            problems.append(f"{where}: an approval other than 1")
    else:
        low, high = vote_round.score_min, vote_round.score_max
        outside = [value for value in values if not low <= value <= high]
        if outside:
            problems.append(f"{where}: score {outside[0]} outside {low} to {high}")
    return problems


def _ballots(session: Session, commission_id: str) -> list[str]:
    problems: list[str] = []
    rounds = session.scalars(
        select(VoteRound).where(VoteRound.commission_id == commission_id).order_by(VoteRound.position)
    )
    members = set(session.scalars(select(Participant.id).where(Participant.commission_id == commission_id)))
    for vote_round in rounds:
        options = set(session.scalars(select(VoteOption.id).where(VoteOption.round_id == vote_round.id)))
        lines: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for ballot_id, option_id, value in session.execute(
            select(BallotChoice.ballot_id, BallotChoice.option_id, BallotChoice.value)
            .join(Ballot, Ballot.id == BallotChoice.ballot_id)
            .where(Ballot.round_id == vote_round.id)
        ):
            lines[ballot_id].append((option_id, value))
        ballots = list(
            session.execute(
                select(Ballot.id, Ballot.participant_id, Ballot.cast_at).where(Ballot.round_id == vote_round.id)
            )
        )
        voters = set(session.scalars(select(RoundVoter.participant_id).where(RoundVoter.round_id == vote_round.id)))
        for ballot_id, participant_id, cast_at in sorted(ballots, key=lambda ballot: ballot[0]):
            where = f"ballot {ballot_id} in round {vote_round.id}"
            if vote_round.anonymous and (participant_id is not None or cast_at is not None):
                problems.append(f"{where}: it names its voter or keeps a time, in an anonymous round")
            elif not vote_round.anonymous and participant_id is None:
                problems.append(f"{where}: it names no voter, in a named round")
            elif participant_id is not None and participant_id not in members:
                problems.append(f"{where}: its voter is not in this commission")
            elif participant_id is not None and participant_id not in voters:
                problems.append(f"{where}: its voter is not recorded as having voted")
            problems += _ballot_problems(vote_round, ballot_id, lines.get(ballot_id, []), options)
        # Every person who voted has exactly one ballot: one missing or one extra changes the count.
        if len(ballots) != len(voters):
            problems.append(f"round {vote_round.id}: {len(ballots)} ballots but {len(voters)} people voted")
    return problems


def _lots(session: Session, commission_id: str) -> list[str]:
    """A lot that a run-off count would follow must be one drawn after voting, ordering every option once."""
    problems: list[str] = []
    rounds = session.scalars(
        select(VoteRound).where(VoteRound.commission_id == commission_id, VoteRound.lot_order.is_not(None))
    )
    for vote_round in rounds:
        where = f"round {vote_round.id}"
        options = sorted(session.scalars(select(VoteOption.id).where(VoteOption.round_id == vote_round.id)))
        try:
            order = json.loads(vote_round.lot_order or "")
        except ValueError:
            order = None
        if not isinstance(order, list) or sorted(map(str, order)) != options or len(set(order)) != len(order):
            problems.append(f"{where}: its lot does not put each of the round's options in order once")
        if vote_round.state not in (RoundState.CLOSED, RoundState.REVEALED):
            problems.append(f"{where}: a lot is drawn but voting has not closed")
    return problems


def _scores(session: Session, commission_id: str) -> list[str]:
    problems: list[str] = []
    tender_scale = session.scalar(select(Tender.scoring_scale_max).where(Tender.commission_id == commission_id))
    scale_max = DEFAULT_SCALE_MAX if tender_scale is None else tender_scale
    criteria = set(
        session.scalars(select(EvaluationCriterion.id).where(EvaluationCriterion.commission_id == commission_id))
    )
    panel = set(session.scalars(select(Participant.id).where(Participant.commission_id == commission_id)))
    bids = select(Bid.id).where(Bid.commission_id == commission_id)
    conflicts = set(
        tuple(row)
        for row in session.execute(
            select(ConflictDeclaration.bid_id, ConflictDeclaration.panellist_id).where(
                ConflictDeclaration.bid_id.in_(bids)
            )
        )
    )
    for score in session.scalars(select(Score).where(Score.bid_id.in_(bids)).order_by(Score.id)):
        where = f"score {score.id} (bid {score.bid_id})"
        if not 0 <= score.value <= scale_max:
            problems.append(f"{where}: {score.value} is off the scoring scale 0 to {scale_max}")
        if score.criterion_id not in criteria:
            problems.append(f"{where}: criterion {score.criterion_id} is not this commission's")
        if score.panellist_id not in panel:
            problems.append(f"{where}: panellist {score.panellist_id} is not in this commission")
        if (score.bid_id, score.panellist_id) in conflicts:
            problems.append(f"{where}: panellist {score.panellist_id} declared a conflict with this bid")
    for moderated in session.scalars(
        select(ModeratedScore).where(ModeratedScore.bid_id.in_(bids)).order_by(ModeratedScore.id)
    ):
        where = f"moderated score {moderated.id} (bid {moderated.bid_id})"
        if not 0 <= moderated.value <= scale_max:
            problems.append(f"{where}: {moderated.value} is off the scoring scale 0 to {scale_max}")
        if moderated.criterion_id not in criteria:
            problems.append(f"{where}: criterion {moderated.criterion_id} is not this commission's")
    return problems


def _payments(session: Session, commission_id: str) -> list[str]:
    problems: list[str] = []
    currencies = set(session.scalars(select(Currency.code).where(Currency.commission_id == commission_id)))
    people = set(session.scalars(select(Participant.id).where(Participant.commission_id == commission_id)))
    payments = list(
        session.scalars(select(Payment).where(Payment.commission_id == commission_id).order_by(Payment.receipt_number, Payment.id))
    )
    for payment in payments:
        where = f"payment {payment.id}"
        if not 1 <= payment.amount_minor <= LARGEST_PAYMENT:
            problems.append(f"{where}: amount {payment.amount_minor} is not between 1 and {LARGEST_PAYMENT}")
        if payment.currency_code not in currencies:
            problems.append(f"{where}: currency {payment.currency_code!r} is not one of this commission's")
        if payment.participant_id not in people:
            problems.append(f"{where}: paid to {payment.participant_id}, who is not in this commission")
    return problems


def rule_breaks(session: Session, *, commission_id: str) -> tuple[str, ...]:
    """One line per stored ballot, score or payment that breaks the rules it was recorded under."""
    return tuple(
        _ballots(session, commission_id)
        + _lots(session, commission_id)
        + _scores(session, commission_id)
        + _payments(session, commission_id)
    )
