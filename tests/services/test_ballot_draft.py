"""A ballot being made for one voter: presses the rules refuse, what is left, and why it cannot be recorded."""

from __future__ import annotations

import pytest

from cocommission.model import Participant, Role, VoteRound, new_id
from cocommission.services import commissions, voting
from cocommission.services.ballot_draft import BallotDraft
from cocommission.services.errors import ServiceError


def _round(session, method="dots", labels=("Safe estate", "Jobs", "Music studio"), *, opened=True, **rules):
    cid = commissions.create_commission(session, title="Youth fund").id
    made = voting.create_round(
        session, commission_id=cid, title="Which matters most?", method=method, options=labels, **rules
    )
    if opened:
        voting.open_round(session, round_id=made.id)
    return voting.get_round(session, round_id=made.id)


def _ids(vote_round) -> list[str]:
    return [option.id for option in vote_round.options]


def _voter(session, vote_round) -> str:
    commission_id = session.get(VoteRound, vote_round.id).commission_id
    person = Participant(
        commission_id=commission_id, pseudonym=f"Voter {new_id()[:8]}", full_name="V", role=Role.YOUNG_PERSON
    )
    session.add(person)
    session.flush()
    return person.id


def _cast_refusal(session, vote_round, choices) -> str | None:
    """What ``cast_ballot`` says of these choices, or None when it takes them."""
    try:
        voter = _voter(session, vote_round)
        voting.cast_ballot(session, round_id=vote_round.id, participant_id=voter, choices=choices)
    except ServiceError as refusal:
        return refusal.message
    return None


def test_dots_count_down_the_budget_and_a_press_over_it_is_refused(session):
    row = _round(session, dots_per_person=3, max_dots_per_option=2)
    a, b, c = _ids(row)
    draft = BallotDraft(row)
    assert (draft.dots_left(), draft.is_empty(), draft.is_valid()) == (3, True, False)
    assert draft.problem() == "The ballot is empty. Place at least one dot."
    for option_id in (a, b, b):
        assert draft.press(option_id) is None
    assert (draft.dots_left(), draft.choices(), draft.is_complete()) == (0, {a: 1, b: 2}, True)
    assert draft.press(c) == "All 3 dots are placed; that would be 4. Press Backspace to take one back first."
    assert draft.choices() == {a: 1, b: 2}
    assert draft.take_back() == b
    assert (draft.dots_left(), draft.is_valid(), draft.is_complete()) == (1, True, False)


def test_a_press_over_the_most_one_option_takes_is_refused_in_words(session):
    row = _round(session, dots_per_person=5, max_dots_per_option=2)
    a = _ids(row)[0]
    draft = BallotDraft(row)
    draft.press(a)
    draft.press(a)
    assert draft.press(a) == "“Safe estate” already has 2 dots, the most one option can take."
    assert draft.value(a) == 2


def test_typed_dots_over_the_budget_or_the_cap_are_kept_and_said_as_the_service_says_them(session):
    row = _round(session, dots_per_person=5, max_dots_per_option=3)
    a, b, _c = _ids(row)
    draft = BallotDraft(row)
    draft.set_dots(a, 3)
    draft.set_dots(b, 3)
    assert draft.dots_left() == -1
    assert draft.problem() == "That is 6 dots; each person has 5. Take 1 off."
    assert draft.problem() == _cast_refusal(session, row, draft.choices())
    draft.set_dots(b, 0)
    draft.set_dots(a, 4)
    assert draft.problem() == 'That is 4 dots on "Safe estate"; each option can take at most 3.'
    assert draft.problem() == _cast_refusal(session, row, draft.choices())
    draft.set_dots(a, 2)
    assert draft.is_valid() and draft.choices() == {a: 2}
    with pytest.raises(ValueError):
        draft.set_dots(a, -1)


def test_a_ranking_refuses_a_repeat_and_the_service_refuses_repeats_typed_in(session):
    row = _round(session, method="ranking")
    a, b, c = _ids(row)
    draft = BallotDraft(row)
    assert draft.press(b) is None and draft.press(a) is None
    assert draft.press(b) == "“Jobs” is already ranked 1; each option is ranked once."
    assert (draft.choices(), draft.value(a), draft.value(c)) == ((b, a), 2, None)
    assert draft.is_valid() and not draft.is_complete()
    draft.reorder([a, b])
    assert draft.choices() == (a, b)
    draft.reorder([a, c])  # not the options ranked: nothing changes
    assert draft.choices() == (a, b)
    draft.set_ranking([a, b, a])
    assert draft.problem() == '"Safe estate" is ranked more than once; rank each option once.'
    assert draft.problem() == _cast_refusal(session, row, draft.choices())


