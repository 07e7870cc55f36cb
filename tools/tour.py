"""Every window of the app in turn, filled with the worked example, as a facilitator would open it.

``make screenshots`` photographs each stop, and a test checks at each one that the window fits
the screen and that every button and field can be reached, at 1280×720 and at 200% scaling.
Each window is shown at the size the app itself gives it on the screen it runs on.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QStackedWidget, QTabWidget, QWidget
from tools.dialog_gallery import example_dialogs

from cocommission.db import open_database
from cocommission.ui.main_window import MainWindow
from cocommission.ui.settings import Settings
from cocommission.ui.stage_pages import STAGE_PAGES


@dataclass(frozen=True)
class Stop:
    """One place on the tour: a file-name-safe name, and the window showing it."""

    name: str
    window: QWidget
    #: What kind of stop it is: "welcome", "page", "tab", "console", "console-tab" or "dialog".
    kind: str


def slug(text: str) -> str:
    """A file-name-safe version of a page or tab title."""
    readable = text.replace("&&", "\0").replace("&", "").replace("\0", " and ")  # drop mnemonic markers
    return re.sub(r"[^a-z0-9]+", "-", readable.lower()).strip("-")


def settle(app: QApplication) -> None:
    """Let layouts and pending repaints finish before a window is looked at.

    A scroll area settles in a few rounds: showing a scroll bar narrows the view, and what wraps
    inside it is laid out again.
    """
    for _ in range(8):
        app.sendPostedEvents()
        app.processEvents()


def bring_forward(widget: QWidget) -> None:
    """Make the tab (and the tabs around it) that holds ``widget`` the current one."""
    child = widget
    parent = widget.parentWidget()
    while parent is not None:
        holder = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(holder, QTabWidget):
            holder.setCurrentWidget(child)
        child, parent = parent, holder


def _tabs_of(widget: QWidget, name: str, kind: str, window: QWidget, app: QApplication) -> Iterator[Stop]:
    """A stop for every tab inside ``widget`` that the stop at ``widget`` itself did not already show."""
    every = widget.findChildren(QTabWidget)
    shown = {id(tabs) for tabs in every if tabs.isVisible()}
    for tabs in every:
        for index in range(tabs.count()):
            if index == 0 and id(tabs) in shown:
                continue
            bring_forward(tabs.widget(index))
            settle(app)
            yield Stop(f"{name}-{slug(tabs.tabText(index))}", window, kind)
        tabs.setCurrentIndex(0)


def tour(app: QApplication, *, with_dialogs: bool = True, copying: Path | None = None) -> Iterator[Stop]:
    """Open the worked example in a new database and stop at every page, tab, the console and each dialog.

    ``copying`` is a database file that already holds the example: the tour starts from a copy of it
    instead of spending seconds building the example.
    """
    with tempfile.TemporaryDirectory() as scratch:
        if copying is not None:
            shutil.copy2(copying, Path(scratch) / "example.sqlite")
        database = open_database(Path(scratch) / "example.sqlite")
        settings = Settings(QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(database, settings, STAGE_PAGES)
        try:
            window.show()
            window.open_example()
            window.show_welcome()
            settle(app)
            yield Stop("00-welcome", window, "welcome")
            window.open_example()
            workspace = window.workspace
            assert workspace is not None
            for number, page in enumerate(workspace.page_widgets, start=1):
                workspace.show_page(number - 1)
                name = f"{number:02d}-{slug(page.title.replace('&', '&&'))}"
                settle(app)
                yield Stop(name, window, "page")
                yield from _tabs_of(page, name, "tab", window, app)
            window.open_live_console()
            console = window.console
            assert console is not None
            settle(app)
            yield Stop("console", console, "console")
            yield from _tabs_of(console, "console", "console-tab", console, app)
            if with_dialogs:
                commission_id = workspace.header.commission_id
                assert window.commander is not None and commission_id is not None
                for number, (name, dialog) in enumerate(
                    example_dialogs(window.commander, commission_id, window, settings=settings), start=1
                ):
                    dialog.show()
                    settle(app)
                    yield Stop(f"9{number:02d}-dialog-{name}", dialog, "dialog")
                    dialog.close()
                    dialog.deleteLater()
        finally:
            window.close()
            window.deleteLater()
            settle(app)
