"""Voting from a phone: the round the phone shows, and ballots cast from it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pytest
from people_fixtures import person
from sqlalchemy import String, Text, func, select

from cocommission.model import AuditEntry, Ballot, BallotChoice, RoundVoter, whole_schema
from cocommission.services import commissions, voting
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.perform import perform, read
from cocommission.services.phone_ballots import PhoneCast, cast_from_phone, phone_handle, phone_round
from cocommission.services.room_joining import issue_join_cards, join_with_card, join_with_pin, revoke_phone


@dataclass(frozen=True)
class Phones:
    commission_id: str
    kiki: str
    blaze: str
    kiki_id: str
    blaze_id: str
    kiki_phone: str


def _phones(database) -> Phones:
    def make(session):
        cid = commissions.create_commission(session, title="Youth fund").id
        kiki = person(session, cid, "Kiki", full_name="Kiki Adeyemi")
        blaze = person(session, cid, "Blaze", full_name="Blaze Okoro")
        cards = {card.pseudonym: card for card in issue_join_cards(session, commission_id=cid)}
        kiki_phone = join_with_card(session, commission_id=cid, token_or_code=cards["Kiki"].token)
        blaze_phone = join_with_card(session, commission_id=cid, token_or_code=cards["Blaze"].code)
        return Phones(cid, kiki_phone.secret, blaze_phone.secret, kiki, blaze, kiki_phone.phone_id)

    return perform(database, make).result


def _round(database, phones: Phones, method="dots", *, anonymous=False, open_it=True, **rules):
    def make(session):
        made = voting.create_round(
            session, commission_id=phones.commission_id, title="Which matters most?", method=method,
            options=("Safe estate", "Jobs", "Music studio"), anonymous=anonymous, **rules,
        )
        if open_it:
            voting.open_round(session, round_id=made.id)
        return voting.get_round(session, round_id=made.id)

    row = perform(database, make).result
    return row, [option.id for option in row.options]


def _cast(database, secret, round_id, choices, submission):
    return perform(database, cast_from_phone, secret=secret, round_id=round_id, choices=choices,
                   submission_id=submission).result


def _seen(database, phones, secret):
    return read(database, lambda session: phone_round(session, secret=secret, commission_id=phones.commission_id))


def _ballots(database, round_id):
    return read(database, lambda session: voting.list_ballots(session, round_id=round_id))


def _tally(database, round_id):
    return read(database, lambda session: voting.tally_round(session, round_id=round_id))


# --------------------------------------------------------------------------- what the phone shows


def test_a_phone_waits_until_a_round_opens(database):
    phones = _phones(database)
    seen = _seen(database, phones, phones.kiki)
    assert (seen.round_id, seen.state, seen.options, seen.results) == (None, "waiting", (), None)
    _round(database, phones, open_it=False)
    assert _seen(database, phones, phones.kiki).state == "waiting"  # a draft is not on the wall


def test_a_phone_shows_the_open_round_with_its_rules(database):
    phones = _phones(database)
    row, options = _round(database, phones, dots_per_person=4, max_dots_per_option=2)
    seen = _seen(database, phones, phones.kiki)
    assert (seen.round_id, seen.title, seen.state, seen.method) == (row.id, "Which matters most?", "open", "dots")
    assert seen.options == tuple(zip(options, ("Safe estate", "Jobs", "Music studio"), strict=True))
    assert (seen.dots_budget, seen.dots_cap, seen.voted, seen.my_choices, seen.can_vote) == (4, 2, False, None, True)


def test_a_phone_of_another_commission_is_refused(database):
    phones, others = _phones(database), _phones(database)
    with pytest.raises(RuleBroken, match="another commission"):
        read(database, lambda session: phone_round(session, secret=others.kiki, commission_id=phones.commission_id))
    row, options = _round(database, phones)
    with pytest.raises(NotFound, match="not on the wall"):
        _cast(database, others.kiki, row.id, {options[0]: 1}, "s1")


# --------------------------------------------------------------------------- casting


CHOICES = {
    "dots": lambda o: ({o[0]: 3, o[2]: 2}, {o[0]: 2, o[1]: 1}),
    "ranking": lambda o: ((o[2], o[0], o[1]), (o[1], o[0])),
    "approval": lambda o: ((o[0], o[2]), (o[1],)),
    "score": lambda o: ({o[0]: 5, o[1]: 0, o[2]: 3}, {o[0]: 1}),
}


@pytest.mark.parametrize("method", sorted(CHOICES))
def test_a_named_ballot_is_cast_from_a_phone_and_changed(database, method):
    phones = _phones(database)
    row, options = _round(database, phones, method)
    first, second = CHOICES[method](options)
    assert _cast(database, phones.kiki, row.id, first, "s1") == PhoneCast(replaced=False, replayed=False)
    seen = _seen(database, phones, phones.kiki)
    assert seen.voted and _plain(seen.my_choices) == _plain(first)
    assert [(b.participant_id, _plain(b.choices)) for b in _ballots(database, row.id)] == [(phones.kiki_id, _plain(first))]
    assert not _seen(database, phones, phones.blaze).voted
    assert _cast(database, phones.kiki, row.id, second, "s2") == PhoneCast(replaced=True, replayed=False)
    assert [_plain(b.choices) for b in _ballots(database, row.id)] == [_plain(second)]
    assert _plain(_seen(database, phones, phones.kiki).my_choices) == _plain(second)


@pytest.mark.parametrize("method", sorted(CHOICES))
def test_an_anonymous_ballot_is_cast_from_a_phone_and_changed_through_its_own_handle(database, method):
    phones = _phones(database)
    row, options = _round(database, phones, method, anonymous=True)
    first, second = CHOICES[method](options)
    assert not _cast(database, phones.kiki, row.id, first, "s1").replaced
    seen = _seen(database, phones, phones.kiki)
    assert seen.voted and seen.anonymous and seen.my_choices is None  # never read back
    assert seen.can_vote  # this phone's own ballot: it can change it
    assert [_plain(b.choices) for b in _ballots(database, row.id)] == [_plain(first)]
    assert _cast(database, phones.kiki, row.id, second, "s2").replaced
    ballots = _ballots(database, row.id)
    assert [(b.participant_id, _plain(b.choices)) for b in ballots] == [(None, _plain(second))]
    digest = hashlib.sha256(phone_handle(phones.kiki, row.id).encode()).hexdigest()
    assert read(database, lambda session: session.scalar(select(Ballot.handle_hash))) == digest


def test_a_ballot_sent_again_counts_once_and_never_undoes_a_change(database):
    phones = _phones(database)
    for anonymous in (False, True):
        row, (a, b, _c) = _round(database, phones, anonymous=anonymous)
        assert not _cast(database, phones.kiki, row.id, {a: 2}, "first").replayed
        again = _cast(database, phones.kiki, row.id, {a: 2}, "first")
        assert (again.replayed, again.replaced) == (True, False)
        _cast(database, phones.kiki, row.id, {b: 1}, "second")
        assert _cast(database, phones.kiki, row.id, {a: 2}, "first").replayed
        assert [_plain(ballot.choices) for ballot in _ballots(database, row.id)] == [{b: 1}]
        assert _tally(database, row.id).ballots_counted == 1


def test_an_over_budget_ballot_is_refused_and_nothing_is_stored(database):
    phones = _phones(database)
    row, (a, b, _c) = _round(database, phones)
    with pytest.raises(RuleBroken, match="each person has 5. Take 1 off"):
        _cast(database, phones.kiki, row.id, {a: 3, b: 3}, "s1")
    with pytest.raises(RuleBroken, match="at most 3"):
        _cast(database, phones.kiki, row.id, {a: 4}, "s2")
    assert _ballots(database, row.id) == ()
    assert not _seen(database, phones, phones.kiki).voted


def test_a_closed_round_refuses_and_the_phone_shows_it_closed(database):
    phones = _phones(database)
    row, (a, _b, _c) = _round(database, phones, anonymous=True)
    _cast(database, phones.kiki, row.id, {a: 1}, "s1")
    perform(database, voting.close_round, round_id=row.id)
    for secret in (phones.kiki, phones.blaze):
        with pytest.raises(RuleBroken, match="This round is closed"):
            _cast(database, secret, row.id, {a: 2}, "s2")
    seen = _seen(database, phones, phones.kiki)
    assert (seen.state, seen.can_vote) == ("closed", False)
    assert [_plain(ballot.choices) for ballot in _ballots(database, row.id)] == [{a: 1}]


def test_a_revoked_phone_cannot_vote(database):
    phones = _phones(database)
    row, (a, _b, _c) = _round(database, phones)
    perform(database, revoke_phone, phone_id=phones.kiki_phone)
    with pytest.raises(RuleBroken, match="isn't joined"):
        _cast(database, phones.kiki, row.id, {a: 1}, "s1")
    with pytest.raises(RuleBroken, match="isn't joined"):
        _seen(database, phones, phones.kiki)
    assert _ballots(database, row.id) == ()


def test_a_submission_needs_an_id_and_a_round_on_the_wall(database):
    phones = _phones(database)
    row, (a, _b, _c) = _round(database, phones)
    for submission in ("", "  ", "x" * 101, None):
        with pytest.raises(InvalidInput, match="Reload the page"):
            _cast(database, phones.kiki, row.id, {a: 1}, submission)
    with pytest.raises(NotFound, match="not on the wall"):
        _cast(database, phones.kiki, "no such round", {a: 1}, "s1")
    assert _ballots(database, row.id) == ()


def test_an_anonymous_ballot_cast_at_the_console_cannot_be_changed_from_the_phone(database):
    phones = _phones(database)
    row, (a, b, _c) = _round(database, phones, anonymous=True)
    perform(database, voting.cast_ballot, round_id=row.id, participant_id=phones.kiki_id, choices={a: 1})
    with pytest.raises(RuleBroken, match="can't be changed from this phone"):
        _cast(database, phones.kiki, row.id, {b: 1}, "s1")
    assert [_plain(ballot.choices) for ballot in _ballots(database, row.id)] == [{a: 1}]
    seen = _seen(database, phones, phones.kiki)
    assert seen.voted and not seen.can_vote


def test_a_replacing_phone_cannot_change_the_first_phones_anonymous_ballot(database):
    phones = _phones(database)
    row, (a, b, _c) = _round(database, phones, anonymous=True)
    _cast(database, phones.kiki, row.id, {a: 1}, "s1")
    second = perform(database, join_with_pin, commission_id=phones.commission_id, participant_id=phones.kiki_id,
                     pin="1234", room_pin="1234").result
    with pytest.raises(RuleBroken, match="from another phone"):
        _cast(database, second.secret, row.id, {b: 1}, "s2")
    assert not _seen(database, phones, second.secret).can_vote


def test_a_callers_handle_must_be_long_and_only_in_anonymous_rounds(database):
    phones = _phones(database)
    named, (a, _b, _c) = _round(database, phones)
    anonymous, (x, _y, _z) = _round(database, phones, anonymous=True)
    with pytest.raises(InvalidInput, match="Only a ballot in an anonymous round"):
        perform(database, voting.cast_ballot, round_id=named.id, participant_id=phones.kiki_id, choices={a: 1},
                new_handle="h" * 64)
    with pytest.raises(InvalidInput, match="long secret"):
        perform(database, voting.cast_ballot, round_id=anonymous.id, participant_id=phones.kiki_id, choices={x: 1},
                new_handle="short")
    assert _ballots(database, named.id) == _ballots(database, anonymous.id) == ()


# --------------------------------------------------------------------------- results


def test_a_hidden_round_shows_the_phone_nothing_until_it_is_revealed(database):
    phones = _phones(database)
    row, (a, b, _c) = _round(database, phones, anonymous=True, visibility="hidden_until_reveal")
    _cast(database, phones.kiki, row.id, {a: 3}, "k")
    _cast(database, phones.blaze, row.id, {a: 1, b: 2}, "b")
    for state in ("open", "closed"):
        for secret in (phones.kiki, phones.blaze):
            seen = _seen(database, phones, secret)
            assert (seen.state, seen.results, seen.my_choices) == (state, None, None)
        if state == "open":
            perform(database, voting.close_round, round_id=row.id)
    perform(database, voting.reveal_round, round_id=row.id)
    seen = _seen(database, phones, phones.blaze)
    counted = _tally(database, row.id)
    assert seen.state == "revealed"
    assert [result.option_id for result in seen.results] == [o for tier in counted.ranking for o in tier]
    assert [(result.label, result.place, result.score) for result in seen.results][:2] == [
        ("Safe estate", 1, f"{counted.score_texts[a]} dots"), ("Jobs", 2, f"{counted.score_texts[b]} dots")
    ]


def test_a_live_round_also_shows_results_only_once_revealed(database):
    phones = _phones(database)
    row, (a, _b, _c) = _round(database, phones)
    _cast(database, phones.kiki, row.id, {a: 1}, "k")
    assert _seen(database, phones, phones.blaze).results is None
    perform(database, voting.close_round, round_id=row.id)
    perform(database, voting.reveal_round, round_id=row.id)
    assert _seen(database, phones, phones.blaze).results[0].option_id == a


# --------------------------------------------------------------------------- unlinkable


def test_nothing_stored_links_a_phones_holder_to_their_anonymous_choice(database):
    """Every text column of every table is searched: only the ballot tables know the ballot, and they name no one."""
    phones = _phones(database)
    row, (a, b, _c) = _round(database, phones, anonymous=True)
    _cast(database, phones.kiki, row.id, {a: 2}, "k1")
    _cast(database, phones.kiki, row.id, {b: 3}, "k2")
    _cast(database, phones.blaze, row.id, {a: 1}, "b1")
    handles = [phone_handle(secret, row.id) for secret in (phones.kiki, phones.blaze)]

    def everything(session):
        found = {}
        for table in whole_schema().sorted_tables:
            columns = [column for column in table.columns if isinstance(column.type, String | Text)]
            found[table.name] = [tuple(row) for row in session.execute(select(*columns))] if columns else []
        ballot_ids = set(session.scalars(select(Ballot.id)))
        line_ids = set(session.scalars(select(BallotChoice.id)))
        return found, ballot_ids, line_ids

    tables, ballot_ids, line_ids = read(database, everything)
    assert read(database, lambda s: s.scalar(select(func.count()).select_from(RoundVoter))) == 2
    for name, rows in tables.items():
        texts = [value for row in rows for value in row if isinstance(value, str)]
        for handle in handles:
            assert not [text for text in texts if handle in text], name
            digest = hashlib.sha256(handle.encode()).hexdigest()
            assert name == "ballot" or not [text for text in texts if digest in text], name
        for secret in (phones.kiki, phones.blaze):
            assert not [text for text in texts if secret in text], name
        if name not in {"ballot", "ballot_choice"}:
            for ballot_id in ballot_ids | line_ids:
                assert not [text for text in texts if ballot_id in text], (name, "holds a ballot id")
    for row in tables["ballot"] + tables["ballot_choice"]:
        assert phones.kiki_id not in row and phones.blaze_id not in row
    assert read(database, lambda s: s.scalar(select(func.count()).where(Ballot.participant_id.is_not(None)))) == 0
    entries = read(database, lambda s: [e.details_json + e.summary for e in s.scalars(select(AuditEntry))])
    assert not [entry for entry in entries for ballot_id in ballot_ids if ballot_id in entry]


# --------------------------------------------------------------------------- helpers


def _plain(choices):
    return dict(choices) if hasattr(choices, "items") else tuple(choices)


# --------------------------------------------------------------------------- a hot path


def test_a_phone_changing_its_ballot_reads_its_phone_once_and_takes_the_round_once(database):
    """A room of phones casts dozens of ballots a second, each waiting on the one before it: the
    unit of work the room runs for a ballot asks who the phone is once, and takes the round's row
    once, though both the resend check and the cast need it taken."""
    from sqlalchemy import event

    from cocommission.room.app import cast

    phones = _phones(database)
    row, options = _round(database, phones, dots_per_person=3)
    _cast(database, phones.kiki, row.id, {options[0]: 3}, "first")
    statements: list[str] = []

    def heard(_connection, _cursor, statement, *_rest) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(database.engine, "before_cursor_execute", heard)
    try:
        done = perform(
            database, cast, secret=phones.kiki, commission_id=phones.commission_id, round_id=row.id,
            submission_id="second", choices={options[1]: 2, options[2]: 1},
        ).result
    finally:
        event.remove(database.engine, "before_cursor_execute", heard)
    assert done == PhoneCast(replaced=True, replayed=False)
    assert len([s for s in statements if "FROM room_phone" in s]) == 1
    taken = [s for s in statements if s.startswith("UPDATE vote_round") or s.endswith("FOR UPDATE")]
    assert len(taken) == 1, taken
    assert _ballots(database, row.id)[0].choices == {options[1]: 2, options[2]: 1}
