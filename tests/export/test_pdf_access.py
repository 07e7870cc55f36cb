"""What a screen reader or a PDF viewer's side panel finds in every printed document: the language,
a title naming the commission, and a bookmark for each section that goes to the right page."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader
from pypdf.generic import BooleanObject, Destination
from tests.export.printed import DOCUMENT_TITLES, every_pdf

from cocommission.db import open_database
from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform

COMMISSION = "Youth Justice Talent Fund"
#: The documents without sections: stacks of identical forms (feedback sheets in the order of their
#: codes, join cards by pseudonym).
WITHOUT_SECTIONS = {"feedback-sheets", "join-cards"}
#: Headings are set in the bold face at these sizes (``document_styles().heading1``, ``heading2``).
HEADING_SIZES = (16.0, 12.5)


@pytest.fixture(scope="module")
def made(tmp_path_factory, example_sqlite_file) -> dict[str, bytes]:
    """Every printed document of the worked example."""
    path = Path(tmp_path_factory.mktemp("access")) / "example.sqlite"
    shutil.copy2(example_sqlite_file, path)
    database = open_database(path)
    commission_id = perform(database, find_or_create_example).result
    pdfs = every_pdf(database, commission_id)
    database.close()
    return pdfs


@pytest.fixture(scope="module")
def pdfs(made) -> Iterator[dict[str, PdfReader]]:
    """Every printed document of the worked example, read back."""
    yield {kind: PdfReader(io.BytesIO(pdf)) for kind, pdf in made.items()}


def _words(text: str) -> str:
    return " ".join(text.split())


def _destinations(reader: PdfReader) -> list[tuple[int, Destination]]:
    """(depth, destination) for every bookmark, in order."""
    found: list[tuple[int, Destination]] = []

    def walk(items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                assert isinstance(item, Destination)
                found.append((depth, item))

    walk(reader.outline, 0)
    return found


def _bookmarks(reader: PdfReader) -> list[tuple[int, str, int]]:
    """(depth, title, page index) for every bookmark, in order."""
    return [
        (depth, item.title, reader.get_destination_page_number(item)) for depth, item in _destinations(reader)
    ]


def _printed_as(title: str) -> str:
    """The words a bookmark's heading starts with on the page."""
    if title.startswith("Honorarium receipt R-"):
        return "Honorarium receipt"
    if title.startswith("Poster: "):
        return title.removeprefix("Poster: ").split(", page ")[0]
    if title == "Instructions":
        return "Paper fallback pack"
    return title


def _headings(reader: PdfReader) -> list[tuple[str, int]]:
    """(text, page index) of every heading printed, found by its bold face and size."""
    found: list[tuple[str, int]] = []
    for index, page in enumerate(reader.pages):
        current: list[str] = []

        def visit(text, _cm, _tm, font, size, current=current, index=index) -> None:
            is_heading = font is not None and "Bold" in str(font.get("/BaseFont")) and size in HEADING_SIZES
            if is_heading and text.strip():
                current.append(text)
            elif current:
                found.append((_words(" ".join(current)), index))
                current.clear()

        page.extract_text(visitor_text=visit)
        if current:
            found.append((_words(" ".join(current)), index))
    return found


