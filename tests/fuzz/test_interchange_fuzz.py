"""A damaged or hostile commission file is imported whole or refused in one line, never half-written.

Each example damages a real export of the example commission (fields dropped, duplicated or
retyped; huge, unicode and control-character text; wrong ids; negative money; deep nesting),
or is any text at all, and imports it into a fresh copy of a database. The only outcomes
allowed are success or a ServiceError with a one-line message, and after a refusal the
database holds exactly what it held before.
"""

from __future__ import annotations

import copy
import json
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from edits import edit, edited_value, row_of
from hostile import TEXT, VALUE, copy_database, database_contents, nested, one_line
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from tests.hypothesis_profiles import examples

from cocommission.db import open_database
from cocommission.export.interchange import (
    export_commission,
    exported_tables,
    import_commission,
    packaged_schema,
    parse_document,
)
from cocommission.services.errors import ServiceError
from cocommission.services.integrity import rule_breaks
from cocommission.services.perform import perform
from cocommission.services.voting import list_rounds, tally_round

#: Seconds of work each: started first, so several test processes finish together.
pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


# --------------------------------------------------------------------------- damage

#: Every table of the export, and each table's columns, as the database defines them.
TABLES = {table.name: table for table in exported_tables()}

#: Values close to what a column holds, so the damage gets past the schema to the code behind it.
NEAR_VALUES = {
    "integer": st.one_of(
        st.integers(),
        st.sampled_from([-1, 0, 2**31 - 1, 2**31, -(2**31) - 1, 2**63, 10**30]),
    ),
    "number": st.one_of(st.floats(), st.integers()),
    "text": TEXT,
    "date": st.sampled_from(["2026-02-30", "0001-01-01", "9999-12-31", "2026-02-07", "20260207"]),
    "time": st.sampled_from(
        [
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "2026-02-07T10:00:00",
            "2026-02-07T10:00:00+00:00",
            "2026-02-07 10:00Z",
        ]
    ),
    "boolean": st.one_of(st.booleans(), st.sampled_from([0, 1, "true"])),
}


def _kind(column) -> str:
    python_type = column.type.python_type
    if python_type is bool:
        return "boolean"
    if python_type is int:
        return "integer"
    if python_type is float:
        return "number"
    if python_type is datetime:
        return "time"
    if python_type is date:
        return "date"
    return "text"


@st.composite
def damage(draw) -> tuple:
    """One piece of damage: what is done, to which table, row and column, and the value it leaves."""
    how = draw(
        st.sampled_from(
            ["set", "near", "drop_key", "drop_table", "drop_top", "duplicate", "duplicate_new_id", "wrong_id",
             "negative_money", "drop_row", "top", "deep", "rekey_commission"]
        )
    )
    table = draw(st.sampled_from(sorted(TABLES)))
    row, column = draw(st.integers(0, 10_000)), draw(st.integers(0, 100))
    if how == "near":
        columns = list(TABLES[table].columns)
        value = draw(NEAR_VALUES[_kind(columns[column % len(columns)])])
    elif how in ("set", "top"):
        value = draw(VALUE)
    elif how == "wrong_id":
        value = draw(st.one_of(st.integers(0, 10_000), st.uuids().map(str), TEXT))
    elif how == "negative_money":
        value = draw(st.integers(max_value=-1))
    elif how == "deep":
        value = nested(draw(st.integers(20, 100)))
    else:
        value = None
    return how, table, row, column, value


