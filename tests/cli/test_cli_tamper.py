"""Tampering behind the app's back: `check` and `audit verify` find it, and paper records pin the chain."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.cli.running import example_id, run

from cocommission.db import open_database
from cocommission.model import AuditEntry, Participant, Role
from cocommission.model.audit import entry_hash
from cocommission.services import voting
from cocommission.services.audit import audit_head


def _sql(path: Path, statement: str, *parameters) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        with connection:
            return connection.execute(statement, parameters).fetchall()
    finally:
        connection.close()


def _pseudonyms(path: Path) -> list[str]:
    return [row[0] for row in _sql(path, "SELECT pseudonym FROM participant")]


def _head(path: Path, commission_id: str) -> str:
    database = open_database(path)
    try:
        with database.unit_of_work() as session:
            return audit_head(session, commission_id=commission_id).expectation()
    finally:
        database.close()


def _named_ballot(path: Path, commission_id: str) -> str:
    """Cast one ballot in a new named dots round; return the ballot's id."""
    database = open_database(path)
    try:
        with database.unit_of_work() as session:
            voter = session.scalar(
                select(Participant.id).where(
                    Participant.commission_id == commission_id, Participant.role == Role.YOUNG_PERSON
                )
            )
            made = voting.create_round(
                session, commission_id=commission_id, title="Named", method="dots", options=["A", "B"],
                anonymous=False,
            )
            voting.open_round(session, round_id=made.id)
            option = made.options[0].id
            voting.cast_ballot(session, round_id=made.id, participant_id=voter, choices={option: 2})
        return _sql(path, "SELECT b.id FROM ballot b JOIN vote_round r ON r.id = b.round_id WHERE r.title = 'Named'")[0][0]
    finally:
        database.close()


def test_check_reports_a_ballot_over_its_dot_budget_by_id(capsys, db_path):
    """A ballot edited to 55 dots (budget 5) makes `check` exit 1 with a line naming the ballot by id only."""
    ballot_id, choice_id = _sql(
        db_path,
        "SELECT b.id, c.id FROM ballot b JOIN ballot_choice c ON c.ballot_id = b.id "
        "JOIN vote_round r ON r.id = b.round_id WHERE r.method = 'dots' LIMIT 1",
    )[0]
    _sql(db_path, "UPDATE ballot_choice SET value = 55 WHERE id = ?", choice_id)
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    broken = [line for line in out.splitlines() if ballot_id in line]
    assert any("55 dots" in line for line in broken)
    assert "result: PROBLEMS FOUND" in out
    assert not any(name in out for name in _pseudonyms(db_path))


def _anonymous_ballot(path: Path) -> str:
    """The id of one ballot of the example's anonymous dots round."""
    return _sql(
        path,
        "SELECT b.id FROM ballot b JOIN vote_round r ON r.id = b.round_id WHERE r.anonymous LIMIT 1",
    )[0][0]


def test_check_reports_an_anonymous_ballot_deleted_behind_the_apps_back(capsys, db_path):
    """An anonymous ballot deleted with a database tool leaves a voter without a ballot, and `check` says so."""
    ballot_id = _anonymous_ballot(db_path)
    round_id = _sql(db_path, "SELECT round_id FROM ballot WHERE id = ?", ballot_id)[0][0]
    _sql(db_path, "DELETE FROM ballot_choice WHERE ballot_id = ?", ballot_id)
    _sql(db_path, "DELETE FROM ballot WHERE id = ?", ballot_id)
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    assert f"round {round_id}: " in out and "people voted" in out


def test_check_reports_an_anonymous_ballot_given_its_voter_back(capsys, db_path):
    """An anonymous ballot that has been made to name a participant is reported, by ids only."""
    ballot_id = _anonymous_ballot(db_path)
    voter = _sql(db_path, "SELECT participant_id FROM round_voter LIMIT 1")[0][0]
    _sql(db_path, "UPDATE ballot SET participant_id = ? WHERE id = ?", voter, ballot_id)
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    assert f"ballot {ballot_id} in round" in out and "names its voter" in out
    assert not any(name in out for name in _pseudonyms(db_path))


