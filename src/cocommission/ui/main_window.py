"""The facilitator's main window: the welcome screen, or an open commission's workspace."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QStackedWidget

from cocommission.db import Database, DatabaseError, open_database
from cocommission.services.commissions import create_commission, list_commissions
from cocommission.services.demo import find_or_create_example
from cocommission.ui.background import cancel_background_work, wait_for_background_work
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.documents_menu import DocumentsMenu
from cocommission.ui.new_commission_dialog import NewCommissionDialog
from cocommission.ui.pages.base import StagePage
from cocommission.ui.settings import Settings
from cocommission.ui.welcome_page import WelcomePage
from cocommission.ui.workspace import Workspace

if TYPE_CHECKING:
    from cocommission.ui.live.console_window import ConsoleWindow
    from cocommission.ui.live.projector_window import ProjectorWindow


class MainWindow(QMainWindow):
    """One window for the whole cycle; everything is saved as it is done."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        page_classes: Sequence[type[StagePage]],
        *,
        open_database_file: Callable[[str], Database] = open_database,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.bus = ChangeBus(self)
        self._page_classes = tuple(page_classes)
        self._open_database_file = open_database_file
        self.setWindowTitle(self.tr("CoCommission"))
        self.setMinimumSize(1000, 640)
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.welcome = WelcomePage(self.stack)
        self.stack.addWidget(self.welcome)
        self.welcome.open_requested.connect(self.open_commission)
        self.welcome.new_requested.connect(self.new_commission)
        self.welcome.example_requested.connect(self.open_example)
        self.welcome.open_database_requested.connect(self.choose_database)
        self.workspace: Workspace | None = None
        self.commander: Commander | None = None
        self.console: ConsoleWindow | None = None
        self.projector: ProjectorWindow | None = None
        self._build_menus()
        self.use_database(database)

    # --- menus ------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._add_action(file_menu, self.tr("&New commission…"), self.new_commission, QKeySequence.StandardKey.New)
        self._add_action(file_menu, self.tr("Open the &example"), self.open_example)
        self._add_action(file_menu, self.tr("&Commissions in this database"), self.show_welcome)
        file_menu.addSeparator()
        self._add_action(file_menu, self.tr("&Open database…"), self.choose_database, QKeySequence.StandardKey.Open)
        self._add_action(file_menu, self.tr("New data&base…"), self.choose_new_database)
        file_menu.addSeparator()
        self._add_action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        live_menu = self.menuBar().addMenu(self.tr("&Workshop"))
        self.live_action = self._add_action(
            live_menu, self.tr("Open the &live console and projector"), self.open_live_console, QKeySequence("F5")
        )
        self.documents_menu = DocumentsMenu(self.settings, self)
        self.menuBar().addMenu(self.documents_menu)
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number in range(7):
            self._add_action(
                go_menu,
                self.tr("Stage {number}").format(number=number + 1),
                lambda checked=False, n=number: self.workspace and self.workspace.show_page(n),
                QKeySequence(f"Ctrl+{number + 1}"),
            )

    def open_live_console(self) -> None:
        """Open the laptop console for the open commission, with the projector window it drives."""
        if self.workspace is None or self.workspace.header.commission_id is None or self.commander is None:
            QMessageBox.information(self, self.tr("Open a commission first"),
                                    self.tr("Choose a commission, then open the live console for its workshop."))
            return
        # Loaded on first use, so opening the app stays quick.
        from cocommission.ui.live.console_window import ConsoleWindow
        from cocommission.ui.live.projector_window import ProjectorWindow

        self.close_live_console()
        self.projector = ProjectorWindow(self.commander)
        self.console = ConsoleWindow(self.commander, self.projector)
        self.console.set_commission(self.workspace.header.commission_id)
        self.console.resize(1200, 720)
        self.console.show()

    def close_live_console(self) -> None:
        """Close the console and the projector (when switching commission or database, or quitting)."""
        for window in (self.console, self.projector):
            if window is not None:
                window.close()
                window.deleteLater()
        self.console = None
        self.projector = None

    def _add_action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # --- database -----------------------------------------------------------

    def use_database(self, database: Database) -> None:
        """Work in ``database`` from now on (the previous one is closed)."""
        self.close_live_console()
        if self.commander is not None:
            self.commander.database.close()
        self.database = database
        self.commander = Commander(database, self.bus, self)
        self.commander.failed.connect(self._show_problem)
        self.edit_menu.clear()
        undo = self.commander.undo_stack.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.commander.undo_stack.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence.StandardKey.Redo])
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
        self.workspace = Workspace(self.commander, self._page_classes, self.stack)
        self.stack.addWidget(self.workspace)
        self.show_welcome()

    def show_welcome(self) -> None:
        """Show the commissions in this database."""
        assert self.commander is not None
        commissions = self.commander.read(lambda session: list_commissions(session))
        path = self.database.path
        label = str(path) if path is not None else self.database.url.render_as_string(hide_password=True)
        self.welcome.show_commissions(commissions, label)
        self.stack.setCurrentWidget(self.welcome)
        self.documents_menu.set_commission(None, None)

    def choose_database(self) -> None:
        """Ask for another database file and open it."""
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a CoCommission database"), "", self.tr("CoCommission databases (*.sqlite);;All files (*)")
        )
        if path:
            self.switch_database(path)

    def choose_new_database(self) -> None:
        """Ask where to make a new, empty database and open it."""
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New CoCommission database"), "commission.sqlite", self.tr("CoCommission databases (*.sqlite)")
        )
        if path:
            self.switch_database(path)

    def switch_database(self, location: str) -> bool:
        """Open the database at ``location``, or explain why it cannot be opened."""
        try:
            database = self._open_database_file(location)
        except DatabaseError as exc:
            QMessageBox.warning(self, self.tr("Cannot open that database"), str(exc))
            return False
        self.settings.remember_database(location)
        self.use_database(database)
        return True

    # --- commissions --------------------------------------------------------

    def open_commission(self, commission_id: str) -> None:
        """Show one commission's workspace."""
        assert self.workspace is not None
        if self.workspace.header.commission_id != commission_id:
            self.close_live_console()
        self.workspace.open_commission(commission_id)
        self.stack.setCurrentWidget(self.workspace)
        self.documents_menu.set_commission(self.commander, commission_id)
        self.settings.last_commission = commission_id
        self.bus.commission_opened.emit(commission_id)

    def open_example(self) -> None:
        """Add the worked example to this database and open it."""
        assert self.commander is not None
        commission_id = self.commander.run(find_or_create_example)
        if commission_id is not None:
            self.open_commission(commission_id)

    def new_commission(self) -> None:
        """Ask for a new commission's details, create it and open it."""
        assert self.commander is not None
        dialog = NewCommissionDialog(self)
        if dialog.exec() and dialog.values is not None:
            made = self.commander.run(create_commission, **dialog.values)
            if made is not None:
                self.open_commission(made.id)

    def _show_problem(self, message: str) -> None:
        # In the workspace the banner shows refusals; on the welcome screen a message box does.
        if self.stack.currentWidget() is self.welcome:
            QMessageBox.warning(self, self.tr("That did not work"), message)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.close_live_console()
        # A document half laid out is dropped; the worker finishes before the database closes.
        self.documents_menu.set_commission(None, None)
        cancel_background_work()
        wait_for_background_work()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        if self.commander is not None:
            self.commander.database.close()
        super().closeEvent(event)
