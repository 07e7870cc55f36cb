"""Importing a commission holds its ballots to their round's rules, as casting a vote does; `check` finds the same rows."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from running import example_id, run


def _sql(path: Path, statement: str, *parameters) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        with connection:
            return connection.execute(statement, parameters).fetchall()
    finally:
        connection.close()


def _exported(capsys, db_path: Path, tmp_path: Path) -> dict:
    """The example commission as its exported JSON document."""
    path = tmp_path / "exported.json"
    assert run(capsys, "--db", db_path, "export", "json", example_id(capsys, db_path), "-o", path)[0] == 0
    return json.loads(path.read_text(encoding="utf-8"))


def _round(document: dict, method: str) -> dict:
    return next(row for row in document["tables"]["vote_round"] if row["method"] == method)


def _choices(document: dict, round_id: str) -> list[dict]:
    ballots = {row["id"] for row in document["tables"]["ballot"] if row["round_id"] == round_id}
    return [row for row in document["tables"]["ballot_choice"] if row["ballot_id"] in ballots]


def _score_off_the_scale(document: dict) -> str:
    """The dots round made a -2..2 score round whose ballots score 1, but one gives 99."""
    vote_round = _round(document, "dots")
    vote_round.update(method="score", count_method="score", score_min=-2, score_max=2)
    choices = _choices(document, vote_round["id"])
    for choice in choices:
        choice["value"] = 1
    choices[0]["value"] = 99
    return choices[0]["ballot_id"]


def _every_option_first(document: dict) -> str:
    """One ranking ballot puts every option it ranks at rank 1."""
    vote_round = _round(document, "ranking")
    choices = _choices(document, vote_round["id"])
    ballot_id = choices[0]["ballot_id"]
    for choice in choices:
        if choice["ballot_id"] == ballot_id:
            choice["value"] = 1
    return ballot_id


def _another_rounds_option(document: dict) -> str:
    """One ranking ballot's choice names an option of the dots round."""
    dots, ranking = _round(document, "dots"), _round(document, "ranking")
    foreign = next(row["id"] for row in document["tables"]["vote_option"] if row["round_id"] == dots["id"])
    choice = _choices(document, ranking["id"])[0]
    same_ballot = [c for c in _choices(document, ranking["id"]) if c["ballot_id"] == choice["ballot_id"]]
    taken = {c["option_id"] for c in same_ballot}
    assert foreign not in taken
    choice["option_id"] = foreign
    return choice["ballot_id"]


BROKEN = {
    "a score of 99 on a -2..2 round": (_score_off_the_scale, "score 99 outside -2 to 2"),
    "every option ranked 1st": (_every_option_first, "ranks [1, 1, 1"),
    "another round's option": (_another_rounds_option, "is not in this round"),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_import_refuses_a_ballot_that_breaks_its_rounds_rules(capsys, db_path, tmp_path, case):
    """The file is refused with exit 2 and one message naming the ballot, and nothing is written."""
    breaking, problem = BROKEN[case]
    document = _exported(capsys, db_path, tmp_path)
    ballot_id = breaking(document)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh.sqlite"
    status, out, err = run(capsys, "--db", fresh, "import", "json", broken)
    assert status == 2, err
    assert out == ""
    assert f"ballot {ballot_id} in round" in err and problem in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "--db", fresh, "list")[1] == ""


def test_import_names_the_files_own_ids_when_it_copies_with_new_ids(capsys, db_path, tmp_path):
    """Imported as a copy (new ids), the refusal still names the ballot by the id it has in the file."""
    document = _exported(capsys, db_path, tmp_path)
    ballot_id = _score_off_the_scale(document)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    status, _, err = run(capsys, "--db", db_path, "import", "json", broken)
    assert status == 2, err
    assert f"ballot {ballot_id} in round" in err and "score 99 outside -2 to 2" in err
    assert len(run(capsys, "--db", db_path, "list")[1].splitlines()) == 1


def test_check_reports_a_ranking_with_every_option_first_and_another_rounds_option(capsys, db_path):
    """Ballots edited in an existing file to rank all options 1st, or to name another round's option, fail `check`."""
    ranking = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'ranking'")[0][0]
    dots = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'dots'")[0][0]
    first, second = (
        row[0] for row in _sql(db_path, "SELECT id FROM ballot WHERE round_id = ? ORDER BY id LIMIT 2", ranking)
    )
    _sql(db_path, "UPDATE ballot_choice SET value = 1 WHERE ballot_id = ?", first)
    foreign = _sql(db_path, "SELECT id FROM vote_option WHERE round_id = ? LIMIT 1", dots)[0][0]
    choice = _sql(db_path, "SELECT id FROM ballot_choice WHERE ballot_id = ? LIMIT 1", second)[0][0]
    _sql(db_path, "UPDATE ballot_choice SET option_id = ? WHERE id = ?", foreign, choice)
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    assert f"ballot {first} in round {ranking}: ranks [1, 1, 1" in out
    assert f"ballot {second} in round {ranking}: option {foreign} is not in this round" in out


def test_tally_of_a_round_with_another_rounds_option_says_what_is_wrong(capsys, db_path):
    """A ballot edited to name another round's option makes `tally` refuse with exit 2 and a plain reason, not crash."""
    ranking = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'ranking'")[0][0]
    dots = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'dots'")[0][0]
    ballot = _sql(db_path, "SELECT id FROM ballot WHERE round_id = ? ORDER BY id LIMIT 1", ranking)[0][0]
    foreign = _sql(db_path, "SELECT id FROM vote_option WHERE round_id = ? LIMIT 1", dots)[0][0]
    choice = _sql(db_path, "SELECT id FROM ballot_choice WHERE ballot_id = ? LIMIT 1", ballot)[0][0]
    _sql(db_path, "UPDATE ballot_choice SET option_id = ? WHERE id = ?", foreign, choice)
    status, out, err = run(capsys, "--db", db_path, "tally", ranking)
    assert status == 2, err
    assert out == ""
    assert "This round cannot be counted" in err and f"unknown option '{foreign}'" in err
    assert "unexpected" not in err
