"""Erasing a participant, the retention date, and the subject access record."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date, timedelta

import pytest

from cocommission.db import open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.db.scrub import forget_erased_data
from cocommission.services import commissions, participants, voting, workshops
from cocommission.services.demo import YOUNG_PEOPLE, create_example_commission, find_or_create_example
from cocommission.services.errors import RuleBroken
from cocommission.services.evaluation import evaluate
from cocommission.services.payments import list_payments
from cocommission.services.perform import perform, read
from cocommission.services.privacy import (
    erase_participant,
    erase_personal_data,
    find_name_mentions,
    retention_passed,
    subject_access,
)


def _person(database, commission_id: str, pseudonym: str):
    rows = read(database, lambda s: participants.list_participants(s, commission_id=commission_id))
    return next(row for row in rows if row.pseudonym == pseudonym)


def _counts(database, commission_id: str):
    """Every round's ranking and scores, and every bid's total: what an erasure must not change."""

    def gather(session):
        tallies = {}
        for vote_round in voting.list_rounds(session, commission_id=commission_id):
            result = voting.tally_round(session, round_id=vote_round.id)
            tallies[vote_round.id] = (result.ranking, result.scores, result.ballots_counted)
        evaluation = evaluate(session, commission_id=commission_id)
        return tallies, evaluation

    return read(database, gather)


@pytest.fixture
def example(database) -> str:
    """The worked example commission's id."""
    return perform(database, find_or_create_example).result


def test_erasure_removes_the_person_but_keeps_every_tally_and_total(database, example):
    """Kiki's name, pseudonym and details go; every round's count and every bid total stay the same."""
    before = _counts(database, example)
    kiki = _person(database, example, "Kiki")

    erased = perform(database, erase_participant, participant_id=kiki.id).result

    assert erased.erased and erased.pseudonym.startswith("Erased participant")
    assert erased.full_name is None and erased.contact is None and erased.access_needs == ""
    assert _counts(database, example) == before
    record = read(database, lambda s: subject_access(s, participant_id=kiki.id))
    assert record["participant"]["full_name"] is None
    assert all(conflict["nature"].startswith("A conflict of interest was declared") for conflict in record["conflicts_declared"])
    assert all(score["comment"] == "" for score in record["scores"])
    assert record["feedback_sheets"] == []  # named sheets became anonymous
    assert record["interview_questions_asked"] == []
    assert record["ballots"]  # the contributions are still there, anonymously


def test_erasing_twice_is_refused(database, example):
    """A second erasure of the same person says it was already done."""
    kiki = _person(database, example, "Kiki")
    perform(database, erase_participant, participant_id=kiki.id)
    with pytest.raises(RuleBroken, match="already been erased"):
        perform(database, erase_participant, participant_id=kiki.id)


def test_the_erasure_audit_entry_names_no_one(database, example):
    """The audit log records that an erasure happened, by id, without the person's name."""
    from cocommission.services.audit import list_audit, verify_chain

    kiki = _person(database, example, "Kiki")
    perform(database, erase_participant, participant_id=kiki.id)
    entries = read(database, lambda s: list_audit(s, commission_id=example))
    last = entries[-1]
    assert last.action == "participant.erased"
    assert "Kiki" not in last.summary and "Keisha" not in last.summary
    assert read(database, lambda s: verify_chain(s, commission_id=example)).first_broken is None


def test_no_trace_of_the_name_is_left_in_the_file_its_log_or_backups(tmp_path):
    """After erasure and scrubbing, the file, its write-ahead log and its backups hold no trace of the name."""
    path = tmp_path / "club.sqlite"
    database = open_database(path)
    example = perform(database, create_example_commission).result
    take_backup(path, reason="opened")
    pseudonym, full_name = YOUNG_PEOPLE[2][0], YOUNG_PEOPLE[2][1]  # Zo, Zoë Adeyemi
    zo = _person(database, example, pseudonym)
    assert full_name.encode() in path.read_bytes() + path.with_name(path.name + "-wal").read_bytes()

    perform(database, erase_participant, participant_id=zo.id)
    report = forget_erased_data(database)

    assert report.rebuilt and report.backups_removed == 1
    files = [path, *path.parent.glob(path.name + "-*"), *(backup.path for backup in list_backups(path))]
    for file in files:
        data = file.read_bytes()
        for needle in (full_name, "Prefers written instructions"):
            assert needle.encode("utf-8") not in data, f"{needle} found in {file.name}"
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    connection.close()
    # Still usable afterwards.
    assert read(database, lambda s: participants.get_participant(s, participant_id=zo.id)).erased
    database.close()


