"""Windows open inside the screen they are on, whatever its size and scaling.

A size written in the code is a wish: on a 1280×720 laptop, or at 200% scaling on a 1920×1080
screen (960×540 left to lay out), a window asked to be 1200×720 would run off the bottom with its
buttons out of reach. Every window and form that chooses its own size asks for it through
``fit_to_screen``, which keeps it inside what the desktop leaves free (the taskbar excluded).
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

#: Room for the frame and title bar the desktop draws around a window: sizes set in Qt exclude them.
WINDOW_FRAME = QMargins(8, 40, 8, 8)


def screen_of(widget: QWidget) -> QScreen:
    """The screen ``widget`` is on, or the one its parent window is on, or the primary screen."""
    for candidate in (widget, widget.parentWidget()):
        if candidate is not None:
            screen = candidate.window().screen()
            if screen is not None:
                return screen
    return QGuiApplication.primaryScreen()


def inner_area(outer: QRect) -> QRect:
    """Where a window's contents go when its frame and title bar must fit inside ``outer``."""
    return outer.marginsRemoved(WINDOW_FRAME)


def fitted_size(preferred: QSize, area: QRect) -> QSize:
    """``preferred``, made smaller where needed so the window and its frame fit in ``area``."""
    room = inner_area(area).size()
    return QSize(min(preferred.width(), room.width()), min(preferred.height(), room.height()))


def fit_to_screen(window: QWidget, width: int, height: int, *, screen: QScreen | None = None) -> None:
    """Give ``window`` the size ``width`` × ``height``, or what fits on its screen, centred on that screen.

    A form with a parent is only resized: Qt centres it over its parent as it opens.
    """
    area = (screen or screen_of(window)).availableGeometry()
    size = fitted_size(QSize(width, height), area)
    if window.isWindow() and window.parentWidget() is not None:
        window.resize(size)
        return
    inner = inner_area(area)
    top_left = inner.center() - QPoint(size.width() // 2, size.height() // 2)
    window.setGeometry(QRect(top_left, size))
