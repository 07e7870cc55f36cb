"""What the wall and the vote console show of a round, read in one session.

The wall's vote and ranking scenes and the console's "7 of 9 have voted" only
show these; the rules behind them (a hidden round is not even counted, who
may vote, who counts towards turnout) are kept here, beside the voting
service, so no screen works them out again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import RoundVoter, VoteRound
from cocommission.model.tallies import TallyResult
from cocommission.services import voting
from cocommission.services.lookup import fetch
from cocommission.services.participants import list_participants
from cocommission.services.voting import VOTING_ROLES, RoundProgress, RoundRow, VoterRow


def read_vote(session: Session, *, round_id: str) -> tuple[RoundRow, RoundProgress, TallyResult | None]:
    """The round, who has voted and, only when the wall may show results, the tally: one snapshot."""
    # Held for the whole read, so each service below finds the round in the session rather than reading it again:
    # the wall and the console read this after every burst of ballots from a room of phones.
    held = fetch(session, VoteRound, round_id, what="vote round")
    voted = voting.round_progress(session, round_id=round_id)
    vote_round = voting.get_round(session, round_id=round_id, progress=voted)
    # A hidden round is not even counted, so no total can reach the wall by mistake.
    counted = voting.tally_round(session, round_id=round_id) if vote_round.results_visible else None
    del held
    return vote_round, voted, counted


def read_ranking(
    session: Session, *, round_id: str, method: str | None
) -> tuple[RoundRow, TallyResult | None]:
    """The round and, only once the wall may show its results, its count by ``method`` (None: the round's)."""
    vote_round = voting.get_round(session, round_id=round_id)
    if not vote_round.results_visible:
        return vote_round, None
    return vote_round, voting.tally_round(session, round_id=round_id, method=method)


def list_voters(session: Session, *, commission_id: str) -> tuple[VoterRow, ...]:
    """Everyone who may vote in the commission's rounds, by pseudonym: young people and service users
    still taking part (withdrawn and erased people are left out)."""
    people = list_participants(session, commission_id=commission_id, include_withdrawn=False)
    return tuple(VoterRow(person.id, person.pseudonym) for person in people if person.role in VOTING_ROLES)


@dataclass(frozen=True)
class Turnout:
    """How many of the people who may vote have voted, as the console says it: "7 of 9 have voted"."""

    voted: int
    eligible: int


def turnout(voter_ids: Iterable[str], voted_ids: Iterable[str]) -> Turnout:
    """Turnout among ``voter_ids``: someone who voted and may no longer vote (withdrawn since) is left out."""
    eligible = set(voter_ids)
    return Turnout(voted=len(eligible.intersection(voted_ids)), eligible=len(eligible))


@dataclass(frozen=True)
class ConsoleBallots:
    """What the vote console marks in its list of voters: who has voted and, in a named round, their ballots."""

    voted: frozenset[str]
    ballots: dict[str, voting.Choices]


def read_console_ballots(session: Session, *, round_id: str) -> ConsoleBallots:
    """Who has voted in the round and, unless it is anonymous, what each chose: one read for the console.

    The console reads this after each burst of ballots from the room's phones, so it is one unit
    of work and asks only for the voters' ids, not their names or the count of who may vote.
    """
    vote_round = fetch(session, VoteRound, round_id, what="vote round")
    voted = frozenset(session.scalars(select(RoundVoter.participant_id).where(RoundVoter.round_id == round_id)))
    if vote_round.anonymous:
        return ConsoleBallots(voted, {})
    ballots = {
        ballot.participant_id: ballot.choices
        for ballot in voting.list_ballots(session, round_id=round_id)
        if ballot.participant_id is not None
    }
    return ConsoleBallots(voted, ballots)

