"""The garbage collector is paused only while the program loads, and only by the program itself."""

from __future__ import annotations

import gc

import pytest

from cocommission import loading


@pytest.fixture
def collector_restored():
    was_enabled = gc.isenabled()
    yield
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
