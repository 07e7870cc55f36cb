"""Opening a commission makes the page on screen at once and the others while the app is idle.

Making all seven stage pages before the window appeared took most of the start-up; making them
only on first show would slow the first switch to each. These tests hold the window to doing
neither.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform
from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES
from cocommission.ui.workspace import MAKE_PAGES_AFTER_MS

#: Pages made while idle once read a database the test had already closed, on PostgreSQL first.
pytestmark = pytest.mark.on_postgresql_too


def _open_the_example(qtbot, database, settings) -> MainWindow:
    """A shown main window at a laptop's size in which "Open the example" has just been clicked."""
    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    return window


def test_the_page_on_screen_is_made_first_and_the_rest_while_idle(qtbot, database, settings, example):
    window = _open_the_example(qtbot, database, settings)
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


def test_only_the_page_on_screen_has_its_scroll_area_until_the_others_are_made(qtbot, database, settings, example):
    """A scroll area is a viewport and two scroll bars to style and lay out: opening the window makes one."""
    window = _open_the_example(qtbot, database, settings)
    workspace = window.workspace
    (people,) = workspace.made_pages()
    (area,) = workspace.pages.findChildren(QScrollArea, "pageScroller")
    assert area.widget() is people and workspace.pages.currentWidget() is area
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    areas = [workspace.pages.widget(number) for number in range(len(STAGE_PAGES))]
    assert [area.widget() for area in areas] == workspace.made_pages()
    assert workspace.pages.count() == len(STAGE_PAGES) and workspace.pages.currentWidget() is areas[0]


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
    window = _open_the_example(qtbot, database, settings)
    workspace = window.workspace
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    loaded_on_switch = []
    for number, page in enumerate(workspace.made_pages()):
        page.load = lambda page=page: loaded_on_switch.append(type(page).__name__)
        workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
    assert loaded_on_switch == []


def test_a_page_made_while_idle_is_laid_out_before_it_is_switched_to(qtbot, database, settings):
    """Laying out and a first paint happen while idle too, off screen: a first switch to the Outcomes
    page no longer sizes its columns and fits every row to its wrapped words."""
    window = _open_the_example(qtbot, database, settings)
    workspace = window.workspace
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    people, outcomes = workspace.made_pages()[:2]
    # Nothing of it reached the screen: the People page is still the one shown.
    assert people.isVisible() and not outcomes.isVisible()
    table = outcomes.table
    assert table.model().rowCount() > 0
    area = workspace.pages.widget(1)
    assert area.size() == workspace.pages.contentsRect().size()
    columns = [table.columnWidth(column) for column in range(table.model().columnCount())]
    rows = [table.rowHeight(row) for row in range(table.model().rowCount())]
    workspace.show_page(1)
    qtbot.waitUntil(outcomes.isVisible)
    qtbot.wait(50)  # the view's own delayed layout, were there any left to do
    assert [table.columnWidth(column) for column in range(table.model().columnCount())] == columns
    assert [table.rowHeight(row) for row in range(table.model().rowCount())] == rows


def test_a_page_a_change_left_waiting_catches_up_while_idle(qtbot, database, settings):
    """A statement added on the Outcomes page changes what the Priorities and Tender pages show; they read
    it again while the app is idle, after the change, so switching to either only paints it."""
    window = _open_the_example(qtbot, database, settings)
    workspace = window.workspace
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    workspace.show_page(1)
    outcomes = workspace.current_page()
    qtbot.waitUntil(outcomes.isVisible)
    loaded = []
    for page in workspace.made_pages():
        page_load = page.load

        def counted(page=page, page_load=page_load) -> None:
            loaded.append(type(page).__name__)
            page_load()

        page.load = counted
    outcomes.statement_input.setText("Somewhere warm to meet after school")
    outcomes.add_statement()
    qtbot.waitUntil(lambda: {"PrioritiesPage", "TenderPage"} <= set(loaded), timeout=5000)
    loaded.clear()
    for number in (2, 3):
        workspace.show_page(number)
        qtbot.waitUntil(workspace.current_page().isVisible)
    assert loaded == []


def test_pages_made_for_one_commission_read_the_next_one_opened_while_idle(qtbot, database, settings):
    """Opening another commission leaves the pages not on screen waiting to read it; they read it while
    idle, so the first switch to each only paints it, and it shows the commission now open."""
    window = _open_the_example(qtbot, database, settings)
    workspace = window.workspace
    qtbot.waitUntil(lambda: len(workspace.made_pages()) == len(STAGE_PAGES), timeout=20000)
    loaded = []
    for page in workspace.made_pages():
        page_load = page.load

        def counted(page=page, page_load=page_load) -> None:
            loaded.append(type(page).__name__)
            page_load()

        page.load = counted
    other = perform(database, create_commission, title="Skate park lighting").result
    window.open_commission(other.id)
    qtbot.waitUntil(lambda: len(loaded) == len(STAGE_PAGES), timeout=10000)
    loaded.clear()
    for number, page in enumerate(workspace.made_pages()):
        workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
        assert page.commission_id == other.id
    assert loaded == []


def test_no_page_is_made_or_read_while_the_file_is_let_go_of(qtbot, example_window, monkeypatch):
    """While the file is being replaced (encrypted, restored) the window holds no lock on it, and the
    message saying why a replacement was refused keeps the event loop turning: no page may read it then."""
    from PySide6.QtWidgets import QMessageBox

    if example_window.database.path is None:
        pytest.skip("a server database is not a file this laptop replaces")
    workspace = example_window.workspace
    made_before = len(workspace.made_pages())
    assert made_before < len(STAGE_PAGES)  # pages are still waiting to be made while idle
    made_during = []

    def refused(*_args, **_kwargs):
        qtbot.wait(3 * MAKE_PAGES_AFTER_MS)  # the message is up for a while; idle turns go by
        made_during.append(len(workspace.made_pages()))

    def replacement_refused():
        raise OSError("The disk is full.")

    monkeypatch.setattr(QMessageBox, "warning", refused)
    example_window._replace_file(replacement_refused, None, "Encrypting the database")
    assert made_during == [made_before]


def test_opening_a_commission_summarises_it_once_and_each_part_reads_it_once(qtbot, database, settings, example, monkeypatch):
    """The header, the People page and the title bar share one reading of the commission.

    Each part read the commission again (and its currencies twice over) in its own session: most
    of the queries the window made before its first paint.
    """
    from sqlalchemy import event

    from cocommission.services import commissions

    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    summarised: list[str] = []
    original = commissions.summarise

    def summarise_and_note(session, commission):
        summarised.append(commission.id)
        return original(session, commission)

    monkeypatch.setattr(commissions, "summarise", summarise_and_note)
    statements: list[str] = []

    def note(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(" ".join(statement.split()))

    event.listen(database.engine, "before_cursor_execute", note)
    try:
        window.open_commission(example)
    finally:
        event.remove(database.engine, "before_cursor_execute", note)
    assert summarised == [example]
    reads_of_the_commission = [text for text in statements if text.startswith("SELECT commission.id, commission.title")]
    # The header, the People page and the retention reminder each read in a session of their own.
    assert len(reads_of_the_commission) == 3
    currencies = [text for text in statements if "FROM currency" in text]
    assert len(currencies) == 2  # the summary's two in one go, and the People page's honoraria
    assert window.windowTitle().startswith(window.workspace.header.summary.title)
