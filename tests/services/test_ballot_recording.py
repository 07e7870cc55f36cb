"""Recording a finished ballot: one unit of work through the voting service, once per submission."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from cocommission.model import AuditEntry, Ballot, Participant, Role, RoundVoter
from cocommission.services import commissions, voting
from cocommission.services.ballot_draft import BallotDraft
from cocommission.services.ballot_recording import BallotSubmission, record_ballot
from cocommission.services.errors import RuleBroken
from cocommission.services.perform import perform, read


def _setup(database, *, anonymous=False, method="dots"):
    def make(session):
        cid = commissions.create_commission(session, title="Youth fund").id
        people = [
            Participant(commission_id=cid, pseudonym=name, full_name=f"Full {name}", role=Role.YOUNG_PERSON)
            for name in ("Kiki", "Blaze")
        ]
        session.add_all(people)
        made = voting.create_round(
            session, commission_id=cid, title="Which matters most?", method=method,
            options=("Safe estate", "Jobs", "Music studio"), anonymous=anonymous,
        )
        voting.open_round(session, round_id=made.id)
        session.flush()
        return voting.get_round(session, round_id=made.id), [person.id for person in people]

    return perform(database, make).result


def _ballots(database, round_id):
    return read(database, lambda session: voting.list_ballots(session, round_id=round_id))


def _audit_entries(database) -> int:
    return read(database, lambda session: session.scalar(select(func.count()).select_from(AuditEntry)))


def test_a_draft_is_recorded_through_the_voting_service_with_its_audit_entry(database):
    row, (kiki, _blaze) = _setup(database)
    a, b, _c = (option.id for option in row.options)
    draft = BallotDraft(row)
    draft.press(a)
    draft.press(b)
    done = perform(database, record_ballot, ballot=draft.submission(participant_id=kiki))
    assert done.result.ballot.choices == {a: 1, b: 1}
    assert (done.result.replaced, done.result.replayed) == (False, False)
    assert "ballot" in done.changes.kinds
    assert [(ballot.participant_id, dict(ballot.choices)) for ballot in _ballots(database, row.id)] == [
        (kiki, {a: 1, b: 1})
    ]
    draft.take_back()
    again = perform(database, record_ballot, ballot=draft.submission(participant_id=kiki))
    assert again.result.replaced and dict(again.result.ballot.choices) == {a: 1}


def test_an_over_budget_ballot_is_refused_and_nothing_is_stored(database):
    row, (kiki, _blaze) = _setup(database)
    a, b, _c = (option.id for option in row.options)
    submission = BallotSubmission(round_id=row.id, participant_id=kiki, choices={a: 3, b: 3})
    with pytest.raises(RuleBroken, match="each person has 5"):
        perform(database, record_ballot, ballot=submission)
    assert _ballots(database, row.id) == ()
    assert read(database, lambda session: session.scalar(select(func.count()).select_from(RoundVoter))) == 0


def test_a_closed_round_takes_no_ballot(database):
    row, (kiki, _blaze) = _setup(database)
    draft = BallotDraft(row)
    draft.press(row.options[0].id)
    perform(database, voting.close_round, round_id=row.id)
    with pytest.raises(RuleBroken, match="This round is closed"):
        perform(database, record_ballot, ballot=draft.submission(participant_id=kiki))
    assert _ballots(database, row.id) == ()


def test_a_submission_sent_twice_is_recorded_once_and_never_undoes_a_later_correction(database):
    row, (kiki, _blaze) = _setup(database)
    a, b, _c = (option.id for option in row.options)
    first = BallotSubmission(round_id=row.id, participant_id=kiki, choices={a: 2}, submission_id="phone-1")
    perform(database, record_ballot, ballot=first)
    correction = BallotSubmission(
        round_id=row.id, participant_id=kiki, choices={b: 2}, submission_id="phone-2"
    )
    perform(database, record_ballot, ballot=correction)
    entries = _audit_entries(database)
    replay = perform(database, record_ballot, ballot=first)
    assert replay.result.replayed and replay.result.ballot is None
    assert [dict(ballot.choices) for ballot in _ballots(database, row.id)] == [{b: 2}]
    assert _audit_entries(database) == entries
    # The same id in another round is another submission.
    other, _people = _setup(database)
    assert not read(
        database,
        lambda session: voting.submission_recorded(
            session, round_id=other.id, participant_id=kiki, submission_id="phone-1"
        ),
    )


def test_another_voters_ballot_with_the_same_id_is_not_taken_for_a_replay(database):
    """An id seen on open Wi-Fi and sent first by someone else cannot make the owner's ballot look sent already."""
    row, (kiki, blaze) = _setup(database)
    a, b, _c = (option.id for option in row.options)
    perform(database, record_ballot, ballot=BallotSubmission(
        round_id=row.id, participant_id=blaze, choices={a: 1}, submission_id="phone-1"))
    owner = perform(database, record_ballot, ballot=BallotSubmission(
        round_id=row.id, participant_id=kiki, choices={b: 2}, submission_id="phone-1"))
    assert not owner.result.replayed
    stored = {frozenset(dict(ballot.choices).items()) for ballot in _ballots(database, row.id)}
    assert stored == {frozenset({(a, 1)}), frozenset({(b, 2)})}


def test_an_anonymous_submission_sent_twice_is_not_refused_as_a_second_vote(database):
    """A retry is known for what it is, not refused with "has already voted"; the audit keeps no id."""
    row, (kiki, _blaze) = _setup(database, anonymous=True)
    a = row.options[0].id
    sent = BallotSubmission(round_id=row.id, participant_id=kiki, choices={a: 1}, submission_id="phone-7")
    first = perform(database, record_ballot, ballot=sent).result
    assert first.ballot.handle and first.ballot.participant_id is None
    assert perform(database, record_ballot, ballot=sent).result.replayed
    assert read(database, lambda session: session.scalar(select(func.count()).select_from(Ballot))) == 1
    details = read(
        database,
        lambda session: [
            json.loads(entry.details_json)
            for entry in session.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast"))
        ],
    )
    assert len(details) == 1 and "phone-7" not in json.dumps(details)
    assert set(details[0]) == {"round_id", "submission", "record"}
    # Without an id, a second ballot from someone who has voted is still refused.
    with pytest.raises(RuleBroken, match="already voted"):
        perform(
            database,
            record_ballot,
            ballot=BallotSubmission(round_id=row.id, participant_id=kiki, choices={a: 1}),
        )


def test_a_ranking_sent_with_a_repeat_or_as_places_with_a_gap_is_refused(database):
    """A phone might send a ranking badly made; the recorder refuses it in the voting service's words."""
    row, (kiki, _blaze) = _setup(database, method="ranking")
    a, _b, c = (option.id for option in row.options)
    repeat = BallotSubmission(round_id=row.id, participant_id=kiki, choices=(a, c, a))
    with pytest.raises(voting.InvalidInput, match="ranked more than once"):
        perform(database, record_ballot, ballot=repeat)
    gap = BallotSubmission(round_id=row.id, participant_id=kiki, choices={a: 1, c: 3})
    with pytest.raises(voting.InvalidInput, match="list of option ids, best first"):
        perform(database, record_ballot, ballot=gap)
    assert _ballots(database, row.id) == ()
