"""Opening a commission makes the page on screen at once and the others while the app is idle.

Making all seven stage pages before the window appeared took most of the start-up; making them
only on first show would slow the first switch to each. These tests hold the window to doing
neither.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES
from cocommission.ui.workspace import MAKE_PAGES_AFTER_MS

#: Pages made while idle once read a database the test had already closed, on PostgreSQL first.
pytestmark = pytest.mark.on_postgresql_too


def test_the_page_on_screen_is_made_first_and_the_rest_while_idle(qtbot, database, settings, example):
    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    workspace = window.workspace
    made = workspace.made_pages()
    assert [type(page).__name__ for page in made] == ["PeoplePage"]
    assert workspace.current_page() is made[0] and made[0].isVisible()
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    # Each page made while idle shows the open commission once it is switched to.
    for number, page in enumerate(workspace.made_pages()):
        assert page.commission_id == workspace.header.commission_id
        workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
        assert workspace.current_page() is page


def test_a_closed_window_makes_no_more_pages(qtbot, example_window):
    """Once the window is closed nothing more is read: a page made after closing would read a database
    the app may already have let go of."""
    workspace = example_window.workspace
    made = [type(page).__name__ for page in workspace.made_pages()]
    example_window.close()
    qtbot.wait(2 * MAKE_PAGES_AFTER_MS)  # past the next idle turn and several more
    assert [type(page).__name__ for page in workspace.made_pages()] == made


def test_a_page_made_while_idle_has_read_its_commission_before_it_is_switched_to(qtbot, database, settings):
    """Reading happens while idle too, so the first switch to a page only paints it."""
    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    workspace = window.workspace
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    loaded_on_switch = []
    for number, page in enumerate(workspace.made_pages()):
        page.load = lambda page=page: loaded_on_switch.append(type(page).__name__)
        workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
    assert loaded_on_switch == []
