"""The crash harness itself: it must notice a lost or duplicated ballot, or it proves nothing."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import sys
from pathlib import Path

import pytest

HARNESS = Path(__file__).parents[2] / "tools" / "crash_test.py"


@pytest.fixture(scope="module")
def harness():
    """tools/crash_test.py loaded as a module."""
    spec = importlib.util.spec_from_file_location("crash_test", HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = module
    spec.loader.exec_module(module)
    return module


def _a_ballot(path: Path) -> tuple[str, str, dict[str, int]]:
    connection = sqlite3.connect(path)
    round_id, participant_id, ballot_id = connection.execute(
        "SELECT round_id, participant_id, id FROM ballot LIMIT 1"
    ).fetchone()
    choices = dict(connection.execute("SELECT option_id, value FROM ballot_choice WHERE ballot_id = ?", (ballot_id,)))
    connection.close()
    return round_id, participant_id, choices


def test_a_short_run_kills_workers_and_finds_nothing_lost(harness, tmp_path, capsys):
    """Three kills of a real worker: the file is sound, nothing lost or duplicated, figures printed."""
    assert harness.run(3, seed=7, folder=tmp_path) == 0
    figures = dict(line.split() for line in capsys.readouterr().out.splitlines())
    assert figures["crash_kills"] == "3"
    assert figures["crash_lost"] == "0"
    assert figures["crash_duplicated"] == "0"
    assert figures["crash_integrity_ok"] == "1"


def test_the_check_counts_a_reported_ballot_missing_from_the_file(harness, tmp_path):
    """A ballot reported as committed but absent (or with other dots) counts as lost."""
    path = tmp_path / "crash.sqlite3"
    harness.prepare(path)
    round_id, participant_id, choices = _a_ballot(path)
    reported = harness.Reported()
    reported.take(f"ballot {round_id} {participant_id} {json.dumps(choices)}\n")
    assert harness.check_file(path, reported).lost == 0

    reported.take(f"ballot {round_id} someone-else {json.dumps(choices)}\n")
    reported.take(f"ballot {round_id} {participant_id} {json.dumps({'another-option': 1})}\n")
    assert harness.check_file(path, reported).lost == 2


def test_the_check_counts_a_second_ballot_for_the_same_person_as_duplicated(harness, tmp_path):
    """Two ballots from one person in one round count as duplicated (the file is built without the guard)."""
    path = tmp_path / "crash.sqlite3"
    harness.prepare(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    # Rebuild the table without its one-ballot-per-person constraint so a duplicate can exist.
    connection.executescript(
        "ALTER TABLE ballot RENAME TO ballot_old;"
        "CREATE TABLE ballot (id, round_id, participant_id, cast_at, handle_hash);"
        "INSERT INTO ballot SELECT id, round_id, participant_id, cast_at, handle_hash FROM ballot_old;"
        "INSERT INTO ballot SELECT id || '-again', round_id, participant_id, cast_at, NULL FROM ballot_old LIMIT 1;"
    )
    connection.commit()
    connection.close()
    assert harness.check_file(path, harness.Reported()).duplicated == 1
