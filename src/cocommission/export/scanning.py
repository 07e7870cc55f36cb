"""Reading returned feedback sheets back from scans: the QR code on each page says which sheet it is.

Give it the files the scanner made — PNG or JPEG pictures (any picture Pillow opens,
multi-page TIFFs included) or PDFs of any number of pages — and it reads every QR code
on every page with zxing-cpp. Each page gives one ``PageReading`` per sheet found on it,
or one reading saying in words what is wrong with the page: no sheet code on it, a QR
code that belongs to something else, or a sheet code too damaged to read.

PDF pages are drawn at ``SCAN_DPI`` before reading. A page that gives no sheet code at
first is tried once more, cleaned up (speckles smoothed away, contrast stretched,
turned to pure black and white, and enlarged when small), which rescues most noisy or
faint scans; the QR reader itself copes with pages a few degrees askew.

Nothing here touches Qt or the database: the app runs ``scan_files`` on a worker with
the file names and records what it returns afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2
import zxingcpp
from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError

from cocommission.export.sheet_qr import sheet_code_from_qr
from cocommission.services.errors import InvalidInput

#: How finely PDF pages are drawn for reading: a sheet's QR module is then about 12 pixels.
SCAN_DPI = 200
#: Largest page drawn, in pixels, so a poster-sized PDF page cannot exhaust memory.
_MAX_PIXELS = 40_000_000
#: Pictures smaller than this on their longer side are enlarged for the second try.
_ENLARGE_BELOW = 2000

NO_SHEET_CODE = "no sheet code found on this page"
NOT_A_SHEET = "a QR code that is not a CoCommission sheet"
DAMAGED_CODE = "a damaged code that cannot be read"

#: Told how many pages have been read, out of how many, after each page.
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class PageReading:
    """What was read on one scanned page: a sheet code, or a problem in words.

    A page holding two sheets gives two readings; a page with none gives one with ``problem`` set.
    """

    #: The file as it was given.
    source: str
    #: 1 for the first page (or the only picture) of the file.
    page: int
    #: The sheet's code, checked and normalised (7 characters); None when there is a problem.
    code: str | None = None
    problem: str | None = None

    @property
    def where(self) -> str:
        """The file and page, for messages: ``scans.pdf, page 3``."""
        return f"{self.source}, page {self.page}"


def scan_files(
    paths: Sequence[str | os.PathLike[str]], *, progress: Progress | None = None
) -> tuple[PageReading, ...]:
    """Every sheet code on every page of the files, in file and page order.

    Every file is opened before any page is read, so a file that is missing or is not a
    picture or a PDF is refused (InvalidInput naming it) before any time is spent.
    """
    with ExitStack() as stack:
        files = [_open_scan(Path(path), stack) for path in paths]
        total = sum(scan.pages for scan in files)
        readings: list[PageReading] = []
        done = 0
        for scan in files:
            for number, image in enumerate(scan.images(), start=1):
                readings += read_page(image, source=scan.source, page=number)
                done += 1
                if progress is not None:
                    progress(done, total)
        return tuple(readings)


def read_page(image: Image.Image, *, source: str = "", page: int = 1) -> tuple[PageReading, ...]:
    """The sheet codes on one page's picture, or one reading naming the problem."""
    grey = image if image.mode == "L" else image.convert("L")
    codes, damaged, foreign = _read_codes(grey)
    if not codes:
        # Only a page that gave nothing is cleaned up and tried again: most pages read first time.
        codes, damaged_again, foreign_again = _read_codes(_cleaned(grey))
        damaged, foreign = damaged or damaged_again, foreign or foreign_again
    if codes:
        return tuple(PageReading(source, page, code=code) for code in codes)
    problem = DAMAGED_CODE if damaged else NOT_A_SHEET if foreign else NO_SHEET_CODE
    return (PageReading(source, page, problem=problem),)


def sheets_found(readings: Sequence[PageReading]) -> tuple[PageReading, ...]:
    """Each sheet once, where first found: a page scanned twice, or a sheet's second page, adds nothing."""
    first: dict[str, PageReading] = {}
    for reading in readings:
        if reading.code is not None:
            first.setdefault(reading.code, reading)
    return tuple(first.values())


