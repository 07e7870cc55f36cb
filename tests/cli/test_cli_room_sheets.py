"""``cocommission export feedback-sheets --room-address``: sheets whose QR codes open on phones, from the command line."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp
from tests.cli.running import example_id, run

ROOM = "http://192.168.1.20:8470/"


def _qr_texts(path) -> list[str]:
    document = pypdfium2.PdfDocument(path)
    try:
        return [
            code.text
            for index in range(len(document))
            for code in zxingcpp.read_barcodes(document[index].render(scale=150 / 72, grayscale=True).to_pil())
        ]
    finally:
        document.close()


def test_sheets_exported_with_the_rooms_address_open_on_a_phone(capsys, demo_db, tmp_path):
    """As `serve` prints the address, the sheets carry it: each QR code is the room's link to that sheet."""
    commission_id = example_id(capsys, demo_db)
    plain, for_room = tmp_path / "sheets.pdf", tmp_path / "room-sheets.pdf"
    assert run(capsys, "--db", demo_db, "export", "feedback-sheets", commission_id, "-o", str(plain))[0] == 0
    exported = run(
        capsys, "--db", demo_db, "export", "feedback-sheets", commission_id, "-o", str(for_room), "--room-address", ROOM
    )
    assert exported[0] == 0
    codes = [text.removeprefix("CC:") for text in _qr_texts(plain)]
    assert codes and all(len(code) > 4 for code in codes)
    assert _qr_texts(for_room) == [f"http://192.168.1.20:8470/feedback/{code}" for code in codes]


@pytest.mark.parametrize(
    ("kind", "address", "said"),
    [
        ("tender", ROOM, "--room-address only applies to 'export feedback-sheets'."),
        ("json", ROOM, "--room-address only applies to 'export feedback-sheets'."),
        ("feedback-sheets", "https://example.org/", "is not the room server's address"),
        ("feedback-sheets", "192.168.1.20", "is not the room server's address"),
    ],
)
def test_a_room_address_that_does_not_apply_is_refused_and_nothing_is_written(capsys, demo_db, tmp_path, kind, address, said):
    commission_id = example_id(capsys, demo_db)
    output = tmp_path / "out.pdf"
    status, _out, err = run(capsys, "--db", demo_db, "export", kind, commission_id, "-o", str(output), "--room-address", address)
    assert status == 2
    assert said in err and "Traceback" not in err
    assert not output.exists()
