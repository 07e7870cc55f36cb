"""Starting the desktop app: the Qt application, the database, the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from cocommission import __version__, loading
from cocommission.db import DatabaseError, open_database
from cocommission.ui import translation
from cocommission.ui.main_window import MainWindow
from cocommission.ui.settings import Settings
from cocommission.ui.stage_pages import STAGE_PAGES
from cocommission.ui.style import apply_style, load_shipped_fonts


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication, named so QSettings and the desktop know the app."""
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("CoCommission")
    app.setOrganizationName("CoCommission")
    app.setApplicationVersion(__version__)
    translation.install()
    return app


def build_main_window(
    database_location: str | None, settings: Settings, passphrase: str | None = None
) -> MainWindow | None:
    """Open the database and make the window, or explain why the database cannot be opened.

    An encrypted database's passphrase is asked for until it opens the file or is cancelled.
    What is shown when a database cannot be opened is loaded only then, so a start that opens
    its database loads no message box or backup dialog.
    """
    try:
        database = open_database(database_location, passphrase=passphrase, backup_on_open=True)
    except DatabaseError as exc:
        if exc.needs_passphrase:
            # Loaded only for an encrypted database, so opening a plain one stays quick.
            from cocommission.ui.passphrase_dialog import ask_passphrase

            typed = ask_passphrase(None, str(exc))
            return None if typed is None else build_main_window(database_location, settings, typed)
        from PySide6.QtWidgets import QMessageBox

        from cocommission.ui.backups import offer_restore, restore_file

        damaged = exc.damaged_file
        if damaged is None:
            QMessageBox.critical(None, "CoCommission cannot open its database", str(exc))
            return None
        if not offer_restore(
            None, damaged, str(exc), lambda backup: restore_file(None, damaged, backup.path, passphrase), passphrase=passphrase
        ):
            return None
        return build_main_window(database_location, settings, passphrase)
    window = MainWindow(database, settings, STAGE_PAGES)
    if settings.window_geometry is not None:
        window.restoreGeometry(settings.window_geometry)
    return window


def run_app(*, database_location: str | None = None, passphrase: str | None = None) -> int:
    """Open the main window and run until it is closed; returns the exit status.

    ``passphrase`` (from the command line's file or environment) is tried first on an encrypted database.
    """
    app = make_application()
    settings = Settings()
    load_shipped_fonts()
    apply_style(app, font_scale=settings.font_scale, base_font=QFont(app.font()))
    window = build_main_window(database_location, settings, passphrase)
    if window is None:
        return 2
    window.show()
    # Loading is over once the window's first events are handled (see ``loading``).
    QTimer.singleShot(0, loading.resume)
    return app.exec()
