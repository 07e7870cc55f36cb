"""Render every page, tab and dialog of the worked example, and each projector scene, to PNG files.

Run by ``make screenshots``. The images in docs/screenshots/ show the README's reader what the
app looks like on a small laptop's 1366×768 screen; those named ``…-1280x720`` and ``…-200pct``
show the welcome screen, every page and the live console as they open on a 1280×720 screen and on
a 1920×1080 screen at 200% scaling (rendered at twice the pixels, as such a screen shows them).
Each screen size is rendered in a process of its own, because Qt fixes the screen when it starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from tools.dialog_gallery import example_dialogs
from tools.phone_screenshots import render_phone_pages
from tools.projector_screenshots import render_projector_scenes
from tools.tour import settle, slug, tour

from cocommission.db import open_database
from cocommission.ui.app import make_application
from cocommission.ui.main_window import MainWindow
from cocommission.ui.settings import Settings
from cocommission.ui.stage_pages import STAGE_PAGES
from cocommission.ui.style import apply_style, load_shipped_fonts

#: The project folder, from which ``python -m tools.screenshots`` runs.
PROJECT = Path(__file__).resolve().parents[1]
WINDOW_SIZE = (1366, 768)

#: The screens the app is photographed on: name in the file names → (width, height, scale factor).
SCREENS = {
    "1366x768": (1366, 768, 1),
    "1280x720": (1280, 720, 1),
    "200pct": (1920, 1080, 2),
}


def _save(widget: QWidget, target: Path, app: QApplication) -> Path:
    settle(app)
    widget.grab().save(str(target))
    print(target)
    return target


def render_all(folder: Path) -> list[Path]:
    """Render the welcome screen, every page and tab, and the dialogs at 1366×768; return the files written."""
    app = make_application()
    load_shipped_fonts(prefer=True)
    apply_style(app, font_scale=1.0, base_font=QFont(app.font()))
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        database = open_database(Path(scratch) / "example.sqlite")
        settings = Settings(QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(database, settings, STAGE_PAGES)
        window.resize(*WINDOW_SIZE)
        window.show()
        window.open_example()
        window.show_welcome()
        written.append(_save(window, folder / "00-welcome.png", app))
        window.open_example()
        for number, page in enumerate(window.workspace.page_widgets, start=1):
            window.workspace.show_page(number - 1)
            tabs = page.findChildren(QTabWidget)
            name = f"{number:02d}-{slug(page.title.replace('&', '&&'))}"
            written.append(_save(window, folder / f"{name}.png", app))
            for tab_widget in tabs[:1]:
                for index in range(1, tab_widget.count()):
                    tab_widget.setCurrentIndex(index)
                    tab_name = slug(tab_widget.tabText(index))
                    written.append(_save(window, folder / f"{name}-{tab_name}.png", app))
                tab_widget.setCurrentIndex(0)
        commission_id = window.workspace.header.commission_id
        for number, (name, dialog) in enumerate(
            example_dialogs(window.commander, commission_id, window, settings=settings), start=1
        ):
            dialog.show()
            written.append(_save(dialog, folder / f"9{number:02d}-dialog-{name}.png", app))
            dialog.close()
        window.close()
    return written


def render_screen_sizes(folder: Path, screen: str) -> list[Path]:
    """The welcome screen, every page and the console as they open on ``screen`` (a key of SCREENS)."""
    app = make_application()
    load_shipped_fonts(prefer=True)
    apply_style(app, font_scale=1.0, base_font=QFont(app.font()))
    folder.mkdir(parents=True, exist_ok=True)
    return [
        _save(stop.window, folder / f"{stop.name}-{screen}.png", app)
        for stop in tour(app, with_dialogs=False)
        if stop.kind in ("welcome", "page", "console")
    ]


def on_screen(screen: str, *arguments: str) -> None:
    """Run ``python -m tools.screenshots ARGUMENTS`` on an offscreen screen of ``screen``'s size and scale."""
    width, height, scale = SCREENS[screen]
    with tempfile.TemporaryDirectory() as scratch:
        config = Path(scratch) / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": screen, "x": 0, "y": 0, "width": width, "height": height}]}))
        environment = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "QT_SCALE_FACTOR": str(scale)}
        subprocess.run(
            [sys.executable, "-m", "tools.screenshots", *arguments], env=environment, check=True, cwd=PROJECT
        )


def main(argv: list[str] | None = None) -> int:
    """``python -m tools.screenshots FOLDER`` (``--screen NAME FOLDER``: one screen's pictures, in this process)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["--screen"]:
        screen, folder = arguments[1], Path(arguments[2] if len(arguments) > 2 else "docs/screenshots")
        if screen == "1366x768":
            render_all(folder)
        else:
            render_screen_sizes(folder, screen)
        return 0
    folder = Path(arguments[0]) if arguments else Path("docs/screenshots")
    for screen in SCREENS:
        on_screen(screen, "--screen", screen, str(folder))
    render_projector_scenes(folder)
    render_phone_pages(folder)
    render_pdf_first_pages(folder)
    return 0


def render_pdf_first_pages(folder: Path) -> list[Path]:
    """The first page of each printed document of the example, and of a subject access record, as PNGs."""
    import pypdfium2

    from cocommission.export.documents import DOCUMENTS
    from cocommission.export.subject_access_pdf import plan_subject_access
    from cocommission.services.demo import create_example_commission
    from cocommission.services.participants import list_participants
    from cocommission.services.perform import perform, read
    from cocommission.services.privacy import subject_access

    written = []
    with tempfile.TemporaryDirectory() as scratch:
        database = open_database(Path(scratch) / "example.sqlite")
        commission_id = perform(database, create_example_commission).result
        pdfs = [
            (document.kind, read(database, lambda s, d=document: d.pdf(s, commission_id=commission_id)))
            for document in DOCUMENTS
        ]
        first_young_person = read(database, lambda s: list_participants(s, commission_id=commission_id))[0]
        record = read(database, lambda s: subject_access(s, participant_id=first_young_person.id))
        pdfs.append(("subject-access", plan_subject_access(record).render()))
        database.close()
    for name, pdf in pdfs:
        document = pypdfium2.PdfDocument(pdf)
        target = folder / f"pdf-{name}.png"
        document[0].render(scale=80 / 72).to_pil().save(target)
        document.close()
        written.append(target)
        print(target)
    return written


if __name__ == "__main__":
    sys.exit(main())
