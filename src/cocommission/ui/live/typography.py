"""Type for the wall: sizes that follow the window and the font-scale setting, with fonts made once.

Scenes are designed for a 1920×1080 wall and give sizes in those pixels; the
projector scales them to the real window (a 960×540 preview draws at half
size) and by the facilitator's font scale. Fonts, metrics and wrapped lines
are cached, so a repaint after each ballot only draws.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption

#: The wall size scenes are designed for.
DESIGN_HEIGHT = 1080

#: The smallest text the wall ever draws, in design pixels: about 3 cm tall on a 3 m screen.
SMALLEST = 26


class Typography:
    """Fonts by design size for the current window height and font scale."""

    def __init__(self, family: str, font_scale: float = 1.0) -> None:
        self.family = family
        self.font_scale = font_scale
        #: Real pixels per design pixel for lengths (margins, bars); text also follows the font scale.
        self.screen_unit = 1.0
        self._fonts: dict[tuple[int, bool], QFont] = {}
        self._metrics: dict[tuple[int, bool], QFontMetricsF] = {}
        self._wrapped: dict[tuple[str, int, bool, int], tuple[str, ...]] = {}

    def set_height(self, height: float) -> None:
        """Scale design pixels for a window ``height`` pixels tall."""
        self.screen_unit = max(height, 1) / DESIGN_HEIGHT

    def px(self, design: float) -> int:
        """Real pixel size of text designed at ``design`` pixels, grown by the font scale."""
        return max(6, round(design * self.screen_unit * self.font_scale))

    def length(self, design: float) -> float:
        """A design length (margin, gap, dot) in real pixels; lengths do not follow the font scale."""
        return design * self.screen_unit

    def font(self, size: int, bold: bool = False) -> QFont:
        """The font of real pixel ``size``."""
        key = (size, bold)
        font = self._fonts.get(key)
        if font is None:
            font = QFont(self.family)
            font.setPixelSize(size)
            font.setBold(bold)
            self._fonts[key] = font
        return font

    def metrics(self, size: int, bold: bool = False) -> QFontMetricsF:
        """Metrics of the font of real pixel ``size``."""
        key = (size, bold)
        metrics = self._metrics.get(key)
        if metrics is None:
            metrics = QFontMetricsF(self.font(size, bold))
            self._metrics[key] = metrics
        return metrics

    def line_height(self, size: int, bold: bool = False) -> float:
        """Distance from one line of text to the next."""
        return self.metrics(size, bold).lineSpacing()

    def width(self, text: str, size: int, bold: bool = False) -> float:
        """How wide ``text`` is drawn."""
        return self.metrics(size, bold).horizontalAdvance(text)

    def wrap(self, text: str, size: int, width: float, bold: bool = False) -> tuple[str, ...]:
        """``text`` broken into lines no wider than ``width`` (at words where it can), each paragraph apart."""
        key = (text, size, bold, int(width))
        lines = self._wrapped.get(key)
        if lines is None:
            lines = tuple(
                line
                for paragraph in text.split("\n")
                for line in self._wrap_paragraph(paragraph, size, width, bold)
            )
            if len(self._wrapped) > 4096:
                # Many edits to a tender section would otherwise grow the cache without end.
                self._wrapped.clear()
            self._wrapped[key] = lines
        return lines

    def _wrap_paragraph(self, paragraph: str, size: int, width: float, bold: bool) -> list[str]:
        if not paragraph.strip():
            return [""]
        layout = QTextLayout(paragraph, self.font(size, bold))
        option = QTextOption()
        # Words first; a word wider than the line (a long URL, a name in a script without spaces) breaks anywhere.
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        lines = []
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
        return lines

    def elide(self, text: str, size: int, width: float, bold: bool = False) -> str:
        """``text``, shortened with "…" if it is wider than ``width``."""
        return self.metrics(size, bold).elidedText(text, Qt.TextElideMode.ElideRight, width)