def _apply(  # noqa: PLR0911, PLR0912 - one kind of damage per branch, drawn by the strategy
    document: dict[str, Any], ids: tuple[str, ...], how: str, table: str, row: int, column: int | str, value
) -> None:
    """Do one piece of damage to ``document`` (where the document has already lost the part, do nothing).

    ``column`` picks a column by number, wrapping round; the examples name it instead.
    """
    if how == "top":
        document[("format", "format_version", "schema_revision", "exported_by", "tables")[column % 5]] = value
        return
    if how == "rekey_commission":
        # The same records under another commission id: their own ids are already in the example database.
        tables = document.get("tables")
        commission = tables.get("commission") if isinstance(tables, dict) else None
        first = commission[0] if isinstance(commission, list) and commission else None
        old = first.get("id") if isinstance(first, dict) else None
        text = json.dumps(document, allow_nan=True)
        if isinstance(old, str) and old:
            document.update(json.loads(text.replace(json.dumps(old), json.dumps(f"{row:08d}-1111-4111-8111-{column:012d}"))))
        return
    if how == "drop_top":
        if document:
            del document[sorted(document)[column % len(document)]]
        return
    tables = document.get("tables")
    if not isinstance(tables, dict):
        return
    if how == "drop_table":
        tables.pop(table, None)
        return
    rows = tables.get(table)
    if not isinstance(rows, list) or not rows or not isinstance(rows[row % len(rows)], dict):
        return
    chosen = rows[row % len(rows)]
    keys = sorted(chosen)
    if isinstance(column, str):
        chosen[column] = value
        return
    if how in ("set", "near", "deep"):
        names = [column.name for column in TABLES[table].columns]
        key = names[column % len(names)] if how == "near" or column < 80 else f"extra_{column}"
        chosen[key] = value
    elif how == "drop_key" and keys:
        del chosen[keys[column % len(keys)]]
    elif how in ("duplicate", "duplicate_new_id"):
        twin = copy.deepcopy(chosen)
        if how == "duplicate_new_id":
            twin["id"] = f"{column:08d}-0000-4000-8000-{row:012d}"
        rows.append(twin)
    elif how == "wrong_id":
        references = [key for key in keys if key == "id" or key.endswith("_id")]
        if references:
            chosen[references[column % len(references)]] = ids[value % len(ids)] if isinstance(value, int) else value
    elif how == "negative_money":
        money = [key for key in keys if key.endswith("_minor")]
        if money:
            chosen[money[column % len(money)]] = value
    elif how == "drop_row":
        del rows[row % len(rows)]


# --------------------------------------------------------------------------- the property


def _import_into_copy(templates, document: Any, *, into_example: bool, new_ids: bool | None) -> None:
    """Import ``document`` into a fresh copy of a database: it is either imported or refused untouched."""
    template = templates.example_database if into_example else templates.empty_database
    with tempfile.TemporaryDirectory() as folder:
        path = copy_database(template, Path(folder))
        before = database_contents(path)
        database = open_database(path)
        try:
            try:
                imported = perform(database, import_commission, document=document, new_ids=new_ids).result
            except ServiceError as refused:
                assert one_line(refused.message), refused.message
                database.close()
                assert database_contents(path) == before, "a refused file changed the database"
                return
            with database.unit_of_work() as session:
                again = export_commission(session, commission_id=imported.commission_id)
                # What is let in keeps every rule a ballot, round or score is cast under, so it counts.
                assert rule_breaks(session, commission_id=imported.commission_id) == ()
                for vote_round in list_rounds(session, commission_id=imported.commission_id):
                    tally_round(session, round_id=vote_round.id)
            jsonschema.validate(again, packaged_schema())
            assert len(json.dumps(again, allow_nan=False)) > 0
        finally:
            database.close()


def _found(*damages: tuple, into_example: bool = False, new_ids: bool | None = None):
    """An example the fuzzing found (or that was found beside it), kept so it is always tried."""
    return example(damages=list(damages), through_text=False, into_example=into_example, new_ids=new_ids)


@FUZZ
# Each of these once escaped as something other than a ServiceError, or as a message of many lines.
@_found(("duplicate_new_id", "participant", 0, 0, None))  # IntegrityError: a pseudonym twice
@_found(("duplicate_new_id", "tender", 0, 0, None))  # IntegrityError: two tenders for one commission
@_found(("near", "bid", 0, "amount_minor", 10**30))  # OverflowError: too big for SQLite
@_found(("near", "commission", 0, "created_at", "9999-12-31T23:59:59-14:00"))  # OverflowError in UTC
@_found(("wrong_id", "ballot", 0, "round_id", "a\nb"))  # the refusal ran over two lines
@_found(("near", "participant", 0, "pseudonym", "a\x00b"))  # NUL: PostgreSQL cannot store it
@_found(("near", "moderated_score", 0, "mean_before", float("nan")))  # NaN stored, export no longer JSON
@_found(("negative_money", "bid", 0, "amount_minor", -5))  # negative money accepted
@_found(("near", "participant", 0, "pseudonym", "x" * 100_000))  # a refusal 100,000 characters long
@_found(("rekey_commission", "commission", 0, 0, None), into_example=True)  # IntegrityError: ids taken
@_found(("top", "commission", 0, 2, "0001"), into_example=True, new_ids=False)
@_found(("top", "commission", 0, 1, "x" * 916))  # the refusal quoted the whole format_version
@given(
    damages=st.lists(damage(), min_size=1, max_size=3),
    through_text=st.booleans(),
    into_example=st.booleans(),
    new_ids=st.sampled_from([None, True, False]),
)
def test_a_damaged_export_is_imported_whole_or_refused_in_one_line(
    templates, damages, through_text, into_example, new_ids
):
    """Up to three kinds of damage to a real export: imported (and re-exportable) or refused, database untouched."""
    document = templates.fresh_document()
    for one in damages:
        _apply(document, templates.ids, *one)
    if through_text:
        # As `import json` and the app read it: through the file's text.
        try:
            document = parse_document(json.dumps(document, allow_nan=True))
        except ServiceError as refused:
            assert one_line(refused.message), refused.message
            return
    _import_into_copy(templates, document, into_example=into_example, new_ids=new_ids)


