"""The main window as a facilitator first meets it: welcome, the example, every stage page."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from cocommission.services.commissions import list_commissions
from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QPlainTextEdit,
    QTextEdit,
)


@pytest.fixture
def window(qtbot, database, settings):
    """The main window on an empty database, shown at a small laptop's size."""
    made = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    return made


@pytest.mark.on_postgresql_too
def test_open_the_example_shows_it_on_every_page(qtbot, window, database):
    """Clicking "Open the example" opens the demo commission and each of the seven pages shows it."""
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.workspace
    assert window.workspace.header.title.text() == "Youth Justice Talent Fund"
    assert "£20,000.00" in window.workspace.header.budget.text()
    for number, page in enumerate(window.workspace.page_widgets):
        window.workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
        assert page.commission_id == window.workspace.header.commission_id
    assert [page.title for page in window.workspace.page_widgets] == [
        "People",
        "Outcomes",
        "Priorities",
        "Tender",
        "Bids & interviews",
        "Decision",
        "Feedback & payments",
    ]


@pytest.mark.on_postgresql_too
def test_opening_the_example_twice_does_not_duplicate_it(qtbot, window, database):
    """ "Open the example" reuses the example already in the database."""
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    window.show_welcome()
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    with database.unit_of_work() as session:
        assert len(list_commissions(session)) == 1


def test_changing_the_stage_in_the_header_is_saved(qtbot, window, database, example):
    """Choosing a stage in the header commits it at once."""
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    combo = window.workspace.header.stage
    combo.setCurrentIndex(combo.findData("tender"))
    combo.activated.emit(combo.currentIndex())
    with database.unit_of_work() as session:
        assert list_commissions(session)[0].stage.value == "tender"


def test_the_stage_box_offers_to_move_on_when_the_work_has(qtbot, window, database):
    """Once outcome statements are written the header offers "Move on to Outcomes"; one click moves the stage."""
    from cocommission.services.commissions import create_commission
    from cocommission.services.outcomes import add_outcome
    from cocommission.services.perform import perform

    made = perform(database, create_commission, title="Skate park fund").result
    window.open_commission(made.id)
    header = window.workspace.header
    assert header.stage.currentText() == "People"
    assert not header.move_on.isVisible()
    window.commander.run(add_outcome, commission_id=made.id, text="Somewhere safe to go after school")
    assert header.move_on.isVisible()
    assert header.move_on.text() == "Move on to Outcomes"
    qtbot.mouseClick(header.move_on, Qt.MouseButton.LeftButton)
    assert header.stage.currentText() == "Outcomes"
    assert not header.move_on.isVisible()
    with database.unit_of_work() as session:
        assert list_commissions(session)[0].stage.value == "outcomes"


def test_the_window_title_names_the_open_commission(qtbot, window, database, example):
    """The title bar says which commission is open ("Title — CoCommission"), and just CoCommission on the welcome."""
    assert window.windowTitle() == "CoCommission"
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    assert window.windowTitle() == "Youth Justice Talent Fund — CoCommission"
    window.show_welcome()
    assert window.windowTitle() == "CoCommission"


def test_the_go_menu_names_each_page(qtbot, window):
    """The Go menu lists the pages by name, with Ctrl+1… in order."""
    go_menu = next(action.menu() for action in window.menuBar().actions() if action.text() == "&Go")
    names = [action.text().replace("&", "") for action in go_menu.actions()]
    assert names == [page.title.replace("&", "") for page in STAGE_PAGES]
    assert go_menu.actions()[3].shortcut().toString() == "Ctrl+4"


def _mnemonic(text: str) -> str | None:
    """The letter Alt opens in ``text`` ("&Go" -> "g"), or None; "&&" is a plain ampersand."""
    plain = text.replace("&&", "")
    at = plain.find("&")
    return plain[at + 1].casefold() if 0 <= at < len(plain) - 1 else None


def _mnemonic_clashes(window) -> dict[str, list[str]]:
    """Each Alt+letter that more than one visible menu, button, labelled field or tab answers to."""
    from PySide6.QtWidgets import QGroupBox, QLabel, QTabBar

    owners: dict[str, list[str]] = {}

    def note(text: str) -> None:
        letter = _mnemonic(text)
        if letter is not None:
            owners.setdefault(letter, []).append(text)

    for action in window.menuBar().actions():
        note(action.text())
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            note(widget.text())
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            note(widget.title())
        elif isinstance(widget, QTabBar):
            for index in range(widget.count()):
                note(widget.tabText(index))
    return {letter: texts for letter, texts in owners.items() if len(texts) > 1}


