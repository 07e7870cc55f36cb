"""The facilitator's main window: the welcome screen, or an open commission's workspace.

Message boxes, file choosers, the restore dialog and the background worker are loaded when first
used: Qt makes each widget class's enumerations as the class is first used from Python, and
starting the window needs none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget

from cocommission.db import Database, DatabaseError, open_database
from cocommission.services.commissions import create_commission, get_commission, list_commissions
from cocommission.services.text import plural
from cocommission.ui.backup_keeper import BackupKeeper
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.documents_menu import DocumentsMenu
from cocommission.ui.retention_reminder import remind_retention
from cocommission.ui.screen_fit import fit_to_screen
from cocommission.ui.settings import Settings
from cocommission.ui.stage_pages import StagePageMaker
from cocommission.ui.undo_actions import UndoRedoActions
from cocommission.ui.welcome_page import WelcomePage
from cocommission.ui.workspace import Workspace

if TYPE_CHECKING:
    from cocommission.ui.live.console_window import ConsoleWindow
    from cocommission.ui.live.projector_window import ProjectorWindow


#: The app backs a database file up each time it opens one.
_open_for_the_app = partial(open_database, backup_on_open=True)


class MainWindow(QMainWindow):
    """One window for the whole cycle; everything is saved as it is done."""

    def __init__(
        self,
        database: Database,
        settings: Settings,
        page_classes: Sequence[StagePageMaker],
        *,
        open_database_file: Callable[..., Database] = _open_for_the_app,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.bus = ChangeBus(self)
        self.bus.changes_applied.connect(self._retitle)
        self._page_classes = tuple(page_classes)
        self._open_database_file = open_database_file
        self.setWindowTitle(self.tr("CoCommission"))
        # A small laptop's size, or less on a smaller screen; the pages scroll when they need more.
        fit_to_screen(self, 1366, 768)
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
        self.backups: BackupKeeper | None = None
        self.history_actions: UndoRedoActions | None = None
        self._build_menus()
        self.use_database(database)

    # --- menus ------------------------------------------------------------

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self._add_action(file_menu, self.tr("&New commission…"), self.new_commission, QKeySequence.StandardKey.New)
        self._add_action(file_menu, self.tr("Open the e&xample"), self.open_example)
        self._add_action(file_menu, self.tr("&Commissions in this database"), self.show_welcome)
        file_menu.addSeparator()
        self._add_action(file_menu, self.tr("&Open database…"), self.choose_database, QKeySequence.StandardKey.Open)
        self._add_action(file_menu, self.tr("New data&base…"), self.choose_new_database)
        self.restore_action = self._add_action(file_menu, self.tr("&Restore from backup…"), self.restore_from_backup)
        self.encrypt_action = self._add_action(file_menu, self.tr("&Encrypt this database…"), self.encrypt_this_database)
        self.change_passphrase_action = self._add_action(
            file_menu, self.tr("C&hange passphrase…"), self.change_passphrase
        )
        self.decrypt_action = self._add_action(file_menu, self.tr("&Decrypt this database…"), self.decrypt_this_database)
        file_menu.addSeparator()
        self._add_action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        self.edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        live_menu = self.menuBar().addMenu(self.tr("Wor&kshop"))
        self.live_action = self._add_action(
            live_menu, self.tr("Open the &live console and projector"), self.open_live_console, QKeySequence("F5")
        )
        self.documents_menu = DocumentsMenu(self.settings, self)
        self.menuBar().addMenu(self.documents_menu)
        go_menu = self.menuBar().addMenu(self.tr("&Go"))
        for number, page_class in enumerate(self._page_classes[:9]):
            self._add_action(
                go_menu,
                # Pages name themselves in the user's words, so the menu says where it goes, not a number.
                self.tr(page_class.title).replace("&", "&&"),
                lambda checked=False, n=number: self.workspace and self.workspace.show_page(n),
                QKeySequence(f"Ctrl+{number + 1}"),
            )

    def open_live_console(self) -> None:
        """Open the laptop console for the open commission, with the projector window it drives."""
        if self.workspace is None or self.workspace.header.commission_id is None or self.commander is None:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.information(self, self.tr("Open a commission first"),
                                    self.tr("Choose a commission, then open the live console for its workshop."))
            return
        # Loaded on first use, so opening the app stays quick.
        from cocommission.ui.live.console_window import ConsoleWindow
        from cocommission.ui.live.placement import place_console
        from cocommission.ui.live.projector_window import ProjectorWindow

        self.close_live_console()
        self.projector = ProjectorWindow(self.commander, settings=self.settings)
        self.console = ConsoleWindow(self.commander, self.projector)
        # Feedback sheets and join cards printed while room voting is on carry its address in their QR codes.
        self.console.room.address_changed.connect(self.documents_menu.set_room_address)
        self.console.set_commission(self.workspace.header.commission_id)
        place_console(self.console)
        self.console.show()
        self.console.show_projector()

    def _may_leave_live_room(self, leave_text: str) -> bool:
        """Ask before a live round or unsaved typing on the console is cut short; True to go ahead."""
        if self.console is None or not self.console.isVisible():
            return True
        from cocommission.ui.live.leaving import confirm_leaving

        pages = self.workspace.made_pages() if self.workspace is not None else []
        typed = [text for page in pages if (text := page.unsaved_typing())]
        return confirm_leaving(self, self.console, leave_text=leave_text, also=typed)

    @property
    def room_address(self) -> str:
        """Where room voting is on (``http://HOST:PORT/``), or blank when it is off."""
        return self.documents_menu.room_address

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
        if self.backups is not None:
            self.backups.stop()
            self.backups.deleteLater()
        self.backups = BackupKeeper(database.path, self.bus, self, passphrase=database.passphrase)
        self.backups.failed.connect(lambda message: self.statusBar().showMessage(message))
        self.restore_action.setEnabled(database.path is not None)
        self.encrypt_action.setEnabled(database.path is not None and not database.encrypted)
        self.change_passphrase_action.setEnabled(database.path is not None and database.encrypted)
        self.decrypt_action.setEnabled(database.path is not None and database.encrypted)
        self.commander = Commander(database, self.bus, self)
        self.commander.failed.connect(self._show_problem)
        self.commander.history_moved.connect(self._show_history_step)
        self.edit_menu.clear()
        if self.history_actions is not None:
            self.history_actions.deleteLater()
        self.history_actions = UndoRedoActions(self.commander, self)
        self.undo_action = self.history_actions.undo
        self.redo_action = self.history_actions.redo
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
        self.workspace = Workspace(self.commander, self._page_classes, self.stack)
        self.stack.addWidget(self.workspace)
        self.show_welcome()
        if database.report.notices:
            # What the upgrade just changed, said once: it stays until the next message.
            self.statusBar().showMessage(" ".join(database.report.notices))

    def show_welcome(self) -> None:
        """Show the commissions in this database."""
        assert self.commander is not None
        commissions = self.commander.read(lambda session: list_commissions(session))
        path = self.database.path
        label = str(path) if path is not None else self.database.url.render_as_string(hide_password=True)
        if self.database.encrypted:
            label = self.tr("{location} (encrypted)").format(location=label)
        self.welcome.show_commissions(commissions, label)
        self.stack.setCurrentWidget(self.welcome)
        self.documents_menu.set_commission(None, None)
        self._show_title(None)

    def choose_database(self) -> None:
        """Ask for another database file and open it."""
        if not self._may_leave_live_room(self.tr("&Open another database")):
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a CoCommission database"), "", self.tr("CoCommission databases (*.sqlite);;All files (*)")
        )
        if path:
            self.switch_database(path)

    def choose_new_database(self) -> None:
        """Ask where to make a new, empty database and open it."""
        if not self._may_leave_live_room(self.tr("&Make a new database")):
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New CoCommission database"), "commission.sqlite", self.tr("CoCommission databases (*.sqlite)")
        )
        if path:
            self.switch_database(path)

    def switch_database(self, location: str, passphrase: str | None = None) -> bool:
        """Open the database at ``location`` (asking for its passphrase if it is encrypted), or explain why not."""
        try:
            database = self._open_database_file(location, passphrase=passphrase)
        except DatabaseError as exc:
            if exc.needs_passphrase:
                from cocommission.ui.passphrase_dialog import ask_passphrase

                typed = ask_passphrase(self, str(exc))
                return typed is not None and self.switch_database(location, typed)
            from PySide6.QtWidgets import QMessageBox

            from cocommission.ui.backups import offer_restore

            if exc.damaged_file is None:
                QMessageBox.warning(self, self.tr("Cannot open that database"), str(exc))
                return False
            damaged = exc.damaged_file
            return offer_restore(
                self,
                damaged,
                str(exc),
                lambda backup: self._restore_and_open(damaged, backup.path, passphrase),
                passphrase=passphrase,
            )
        self.settings.remember_database(location)
        self.use_database(database)
        return True

    def restore_from_backup(self) -> None:
        """Let the user pick one of this database's backups and go back to it."""
        if not self._may_leave_live_room(self.tr("&Restore anyway")):
            return
        from PySide6.QtWidgets import QMessageBox

        from cocommission.ui.backups import RestoreDialog

        path = self.database.path
        if path is None:
            QMessageBox.information(
                self,
                self.tr("Restore from backup"),
                self.tr("This is a server database; it is backed up by whoever runs the server."),
            )
            return
        dialog = RestoreDialog(path, self)
        if dialog.exec() and dialog.chosen is not None:
            self._restore_and_open(path, dialog.chosen, self.database.passphrase)

    def _restore_and_open(self, path: Path, backup: Path, passphrase: str | None = None) -> bool:
        """Close the database if it is this file, put the backup in its place, and open it."""
        from cocommission.ui.backups import restore_file

        open_path = self.database.path
        closed = open_path is not None and open_path.resolve() == path.resolve()
        if closed:
            # This window's own lock must go, or the restore would be refused as "open in another window".
            self._let_go_of_the_file()
        if not restore_file(self, path, backup, passphrase):
            if closed:
                self.switch_database(str(path), self.database.passphrase)
            return False
        return self.switch_database(str(path), passphrase)

    def encrypt_this_database(self) -> None:
        """Ask for a passphrase (with the warning that it cannot be recovered), encrypt the file, reopen it."""
        # Loaded on first use, so opening the app stays quick.
        from PySide6.QtWidgets import QMessageBox

        from cocommission.db.encryption import encrypt_database
        from cocommission.ui.encrypt_dialog import EncryptDialog

        path = self.database.path
        if path is None or self.database.encrypted or not self._may_leave_live_room(self.tr("&Encrypt anyway")):
            return
        passphrase = _ask_passphrases(EncryptDialog(path.name, self), lambda dialog: dialog.passphrase())
        if passphrase is None:
            return
        report = self._replace_file(lambda: encrypt_database(path, passphrase), passphrase, self.tr("Encrypting the database"))
        if report is None:
            return
        done = plural(
            report.backups_encrypted,
            self.tr("{file} is now encrypted, and so is its backup."),
            self.tr("{file} is now encrypted, and so are its {count} backups."),
            file=path.name,
        ) if report.backups_encrypted else self.tr("{file} is now encrypted.").format(file=path.name)
        QMessageBox.information(
            self,
            self.tr("The database is encrypted"),
            done + " " + self.tr(
                "You will be asked for the passphrase each time you open it; keep it where you wrote it down."
            ),
        )

    def change_passphrase(self) -> None:
        """Ask for the current passphrase and a new one (typed twice), re-key the file and its backups, reopen."""
        from PySide6.QtWidgets import QMessageBox

        from cocommission.db.encryption import change_passphrase
        from cocommission.ui.encrypt_dialog import EncryptDialog

        path = self.database.path
        if path is None or not self.database.encrypted or not self._may_leave_live_room(self.tr("&Change it anyway")):
            return
        given = _ask_passphrases(
            EncryptDialog(path.name, self, changing=True),
            lambda dialog: (dialog.current_passphrase(), dialog.passphrase()),
        )
        if given is None:
            return
        old, new = given
        report = self._replace_file(lambda: change_passphrase(path, old, new), new, self.tr("Changing the passphrase"))
        if report is None:
            return
        QMessageBox.information(
            self,
            self.tr("The passphrase is changed"),
            plural(
                report.backups_encrypted,
                self.tr("{file} and {count} backup now open with the new passphrase only; keep it where you wrote it down."),
                self.tr("{file} and {count} backups now open with the new passphrase only; keep it where you wrote it down."),
                file=path.name,
            ),
        )

    def decrypt_this_database(self) -> None:
        """Warn that the file will be readable by anyone, ask for the passphrase, decrypt the file and its backups."""
        from PySide6.QtWidgets import QMessageBox

        from cocommission.db.encryption import decrypt_database
        from cocommission.ui.encrypt_dialog import DecryptDialog

        path = self.database.path
        if path is None or not self.database.encrypted or not self._may_leave_live_room(self.tr("&Decrypt anyway")):
            return
        passphrase = _ask_passphrases(DecryptDialog(path.name, self), lambda dialog: dialog.passphrase())
        if passphrase is None:
            return
        report = self._replace_file(lambda: decrypt_database(path, passphrase), None, self.tr("Decrypting the database"))
        if report is None:
            return
        QMessageBox.information(
            self,
            self.tr("The database is no longer encrypted"),
            plural(
                report.backups_encrypted,
                self.tr("{file} and {count} backup are plain files now: anyone with this laptop can read them."),
                self.tr("{file} and {count} backups are plain files now: anyone with this laptop can read them."),
                file=path.name,
            ),
        )

    def _let_go_of_the_file(self) -> None:
        """Close the live room and the database, and stop the pages reading it while idle.

        A page left waiting by an edit would otherwise read the file while it is being replaced,
        without this window's lock, during the message that says why a replacement was refused.
        """
        self.close_live_console()
        if self.workspace is not None:
            self.workspace.stop_idle_work()
        self.database.close()

    def _replace_file(self, work, passphrase_after: str | None, title: str):
        """Close this window's hold on the file, run ``work`` (which replaces it), and reopen it.

        Returns what ``work`` returned, or None after showing why it was refused (the file is
        then reopened as it was, with the passphrase that opened it).
        """
        from PySide6.QtWidgets import QMessageBox

        from cocommission.db.lock import DatabaseBusy

        path = self.database.path
        assert path is not None
        passphrase_before = self.database.passphrase
        # This window's own shared lock must go first, or the change would be refused as "in use".
        self._let_go_of_the_file()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = work()
        except (DatabaseError, DatabaseBusy, OSError, ValueError) as exc:
            # OSError and ValueError come from finishing an earlier, interrupted replacement: the
            # window must not carry on with its database closed, so it reopens it either way.
            QApplication.restoreOverrideCursor()
            QMessageBox.warning(self, title, str(exc))
            self.switch_database(str(path), passphrase_before)
            return None
        QApplication.restoreOverrideCursor()
        if not self.switch_database(str(path), passphrase_after):
            return None
        return result

    # --- commissions --------------------------------------------------------

    def open_commission(self, commission_id: str) -> None:
        """Show one commission's workspace."""
        assert self.workspace is not None
        if self.workspace.header.commission_id != commission_id:
            if not self._may_leave_live_room(self.tr("&Open the other commission")):
                return
            self.close_live_console()
        self.workspace.open_commission(commission_id)
        self.stack.setCurrentWidget(self.workspace)
        # The header has just read the commission: its title is the one to show.
        summary = self.workspace.header.summary
        self._show_title(summary.title if summary is not None else self._open_commission_title())
        self.documents_menu.set_commission(self.commander, commission_id)
        self.settings.last_commission = commission_id
        self.bus.commission_opened.emit(commission_id)
        assert self.commander is not None
        remind_retention(self, self.commander, commission_id)

    def _open_commission_title(self) -> str | None:
        if self.workspace is None or self.commander is None or self.workspace.header.commission_id is None:
            return None
        return self.commander.read(get_commission, commission_id=self.workspace.header.commission_id).title

    def _retitle(self, changes, _initiator) -> None:
        # A renamed commission is renamed in the title bar too.
        if changes.touches("commission") and self.stack.currentWidget() is self.workspace:
            self._show_title(self._open_commission_title())

    def _show_title(self, commission_title: str | None) -> None:
        """Name the open commission in the title bar (its title only: never anyone's personal data)."""
        self.setWindowTitle(
            self.tr("{commission} — CoCommission").format(commission=commission_title)
            if commission_title
            else self.tr("CoCommission")
        )

    def open_example(self) -> None:
        """Add the worked example to this database and open it."""
        assert self.commander is not None
        # Imported here, and the example's story (services for every stage) only if it must be made.
        from cocommission.services.example import find_or_create_example

        commission_id = self.commander.run(find_or_create_example)
        if commission_id is not None:
            self.open_commission(commission_id)

    def new_commission(self) -> None:
        """Ask for a new commission's details, create it and open it."""
        assert self.commander is not None
        # Imported on first use: the form is not needed to start the window.
        from cocommission.ui.form_dialog import open_form
        from cocommission.ui.new_commission_dialog import NewCommissionDialog

        commander = self.commander
        dialog = NewCommissionDialog(self)
        self.new_commission_dialog = dialog

        def create() -> None:
            # A refusal is said in the form, which stays open with what was typed.
            made = commander.run(create_commission, **dialog.values) if dialog.values is not None else None
            if made is not None:
                self.open_commission(made.id)

        open_form(dialog, commander, create)

    def _show_history_step(self, message: str, widget: object, row_id: object) -> None:
        """After Undo or Redo: go to the page of the edit, choose its row, and say what was done."""
        if self.workspace is None or self.stack.currentWidget() is not self.workspace:
            self.statusBar().showMessage(message, 8000)
            return
        self.workspace.reveal(widget, row_id)
        self.workspace.banner.show_note(message)

    def _show_problem(self, message: str) -> None:
        # In the workspace the banner shows refusals; on the welcome screen a message box does.
        if self.stack.currentWidget() is self.welcome:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, self.tr("That did not work"), message)

    def closeEvent(self, event) -> None:
        if not self._may_leave_live_room(self.tr("&Quit anyway")):
            event.ignore()
            return
        self.close_live_console()
        # A document half laid out is dropped; the worker finishes before the database closes.
        self.documents_menu.set_commission(None, None)
        # Loaded here if no document or scan has loaded it: the worker is started by those alone.
        from cocommission.ui.background import cancel_background_work, wait_for_background_work

        cancel_background_work()
        wait_for_background_work()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.sync()
        if self.commander is not None:
            self.commander.database.close()
        super().closeEvent(event)


def _ask_passphrases(dialog, read):
    """Show a passphrase dialog; what ``read`` takes from it once accepted, else None.

    The dialog's fields are cleared and the dialog let go either way, so no passphrase stays
    in a widget longer than it is needed.
    """
    try:
        return read(dialog) if dialog.exec() else None
    finally:
        dialog.forget()
        dialog.deleteLater()
