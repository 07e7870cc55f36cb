"""What the wall and the vote console read of a round, from the services without Qt."""

from __future__ import annotations

import pytest

from cocommission.model import Participant, Role, utcnow
from cocommission.services import commissions, participants, voting
from cocommission.services.errors import RuleBroken
from cocommission.services.voting_views import (
    Turnout,
    list_voters,
    read_console_ballots,
    read_ranking,
    read_vote,
    turnout,
)


def _person(session, commission_id: str, pseudonym: str, role: Role = Role.YOUNG_PERSON) -> str:
    person = Participant(
        commission_id=commission_id, pseudonym=pseudonym, full_name=f"{pseudonym} Full", role=role
    )
    session.add(person)
    session.flush()
    return person.id


def _round(session, commission_id: str, visibility: str) -> voting.RoundRow:
    made = voting.create_round(
        session,
        commission_id=commission_id,
        title="Which matters most?",
        method="dots",
        options=["Safe estate", "Jobs"],
        visibility=visibility,
    )
    voting.open_round(session, round_id=made.id)
    return voting.get_round(session, round_id=made.id)


@pytest.fixture
def room(session):
    """A commission with two young people, a service user, a facilitator and a withdrawn young person."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    ids = {
        name: _person(session, commission_id, name, role)
        for name, role in [
            ("Ash", Role.YOUNG_PERSON),
            ("Bo", Role.YOUNG_PERSON),
            ("Cy", Role.SERVICE_USER),
            ("Dee", Role.FACILITATOR),
            ("Eli", Role.YOUNG_PERSON),
        ]
    }
    participants.withdraw_participant(session, participant_id=ids["Eli"])
    erased = session.get(Participant, _person(session, commission_id, "Fay"))
    erased.erased_at = utcnow()
    session.flush()
    return commission_id, ids


def test_the_console_lists_exactly_who_the_voting_service_lets_vote(session, room):
    """Young people and service users still taking part; the same people the wall counts as able to vote."""
    commission_id, ids = room
    voters = list_voters(session, commission_id=commission_id)
    assert [voter.pseudonym for voter in voters] == ["Ash", "Bo", "Cy"]
    hidden = _round(session, commission_id, "hidden_until_reveal")
    assert voting.round_progress(session, round_id=hidden.id).eligible_voters == len(voters)
    for name in ("Dee", "Eli"):
        with pytest.raises(RuleBroken):
            voting.cast_ballot(
                session, round_id=hidden.id, participant_id=ids[name], choices={hidden.options[0].id: 1}
            )


def test_turnout_counts_only_voters_who_may_still_vote():
    """Someone who voted and has since withdrawn is in neither number."""
    assert turnout(["a", "b", "c"], {"a", "gone"}) == Turnout(voted=1, eligible=3)
    assert turnout(iter(["a", "a", "b"]), ["a", "b"]) == Turnout(voted=2, eligible=2)
    assert turnout([], {"a"}) == Turnout(voted=0, eligible=0)


def test_a_hidden_round_is_not_even_counted_for_the_wall(session, room):
    """While results are hidden the wall gets who voted and no tally; once revealed, the tally."""
    commission_id, ids = room
    hidden = _round(session, commission_id, "hidden_until_reveal")
    voting.cast_ballot(
        session, round_id=hidden.id, participant_id=ids["Ash"], choices={hidden.options[0].id: 3}
    )

    vote_round, progress, tally = read_vote(session, round_id=hidden.id)
    assert vote_round.id == hidden.id and not vote_round.results_visible
    assert [voter.pseudonym for voter in progress.voted] == ["Ash"] and progress.eligible_voters == 3
    assert tally is None
    assert read_ranking(session, round_id=hidden.id, method=None) == (vote_round, None)

    voting.close_round(session, round_id=hidden.id)
    voting.reveal_round(session, round_id=hidden.id)
    vote_round, progress, tally = read_vote(session, round_id=hidden.id)
    assert vote_round.results_visible
    assert tally == voting.tally_round(session, round_id=hidden.id)
    assert read_ranking(session, round_id=hidden.id, method=None)[1] == tally


def test_a_live_round_is_counted_as_it_goes(session, room):
    """A live round's tally reaches the wall straight away."""
    commission_id, ids = room
    live = _round(session, commission_id, "live")
    voting.cast_ballot(session, round_id=live.id, participant_id=ids["Bo"], choices={live.options[1].id: 2})
    _round_row, _progress, tally = read_vote(session, round_id=live.id)
    assert tally == voting.tally_round(session, round_id=live.id)
    assert tally.ranking[0] == (live.options[1].id,)


@pytest.mark.parametrize("anonymous", [False, True], ids=["named", "anonymous"])
def test_the_console_reads_who_voted_and_only_a_named_rounds_choices(session, room, anonymous):
    """One read gives the console who has voted; what they chose only when the round names its voters."""
    commission_id, ids = room
    made = voting.create_round(
        session, commission_id=commission_id, title="Which matters most?", method="dots",
        options=["Safe estate", "Jobs"], anonymous=anonymous, dots_per_person=3,
    )
    voting.open_round(session, round_id=made.id)
    jobs, estate = (option.id for option in reversed(voting.get_round(session, round_id=made.id).options))
    voting.cast_ballot(session, round_id=made.id, participant_id=ids["Ash"], choices={jobs: 2, estate: 1})
    voting.cast_ballot(session, round_id=made.id, participant_id=ids["Cy"], choices={estate: 3})
    read = read_console_ballots(session, round_id=made.id)
    assert read.voted == {ids["Ash"], ids["Cy"]}
    if anonymous:
        assert read.ballots == {}
    else:
        assert read.ballots == {ids["Ash"]: {estate: 1, jobs: 2}, ids["Cy"]: {estate: 3}}
