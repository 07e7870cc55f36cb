"""A whole commission as one JSON document, and back again.

The document lists every record of the commission table by table, in the
order they can be inserted, with every column written out. It is what moves a
commission between laptops, or from a laptop to a council's shared server.
Its shape is described by a JSON Schema generated from the mapped classes
(see ``docs/interchange.md``), so the two can never drift apart.

Import is all-or-nothing: the document is checked in full before anything is
written, and it is written in the caller's single transaction.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import resources
from typing import Any

import jsonschema
from sqlalchemy import Boolean, Column, Date, Float, Integer, Table, UniqueConstraint, insert, select, update
from sqlalchemy.orm import Session

from cocommission import __version__
from cocommission.db import migrations
from cocommission.model import Commission, FeedbackSheet, new_id, whole_schema
from cocommission.model.base import UTCDateTime
from cocommission.model.money import MAX_MINOR_UNITS
from cocommission.services.changes import note_change
from cocommission.services.errors import InvalidInput, NotFound
from cocommission.services.round_rules import read_lot
from cocommission.services.text import plain_name, quoted

FORMAT = "cocommission.commission"
FORMAT_VERSION = 1
#: Whole numbers other than money are stored as 32-bit integers (PostgreSQL's ``integer``), the
#: narrowest backend; amounts of money go up to ``MAX_MINOR_UNITS``.
SMALLEST_INTEGER, LARGEST_INTEGER = -(2**31), 2**31 - 1
#: How much of a refused value a message quotes.
_QUOTED = 60

#: Names shown on screen, on the projector and on paper: no invisible characters that change how they read.
NAME_COLUMNS = {("participant", "pseudonym"), ("participant", "full_name"), ("bidder", "name")}

#: For tables without a ``commission_id``, the column that ties a row to its owner.
OWNER_COLUMN = {
    "agenda_item": "workshop_id",
    "attendance": "workshop_id",
    "vote_option": "round_id",
    "round_voter": "round_id",
    "ballot": "round_id",
    "ballot_choice": "ballot_id",
    "paper_tally": "round_id",
    "tender_section": "tender_id",
    "tender_version": "tender_id",
    "conflict_declaration": "bid_id",
    "score": "bid_id",
    "moderated_score": "bid_id",
    "funded_bid": "decision_id",
    "feedback_response": "sheet_id",
}


#: Tables that stay on the laptop: room voting's join cards and phones are keys to one room's
#: votes (their digests included), not a record of the commission, so no file carries them.
ROOM_TABLES = frozenset({"join_card", "room_phone"})


def exported_tables() -> tuple[Table, ...]:
    """Every table of a commission but the room's keys (``ROOM_TABLES``), parents before children."""
    return tuple(table for table in whole_schema().sorted_tables if table.name not in ROOM_TABLES)


def _owner(table: Table) -> tuple[Column, str]:
    """The column that ties a row to the commission, and the table it points at."""
    if "commission_id" in table.c and table.name != "commission":
        return table.c.commission_id, "commission"
    if table.name == "commission":
        return table.c.id, "commission"
    column = table.c[OWNER_COLUMN[table.name]]
    (foreign_key,) = column.foreign_keys
    return column, foreign_key.column.table.name


# --- values -----------------------------------------------------------------