def test_retention_passed_only_after_the_date_while_details_are_held(database, example):
    """The reminder is due after the retention date, and no longer once everyone is erased."""
    summary = read(database, lambda s: commissions.get_commission(s, commission_id=example))
    after = summary.retention_until + timedelta(days=1)
    assert not read(database, lambda s: retention_passed(s, commission_id=example, today=summary.retention_until))
    assert read(database, lambda s: retention_passed(s, commission_id=example, today=after))

    erased = perform(database, erase_personal_data, commission_id=example).result

    assert erased == len(read(database, lambda s: participants.list_participants(s, commission_id=example)))
    assert not read(database, lambda s: retention_passed(s, commission_id=example, today=after))
    names = {row.full_name for row in read(database, lambda s: participants.list_participants(s, commission_id=example))}
    assert names == {None}


def test_a_commission_without_a_retention_date_never_reminds(database):
    """No retention date set: no reminder, however late."""
    made = perform(database, commissions.create_commission, title="No date").result
    assert not read(database, lambda s: retention_passed(s, commission_id=made.id, today=date(2100, 1, 1)))


def test_subject_access_record_holds_everything_about_the_person(database, example):
    """Kiki's record has her details, attendance, payments, ballots, scores, conflicts, turns, sheets, audit."""
    kiki = _person(database, example, "Kiki")
    record = read(database, lambda s: subject_access(s, participant_id=kiki.id))

    assert record["participant"]["full_name"] == "Keisha Campbell"
    assert record["participant"]["pseudonym"] == "Kiki"
    payments = read(database, lambda s: list_payments(s, commission_id=example))
    assert len(record["payments"]) == sum(1 for p in payments if p.participant_id == kiki.id) > 0
    voted = sum(
        1
        for vote_round in read(database, lambda s: voting.list_rounds(s, commission_id=example))
        for voter in read(database, lambda s, r=vote_round.id: voting.round_progress(s, round_id=r)).voted
        if voter.participant_id == kiki.id
    )
    assert len(record["ballots"]) == voted > 0
    for section in (
        "attendance", "scores", "conflicts_declared", "interview_questions_asked", "speaking_turns",
        "feedback_sheets", "audit_entries",
    ):
        assert record[section], section
    assert all(kiki.id in str(entry["details"]) for entry in record["audit_entries"])


def test_erasure_in_an_encrypted_database_leaves_encrypted_backups_only(tmp_path):
    """Scrubbing an encrypted file rebuilds it and replaces its backups with one encrypted backup."""
    from cocommission.db.backup import sound_problem

    path = tmp_path / "locked.sqlite"
    database = open_database(path, passphrase="correct horse battery")
    example = perform(database, create_example_commission).result
    take_backup(path, reason="opened", passphrase="correct horse battery")
    zo = _person(database, example, YOUNG_PEOPLE[2][0])

    perform(database, erase_participant, participant_id=zo.id)
    report = forget_erased_data(database)

    (fresh,) = list_backups(path)
    assert fresh.path == report.fresh_backup and report.backups_removed == 1
    assert sound_problem(fresh.path, "correct horse battery") is None
    assert sound_problem(fresh.path) is not None  # unreadable without the passphrase
    database.close()


