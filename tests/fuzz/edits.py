"""Values of votes, rounds, paper tallies and scores edited by hand, as someone with a text editor or a
database tool might: a small number, another row's id, the name of another rule, a lot.

Shared by the fuzzing of commission files and of database files. An edit is
(table, row, column, value); the row and some values are read off a commission's export
(its ``tables``), so the same edit applies to the file and to the database it came from.
"""

from __future__ import annotations

import json
from typing import Any

from hostile import TEXT
from hypothesis import strategies as st
from sqlalchemy import Boolean, Integer

from cocommission.export.interchange import exported_tables

TABLES = {table.name: table for table in exported_tables()}

#: The tables where a value edited by hand changes what a count or a total says.
RULED = ("vote_round", "vote_option", "round_voter", "ballot", "ballot_choice", "paper_tally", "tender",
         "evaluation_criterion", "score", "moderated_score", "funded_bid")


def _ruled_columns(table: str) -> list:
    """The columns of ``table`` a count or a total reads: references, rules and numbers, not text or times."""
    return [
        column
        for column in TABLES[table].columns
        if column.name != "id"
        and (column.foreign_keys or hasattr(column.type, "enums") or isinstance(column.type, Integer | Boolean)
             or column.name == "lot_order")
    ]


@st.composite
def edit(draw) -> tuple[str, int, str, Any]:
    """One edit. Another row's id is ("row", table, n), and a lot is ("lot", [n, ...]) of option rows."""
    table = draw(st.sampled_from(RULED))
    column = draw(st.sampled_from(_ruled_columns(table)))
    if column.foreign_keys:
        (foreign_key,) = column.foreign_keys
        value: Any = ("row", foreign_key.column.table.name, draw(st.integers(0, 10_000)))
    elif column.name == "lot_order":
        value = draw(st.one_of(st.none(), st.lists(st.integers(0, 10_000), max_size=6).map(lambda n: ("lot", n)), TEXT))
    elif hasattr(column.type, "enums"):
        value = draw(st.sampled_from(list(column.type.enums)))
    elif isinstance(column.type, Boolean):
        value = draw(st.booleans())
    else:
        value = draw(st.integers(-3, 12))
    return table, draw(st.integers(0, 10_000)), column.name, value


def _round_voted_by(tables: dict[str, Any], method: str) -> str:
    return next(vote_round["id"] for vote_round in tables["vote_round"] if vote_round["method"] == method)


def row_of(document: dict[str, Any], table: str, row: int | tuple) -> int:
    """A row by number, or (kept examples, since ids are new each run) the first of the round voted by a method."""
    tables = document["tables"]
    if isinstance(row, int):
        return row
    round_id = _round_voted_by(tables, row[1])
    if table == "vote_round":
        return next(n for n, vote_round in enumerate(tables["vote_round"]) if vote_round["id"] == round_id)
    return next(n for n, line in enumerate(tables[table]) if line.get("round_id") == round_id)


def edited_value(document: dict[str, Any], value: Any) -> Any:
    """The value an edit writes: row references and lots read off the document's rows."""
    tables = document["tables"]
    if isinstance(value, tuple) and value[0] == "option of":
        round_id = _round_voted_by(tables, value[1])
        return next(option["id"] for option in tables["vote_option"] if option["round_id"] == round_id)
    if isinstance(value, tuple) and value[0] == "lot of":
        return json.dumps([edited_value(document, ("option of", value[1]))])
    if isinstance(value, tuple) and value[0] == "row":
        ids = [row["id"] for row in tables[value[1]]]
        return ids[value[2] % len(ids)] if ids else None
    if isinstance(value, tuple) and value[0] == "lot":
        options = [row["id"] for row in tables["vote_option"]]
        return json.dumps([options[n % len(options)] for n in value[1]])
    return value