def _to_json(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _from_json(column: Column, value: Any) -> Any:
    """A document's value as the column stores it; ValueError saying why it cannot be stored."""
    if value is None:
        return None
    column_type = column.type
    if isinstance(column_type, UTCDateTime):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError("timestamps need a time zone")
        try:
            parsed.astimezone(UTC)
        except OverflowError:
            raise ValueError("the time is out of range") from None
        return parsed
    if isinstance(column_type, Date):
        return date.fromisoformat(value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("it is not a finite number")
    if isinstance(column_type, Integer) and not isinstance(column_type, Boolean) and isinstance(value, float):
        # JSON may write a whole number as 2.0 (the schema accepts it); stored as given it would be a REAL.
        if not value.is_integer():
            raise ValueError("it is not a whole number")
        return int(value)
    if isinstance(value, str) and "\x00" in value:
        # PostgreSQL cannot store it, and no one types it: the file has been damaged.
        raise ValueError("it holds a NUL character")
    return value


def _json_type(column: Column) -> dict[str, Any]:
    column_type = column.type
    if isinstance(column_type, Boolean):
        schema: dict[str, Any] = {"type": "boolean"}
    elif isinstance(column_type, Integer) and column.name.endswith("_minor"):
        # Money in minor units is never negative, and never more than the one money limit.
        schema = {"type": "integer", "minimum": 0, "maximum": MAX_MINOR_UNITS}
    elif isinstance(column_type, Integer):
        schema = {"type": "integer", "minimum": SMALLEST_INTEGER, "maximum": LARGEST_INTEGER}
    elif isinstance(column_type, Float):
        schema = {"type": "number"}
    elif isinstance(column_type, UTCDateTime):
        schema = {"type": "string", "format": "date-time"}
    elif isinstance(column_type, Date):
        schema = {"type": "string", "format": "date"}
    elif hasattr(column_type, "enums"):
        schema = {"type": "string", "enum": list(column_type.enums)}
    else:
        schema = {"type": "string"}
        length = getattr(column_type, "length", None)
        if length:
            schema["maxLength"] = length
    if column.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if column.doc:
        schema["description"] = column.doc
    return schema


def build_schema() -> dict[str, Any]:
    """The JSON Schema of the interchange document, generated from the mapped classes."""
    tables: dict[str, dict[str, Any]] = {}
    for table in exported_tables():
        tables[table.name] = {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {column.name: _json_type(column) for column in table.columns},
                "required": [column.name for column in table.columns],
                "additionalProperties": False,
            },
        }
    tables["commission"]["minItems"] = 1
    tables["commission"]["maxItems"] = 1
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://cocommission.org/schemas/commission-v1.json",
        "title": "CoCommission commission",
        "description": "One commission with every record it holds: people, outcomes, votes, tender, bids, "
        "scores, decision, feedback and its audit log.",
        "type": "object",
        "properties": {
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION},
            "schema_revision": {"type": "string"},
            "exported_by": {"type": "string"},
            "tables": {
                "type": "object",
                "properties": tables,
                "required": [table.name for table in exported_tables()],
                "additionalProperties": False,
            },
        },
        "required": ["format", "format_version", "schema_revision", "tables"],
        "additionalProperties": False,
    }


def packaged_schema() -> dict[str, Any]:
    """The schema shipped with the package (kept equal to ``build_schema`` by a test)."""
    text = resources.files("cocommission").joinpath("schemas/commission.schema.json").read_text("utf-8")
    return json.loads(text)


# --- export -----------------------------------------------------------------


def export_commission(session: Session, *, commission_id: str) -> dict[str, Any]:
    """Every record of one commission as a JSON-ready document, in a stable order."""
    if session.get(Commission, commission_id) is None:
        raise NotFound(f"There is no commission with id {commission_id!r}.")
    ids_by_table: dict[str, set[str]] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in exported_tables():
        owner_column, owner_table = _owner(table)
        owners = {commission_id} if owner_table == "commission" else ids_by_table[owner_table]
        rows = []
        if owners:
            result = session.execute(select(table).where(owner_column.in_(sorted(owners))).order_by(table.c.id))
            rows = [{column.name: _to_json(column, row._mapping[column]) for column in table.columns} for row in result]
        ids_by_table[table.name] = {row["id"] for row in rows}
        tables[table.name] = rows
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "schema_revision": migrations.head_revision(),
        "exported_by": f"CoCommission {__version__}",
        "tables": tables,
    }


