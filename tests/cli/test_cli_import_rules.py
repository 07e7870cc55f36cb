"""Importing a commission holds its ballots to their round's rules, as casting a vote does; `check` finds the same rows."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from running import run

from cocommission.cli import main


def _sql(path: Path, statement: str, *parameters) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        with connection:
            return connection.execute(statement, parameters).fetchall()
    finally:
        connection.close()


def _contents(path: Path) -> list[str]:
    """Everything the database file holds, as SQL text."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


@pytest.fixture(scope="module")
def exported_text(example_file, tmp_path_factory) -> str:
    """The example commission exported as JSON by the command, once: every test edits its own copy."""
    path = tmp_path_factory.mktemp("exported") / "exported.json"
    with contextlib.redirect_stdout(io.StringIO()) as listed:
        assert main(["--db", str(example_file), "list"]) == 0
    assert main(["--db", str(example_file), "export", "json", listed.getvalue().split("\t")[0], "-o", str(path)]) == 0
    return path.read_text(encoding="utf-8")


@pytest.fixture
def document(exported_text) -> dict:
    """The example commission as its exported JSON document (the database in ``db_path`` holds the same)."""
    return json.loads(exported_text)


@pytest.fixture
def fresh(demo_db, empty_sqlite_file, tmp_path) -> Path:
    """A new, empty database file (a copy of one migrated once per test process), beside ``demo_db``."""
    path = tmp_path / "fresh.sqlite"
    shutil.copy2(empty_sqlite_file, path)
    return path


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
def test_import_refuses_a_ballot_that_breaks_its_rounds_rules(capsys, document, fresh, tmp_path, case):
    """The file is refused with exit 2 and one message naming the ballot, and nothing is written."""
    breaking, problem = BROKEN[case]
    ballot_id = breaking(document)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run(capsys, "--db", fresh, "import", "json", broken)
    assert status == 2, err
    assert out == ""
    assert f"ballot {ballot_id} in round" in err and problem in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "--db", fresh, "list")[1] == ""


def test_import_names_the_files_own_ids_when_it_copies_with_new_ids(capsys, db_path, document, tmp_path):
    """Imported as a copy (new ids), the refusal still names the ballot by the id it has in the file."""
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
    assert "This round cannot be counted" in err
    assert f"ballot {ballot} in round {ranking}: option {foreign} is not in this round" in err
    assert "unexpected" not in err


# --------------------------------------------------------------------------- a round's own rules, its lot and its paper


def _option_of(document: dict, vote_round: dict) -> str:
    return next(row["id"] for row in document["tables"]["vote_option"] if row["round_id"] == vote_round["id"])


def _no_dots_to_vote_with(document: dict) -> str:
    vote_round = _round(document, "dots")
    vote_round["dots_per_person"] = 0
    return f"round {vote_round['id']}: each person needs at least 1 dot to vote with"


def _more_dots_on_one_option_than_a_person_has(document: dict) -> str:
    vote_round = _round(document, "dots")
    vote_round["max_dots_per_option"] = 9
    return f"round {vote_round['id']}: the most dots on one option must be between 1 and the 5 dots"


def _scores_from_high_to_low(document: dict) -> str:
    vote_round = _round(document, "dots")
    vote_round.update(method="score", count_method="score", score_min=2, score_max=-2)
    return f"round {vote_round['id']}: the lowest score (2) must be below the highest score (-2)"


def _dots_counted_by_instant_runoff(document: dict) -> str:
    vote_round = _round(document, "dots")
    vote_round["count_method"] = "irv"
    return f"round {vote_round['id']}: a dots round cannot be counted by 'irv'; choose dots"


def _lot_naming_another_rounds_option(document: dict) -> str:
    ranking, dots = _round(document, "ranking"), _round(document, "dots")
    foreign = _option_of(document, dots)
    ranking.update(tie_break="lot", lot_order=json.dumps([_option_of(document, ranking), foreign]))
    return f"round {ranking['id']}: its lot names option {foreign}, which is not in this round"


def _lot_naming_an_option_twice(document: dict) -> str:
    ranking = _round(document, "ranking")
    option = _option_of(document, ranking)
    ranking["lot_order"] = json.dumps([option, option])
    return f"round {ranking['id']}: its lot names option {option} twice"


def _lot_that_is_not_a_list(document: dict) -> str:
    ranking = _round(document, "ranking")
    ranking["lot_order"] = "first come first served"
    return f"round {ranking['id']}: its lot is not a list of this round's options"


