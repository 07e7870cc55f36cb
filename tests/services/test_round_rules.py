"""Casting a vote and checking a stored one apply the same rules: what the services accept, `check` accepts.

The rules live once, in ``services/round_rules.py``; these properties try many rounds and ballots
through the services and hold every outcome to it: a round is created exactly when its settings
pass the rules, and every ballot cast is one that the database check (and so import) finds sound.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.hypothesis_profiles import examples

from cocommission.db import open_database
from cocommission.model import Role, VoteMethod
from cocommission.services import commissions, participants, voting
from cocommission.services.errors import InvalidInput, ServiceError
from cocommission.services.integrity import rule_breaks
from cocommission.services.perform import perform
from cocommission.services.round_rules import lot_problems, rules_problems

RULES = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
OPTIONS = ("Gym", "Cafe", "Library")


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory):
    """One database for every example: each example works in a commission of its own."""
    database = open_database(tmp_path_factory.mktemp("rules") / "rules.sqlite")
    yield database
    database.close()


@RULES
@given(
    dots=st.integers(-2, 8), cap=st.integers(-2, 8), low=st.integers(-3, 3), high=st.integers(-3, 3),
    method=st.sampled_from(list(VoteMethod)),
)
def test_a_round_is_created_exactly_when_its_settings_pass_the_rules(shared_database, dots, cap, low, high, method):
    """Creating a round refuses the settings the shared rules refuse, with the same words, and no others."""
    expected = rules_problems(dots_per_person=dots, max_dots_per_option=cap, score_min=low, score_max=high)
    database = shared_database
    commission_id = perform(database, commissions.create_commission, title="Fund").result.id
    try:
        perform(
            database, voting.create_round, commission_id=commission_id, title="Which?", method=method,
            dots_per_person=dots, max_dots_per_option=cap, score_min=low, score_max=high, options=OPTIONS,
        )
    except InvalidInput as refused:
        assert expected and refused.message.lower() == expected[0].lower() + "."
    else:
        assert not expected


CHOICES = st.one_of(
    st.dictionaries(st.integers(0, 3), st.integers(-3, 7), max_size=4),  # dots or scores, by option number
    st.lists(st.integers(0, 3), max_size=4),  # a ranking or approvals, by option number
)


@RULES
@given(
    method=st.sampled_from(list(VoteMethod)),
    anonymous=st.booleans(),
    ballots=st.lists(CHOICES, min_size=1, max_size=4),
)
def test_every_ballot_the_services_accept_passes_the_database_check(shared_database, method, anonymous, ballots):
    """Whatever is cast, accepted or refused, the round is left with nothing `check` or import would refuse."""
    database = shared_database
    commission_id = perform(database, commissions.create_commission, title="Fund").result.id
    made = perform(
        database, voting.create_round, commission_id=commission_id, title="Which?", method=method,
        anonymous=anonymous, dots_per_person=5, max_dots_per_option=3, score_min=-2, score_max=2,
        options=OPTIONS,
    ).result
    perform(database, voting.open_round, round_id=made.id)
    option_ids = [option.id for option in made.options] + ["not-an-option"]
    for number, choices in enumerate(ballots):
        voter = perform(
            database, participants.add_participant, commission_id=commission_id, pseudonym=f"Voter {number}",
            role=Role.YOUNG_PERSON,
        ).result.id
        if isinstance(choices, dict):
            given_choices = {option_ids[n]: value for n, value in choices.items()}
        else:
            given_choices = [option_ids[n] for n in choices]
        try:
            perform(database, voting.cast_ballot, round_id=made.id, participant_id=voter, choices=given_choices)
        except ServiceError as refused:
            assert len(refused.message.splitlines()) == 1
    with database.unit_of_work() as session:
        assert rule_breaks(session, commission_id=commission_id) == ()
        voting.tally_round(session, round_id=made.id)


def test_a_lot_puts_every_one_of_the_rounds_options_in_order_once():
    """A lot is a JSON list of all the round's option ids, drawn after voting; anything else is named plainly."""
    options = {"a", "b", "c"}

    def problems(lot: str | None, *, voting_closed: bool = True) -> list[str]:
        return lot_problems(lot, options, voting_closed=voting_closed)

    assert problems(None) == []
    assert problems(None, voting_closed=False) == []
    assert problems('["c", "a", "b"]') == []
    assert problems('["c", "a", "b"]', voting_closed=False) == ["a lot is drawn but voting has not closed"]
    assert problems('["a", "c"]') == ["its lot leaves out option b"]
    assert problems('["a", "z", "b", "c"]') == ["its lot names option z, which is not in this round"]
    assert problems('["a", "a", "b", "c"]') == ["its lot names option a twice"]
    assert problems("{") == ["its lot is not a list of this round's options"]
    assert problems('{"a": 1}') == ["its lot is not a list of this round's options"]
    assert problems("[1, 2]") == ["its lot is not a list of this round's options"]
    assert problems("[" * 100_000) == ["its lot is not a list of this round's options"]


def test_a_lot_is_not_words_people_typed():
    """Erasure and the anonymised export look through typed words for names; a lot holds option ids, which they leave."""
    from cocommission.services.free_text import free_text_columns

    assert "vote_round.lot_order" not in {column.name for column in free_text_columns()}
    assert "vote_option.label" in {column.name for column in free_text_columns()}
