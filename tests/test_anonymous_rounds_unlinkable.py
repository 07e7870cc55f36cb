"""An anonymous round is unlinkable: nothing the app stores or writes out ties a person to their choices.

The example commission gets one more anonymous round, in which each young person gives a score pattern
no one else gives. Then the database file, a backup, the JSON export, the anonymised export, the
spreadsheet and CSV exports and every voter's subject access record are searched, table by table and
across every pair of tables, for anything that lines a voter up with a ballot: a shared value, a
timestamp, a row id or the order rows are stored in.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Mapping
from contextlib import closing, suppress
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from cocommission.cli import main
from cocommission.db import open_database
from cocommission.db.backup import take_backup
from cocommission.services import voting
from cocommission.services.demo import create_example_commission
from cocommission.services.participants import list_participants
from cocommission.services.perform import perform, read

Row = Mapping[str, Any]
Tables = Mapping[str, list[Row]]

#: Values every ballot of a round shares, or so small they identify nothing, whatever rows hold them.
_NOT_IDENTIFYING = (None, "", 0, 1, True, False)


def _build(path: Path) -> dict[str, Any]:
    """The example commission plus an anonymous score round in which six people voted, one correcting their
    ballot; returns what the test knows and the database must not tell."""
    database = open_database(path)
    try:
        commission_id = perform(database, create_example_commission).result
        voters = [
            person
            for person in read(database, lambda s: list_participants(s, commission_id=commission_id))
            if person.role.value in ("young_person", "service_user") and not person.withdrawn_on
        ][:6]
        made = perform(
            database,
            voting.create_round,
            commission_id=commission_id,
            title="Which two matter most?",
            method="score",
            score_min=0,
            score_max=40,
            anonymous=True,
            options=["Late opening", "Trips away"],
        ).result
        perform(database, voting.open_round, round_id=made.id)
        first, second = (option.id for option in made.options)
        choices: dict[str, dict[str, int]] = {}
        for number, person in enumerate(voters):
            cast = perform(
                database,
                voting.cast_ballot,
                round_id=made.id,
                participant_id=person.id,
                choices={first: 30 - number, second: number},
            ).result
            choices[person.id] = {first: 30 - number, second: number}
            if number == 2:
                # A correction through the handle, as the console does.
                perform(
                    database,
                    voting.cast_ballot,
                    round_id=made.id,
                    participant_id=person.id,
                    choices={first: 20, second: 21},
                    replace_handle=cast.handle,
                )
                choices[person.id] = {first: 20, second: 21}
    finally:
        database.close()
    return {
        "commission_id": commission_id,
        "round_id": made.id,
        "options": (first, second),
        "voters": [(person.id, person.pseudonym) for person in voters],
        "choices": choices,
    }


def _sqlite_tables(path: Path) -> tuple[Tables, dict[str, list[tuple[Any, ...]]]]:
    """Every row of every table as stored (no ORDER BY), and each table's rowids where it has them."""
    tables: dict[str, list[Row]] = {}
    rowids: dict[str, list[tuple[Any, ...]]] = {}
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        names = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            tables[name] = [dict(row) for row in connection.execute(f'SELECT * FROM "{name}"')]
            with suppress(sqlite3.OperationalError):  # stored without a rowid
                rowids[name] = [tuple(row) for row in connection.execute(f'SELECT rowid, * FROM "{name}" ORDER BY rowid')]
    return tables, rowids


def _values(row: Row) -> set[Any]:
    """A row's values, with the ids and words inside JSON text (audit details) taken out too."""
    found: set[Any] = set()
    for value in row.values():
        found.add(value)
        if isinstance(value, str) and value[:1] in "[{":
            with suppress(ValueError):
                found |= set(_flatten(json.loads(value)))
    return found - set(_NOT_IDENTIFYING)


