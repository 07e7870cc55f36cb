"""The running header at the top of every page names the commission and the document: however long
the commission's title (up to the 200 characters allowed), the two never overlap, nothing runs off
the page, and the title is never cut short without an ellipsis and the full title in the PDF's title."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from tests.export.printed import DOCUMENT_TITLES, every_pdf

from cocommission.db import open_database
from cocommission.export import feedback_sheets_pdf, join_cards_pdf
from cocommission.export.pdf_style import ELLIPSIS, MARGIN, layout_running_header
from cocommission.services import commissions
from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform

_WORDS = (
    "Youth Justice Talent Fund for creative, sporting and enterprise projects led by young people across "
    "the borough, with mentoring, training and small grants for groups meeting in libraries, parks and "
    "community centres"
)
TITLES = {
    "110 characters": _WORDS[:110].rstrip(),
    "200 characters": _WORDS[:200].rstrip(),
    "200 capitals": _WORDS.upper()[:200].rstrip(),
    "200 without a space": "W" * 200,
}
#: The feedback sheets' top band (``feedback_sheets_pdf``): its own margins, and a rule under the QR code.
_SHEET_MARGIN = feedback_sheets_pdf.MARGIN
_SHEET_RULE_BELOW_TOP = feedback_sheets_pdf.RULE_FROM_TOP
#: Printers leave about 4 mm of paper blank at the edges; nothing in the header may come closer.
_PRINTABLE = 5 * mm


@dataclass(frozen=True)
class Glyph:
    index: int
    text: str
    left: float
    bottom: float
    right: float
    top: float


@pytest.fixture(scope="module", params=sorted(TITLES))
def long_titled(request, tmp_path_factory, example_sqlite_file) -> Iterator[tuple[str, dict[str, bytes]]]:
    """The worked example renamed to a long title, and every one of its documents."""
    title = TITLES[request.param]
    assert len(title) <= 200
    path = Path(tmp_path_factory.mktemp("titles")) / "example.sqlite"
    shutil.copy2(example_sqlite_file, path)
    database = open_database(path)
    commission_id = perform(database, find_or_create_example).result
    perform(database, commissions.update_commission, commission_id=commission_id, title=title)
    pdfs = every_pdf(database, commission_id)
    database.close()
    yield title, pdfs


def _glyphs(page: pypdfium2.PdfPage) -> list[Glyph]:
    text_page = page.get_textpage()
    count = text_page.count_chars()
    text = text_page.get_text_range(0, count)
    glyphs = [
        Glyph(index, character, *text_page.get_charbox(index))
        for index, character in enumerate(text[:count])
        if not character.isspace()
    ]
    text_page.close()
    return glyphs


def _overlapping(glyphs: list[Glyph]) -> list[tuple[Glyph, Glyph]]:
    """Pairs of glyphs whose inked boxes overlap by more than a hair, leaving out neighbours in a word
    (a T's arm reaches over the next letter by design)."""
    found = []
    ordered = sorted(glyphs, key=lambda glyph: glyph.left)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            if second.left >= first.right:
                break
            width = min(first.right, second.right) - second.left
            height = min(first.top, second.top) - max(first.bottom, second.bottom)
            if width > 0.3 and height > 0.3 and abs(first.index - second.index) > 1:
                found.append((first, second))
    return found


@pytest.mark.parametrize("kind", sorted(DOCUMENT_TITLES))
def test_a_long_commission_title_fits_the_header_of_every_page(request, long_titled, kind):
    """On every page with a header, the header's words overlap nothing, stay inside the margins and
    the printable area and above the rule, and give the whole title, or end in an ellipsis with the
    whole title in the PDF's title."""
    title, pdfs = long_titled
    pdf = pdfs[kind]
    document = pypdfium2.PdfDocument(pdf)
    request.addfinalizer(document.close)
    headers = 0
    for number, page in enumerate(document, start=1):
        width, height = page.get_size()
        margin, rule = {
            "feedback-sheets": (_SHEET_MARGIN, height - _SHEET_RULE_BELOW_TOP),
            "join-cards": (join_cards_pdf.MARGIN, height - join_cards_pdf.CARDS_FROM_TOP),
        }.get(kind, (MARGIN, height - MARGIN))
        glyphs = _glyphs(page)
        header = [glyph for glyph in glyphs if glyph.bottom > rule]
        where = f"{kind}, page {number}"
        assert not [g for g in glyphs if g.bottom < rule < g.top], f"{where}: words cross the header's rule"
        if not header:
            continue  # a cover
        headers += 1
        assert not _overlapping(header), f"{where}: header words overlap: {_overlapping(header)[:3]}"
        assert min(glyph.left for glyph in header) >= margin - 0.5, (
            f"{where}: header runs into the left margin"
        )
        assert max(glyph.right for glyph in header) <= width - margin + 0.5, (
            f"{where}: header runs off the right"
        )
        assert max(glyph.top for glyph in header) <= height - _PRINTABLE, (
            f"{where}: header too near the top edge"
        )
        words = "".join(glyph.text for glyph in header)
        if ELLIPSIS in words:
            # The glyphs carry no spaces, so the title is compared without its spaces too.
            assert "".join(title.split()).startswith(words.split(ELLIPSIS)[0]), (
                f"{where}: the shortened title is not the title's start"
            )
            assert PdfReader(io.BytesIO(pdf)).metadata.title.endswith(title)
        else:
            assert "".join(title.split()) in words, f"{where}: the header does not give the whole title"
    assert headers >= 1


def test_only_a_title_without_spaces_is_shortened_and_then_with_an_ellipsis():
    """Ordinary words up to 200 characters, even in capitals, wrap without losing any; 200 characters
    with nowhere to break fill four lines and end in an ellipsis."""
    width = 170 * mm
    for name, title in TITLES.items():
        header = layout_running_header(title, "Honoraria receipts and payments summary", width)
        assert header.shortened == (name == "200 without a space"), name
        assert len(header.left_lines) <= 4
        assert header.font_size >= 7.5