#: Ways the export's own text is damaged: cut short, spliced, a number no export writes, brackets.
TEXT_DAMAGE = st.one_of(
    st.tuples(st.just("cut"), st.floats(0, 1)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.text(min_size=1, max_size=5)),
    st.tuples(st.just("number"), st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999", "-0.0", "99999999999999999999"])),
)


def _damaged_text(text: str, damage: tuple) -> str:
    how, *how_much = damage
    if how == "cut":
        return text[: int(len(text) * how_much[0])]
    if how == "insert":
        at = int(len(text) * how_much[0])
        return text[:at] + how_much[1] + text[at:]
    return text.replace(": 0,", f": {how_much[0]},", 1)


@FUZZ
@example(text="", brackets=100_000, damage=None, into_example=False)  # overflowed Python's stack (RecursionError)
@example(text='{"a": NaN}', brackets=0, damage=None, into_example=False)  # NaN is not JSON, yet Python reads it
@given(
    text=st.one_of(
        st.text(),
        st.binary().map(lambda raw: raw.decode("latin-1")),
        st.recursive(
            st.none() | st.booleans() | st.floats() | st.text(max_size=5),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
        ).map(json.dumps),
    ),
    brackets=st.one_of(st.just(0), st.integers(1, 200_000)),
    damage=st.one_of(st.none(), TEXT_DAMAGE),
    into_example=st.booleans(),
)
def test_any_text_is_imported_or_refused_in_one_line(templates, text, brackets, damage, into_example):
    """Random text, bytes, JSON, deep brackets, or the export's own text damaged: imported, or refused in one line."""
    if damage is not None:
        text = _damaged_text(templates.document_text, damage)
    if brackets:
        text = "[" * brackets + text
    try:
        document = parse_document(text)
    except ServiceError as refused:
        assert one_line(refused.message), refused.message
        return
    _import_into_copy(templates, document, into_example=into_example, new_ids=None)


# --------------------------------------------------------------------------- votes and scores edited by hand

def _edited(*edits: tuple, new_ids: bool | None = None):
    """An edit that once got past import (or that sits beside one), kept so it is always tried."""
    return example(edits=list(edits), new_ids=new_ids)


@FUZZ
# Each of these was once imported, and then `check` said nothing and counting the round failed or lied.
@_edited(("vote_round", ("method", "dots"), "count_method", "irv"))  # a dots round counted by IRV
@_edited(("paper_tally", 0, "option_id", ("option of", "ranking")))  # paper dots on another round's option
@_edited(("paper_tally", 0, "dots", -3))  # negative paper dots
@_edited(("vote_round", ("method", "ranking"), "state", "draft"))  # ballots in a round that never opened
@_edited(("vote_round", ("method", "ranking"), "lot_order", ("lot of", "dots")))  # a lot naming a stranger
@_edited(("vote_round", ("method", "dots"), "max_dots_per_option", 9))  # more on one option than a person has
@_edited(("tender", 0, "scoring_scale_max", 12))
@_edited(("vote_round", ("method", "ranking"), "lot_order", "[" * 100_000), new_ids=True)  # too deep to read
@given(edits=st.lists(edit(), min_size=1, max_size=4), new_ids=st.sampled_from([None, True]))
def test_votes_and_scores_edited_in_the_file_are_held_to_their_rules(templates, edits, new_ids):
    """Up to four values of votes, rounds, paper tallies or scores edited: refused in one line, or kept within
    the rules the services cast them under (so ``check`` finds nothing and every round counts)."""
    document = templates.fresh_document()
    for table, row, column, value in edits:
        value = edited_value(document, value)
        _apply(document, templates.ids, "set", table, row_of(document, table, row), column, value)
    _import_into_copy(templates, document, into_example=False, new_ids=new_ids)