def dumps(document: Mapping[str, Any]) -> str:
    """The document as UTF-8 JSON text, stable byte for byte for the same data."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


# --- import -----------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """The imported commission's id, how many records came in, and old id → new id."""

    commission_id: str
    records: int
    id_map: Mapping[str, str]


def _validate(document: Any) -> None:
    if not isinstance(document, dict):
        raise InvalidInput("The file is not a CoCommission export: it should hold one JSON object.")
    if document.get("format") != FORMAT:
        raise InvalidInput("The file is not a CoCommission commission export (its 'format' is missing or different).")
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            f"The file uses export format version {_shown(document.get('format_version'))}; "
            f"this version of CoCommission reads version {FORMAT_VERSION}."
        )
    revision = document.get("schema_revision")
    if isinstance(revision, str) and not migrations.is_known(revision):
        raise InvalidInput("The file was exported by a newer version of CoCommission; update CoCommission to import it.")
    validator = jsonschema.Draft202012Validator(packaged_schema(), format_checker=jsonschema.FormatChecker())
    try:
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
        if error is None:
            return
        where = "/".join(str(part) for part in error.absolute_path) or "the document"
        what = _one_line(error.message)
    except RecursionError:
        raise InvalidInput(_TOO_DEEP) from None
    raise InvalidInput(f"The file does not match the export format at {_one_line(where)}: {what}")


_TOO_DEEP = "The file nests its data far more deeply than a CoCommission export does; it is not one."


def _shown(value: Any) -> str:
    """A value from the file as a message quotes it: short, on one line, and never a whole structure."""
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    return _one_line(repr(value), 40)


