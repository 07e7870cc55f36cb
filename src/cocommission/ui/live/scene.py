"""What every projector scene shares: reading its data, painting it, and the helpers to lay out text.

A scene is a plain QObject, not a widget: the projector window paints the
current scene with one QPainter, so a repaint after a ballot is one pass over
a few rectangles and strings, with no layouts to recalculate. Everything a
scene draws goes through a ``Canvas``, which also remembers every string, so
tests can check what the room sees (``visible_texts``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, QTime, Signal
from PySide6.QtGui import QPainter, QPixmap

from cocommission.services.errors import ServiceError
from cocommission.ui.commands import Commander
from cocommission.ui.live.palette import ProjectorPalette, qcolor
from cocommission.ui.live.typography import SMALLEST, Typography

#: Sizes (design pixels) a list of statements may shrink through to fit; the first that fits wins.
LIST_SIZES = (56, 52, 48, 44, 40, 36, 32, 30, 28, SMALLEST)


@dataclass(frozen=True)
class Moment:
    """The time a frame is painted at: the wall clock and the countdown's seconds left (None: no countdown)."""

    clock: QTime
    countdown_left: int | None


class Canvas:
    """Draws a scene's text and shapes with one painter, and remembers every string drawn."""

    def __init__(self, painter: QPainter, typography: Typography, palette: ProjectorPalette) -> None:
        self.painter = painter
        self.type = typography
        self.palette = palette
        self.texts: list[str] = []
        # What the painter is set to, so it is told only about changes (every call into Qt costs).
        self._font: tuple[int, bool] | None = None
        self._pen: str | None = None

    def _use(self, size: int, bold: bool, colour: str) -> None:
        if self._font != (size, bold):
            self.painter.setFont(self.type.font(size, bold))
            self._font = (size, bold)
        if self._pen != colour:
            self.painter.setPen(qcolor(colour))
            self._pen = colour

    def text(
        self,
        rect: QRectF,
        text: str,
        size: int,
        *,
        bold: bool = False,
        colour: str | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> None:
        """One line of ``text`` in ``rect`` (vertically centred), shortened with "…" if it is too wide."""
        if not text:
            return
        shown = self.type.elide(text, size, rect.width(), bold)
        self.texts.append(shown)
        self._use(size, bold, colour or self.palette.text)
        self.painter.drawText(rect, int(align | Qt.AlignmentFlag.AlignVCenter), shown)

    def paragraph(
        self,
        x: float,
        y: float,
        width: float,
        text: str,
        size: int,
        *,
        bold: bool = False,
        colour: str | None = None,
        max_lines: int | None = None,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
    ) -> float:
        """``text`` wrapped to ``width`` from the top-left (``x``, ``y``); returns the height used."""
        lines = list(self.type.wrap(text, size, width, bold))
        if max_lines is not None and len(lines) > max_lines:
            # The last line that fits says there is more, rather than text running off the wall.
            kept = lines[: max_lines - 1]
            rest = " ".join(line for line in lines[max_lines - 1 :] if line)
            lines = [*kept, self.type.elide(rest + " …", size, width, bold)]
        step = self.type.line_height(size, bold)
        for number, line in enumerate(lines):
            self.text(
                QRectF(x, y + number * step, width, step), line, size, bold=bold, colour=colour, align=align
            )
        return step * len(lines)

    def _no_pen(self) -> None:
        if self._pen != "":
            self.painter.setPen(Qt.PenStyle.NoPen)
            self._pen = ""

    def fill(self, rect: QRectF, colour: str, radius: float = 0.0) -> None:
        """A filled (rounded) rectangle."""
        self._no_pen()
        self.painter.setBrush(qcolor(colour))
        if radius > 0:
            self.painter.drawRoundedRect(rect, radius, radius)
        else:
            self.painter.drawRect(rect)

    def dots(self, x: float, centre_y: float, count: int, diameter: float, step: float, colour: str) -> None:  # noqa: PLR0917 - a drawing call in the order of QPainter's own
        """A row of ``count`` round dots, like sticky dots on a wall chart (one cached strip per count)."""
        if count <= 0:
            return
        strip = _dot_strip(
            count, round(diameter, 1), round(step, 1), colour, self.painter.device().devicePixelRatioF()
        )
        self.painter.drawPixmap(QPointF(x, centre_y - diameter / 2), strip)


@lru_cache(maxsize=256)
def _dot_strip(count: int, diameter: float, step: float, colour: str, ratio: float) -> QPixmap:
    """``count`` dots drawn once into a transparent strip; a repaint then copies it instead of drawing each dot."""
    width = (count - 1) * step + diameter
    strip = QPixmap(max(1, math.ceil(width * ratio)), max(1, math.ceil(diameter * ratio)))
    strip.setDevicePixelRatio(ratio)
    strip.fill(Qt.GlobalColor.transparent)
    painter = QPainter(strip)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(qcolor(colour))
    for number in range(count):
        painter.drawEllipse(QRectF(number * step, 0, diameter, diameter))
    painter.end()
    return strip


class SceneHost(Protocol):
    """The window a scene is shown in; it can render the scene off screen to list what it draws."""

    def texts_of(self, scene: Scene) -> list[str]:
        """Every string ``scene`` draws at the window's size."""
        ...


class Scene(QObject):
    """One screen of the wall: reads what it shows through the services and paints it.

    ``watches`` lists the kinds of change that make the scene read again;
    ``needs_repaint`` asks the window for a new frame (an animation step).
    """

    name = "blank"
    watches: tuple[str, ...] = ()
    #: Whether the scene shows the time, so the window repaints it every second.
    shows_clock = False
    needs_repaint = Signal()

    def __init__(self, commander: Commander, host: SceneHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self._host = host
        #: Why the scene could not be read (told to the facilitator's laptop, not shown on the wall).
        self.problem: str | None = None

    def reload(self) -> None:
        """Read the scene's data again; a refusal clears it and tells the facilitator once."""
        try:
            self.load()
        except ServiceError as exc:
            self.clear()
            if exc.message != self.problem:
                self.commander.failed.emit(exc.message)
            self.problem = exc.message
        else:
            self.problem = None

    def load(self) -> None:
        """Read the data the scene shows through ``self.commander.read``."""

    def clear(self) -> None:
        """Forget the data (it could not be read)."""

    def stop(self) -> None:
        """The scene is leaving the wall: stop any animation."""

    def paint(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        """Draw the scene in ``rect``; a scene that could not be read shows only a calm line."""
        if self.problem is not None:
            canvas.paragraph(
                rect.x(),
                rect.y() + rect.height() * 0.4,
                rect.width(),
                self.nothing_to_show(),
                canvas.type.px(56),
                colour=canvas.palette.quiet_text,
                align=Qt.AlignmentFlag.AlignHCenter,
            )
            return
        self.draw(canvas, rect, moment)

    def nothing_to_show(self) -> str:
        """What the wall says when the scene's data cannot be read."""
        return self.tr("Nothing to show yet")

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        """Draw the scene's data (the scene could be read)."""

    def visible_texts(self) -> list[str]:
        """Every string the scene draws on the wall now, in drawing order."""
        return self._host.texts_of(self)


class BlankScene(Scene):
    """The wall before the facilitator chooses a scene: just the app's name, quietly."""

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        size = canvas.type.px(56)
        height = canvas.type.line_height(size)
        canvas.text(
            QRectF(rect.x(), rect.center().y() - height / 2, rect.width(), height),
            "CoCommission",
            size,
            colour=canvas.palette.quiet_text,
            align=Qt.AlignmentFlag.AlignHCenter,
        )


def draw_heading(
    canvas: Canvas, rect: QRectF, title: str, subtitle: str = "", *, spaced: bool = True
) -> float:
    """A scene's title (up to two lines) and a quieter line beneath; returns the y where the body starts.

    ``spaced`` leaves the usual gap before the body; without it the caller puts its own line right under.
    """
    t = canvas.type
    y = rect.y()
    y += canvas.paragraph(rect.x(), y, rect.width(), title, t.px(64), bold=True, max_lines=2)
    if subtitle:
        y += t.length(8)
        y += canvas.paragraph(
            rect.x(), y, rect.width(), subtitle, t.px(40), colour=canvas.palette.quiet_text, max_lines=2
        )
    return y + t.length(36) if spaced else y


@dataclass(frozen=True)
class ListItem:
    """One entry of a list on the wall: a marker ("3", "=1st"), the words, and a quiet note after them."""

    marker: str
    text: str
    note: str = ""


@dataclass(frozen=True)
class ListPlan:
    """How a list fits its space: text size, number of columns, and each entry's wrapped lines."""

    size: int
    columns: int
    marker_width: float
    note_width: float
    lines: tuple[tuple[str, ...], ...]
    fits: bool


def _column_width(total: float, columns: int, gap: float) -> float:
    return (total - gap * (columns - 1)) / columns


def _tries(sizes: Sequence[int], max_columns: int) -> list[tuple[int, int]]:
    """(columns, size) in order of preference: large type in one column, then two columns, then smaller type."""
    roomy = [(1, size) for size in sizes if size >= 40]
    split = [(columns, size) for columns in range(2, max_columns + 1) for size in sizes if size >= 36]
    rest = [
        (columns, size)
        for columns in range(1, max_columns + 1)
        for size in sizes
        if (columns, size) not in roomy + split
    ]
    return roomy + split + rest


def plan_list(
    typography: Typography,
    items: Sequence[ListItem],
    width: float,
    height: float,
    *,
    sizes: Sequence[int] = LIST_SIZES,
    max_columns: int = 2,
) -> ListPlan:
    """The largest text (and fewest columns) at which ``items`` fit in ``width`` × ``height``."""
    t = typography
    gap = t.length(64)
    plan = ListPlan(t.px(sizes[0]), 1, 0.0, 0.0, (), True)
    for columns, design in _tries(sizes, max_columns):
        column = _column_width(width, columns, gap)
        size = t.px(design)
        marker_width = max((t.width(item.marker, size, True) for item in items), default=0.0)
        marker_width = marker_width + t.length(28) if marker_width else 0.0
        note_width = max((t.width(item.note, size) for item in items), default=0.0)
        note_width = note_width + t.length(28) if note_width else 0.0
        text_width = max(column - marker_width - note_width, column * 0.3)
        lines = tuple(t.wrap(item.text, size, text_width) for item in items)
        plan = ListPlan(size, columns, marker_width, note_width, lines, False)
        if _columns_needed(t, plan, height) <= columns:
            return ListPlan(size, columns, marker_width, note_width, lines, True)
    # Nothing fits: the smallest type in the most columns, cut at the bottom of the wall.
    return plan


def _item_height(t: Typography, plan: ListPlan, lines: Sequence[str]) -> float:
    return max(len(lines), 1) * t.line_height(plan.size) + t.line_height(plan.size) * 0.4


def list_height(t: Typography, plan: ListPlan, height: float) -> float:
    """How tall a list laid out by ``plan`` stands in ``height`` (its longest column), so more can go beneath."""
    tallest, used = 0.0, 0.0
    for lines in plan.lines:
        needed = _item_height(t, plan, lines)
        if used and used + needed > height:
            used = 0.0
        used += needed
        tallest = max(tallest, used)
    return min(tallest, height)


def _columns_needed(t: Typography, plan: ListPlan, height: float) -> int:
    """How many columns the entries fill, filling each column top to bottom in order."""
    columns, used = 1, 0.0
    for lines in plan.lines:
        needed = _item_height(t, plan, lines)
        if used and used + needed > height:
            columns, used = columns + 1, 0.0
        if needed > height:
            return 99
        used += needed
    return columns


def draw_list(
    canvas: Canvas,
    rect: QRectF,
    items: Sequence[ListItem],
    plan: ListPlan,
    *,
    marker_colour: str | None = None,
    bold_text: bool = False,
) -> None:
    """Draw ``items`` as ``plan`` laid them out: columns filled top to bottom, markers in a column of their own."""
    t = canvas.type
    gap = t.length(64)
    column_width = _column_width(rect.width(), plan.columns, gap)
    step = t.line_height(plan.size)
    column, y = 0, rect.y()
    for item, lines in zip(items, plan.lines, strict=True):
        needed = _item_height(t, plan, lines)
        if y > rect.y() and y + needed > rect.bottom() + 0.5:
            column, y = column + 1, rect.y()
        if column >= plan.columns or y + step > rect.bottom() + 0.5:
            # No room even for the entry's first line: nothing of it is drawn, not even its marker.
            break
        x = rect.x() + column * (column_width + gap)
        if item.marker:
            canvas.text(
                QRectF(x, y, plan.marker_width - t.length(28), step),
                item.marker,
                plan.size,
                bold=True,
                colour=marker_colour or canvas.palette.accent,
                align=Qt.AlignmentFlag.AlignRight,
            )
        text_x = x + plan.marker_width
        text_width = column_width - plan.marker_width - plan.note_width
        for number, line in enumerate(lines):
            # Lines that still do not fit at the smallest size are cut at the bottom of the wall.
            if y + (number + 1) * step > rect.bottom() + 0.5:
                break
            canvas.text(QRectF(text_x, y + number * step, text_width, step), line, plan.size, bold=bold_text)
        if item.note:
            canvas.text(
                QRectF(
                    x + column_width - plan.note_width + t.length(28), y, plan.note_width - t.length(28), step
                ),
                item.note,
                plan.size,
                colour=canvas.palette.quiet_text,
                align=Qt.AlignmentFlag.AlignRight,
            )
        y += needed