def test_audit_verify_reports_a_deleted_record_that_someone_voted(capsys, db_path):
    """Deleting who voted from an anonymous round is reported as a missing record by `audit verify`."""
    commission_id = example_id(capsys, db_path)
    assert run(capsys, "--db", db_path, "audit", "verify", commission_id)[0] == 0
    voter_id = _sql(
        db_path,
        "SELECT v.id FROM round_voter v JOIN vote_round r ON r.id = v.round_id WHERE r.anonymous LIMIT 1",
    )[0][0]
    _sql(db_path, "DELETE FROM round_voter WHERE id = ?", voter_id)
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert status == 1
    assert f"round_voter {voter_id} is missing" in out


def test_check_reports_scores_off_the_scale_and_by_a_conflicted_panellist(capsys, db_path):
    """A score off the scoring scale, and one by a panellist conflicted with that bid, are each reported."""
    score_id = _sql(db_path, "SELECT id FROM score LIMIT 1")[0][0]
    _sql(db_path, "UPDATE score SET value = 99 WHERE id = ?", score_id)
    bid_id, panellist_id = _sql(db_path, "SELECT bid_id, panellist_id FROM conflict_declaration")[0]
    other = _sql(db_path, "SELECT id FROM score WHERE bid_id = ? AND panellist_id != ? LIMIT 1", bid_id, panellist_id)
    _sql(db_path, "UPDATE score SET panellist_id = ? WHERE id = ?", panellist_id, other[0][0])
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    assert f"score {score_id} (bid " in out and "99 is off the scoring scale" in out
    assert f"score {other[0][0]}" in out and "declared a conflict with this bid" in out


def test_check_reports_bad_payments(capsys, db_path):
    """A payment of nothing, in a currency the commission does not have, or to an outsider is reported by id."""
    first, second = (row[0] for row in _sql(db_path, "SELECT id FROM payment ORDER BY receipt_number LIMIT 2"))
    _sql(db_path, "UPDATE payment SET amount_minor = 0, currency_code = 'XXX' WHERE id = ?", first)
    _sql(db_path, "PRAGMA foreign_keys = OFF")
    _sql(db_path, "UPDATE payment SET participant_id = 'someone-else' WHERE id = ?", second)
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    assert f"payment {first}: amount 0" in out
    assert f"payment {first}: currency 'XXX'" in out
    assert f"payment {second}: paid to someone-else, who is not in this commission" in out


def test_check_of_the_untouched_example_is_sound(capsys, db_path):
    """The example as made by the app passes every rule check and every record digest."""
    status, out, err = run(capsys, "--db", db_path, "check")
    assert (status, err) == (0, ""), out
    assert "every round, ballot, paper tally, score and payment within its rules" in out


def test_audit_verify_reports_a_score_edited_behind_the_apps_back(capsys, db_path):
    """Changing a stored score with a database tool is reported by `audit verify` although the chain links up."""
    commission_id = example_id(capsys, db_path)
    score_id = _sql(db_path, "SELECT id FROM score LIMIT 1")[0][0]
    _sql(db_path, "UPDATE score SET value = CASE value WHEN 0 THEN 1 ELSE value - 1 END WHERE id = ?", score_id)
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert status == 1
    assert f"score {score_id} differs from what entry" in out


def test_audit_verify_reports_a_deleted_named_ballot(capsys, db_path):
    """Deleting a ballot of a named round is reported as missing; taking it back in the app is not."""
    commission_id = example_id(capsys, db_path)
    ballot_id = _named_ballot(db_path, commission_id)
    assert run(capsys, "--db", db_path, "audit", "verify", commission_id)[0] == 0
    _sql(db_path, "DELETE FROM ballot_choice WHERE ballot_id = ?", ballot_id)
    _sql(db_path, "DELETE FROM ballot WHERE id = ?", ballot_id)
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert status == 1
    assert f"ballot {ballot_id} is missing" in out


