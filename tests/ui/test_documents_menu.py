"""The Documents menu: every printed document previewed from the app, refusals explained, spreadsheets saved."""

from __future__ import annotations

import csv
import io
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from control_names import unnamed_controls
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton, QWidget

from cocommission.export.documents import DOCUMENTS, printed_document
from cocommission.export.tender_pdf import tender_pdf
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform, read
from cocommission.ui.background import cancel_background_work, wait_for_background_work
from cocommission.ui.documents_menu import DocumentsMenu
from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES


@pytest.fixture(autouse=True)
def _no_work_left_behind():
    """Every test ends with the worker idle."""
    yield
    cancel_background_work()
    assert wait_for_background_work()


@pytest.fixture
def window(qtbot, database, settings, example) -> MainWindow:
    """The main window on a database holding the worked example, none open yet, at a small laptop's size."""
    made = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitExposed(made)
    return made


def _action(menu: DocumentsMenu, kind: str):
    """The menu item for ``kind``, as the facilitator finds it on opening the menu."""
    menu.aboutToShow.emit()
    return next(action for action in menu.document_actions if action.data() == kind)


def test_menu_lists_every_printed_document_once_a_commission_is_open(window):
    """Documents has one item per printed document, with its purpose as the tip; usable only in a commission."""
    menu = window.documents_menu
    assert menu.document_actions == []  # the list is read when the menu is first opened
    menu.aboutToShow.emit()
    assert menu.title() == "&Documents"
    assert menu in [action.menu() for action in window.menuBar().actions()]
    assert [action.text() for action in menu.document_actions] == [f"{doc.title}…" for doc in DOCUMENTS]
    assert [action.toolTip() for action in menu.document_actions] == [doc.purpose for doc in DOCUMENTS]
    assert [action.statusTip() for action in menu.document_actions] == [doc.purpose for doc in DOCUMENTS]
    assert not any(action.isEnabled() for action in menu.actions() if not action.isSeparator())

    window.open_example()
    assert all(action.isEnabled() for action in menu.actions() if not action.isSeparator())
    assert "Save votes, scores and payments as &spreadsheet…" in [action.text() for action in menu.actions()]

    window.show_welcome()
    assert not any(action.isEnabled() for action in menu.actions() if not action.isSeparator())


def test_choosing_the_tender_opens_its_preview(qtbot, window, database):
    """Documents › Tender… lays the tender out in the background and opens a preview with all its pages."""
    window.open_example()
    commission_id = window.workspace.header.commission_id
    expected = len(PdfReader(io.BytesIO(read(database, lambda s: tender_pdf(s, commission_id=commission_id)))).pages)

    _action(window.documents_menu, "tender").trigger()
    assert window.documents_menu.task is not None  # laid out on the worker, not yet shown
    qtbot.waitUntil(lambda: window.documents_menu.preview is not None, timeout=30_000)

    preview = window.documents_menu.preview
    assert preview.isVisible()
    assert preview.pages.page_count == expected
    assert preview.page_label.text() == f"Page 1 of {expected}"
    assert preview.windowTitle() == "Tender — Youth Justice Talent Fund"
    assert preview.suggested_path().name == "tender-youth-justice-talent-fund.pdf"
    assert unnamed_controls(preview) == []
    qtbot.waitUntil(lambda: window.documents_menu.task is None)
    assert window.documents_menu.progress is None

    preview.close()
    assert window.documents_menu.preview is None


def test_saving_a_previewed_document_says_where_it_went_and_opens_the_folder(qtbot, window, tmp_path, monkeypatch):
    """After Save as PDF… the preview and the window say "Saved NAME.pdf in FOLDER", with a button to open it."""
    from PySide6.QtGui import QDesktopServices

    window.open_example()
    _action(window.documents_menu, "tender").trigger()
    qtbot.waitUntil(lambda: window.documents_menu.preview is not None, timeout=30_000)
    preview = window.documents_menu.preview
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(tmp_path / "for the council"), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    assert not preview.open_folder_button.isVisible()
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)

    said = f"Saved for the council.pdf in {tmp_path}."
    assert (tmp_path / "for the council.pdf").is_file()
    assert preview.status.text() == said
    assert window.workspace.banner.isVisible() and window.workspace.banner.text.text() == said
    assert preview.open_folder_button.isVisible()
    qtbot.mouseClick(preview.open_folder_button, Qt.MouseButton.LeftButton)
    assert [Path(folder) for folder in opened] == [tmp_path]
    preview.close()


def test_a_document_that_cannot_be_printed_yet_says_why_and_opens_nothing(qtbot, window, database):
    """The decision record of a commission with no decision shows the reason in the banner and no preview."""
    fresh = perform(database, create_commission, title="Summer Activities Fund").result.id
    window.open_commission(fresh)
    with pytest.raises(Exception) as refused:
        read(database, lambda s: printed_document("decision").prepare(s, commission_id=fresh))

    _action(window.documents_menu, "decision").trigger()

    banner = window.workspace.banner
    assert banner.isVisible()
    assert banner.text.text() == refused.value.message
    assert window.documents_menu.task is None
    assert window.documents_menu.preview is None
    assert _action(window.documents_menu, "decision").isEnabled()


