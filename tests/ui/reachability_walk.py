"""Walk every window of the app on the screen this process was given and list what cannot be reached.

Run by test_screen_sizes.py in a fresh process, because the screen (its size, its scaling) is fixed
when Qt starts: ``QT_QPA_PLATFORM=offscreen:configfile=screen.json [QT_SCALE_FACTOR=2] python
reachability_walk.py [EXAMPLE.sqlite]``, where the optional file holds the worked example to start
from a copy of. Prints one JSON object: the screen's free area, the stops walked, each problem
found (a window off the screen, a control out of reach, the preview over the console) and every
Qt warning.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Run as a script: the project folder goes on the path so the tour in tools/ can be imported.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QPoint, QRect, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTabBar,
    QWidget,
)
from tools.tour import tour

from cocommission.ui.app import make_application
from cocommission.ui.style import apply_style, load_shipped_fonts

CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox)


def describe(widget: QWidget) -> str:
    """How a person would recognise ``widget``: its text, accessible name or placeholder, and its class."""
    label = ""
    for read in ("text", "accessibleName", "placeholderText", "currentText", "objectName"):
        value = getattr(widget, read, None)
        label = value() if callable(value) else ""
        if label:
            break
    return f"{type(widget).__name__} {label!r}"


def scrolls_to(area: QAbstractScrollArea, rect: QRect) -> bool:
    """Whether scrolling ``area`` can bring ``rect`` (in its viewport's coordinates) wholly into view."""
    viewport = area.viewport().size()
    if viewport.width() <= 0 or viewport.height() <= 0:
        return False
    for start, extent, view, policy in (
        (rect.x(), rect.width(), viewport.width(), area.horizontalScrollBarPolicy()),
        (rect.y(), rect.height(), viewport.height(), area.verticalScrollBarPolicy()),
    ):
        if extent > view + 1:
            return False
        if policy == Qt.ScrollBarPolicy.ScrollBarAlwaysOff and (start < -1 or start + extent > view + 1):
            return False  # no scroll bar that way: it has to be in view already
    return True


def reachable(control: QWidget, window: QWidget) -> bool:
    """Whether ``control`` lies inside the window, or inside a scroll area that can scroll to it."""
    rect = QRect(QPoint(0, 0), control.size())
    child = control
    parent = control.parentWidget()
    while child is not window and parent is not None:
        rect.translate(child.pos())
        holder = parent.parentWidget()
        if isinstance(holder, QAbstractScrollArea) and parent is holder.viewport():
            # Inside a scroll area: anything in its content can be scrolled to if it fits the view.
            if not scrolls_to(holder, rect):
                return False
            # Scrolled there, the control shows at the top left of the view; from there on only
            # that place has to be on screen (an outer scroll area can scroll to it in turn).
            rect = QRect(holder.viewport().pos(), rect.size())
            child, parent = holder, holder.parentWidget()
            continue
        if not parent.rect().adjusted(-1, -1, 1, 1).contains(rect):
            return False
        child, parent = parent, holder
    return True


def check_window(name: str, window: QWidget) -> list[str]:
    """Problems with one stop: the window off its screen's free area, or a control out of reach."""
    problems = []
    area = window.screen().availableGeometry()
    frame = window.frameGeometry()
    if not area.contains(frame):
        problems.append(f"{name}: the window {frame.getRect()} runs off the screen's free area {area.getRect()}")
    for control in window.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisible() or control.window() is not window:
            continue
        if isinstance(control.parentWidget(), (QTabBar, QComboBox, QAbstractSpinBox)):
            continue  # part of a tab bar, combo box or spin box: checked as that control
        if not reachable(control, window):
            where = QRect(control.mapTo(window, QPoint(0, 0)), control.size()).getRect()
            problems.append(f"{name}: {describe(control)} at {where} cannot be reached in {window.size().toTuple()}")
    return problems


def main() -> int:
    """Walk the tour and print what was found as JSON."""
    warnings: list[str] = []

    def keep(kind, _context, message) -> None:
        if (
            kind in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
            and "does not support propagateSizeHints" not in message
        ):
            warnings.append(message)

    qInstallMessageHandler(keep)
    app = make_application()
    load_shipped_fonts(prefer=True)
    apply_style(app, font_scale=1.0, base_font=QFont(app.font()))
    problems: list[str] = []
    stops: list[str] = []
    # The test passes a file holding the worked example, so the walk need not build it again.
    for stop in tour(app, copying=Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        stops.append(stop.name)
        problems.extend(check_window(stop.name, stop.window))
        if stop.kind == "console":
            console = stop.window
            projector = console.projector
            console.show_projector()
            app.processEvents()
            if projector.frameGeometry().intersects(console.frameGeometry()):
                problems.append(
                    f"the projector preview {projector.frameGeometry().getRect()} covers the console "
                    f"{console.frameGeometry().getRect()}"
                )
            problems.extend(check_window("projector preview", projector))
    screen = app.primaryScreen()
    print(json.dumps({
        "screen": screen.availableGeometry().getRect(),
        "device_pixel_ratio": screen.devicePixelRatio(),
        "stops": stops,
        "problems": problems,
        "warnings": warnings,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