def _one_line(text: str, limit: int = 200) -> str:
    """A message part on one line and of a readable length (the validator quotes whole values)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _foreign_key_targets(table: Table) -> dict[str, str]:
    return {
        column.name: next(iter(column.foreign_keys)).column.table.name
        for column in table.columns
        if column.foreign_keys
    }


def _check_references(tables: Mapping[str, list[dict[str, Any]]]) -> str:
    """Every row belongs to the one commission, points only at rows in the document, and no two
    rows of a table share what the database keeps unique."""
    (commission,) = tables["commission"]
    ids = {name: {row["id"] for row in rows} for name, rows in tables.items()}
    for table in exported_tables():
        if len(ids[table.name]) != len(tables[table.name]):
            raise InvalidInput(f"The file lists the same {table.name} id twice.")
        targets = _foreign_key_targets(table)
        for row in tables[table.name]:
            for column_name, target in targets.items():
                value = row[column_name]
                if value is not None and value not in ids[target]:
                    raise InvalidInput(
                        f"The file's {table.name} {quoted(row['id'], _QUOTED)} refers to {target} "
                        f"{quoted(value, _QUOTED)}, which is not in the file."
                    )
            if "commission_id" in row and row["commission_id"] != commission["id"]:
                raise InvalidInput(f"The file's {table.name} {quoted(row['id'], _QUOTED)} belongs to another commission.")
        _check_unique(table, tables[table.name])
    return commission["id"]


def _check_anonymous_ballots(tables: Mapping[str, list[dict[str, Any]]]) -> None:
    """Refuse a ballot of an anonymous round that names its voter or its time: none is ever written so."""
    anonymous = {row["id"] for row in tables["vote_round"] if row["anonymous"]}
    for ballot in tables["ballot"]:
        if ballot["round_id"] in anonymous and (ballot["participant_id"] is not None or ballot["cast_at"] is not None):
            raise InvalidInput(
                f"The file's ballot {quoted(ballot['id'], _QUOTED)} is in an anonymous round but names who cast it "
                "or when; CoCommission never writes that, so the file has been altered."
            )


def _check_unique(table: Table, rows: list[dict[str, Any]]) -> None:
    """Refuse two rows that the database would refuse as duplicates (two tenders, a pseudonym twice, …)."""
    for constraint in table.constraints:
        if not isinstance(constraint, UniqueConstraint):
            continue
        names = [column.name for column in constraint.columns]
        seen: set[tuple[Any, ...]] = set()
        for row in rows:
            key = tuple(row[name] for name in names)
            if None in key:
                continue
            if key in seen:
                shown = ", ".join(f"{name} {quoted(row[name], _QUOTED)}" for name in names if name != "commission_id")
                raise InvalidInput(
                    f"The file lists two {table.name} records with the same {shown or 'commission'}; "
                    "the database keeps only one."
                )
            seen.add(key)


def _from_older_revision(document: Any) -> Any:
    """A document written by an older schema, brought up to the current one step by step."""
    return _from_0002(_from_0001(document))


def _from_0002(document: Any) -> Any:
    """A document written at schema 0002, brought up to 0003; anything else is returned as it is.

    Rounds get the default tie-break rule and no lot; tenders get no closing date, which the
    tender's checks then ask for before it can be agreed.
    """
    if not isinstance(document, dict) or document.get("schema_revision") != "0002":
        return document
    tables = document.get("tables")
    if not isinstance(tables, dict):
        return document
    found = _row_lists(tables, "vote_round", "tender")
    if found is None:
        return document  # not an export at all: validation says what is wrong
    rounds, tenders = found
    tables = {
        **tables,
        "vote_round": [{"tie_break": "earlier_counts_then_lot", "lot_order": None, **row} for row in rounds],
        "tender": [{"closing_date": None, **row} for row in tenders],
    }
    return {**document, "schema_revision": "0003", "tables": tables}


def _row_lists(tables: dict[Any, Any], *names: str) -> list[list[dict[str, Any]]] | None:
    """The rows of the named tables of an older file, or None when one is not a list of objects."""
    found: list[list[dict[str, Any]]] = []
    for name in names:
        rows = tables.get(name)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            return None
        found.append(rows)
    return found


def _from_0001(document: Any) -> Any:
    """A document written before schema 0002, brought up to it; anything else is returned as it is.

    Files from before 0002 have no ``round_voter`` table: who voted is taken from the ballots.
    Their ballots in anonymous rounds named their voter and their cast time; on import that link
    is dropped and those ballots (and their lines) get new random ids, as the upgrade of a
    database does, so the imported commission holds nothing that ties a person to a choice.
    """
    if not isinstance(document, dict) or document.get("schema_revision") != "0001":
        return document
    tables = document.get("tables")
    if not isinstance(tables, dict) or "round_voter" in tables:
        return document
    found = _row_lists(tables, "ballot", "ballot_choice", "vote_round", "audit_entry")
    if found is None:
        return document  # not an export at all: validation says what is wrong
    ballots, lines, rounds, audit = found
    # Only text ids are followed: anything else is left for validation to refuse.
    anonymous = {
        vote_round.get("id")
        for vote_round in rounds
        if vote_round.get("anonymous") is True and isinstance(vote_round.get("id"), str)
    }
    voters = [
        {"id": new_id(), "round_id": ballot.get("round_id"), "participant_id": ballot.get("participant_id"),
         "voted_at": ballot.get("cast_at")}
        for ballot in ballots
    ]
    renamed: dict[Any, str] = {}
    new_ballots = []
    for ballot in ballots:
        ballot = {**ballot, "handle_hash": None}
        if isinstance(ballot.get("round_id"), str) and ballot["round_id"] in anonymous and isinstance(ballot.get("id"), str):
            renamed[ballot["id"]] = new_id()
            ballot.update(id=renamed[ballot["id"]], participant_id=None, cast_at=None)
        new_ballots.append(ballot)
    new_lines = [
        {**line, "id": new_id(), "ballot_id": renamed[line["ballot_id"]]}
        if isinstance(line.get("ballot_id"), str) and line["ballot_id"] in renamed
        else line
        for line in lines
    ]
    # Rows are written in the file's order: sorted by their ids, the voters and the ballots are in
    # two unrelated random orders.
    by_id = lambda row: str(row.get("id"))  # noqa: E731 - a sort key
    tables = {
        **tables,
        "round_voter": sorted(voters, key=by_id),
        "ballot": sorted(new_ballots, key=by_id),
        "ballot_choice": sorted(new_lines, key=by_id),
        "audit_entry": [{"record_digest": None, **entry} for entry in audit],
    }
    return {**document, "schema_revision": "0002", "tables": tables}


def import_commission(session: Session, *, document: Any, new_ids: bool | None = None) -> ImportResult:
    """Add the commission in ``document`` to the database, all or nothing.

    Ids are kept when they are free; with ``new_ids`` True, or when the
    commission is already in this database, every record gets a new id (a copy).
    Imported audit entries keep their original hashes, so the imported log
    still verifies; the import itself adds no entry, except to a copy with new ids,
    whose log then says that the records its older entries vouch for had other ids. A file
    written by an older version is brought up to date first (see ``_from_older_revision``).
    """
    document = _from_older_revision(document)
    _validate(document)
    tables = document["tables"]
    commission_id = _check_references(tables)
    _check_anonymous_ballots(tables)
    ids_taken = _ids_taken(session, tables)
    if new_ids is None:
        new_ids = ids_taken
    if not new_ids:
        _refuse_ids_in_use(session, commission_id, ids_taken=ids_taken)
    id_map = {row["id"]: (new_id() if new_ids else row["id"]) for rows in tables.values() for row in rows}

    count = 0
    deferred: list[tuple[Table, str, str, str]] = []
    for table in exported_tables():
        rows = tables[table.name]
        if not rows:
            continue
        targets = _foreign_key_targets(table)
        self_references = [name for name, target in targets.items() if target == table.name]
        prepared = []
        for row in rows:
            values = _row_values(table, row, targets, id_map)
            if new_ids and table.name == "ballot":
                # A copy's anonymous ballots cannot be changed through the original's handles.
                values["handle_hash"] = None
            if new_ids and table.name == "vote_round":
                values["lot_order"] = _lot_with_new_ids(values["lot_order"], id_map)
            for name in self_references:
                if values[name] is not None:
                    deferred.append((table, values["id"], name, values[name]))
                    values[name] = None
            prepared.append(values)
        if table.name == "feedback_sheet":
            _avoid_code_clashes(session, prepared)
        session.execute(insert(table), prepared)
        count += len(prepared)
    for table, row_id, column_name, target_id in deferred:
        session.execute(update(table).where(table.c.id == row_id).values({column_name: target_id}))
    new_commission_id = id_map[commission_id]
    _check_rules(session, new_commission_id, id_map)
    if new_ids and tables.get("audit_entry"):
        # The copied entries name the original ids, so the records they vouch for are not these:
        # say so in the log, from where verification checks records afresh.
        from cocommission.services.audit import RECORDS_RESET, record

        record(
            session,
            commission_id=new_commission_id,
            action=RECORDS_RESET,
            summary="Commission imported as a copy with new ids",
            details={"original_commission_id": commission_id},
        )
    note_change(session, "commission", new_commission_id, commission_id=new_commission_id)
    return ImportResult(commission_id=new_commission_id, records=count, id_map=id_map)


def _refuse_ids_in_use(session: Session, commission_id: str, *, ids_taken: bool) -> None:
    """Refuse to import with the file's own ids what this database already holds under them."""
    if session.get(Commission, commission_id) is not None:
        raise InvalidInput("That commission is already in this database; import it as a copy with new ids.")
    if ids_taken:
        raise InvalidInput(
            "Records in the file have the same ids as records already in this database; "
            "import it as a copy with new ids."
        )


