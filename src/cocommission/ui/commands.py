"""Running a user's action from the window: one transaction, then announce it; undo and redo.

Every page calls services through a ``Commander``. It commits before anything
is shown as done, turns a refused request into a readable message in the
window (never a traceback) — as it does storage that refuses a write (a full disk, read-only
storage, a database in use elsewhere) — and keeps the undo stack for edits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from cocommission.db import Database
from cocommission.db.storage import storage_problem
from cocommission.services.errors import ServiceError
from cocommission.services.perform import Performed, perform
from cocommission.ui.bus import ChangeBus


@dataclass(frozen=True)
class ServiceCall:
    """A service and the keyword arguments to call it with."""

    service: Callable[..., Any]
    arguments: dict[str, Any]


class Commander(QObject):
    """Performs services for the UI and reports failures as messages."""

    failed = Signal(str)
    succeeded = Signal(str)

    def __init__(self, database: Database, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.bus = bus
        self.undo_stack = QUndoStack(self)
        self._refusal_listeners: list[Callable[[str], None]] = []

    @contextmanager
    def refusals_to(self, show: Callable[[str], None]) -> Iterator[None]:
        """Inside the block, a refusal goes to ``show`` instead of ``failed``.

        A form that asked for the action says why it was refused itself, where the person
        can put it right; the window's banner (behind the form) stays out of it.
        """
        self._refusal_listeners.append(show)
        try:
            yield
        finally:
            self._refusal_listeners.remove(show)

    def _refuse(self, message: str) -> None:
        if self._refusal_listeners:
            self._refusal_listeners[-1](message)
        else:
            self.failed.emit(message)

    def run(self, service: Callable[..., Any], /, *, initiator: object = None, **arguments: Any) -> Any | None:
        """Perform one action; return its result, or None after showing why it was refused."""
        performed = self._attempt(service, initiator, arguments)
        return None if performed is None else performed.result

    def _attempt(self, service: Callable[..., Any], initiator: object, arguments: dict[str, Any]) -> Performed[Any] | None:
        """Perform and announce one action; None (after emitting ``failed``) when it was refused."""
        try:
            performed: Performed[Any] = perform(self.database, service, **arguments)
        except ServiceError as exc:
            self._refuse(exc.message)
            return None
        except Exception as exc:
            # A full disk, read-only storage, a database in use elsewhere: the user can fix these.
            problem = storage_problem(exc)
            if problem is None:
                raise
            self._refuse(str(problem))
            return None
        if performed.changes:
            self.bus.changes_applied.emit(performed.changes, initiator)
        return performed

    def read(self, query: Callable[..., Any], /, **arguments: Any) -> Any:
        """Run a read-only service (nothing is written, so nothing is announced)."""
        with self.database.unit_of_work() as session:
            return query(session, **arguments)

    def edit(self, text: str, *, do: ServiceCall, undo: ServiceCall, initiator: object = None) -> Any | None:
        """Perform an undoable edit: ``do`` now, and ``undo`` when the user presses Ctrl+Z."""
        performed = self._attempt(do.service, initiator, do.arguments)
        if performed is None:
            return None
        self.undo_stack.push(_EditCommand(self, text, do, undo))
        # A service that returns nothing still succeeded; callers test the result for "was it done".
        return True if performed.result is None else performed.result


class _EditCommand(QUndoCommand):
    """An edit already performed once, that can reverse and repeat itself with service calls."""

    def __init__(self, commander: Commander, text: str, do: ServiceCall, undo: ServiceCall) -> None:
        super().__init__(text)
        self._commander = commander
        self._do = do
        self._undo = undo
        self._performed = True

    def redo(self) -> None:
        # QUndoStack.push calls redo at once; the edit was already performed by Commander.edit.
        if self._performed:
            self._performed = False
            return
        self._commander.run(self._do.service, **self._do.arguments)

    def undo(self) -> None:
        self._commander.run(self._undo.service, **self._undo.arguments)
