"""Reading scanned feedback sheets back: printed sheets, scanned askew and noisy, name their own sheets."""

from __future__ import annotations

import random

import pypdfium2
import pytest
import qrcode
import zxingcpp
from PIL import Image, ImageDraw

from cocommission.export.feedback_sheets_pdf import feedback_sheets_pdf
from cocommission.export.scanning import (
    DAMAGED_CODE,
    NO_SHEET_CODE,
    NOT_A_SHEET,
    PageReading,
    problems_found,
    read_page,
    scan_files,
    sheets_found,
)
from cocommission.export.sheet_qr import sheet_qr_payload
from cocommission.services import feedback
from cocommission.services.demo import find_or_create_example
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform, read

SCAN_DPI = 150
#: How each printed page is "scanned": turned this many degrees, all within what a sheet feeder does.
ANGLES = (-4, 2, -3, 4, -2)


def _rendered_pages(pdf: bytes) -> list[Image.Image]:
    """Every page drawn at 150 dpi, in greyscale, as a scanner would see it."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            document[index].render(scale=SCAN_DPI / 72, grayscale=True).to_pil().convert("L")
            for index in range(len(document))
        ]
    finally:
        document.close()


def _scanned(page: Image.Image, *, angle: float, seed: int) -> Image.Image:
    """The page turned ``angle`` degrees, greyed by sensor noise and peppered with specks of dust."""
    chooser = random.Random(seed)
    turned = page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    noise = Image.frombytes("L", turned.size, chooser.randbytes(turned.width * turned.height))
    noisy = Image.blend(turned, noise, 0.2)
    pixels = noisy.load()
    for _ in range(noisy.width * noisy.height // 100):
        pixels[chooser.randrange(noisy.width), chooser.randrange(noisy.height)] = chooser.choice((0, 255))
    return noisy


def _blank_page(lines: int = 12) -> Image.Image:
    """A white A4 page at 150 dpi with some lines of "writing" and no QR code."""
    page = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(page)
    for line in range(lines):
        draw.line((120, 200 + 90 * line, 1100, 200 + 90 * line), fill=40, width=3)
    return page


def _page_with_qr(text: str) -> Image.Image:
    """A white A4 page at 150 dpi with a QR code holding ``text`` near its top right."""
    page = _blank_page(4)
    symbol = qrcode.make(text, box_size=8, border=4).get_image().convert("L")
    page.paste(symbol, (page.width - symbol.width - 100, 100))
    return page


@pytest.fixture
def example(database) -> str:
    """The worked example: five of its ten sheets are still out."""
    return perform(database, find_or_create_example).result


@pytest.fixture
def waiting_codes(database, example) -> list[str]:
    """The codes of the sheets still out, in the order they are printed."""
    sheets = read(database, lambda s: feedback.list_sheets(s, commission_id=example))
    return [sheet.code for sheet in sheets if sheet.returned_at is None]


@pytest.fixture
def printed_pages(database, example) -> list[Image.Image]:
    """The example's feedback sheets as printed, one picture per page."""
    return _rendered_pages(read(database, lambda s: feedback_sheets_pdf(s, commission_id=example)))


def test_every_printed_sheet_scanned_askew_and_noisy_is_read_back(tmp_path, printed_pages, waiting_codes):
    """Pages scanned at 150 dpi, 2–4 degrees askew, noisy, one as a rough JPEG, each name their own sheet."""
    files = []
    for number, (page, angle) in enumerate(zip(printed_pages, ANGLES, strict=True), start=1):
        scan = _scanned(page, angle=angle, seed=number)
        if number == 3:
            path = tmp_path / f"sheet-{number}.jpg"
            scan.save(path, "JPEG", quality=35)
        else:
            path = tmp_path / f"sheet-{number}.png"
            scan.save(path)
        files.append(path)
    told = []

    readings = scan_files(files, progress=lambda done, total: told.append((done, total)))

    assert [(r.source, r.page, r.code, r.problem) for r in readings] == [
        (str(path), 1, code, None) for path, code in zip(files, waiting_codes, strict=True)
    ]
    assert told == [(done, 5) for done in range(1, 6)]