@pytest.mark.parametrize("kind", sorted(DOCUMENT_TITLES))
def test_every_pdf_says_its_language_and_shows_a_title_naming_the_commission(pdfs, kind):
    """British English in the catalogue, and a title ("Tender — Youth Justice Talent Fund") that the
    viewer shows in place of the file name; author, subject and creator filled in."""
    reader = pdfs[kind]
    catalogue = reader.trailer["/Root"]

    assert catalogue["/Lang"] == "en-GB"
    assert catalogue["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata.title == f"{DOCUMENT_TITLES[kind]} — {COMMISSION}"
    assert reader.metadata.author
    assert COMMISSION in reader.metadata.subject
    assert reader.metadata.creator == "CoCommission"


@pytest.mark.parametrize("kind", sorted(DOCUMENT_TITLES.keys() - WITHOUT_SECTIONS))
def test_every_heading_has_a_bookmark_that_goes_to_its_page(pdfs, kind):
    """Each heading printed has a bookmark naming it (a receipt's names whose receipt it is) on the
    page the heading is on, and the viewer opens with the bookmarks showing."""
    reader = pdfs[kind]
    bookmarks = _bookmarks(reader)
    headings = _headings(reader)

    assert headings, "the heading finder found no headings"
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    for text, page in headings:
        on_the_page = [title for _, title, at in bookmarks if at == page]
        assert any(title.startswith(text) for title in on_the_page), (
            f"{text!r} on page {page + 1} has no bookmark there; bookmarks on that page: {on_the_page}"
        )


@pytest.mark.parametrize("kind", sorted(DOCUMENT_TITLES.keys() - WITHOUT_SECTIONS))
def test_every_bookmark_goes_to_a_page_that_shows_what_it_names(pdfs, kind):
    """A bookmark's page carries the words of its title (for a poster's later pages, the poster's
    title; for a receipt, its number and the person's name), and bookmarks come in page order."""
    reader = pdfs[kind]
    bookmarks = _bookmarks(reader)

    assert len(bookmarks) >= 2
    assert [page for _, _, page in bookmarks] == sorted(page for _, _, page in bookmarks)
    for _, title, page in bookmarks:
        text = _words(reader.pages[page].extract_text())
        if title.startswith("Honorarium receipt R-"):
            number, _, name = title.removeprefix("Honorarium receipt ").partition(": ")
            assert number in text and name in text, (title, page + 1)
        elif title.startswith("Poster: "):
            assert title.removeprefix("Poster: ").split(", page ")[0] in text, (title, page + 1)
        elif title == "Instructions":
            assert "Paper fallback pack" in text and page == 0
        else:
            assert title in text, f"{title!r} is not on page {page + 1}"


@pytest.mark.parametrize("kind", sorted(DOCUMENT_TITLES.keys() - WITHOUT_SECTIONS))
def test_every_bookmark_shows_its_heading_at_the_top_of_the_window(request, made, pdfs, kind):
    """Following a bookmark puts its heading just below the top of the window (within 20 points),
    not the top of the page it is on, keeping the reader's zoom."""
    reader = pdfs[kind]
    document = pypdfium2.PdfDocument(made[kind])
    request.addfinalizer(document.close)
    for _, destination in _destinations(reader):
        page = reader.get_destination_page_number(destination)
        words = " ".join(_printed_as(destination.title).split()[:3])
        text_page = document[page].get_textpage()
        searcher = text_page.search(words, match_case=True)
        tops = []
        while found := searcher.get_next():
            tops.append(text_page.get_charbox(found[0])[3])
        searcher.close()
        text_page.close()
        assert destination.typ == "/XYZ"
        assert any(destination.top - 20 <= top <= destination.top for top in tops), (
            f"{destination.title!r} goes to {destination.top:.0f} on page {page + 1}; "
            f"{words!r} is at {[round(top) for top in tops]}"
        )


def test_receipts_have_a_bookmark_per_person_and_the_tender_lists_its_contents(pdfs):
    """Eight receipts, each its own bookmark on its own page; the tender's contents page is bookmarked
    before its thirteen sections."""
    receipts = [
        title for _, title, _ in _bookmarks(pdfs["receipts"]) if title.startswith("Honorarium receipt R-")
    ]
    tender = [title for _, title, _ in _bookmarks(pdfs["tender"])]

    assert len(receipts) == 8
    assert "Honorarium receipt R-0002: Marcus Okoro" in receipts
    assert tender[0] == "Contents"
    assert tender[1] == "1. Background"
    assert tender[-1] == "13. Co-production statement"


def test_no_pdf_claims_to_be_tagged(pdfs):
    """reportlab writes no structure tree, so no document may say it is tagged: a screen reader
    would trust the claim and find nothing."""
    for kind, reader in pdfs.items():
        catalogue = reader.trailer["/Root"]
        assert "/StructTreeRoot" not in catalogue, kind
        assert "/MarkInfo" not in catalogue, kind