def test_erasure_takes_the_name_out_of_what_others_wrote(database, example):
    """Kiki's pseudonym and names in the dissent and an outcome's proposer are gone after erasure."""
    from sqlalchemy import select

    from cocommission.model import Decision, OutcomeStatement

    kiki = _person(database, example, "Kiki")

    def write_names(session):
        decision = session.scalar(select(Decision).where(Decision.commission_id == example))
        decision.dissent = "Kiki and Keisha's friend wanted Mentoring for Change; the Kikimora group agreed."
        outcome = session.scalars(select(OutcomeStatement).where(OutcomeStatement.commission_id == example)).first()
        outcome.proposed_by = "Kiki"
        return outcome.id

    outcome_id = perform(database, write_names).result
    perform(database, erase_participant, participant_id=kiki.id)

    def read_back(session):
        decision = session.scalar(select(Decision).where(Decision.commission_id == example))
        return decision.dissent, session.get(OutcomeStatement, outcome_id).proposed_by

    dissent, proposed_by = read(database, read_back)
    assert dissent == "[name removed] and [name removed]'s friend wanted Mentoring for Change; the Kikimora group agreed."
    assert proposed_by == ""


def test_subject_access_shows_choices_in_named_rounds_and_only_that_they_voted_in_anonymous_ones(database, example):
    """A person's record lists what they chose in a named round, but for an anonymous round only that they voted:
    nothing stored links them to that ballot."""
    kiki = _person(database, example, "Kiki")

    def two_rounds(session):
        made = {}
        for anonymous in (True, False):
            row = voting.create_round(
                session, commission_id=example, title=f"Snacks {anonymous}", method="approval",
                options=["Crisps", "Fruit"], anonymous=anonymous,
            )
            voting.open_round(session, round_id=row.id)
            voting.cast_ballot(session, round_id=row.id, participant_id=kiki.id, choices=[row.options[1].id])
            made[anonymous] = row.title
        return made

    titles = perform(database, two_rounds).result
    record = read(database, lambda s: subject_access(s, participant_id=kiki.id))
    by_round = {entry["round"]: entry for entry in record["ballots"]}
    assert by_round[titles[False]]["choices"] == [{"option": "Fruit", "value": 1}]
    assert by_round[titles[True]]["choices"] == []
    assert "not linked to you" in by_round[titles[True]]["note"]
    assert all(not entry["choices"] for entry in record["ballots"] if entry["anonymous_round"])


def _write_kikis_name_everywhere(database, example, kiki_id):
    """Kiki's name typed by others in six kinds of place, and in an audit summary as older versions wrote them."""
    from sqlalchemy import select

    from cocommission.model import Bid, Commission, Score, VoteRound, Workshop
    from cocommission.services.audit import record

    def write(session):
        session.get(Commission, example).description = "Started after Keisha Campbell spoke at the council."
        workshop = session.scalars(select(Workshop).where(Workshop.commission_id == example)).first()
        workshop.venue = "Kiki's mum's community hall"
        bid = session.scalars(select(Bid).where(Bid.commission_id == example)).first()
        bid.summary = "Mentors like Keisha run the sessions."
        vote_round = session.scalars(select(VoteRound).where(VoteRound.commission_id == example)).first()
        vote_round.title = "Kiki's question"
        other = session.scalars(select(Score).where(Score.panellist_id != kiki_id, Score.bid_id.is_not(None))).first()
        other.comment = "Agree with kiki here."
        record(session, commission_id=example, action="vote_round.created", summary="Vote round created: Kiki's question")
        return {
            "commission": example, "workshop": workshop.id, "bid": bid.id, "vote_round": vote_round.id,
            "score": other.id,
        }

    return perform(database, write).result


def test_find_name_mentions_looks_in_every_free_text_field_and_the_audit_log(database, example):
    """The name and pseudonym are found, case aside, where others typed them and in an old audit summary."""
    kiki = _person(database, example, "Kiki")
    ids = _write_kikis_name_everywhere(database, example, kiki.id)
    found = read(database, lambda s: find_name_mentions(s, participant_id=kiki.id))
    where = {(mention.table, mention.column, mention.record_id) for mention in found if not mention.in_audit}
    assert {
        ("commission", "description", ids["commission"]),
        ("workshop", "venue", ids["workshop"]),
        ("bid", "summary", ids["bid"]),
        ("vote_round", "title", ids["vote_round"]),
        ("score", "comment", ids["score"]),
    } <= where
    (audit,) = [mention for mention in found if mention.in_audit]
    assert audit.column == "summary" and audit.redacted == "Vote round created: [name removed]'s question"
    venue = next(mention for mention in found if mention.table == "workshop")
    assert [venue.text[a:b] for a, b in venue.spans] == ["Kiki"]
    assert "Kiki" not in venue.line() and ids["workshop"] in venue.line()


