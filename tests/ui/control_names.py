"""Finding controls a screen reader could not name: no visible text, no label and no accessible name."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit)


def _inside_a_control(widget: QWidget, root: QWidget) -> bool:
    """Whether ``widget`` is a part of another control (a combo's list, a spin box's text, a cell editor)."""
    ancestor = widget.parentWidget()
    while ancestor is not None and ancestor is not root:
        if isinstance(ancestor, INTERACTIVE) or type(ancestor).__name__ == "QComboBoxPrivateContainer":
            return True
        ancestor = ancestor.parentWidget()
    return False


def unnamed_controls(root: QWidget) -> list[str]:
    """Interactive controls under ``root`` with neither visible text, an accessible name nor a label."""
    labelled = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView):
            continue
        # The control a part belongs to carries the name.
        if _inside_a_control(widget, root):
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (text.strip() or widget.accessibleName().strip() or id(widget) in labelled):
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return missing
