"""Where the live console and the projector's preview open, so neither hides the other.

With a second screen the projector fills it and the console opens on the facilitator's screen,
as large as it comfortably can. With only one screen (rehearsing, or a laptop whose picture the
room also sees) they share it side by side: the preview sits at the top of the right-hand third,
at the wall's 16:9, and the console has the rest of the width and the whole height. The console
is where the facilitator works, so none of its controls may be hidden; a smaller preview still
shows what the wall would.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from cocommission.ui.screen_fit import WINDOW_FRAME, fit_to_screen, inner_area, screen_of

#: The console's size when the screen has room for it.
CONSOLE_SIZE = QSize(1280, 700)
#: The preview never gets narrower than this, whatever the screen.
SMALLEST_PREVIEW_WIDTH = 320


def preview_column(area: QRect) -> QRect:
    """The right-hand part of ``area`` (a screen's free area) kept for the preview, frame included."""
    framed = SMALLEST_PREVIEW_WIDTH + WINDOW_FRAME.left() + WINDOW_FRAME.right()
    width = max(framed, area.width() // 3)
    return QRect(area.right() - width + 1, area.top(), width, area.height())


def preview_geometry(area: QRect) -> QRect:
    """The preview's own rectangle (inside its frame): the top of the right-hand column, 16:9."""
    inner = inner_area(preview_column(area))
    height = min(inner.height(), inner.width() * 9 // 16)
    return QRect(inner.left(), inner.top(), inner.width(), height)


def console_geometry(area: QRect) -> QRect:
    """The console's own rectangle when it shares the screen with the preview: everything left of it."""
    column = preview_column(area)
    outer = QRect(area.left(), area.top(), column.left() - area.left(), area.height())
    inner = inner_area(outer)
    return QRect(inner.topLeft(), QSize(min(inner.width(), CONSOLE_SIZE.width()), inner.height()))


def place_console(console: QWidget, screens: list[QScreen] | None = None) -> None:
    """Open ``console`` on its screen: beside the preview's column when that screen is the only one."""
    screens = list(QGuiApplication.screens()) if screens is None else screens
    screen = screen_of(console)
    if len(screens) > 1:
        fit_to_screen(console, CONSOLE_SIZE.width(), CONSOLE_SIZE.height(), screen=screen)
        return
    console.setGeometry(console_geometry(screen.availableGeometry()))
