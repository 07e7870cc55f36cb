"""Benchmarks of starting the desktop window and the command line, offscreen.

Prints, as medians of several fresh processes (runs of the app and of the bare window take turns,
so a busy machine slows both alike). Each process may keep compiled bytecode, as an installed app
does (a first, compiling run of each is left out), even where PYTHONDONTWRITEBYTECODE is set:
  startup_to_window_ms — from launching ``cocommission`` (the interpreter's own start included) to
  its main window shown with the example commission open and painted (target < 500); the child
  loads its modules in the command's own order, the command line and SQLAlchemy before Qt;
  startup_cpu_ms — the processor time that start-up took, which a busy machine changes less;
  bare_qt_window_ms — the same for a bare PySide6 window in a process that imports SQLAlchemy's
  ORM before Qt, as the app does: the least any start-up could cost;
  startup_vs_bare_qt_ratio — startup_to_window_ms over bare_qt_window_ms (target < 1.5);
  startup_cpu_vs_bare_qt_ratio — the same for processor time;
  first_screen_ms — from launching ``cocommission`` to its window shown with the screen it opens on
  (the welcome screen listing the database's commissions) painted: what a person waits for before
  they can click anything, without opening a commission (no target: start-up is judged on the
  stricter figure above, which opens the example too);
  first_screen_vs_bare_qt_ratio — first_screen_ms over bare_qt_window_ms;
  cli_list_ms — the whole ``cocommission list`` process on the example database (target < 400);
  page_switch_max_ms — the slowest of the seven switches through the stage pages, each page
  loading its data on first show (median over several fresh windows), once the window has made
  the pages not on screen while idle.
"""

from __future__ import annotations

# Only what the ``cocommission`` command itself loads before its own modules: a child process
# must load nothing the command does not (the rest is imported where the parent needs it).
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
RUNS = 7
WINDOW_SIZE = (1366, 768)


def _keep_settings_in(folder: Path) -> None:
    """Let this process's window keep its settings in ``folder``, never the user's own."""
    from PySide6.QtCore import QSettings

    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))


def _painted() -> None:
    """Print the wall-clock time and this process's processor time, both in seconds."""
    print(f"{time.time()} {time.process_time()}", flush=True)


class _WhenTheAppLoadsItsWindow:
    """An import finder that finds nothing: it runs ``action`` as the app starts to import its window.

    Put first on ``sys.meta_path``, it is asked for every module imported until then and answers
    none (the usual finders load them all), so the command loads its modules in its own order.
    """

    def __init__(self, name: str, action) -> None:
        self.name = name
        self.action = action

    def find_spec(self, name: str, path=None, target=None) -> None:
        if name == self.name:
            sys.meta_path.remove(self)
            self.action()


def child_startup(path: Path, settings_folder: Path, *, open_example: bool = True) -> None:
    """Runs in a fresh process: start the app as ``cocommission --db PATH`` does, open the example.

    Modules load in the command's own order: the ``cocommission`` command (``cocommission.__main__:main``,
    as ``python -m cocommission`` too) loads the command line, and SQLAlchemy with it, before Qt, and
    Qt slows every module imported after it (PySide6 puts its own hook into importing). So this
    process imports nothing of its own before the command: Qt is loaded here only as the app itself
    starts to load its window module (``cocommission.ui.app``, whose first line loads Qt), to keep the
    window's settings apart and to look at the window once it is shown.
    """
    from cocommission.__main__ import main

    def as_the_window_loads() -> None:
        from PySide6.QtCore import QTimer

        _keep_settings_in(settings_folder)
        # Runs as soon as the event loop starts, once the app has shown its window.
        QTimer.singleShot(0, once_shown)

    def once_shown() -> None:
        from PySide6.QtWidgets import QApplication

        from cocommission.ui.main_window import MainWindow

        app = QApplication.instance()
        window = next(widget for widget in app.topLevelWidgets() if isinstance(widget, MainWindow))
        window.resize(*WINDOW_SIZE)
        if open_example:
            window.open_example()
        window.grab()  # forces a full paint, as the screen would
        app.processEvents()
        _painted()
        window.close()
        app.quit()

    watcher = _WhenTheAppLoadsItsWindow("cocommission.ui.app", as_the_window_loads)
    sys.meta_path.insert(0, watcher)
    status = main(["--db", str(path)])
    if watcher in sys.meta_path:
        raise SystemExit(f"the app never loaded cocommission.ui.app (exit status {status}): the bench must follow it")


