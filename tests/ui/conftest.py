"""Fixtures for window-level tests: settings kept out of the user's real QSettings, a commander over
the test database, the messages it shows, and showing a page as a person would see it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QSettings, Qt
from tests.conftest import on_sqlite_unless_marked

from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.main_window import MainWindow
from cocommission.ui.pages.base import StagePage
from cocommission.ui.settings import Settings
from cocommission.ui.stage_pages import STAGE_PAGES


@pytest.hookimpl(tryfirst=True)
def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Window tests run on SQLite, and on PostgreSQL too only when marked ``on_postgresql_too``: the marked
    ones show every page, undo and a keyed ballot on the shared server, where a read model that only
    SQLite accepts would show."""
    on_sqlite_unless_marked(metafunc)


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings stored in a temporary INI file, so tests never touch the user's preferences."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def commander(database) -> Commander:
    """A commander over the test database with its own change bus."""
    return Commander(database, ChangeBus())


@pytest.fixture
def problems(commander) -> list[str]:
    """Every refusal the commander shows in the window, in order."""
    said: list[str] = []
    commander.failed.connect(said.append)
    return said


@pytest.fixture
def show_page(qtbot) -> Callable[..., StagePage]:
    """Show a page on a commission at a laptop's size, once it is on screen: ``show_page(page, id)``."""

    def show(page: StagePage, commission_id: str, *, size: tuple[int, int] = (1366, 700)) -> StagePage:
        qtbot.addWidget(page)
        page.resize(*size)
        page.set_commission(commission_id)
        page.show()
        qtbot.waitExposed(page)
        return page

    return show


@pytest.fixture
def example(database) -> str:
    """The worked example's id: on SQLite the test's file starts as a copy of one that holds it."""
    return perform(database, find_or_create_example).result


@pytest.fixture
def example_window(qtbot, database, settings, example) -> MainWindow:
    """The main window on the worked example at a small laptop's size, shown and active, as a facilitator has it.

    The example is in the database already (see ``example``), so "Open the example" finds it and opens it.
    """
    made = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    qtbot.mouseClick(made.welcome.example_button, Qt.MouseButton.LeftButton)
    with qtbot.waitActive(made):
        made.activateWindow()
    return made


@pytest.fixture
def projector(qtbot, commander):
    """The projector as a shown preview window."""
    from cocommission.ui.live.projector_window import ProjectorWindow

    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window