def _row_values(
    table: Table, row: Mapping[str, Any], targets: Mapping[str, str], id_map: Mapping[str, str]
) -> dict[str, Any]:
    """A row of the file as the values to store: ids mapped, each value read back from JSON and checked."""
    values = {}
    for column in table.columns:
        value = row[column.name]
        if value is not None and (column.primary_key or column.name in targets):
            value = id_map[value]
        try:
            values[column.name] = _from_json(column, value)
            if (table.name, column.name) in NAME_COLUMNS and value is not None:
                plain_name(value, "it")
        except InvalidInput as exc:
            raise InvalidInput(
                f"The file's {table.name} {quoted(row['id'], _QUOTED)} has a bad {column.name}: "
                f"{_one_line(exc.message)}"
            ) from None
        except ValueError as exc:
            raise InvalidInput(
                f"The file's {table.name} {quoted(row['id'], _QUOTED)} has a bad {column.name}: "
                f"{_one_line(str(exc))}."
            ) from None
    return values


def _lot_with_new_ids(lot_order: str | None, id_map: Mapping[str, str]) -> str | None:
    """A round's lot (a JSON list of its option ids) naming the copy's options instead of the file's.

    Anything else is left as it is, for the rules check to refuse by the ids the file gave.
    """
    if lot_order is None:
        return None
    drawn = read_lot(lot_order)
    if drawn is None or not all(option_id in id_map for option_id in drawn):
        return lot_order
    return json.dumps([id_map[option_id] for option_id in drawn])


