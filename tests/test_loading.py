"""The garbage collector is paused only while the program loads, and only by the program itself."""

from __future__ import annotations

import gc
import tomllib
from pathlib import Path

import pytest

from cocommission import loading


@pytest.fixture
def collector_restored():
    was_enabled = gc.isenabled()
    yield
    gc.unfreeze()
    loading.resume()
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_a_pause_is_resumed(collector_restored):
    gc.enable()
    loading.pause()
    assert not gc.isenabled()
    loading.resume()
    assert gc.isenabled()


def test_a_collector_switched_off_elsewhere_stays_off(collector_restored):
    gc.disable()
    loading.pause()
    loading.resume()
    assert not gc.isenabled()


def test_a_command_runs_with_the_collector_on(tmp_path, capsys, monkeypatch, collector_restored):
    """``python -m cocommission`` pauses it before loading; the command line resumes it before the command."""
    from cocommission.cli import main

    gc.enable()
    loading.pause()
    seen: list[bool] = []
    original = loading.resume

    def resume_and_note() -> None:
        original()
        seen.append(gc.isenabled())

    monkeypatch.setattr(loading, "resume", resume_and_note)
    assert main(["--db", str(tmp_path / "new.sqlite"), "list"]) == 0
    assert seen == [True]
    assert gc.isenabled()


def test_the_installed_command_starts_where_python_m_does():
    """Both load the command line with the collector paused and end the same way."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["scripts"]["cocommission"] == "cocommission.__main__:main"


def test_the_command_ends_leaving_nothing_to_collect_on_the_way_out(
    tmp_path, capsys, monkeypatch, collector_restored
):
    """The process spares itself a last walk over every object it made, once the command is done."""
    from cocommission.__main__ import main

    gc.enable()
    ended_after_the_command: list[bool] = []
    original = loading.ending

    def end_and_note() -> None:
        ended_after_the_command.append("\t" in capsys.readouterr().out)  # the command has printed its list
        original()

    monkeypatch.setattr(loading, "ending", end_and_note)
    path = tmp_path / "listed.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    gc.unfreeze()
    assert main(["--db", str(path), "list"]) == 0
    assert ended_after_the_command == [False, True]
    assert gc.get_freeze_count() > 0
    assert gc.isenabled()


def test_ending_freezes_what_was_made(collector_restored):
    made = [[] for _ in range(10)]
    loading.ending()
    assert gc.get_freeze_count() >= len(made)
