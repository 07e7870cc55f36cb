"""Running slow work (laying out a PDF, drawing its pages, reading scanned sheets) off the GUI thread.

``run_in_background(work)`` calls ``work(progress)`` on a worker thread and hands back a
:class:`BackgroundTask` whose signals arrive on the GUI thread: ``progressed(done, total)``
whenever the work reports a step, then either ``succeeded(result)`` or ``failed(exception)``,
and always ``ended()``. The work gets plain data and never touches the database: SQLite is used
from the GUI thread only.

Jobs run one at a time, in the order they were started. A laptop in a community room has few
cores, and PDFium (which draws PDF pages and reads scans) must never be used by two threads at
once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal, Slot

#: What the work calls to report a step: ``progress(done, total)``. It raises Cancelled once the
#: person has cancelled, so the work stops at its next step.
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The person cancelled the work; raised from the progress callback at the next step."""


class _Relay(QObject):
    """Carries a job's news from the worker thread; it only sends, so it may be deleted on either thread."""

    progressed = Signal(int, int)
    ended = Signal(str, object)


class BackgroundTask(QObject):
    """One piece of work on the worker thread; every signal is delivered on the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)
    ended = Signal()

    def __init__(self) -> None:
        # No Qt parent: the task lives (held by _RUNNING) until its job has ended, whoever asked for it.
        super().__init__()
        self._cancel = threading.Event()
        self.running = True

    @property
    def cancelled(self) -> bool:
        """Whether the person cancelled (the result, if any, is then dropped)."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Stop at the work's next step and deliver no result (``ended`` still follows)."""
        self._cancel.set()

    def _check(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        if not self.cancelled:
            self.progressed.emit(done, total)

    @Slot(str, object)
    def _on_ended(self, outcome: str, value: object) -> None:
        self.running = False
        _RUNNING.discard(self)
        if not self.cancelled:
            if outcome == "succeeded":
                self.succeeded.emit(value)
            elif outcome == "failed":
                self.failed.emit(value)
        self.ended.emit()


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], task: BackgroundTask) -> None:
        super().__init__()
        self._work = work
        self._check = task._check
        self._relay = _Relay()
        # Queued: the task's slots run on the GUI thread, where the task lives.
        self._relay.progressed.connect(task._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.ended.connect(task._on_ended, Qt.ConnectionType.QueuedConnection)

    def run(self) -> None:
        def progress(done: int, total: int) -> None:
            self._check(done, total)
            self._relay.progressed.emit(done, total)

        try:
            self._check(0, 0)
            result = self._work(progress)
        except Cancelled:
            self._relay.ended.emit("cancelled", None)
        except Exception as exc:  # noqa: BLE001 - any failure is reported to the GUI, never lost on the worker
            self._relay.ended.emit("failed", exc)
        else:
            self._relay.ended.emit("succeeded", result)
        finally:
            self._work = None  # type: ignore[assignment]


_RUNNING: set[BackgroundTask] = set()
_POOL: QThreadPool | None = None


def _pool() -> QThreadPool:
    global _POOL
    if _POOL is None or not shiboken6.isValid(_POOL):
        # Owned by the application, so it waits for its last job before the application goes.
        _POOL = QThreadPool(QCoreApplication.instance())
        _POOL.setMaxThreadCount(1)
    return _POOL


def run_in_background(work: Callable[[Progress], Any]) -> BackgroundTask:
    """Start ``work(progress)`` on the worker thread; connect to the returned task's signals at once."""
    task = BackgroundTask()
    _RUNNING.add(task)
    _pool().start(_Job(work, task))
    return task


def wait_for_background_work(milliseconds: int = 30_000) -> bool:
    """Cancel nothing, but wait until every started job has finished (on closing the app, in tests)."""
    if _POOL is None or not shiboken6.isValid(_POOL):
        return True
    return _POOL.waitForDone(milliseconds)


def cancel_background_work() -> None:
    """Cancel every job still running or waiting (their results are dropped)."""
    for task in list(_RUNNING):
        task.cancel()