class _BrokenLayout:
    """A document read fine whose layout fails on the worker."""

    def render(self) -> bytes:
        raise RuntimeError("a table is wider than the page")


def test_a_layout_that_fails_on_the_worker_shows_a_readable_message(qtbot, commander, problems, database, settings):
    """An error while laying out shows "could not be made" (never its words, which may quote a name)."""
    commission_id = perform(database, create_commission, title="Summer Activities Fund").result.id
    broken = replace(DOCUMENTS[0], kind="broken", title="Broken sheet", prepare=lambda s, commission_id: _BrokenLayout())
    host = QWidget()
    qtbot.addWidget(host)
    menu = DocumentsMenu(settings, host, documents=(broken,))
    menu.set_commission(commander, commission_id)
    menu.list_documents()

    menu.document_actions[0].trigger()
    qtbot.waitUntil(lambda: menu.task is None, timeout=30_000)

    assert problems == [
        (
            "The Broken sheet could not be made. Nothing was printed or saved; please try again."
        )
    ]
    assert menu.preview is None
    assert menu.document_actions[0].isEnabled()


class _SlowLayout:
    """A document whose layout waits until the test lets it finish."""

    def __init__(self, pdf: bytes) -> None:
        self.pdf = pdf
        self.started = threading.Event()
        self.release = threading.Event()

    def render(self) -> bytes:
        self.started.set()
        self.release.wait(30)
        return self.pdf


def test_cancelling_while_the_document_is_laid_out_opens_no_preview(
    qtbot, commander, problems, database, settings, example
):
    """Cancel in the progress window stops the document: no preview opens, no message, and the menu works again."""
    commission_id = example
    slow = _SlowLayout(read(database, lambda s: tender_pdf(s, commission_id=commission_id)))
    document = replace(DOCUMENTS[0], prepare=lambda s, commission_id: slow)
    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    menu = DocumentsMenu(settings, host, documents=(document,))
    menu.set_commission(commander, commission_id)
    menu.list_documents()

    menu.document_actions[0].trigger()
    assert slow.started.wait(30)
    assert not menu.document_actions[0].isEnabled()  # one document at a time
    qtbot.waitUntil(lambda: menu.progress is not None and menu.progress.isVisible())
    assert menu.progress.labelText() == "Preparing the Tender…"
    cancel = next(button for button in menu.progress.findChildren(QPushButton) if button.text() == "Cancel")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    slow.release.set()
    qtbot.waitUntil(lambda: menu.task is None, timeout=30_000)

    assert menu.preview is None
    assert menu.progress is None
    assert problems == []
    assert menu.document_actions[0].isEnabled()


def test_save_votes_scores_and_payments_as_a_spreadsheet(qtbot, window, tmp_path, settings, monkeypatch):
    """The spreadsheet item proposes a named .xlsx, writes a workbook with its sheets and says where it went."""
    window.open_example()
    offered: list[str] = []

    def choose(parent, caption, directory, file_filter):
        offered.append(directory)
        return str(tmp_path / "talent fund"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    window.documents_menu.spreadsheet_action.trigger()

    saved = tmp_path / "talent fund.xlsx"
    assert Path(offered[0]).name == "votes-scores-payments-youth-justice-talent-fund.xlsx"
    assert load_workbook(saved).sheetnames == ["votes", "scores", "bid_totals", "payments"]
    assert window.workspace.banner.text.text() == f"Saved the spreadsheet as {saved}."
    assert settings.save_folder == str(tmp_path)


def test_save_votes_scores_and_payments_as_csv_files(qtbot, window, tmp_path, monkeypatch):
    """The CSV item writes one file per table into a new, named folder inside the folder chosen."""
    window.open_example()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args: str(tmp_path))
    window.documents_menu.csv_action.trigger()

    folder = tmp_path / "votes-scores-payments-youth-justice-talent-fund"
    assert sorted(path.name for path in folder.iterdir()) == ["bid_totals.csv", "payments.csv", "scores.csv", "votes.csv"]
    with (folder / "payments.csv").open(encoding="utf-8-sig") as stream:
        assert next(csv.reader(stream))[:2] == ["Receipt", "Participant"]
    assert window.workspace.banner.text.text() == f"Saved 4 CSV files in {folder}."


def test_a_spreadsheet_saved_to_a_missing_folder_says_why(qtbot, window, tmp_path, monkeypatch):
    """Saving the workbook where no folder exists shows the reason in the banner and writes nothing."""
    window.open_example()
    target = tmp_path / "gone" / "scores.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    window.documents_menu.spreadsheet_action.trigger()

    assert window.workspace.banner.text.text() == (
        f"The folder {target.parent} does not exist; create it or choose another place to save."
    )
    assert not target.parent.exists()


def test_choosing_a_document_while_closing_the_window_does_not_crash(qtbot, window):
    """Closing the window while a document is laid out drops it cleanly."""
    window.open_example()
    _action(window.documents_menu, "decision").trigger()
    window.close()
    qtbot.wait(50)
    assert window.documents_menu.task is None or window.documents_menu.task.cancelled
    assert window.documents_menu.preview is None
