"""Running a user's action from the window: one transaction, then announce it; undo and redo.

Every page calls services through a ``Commander``. It commits before anything
is shown as done, turns a refused request into a readable message in the
window (never a traceback) — as it does storage that refuses a write (a full disk, read-only
storage, a database in use elsewhere) — and keeps the undo stack for edits.

There is one history for the whole window, in the order things were done, because one
edit often shows on several pages (an agenda item renamed on People is the item the
console times). So that a person can follow it, Undo and Redo announce what they did
(``history_moved``) with the widget that made the edit and the row it changed; the window
goes to that page and selects the row. An action that must not be taken back (closing a
round, recording the decision) is performed with ``run(..., cannot_undo=reason)``: it
closes the history behind it, and the Undo command says why instead of reaching past it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import shiboken6
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
    #: After Undo or Redo: what was said ("Undid: rename outcome 3"), the widget that made the
    #: edit and the id of the row it changed (either may be None).
    history_moved = Signal(str, object, object)

    def __init__(self, database: Database, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.database = database
        self.bus = bus
        self.undo_stack = QUndoStack(self)
        self._where: tuple[object, object] | None = None
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

    def run(
        self, service: Callable[..., Any], /, *, initiator: object = None, cannot_undo: str | None = None,
        **arguments: Any,
    ) -> Any | None:
        """Perform one action; return its result, or None after showing why it was refused.

        ``cannot_undo`` marks an action that must stand once done (a closed round, a recorded
        decision): it ends the undo history, and Undo then says this reason instead.
        """
        performed = self._attempt(service, initiator, arguments)
        if performed is None:
            return None
        if cannot_undo is not None:
            self.undo_stack.push(_FinalCommand(cannot_undo))
        return performed.result

    def cannot_undo_reason(self) -> str | None:
        """Why Undo cannot take back the last action, or None when it can (or there is nothing to undo)."""
        index = self.undo_stack.index()
        last = self.undo_stack.command(index - 1) if index > 0 else None
        return last.reason if isinstance(last, _FinalCommand) else None

    def undo(self) -> None:
        """Take back the last edit (saying what it was), or say why the last action cannot be taken back."""
        reason = self.cannot_undo_reason()
        if reason is not None:
            self.failed.emit(self.tr("Cannot undo: {reason}").format(reason=reason))
        elif self.undo_stack.canUndo():
            self._step(self.undo_stack.undoText(), self.undo_stack.undo, self.tr("Undid: {what}"))

    def redo(self) -> None:
        """Do again the edit last taken back, saying what it was."""
        if self.undo_stack.canRedo():
            self._step(self.undo_stack.redoText(), self.undo_stack.redo, self.tr("Redid: {what}"))

    def _step(self, what: str, move: Callable[[], None], said: str) -> None:
        # A step may hold several edits (a status given to many statements): one message names the step.
        self._where = None
        move()
        if self._where is not None:
            self.history_moved.emit(said.format(what=what), *self._where)

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

    def edit(
        self, text: str, *, do: ServiceCall, undo: ServiceCall, initiator: object = None, row: object = None
    ) -> Any | None:
        """Perform an undoable edit: ``do`` now, and ``undo`` when the user presses Ctrl+Z.

        ``text`` names the edit as the Edit menu shows it after "Undo" ("rename outcome 3");
        ``initiator`` (the panel that made it) and ``row`` (the id of the row it changed) are
        where Undo and Redo take the person so they see what changed.
        """
        performed = self._attempt(do.service, initiator, do.arguments)
        if performed is None:
            return None
        self.undo_stack.push(_EditCommand(self, _lower_first(text), do, undo, initiator, row))
        # A service that returns nothing still succeeded; callers test the result for "was it done".
        return True if performed.result is None else performed.result


def _lower_first(text: str) -> str:
    """"Rename outcome 3" reads "Undo rename outcome 3" in the menu; names keep their capitals."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text


class _EditCommand(QUndoCommand):
    """An edit already performed once, that can reverse and repeat itself with service calls."""

    def __init__(  # noqa: PLR0917 - made only by Commander.run, which names each one
        self, commander: Commander, text: str, do: ServiceCall, undo: ServiceCall, initiator: object, row: object
    ) -> None:
        super().__init__(text)
        self._commander = commander
        self._do = do
        self._undo = undo
        self._initiator = initiator
        self._row = row
        self._performed = True

    def redo(self) -> None:
        # QUndoStack.push calls redo at once; the edit was already performed by Commander.edit.
        if self._performed:
            self._performed = False
            return
        self._again(self._do)

    def undo(self) -> None:
        self._again(self._undo)

    def _again(self, call: ServiceCall) -> None:
        # The change is announced with no initiator, so the panel that made the edit reloads too.
        if self._commander._attempt(call.service, None, call.arguments) is None:
            # Refused (the banner says why): the step cannot be taken, so it leaves the history.
            self.setObsolete(True)
            return
        # Where the window goes afterwards (Commander._step says what was done, once per step).
        self._commander._where = (_alive(self._initiator), self._row)


class _FinalCommand(QUndoCommand):
    """An action that stands once done: the history stops here, and Undo says why."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def redo(self) -> None:
        """Already done by Commander.run; there is nothing to repeat."""

    def undo(self) -> None:
        """Never reached: Commander.undo says the reason instead."""


def _alive(widget: object) -> object:
    """``widget``, unless Qt has already deleted it (a closed console, a commission switched away)."""
    if isinstance(widget, QObject) and not shiboken6.isValid(widget):
        return None
    return widget
