"""A wrapping row of controls: spaced as the style says, without handing the style to Python."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtWidgets import QProxyStyle, QPushButton, QStyle, QVBoxLayout, QWidget

from cocommission.ui.flow_layout import FlowLayout, style_spacing


class _WideSpacing(QProxyStyle):
    """A style that puts an unusual 11 pixels between controls side by side, and 3 above and below."""

    def pixelMetric(self, metric, option=None, widget=None) -> int:
        if metric == QStyle.PixelMetric.PM_LayoutHorizontalSpacing:
            return 11
        if metric == QStyle.PixelMetric.PM_LayoutVerticalSpacing:
            return 3
        return super().pixelMetric(metric, option, widget)


def test_controls_in_a_row_are_as_far_apart_as_the_style_says(qtbot):
    holder = QWidget()
    qtbot.addWidget(holder)
    style = _WideSpacing()
    holder.setStyle(style)
    column = QVBoxLayout(holder)
    row = FlowLayout()
    column.addLayout(row)
    first, second = QPushButton("First", holder), QPushButton("Second", holder)
    row.addWidget(first)
    row.addWidget(second)
    holder.resize(600, 200)
    holder.show()
    qtbot.waitExposed(holder)

    assert style_spacing(holder) == 11
    assert second.geometry().left() - first.geometry().right() - 1 == 11
    # Asking leaves nothing behind in the widget.
    assert holder.findChildren(QVBoxLayout) == [column]


_SHOW_A_ROW = """
import enum, sys
made = []
create = enum.EnumType._create_
def recording(cls, class_name, names, *args, **kwargs):
    made.append(class_name)
    return create(cls, class_name, names, *args, **kwargs)
enum.EnumType._create_ = recording
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
from cocommission.ui.flow_layout import FlowLayout
app = QApplication([])
holder = QWidget()
column = QVBoxLayout(holder)
row = FlowLayout()
column.addLayout(row)
row.addWidget(QPushButton("First", holder))
row.addWidget(QPushButton("Second", holder))
holder.show()
holder.grab()
app.processEvents()
before = "PixelMetric" in made
from PySide6.QtWidgets import QStyle
QStyle.PixelMetric  # the check sees Qt make an enumeration: it would see this one made earlier
print(before, "PixelMetric" in made)
"""


def test_laying_out_a_row_makes_none_of_the_styles_enumerations():
    """The People page on screen at start has a row: Python making QStyle's 560 enum values took milliseconds."""
    finished = subprocess.run(
        [sys.executable, "-c", _SHOW_A_ROW],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.split() == ["False", "True"]