def test_erasure_takes_the_name_out_only_where_the_facilitator_chose(database, example):
    """Chosen mentions get [name removed]; one left unchosen keeps its words; the audit log still verifies."""
    from cocommission.model import Bid, Workshop
    from cocommission.services.audit import verify_chain

    kiki = _person(database, example, "Kiki")
    ids = _write_kikis_name_everywhere(database, example, kiki.id)
    found = read(database, lambda s: find_name_mentions(s, participant_id=kiki.id))
    chosen = [mention.key for mention in found if mention.table != "bid"]
    perform(database, erase_participant, participant_id=kiki.id, redact=chosen)
    venue, summary = read(
        database, lambda s: (s.get(Workshop, ids["workshop"]).venue, s.get(Bid, ids["bid"]).summary)
    )
    assert venue == "[name removed]'s mum's community hall"
    assert summary == "Mentors like Keisha run the sessions."
    check = read(database, lambda s: verify_chain(s, commission_id=example))
    assert check.sound, check


def test_erasure_removes_half_made_copies_left_beside_the_database(tmp_path):
    """Leftover NAME.restoring, NAME.partial and backups/NAME-….partial files are wiped with the erasure."""
    path = tmp_path / "club.sqlite"
    database = open_database(path)
    example = perform(database, create_example_commission).result
    take_backup(path, reason="opened")
    leftovers = [
        path.with_name(path.name + ".restoring"),
        path.with_name(path.name + ".partial"),
        path.parent / "backups" / f"{path.name}-20260101T000000Z-opened.sqlite.partial",
    ]
    for leftover in leftovers:
        leftover.write_bytes(path.read_bytes())
    perform(database, erase_participant, participant_id=_person(database, example, "Zo").id)
    # Half-made copies are wiped as the rebuild takes the file's lock (``replacing.finish``), or by
    # the rebuild itself for any kind that does not know.
    forget_erased_data(database)
    assert not any(leftover.exists() for leftover in leftovers)
    database.close()


def test_a_record_edited_in_the_app_after_its_name_was_taken_out_still_verifies(database, example):
    """Taking a name out of a workshop's venue, then editing that workshop as usual, leaves the audit log sound."""
    from cocommission.services.audit import verify_chain

    kiki = _person(database, example, "Kiki")
    ids = _write_kikis_name_everywhere(database, example, kiki.id)
    perform(database, erase_participant, participant_id=kiki.id)
    perform(database, workshops.update_workshop, workshop_id=ids["workshop"], venue="The youth centre")
    check = read(database, lambda s: verify_chain(s, commission_id=example))
    assert check.sound, check


def _kikis_record_after_a_shuffled_import(database, example, tmp_path, empty_file, seed: int):
    """The worked example exported, every table's rows shuffled in the file, and imported into a copy of ``empty_file``."""
    import json
    import random

    from cocommission.export.interchange import dumps, export_commission, import_commission

    document = read(database, lambda s: export_commission(s, commission_id=example))
    chooser = random.Random(seed)
    for rows in document["tables"].values():
        chooser.shuffle(rows)
    shutil.copy2(empty_file, tmp_path / f"shuffled-{seed}.sqlite")
    other = open_database(tmp_path / f"shuffled-{seed}.sqlite")
    try:
        perform(other, import_commission, document=json.loads(dumps(document)))
        kiki = _person(other, example, "Kiki")
        return read(other, lambda s: subject_access(s, participant_id=kiki.id))
    finally:
        other.close()


def _without_when_produced(record):
    return {key: value for key, value in record.items() if key != "produced_at"}


