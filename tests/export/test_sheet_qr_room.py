"""A feedback sheet's QR code in both forms: ``CC:`` for the scanner, the room's link while room voting is on."""

from __future__ import annotations

import random

import pypdfium2
import pytest
from PIL import Image

from cocommission.export.feedback_sheets_pdf import ON_YOUR_PHONE, feedback_sheets_pdf, plan_feedback_sheets
from cocommission.export.scanning import DAMAGED_CODE, NOT_A_SHEET, read_page, scan_files, sheets_found
from cocommission.export.sheet_qr import check_room_address, sheet_code_from_qr, sheet_qr_payload
from cocommission.services import feedback
from cocommission.services.demo import find_or_create_example
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform, read

ROOM = "http://192.168.1.20:8470/"
# One code for every test process: the tests are parametrised by it, and xdist compares their names.
CODE = feedback.make_sheet_code(random.Random(15))


def _damaged(code: str) -> str:
    """``code`` with its check character changed: a misprint the check catches."""
    wrong = feedback.CODE_ALPHABET[(feedback.CODE_ALPHABET.index(code[-1]) + 1) % len(feedback.CODE_ALPHABET)]
    return code[:-1] + wrong


def test_without_room_voting_the_qr_code_holds_cc_and_the_code():
    assert sheet_qr_payload(CODE) == f"CC:{CODE}"
    assert sheet_qr_payload(CODE, room_address=None) == f"CC:{CODE}"
    assert sheet_code_from_qr(f"CC:{CODE}") == CODE


def test_with_room_voting_the_qr_code_is_the_rooms_link_to_the_sheet():
    assert sheet_qr_payload(CODE, room_address=ROOM) == f"http://192.168.1.20:8470/feedback/{CODE}"
    assert sheet_qr_payload(CODE, room_address="http://10.0.0.5:49152") == f"http://10.0.0.5:49152/feedback/{CODE}"


@pytest.mark.parametrize(
    "text",
    [
        f"http://192.168.1.20:8470/feedback/{CODE}",
        f"HTTP://192.168.1.20:8470/FEEDBACK/{CODE.lower()}",
        f"http://192.168.1.20:8470/feedback/{CODE}/",
        f"  http://[fe80::1]:8470/feedback/{CODE}\n",
    ],
)
def test_the_scanner_reads_the_code_from_the_rooms_link(text):
    assert sheet_code_from_qr(text) == CODE


def test_a_damaged_code_in_either_form_is_refused():
    with pytest.raises(InvalidInput):
        sheet_code_from_qr(f"CC:{_damaged(CODE)}")
    with pytest.raises(InvalidInput):
        sheet_code_from_qr(f"http://192.168.1.20:8470/feedback/{_damaged(CODE)}")


@pytest.mark.parametrize(
    "text",
    [
        f"https://192.168.1.20:8470/feedback/{CODE}",  # not the room server: it speaks plain http
        f"http://example.org:8470/feedback/{CODE}",  # a name, not the room's address
        f"http://192.168.1.20/feedback/{CODE}",  # no port
        f"http://192.168.1.20:8470/vote/{CODE}",
        f"http://192.168.1.20:8470/feedback/{CODE}?utm=1",
        f"http://192.168.1.20:8470/x/feedback/{CODE}",
        "http://192.168.1.20:8470/feedback/" + "A" * 40,
        "http://[::1:8470/feedback/x",
        "https://example.org/feedback/survey",
    ],
)
def test_other_links_are_not_sheets(text):
    assert sheet_code_from_qr(text) is None


@pytest.mark.parametrize(
    "address", ["", "https://192.168.1.20:8470/", "http://laptop.local:8470/", "http://192.168.1.20/", "http://1.2.3.4:1/x"]
)
def test_an_address_that_is_not_the_room_servers_is_refused(address):
    with pytest.raises(InvalidInput):
        check_room_address(address)


@pytest.fixture
def example(database) -> str:
    return perform(database, find_or_create_example).result


def _pages(pdf: bytes) -> list[Image.Image]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [document[i].render(scale=150 / 72, grayscale=True).to_pil().convert("L") for i in range(len(document))]
    finally:
        document.close()


@pytest.mark.parametrize("room", [ROOM, "http://192.168.100.200:49152/"])
def test_sheets_printed_with_the_rooms_address_scan_back_to_their_own_codes(tmp_path, database, example, room):
    """Printed with the room's address (the longest has a free port's five digits), each page's QR code is
    the link, and the scanner reads its sheet from a 150 dpi scan, askew and speckled."""
    waiting = [
        sheet.code
        for sheet in read(database, lambda s: feedback.list_sheets(s, commission_id=example))
        if sheet.returned_at is None
    ]
    pdf = read(database, lambda s: feedback_sheets_pdf(s, commission_id=example, room_address=room))
    files = []
    for number, page in enumerate(_pages(pdf), start=1):
        turned = page.rotate(3 if number % 2 else -2, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
        specks = random.Random(number)
        pixels = turned.load()
        for _ in range(turned.width * turned.height // 200):
            pixels[specks.randrange(turned.width), specks.randrange(turned.height)] = specks.choice((0, 255))
        path = tmp_path / f"sheet-{number}.png"
        turned.save(path)
        files.append(path)

    readings = scan_files(files)

    assert [reading.code for reading in sheets_found(readings)] == waiting
    assert all(reading.problem is None for reading in readings)


def test_a_room_sheet_says_it_can_be_answered_on_a_phone_and_a_plain_one_does_not(database, example):
    import io

    from pypdf import PdfReader

    def text(pdf: bytes) -> str:
        return " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())

    assert ON_YOUR_PHONE in text(read(database, lambda s: feedback_sheets_pdf(s, commission_id=example, room_address=ROOM)))
    assert ON_YOUR_PHONE not in text(read(database, lambda s: feedback_sheets_pdf(s, commission_id=example)))


def test_printing_with_a_wrong_address_is_refused_before_anything_is_laid_out(database, example):
    with pytest.raises(InvalidInput, match="not the room server's address"):
        read(database, lambda s: plan_feedback_sheets(s, commission_id=example, room_address="laptop:8470"))


def test_a_page_with_a_damaged_room_link_is_reported_damaged_and_a_foreign_link_foreign():
    import qrcode

    def page_with(text: str) -> Image.Image:
        page = Image.new("L", (1240, 1754), 255)
        symbol = qrcode.make(text, box_size=8, border=4).get_image().convert("L")
        page.paste(symbol, (page.width - symbol.width - 100, 100))
        return page

    assert read_page(page_with(f"http://192.168.1.20:8470/feedback/{_damaged(CODE)}"))[0].problem == DAMAGED_CODE
    assert read_page(page_with("http://192.168.1.20:8470/vote"))[0].problem == NOT_A_SHEET
    assert read_page(page_with(sheet_qr_payload(CODE, room_address=ROOM)))[0].code == CODE