def _flatten(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    else:
        yield value


def _text(row: Row) -> str:
    return " ".join(str(value) for value in row.values() if value is not None)


def _ballots(tables: Tables, round_id: str) -> tuple[list[Row], dict[str, list[Row]]]:
    """The round's ballots as stored, and each one's lines."""
    ballots = [row for row in tables["ballot"] if row["round_id"] == round_id]
    lines: dict[str, list[Row]] = {ballot["id"]: [] for ballot in ballots}
    for line in tables["ballot_choice"]:
        if line["ballot_id"] in lines:
            lines[line["ballot_id"]].append(line)
    return ballots, lines


def _signature(lines: list[Row]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((line["option_id"], line["value"]) for line in lines))


def _assert_unlinkable(tables: Tables, known: Mapping[str, Any], people: Mapping[str, set[Any]], where: str) -> None:  # noqa: PLR0912 - every way a row could tie a voter to a ballot, checked in one walk
    """No row, and no pair of rows joined on a value they share, ties one of ``people`` to an anonymous ballot.

    ``people`` gives each voter's identifying values as this copy holds them (id, pseudonym, name…).
    """
    round_id = known["round_id"]
    ballots, lines = _ballots(tables, round_id)
    assert len(ballots) == len(known["voters"]), where
    signatures = {_signature(rows) for rows in lines.values()}
    assert signatures == {tuple(sorted(c.items())) for c in known["choices"].values()}, where

    # Each ballot's own values: what only it holds (its id, its lines' ids, its handle's digest).
    private: dict[str, set[Any]] = {}
    shared: set[Any] = set()
    seen: dict[Any, int] = {}
    for ballot in ballots:
        own = _values(ballot) | set().union(*(_values(line) for line in lines[ballot["id"]]))
        private[ballot["id"]] = own
        for value in own:
            seen[value] = seen.get(value, 0) + 1
    shared = {value for value, count in seen.items() if count > 1}
    for ballot_id in private:
        # Ids and digests: numbers (a score of 3) are not a ballot's own, whoever else gives them.
        private[ballot_id] = {value for value in private[ballot_id] - shared if isinstance(value, str)}

    # Rows naming a voter, and (one step on) every row holding the id of such a row: a voter row, a payment…
    naming: dict[str, list[tuple[str, Row]]] = {person: [] for person in people}
    for person, identifying in people.items():
        ids = set(identifying)
        for _ in range(2):
            for rows in tables.values():
                for row in rows:
                    if _values(row) & ids:
                        ids.add(row.get("id"))
        ids.discard(None)
        people_values = ids
        for table, rows in tables.items():
            for row in rows:
                if _values(row) & people_values:
                    naming[person].append((table, row))
        # No ballot or ballot line of the round holds anything of the voter's.
        for ballot in ballots:
            for row in [ballot, *lines[ballot["id"]]]:
                assert not _values(row) & people_values, f"{where}: a ballot row names a voter: {row}"

    for rows in naming.values():
        for table, row in rows:
            values = _values(row)
            for ballot_id, own in private.items():
                # Joined on any value: a row about the person shares nothing that only one ballot holds.
                assert not values & own, f"{where}: {table} row ties a voter to ballot {ballot_id}: {row}"
            # Nor does it hold what they chose in the round.
            if table not in ("ballot", "ballot_choice", "vote_option"):
                assert not values & set(known["options"]), f"{where}: {table} row names a choice of the round: {row}"

    # Every other row that holds a ballot's own value is the ballot's own line: nothing else refers to a ballot.
    for table, rows in tables.items():
        if table in ("ballot", "ballot_choice"):
            continue
        for row in rows:
            for ballot_id, own in private.items():
                assert not _values(row) & own, f"{where}: {table} row refers to anonymous ballot {ballot_id}: {row}"

    # An anonymous ballot keeps no time of its own.
    for ballot in ballots:
        assert ballot.get("cast_at") is None and ballot.get("participant_id") is None, where

    # Nor does the order the ballots come back in (unasked) follow the order people voted in.
    voting_order = [tuple(sorted(known["choices"][person].items())) for person, _ in known["voters"]]
    stored_order = [_signature(lines[ballot["id"]]) for ballot in ballots]
    assert stored_order != voting_order, f"{where}: the ballots are stored in the order people voted"
    line_order = [
        (line["option_id"], line["value"]) for line in tables["ballot_choice"] if line["ballot_id"] in lines
    ]
    first = known["options"][0]
    assert [value for option, value in line_order if option == first] != [
        dict(signature)[first] for signature in voting_order
    ], f"{where}: the ballot lines are stored in the order people voted"


def _people_in_database(tables: Tables, known: Mapping[str, Any]) -> dict[str, set[Any]]:
    participants = {row["id"]: row for row in tables["participant"]}
    return {
        person: {person, participants[person]["pseudonym"], participants[person].get("full_name")} - {None, ""}
        for person, _ in known["voters"]
    }


def _assert_stored_file_unlinkable(path: Path, known: Mapping[str, Any], where: str) -> None:
    tables, rowids = _sqlite_tables(path)
    _assert_unlinkable(tables, known, _people_in_database(tables, known), where)
    # Where a table of ballots still has row ids, they do not number the ballots in voting order either.
    if "ballot" in rowids:
        ballots = [row for row in rowids["ballot"] if known["round_id"] in row]
        assert len(ballots) == len(known["voters"])
        pytest.fail(f"{where}: ballots are stored with row ids, numbered in the order they were cast")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, dict[str, Any]]:
    """A database file holding the example commission and the anonymous round, and what the test knows."""
    path = tmp_path_factory.mktemp("unlinkable") / "commission.sqlite"
    return path, _build(path)


