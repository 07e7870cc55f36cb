"""A commission moved as one JSON document: complete, stable, all-or-nothing."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import func, select

from cocommission.export.interchange import (
    build_schema,
    dumps,
    export_commission,
    import_commission,
    packaged_schema,
    parse_document,
)
from cocommission.model import AuditEntry, Ballot, Commission, RoundVoter, Tender, VoteRound
from cocommission.model.voting import TieBreak
from cocommission.services import voting
from cocommission.services.audit import RECORDS_RESET, verify_chain
from cocommission.services.demo import find_or_create_example
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform


@pytest.fixture
def example(database):
    """The example commission, exported."""
    commission_id = perform(database, find_or_create_example).result
    with database.unit_of_work() as session:
        return commission_id, export_commission(session, commission_id=commission_id)


def _count(database, model) -> int:
    with database.unit_of_work() as session:
        return session.scalar(select(func.count()).select_from(model))


def test_packaged_schema_matches_the_mapped_classes():
    """The shipped JSON Schema is exactly the one generated from the model, so they never drift."""
    assert packaged_schema() == build_schema()


def test_export_is_valid_against_the_schema_and_holds_every_stage(example):
    """The exported example validates and carries records from every stage of the cycle."""
    _, document = example
    jsonschema.validate(document, packaged_schema())
    tables = document["tables"]
    for name in (
        "participant",
        "workshop",
        "attendance",
        "payment",
        "outcome_statement",
        "vote_round",
        "ballot",
        "ballot_choice",
        "paper_tally",
        "tender_section",
        "evaluation_criterion",
        "bid",
        "score",
        "moderated_score",
        "conflict_declaration",
        "decision",
        "funded_bid",
        "audit_entry",
    ):
        assert tables[name], f"the example export has no {name} rows"


def test_round_trip_with_the_same_ids_gives_the_same_document(example, tmp_path):
    """Export → import into a fresh database → export gives a byte-identical document."""
    from cocommission.db import open_database

    commission_id, document = example
    other = open_database(tmp_path / "other.sqlite")
    imported = perform(other, import_commission, document=json.loads(dumps(document))).result
    assert imported.commission_id == commission_id
    with other.unit_of_work() as session:
        assert dumps(export_commission(session, commission_id=commission_id)) == dumps(document)
        assert verify_chain(session, commission_id=commission_id).first_broken is None
    other.close()


def test_importing_into_the_same_database_makes_a_copy_with_new_ids(database, example):
    """Importing a commission that is already there makes a re-keyed copy equal apart from ids."""
    commission_id, document = example
    imported = perform(database, import_commission, document=document).result
    assert imported.commission_id != commission_id
    with database.unit_of_work() as session:
        again = export_commission(session, commission_id=imported.commission_id)
        assert verify_chain(session, commission_id=imported.commission_id).sound
    # The copy's log ends with one entry of its own: its records were renumbered.
    added = max(again["tables"]["audit_entry"], key=lambda entry: entry["sequence"])
    assert added["action"] == RECORDS_RESET
    again["tables"]["audit_entry"].remove(added)
    renamed = json.loads(dumps(document))
    for table, rows in renamed["tables"].items():
        for row in rows:
            for key, value in row.items():
                if isinstance(value, str) and value in imported.id_map:
                    row[key] = imported.id_map[value]
            if table == "feedback_sheet":
                row["code"] = next(r["code"] for r in again["tables"][table] if r["id"] == row["id"])
            if table == "ballot":
                row["handle_hash"] = None  # the original's handles cannot change the copy's ballots
        rows.sort(key=lambda row: row["id"])
    assert dumps(renamed) == dumps(again)


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d.pop("tables"), "tables"),
        (lambda d: d.update(format="something-else"), "not a CoCommission commission export"),
        (lambda d: d["tables"]["participant"][0].pop("pseudonym"), "pseudonym"),
        (lambda d: d["tables"]["ballot"][0].update(round_id="no-such-round"), "not in the file"),
        (lambda d: d["tables"]["bid"][0].update(amount_minor="lots"), "amount_minor"),
        (lambda d: d["tables"]["participant"].append(copy.deepcopy(d["tables"]["participant"][0])), "twice"),
        (lambda d: d.update(schema_revision="9999_future"), "newer version"),
        (lambda d: d["tables"]["ballot"][0].update(participant_id=d["tables"]["participant"][0]["id"]), "anonymous round"),
    ],
)
def test_a_damaged_document_is_refused_and_nothing_is_written(database, example, damage, message):
    """Each kind of damage gets a clear message, and the database keeps exactly what it had."""
    _, document = example
    damaged = json.loads(dumps(document))
    damage(damaged)
    before = (_count(database, Commission), _count(database, AuditEntry))
    with pytest.raises(InvalidInput, match=message):
        perform(database, import_commission, document=damaged, new_ids=True)
    assert (_count(database, Commission), _count(database, AuditEntry)) == before


def test_text_that_is_not_json_is_refused_with_its_position():
    """Malformed JSON is reported with the line and column where it breaks."""
    with pytest.raises(InvalidInput, match="line 1, column"):
        parse_document("{not json")


def test_amounts_of_2_to_the_31_or_more_come_back_from_an_export(database, tmp_path):
    """A budget, bid and payment of 2^31 minor units or more (up to the money limit) import back unchanged."""
    from cocommission.db import open_database
    from cocommission.model.money import MAX_MINOR_UNITS
    from cocommission.services import bids, commissions, participants, payments

    def build(session):
        commission_id = commissions.create_commission(session, title="Big fund", budget_minor=MAX_MINOR_UNITS).id
        bidder = bids.add_bidder(session, commission_id=commission_id, name="Youth club")
        bids.add_bid(session, commission_id=commission_id, bidder_id=bidder.id, title="Club", amount_minor=2**31)
        person = participants.add_participant(session, commission_id=commission_id, pseudonym="Blaze")
        payments.record_payment(
            session, commission_id=commission_id, participant_id=person.id, amount_minor=2**31 + 5,
            currency_code="GBP", method="cash",
        )
        return commission_id, export_commission(session, commission_id=commission_id)

    commission_id, document = perform(database, build).result
    other = open_database(tmp_path / "other.sqlite")
    try:
        perform(other, import_commission, document=parse_document(dumps(document)))
        with other.unit_of_work() as session:
            again = export_commission(session, commission_id=commission_id)
    finally:
        other.close()
    assert dumps(again) == dumps(document)


def test_an_amount_over_the_money_limit_or_a_fraction_in_a_file_is_refused(example, tmp_path):
    """A file with an amount over the money limit, or a fractional one, is refused saying where; 2.0 is stored as 2."""
    from sqlalchemy import text

    from cocommission.db import open_database
    from cocommission.model.money import MAX_MINOR_UNITS

    _, document = example
    other = open_database(tmp_path / "other.sqlite")
    try:
        for bad in (MAX_MINOR_UNITS + 1, 2.5):
            changed = json.loads(dumps(document))
            changed["tables"]["commission"][0]["budget_minor"] = bad
            with pytest.raises(InvalidInput, match="budget_minor"):
                perform(other, import_commission, document=changed)
        whole = json.loads(dumps(document))
        whole["tables"]["commission"][0]["budget_minor"] = 2.0
        perform(other, import_commission, document=whole)
        with other.unit_of_work() as session:
            stored = session.execute(text("SELECT typeof(budget_minor), budget_minor FROM commission")).one()
        assert tuple(stored) == ("integer", 2)
    finally:
        other.close()


def test_a_file_with_a_direction_override_in_a_name_is_refused(example, tmp_path):
    """A pseudonym holding U+202E in an imported file is refused like one typed in, and nothing is imported."""
    from cocommission.db import open_database

    _, document = example
    changed = json.loads(dumps(document))
    changed["tables"]["participant"][0]["pseudonym"] = "Bla\u202eze"
    other = open_database(tmp_path / "other.sqlite")
    try:
        with pytest.raises(InvalidInput, match="pseudonym.*U\\+202E"):
            perform(other, import_commission, document=changed)
        assert _count(other, Commission) == 0
    finally:
        other.close()


PREVIOUS_VERSION_FILE = Path(__file__).parent / "samples" / "commission-0001.json"


def test_a_file_from_the_previous_version_imports_with_who_voted_apart_from_anonymous_ballots(database):
    """A file exported before schema 0002 (no round_voter, anonymous ballots naming their voter) imports:
    who voted is derived from its ballots, and in the anonymous round the link, the times and the old
    ballot ids are dropped, while the named round keeps its link and every count is unchanged."""
    old = json.loads(PREVIOUS_VERSION_FILE.read_text("utf-8"))
    assert old["schema_revision"] == "0001" and "round_voter" not in old["tables"]
    old_rounds = {row["id"]: row["anonymous"] for row in old["tables"]["vote_round"]}
    old_ballot_ids = {row["id"] for row in old["tables"]["ballot"]}
    imported = perform(database, import_commission, document=old).result
    with database.unit_of_work() as session:
        voters = session.execute(select(RoundVoter.round_id, RoundVoter.participant_id)).all()
        assert sorted(voters) == sorted((b["round_id"], b["participant_id"]) for b in old["tables"]["ballot"])
        for round_id, anonymous in old_rounds.items():
            ballots = session.scalars(select(Ballot).where(Ballot.round_id == round_id)).all()
            assert len(ballots) == 3
            if anonymous:
                assert all(b.participant_id is None and b.cast_at is None for b in ballots)
                assert not {b.id for b in ballots} & old_ballot_ids
            else:
                assert all(b.participant_id is not None and b.id in old_ballot_ids for b in ballots)
            assert voting.round_progress(session, round_id=round_id).ballots_cast == 3
            assert voting.tally_round(session, round_id=round_id).ballots_counted == 3
        assert session.scalar(select(func.count()).select_from(VoteRound)) == 2
        again = export_commission(session, commission_id=imported.commission_id)
    jsonschema.validate(again, packaged_schema())
    text = dumps(again)
    for ballot in old["tables"]["ballot"]:
        if old_rounds[ballot["round_id"]]:
            assert ballot["id"] not in text


def test_a_file_written_at_schema_0002_imports_with_the_default_tie_break_and_no_closing_date(database, example):
    """A file from before schema 0003 has no tie-break rule, lot or closing date: it still imports,
    its rounds take the default rule with no lot drawn, and its tender has no closing date yet."""
    _, document = example
    tables = document["tables"]
    older = {
        **document,
        "schema_revision": "0002",
        "tables": {
            **tables,
            "vote_round": [{k: v for k, v in row.items() if k not in ("tie_break", "lot_order")}
                           for row in tables["vote_round"]],
            "tender": [{k: v for k, v in row.items() if k != "closing_date"} for row in tables["tender"]],
        },
    }
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(older, packaged_schema())
    imported = perform(database, import_commission, document=older, new_ids=True).result
    with database.unit_of_work() as session:
        rounds = session.scalars(select(VoteRound).where(VoteRound.commission_id == imported.commission_id)).all()
        assert rounds and {(r.tie_break, r.lot_order) for r in rounds} == {(TieBreak.EARLIER_COUNTS_THEN_LOT, None)}
        tender = session.scalars(select(Tender).where(Tender.commission_id == imported.commission_id)).one()
        assert tender.closing_date is None


def test_round_voters_and_anonymous_ballots_travel_in_the_file(example):
    """The export carries who voted in each round and the anonymous ballots, which name no one."""
    _, document = example
    tables = document["tables"]
    anonymous = {row["id"] for row in tables["vote_round"] if row["anonymous"]}
    assert anonymous and tables["round_voter"]
    assert {row["round_id"] for row in tables["round_voter"]} >= anonymous
    for ballot in tables["ballot"]:
        if ballot["round_id"] in anonymous:
            assert ballot["participant_id"] is None and ballot["cast_at"] is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t["ballot"][0].update(round_id=["not", "an", "id"]),
        lambda t: t["ballot"][0].update(id={"not": "an id"}),
        lambda t: t["ballot_choice"][0].update(ballot_id=[1]),
        lambda t: t["vote_round"][0].update(id=[2]),
        lambda t: t.update(ballot="not a list"),
    ],
)
def test_a_damaged_file_from_the_previous_version_is_refused_with_a_message(database, damage):
    """A pre-0002 file with ids of the wrong kind is refused as any damaged file is, never with a crash."""
    old = json.loads(PREVIOUS_VERSION_FILE.read_text("utf-8"))
    damage(old["tables"])
    with pytest.raises(InvalidInput):
        perform(database, import_commission, document=old)
    assert _count(database, Commission) == 0