def _ballots_in_a_round_that_never_opened(document: dict) -> str:
    ranking = _round(document, "ranking")
    ranking.update(state="draft", opened_at=None, closed_at=None, revealed_at=None)
    return f"round {ranking['id']}: it has not opened, yet holds 7 ballots"


def _paper_dots_on_another_rounds_option(document: dict) -> str:
    dots, ranking = _round(document, "dots"), _round(document, "ranking")
    paper = next(row for row in document["tables"]["paper_tally"] if row["round_id"] == dots["id"])
    foreign = _option_of(document, ranking)
    paper["option_id"] = foreign
    return f"paper tally {paper['id']} in round {dots['id']}: option {foreign} is not in this round"


def _paper_with_no_dots(document: dict) -> str:
    paper = document["tables"]["paper_tally"][0]
    paper["dots"] = -3
    return f"paper tally {paper['id']} in round {paper['round_id']}: -3 dots; a line of a paper tally holds 1 or more"


def _scored_out_of_eleven(document: dict) -> str:
    tender = document["tables"]["tender"][0]
    tender["scoring_scale_max"] = 11
    return f"tender {tender['id']}: bids are scored out of 11; the scale goes from 1 to 10"


def _criterion_weighing_more_than_everything(document: dict) -> str:
    criterion = document["tables"]["evaluation_criterion"][0]
    criterion["weight"] = 150
    return f"criterion {criterion['id']}: weight 150% is not from 0 to 100"


def _funding_a_bid_with_nothing(document: dict) -> str:
    funded = document["tables"]["funded_bid"][0]
    funded["amount_minor"] = 0
    return f"funded bid {funded['id']} (bid {funded['bid_id']}): amount 0 is not between 1 and"


BROKEN_ROUNDS = {
    "no dots to vote with": _no_dots_to_vote_with,
    "more dots on one option than a person has": _more_dots_on_one_option_than_a_person_has,
    "scores from high to low": _scores_from_high_to_low,
    "dots counted by instant runoff": _dots_counted_by_instant_runoff,
    "a lot naming another round's option": _lot_naming_another_rounds_option,
    "a lot naming an option twice": _lot_naming_an_option_twice,
    "a lot that is not a list": _lot_that_is_not_a_list,
    "ballots in a round that never opened": _ballots_in_a_round_that_never_opened,
    "paper dots on another round's option": _paper_dots_on_another_rounds_option,
    "paper with negative dots": _paper_with_no_dots,
    "bids scored out of 11": _scored_out_of_eleven,
    "a criterion weighing 150%": _criterion_weighing_more_than_everything,
    "a bid funded with nothing": _funding_a_bid_with_nothing,
}


@pytest.mark.parametrize("case", BROKEN_ROUNDS, ids=list(BROKEN_ROUNDS))
def test_import_refuses_a_round_tender_or_paper_tally_that_breaks_its_rules(capsys, db_path, document, fresh, tmp_path, case):
    """Rules the services hold a round, its lot, its paper tallies and the tender to: refused in one line, nothing written."""
    problem = BROKEN_ROUNDS[case](document)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run(capsys, "--db", fresh, "import", "json", broken)
    assert status == 2, err
    assert out == ""
    assert problem in err
    assert "Correct that row in the file" in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "--db", fresh, "list")[1] == ""
    # Into a database already holding the commission (so as a copy): refused, and not a byte of it changed.
    before = _contents(db_path)
    status, _, err = run(capsys, "--db", db_path, "import", "json", broken)
    assert status == 2 and problem in err, err
    assert _contents(db_path) == before


def test_import_refuses_an_unknown_tie_break_rule(capsys, document, fresh, tmp_path):
    """A tie-break rule CoCommission does not know is refused in one line, naming the column."""
    _round(document, "ranking")["tie_break"] = "coin_toss"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run(capsys, "--db", fresh, "import", "json", broken)
    assert status == 2, err
    assert "tie_break" in err and "coin_toss" in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "--db", fresh, "list")[1] == ""


def test_a_file_kept_within_every_rule_still_imports(capsys, db_path, document, fresh, tmp_path):
    """The checks refuse only what breaks a rule: a lot naming the round's own options once each is fine."""
    ranking = _round(document, "ranking")
    options = [row["id"] for row in document["tables"]["vote_option"] if row["round_id"] == ranking["id"]]
    ranking.update(tie_break="lot", lot_order=json.dumps(list(reversed(options))))
    path = tmp_path / "good.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, _, err = run(capsys, "--db", fresh, "import", "json", path)
    assert status == 0, err
    status, out, _ = run(capsys, "--db", fresh, "check")
    assert status == 0, out
    # As a copy with new ids, the lot names the copy's options, not the original's.
    status, copied, err = run(capsys, "--db", db_path, "import", "json", path)
    assert status == 0, err
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 0, out
    lot = _sql(db_path, "SELECT lot_order FROM vote_round WHERE commission_id = ? AND method = 'ranking'", copied.strip())
    copy_options = _sql(db_path, "SELECT id FROM vote_option WHERE round_id IN "
                        "(SELECT id FROM vote_round WHERE commission_id = ? AND method = 'ranking')", copied.strip())
    assert sorted(json.loads(lot[0][0])) == sorted(row[0] for row in copy_options)