def child_bare() -> None:
    """Runs in a fresh process: the least a window could cost, with SQLAlchemy imported."""
    import sqlalchemy.orm  # noqa: F401 - the cost measured
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(*WINDOW_SIZE)
    window.show()
    window.grab()
    app.processEvents()
    _painted()


def _with_bytecode(folder: Path) -> dict[str, str]:
    """The environment for a child that keeps its compiled bytecode in ``folder``, as an installed app would."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(folder)
    return environment


def _child(environment: dict[str, str], *arguments: str) -> tuple[float, float]:
    """Run this script as a fresh child; milliseconds to its painted window, wall clock and processor."""
    import subprocess

    launched = time.time()
    finished = subprocess.run(
        [sys.executable, __file__, *arguments],
        capture_output=True, text=True, check=True, env=environment, timeout=120,
    )
    painted, processor = (float(value) for value in finished.stdout.strip().splitlines()[-1].split())
    return (painted - launched) * 1000, processor * 1000


def _cli_list_ms(environment: dict[str, str], path: Path) -> float:
    """The whole ``cocommission list`` process, in milliseconds."""
    import subprocess

    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "cocommission", "--db", str(path), "list"],
        capture_output=True, check=True, env=environment,
    )
    return (time.perf_counter() - started) * 1000


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
    window.resize(*WINDOW_SIZE)
    window.show()
    window.open_example()
    window.grab()
    app.processEvents()
    # The pages not on screen are made while the app is idle; a person takes longer than that to click.
    deadline = time.perf_counter() + 5
    while len(window.workspace.made_pages()) < len(STAGE_PAGES) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    return app, window


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
    """Prepare a database with the example, then time start-up, the command line and page switches."""
    import statistics
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from common import report

    from cocommission.db import open_database
    from cocommission.services.demo import create_example_commission
    from cocommission.services.perform import perform

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        settings_folder = Path(folder) / "settings"
        database = open_database(path)
        perform(database, create_example_commission)
        database.close()
        environment = _with_bytecode(Path(folder) / "bytecode")
        startup = ("--child-startup", str(path), str(settings_folder))
        _child(environment, *startup)  # compiles and caches the bytecode: not timed
        _child(environment, "--child-bare")
        first_screen = ("--child-first-screen", str(path), str(settings_folder))
        app_wall, app_processor, bare_wall, bare_processor, first_wall = [], [], [], [], []
        for _ in range(RUNS):
            wall, processor = _child(environment, *startup)
            app_wall.append(wall)
            app_processor.append(processor)
            first_wall.append(_child(environment, *first_screen)[0])
            wall, processor = _child(environment, "--child-bare")
            bare_wall.append(wall)
            bare_processor.append(processor)
        startup, startup_cpu = statistics.median(app_wall), statistics.median(app_processor)
        bare, bare_cpu = statistics.median(bare_wall), statistics.median(bare_processor)
        report("startup_to_window_ms", startup)
        report("startup_cpu_ms", startup_cpu)
        report("bare_qt_window_ms", bare)
        report("startup_vs_bare_qt_ratio", startup / bare)
        report("startup_cpu_vs_bare_qt_ratio", startup_cpu / bare_cpu)
        report("first_screen_ms", statistics.median(first_wall))
        report("first_screen_vs_bare_qt_ratio", statistics.median(first_wall) / bare)
        report("cli_list_ms", statistics.median(_cli_list_ms(environment, path) for _ in range(RUNS)))
        report(
            "page_switch_max_ms",
            statistics.median(page_switches(path, settings_folder / "pages.ini") for _ in range(RUNS)),
        )


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child-startup":
        child_startup(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[1] == "--child-first-screen":
        child_startup(Path(sys.argv[2]), Path(sys.argv[3]), open_example=False)
    elif len(sys.argv) == 2 and sys.argv[1] == "--child-bare":
        child_bare()
    else:
        main()
