"""Checking every stored round, ballot, paper tally, score and payment against the rules it was made under.

The services refuse a ballot over its dot budget or a score off the scale; these checks find
such rows all the same when they got into the file another way (edited with a database tool,
or a damaged import), because a count or a total built on them would be wrong without a sign.
The rules themselves are the services' own (``round_rules.py``, ``scoring_rules.py``); import
runs these checks before it lets a file in, and counting a round runs that round's.
Each problem is one line naming rows by id only, never a person's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import (
    Bid,
    ConflictDeclaration,
    Currency,
    Decision,
    EvaluationCriterion,
    FundedBid,
    ModeratedScore,
    PaperTally,
    Participant,
    Payment,
    RoundState,
    RoundVoter,
    Score,
    Tender,
    VoteOption,
    VoteRound,
)
from cocommission.model.money import MAX_MINOR_UNITS
from cocommission.services.round_rules import (
    RoundRules,
    ballot_problems,
    count_method_problems,
    lot_problems,
    options_problems,
    paper_problems,
    rules_problems,
)
from cocommission.services.scoring_rules import (
    DEFAULT_SCALE_MAX,
    scale_problems,
    score_problems,
    weight_problems,
)
from cocommission.services.stored_ballots import StoredBallot, read_stored_ballots

#: The largest payment the services accept, in minor units: the one money limit.
LARGEST_PAYMENT = MAX_MINOR_UNITS


def _round_problems(
    session: Session, vote_round: VoteRound, members: set[str], ballots: Sequence[StoredBallot] | None = None
) -> list[str]:
    """Every way the round, its ballots, its voters and its paper tallies break its rules.

    ``ballots`` are the round's, when the caller has read them already (counting does, to count them).
    """
    here = f"round {vote_round.id}"
    wall = [
        (option_id, outcome_id)
        for option_id, outcome_id in session.execute(
            select(VoteOption.id, VoteOption.outcome_id)
            .where(VoteOption.round_id == vote_round.id)
            .order_by(VoteOption.position, VoteOption.id)
        )
    ]
    options = {option_id for option_id, _ in wall}
    problems = [
        f"{here}: {problem}"
        for problem in rules_problems(
            dots_per_person=vote_round.dots_per_person,
            max_dots_per_option=vote_round.max_dots_per_option,
            score_min=vote_round.score_min,
            score_max=vote_round.score_max,
        )
        + count_method_problems(vote_round.method, vote_round.count_method)
        + options_problems(wall)
        + lot_problems(
            vote_round.lot_order,
            options,
            voting_closed=vote_round.state in (RoundState.CLOSED, RoundState.REVEALED),
        )
    ]
    if ballots is None:
        ballots = read_stored_ballots(session, round_id=vote_round.id, anonymous=vote_round.anonymous)
    voters = set(session.scalars(select(RoundVoter.participant_id).where(RoundVoter.round_id == vote_round.id)))
    paper = list(
        session.execute(
            select(PaperTally.id, PaperTally.option_id, PaperTally.dots)
            .where(PaperTally.round_id == vote_round.id)
            .order_by(PaperTally.id)
        )
    )
    if vote_round.state is RoundState.DRAFT:
        # Ballots are cast, and paper counted, only once a round opens and its rules are frozen.
        held = [f"{len(ballots)} ballots"] if ballots else []
        held += [f"{len(paper)} lines of paper tallies"] if paper else []
        if held:
            problems.append(f"{here}: it has not opened, yet holds {' and '.join(held)}")
    elif len(options) < 2:
        problems.append(f"{here}: it opened with {len(options)} options; a round needs at least 2")
    # A round may hold thousands of ballots: its settings are read off the mapped round once,
    # and a ballot's place is written out only when something is wrong with it.
    anonymous, rules = vote_round.anonymous, RoundRules.of(vote_round)
    for ballot in sorted(ballots, key=attrgetter("id")):
        participant_id, cast_at = ballot.participant_id, ballot.cast_at
        found = ballot_problems(rules, ballot.lines, options)
        if anonymous and (participant_id is not None or cast_at is not None):
            found.insert(0, "it names its voter or keeps a time, in an anonymous round")
        elif not anonymous and participant_id is None:
            found.insert(0, "it names no voter, in a named round")
        elif participant_id is not None and participant_id not in members:
            found.insert(0, "its voter is not in this commission")
        elif participant_id is not None and participant_id not in voters:
            found.insert(0, "its voter is not recorded as having voted")
        if found:
            where = f"ballot {ballot.id} in {here}"
            problems += [f"{where}: {problem}" for problem in found]
    # Every person who voted has exactly one ballot: one missing or one extra changes the count.
    if len(ballots) != len(voters):
        problems.append(f"{here}: {len(ballots)} ballots but {len(voters)} people voted")
    for paper_id, option_id, dots in paper:
        problems += [
            f"paper tally {paper_id} in {here}: {problem}"
            for problem in paper_problems(vote_round.method, option_id, dots, options)
        ]
    return problems


def _members(session: Session, commission_id: str) -> set[str]:
    return set(session.scalars(select(Participant.id).where(Participant.commission_id == commission_id)))


def _ballots(session: Session, commission_id: str) -> list[str]:
    rounds = session.scalars(
        select(VoteRound)
        .where(VoteRound.commission_id == commission_id)
        .order_by(VoteRound.position, VoteRound.id)
    )
    members = _members(session, commission_id)
    return [problem for vote_round in rounds for problem in _round_problems(session, vote_round, members)]


def round_breaks(
    session: Session, *, round_id: str, ballots: Sequence[StoredBallot] | None = None
) -> tuple[str, ...]:
    """One line per way a round, its ballots or its paper tallies break the round's rules.

    ``ballots`` are the round's as ``read_stored_ballots`` gives them, when the caller has them.
    """
    vote_round = session.get(VoteRound, round_id)
    if vote_round is None:
        return ()
    return tuple(_round_problems(session, vote_round, _members(session, vote_round.commission_id), ballots))


def _tender(session: Session, commission_id: str) -> list[str]:
    problems = [
        f"tender {tender_id}: {problem}"
        for tender_id, scale in session.execute(
            select(Tender.id, Tender.scoring_scale_max).where(Tender.commission_id == commission_id)
        )
        for problem in scale_problems(scale)
    ]
    problems += [
        f"criterion {criterion_id}: {problem}"
        for criterion_id, weight in session.execute(
            select(EvaluationCriterion.id, EvaluationCriterion.weight)
            .where(EvaluationCriterion.commission_id == commission_id)
            .order_by(EvaluationCriterion.position, EvaluationCriterion.id)
        )
        for problem in weight_problems(weight)
    ]
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
        problems += [f"{where}: {problem}" for problem in score_problems(score.value, scale_max)]
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
        problems += [f"{where}: {problem}" for problem in score_problems(moderated.value, scale_max)]
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


def _funding(session: Session, commission_id: str) -> list[str]:
    """Each bid the group funds receives something: the decision refuses an amount of nothing."""
    return [
        f"funded bid {funded_id} (bid {bid_id}): amount {amount} is not between 1 and {LARGEST_PAYMENT}"
        for funded_id, bid_id, amount in session.execute(
            select(FundedBid.id, FundedBid.bid_id, FundedBid.amount_minor)
            .join(Decision, Decision.id == FundedBid.decision_id)
            .where(Decision.commission_id == commission_id)
            .order_by(FundedBid.id)
        )
        if not 1 <= amount <= LARGEST_PAYMENT
    ]


def rule_breaks(session: Session, *, commission_id: str) -> tuple[str, ...]:
    """One line per stored round, ballot, paper tally, tender, score or payment that breaks its rules."""
    return tuple(
        _ballots(session, commission_id)
        + _tender(session, commission_id)
        + _scores(session, commission_id)
        + _funding(session, commission_id)
        + _payments(session, commission_id)
    )
