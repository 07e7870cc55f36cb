"""A commission moved as one JSON document: complete, stable, all-or-nothing."""

from __future__ import annotations

import copy
import json

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
from cocommission.model import AuditEntry, Commission
from cocommission.services.audit import RECORDS_RESET, verify_chain
from cocommission.services.demo import create_example_commission
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform


@pytest.fixture
def example(database):
    """The example commission, exported."""
    commission_id = perform(database, create_example_commission).result
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