def test_audit_verify_expect_catches_the_last_entries_cut_off(capsys, db_path):
    """With the head printed on paper, removing the last 40 entries is reported (the chain alone still links up)."""
    commission_id = example_id(capsys, db_path)
    expect = _head(db_path, commission_id)
    count = int(expect.split(":")[0])
    _sql(db_path, "DELETE FROM audit_entry WHERE commission_id = ? AND sequence > ?", commission_id, count - 40)
    assert run(capsys, "--db", db_path, "audit", "verify", commission_id)[0] == 0
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id, "--expect", expect)
    assert status == 1
    assert out.count("\n") == 1 and f"has {count - 40} entries but the paper record shows {count}" in out


def test_audit_verify_expect_catches_a_recomputed_chain(capsys, db_path):
    """Editing an entry and recomputing every later hash passes a plain verify but not --expect."""
    commission_id = example_id(capsys, db_path)
    expect = _head(db_path, commission_id)
    database = open_database(db_path)
    entries = []
    with database.unit_of_work() as session:
        for entry in session.scalars(
            select(AuditEntry).where(AuditEntry.commission_id == commission_id).order_by(AuditEntry.sequence)
        ):
            entries.append(
                (entry.id, entry.sequence, entry.at, entry.action, entry.summary, entry.details_json, entry.record_digest)
            )
    database.close()
    previous = "0" * 64
    for entry_id, sequence, at, action, summary, details, digest in entries:
        if sequence == 7:
            summary += " (changed)"
        new_hash = entry_hash(
            previous_hash=previous, sequence=sequence, at=at, action=action, summary=summary,
            details_json=details, record_digest=digest,
        )
        _sql(db_path, "UPDATE audit_entry SET summary = ?, previous_hash = ?, entry_hash = ? WHERE id = ?",
             summary, previous, new_hash, entry_id)
        previous = new_hash
    assert run(capsys, "--db", db_path, "audit", "verify", commission_id)[0] == 0
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id, "--expect", expect)
    assert status == 1
    assert "does not have the hash on the paper record" in out


def test_audit_verify_expect_accepts_a_matching_or_longer_log(capsys, db_path):
    """An expectation taken earlier still holds after more entries are added: exit 0."""
    commission_id = example_id(capsys, db_path)
    expect = _head(db_path, commission_id)
    _named_ballot(db_path, commission_id)
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id, "--expect", expect)
    assert status == 0, out
    assert "matches the paper record" in out


@pytest.mark.parametrize("given", ["12", "abc:def", "12:xyz", "0:" + "a" * 64, "5:abc"])
def test_audit_verify_expect_malformed_exits_2(capsys, db_path, given):
    """A malformed --expect is refused in one line with exit 2."""
    commission_id = example_id(capsys, db_path)
    status, out, err = run(capsys, "--db", db_path, "audit", "verify", commission_id, "--expect", given)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and "N:HASH" in err


def test_erase_lists_where_the_name_was_typed_and_takes_it_out_of_all(capsys, db_path):
    """erase --yes lists each place others typed the name (by id, name already taken out) and redacts them all."""
    kiki = _sql(db_path, "SELECT id FROM participant WHERE pseudonym = 'Kiki'")[0][0]
    workshop = _sql(db_path, "SELECT id FROM workshop LIMIT 1")[0][0]
    _sql(db_path, "UPDATE workshop SET venue = 'Kiki''s flat' WHERE id = ?", workshop)
    status, out, err = run(capsys, "--db", db_path, "erase", "participant", kiki, "--yes")
    assert (status, err) == (0, "")
    assert "it is taken out of all of them here" in out
    assert f"workshop.venue {workshop}: [name removed]'s flat" in out
    assert "Kiki" not in out
    assert _sql(db_path, "SELECT venue FROM workshop WHERE id = ?", workshop)[0][0] == "[name removed]'s flat"


def test_a_copy_imported_with_new_ids_still_verifies(capsys, db_path, tmp_path):
    """A commission copied into an empty database with new ids verifies: its log says its records were renumbered."""
    commission_id = example_id(capsys, db_path)
    exported = tmp_path / "example.json"
    assert run(capsys, "--db", db_path, "export", "json", commission_id, "-o", exported)[0] == 0
    other = tmp_path / "other.sqlite"
    status, out, _ = run(capsys, "--db", other, "import", "json", exported, "--new-ids")
    assert status == 0
    copy_id = out.strip()
    status, out, _ = run(capsys, "--db", other, "audit", "verify", copy_id)
    assert status == 0, out
