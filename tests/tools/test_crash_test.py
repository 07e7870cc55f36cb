"""The crash harness itself: it must notice a lost or duplicated ballot, or it proves nothing."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest

#: Seconds of work each: started first, so several test processes finish together.
pytestmark = pytest.mark.slow

HARNESS = Path(__file__).parents[2] / "tools" / "crash_test.py"


@pytest.fixture(scope="module")
def harness():
    """tools/crash_test.py loaded as a module."""
    spec = importlib.util.spec_from_file_location("crash_test", HARNESS)
    module = importlib.util.module_from_spec(spec)
    sys.modules["crash_test"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def prepared(harness, tmp_path_factory) -> Path:
    """The file ``harness.prepare`` makes, made once: building the example takes seconds, a copy milliseconds."""
    path = tmp_path_factory.mktemp("prepared") / "crash.sqlite3"
    harness.prepare(path)
    return path


@pytest.fixture
def copies_prepared(harness, prepared, monkeypatch) -> None:
    """The harness's runs start from a copy of ``prepared`` instead of building the example again."""
    monkeypatch.setattr(harness, "prepare", lambda path: shutil.copy2(prepared, path))


def _a_ballot(path: Path) -> tuple[str, str, dict[str, int]]:
    """Someone who voted in a round, and a ballot of that round (which, if anonymous, names no one)."""
    connection = sqlite3.connect(path)
    round_id, participant_id = connection.execute("SELECT round_id, participant_id FROM round_voter LIMIT 1").fetchone()
    (ballot_id,) = connection.execute("SELECT id FROM ballot WHERE round_id = ? LIMIT 1", (round_id,)).fetchone()
    choices = dict(connection.execute("SELECT option_id, value FROM ballot_choice WHERE ballot_id = ?", (ballot_id,)))
    connection.close()
    return round_id, participant_id, choices


def test_a_short_run_kills_workers_and_finds_nothing_lost(harness, copies_prepared, tmp_path, capsys):
    """Three kills of a real worker: the file is sound, nothing lost or duplicated, figures printed."""
    assert harness.run(3, seed=7, folder=tmp_path) == 0
    figures = dict(line.split() for line in capsys.readouterr().out.splitlines())
    assert figures["crash_kills"] == "3"
    assert figures["crash_lost"] == "0"
    assert figures["crash_duplicated"] == "0"
    assert figures["crash_integrity_ok"] == "1"


def test_the_check_counts_a_reported_ballot_missing_from_the_file(harness, prepared, tmp_path):
    """A ballot reported as committed but absent (or with other dots) counts as lost."""
    path = tmp_path / "crash.sqlite3"
    shutil.copy2(prepared, path)
    round_id, participant_id, choices = _a_ballot(path)
    reported = harness.Reported()
    reported.take(f"ballot {round_id} {participant_id} {json.dumps(choices)}\n")
    assert harness.check_file(path, reported).lost == 0

    reported.take(f"ballot {round_id} someone-else {json.dumps(choices)}\n")
    reported.take(f"ballot {round_id} {participant_id} {json.dumps({'another-option': 1})}\n")
    assert harness.check_file(path, reported).lost == 2


def test_the_check_counts_a_second_ballot_for_the_same_person_as_duplicated(harness, prepared, tmp_path):
    """A round holding more ballots than people who voted in it counts the extra ballot as duplicated."""
    path = tmp_path / "crash.sqlite3"
    shutil.copy2(prepared, path)
    connection = sqlite3.connect(path)
    connection.executescript(
        "INSERT INTO ballot (id, round_id, participant_id, cast_at, handle_hash) "
        "SELECT id || '-again', round_id, participant_id, cast_at, NULL FROM ballot "
        "WHERE participant_id IS NULL LIMIT 1;"
    )
    connection.commit()
    connection.close()
    assert harness.check_file(path, harness.Reported()).duplicated == 1


def test_each_file_operation_is_killed_under_a_concurrent_writer_and_nothing_is_lost(
    harness, copies_prepared, tmp_path, capsys
):
    """Two kills each of restore, encrypt, decrypt and erase with a writer running: one figure per line, all zero lost."""
    assert harness.run_operations(2, seed=11, folder=tmp_path) == 0
    figures = dict(line.split() for line in capsys.readouterr().out.splitlines())
    for operation in ("restore", "encrypt", "decrypt", "erase"):
        assert int(figures[f"{operation}_kills"]) >= 2
        assert figures[f"{operation}_acknowledged_lost"] == "0"
        assert figures[f"{operation}_acknowledged_doubled"] == "0"
        assert figures[f"{operation}_integrity_ok"] == "1"
        assert figures[f"{operation}_opened_ok"] == "1"
        assert int(figures[f"{operation}_writer_acknowledged"]) > 0
    assert figures["encrypt_plain_backups_left"] == "0"


def test_an_acknowledged_ballot_a_restore_replaced_counts_as_lost_unless_the_kept_backup_holds_it(harness, prepared, tmp_path):
    """A reported ballot missing from the file is lost, unless the before-restore backup holds it (then it is forgotten)."""
    path = tmp_path / "crash.sqlite3"
    shutil.copy2(prepared, path)
    round_id, participant_id, choices = _a_ballot(path)
    kept = tmp_path / "kept.sqlite3"
    kept.write_bytes(path.read_bytes())
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA foreign_keys = OFF")
    connection.execute("DELETE FROM ballot_choice")
    connection.execute("DELETE FROM ballot")
    connection.commit()
    connection.close()
    line = f"ballot {round_id} {participant_id} {json.dumps(choices)}\n"

    log_path = tmp_path / "writer.txt"
    log_path.write_text(line, encoding="utf-8")
    figures = harness.OperationFigures()
    harness._check_against(figures, path, harness.WriterLog(log_path), [])
    assert figures.lost == 1

    figures = harness.OperationFigures()
    log = harness.WriterLog(log_path)
    harness._check_against(figures, path, log, [kept])
    assert figures.lost == 0 and log.reported.ballots == {}