def _check_rules(session: Session, commission_id: str, id_map: Mapping[str, str]) -> None:
    """Refuse the file if a ballot, score or payment in it breaks the rules the services hold it to.

    A score of 99 on a -2..2 round, a ranking with every option first, or a ballot naming
    another round's option would be refused when cast, and would make a count wrong or fail;
    the file may have been edited by hand or damaged. The rows are checked where they now
    stand, by the same checks ``check`` runs on an existing database, and named by the ids
    they have in the file. Raising leaves the caller's transaction to write nothing.
    """
    from cocommission.services.integrity import rule_breaks

    problems = rule_breaks(session, commission_id=commission_id)
    if not problems:
        return
    file_ids = {new: old for old, new in id_map.items() if new != old}
    first = problems[0]
    for new, old in file_ids.items():
        first = first.replace(new, old)
    more = len(problems) - 1
    others = f" It has {more} more {'problem' if more == 1 else 'problems'} like this." if more else ""
    raise InvalidInput(
        f"The file breaks the rules its records were made under, so nothing was imported: {first}.{others} "
        "Correct that row in the file, or export the commission again from where it came from."
    )


def _ids_taken(session: Session, tables: Mapping[str, list[dict[str, Any]]]) -> bool:
    """Whether any record in the file has the id of a record already in the database."""
    for table in exported_tables():
        ids = [row["id"] for row in tables[table.name]]
        for start in range(0, len(ids), 500):
            if session.execute(select(table.c.id).where(table.c.id.in_(ids[start : start + 500])).limit(1)).first():
                return True
    return False


def _avoid_code_clashes(session: Session, sheets: list[dict[str, Any]]) -> None:
    """A copied commission's sheets get fresh codes, since a printed code must name one sheet."""
    from cocommission.services.feedback import make_sheet_code

    taken = set(session.scalars(select(FeedbackSheet.code)))
    for sheet in sheets:
        while sheet["code"] in taken:
            sheet["code"] = make_sheet_code()
        taken.add(sheet["code"])


def parse_document(text: str) -> Any:
    """JSON text to a document, with a clear message when it is not JSON."""
    try:
        return json.loads(text, parse_constant=_not_a_number, parse_float=_finite_number)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"The file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}).") from None
    except RecursionError:
        raise InvalidInput(_TOO_DEEP) from None


def _not_a_number(word: str) -> Any:
    # Python reads NaN and Infinity, but they are not JSON and no export writes them.
    raise InvalidInput(f"The file is not valid JSON: it holds {word}, which is not a number JSON allows.")


def _finite_number(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise InvalidInput(f"The file holds the number {_one_line(text, 40)}, which is too large to store.")
    return number