def _sort_keys(record):
    """Each list of the record as the keys it is sorted by: date first, then name; undated last."""

    def dated(value):
        return (value is None, value or "")

    return {
        "attendance": [(dated(row["date"]), row["workshop"]) for row in record["attendance"]],
        "payments": [(dated(row["paid_on"]), row["receipt_number"]) for row in record["payments"]],
        "ballots": [(dated(row["cast_at"]), row["round"]) for row in record["ballots"]],
        "conflicts_declared": [(dated(row["declared_at"]), row["bid"]) for row in record["conflicts_declared"]],
        "speaking_turns": [(dated(row["started_at"]), row["workshop"] or "") for row in record["speaking_turns"]],
        "feedback_sheets": [(dated(row["returned_at"]), row["code"]) for row in record["feedback_sheets"]],
        "audit_entries": [(dated(row["at"]), row["sequence"]) for row in record["audit_entries"]],
    }


def test_every_list_in_a_subject_access_record_is_sorted_even_after_a_shuffled_import(
    database, example, tmp_path, empty_sqlite_file
):
    """However the rows of an imported file were ordered, the person's record lists everything by date then
    name, and reads the same as in the commission it came from."""
    kiki = _person(database, example, "Kiki")
    original = read(database, lambda s: subject_access(s, participant_id=kiki.id))

    for seed in (1, 2):
        imported = _kikis_record_after_a_shuffled_import(database, example, tmp_path, empty_sqlite_file, seed)
        assert _without_when_produced(imported) == _without_when_produced(original)
    for section, keys in _sort_keys(original).items():
        assert keys == sorted(keys), section
        assert keys, f"the example gives Kiki no {section}, so the test would prove nothing"
    for sheet in original["feedback_sheets"]:
        positions = [answer["position"] for answer in sheet["answers"]]
        assert positions == sorted(positions)
    scores = [(row["bid"], row["criterion_position"]) for row in original["scores"]]
    assert scores == sorted(scores) and scores


def test_feedback_answers_are_in_the_words_on_the_sheet(database, example):
    """A faces answer reads as the words printed under the face, yes/no as Yes or No, and words as written."""
    records = [
        read(database, lambda s, p=person.id: subject_access(s, participant_id=p))
        for person in read(database, lambda s: participants.list_participants(s, commission_id=example))
    ]
    answers = [
        answer for record in records for sheet in record["feedback_sheets"] for answer in sheet["answers"]
    ]
    by_question = {}
    for answer in answers:
        by_question.setdefault(answer["question"], set()).add(answer["answer"])

    assert by_question["I felt listened to today"] <= {"Not at all", "Not really", "In between", "Mostly", "Very much"}
    assert by_question["I felt listened to today"] >= {"Mostly", "Very much"}
    assert by_question["Would you take part in something like this again?"] == {"Yes", "No"}
    assert "More food!" in by_question["What should we change next time?"]


def _join_by_phone(database, commission_id: str, participant_id: str):
    """Print a join card for one participant and join with it, as their phone would."""
    from cocommission.services.room_joining import issue_join_cards, join_with_card

    (card,) = perform(
        database, issue_join_cards, commission_id=commission_id, participant_ids=[participant_id]
    ).result
    return perform(database, join_with_card, commission_id=commission_id, token_or_code=card.token).result


def test_erasure_forgets_the_persons_join_cards_and_phones(database, example):
    """Erasing someone removes their join cards and their phones, not only their name."""
    from sqlalchemy import func, select

    from cocommission.model import JoinCard, RoomPhone

    kiki = _person(database, example, "Kiki")
    _join_by_phone(database, example, kiki.id)
    perform(database, erase_participant, participant_id=kiki.id)

    def held(session):
        return tuple(
            session.scalar(select(func.count()).select_from(kind).where(kind.participant_id == kiki.id))
            for kind in (JoinCard, RoomPhone)
        )

    assert read(database, held) == (0, 0)


def test_subject_access_lists_the_persons_join_cards_and_phones(database, example):
    """A subject access record says when a card was printed and used and when a phone joined, never a secret."""
    kiki = _person(database, example, "Kiki")
    joined = _join_by_phone(database, example, kiki.id)

    record = read(database, lambda s: subject_access(s, participant_id=kiki.id))

    assert [card["used_at"] is not None for card in record["join_cards"]] == [True]
    assert [phone["revoked_at"] for phone in record["room_phones"]] == [None]
    assert joined.secret not in repr(record)
