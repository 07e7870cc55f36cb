"""A row of controls that wraps onto more lines when the window is narrow, like words in a paragraph.

A plain row of buttons is as wide as all its buttons together: on a small screen or at 200%
scaling it pushes the window wider than the screen, or the last buttons out of sight. In a
``FlowLayout`` the controls keep their order and their size and move down a line instead.

The People page, on screen when the app opens, has one: it asks the style for its spacing without
Python ever holding the style (see ``style_spacing``).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Lays its items out left to right, starting a new line when the next one would not fit."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = -1) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is None:
            self.setContentsMargins(QMargins(0, 0, 0, 0))

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def addStretch(self, stretch: int = 0) -> None:
        """Nothing: in a row that wraps, the items simply follow one another.

        Kept so a row written for QHBoxLayout wraps by changing only the line that makes it.
        """

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        # Everything on one line, when there is room for it.
        width = sum(item.sizeHint().width() for item in self._items) + self._gap() * max(0, len(self._items) - 1)
        height = max((item.sizeHint().height() for item in self._items), default=0)
        margins = self.contentsMargins()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:
        # As narrow as the widest single control: the rest moves down.
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        if parent is None:
            return 6
        return style_spacing(parent)

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        """Place the items in ``rect`` (when ``move``); return the height they take."""
        margins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        gap = max(self._gap(), 0)
        x, y, line_height = area.x(), area.y(), 0
        for item in self._items:
            if item.isEmpty():
                continue
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line_height = area.x(), y + line_height + gap, 0
            # Wider than the line (a long heading): it takes the whole line and wraps within it.
            width = min(hint.width(), max(area.width(), 1))
            height = item.heightForWidth(width) if width < hint.width() and item.hasHeightForWidth() else hint.height()
            if move:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, height)))
            x += width + gap
            line_height = max(line_height, height)
        return y + line_height - rect.y() + margins.bottom()


def style_spacing(widget: QWidget) -> int:
    """The space ``widget``'s style puts between controls side by side (its ``PM_LayoutHorizontalSpacing``).

    Asked through a row layout that ``widget`` holds for a moment, which asks the style in Qt's
    own code: handing the style itself to Python (``widget.style()``) makes every enumeration of
    ``QStyle`` as a Python enum first, some 560 values, a noticeable part of opening the window.
    """
    row = QHBoxLayout()
    # A child of the widget, not its layout: a row with no spacing of its own asks its parent's style.
    row.setParent(widget)
    try:
        return row.spacing()
    finally:
        row.setParent(None)


def together(parent: QWidget, *widgets: QWidget, stretch: QWidget | None = None) -> QWidget:
    """``widgets`` side by side in one widget, so a label stays with its field when a row wraps.

    ``stretch`` (one of ``widgets``) takes any width to spare.
    """
    holder = QWidget(parent)
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if widget is stretch else 0)
    return holder
