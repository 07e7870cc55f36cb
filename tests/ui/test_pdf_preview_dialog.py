"""The preview of a printed document: its pages, zoom, Save as PDF… and Print… as a facilitator uses them."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from control_names import unnamed_controls
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from cocommission.export.tender_pdf import tender_pdf
from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform, read
from cocommission.ui.background import cancel_background_work, wait_for_background_work
from cocommission.ui.pdf_preview_dialog import PdfPreviewDialog, draw_pages


@pytest.fixture(autouse=True)
def _no_work_left_behind():
    """Every test ends with the worker idle."""
    yield
    cancel_background_work()
    assert wait_for_background_work()


@pytest.fixture(scope="module")
def tender(tmp_path_factory, example_sqlite_file) -> bytes:
    """The worked example's tender as a PDF."""
    from cocommission.db import open_database

    path = tmp_path_factory.mktemp("tender") / "example.sqlite"
    shutil.copy2(example_sqlite_file, path)
    database = open_database(path)
    commission_id = perform(database, find_or_create_example).result
    pdf = read(database, lambda session: tender_pdf(session, commission_id=commission_id))
    database.close()
    return pdf


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def preview(qtbot, tender, settings) -> PdfPreviewDialog:
    """The tender's preview, on screen."""
    dialog = PdfPreviewDialog(
        draw_pages(tender),
        document_title="Tender",
        file_stem="tender",
        commission_title="Youth Justice Talent Fund",
        settings=settings,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_preview_shows_every_page_and_which_one_is_in_view(qtbot, preview, tender):
    """The preview has every page of the PDF, says "Page 1 of N", and follows the page scrolled to."""
    pages = _page_count(tender)
    assert pages > 1
    assert preview.pages.page_count == pages
    assert preview.page_label.text() == f"Page 1 of {pages}"

    preview.view.show_page(pages - 1)
    assert preview.page_label.text() == f"Page {pages} of {pages}"
    assert preview.windowTitle() == "Tender — Youth Justice Talent Fund"
    assert unnamed_controls(preview) == []


def test_pages_fit_the_width_and_zoom_in_and_out(qtbot, preview):
    """The page first fills the window's width; zoom in and out change the size, Fit to width restores it."""
    canvas = preview.view.canvas
    viewport = preview.view.viewport().width()
    assert preview.view.fits_width
    assert viewport - 40 <= canvas.width() <= viewport
    fitted = preview.view.zoom

    qtbot.mouseClick(preview.zoom_in_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoom > fitted
    assert canvas.width() > viewport
    assert preview.zoom_label.text() == f"{round(preview.view.zoom * 100)}%"
    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(preview.zoom_out_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoom < fitted

    qtbot.mouseClick(preview.fit_button, Qt.MouseButton.LeftButton)
    assert preview.view.zoom == pytest.approx(fitted)


def test_whole_page_shows_a_full_page_in_the_window(qtbot, preview):
    """Whole page shrinks the pages until one fits in the window top to bottom, and stays so on resizing."""
    qtbot.mouseClick(preview.whole_page_button, Qt.MouseButton.LeftButton)
    assert preview.view.fits_page
    assert preview.view.canvas.page_rect(0).height() <= preview.view.viewport().height()

    preview.resize(preview.width(), preview.height() - 150)
    qtbot.waitUntil(lambda: preview.view.canvas.page_rect(0).height() <= preview.view.viewport().height())
    assert preview.view.canvas.page_rect(0).height() > preview.view.viewport().height() - 60


def test_pages_are_drawn_not_blank(preview):
    """Each page picture has the document's dark type on it, not just white paper."""
    for image in preview.pages.images:
        darkest = min(
            image.pixelColor(x, y).lightness()
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        )
        assert darkest < 100


def test_save_as_pdf_writes_the_document_where_chosen(qtbot, preview, tender, tmp_path, settings, monkeypatch):
    """Save as PDF… proposes "tender-<commission>.pdf", writes the same PDF, and remembers the folder."""
    offered: list[str] = []

    def choose(parent, caption, directory, file_filter):
        offered.append(directory)
        return str(tmp_path / "for the council"), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)

    saved = tmp_path / "for the council.pdf"
    assert Path(offered[0]).name == "tender-youth-justice-talent-fund.pdf"
    assert saved.read_bytes() == tender
    assert _page_count(saved.read_bytes()) == preview.pages.page_count
    assert settings.save_folder == str(tmp_path)
    assert preview.status.isVisible()
    assert preview.status.text() == f"Saved for the council.pdf in {tmp_path}."
    assert preview.suggested_path() == tmp_path / "tender-youth-justice-talent-fund.pdf"


def test_save_as_pdf_to_a_missing_folder_says_why_and_writes_nothing(qtbot, preview, tmp_path, settings, monkeypatch):
    """Saving into a folder that does not exist shows a readable message and leaves no file behind."""
    warnings: list[str] = []
    target = tmp_path / "gone" / "tender.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)

    assert warnings == [f"The folder {target.parent} does not exist; create it or choose another place to save."]
    assert not target.parent.exists()
    assert not [path for path in tmp_path.rglob("*") if "pdf" in path.name]
    assert settings.save_folder is None


def _print_to(preview: PdfPreviewDialog, path: Path, monkeypatch) -> QPrinter:
    """Point the preview's printer at a PDF file and make the print dialog answer "Print"."""
    printer = preview._printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    return printer


def test_print_sends_every_page(qtbot, preview, tmp_path, monkeypatch):
    """Print… draws every page onto the printer (here a PDF file): the same number of A4 pages."""
    output = tmp_path / "printed.pdf"
    _print_to(preview, output, monkeypatch)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.print_task is None, timeout=30_000)

    printed = PdfReader(str(output))
    assert len(printed.pages) == preview.pages.page_count
    width, height = float(printed.pages[0].mediabox.width), float(printed.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)
    assert preview.status.text() == f"Sent {preview.pages.page_count} pages to the printer."
    assert preview.print_button.isEnabled()


def test_print_keeps_to_the_pages_and_copies_chosen(qtbot, preview, tmp_path, monkeypatch):
    """Pages 2 to 3, two copies, printed to a file that cannot make copies itself: four pages."""
    output = tmp_path / "two-pages-twice.pdf"
    printer = _print_to(preview, output, monkeypatch)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    printer.setCopyCount(2)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.print_task is None, timeout=30_000)

    assert len(PdfReader(str(output)).pages) == 4


@pytest.mark.qt_log_ignore("QPainter::begin", "QPdfWriter", "QPrinter")
def test_a_printer_that_cannot_be_opened_says_so(qtbot, preview, tmp_path, monkeypatch):
    """When the printer cannot be opened the facilitator is told to check it, and can print again."""
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    _print_to(preview, tmp_path / "no such folder" / "printed.pdf", monkeypatch)
    qtbot.mouseClick(preview.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: preview.print_task is None, timeout=30_000)

    assert warnings == [
        "Printing stopped: the printer could not be opened. Check the printer is on and has paper, then try again."
    ]
    assert preview.print_button.isEnabled()
