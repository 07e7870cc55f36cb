"""The Edit menu's Undo and Redo: named after the edit they would take back or repeat.

"Undo rename outcome 3" says what Ctrl+Z will do before it is pressed. After an action that
stands once done (a closed round, a recorded decision) the Undo entry stays, reading "Cannot
undo: …" with the reason, and Ctrl+Z puts that reason in the window's message area instead
of silently doing nothing or reaching past it to an older edit.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from cocommission.ui.commands import Commander


def keys_once(*sequences: QKeySequence) -> list[QKeySequence]:
    """``sequences`` without repeats, first-listed first.

    Desktops list their own redo keys (X11 puts Ctrl+Shift+Z first); an action given the same key
    twice makes Qt answer neither ("Ambiguous shortcut overload").
    """
    kept: dict[str, QKeySequence] = {}
    for keys in sequences:
        if not keys.isEmpty():
            kept.setdefault(keys.toString(QKeySequence.SequenceFormat.PortableText), keys)
    return list(kept.values())


class UndoRedoActions(QObject):
    """Undo and Redo for one commander's history, kept named and enabled as the history moves."""

    def __init__(self, commander: Commander, parent: QWidget) -> None:
        super().__init__(parent)
        self.commander = commander
        self.undo = QAction(parent)
        self.undo.setShortcuts(keys_once(*QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)))
        self.undo.triggered.connect(commander.undo)
        self.redo = QAction(parent)
        self.redo.setShortcuts(keys_once(
            *QKeySequence.keyBindings(QKeySequence.StandardKey.Redo),
            # Both common redo keys work everywhere, whichever the desktop names first.
            QKeySequence("Ctrl+Shift+Z"),
            QKeySequence("Ctrl+Y"),
        ))
        self.redo.triggered.connect(commander.redo)
        commander.undo_stack.indexChanged.connect(self.refresh)
        commander.undo_stack.cleanChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Name and enable both actions for where the history stands now."""
        stack = self.commander.undo_stack
        if not shiboken6.isValid(stack) or not shiboken6.isValid(self.undo):
            return  # the history empties itself as the window closes
        reason = self.commander.cannot_undo_reason()
        if reason is not None:
            self.undo.setText(self.tr("Cannot undo: {reason}").format(reason=reason))
            self.undo.setToolTip(reason)
            self.undo.setEnabled(True)
        elif stack.canUndo():
            self.undo.setText(self.tr("&Undo {what}").format(what=stack.undoText()))
            self.undo.setToolTip(self.tr("Undo {what}").format(what=stack.undoText()))
            self.undo.setEnabled(True)
        else:
            self.undo.setText(self.tr("&Undo"))
            self.undo.setToolTip(self.tr("Nothing to undo"))
            self.undo.setEnabled(False)
        if stack.canRedo():
            self.redo.setText(self.tr("&Redo {what}").format(what=stack.redoText()))
            self.redo.setToolTip(self.tr("Redo {what}").format(what=stack.redoText()))
            self.redo.setEnabled(True)
        else:
            self.redo.setText(self.tr("&Redo"))
            self.redo.setToolTip(self.tr("Nothing to redo"))
            self.redo.setEnabled(False)
