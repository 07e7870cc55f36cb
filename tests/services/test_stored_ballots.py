"""Counting a round reads its ballots once, as plain columns, for both the rule check and the count.

A round of thousands of voters holds tens of thousands of lines; an ORM object for each made
reading them cost ten times what counting them did.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select, text

from cocommission.model import Ballot, BallotChoice, Participant
from cocommission.services import commissions, voting
from cocommission.services.errors import InvalidInput
from cocommission.services.stored_ballots import read_stored_ballots


def _round_of(session, voters: int) -> str:
    """A closed ranking round of three options in which ``voters`` people each ranked all three; its id."""
    rotations = [[0, 1, 2][n % 3 :] + [0, 1, 2][: n % 3] for n in range(voters)]
    return _closed_ranking_round(session, [f"Voter {n}" for n in range(voters)], rotations, anonymous=False)[0]


@pytest.fixture
def statements(session) -> Iterator[list[str]]:
    """Each SQL statement the session's database runs while the test runs, as sent."""
    sent: list[str] = []

    def note(_connection, _cursor, statement, _parameters, _context, _many) -> None:
        sent.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", note)
    yield sent
    event.remove(engine, "before_cursor_execute", note)


def _ranked_round(session, *, anonymous: bool) -> tuple[str, list[str], list[str]]:
    """A closed ranking round three people voted in; (round id, option ids, participant ids)."""
    return _closed_ranking_round(
        session, ["Ash", "Bea", "Cal"], [[0, 1, 2], [1, 0, 2], [1, 2, 0]], anonymous=anonymous
    )


def _closed_ranking_round(
    session, pseudonyms: list[str], rankings: list[list[int]], *, anonymous: bool
) -> tuple[str, list[str], list[str]]:
    """A closed round of three options, each person ranking them in the order of option positions
    given; (round id, option ids, participant ids)."""
    commission_id = commissions.create_commission(session, title="Youth justice fund").id
    people = [Participant(commission_id=commission_id, pseudonym=name) for name in pseudonyms]
    session.add_all(people)
    session.flush()
    made = voting.create_round(
        session,
        commission_id=commission_id,
        title="Which matters most?",
        method="ranking",
        anonymous=anonymous,
        options=["Safe estate", "Jobs", "Music studio"],
    )
    voting.open_round(session, round_id=made.id)
    options = [option.id for option in made.options]
    for person, ranking in zip(people, rankings, strict=True):
        voting.cast_ballot(
            session, round_id=made.id, participant_id=person.id, choices=[options[n] for n in ranking]
        )
    voting.close_round(session, round_id=made.id)
    return made.id, options, [person.id for person in people]


@pytest.fixture
def loaded() -> Iterator[list[str]]:
    """The name of each ballot and choice object the ORM makes from a row while the test runs."""
    made: list[str] = []

    def note(target, _context) -> None:
        made.append(type(target).__name__)

    for mapped in (Ballot, BallotChoice):
        event.listen(mapped, "load", note)
    yield made
    for mapped in (Ballot, BallotChoice):
        event.remove(mapped, "load", note)


def test_counting_a_round_makes_no_object_per_ballot_or_choice(session, loaded):
    round_id, options, _ = _ranked_round(session, anonymous=False)
    session.expunge_all()

    result = voting.tally_round(session, round_id=round_id)

    assert result.ballots_counted == 3
    assert result.ranking[0] == (options[1],)
    assert loaded == []


def test_listing_a_rounds_ballots_makes_no_object_per_ballot_or_choice(session, loaded):
    round_id, options, people = _ranked_round(session, anonymous=False)
    session.expunge_all()

    ballots = voting.list_ballots(session, round_id=round_id)

    assert [(ballot.participant_id, ballot.choices) for ballot in ballots] == [
        (people[0], (options[0], options[1], options[2])),
        (people[1], (options[1], options[0], options[2])),
        (people[2], (options[1], options[2], options[0])),
    ]
    assert loaded == []


def test_an_anonymous_rounds_stored_ballots_come_in_the_order_of_their_random_ids(session):
    round_id, _, _ = _ranked_round(session, anonymous=True)

    stored = read_stored_ballots(session, round_id=round_id, anonymous=True)

    assert [ballot.id for ballot in stored] == sorted(
        session.scalars(select(Ballot.id).where(Ballot.round_id == round_id))
    )
    assert all(ballot.participant_id is None and ballot.cast_at is None for ballot in stored)
    assert sorted(len(ballot.lines) for ballot in stored) == [3, 3, 3]


def test_counting_still_refuses_a_ballot_changed_outside_the_app(session):
    round_id, options, _ = _ranked_round(session, anonymous=False)
    line = session.scalars(select(BallotChoice).where(BallotChoice.option_id == options[0])).first()
    line.value = 7
    session.flush()

    with pytest.raises(InvalidInput, match="cannot be counted"):
        voting.tally_round(session, round_id=round_id)


def test_counting_a_round_runs_as_many_queries_for_many_voters_as_for_few(session, statements):
    few, many = _round_of(session, 2), _round_of(session, 40)
    session.flush()
    session.expunge_all()
    statements.clear()

    voting.tally_round(session, round_id=few)
    for_few = len(statements)
    statements.clear()
    voting.tally_round(session, round_id=many)

    assert len(statements) == for_few


def test_the_ballot_lines_a_count_reads_come_from_their_index_alone(session, statements):
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("the query plan read here is SQLite's")
    round_id = _round_of(session, 4)
    session.flush()
    statements.clear()

    voting.tally_round(session, round_id=round_id)

    (lines,) = [statement for statement in statements if "FROM ballot_choice" in statement]
    plan = session.execute(text(f"EXPLAIN QUERY PLAN {lines}".replace("?", f"'{round_id}'"))).all()
    steps = [step for *_, step in plan if "ballot_choice" in step]
    assert steps == ["SEARCH ballot_choice USING COVERING INDEX ix_ballot_choice_lines (ballot_id=?)"]


def test_counting_holds_off_garbage_collection_and_then_lets_it_resume(session, statements):
    round_id = _round_of(session, 4)
    collecting: list[bool] = []
    event.listen(session.get_bind(), "before_cursor_execute", lambda *_: collecting.append(gc.isenabled()))
    try:
        assert gc.isenabled()
        voting.tally_round(session, round_id=round_id)
        assert gc.isenabled()
        voting.list_ballots(session, round_id=round_id)
        assert gc.isenabled()
        gc.disable()
        voting.tally_round(session, round_id=round_id)
        assert not gc.isenabled()  # as it was before the count, not turned on behind the caller's back
    finally:
        gc.enable()
    assert collecting and not any(collecting)