def test_every_alt_letter_opens_one_thing_on_every_page_and_tab(qtbot, window, example):
    """No Alt+letter is taken twice where a person can see it: menus, buttons, labels and tabs together."""
    from PySide6.QtWidgets import QTabWidget

    assert _mnemonic_clashes(window) == {}, "welcome screen"
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    for title in window.menuBar().actions():
        menu = title.menu()
        menu.aboutToShow.emit()
        letters = [_mnemonic(action.text()) for action in menu.actions() if _mnemonic(action.text())]
        assert len(letters) == len(set(letters)), title.text()
    for number, page in enumerate(window.workspace.page_widgets):
        window.workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
        assert _mnemonic_clashes(window) == {}, page.title
        for tabs in page.findChildren(QTabWidget):
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                if tabs.isVisibleTo(window):
                    assert _mnemonic_clashes(window) == {}, f"{page.title}: {tabs.tabText(index)}"


def test_tab_leaves_every_table_on_every_page(qtbot, window, example):
    """Tab moves on to the next control from every table, instead of stopping on each of its cells."""
    from PySide6.QtWidgets import QTableView

    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    for number, page in enumerate(window.workspace.page_widgets):
        window.workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
        stopping = [table.accessibleName() for table in page.findChildren(QTableView) if table.tabKeyNavigation()]
        assert stopping == [], page.title


def _accessible_name(widget: QWidget) -> str:
    """What a screen reader announces for ``widget``: its text, its buddy label or its accessible name."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return (interface.text(QAccessible.Text.Name) if interface is not None else "").strip()


def _inside_compound(widget: QWidget, root: QWidget) -> bool:
    """Qt's own parts of compound widgets (a spin box's line edit, a combo box's popup list, a table's
    corner button) are announced through their owner, so they need no name of their own."""
    if widget.objectName().startswith("qt_"):
        return True
    ancestor = widget.parent()
    while ancestor is not None and ancestor is not root:
        if isinstance(ancestor, (QAbstractSpinBox, QComboBox, QAbstractItemView)):
            return True
        ancestor = ancestor.parent()
    return False


def _unnamed_controls(root: QWidget) -> list[str]:
    problems = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or _inside_compound(widget, root):
            continue
        owner = widget.parent()
        if not _accessible_name(widget):
            problems.append(f"{type(widget).__name__} {widget.objectName()!r} in {type(owner).__name__}")
    return problems


def test_every_control_on_every_page_has_a_name(qtbot, window, example):
    """Each interactive control on the welcome screen and every page has visible text or an accessible name."""
    assert _unnamed_controls(window.welcome) == []
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    for number, page in enumerate(window.workspace.page_widgets):
        window.workspace.show_page(number)
        qtbot.waitUntil(page.isVisible)
        assert _unnamed_controls(page) == [], page.title
    assert _unnamed_controls(window.workspace.header) == []


@pytest.mark.on_postgresql_too
def test_undo_reverses_an_edit_made_on_a_page(qtbot, window, database, example):
    """Ctrl+Z through the Edit menu undoes the last edit made through the commander."""
    from cocommission.services.commissions import get_commission, update_commission
    from cocommission.ui.commands import ServiceCall

    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    commission_id = window.workspace.header.commission_id
    window.commander.edit(
        "Rename",
        do=ServiceCall(update_commission, {"commission_id": commission_id, "title": "Renamed"}),
        undo=ServiceCall(
            update_commission, {"commission_id": commission_id, "title": "Youth Justice Talent Fund"}
        ),
    )
    assert window.workspace.header.title.text() == "Renamed"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with database.unit_of_work() as session:
        assert get_commission(session, commission_id=commission_id).title == "Youth Justice Talent Fund"
    assert window.workspace.header.title.text() == "Youth Justice Talent Fund"


def test_the_workshop_menu_opens_the_console_and_projector_for_the_open_commission(qtbot, window, example):
    """F5 opens the live console on the open commission with a projector it drives; closing the window closes both."""
    qtbot.mouseClick(window.welcome.example_button, Qt.MouseButton.LeftButton)
    window.live_action.trigger()
    assert window.console is not None and window.console.isVisible()
    assert window.console.commission_id == window.workspace.header.commission_id
    assert window.projector is not None
    window.close()
    assert window.console is None and window.projector is None


def test_a_database_upgraded_on_opening_says_what_changed(qtbot, settings, tmp_path):
    """Opening a database the app has just upgraded shows the upgrade's notice in the window's status bar."""
    import shutil
    from pathlib import Path

    from cocommission.db import open_database

    path = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parents[1] / "db" / "samples" / "schema-0001.sqlite", path)
    database = open_database(path)
    made = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(made)
    assert "no longer name who cast them" in made.statusBar().currentMessage()
