"""Scanning returned feedback sheets in the app: read on a worker, recorded, then keyed in one by one."""

from __future__ import annotations

import pypdfium2
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cocommission.export.feedback_sheets_pdf import plan_feedback_sheets
from cocommission.services import feedback
from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform
from cocommission.ui.pages.feedback_page import FeedbackPage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def example(database) -> str:
    """The worked example, with sheets issued and some still out."""
    return perform(database, find_or_create_example).result


@pytest.fixture
def page(show_page, commander, example) -> FeedbackPage:
    shown = show_page(FeedbackPage(commander), example, size=(1166, 618))
    shown.tabs.setCurrentWidget(shown.feedback_panel)
    return shown


@pytest.fixture
def scans(commander, example, tmp_path):
    """Two of the sheets still out, scanned at 150 dpi as PNGs, a blank page, and their codes."""
    pdf = commander.read(lambda s: plan_feedback_sheets(s, commission_id=example)).render()
    document = pypdfium2.PdfDocument(pdf)
    paths = []
    for index in range(2):
        path = tmp_path / f"scan-{index + 1}.png"
        document[index].render(scale=150 / 72, grayscale=True).to_pil().save(path)
        paths.append(path)
    document.close()
    blank = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(blank)
    waiting = [s.code for s in commander.read(feedback.list_sheets, commission_id=example) if s.returned_at is None]
    return paths, blank, waiting[:2]


def _answer_with(monkeypatch, button_text_start: str, shown: list[str]) -> None:
    def press(box: QMessageBox) -> int:
        shown.append(box.text())
        (button,) = [b for b in box.buttons() if b.text().startswith(button_text_start)]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press)


def test_scanned_sheets_are_marked_returned_and_their_forms_open_in_turn(
    qtbot, page, commander, example, scans, monkeypatch
):
    """Scanning two sheets and a blank page records the two, lists the blank page, then opens each form."""
    paths, blank, codes = scans
    sheets = page.feedback_panel.sheets_panel
    files = [str(paths[0]), str(blank), str(paths[1])]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *args, **kwargs: (files, ""))
    shown: list[str] = []
    _answer_with(monkeypatch, "Key in 2", shown)

    with qtbot.waitSignal(sheets.scanner.finished, timeout=30_000):
        qtbot.mouseClick(sheets.scan_button, Qt.MouseButton.LeftButton)

    assert "2 sheets read and marked returned (2 new, 0 already back)" in shown[0]
    assert f"{blank}, page 1: no sheet code found on this page" in shown[0]
    returned = {s.code for s in commander.read(feedback.list_sheets, commission_id=example) if s.returned_at}
    assert set(codes) <= returned
    first = sheets.dialog
    assert first is not None and first.isVisible() and first.sheet.code in codes
    first.reject()  # Escape stops the round: no second form opens
    qtbot.waitUntil(lambda: not first.isVisible())
    assert sheets.to_key_in == []


def test_a_file_that_is_not_a_scan_is_explained_and_nothing_is_recorded(
    qtbot, page, commander, example, tmp_path, monkeypatch
):
    """A text file among the scans: one readable message, no sheet marked returned."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a scan", encoding="utf-8")
    before = commander.read(feedback.list_sheets, commission_id=example)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: warned.append(text))
    sheets = page.feedback_panel.sheets_panel

    sheets.scanner.scan([str(notes)])
    qtbot.waitUntil(lambda: sheets.scanner.task is None, timeout=30_000)

    assert len(warned) == 1 and "notes.txt" in warned[0] and "PDF, PNG or JPEG" in warned[0]
    assert commander.read(feedback.list_sheets, commission_id=example) == before