def test_the_database_file_ties_no_voter_to_a_choice(built):
    """Searched table by table and across every pair of tables, the database file holds no value, time, row id
    or order that lines a voter up with their anonymous ballot."""
    path, known = built
    _assert_stored_file_unlinkable(path, known, "database file")


def test_a_backup_ties_no_voter_to_a_choice(built, tmp_path):
    """A backup of the file is searched the same way and holds no link either."""
    path, known = built
    backup = take_backup(path, reason="checked")
    _assert_stored_file_unlinkable(backup, known, "backup")


def test_the_json_export_ties_no_voter_to_a_choice(built, tmp_path):
    """The commission file (export json) holds no link between a voter and their anonymous ballot."""
    path, known = built
    target = tmp_path / "commission.json"
    assert main(["--db", str(path), "export", "json", known["commission_id"], "-o", str(target)]) == 0
    tables = json.loads(target.read_text("utf-8"))["tables"]
    _assert_unlinkable(tables, known, _people_in_database(tables, known), "JSON export")


def test_the_anonymised_export_ties_no_participant_to_a_choice(built, tmp_path):
    """In the anonymised export no "Participant N", and nothing about a participant, lines up with an anonymous
    ballot."""
    path, known = built
    target = tmp_path / "anonymised.json"
    assert main(["--db", str(path), "export", "anonymised", known["commission_id"], "-o", str(target)]) == 0
    tables = json.loads(target.read_text("utf-8"))["tables"]
    # Every participant of the copy stands for a possible voter: none may be tied to a ballot.
    people = {row["id"]: {row["id"], row["pseudonym"]} for row in tables["participant"]}
    _assert_unlinkable(tables, {**known, "voters": known["voters"]}, people, "anonymised export")


def test_the_spreadsheet_and_csv_exports_tie_no_voter_to_a_choice(built, tmp_path):
    """No sheet or CSV row names a voter beside the anonymous round or a score given in it."""
    path, known = built
    workbook_path, folder = tmp_path / "votes.xlsx", tmp_path / "csv"
    folder.mkdir()
    assert main(["--db", str(path), "export", "xlsx", known["commission_id"], "-o", str(workbook_path)]) == 0
    assert main(["--db", str(path), "export", "csv", known["commission_id"], "-o", str(folder)]) == 0
    rows: list[list[str]] = []
    workbook = load_workbook(workbook_path, read_only=True)
    for sheet in workbook.worksheets:
        rows += [[str(cell) for cell in row if cell is not None] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    for file in folder.glob("*.csv"):
        with file.open(encoding="utf-8-sig", newline="") as opened:
            rows += list(csv.reader(opened))
    names = {pseudonym for _, pseudonym in known["voters"]} | {person for person, _ in known["voters"]}
    assert rows
    for row in rows:
        if names & set(row):
            assert "Which two matter most?" not in row, row
            assert not set(row) & {"Late opening", "Trips away"}, row


def test_no_subject_access_record_shows_what_a_voter_chose_in_the_anonymous_round(built, tmp_path):
    """Each voter's subject access record says they voted in the anonymous round, never what they chose, and
    holds nothing of their ballot."""
    path, known = built
    tables, _ = _sqlite_tables(path)
    ballots, lines = _ballots(tables, known["round_id"])
    private = {ballot["id"] for ballot in ballots} | {line["id"] for rows in lines.values() for line in rows}
    private |= {ballot["handle_hash"] for ballot in ballots if ballot.get("handle_hash")}
    for person, _ in known["voters"]:
        target = tmp_path / f"{person}.json"
        assert main(["--db", str(path), "subject-access", person, "-o", str(target)]) == 0
        text = target.read_text("utf-8")
        record = json.loads(text)
        (entry,) = [ballot for ballot in record["ballots"] if ballot["round"] == "Which two matter most?"]
        assert entry["choices"] == [], entry
        assert not any(value in text for value in private)
        for option in ("Late opening", "Trips away"):
            assert option not in text
