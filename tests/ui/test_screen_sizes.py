"""Every window fits a 1280×720 screen and a 1920×1080 screen at 200%, with every control within reach.

The screen is fixed when Qt starts, so each size is walked in a fresh process (reachability_walk.py)
on the offscreen platform configured with that screen; 200% is real Qt scaling (QT_SCALE_FACTOR=2),
which leaves 960×540 to lay out. The walk opens the worked example and stops at the welcome screen,
every page and every tab of it, the live console and each of its tabs with the projector's preview
beside it, and every dialog, and reports any window off the screen, any button, field, list or spin
box that neither lies inside its window nor inside a scroll area that can scroll to it, the preview
covering the console, and any Qt warning.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

WALK = Path(__file__).with_name("reachability_walk.py")

SCREENS = {
    "1280x720": ({"width": 1280, "height": 720}, "1", (0, 0, 1280, 720)),
    "200pct": ({"width": 1920, "height": 1080}, "2", (0, 0, 960, 540)),
}


@pytest.mark.slow
@pytest.mark.parametrize("screen", SCREENS)
def test_every_window_fits_and_every_control_can_be_reached(tmp_path, screen, example_sqlite_file):
    """At 1280×720 and at 200% on 1920×1080, no window runs off the screen and no control is out of reach."""
    size, scale, expected_area = SCREENS[screen]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "logicalDpi": 96, **size}]}))
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "QT_SCALE_FACTOR": scale,
    }
    finished = subprocess.run(
        [sys.executable, str(WALK), str(example_sqlite_file)], env=environment, capture_output=True, text=True, timeout=900, check=False
    )
    assert finished.returncode == 0, finished.stderr[-4000:]
    found = json.loads(finished.stdout.strip().splitlines()[-1])
    assert tuple(found["screen"]) == expected_area
    assert found["device_pixel_ratio"] == float(scale)
    # Every page, the console and the dialogs were walked, not just the first window.
    assert {"00-welcome", "07-feedback-and-payments-feedback", "console-agenda-and-timer"} <= set(found["stops"])
    assert sum("-dialog-" in stop for stop in found["stops"]) >= 17
    assert found["problems"] == []
    assert found["warnings"] == []


_REOPEN = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QMainWindow
from cocommission.ui.app import build_main_window, make_application
from cocommission.ui.settings import Settings

app = make_application()
folder = Path(sys.argv[1])
settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
elsewhere = QMainWindow()  # the window as it was left on a large screen
elsewhere.setGeometry(QRect(0, 0, 2000, 1280))
settings.window_geometry = elsewhere.saveGeometry()
window = build_main_window(str(folder / "commission.sqlite"), settings)
window.show()
app.processEvents()
print(json.dumps({"frame": window.frameGeometry().getRect(), "area": window.screen().availableGeometry().getRect()}))
window.close()
"""


def test_a_window_left_large_on_another_screen_reopens_inside_this_one(tmp_path):
    """A main window saved at 2000×1280 reopens inside a 1920×1080 screen at 200% (960×540)."""
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": "2"}
    finished = subprocess.run(
        [sys.executable, "-c", _REOPEN, str(tmp_path)], env=environment, capture_output=True, text=True, timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-4000:]
    found = json.loads(finished.stdout.strip().splitlines()[-1])
    x, y, width, height = found["frame"]
    left, top, area_width, area_height = found["area"]
    assert (area_width, area_height) == (960, 540)
    assert left <= x and top <= y and x + width <= left + area_width and y + height <= top + area_height
