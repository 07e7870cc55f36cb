"""Text on the console that changes with every key press or every second, drawn cheaply.

A QLabel asks the whole window to lay itself out again whenever its text
changes, and a tab widget answers by repainting everything it holds: with a
ballot keyed in every few seconds that costs more than the commit itself.
This widget keeps a fixed height of one or a few lines, so a new text only
repaints the line it sits on.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

#: The colour the app's style sheet gives problems in forms (QLabel#formProblem).
PROBLEM_COLOUR = "#9a1b1b"


class LiveText(QWidget):
    """Read-only text of ``lines`` lines (wrapped, then cut short) that repaints without relayout."""

    def __init__(self, parent: QWidget | None = None, *, lines: int = 1, problem: bool = False) -> None:
        super().__init__(parent)
        self._text = ""
        self._lines = max(1, lines)
        self._colour = QColor(PROBLEM_COLOUR) if problem else None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # Nothing to click or type into: it never takes the keyboard.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def text(self) -> str:
        """The text shown."""
        return self._text

    def setText(self, text: str) -> None:
        """Show ``text`` (repaints only when it changed)."""
        if text == self._text:
            return
        self._text = text
        # Screen readers read the text as the widget's name.
        self.setAccessibleName(text)
        self.update()

    def clear(self) -> None:
        """Show nothing."""
        self.setText("")

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 30, metrics.lineSpacing() * self._lines + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._text:
            return
        painter = QPainter(self)
        painter.setPen(self._colour if self._colour is not None else self.palette().windowText().color())
        rect = self.contentsRect()
        if self._lines == 1:
            shown = self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight, rect.width())
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
        else:
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self._text,
            )
        painter.end()
