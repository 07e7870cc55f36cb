"""``cocommission serve``: prints the address and the PIN, serves until Ctrl+C; bad input is one line, exit 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from cocommission.cli import main
from cocommission.db import open_database
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform


@pytest.fixture
def database_file(tmp_path: Path, empty_sqlite_file: Path) -> Path:
    import shutil

    path = tmp_path / "room.sqlite"
    shutil.copy2(empty_sqlite_file, path)
    return path


def _add_commission(path: Path, title: str) -> str:
    database = open_database(path)
    try:
        return perform(database, create_commission, title=title).result.id
    finally:
        database.close()


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_no_address_says_which_addresses_there_are(capsys, database_file):
    _add_commission(database_file, "Youth club")
    status, out, err = _run(capsys, "--db", str(database_file), "serve")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "--host ADDRESS" in err and "127.0.0.1" in err


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (["--host", "198.51.100.7"], "not this laptop's address"),
        (["--host", "localhost"], "is not an address"),
        (["--host", "127.0.0.1", "--port", "99999"], "is not a port"),
        (["--host", "127.0.0.1", "--port", "eighty"], "invalid int value"),
    ],
)
def test_a_bad_address_or_port_is_one_line_and_exit_2(capsys, database_file, arguments, words):
    _add_commission(database_file, "Youth club")
    status, out, err = _run(capsys, "--db", str(database_file), "serve", *arguments)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and words in err and "Traceback" not in err


def test_an_unknown_commission_is_refused(capsys, database_file):
    _add_commission(database_file, "Youth club")
    status, _, err = _run(capsys, "--db", str(database_file), "serve", "nope", "--host", "127.0.0.1")
    assert status == 2 and "no commission with id 'nope'" in err


def test_with_several_commissions_one_must_be_named(capsys, database_file):
    first = _add_commission(database_file, "Youth club")
    second = _add_commission(database_file, "Sports fund")
    status, _, err = _run(capsys, "--db", str(database_file), "serve", "--host", "127.0.0.1")
    assert status == 2 and err.count("\n") == 1
    assert first in err and second in err and "name the one to serve" in err


def test_an_empty_database_has_nothing_to_serve(capsys, database_file):
    status, _, err = _run(capsys, "--db", str(database_file), "serve", "--host", "127.0.0.1")
    assert status == 2 and "no commission" in err


@pytest.mark.skipif(os.name == "nt", reason="Ctrl+C is a console event on Windows, not a signal a test can send")
def test_serve_prints_the_address_and_pin_then_stops_cleanly_on_ctrl_c(database_file):
    commission_id = _add_commission(database_file, "Youth club")
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    serving = subprocess.Popen(
        [sys.executable, "-m", "cocommission", "--db", str(database_file), "serve", commission_id,
         "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )
    try:
        first = serving.stdout.readline()
        assert "Room voting for Youth club is on at http://127.0.0.1:" in first, first + serving.stderr.read()
        url = first.rsplit(" ", 1)[1].strip()
        pin_line = serving.stdout.readline()
        assert pin_line.startswith("PIN for joining without a card: ") and pin_line.split(": ")[1].strip().isdigit()
        with urllib.request.urlopen(url + "static/ballot.css", timeout=10) as answer:
            assert answer.status == 200
        serving.send_signal(signal.SIGINT)
        out, err = serving.communicate(timeout=20)
    finally:
        if serving.poll() is None:
            serving.kill()
            serving.communicate()
    assert serving.returncode == 0, err
    assert "Room voting has stopped." in out and "Traceback" not in err
