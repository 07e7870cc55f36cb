"""Benchmarks of the desktop window, offscreen.

startup_to_window_ms — from a fresh process starting its imports to the main window shown with
the example commission open and painted (median of several processes);
page_switch_max_ms — the slowest of the seven switches through the stage pages, each page
loading its data on first show (median over several fresh windows).
"""

from __future__ import annotations

import time

STARTED = time.perf_counter()

import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
RUNS = 5


def _open_window(path: Path, settings_file: Path):
    from PySide6.QtCore import QSettings

    from cocommission.db import open_database
    from cocommission.ui.app import make_application
    from cocommission.ui.main_window import MainWindow
    from cocommission.ui.settings import Settings
    from cocommission.ui.stage_pages import STAGE_PAGES

    app = make_application()
    window = MainWindow(
        open_database(path), Settings(QSettings(str(settings_file), QSettings.Format.IniFormat)), STAGE_PAGES
    )
    window.resize(1366, 768)
    window.show()
    window.open_example()
    window.grab()  # forces a full paint, as the screen would
    app.processEvents()
    return app, window


def child_startup(path: Path, settings_file: Path) -> None:
    """Runs in a fresh process: print the milliseconds from start to a painted window."""
    app, window = _open_window(path, settings_file)
    print((time.perf_counter() - STARTED) * 1000)
    window.close()


def page_switches(path: Path, settings_file: Path) -> float:
    """The slowest switch through the seven pages of a fresh window, in milliseconds."""
    app, window = _open_window(path, settings_file)
    slowest = 0.0
    for number in [*range(1, 7), 0]:
        started = time.perf_counter()
        window.workspace.show_page(number)
        window.grab()
        app.processEvents()
        slowest = max(slowest, (time.perf_counter() - started) * 1000)
    window.close()
    window.deleteLater()
    app.processEvents()
    return slowest


def main() -> None:
    """Prepare a database with the example, then time start-up and page switches."""
    sys.path.insert(0, str(Path(__file__).parent))
    from common import report

    from cocommission.db import open_database
    from cocommission.services.demo import create_example_commission
    from cocommission.services.perform import perform

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        settings_file = Path(folder) / "settings.ini"
        database = open_database(path)
        perform(database, create_example_commission)
        database.close()
        startups = []
        for _ in range(RUNS):
            finished = subprocess.run(
                [sys.executable, __file__, "--child-startup", str(path), str(settings_file)],
                capture_output=True, text=True, check=True,
            )
            startups.append(float(finished.stdout.strip().splitlines()[-1]))
        report("startup_to_window_ms", statistics.median(startups))
        report("page_switch_max_ms", statistics.median(page_switches(path, settings_file) for _ in range(RUNS)))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-startup":
        child_startup(Path(sys.argv[2]), Path(sys.argv[3]))
    else:
        main()
