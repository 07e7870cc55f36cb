"""Slow work off the GUI thread: its steps, result or error come back on the GUI thread; cancel drops it."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from cocommission.ui.background import cancel_background_work, run_in_background, wait_for_background_work


@pytest.fixture(autouse=True)
def _no_work_left_behind():
    """Every test ends with the worker idle."""
    yield
    cancel_background_work()
    assert wait_for_background_work()


def _on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_steps_and_result_arrive_on_the_gui_thread(qtbot):
    """The work runs on another thread; each step it reports and its result are delivered on the GUI thread."""
    worker_threads: list[int] = []
    steps: list[tuple[int, int, bool]] = []
    results: list[tuple[object, bool]] = []

    def count_pages(progress):
        worker_threads.append(threading.get_ident())
        for page in range(3):
            progress(page, 3)
        return "three pages"

    task = run_in_background(count_pages)
    task.progressed.connect(lambda done, total: steps.append((done, total, _on_gui_thread())))
    task.succeeded.connect(lambda result: results.append((result, _on_gui_thread())))
    with qtbot.waitSignal(task.ended):
        pass

    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert steps == [(0, 3, True), (1, 3, True), (2, 3, True)]
    assert results == [("three pages", True)]
    assert not task.running


def test_an_error_in_the_work_is_delivered_not_lost(qtbot):
    """An exception raised on the worker arrives as ``failed`` on the GUI thread, and nothing succeeds."""
    errors: list[tuple[BaseException, bool]] = []
    succeeded: list[object] = []

    def broken(progress):
        raise ValueError("the page is too wide")

    task = run_in_background(broken)
    task.failed.connect(lambda error: errors.append((error, _on_gui_thread())))
    task.succeeded.connect(succeeded.append)
    with qtbot.waitSignal(task.ended):
        pass

    assert [(str(error), on_gui) for error, on_gui in errors] == [("the page is too wide", True)]
    assert isinstance(errors[0][0], ValueError)
    assert succeeded == []


def test_cancelling_stops_at_the_next_step_and_drops_the_result(qtbot):
    """After cancel the work stops at its next step; no result and no error arrive, but ``ended`` does."""
    started = threading.Event()
    release = threading.Event()
    steps_run: list[int] = []

    def long_work(progress):
        started.set()
        release.wait(10)
        for step in range(100):
            progress(step, 100)
            steps_run.append(step)
        return "finished"

    task = run_in_background(long_work)
    outcomes: list[object] = []
    task.succeeded.connect(outcomes.append)
    task.failed.connect(outcomes.append)
    assert started.wait(10)
    task.cancel()
    release.set()
    with qtbot.waitSignal(task.ended):
        pass

    assert task.cancelled
    assert steps_run == []
    assert outcomes == []


def test_jobs_run_one_at_a_time_in_order(qtbot):
    """Two jobs started together run one after the other, in the order they were started."""
    order: list[str] = []
    first = run_in_background(lambda progress: order.append("first") or 1)
    second = run_in_background(lambda progress: order.append("second") or 2)
    results: list[object] = []
    first.succeeded.connect(results.append)
    second.succeeded.connect(results.append)
    with qtbot.waitSignals([first.ended, second.ended]):
        pass

    assert order == ["first", "second"]
    assert results == [1, 2]
