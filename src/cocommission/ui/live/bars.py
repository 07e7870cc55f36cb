"""Rows of labelled bars that fit the wall: the label above its bar when there is room, beside it when not.

Used by the live vote (bars of dots) and the bid totals. The planner tries the
largest text first and keeps every label whole (up to two lines) before it
shrinks the text, splits the rows into columns, or puts labels beside bars.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt

from cocommission.ui.live.scene import Canvas
from cocommission.ui.live.typography import SMALLEST, Typography

#: Text sizes (design pixels) from the largest tried; the last two only when nothing readable fits.
BAR_SIZES = (56, 52, 48, 44, 40, 36, 32, 30, 28, SMALLEST, 22, 18)


@dataclass(frozen=True)
class BarRow:
    """One bar's words: a place ("=1st") before it, the label, and a quiet line beneath the label."""

    label: str
    marker: str = ""
    sublabel: str = ""


@dataclass(frozen=True)
class BarPlan:
    """Where the rows go: text size, columns, label above or beside the bar, and the sizes that follow."""

    size: int
    sub_size: int
    columns: int
    per_column: int
    above: bool
    max_lines: int
    row_height: float
    column_width: float
    column_gap: float
    marker_width: float
    label_width: float
    bar_height: float
    bold: bool = False
    #: False when no size kept every label whole and the rows were squeezed in with labels shortened.
    fits: bool = True


def _label_lines(t: Typography, rows: Sequence[BarRow], size: int, width: float, bold: bool) -> int:
    return max((len(t.wrap(row.label, size, width, bold)) for row in rows), default=1)


def plan_bars(
    t: Typography,
    rows: Sequence[BarRow],
    width: float,
    height: float,
    *,
    bold: bool = False,
    bar_height: float | None = None,
) -> BarPlan:
    """The largest text at which every row fits ``width`` × ``height`` with its label whole (remembered).

    ``bar_height`` (real pixels) asks for bars that tall whatever the text size, such as dots wrapped onto two lines.
    """
    tall = None if bar_height is None else round(bar_height, 1)
    return _plan(t, tuple(rows), round(width), round(height), bold, t.screen_unit, t.font_scale, tall)


@lru_cache(maxsize=64)
def _plan(  # noqa: PLR0917 - lru_cache keys on the arguments as they are passed
    t: Typography,
    rows: tuple[BarRow, ...],
    width: float,
    height: float,
    bold: bool,
    unit: float,
    scale: float,
    tall: float | None,
) -> BarPlan:
    # Planning measures every label at every size; the wall repaints after each ballot with the same labels.
    count = max(len(rows), 1)
    gap = t.length(72)
    has_sub = any(row.sublabel for row in rows)
    plan: BarPlan | None = None
    for design in BAR_SIZES:
        size = t.px(design)
        sub_size = max(t.px(SMALLEST) if design >= SMALLEST else size, round(size * 0.8))
        step = t.line_height(size, bold)
        sub_step = t.line_height(sub_size) if has_sub else 0.0
        bar_height = max(t.length(22), size * 0.75) if tall is None else tall
        marker_width = max((t.width(row.marker, size, True) for row in rows), default=0.0)
        marker_width = marker_width + t.length(28) if marker_width else 0.0
        for columns in range(1, 4):
            per_column = math.ceil(count / columns)
            if columns > 1 and per_column < 3:
                break
            column_width = (width - gap * (columns - 1)) / columns
            for above in (True, False):
                label_width = column_width - marker_width if above else (column_width - marker_width) * 0.5
                lines = _label_lines(t, rows, size, label_width, bold)
                block = min(lines, 2) * step + sub_step
                spacing = step * 0.4
                row_height = (
                    block + t.length(10) + bar_height if above else max(block, bar_height)
                ) + spacing
                plan = BarPlan(
                    size,
                    sub_size,
                    columns,
                    per_column,
                    above,
                    2,
                    row_height,
                    column_width,
                    gap,
                    marker_width,
                    label_width,
                    bar_height,
                    bold,
                )
                if lines <= 2 and per_column * row_height <= height:
                    return plan
    # Nothing keeps every label whole: the smallest text, most columns, labels beside and shortened.
    assert plan is not None
    row_height = height / plan.per_column
    return BarPlan(
        plan.size,
        plan.sub_size,
        plan.columns,
        plan.per_column,
        False,
        1,
        row_height,
        plan.column_width,
        plan.column_gap,
        plan.marker_width,
        plan.label_width,
        min(plan.bar_height, row_height * 0.6),
        bold,
        False,
    )


def draw_bars(
    canvas: Canvas,
    rect: QRectF,
    rows: Sequence[BarRow],
    plan: BarPlan,
    draw_bar: Callable[[int, QRectF], None],
) -> None:
    """Each row's place and label, then ``draw_bar(index, region)`` for the bar in the space left for it."""
    t = canvas.type
    step = t.line_height(plan.size, plan.bold)
    sub_step = t.line_height(plan.sub_size) if any(row.sublabel for row in rows) else 0.0
    label_gap = t.length(28)
    # Spare height spreads the rows a little, so a short list does not huddle at the top of the wall.
    row_height = max(plan.row_height, min(rect.height() / max(plan.per_column, 1), plan.row_height * 1.4))
    for index, row in enumerate(rows):
        column, line = divmod(index, plan.per_column)
        x = rect.x() + column * (plan.column_width + plan.column_gap)
        y = rect.y() + line * row_height
        lines = min(plan.max_lines, len(t.wrap(row.label, plan.size, plan.label_width, plan.bold)))
        block = lines * step + (sub_step if row.sublabel else 0.0)
        if plan.above:
            label_top = y
            bar_top = y + block + t.length(10)
        else:
            middle = y + (row_height - step * 0.4) / 2
            label_top = middle - block / 2
            bar_top = middle - plan.bar_height / 2
        if row.marker:
            canvas.text(
                QRectF(x, label_top, plan.marker_width - label_gap, step),
                row.marker,
                plan.size,
                bold=True,
                colour=canvas.palette.accent,
                align=Qt.AlignmentFlag.AlignRight,
            )
        label_x = x + plan.marker_width
        align = Qt.AlignmentFlag.AlignLeft if plan.above else Qt.AlignmentFlag.AlignRight
        canvas.paragraph(
            label_x,
            label_top,
            plan.label_width,
            row.label,
            plan.size,
            bold=plan.bold,
            max_lines=plan.max_lines,
            align=align,
        )
        if row.sublabel:
            canvas.text(
                QRectF(label_x, label_top + lines * step, plan.label_width, sub_step),
                row.sublabel,
                plan.sub_size,
                colour=canvas.palette.quiet_text,
                align=align,
            )
        if plan.above:
            region = QRectF(label_x, bar_top, plan.column_width - plan.marker_width, plan.bar_height)
        else:
            bar_x = label_x + plan.label_width + label_gap
            region = QRectF(bar_x, bar_top, x + plan.column_width - bar_x, plan.bar_height)
        draw_bar(index, region)