def test_check_reports_a_round_whose_rules_paper_and_lot_were_edited(capsys, db_path):
    """Edited outside the app: a dots round counted by IRV, paper dots on another round's option, a lot naming a stranger."""
    ranking = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'ranking'")[0][0]
    dots = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'dots'")[0][0]
    _sql(db_path, "UPDATE vote_round SET count_method = 'irv' WHERE id = ?", dots)
    paper = _sql(db_path, "SELECT id FROM paper_tally ORDER BY id LIMIT 1")[0][0]
    foreign = _sql(db_path, "SELECT id FROM vote_option WHERE round_id = ? LIMIT 1", ranking)[0][0]
    _sql(db_path, "UPDATE paper_tally SET option_id = ? WHERE id = ?", foreign, paper)
    stranger = _sql(db_path, "SELECT id FROM vote_option WHERE round_id = ? LIMIT 1", dots)[0][0]
    _sql(db_path, "UPDATE vote_round SET lot_order = ? WHERE id = ?", json.dumps([stranger]), ranking)
    status, out, _ = run(capsys, "--db", db_path, "check")
    assert status == 1
    assert f"round {dots}: a dots round cannot be counted by 'irv'; choose dots" in out
    assert f"paper tally {paper} in round {dots}: option {foreign} is not in this round" in out
    assert f"round {ranking}: its lot names option {stranger}, which is not in this round" in out


@pytest.mark.parametrize("method", ["ranking", "score"])
def test_tally_refuses_a_round_whose_ballots_break_its_rules_and_names_the_ballot(capsys, db_path, method):
    """Every option ranked 1st, or a score of 99, would be counted without a sign: `tally` names the ballot instead."""
    if method == "score":
        round_id = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'dots'")[0][0]
        _sql(
            db_path,
            "UPDATE vote_round SET method = 'score', count_method = 'score', score_min = -2, score_max = 2 WHERE id = ?",
            round_id,
        )
        ballot = _sql(db_path, "SELECT id FROM ballot WHERE round_id = ? ORDER BY id LIMIT 1", round_id)[0][0]
        _sql(db_path, "UPDATE ballot_choice SET value = 1 WHERE ballot_id IN (SELECT id FROM ballot WHERE round_id = ?)", round_id)
        _sql(db_path, "UPDATE ballot_choice SET value = 99 WHERE ballot_id = ?", ballot)
        _sql(db_path, "DELETE FROM paper_tally WHERE round_id = ?", round_id)
        problem = "score 99 outside -2 to 2"
    else:
        round_id = _sql(db_path, "SELECT id FROM vote_round WHERE method = 'ranking'")[0][0]
        ballot = _sql(db_path, "SELECT id FROM ballot WHERE round_id = ? ORDER BY id LIMIT 1", round_id)[0][0]
        _sql(db_path, "UPDATE ballot_choice SET value = 1 WHERE ballot_id = ?", ballot)
        problem = "ranks [1, 1, 1"
    status, out, err = run(capsys, "--db", db_path, "tally", round_id)
    assert status == 2, err
    assert out == ""
    assert "This round cannot be counted" in err and f"ballot {ballot} in round {round_id}: {problem}" in err
    assert "unexpected" not in err
    assert len(err.strip().splitlines()) == 1


def test_import_refuses_a_round_showing_the_same_outcome_statement_twice(capsys, document, fresh, tmp_path):
    """Two options for one outcome statement split its vote: the services never put them on one wall, nor does import."""
    ranking = _round(document, "ranking")
    first, second = [row for row in document["tables"]["vote_option"] if row["round_id"] == ranking["id"]][:2]
    second["outcome_id"] = first["outcome_id"]
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = run(capsys, "--db", fresh, "import", "json", broken)
    assert status == 2, err
    later, earlier = sorted((first, second), key=lambda row: (row["position"], row["id"]), reverse=True)
    assert f"round {ranking['id']}: option {later['id']} is the same outcome statement as option {earlier['id']}" in err
    assert len(err.strip().splitlines()) == 1
    assert run(capsys, "--db", fresh, "list")[1] == ""