def problems_found(readings: Sequence[PageReading]) -> tuple[PageReading, ...]:
    """The pages that gave no sheet code, with what is wrong with each."""
    return tuple(reading for reading in readings if reading.problem is not None)


# --------------------------------------------------------------------------- reading codes


def _read_codes(image: Image.Image) -> tuple[list[str], bool, bool]:
    """The sheet codes found (each once), and whether a damaged or a foreign QR code was seen."""
    codes: list[str] = []
    damaged = foreign = False
    # One format is taken as a set of one; zxing-cpp's stubs only say so for BarcodeFormats.
    qr_only: Any = zxingcpp.BarcodeFormat.QRCode
    for barcode in zxingcpp.read_barcodes(image, formats=qr_only, return_errors=True):
        if barcode.error is not None:
            damaged = True
            continue
        try:
            code = sheet_code_from_qr(barcode.text)
        except InvalidInput:
            damaged = True
            continue
        if code is None:
            foreign = True
        elif code not in codes:
            codes.append(code)
    return codes, damaged, foreign


def _cleaned(image: Image.Image) -> Image.Image:
    """The page smoothed of speckles, stretched to full contrast and made pure black and white."""
    smooth = image.filter(ImageFilter.MedianFilter(3))
    if max(smooth.size) < _ENLARGE_BELOW:
        smooth = smooth.resize((smooth.width * 2, smooth.height * 2), Image.Resampling.BICUBIC)
    stretched = ImageOps.autocontrast(smooth, cutoff=1)
    return stretched.point(lambda value: 255 if value >= 128 else 0)


# --------------------------------------------------------------------------- opening files


@dataclass(frozen=True)
class _OpenedScan:
    source: str
    pages: int
    images: Callable[[], Iterator[Image.Image]]


def _open_scan(path: Path, stack: ExitStack) -> _OpenedScan:
    source = str(path)
    if not path.exists():
        raise InvalidInput(f"There is no file {source}; check the name of the scan.")
    if path.is_dir():
        raise InvalidInput(f"{source} is a folder; give the scanned files inside it.")
    try:
        with path.open("rb") as stream:
            start = stream.read(1024)
    except OSError as exc:
        raise InvalidInput(f"Cannot read {source}: {exc.strerror}.") from None
    if b"%PDF-" in start:
        return _open_pdf(path, source, stack)
    return _open_picture(path, source, stack)


def _not_a_scan(source: str) -> InvalidInput:
    return InvalidInput(f"{source} cannot be opened as a scan; give PDF, PNG or JPEG files from the scanner.")


def _open_pdf(path: Path, source: str, stack: ExitStack) -> _OpenedScan:
    try:
        document = pypdfium2.PdfDocument(path)
    except pypdfium2.PdfiumError:
        raise _not_a_scan(source) from None
    stack.callback(document.close)
    if len(document) == 0:
        raise InvalidInput(f"{source} has no pages; scan the sheets again.")

    def images() -> Iterator[Image.Image]:
        for index in range(len(document)):
            page = document[index]
            try:
                width, height = page.get_size()
                scale = SCAN_DPI / 72
                pixels = width * height * scale * scale
                if pixels > _MAX_PIXELS:
                    scale *= (_MAX_PIXELS / pixels) ** 0.5
                yield page.render(scale=scale, grayscale=True).to_pil()
            except pypdfium2.PdfiumError:
                raise InvalidInput(f"Page {index + 1} of {source} cannot be read; scan it again.") from None
            finally:
                page.close()

    return _OpenedScan(source, len(document), images)


def _open_picture(path: Path, source: str, stack: ExitStack) -> _OpenedScan:
    try:
        picture = Image.open(path)
        stack.callback(picture.close)
        picture.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise _not_a_scan(source) from None
    frames = getattr(picture, "n_frames", 1)

    def images() -> Iterator[Image.Image]:
        for index in range(frames):
            try:
                picture.seek(index)
                # A photo taken on its side is turned upright as its camera recorded.
                upright = ImageOps.exif_transpose(picture)
                yield upright.convert("L")
            except (OSError, SyntaxError, ValueError):
                raise InvalidInput(f"Page {index + 1} of {source} cannot be read; scan it again.") from None

    return _OpenedScan(source, frames, images)
