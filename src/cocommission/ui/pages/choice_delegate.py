"""Picking from a short list (a person, a criterion, a bid): in a table cell, or in a combo box."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from cocommission.ui.table_model import ROW_ROLE


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box editor over ``(label, value)`` choices; ``current`` reads a row's value."""

    def __init__(self, current: Callable[[Any], Any], accessible_name: str, parent=None) -> None:
        super().__init__(parent)
        self._current = current
        self._accessible_name = accessible_name
        self._choices: tuple[tuple[str, Any], ...] = ()

    def set_choices(self, choices: Sequence[tuple[str, Any]]) -> None:
        """The labels and values offered the next time a cell is edited."""
        self._choices = tuple(choices)

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.setAccessibleName(self._accessible_name)
        for label, value in self._choices:
            editor.addItem(label, value)
        # Picking a choice is the whole edit, so commit at once rather than wait for Enter.
        editor.activated.connect(lambda _index: self._picked(editor))
        return editor

    def _picked(self, editor: QComboBox) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor)

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        value = self._current(index.data(ROW_ROLE))
        number = next((n for n, (_label, choice) in enumerate(self._choices) if choice == value), 0)
        editor.setCurrentIndex(number)

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        number = editor.currentIndex()
        if 0 <= number < len(self._choices):
            value = self._choices[number][1]
            if value != self._current(index.data(ROW_ROLE)):
                model.setData(index, value, Qt.ItemDataRole.EditRole)


def refill_choices(combo: QComboBox, choices: Sequence[tuple[str, Any]]) -> None:
    """Offer ``(label, value)`` choices in ``combo``, keeping the value chosen if it is still offered."""
    kept = combo.currentData()
    combo.clear()
    for label, value in choices:
        combo.addItem(label, value)
    combo.setCurrentIndex(max(0, combo.findData(kept)) if kept is not None else 0)
