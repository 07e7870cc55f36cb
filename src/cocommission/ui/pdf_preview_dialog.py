"""Looking at a printed document before it goes to paper: its pages, zoom, print, save as PDF.

The pages are drawn with PDFium (pypdfium2, the engine Qt's own PDF module wraps) on the
background worker, both for the preview and for printing, so the window never freezes on a long
document. The PDF itself stays in memory: nothing is written until the facilitator saves it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QRectF, QSize, QSizeF, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cocommission.export.files import write_atomically
from cocommission.services.errors import ServiceError
from cocommission.services.text import plural
from cocommission.ui.background import BackgroundTask, Cancelled, Progress, run_in_background
from cocommission.ui.save_locations import suggested_path, with_suffix
from cocommission.ui.settings import Settings

#: Pages are drawn this sharp for the screen unless the document is long (see _preview_dpi).
PREVIEW_DPI = 150
#: Memory the drawn pages of one preview may take, so a long pack of sheets cannot fill the laptop.
PREVIEW_MEMORY = 160 * 1024 * 1024
#: Printing draws pages no sharper than this: finer costs memory (an A4 page at 1200 dpi is 550 MB)
#: without making type any easier to read.
PRINT_DPI_LIMIT = 300
#: On screen, 100% means a page at its real size on a 96 dpi display.
_SCREEN_DPI = 96
_ZOOM_STEP = 1.25
_ZOOM_RANGE = (0.25, 4.0)
_PAGE_GAP = 16
_BACKGROUND = QColor("#c9ced6")
_PAGE_EDGE = QColor("#8a919c")


@dataclass(frozen=True)
class PdfPages:
    """A PDF and pictures of its pages, made on the worker for the preview."""

    pdf: bytes
    #: Each page drawn as a picture, in order.
    images: tuple[QImage, ...]
    #: Each page's size in points (1/72 inch).
    sizes: tuple[QSizeF, ...]

    @property
    def page_count(self) -> int:
        """How many pages the document has."""
        return len(self.images)


def _preview_dpi(sizes: Sequence[tuple[float, float]]) -> float:
    """PREVIEW_DPI, or less when that many pages at that sharpness would take more than PREVIEW_MEMORY."""
    square_inches = sum(width * height for width, height in sizes) / (72 * 72)
    if square_inches <= 0:
        return PREVIEW_DPI
    return min(PREVIEW_DPI, math.sqrt(PREVIEW_MEMORY / (3 * square_inches)))


def _page_image(page: pdfium.PdfPage, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
    try:
        # Copied, so the picture owns its pixels once PDFium's bitmap is freed.
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, QImage.Format.Format_RGB888).copy()
    finally:
        bitmap.close()


def draw_pages(pdf: bytes, progress: Progress | None = None) -> PdfPages:
    """Draw every page of ``pdf`` for the screen, reporting each page to ``progress`` (runs on the worker)."""
    document = pdfium.PdfDocument(pdf)
    try:
        sizes = [document[index].get_size() for index in range(len(document))]
        dpi = _preview_dpi(sizes)
        images = []
        for index in range(len(document)):
            if progress is not None:
                progress(index, len(document))
            images.append(_page_image(document[index], dpi))
    finally:
        document.close()
    return PdfPages(pdf=pdf, images=tuple(images), sizes=tuple(QSizeF(w, h) for w, h in sizes))


def print_pages(
    pdf: bytes,
    printer: QPrinter,
    *,
    page_numbers: Sequence[int],
    copies: int = 1,
    collate: bool = True,
    progress: Progress | None = None,
) -> int:
    """Draw the given pages (1-based) of ``pdf`` onto ``printer``, ``copies`` times; return pages sent.

    Runs on the worker: painting onto a printer is allowed off the GUI thread.
    """
    if collate:
        order = [number for _ in range(copies) for number in page_numbers]
    else:
        order = [number for number in page_numbers for _ in range(copies)]
    dpi = min(printer.resolution(), PRINT_DPI_LIMIT)
    document = pdfium.PdfDocument(pdf)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise OSError("the printer could not be opened")
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        paper = printer.pageLayout().fullRectPixels(printer.resolution())
        for sent, number in enumerate(order):
            if progress is not None:
                progress(sent, len(order))
            if sent:
                printer.newPage()
            image = _page_image(document[number - 1], dpi)
            scaled = QSizeF(image.size()).scaled(QSizeF(paper.size()), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRectF(
                (paper.width() - scaled.width()) / 2, (paper.height() - scaled.height()) / 2,
                scaled.width(), scaled.height(),
            )
            painter.drawImage(target, image)
    except Cancelled:
        printer.abort()
        raise
    finally:
        if painter.isActive():
            painter.end()
        document.close()
    return len(order)


class _PagesCanvas(QWidget):
    """The pages one under another on a grey desk, drawn at the view's zoom."""

    def __init__(self, pages: PdfPages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages = pages
        self._scale = 1.0  # screen pixels per point
        self._cache: dict[int, QPixmap] = {}
        self.setAutoFillBackground(False)

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self._cache.clear()
        self.resize(self.sizeHint())
        self.update()

    def page_rect(self, index: int) -> QRectF:
        """Where page ``index`` is drawn, in the canvas's coordinates."""
        width = self._widest() * self._scale + 2 * _PAGE_GAP
        top = float(_PAGE_GAP)
        for earlier in range(index):
            top += self._pages.sizes[earlier].height() * self._scale + _PAGE_GAP
        size = self._pages.sizes[index] * self._scale
        return QRectF((width - size.width()) / 2, top, size.width(), size.height())

    def _widest(self) -> float:
        return max((size.width() for size in self._pages.sizes), default=595.0)

    def sizeHint(self) -> QSize:
        height = sum(size.height() * self._scale + _PAGE_GAP for size in self._pages.sizes) + _PAGE_GAP
        return QSize(math.ceil(self._widest() * self._scale + 2 * _PAGE_GAP), math.ceil(height))

    def _pixmap(self, index: int, size: QSizeF) -> QPixmap:
        cached = self._cache.get(index)
        if cached is None:
            ratio = self.devicePixelRatioF()
            wanted = QSize(max(1, round(size.width() * ratio)), max(1, round(size.height() * ratio)))
            cached = QPixmap.fromImage(
                self._pages.images[index].scaled(
                    wanted, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
            cached.setDevicePixelRatio(ratio)
            self._cache[index] = cached
        return cached

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(event.rect(), _BACKGROUND)
        for index in range(self._pages.page_count):
            rect = self.page_rect(index)
            if not rect.intersects(QRectF(event.rect())):
                continue
            painter.setPen(_PAGE_EDGE)
            painter.drawRect(rect.adjusted(-1, -1, 0, 0))
            painter.drawPixmap(rect.topLeft(), self._pixmap(index, rect.size()))
        painter.end()


class PdfPagesView(QScrollArea):
    """Every page of a document, scrolled through; zoom by steps, or fit the page width or the whole page."""

    current_page_changed = Signal(int)
    zoom_changed = Signal(float)

    def __init__(self, pages: PdfPages, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pages = pages
        self.canvas = _PagesCanvas(pages)
        self.setWidget(self.canvas)
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setBackgroundRole(self.canvas.backgroundRole())
        self.setStyleSheet(f"QScrollArea {{ background: {_BACKGROUND.name()}; }}")
        #: "width" or "page" while the zoom follows the window's size; None after zooming by hand.
        self._fit: str | None = "width"
        self._zoom = 1.0
        self._current = 0
        self.verticalScrollBar().valueChanged.connect(self._follow_scroll)

    @property
    def zoom(self) -> float:
        """How large the pages are drawn: 1.0 is their real size."""
        return self._zoom

    @property
    def fits_width(self) -> bool:
        """Whether the zoom follows the window so the page width always fits."""
        return self._fit == "width"

    @property
    def fits_page(self) -> bool:
        """Whether the zoom follows the window so a whole page always fits."""
        return self._fit == "page"

    @property
    def current_page(self) -> int:
        """The page (0-based) at the top of the view."""
        return self._current

    def fit_width(self) -> None:
        """Make the widest page fill the view's width, and keep it so as the window is resized."""
        self._fit = "width"
        self._apply_fit()

    def fit_page(self) -> None:
        """Show a whole page at once, and keep it so as the window is resized."""
        self._fit = "page"
        self._apply_fit()

    def zoom_in(self) -> None:
        """Draw the pages a step larger."""
        self.set_zoom(self._zoom * _ZOOM_STEP)

    def zoom_out(self) -> None:
        """Draw the pages a step smaller."""
        self.set_zoom(self._zoom / _ZOOM_STEP)

    def set_zoom(self, zoom: float) -> None:
        """Draw the pages at ``zoom`` (1.0 = real size), keeping the same page in view."""
        self._fit = None
        self._set_zoom(zoom)

    def show_page(self, index: int) -> None:
        """Scroll so page ``index`` (0-based) is at the top."""
        index = max(0, min(index, self.pages.page_count - 1))
        self.verticalScrollBar().setValue(round(self.canvas.page_rect(index).top()) - _PAGE_GAP // 2)
        self._set_current(index)

    def _set_zoom(self, zoom: float) -> None:
        zoom = max(_ZOOM_RANGE[0], min(_ZOOM_RANGE[1], zoom))
        page = self._current
        self._zoom = zoom
        self.canvas.set_scale(zoom * _SCREEN_DPI / 72)
        self.zoom_changed.emit(zoom)
        if page:
            self.show_page(page)

    def _apply_fit(self) -> None:
        points_to_pixels = _SCREEN_DPI / 72
        # One pixel spare, so rounding never makes the pages a pixel too wide and a scroll bar appear.
        width = self.viewport().width() - 2 * _PAGE_GAP - 1
        if width <= 0:
            return
        zoom = width / (self.canvas._widest() * points_to_pixels)
        if self._fit == "page":
            tallest = max((size.height() for size in self.pages.sizes), default=842.0)
            height = self.viewport().height() - 2 * _PAGE_GAP
            # A little narrower, so the vertical scroll bar never needs room the page is using.
            width -= self.verticalScrollBar().sizeHint().width()
            zoom = min(width / (self.canvas._widest() * points_to_pixels), height / (tallest * points_to_pixels))
        self._set_zoom(zoom)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self._fit is not None:
            self._apply_fit()

    def _follow_scroll(self, value: int) -> None:
        # The current page is the one under a line a third of the way down the view.
        line = value + self.viewport().height() / 3
        index = 0
        for candidate in range(self.pages.page_count):
            if self.canvas.page_rect(candidate).top() <= line:
                index = candidate
        self._set_current(index)

    def _set_current(self, index: int) -> None:
        if index != self._current:
            self._current = index
            self.current_page_changed.emit(index)


class PdfPreviewDialog(QDialog):
    """A printed document on screen, with Print… and Save as PDF…."""

    #: After Save as PDF… has written the file: the sentence saying where it went.
    saved = Signal(str)

    def __init__(
        self,
        pages: PdfPages,
        *,
        document_title: str,
        file_stem: str,
        commission_title: str,
        settings: Settings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.pages = pages
        self.document_title = document_title
        self.file_stem = file_stem
        self.commission_title = commission_title
        self.settings = settings
        self.printer: QPrinter | None = None
        self.print_task: BackgroundTask | None = None
        self._print_progress: QProgressDialog | None = None
        self.setWindowTitle(self.tr("{document} — {commission}").format(document=document_title,
                                                                          commission=commission_title))

        self.view = PdfPagesView(pages, self)
        self.view.setAccessibleName(self.tr("Pages of the {document}").format(document=document_title))
        self.zoom_out_button = self._tool_button(self.tr("Zoom &out"), self.view.zoom_out, QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_button = self._tool_button(self.tr("Zoom &in"), self.view.zoom_in, QKeySequence.StandardKey.ZoomIn)
        self.fit_button = self._tool_button(self.tr("&Fit to width"), self.view.fit_width)
        self.whole_page_button = self._tool_button(self.tr("&Whole page"), self.view.fit_page)
        self.zoom_label = QLabel(self)
        self.zoom_label.setObjectName("previewZoom")
        self.page_label = QLabel(self)
        self.page_label.setObjectName("previewPage")
        self.save_button = QPushButton(self.tr("&Save as PDF…"), self)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_as_pdf)
        self.print_button = QPushButton(self.tr("&Print…"), self)
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.print_document)
        self.open_folder_button = QPushButton(self.tr("Open the fol&der"), self)
        self.open_folder_button.setAutoDefault(False)
        self.open_folder_button.setToolTip(self.tr("Show the folder the PDF was saved in"))
        self.open_folder_button.clicked.connect(self.open_saved_folder)
        self.open_folder_button.hide()  # until something has been saved
        #: Where the PDF was last saved, if it has been.
        self.saved_path: Path | None = None
        self.close_button = QPushButton(self.tr("Close"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.status = QLabel(self)
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        self.status.hide()  # until there is something to say

        tools = QHBoxLayout()
        tools.addWidget(self.zoom_out_button)
        tools.addWidget(self.zoom_in_button)
        tools.addWidget(self.fit_button)
        tools.addWidget(self.whole_page_button)
        tools.addWidget(self.zoom_label)
        tools.addSpacing(16)
        tools.addWidget(self.page_label)
        tools.addStretch(1)
        tools.addWidget(self.save_button)
        tools.addWidget(self.print_button)
        tools.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.view, 1)
        saved_row = QHBoxLayout()
        saved_row.addWidget(self.status, 1)
        saved_row.addWidget(self.open_folder_button)
        layout.addLayout(saved_row)

        self.view.current_page_changed.connect(self._show_page_number)
        self.view.zoom_changed.connect(self._show_zoom)
        self._show_page_number(0)
        self._show_zoom(self.view.zoom)
        # Large enough to read a page, never taller than a small laptop's screen.
        available = self.screen().availableGeometry()
        self.resize(min(1000, round(available.width() * 0.9)), min(1000, round(available.height() * 0.9)))

    def _tool_button(self, text: str, slot, shortcut=None) -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        if shortcut is not None:
            button.setShortcut(shortcut)
        return button

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def _show_page_number(self, index: int) -> None:
        self.page_label.setText(self.tr("Page {page} of {pages}").format(page=index + 1, pages=self.pages.page_count))

    def _show_zoom(self, zoom: float) -> None:
        self.zoom_label.setText(self.tr("{percent}%").format(percent=round(zoom * 100)))

    # --- saving ---------------------------------------------------------------

    def suggested_path(self) -> Path:
        """Where Save as PDF… proposes to save: ``<file stem>-<commission>.pdf`` in the last folder used."""
        return suggested_path(self.settings, self.file_stem, self.commission_title, ".pdf")

    def save_as_pdf(self) -> Path | None:
        """Ask where to save the PDF and write it there; return where it went (None: not saved)."""
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the {document} as PDF").format(document=self.document_title),
            str(self.suggested_path()),
            self.tr("PDF documents (*.pdf)"),
        )
        if not chosen:
            return None
        target = with_suffix(chosen, ".pdf")
        try:
            write_atomically(target, self.pages.pdf)
        except ServiceError as exc:
            QMessageBox.warning(self, self.tr("The PDF was not saved"), exc.message)
            return None
        self.settings.save_folder = str(target.parent)
        # Said only now that the file is written, with the folder a click away.
        self.saved_path = target
        said = self.tr("Saved {file} in {folder}.").format(file=target.name, folder=target.parent)
        self._say(said)
        self.open_folder_button.show()
        self.saved.emit(said)
        return target

    def open_saved_folder(self) -> None:
        """Open the folder the PDF was saved in, in the system's file manager."""
        if self.saved_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved_path.parent)))

    # --- printing -------------------------------------------------------------

    def _printer(self) -> QPrinter:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            first = self.pages.sizes[0] if self.pages.sizes else QSizeF(595, 842)
            self.printer.setPageSize(QPageSize(first, QPageSize.Unit.Point))
            self.printer.setPageOrientation(
                QPageLayout.Orientation.Landscape if first.width() > first.height() else QPageLayout.Orientation.Portrait
            )
            self.printer.setDocName(self.windowTitle())
        return self.printer

    def print_document(self) -> None:
        """Ask which printer, pages and copies, then print on the worker with a progress bar."""
        if self.print_task is not None:
            return
        printer = self._printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the {document}").format(document=self.document_title))
        dialog.setMinMax(1, self.pages.page_count)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = list(range(1, self.pages.page_count + 1))
        ranges = printer.pageRanges()
        if printer.printRange() == QPrinter.PrintRange.PageRange and not ranges.isEmpty():
            pages = [number for number in pages if ranges.contains(number)]
        if not pages:
            QMessageBox.warning(self, self.tr("Nothing was printed"),
                                plural(self.pages.page_count,
                                       self.tr("The pages chosen are not in this document; it has {count} page."),
                                       self.tr("The pages chosen are not in this document; it has {count} pages.")))
            return
        # A printer that makes copies itself is sent one; a PDF file gets each copy drawn.
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        collate = printer.collateCopies()
        printer.setFullPage(True)
        pdf = self.pages.pdf
        self.print_button.setEnabled(False)
        self._print_progress = QProgressDialog(
            self.tr("Sending the {document} to the printer…").format(document=self.document_title),
            self.tr("Cancel"), 0, len(pages) * copies, self,
        )
        self._print_progress.setWindowTitle(self.tr("Printing"))
        self._print_progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._print_progress.setMinimumDuration(0)
        self._print_progress.setAutoClose(False)
        self._print_progress.setAutoReset(False)
        self.print_task = run_in_background(
            lambda progress: print_pages(pdf, printer, page_numbers=pages, copies=copies, collate=collate,
                                         progress=progress)
        )
        self.print_task.progressed.connect(self._print_progressed)
        self.print_task.succeeded.connect(self._printed)
        self.print_task.failed.connect(self._print_failed)
        self.print_task.ended.connect(self._print_ended)
        self._print_progress.canceled.connect(self.print_task.cancel)
        self._print_progress.show()

    def _print_progressed(self, done: int, total: int) -> None:
        if self._print_progress is not None:
            self._print_progress.setLabelText(
                self.tr("Sending page {page} of {pages} to the printer…").format(page=done + 1, pages=total)
            )
            self._print_progress.setValue(done)

    def _printed(self, sent: int) -> None:
        self._say(plural(sent, self.tr("Sent {count} page to the printer."), self.tr("Sent {count} pages to the printer.")))

    def _print_failed(self, error: BaseException) -> None:
        QMessageBox.warning(
            self, self.tr("The document was not printed"),
            self.tr("Printing stopped: {reason}. Check the printer is on and has paper, then try again.")
            .format(reason=error),
        )

    def _print_ended(self) -> None:
        if self.print_task is not None and self.print_task.cancelled:
            self._say(self.tr("Printing was cancelled."))
        self.print_task = None
        self.print_button.setEnabled(True)
        if self._print_progress is not None:
            self._print_progress.close()
            self._print_progress.deleteLater()
            self._print_progress = None

    def done(self, result: int) -> None:
        """Closing while printing stops the printing (the pages already sent are not recalled)."""
        if self.print_task is not None:
            self.print_task.cancel()
        super().done(result)