def test_a_ranking_with_a_gap_is_read_best_first_with_no_gap(session):
    """A ranking is an order: leaving the middle option out ranks the rest 1 and 2, as the count reads it."""
    row = _round(session, method="ranking")
    a, b, c = _ids(row)
    draft = BallotDraft(row)
    draft.set_ranking([c, a])
    assert (draft.value(c), draft.value(a), draft.value(b)) == (1, 2, None)
    assert draft.is_valid() and not draft.is_complete()
    draft.set_ranking([c, a, b])
    assert draft.is_complete()
    assert draft.take_back() == b and draft.choices() == (c, a)


def test_approval_presses_tick_and_untick_and_choices_keep_wall_order(session):
    row = _round(session, method="approval")
    a, b, c = _ids(row)
    draft = BallotDraft(row)
    for option_id in (c, a, b, b):
        assert draft.press(option_id) is None
    assert draft.choices() == (a, c)
    assert draft.placed() == 2 and draft.is_complete()
    draft.set_approved(a, False)
    assert draft.choices() == (c,)


def test_scores_rise_by_press_stop_at_the_highest_and_typed_scores_are_checked(session):
    row = _round(session, method="score", score_min=1, score_max=3)
    a, b, _c = _ids(row)
    draft = BallotDraft(row)
    for _ in range(3):
        assert draft.press(a) is None
    assert draft.press(a) == "“Safe estate” already has the highest score, 3."
    assert draft.choices() == {a: 3}
    assert draft.take_back() == a and draft.value(a) == 2
    draft.take_back()
    draft.take_back()
    assert draft.value(a) is None and draft.is_empty()
    draft.set_score(b, 7)
    assert draft.problem() == 'The score for "Jobs" is 7; scores go from 1 to 3.'
    assert draft.problem() == _cast_refusal(session, row, draft.choices())
    draft.set_score(b, None)
    assert draft.problem() == "The ballot is empty. Score at least one option."


def test_a_draft_in_a_round_that_is_not_open_says_so(session):
    row = _round(session, opened=False)
    draft = BallotDraft(row)
    draft.press(_ids(row)[0])
    assert draft.problem() == "This round has not opened yet; open it before casting ballots."
    voting.open_round(session, round_id=row.id)
    voting.close_round(session, round_id=row.id)
    closed = BallotDraft(voting.get_round(session, round_id=row.id))
    closed.press(_ids(row)[0])
    assert closed.problem() == "This round is closed; ballots can no longer be cast."
    assert not closed.is_valid() and not closed.is_complete()


@pytest.mark.parametrize(
    ("method", "choices"),
    [("dots", {0: 2, 2: 1}), ("ranking", (2, 0)), ("approval", (0, 2)), ("score", {1: 4})],
)
def test_a_ballot_already_cast_loads_back_unchanged(session, method, choices):
    row = _round(session, method=method)
    ids = _ids(row)
    given = (
        {ids[number]: value for number, value in choices.items()}
        if isinstance(choices, dict)
        else tuple(ids[number] for number in choices)
    )
    draft = BallotDraft(row)
    draft.load({**given, "gone": 1} if isinstance(given, dict) else (*given, "gone"))
    assert draft.choices() == given
    submission = draft.submission(participant_id="p")
    assert (submission.round_id, submission.choices, submission.submission_id) == (row.id, given, None)


def test_a_refused_press_is_worded_for_the_screen_through_the_translator(session):
    """The console reads a refusal out at once, so it goes through the installed translation like any on-screen words."""
    from cocommission.wording import install_translate

    vote_round = _round(session, dots_per_person=1, max_dots_per_option=1)
    first, second = _ids(vote_round)[:2]
    draft = BallotDraft(vote_round)
    assert draft.press(first) is None
    seen = []

    def mark(context: str, text: str) -> str:
        seen.append(context)
        return f"«{text}»"

    previous = install_translate(mark)
    try:
        refusal = draft.press(second)
    finally:
        install_translate(previous)
    assert refusal == "«All 1 dots are placed; that would be 2. Press Backspace to take one back first.»"
    assert seen == ["BallotDraft"]