def test_a_multi_page_scanned_pdf_is_read_page_by_page(tmp_path, printed_pages, waiting_codes):
    """A scanner's PDF of pictures gives one reading per page, numbered from 1, with problems in their place."""
    scans = [_scanned(page, angle=angle, seed=7) for page, angle in zip(printed_pages, ANGLES, strict=True)]
    scans.insert(2, _blank_page())
    path = tmp_path / "returned sheets.pdf"
    scans[0].save(path, "PDF", resolution=SCAN_DPI, save_all=True, append_images=scans[1:])

    readings = scan_files([path])

    assert [reading.page for reading in readings] == [1, 2, 3, 4, 5, 6]
    assert [reading.code for reading in readings] == [*waiting_codes[:2], None, *waiting_codes[2:]]
    assert readings[2] == PageReading(str(path), 3, problem=NO_SHEET_CODE)
    assert readings[2].where == f"{path}, page 3"


def test_pages_without_a_readable_sheet_code_say_what_is_wrong(printed_pages, waiting_codes):
    """A page with no QR code, someone else's QR code, or a sheet code that fails its check, each says so."""
    code = waiting_codes[0]
    wrong_check = code[:-1] + next(c for c in feedback.CODE_ALPHABET if c != code[-1])

    assert read_page(_blank_page(), source="a.png") == (PageReading("a.png", 1, problem=NO_SHEET_CODE),)
    assert read_page(_page_with_qr("https://example.org/flyer"))[0].problem == NOT_A_SHEET
    assert read_page(_page_with_qr(f"CC:{wrong_check}"))[0].problem == DAMAGED_CODE
    assert read_page(_page_with_qr(sheet_qr_payload(code)))[0].code == code


def test_a_coarse_speckled_scan_missed_at_first_is_read_after_cleaning_up(printed_pages, waiting_codes):
    """A 75 dpi scan thick with specks, which the QR reader misses as it is, is read on the cleaned-up retry."""
    page = printed_pages[0]
    smaller = page.resize((page.width // 2, page.height // 2), Image.Resampling.BILINEAR)
    smaller = smaller.rotate(3, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)

    def speckled(seed: int) -> Image.Image:
        coarse = smaller.copy()
        chooser = random.Random(seed)
        pixels = coarse.load()
        for _ in range(coarse.width * coarse.height // 5):
            spot = (chooser.randrange(coarse.width), chooser.randrange(coarse.height))
            pixels[spot] = chooser.choice((0, 255))
        return coarse

    # Whether the specks defeat the first read depends on where they fall on the code: take the first
    # scan that the reader misses as it is, so the test means something however the sheet is laid out.
    missed = next((coarse for coarse in map(speckled, range(11, 31)) if not zxingcpp.read_barcodes(coarse)), None)
    assert missed is not None, "the first read should miss one of these pages for the test to mean anything"
    assert read_page(missed) == (PageReading("", 1, code=waiting_codes[0]),)


def test_two_sheets_on_one_page_give_two_readings_and_repeats_count_once(printed_pages, waiting_codes):
    """Two sheets scanned side by side are both found; a sheet scanned twice is one sheet."""
    first, second = printed_pages[:2]
    both = Image.new("L", (first.width * 2, first.height), 255)
    both.paste(first, (0, 0))
    both.paste(second, (first.width, 0))

    readings = read_page(both, source="pair.png", page=4) + read_page(first, source="again.png")

    assert sorted(reading.code for reading in readings[:2]) == sorted(waiting_codes[:2])
    assert {reading.page for reading in readings[:2]} == {4}
    found = sheets_found(readings)
    assert sorted(reading.code for reading in found) == sorted(waiting_codes[:2])
    assert next(r for r in found if r.code == waiting_codes[0]).source == "pair.png"
    assert problems_found(readings) == ()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.pdf", None, "There is no file"),
        ("notes.txt", b"Feedback notes, typed up", "cannot be opened as a scan"),
        ("broken.pdf", b"%PDF-1.7\nthis is not really a PDF", "cannot be opened as a scan"),
        ("folder", "folder", "is a folder"),
    ],
)
def test_a_file_that_is_not_a_scan_is_refused_by_name_before_anything_is_read(
    tmp_path, printed_pages, name, content, message
):
    """A missing file, a folder, or one that is not a picture or PDF is refused, named, before any page is read."""
    good = tmp_path / "good.png"
    printed_pages[0].save(good)
    bad = tmp_path / name
    if content == "folder":
        bad.mkdir()
    elif content is not None:
        bad.write_bytes(content)
    told = []

    with pytest.raises(InvalidInput, match=message) as refused:
        scan_files([good, bad], progress=lambda done, total: told.append(done))

    assert str(bad) in refused.value.message
    assert told == []
