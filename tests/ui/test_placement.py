"""Where the live console and the projector's preview open: side by side on one screen, never overlapping."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, QSize

from cocommission.ui.live.placement import console_geometry, preview_geometry
from cocommission.ui.screen_fit import WINDOW_FRAME, fitted_size


def _framed(inner: QRect) -> QRect:
    return inner.marginsAdded(WINDOW_FRAME)


@pytest.mark.parametrize(
    "area",
    [QRect(0, 0, 960, 540), QRect(0, 0, 1280, 672), QRect(0, 0, 1366, 728), QRect(0, 0, 1920, 1040), QRect(1920, 0, 1920, 1080)],
)
def test_on_one_screen_the_preview_sits_beside_the_console(area):
    """Console and preview, frames included, stay on the screen's free area and do not overlap."""
    console = console_geometry(area)
    preview = preview_geometry(area)
    assert area.contains(_framed(console)) and area.contains(_framed(preview))
    assert not _framed(console).intersects(_framed(preview))
    assert preview.width() >= 320 and abs(preview.width() * 9 - preview.height() * 16) <= 16
    assert console.width() >= area.width() // 2


def test_a_wished_for_size_shrinks_to_the_screen_and_a_small_one_is_kept():
    """1280×700 on a 960×540 screen becomes what fits there with its frame; 500×400 stays 500×400."""
    small = QRect(0, 0, 960, 540)
    fitted = fitted_size(QSize(1280, 700), small)
    framed = QSize(fitted.width() + WINDOW_FRAME.left() + WINDOW_FRAME.right(),
                   fitted.height() + WINDOW_FRAME.top() + WINDOW_FRAME.bottom())
    assert framed.toTuple() == (960, 540)
    assert fitted_size(QSize(500, 400), small).toTuple() == (500, 400)
