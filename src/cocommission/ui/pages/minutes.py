"""Lengths of time in whole minutes: how they read ("2 h 30 min") and how a table cell edits them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, Qt
from PySide6.QtWidgets import QSpinBox, QStyledItemDelegate, QWidget

from cocommission.ui.table_model import ROW_ROLE


def format_minutes(minutes: int | None) -> str:
    """``150`` → ``2 h 30 min``, ``120`` → ``2 h``, ``45`` → ``45 min``; None reads as an empty string."""
    if minutes is None:
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return QCoreApplication.translate("minutes", "{h} h {m} min").format(h=hours, m=rest)
    if hours:
        return QCoreApplication.translate("minutes", "{h} h").format(h=hours)
    return QCoreApplication.translate("minutes", "{m} min").format(m=rest)


class MinutesDelegate(QStyledItemDelegate):
    """Edits a length in a spin box (" min") from 1 to ``maximum(row)``; ``current(row)`` is its value now."""

    def __init__(
        self,
        current: Callable[[Any], int | None],
        maximum: Callable[[Any], int],
        accessible_name: str,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self._maximum = maximum
        self._accessible_name = accessible_name

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802 - Qt's name
        editor = QSpinBox(parent)
        editor.setRange(1, max(1, self._maximum(index.data(ROW_ROLE))))
        editor.setSuffix(self.tr(" min"))
        editor.setSingleStep(5)
        editor.setFrame(False)
        editor.setAccessibleName(self._accessible_name)
        return editor

    def setEditorData(self, editor: QSpinBox, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        row = index.data(ROW_ROLE)
        current = self._current(row)
        editor.setValue(current if current is not None else self._maximum(row))

    def setModelData(self, editor: QSpinBox, model, index: QModelIndex) -> None:  # noqa: N802 - Qt's name
        editor.interpretText()
        if editor.value() != self._current(index.data(ROW_ROLE)):
            model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)
