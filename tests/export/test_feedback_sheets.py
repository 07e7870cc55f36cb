"""The printed feedback sheets: what the facilitator hands out, and what the QR code on each page says."""

from __future__ import annotations

import io
from random import Random

import pypdfium2
import pytest
import zxingcpp
from pypdf import PdfReader

from cocommission.export.documents import printed_document
from cocommission.export.feedback_sheets_pdf import (
    FACE_WORDS,
    MARGIN,
    SheetToPrint,
    _lay_out,
    feedback_sheets_pdf,
    pages_per_sheet,
    plan_feedback_sheets,
)
from cocommission.export.sheet_qr import sheet_code_from_qr, sheet_qr_payload
from cocommission.model import QuestionKind
from cocommission.services import commissions, feedback, participants, workshops
from cocommission.services.demo import FEEDBACK_QUESTIONS, YOUNG_PEOPLE, find_or_create_example
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform, read

MM_PER_INCH = 25.4


def _pages(pdf: bytes) -> list[str]:
    """Each page's text with runs of whitespace made single spaces."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _qr_codes(pdf: bytes, dpi: int = 150) -> list[list[zxingcpp.Barcode]]:
    """The QR codes found on each page drawn at ``dpi``."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [
            zxingcpp.read_barcodes(document[index].render(scale=dpi / 72, grayscale=True).to_pil())
            for index in range(len(document))
        ]
    finally:
        document.close()


@pytest.fixture
def example(database) -> str:
    """The worked example: ten sheets issued for the last workshop, five already keyed in."""
    return perform(database, find_or_create_example).result


def _waiting(database, commission_id: str) -> list[feedback.SheetRow]:
    sheets = read(database, lambda s: feedback.list_sheets(s, commission_id=commission_id))
    return [sheet for sheet in sheets if sheet.returned_at is None]


def test_each_sheet_still_out_gets_a_page_with_its_code_questions_and_pseudonym(database, example):
    """One page per unreturned sheet, in code order: its printed code, every question, the pseudonym, no full name."""
    waiting = _waiting(database, example)
    returned = [
        sheet
        for sheet in read(database, lambda s: feedback.list_sheets(s, commission_id=example))
        if sheet.returned_at is not None
    ]
    pseudonyms = {
        person.id: person.pseudonym
        for person in read(database, lambda s: participants.list_participants(s, commission_id=example))
    }
    pages = _pages(read(database, lambda s: feedback_sheets_pdf(s, commission_id=example)))

    assert len(waiting) == 5 and len(pages) == 5
    for page, sheet in zip(pages, waiting, strict=True):
        assert sheet.printed_code in page
        assert "Youth Justice Talent Fund" in page
        assert "Workshop 4: Interviews and the decision, 11 April 2026" in page
        for number, (question, _) in enumerate(FEEDBACK_QUESTIONS, start=1):
            assert f"{number}. {question}" in page
        assert " ".join(FACE_WORDS) in page
        assert "Yes" in page and "No" in page
        assert "How to fill this in" in page
        if sheet.participant_id:
            assert f"For: {pseudonyms[sheet.participant_id]}" in page
        else:
            assert "Anonymous sheet" in page
    text = " ".join(pages)
    for _, full_name, *_ in YOUNG_PEOPLE:
        assert full_name not in text
    for sheet in returned:
        assert sheet.printed_code not in text
    # The faces are drawn, not typed: no emoji that a printer's font might lack.
    assert not any(0x1F600 <= ord(character) <= 0x1F64F for character in text)


def test_every_page_carries_a_qr_code_of_its_own_sheet_big_enough_to_scan(database, example):
    """Each page's QR code holds CC: and its sheet's code, is at least 30 mm wide and has error correction Q."""
    waiting = _waiting(database, example)
    pdf = read(database, lambda s: feedback_sheets_pdf(s, commission_id=example))

    for found, sheet in zip(_qr_codes(pdf), waiting, strict=True):
        (qr,) = found
        assert qr.format == zxingcpp.BarcodeFormat.QRCode
        assert qr.text == f"CC:{sheet.code}" == sheet_qr_payload(sheet.code)
        assert sheet_code_from_qr(qr.text) == sheet.code
        assert qr.ec_level == "Q"
        width_pixels = qr.position.top_right.x - qr.position.top_left.x
        assert width_pixels / 150 * MM_PER_INCH >= 30


def test_nothing_is_printed_in_the_quiet_zone_around_the_qr_code(database, example):
    """The four modules of blank paper the QR standard asks for around the symbol stay blank on every sheet."""
    pdf = read(database, lambda s: feedback_sheets_pdf(s, commission_id=example))
    document = pypdfium2.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index].render(scale=150 / 72, grayscale=True).to_pil()
            (qr,) = zxingcpp.read_barcodes(page)
            corners = (qr.position.top_left, qr.position.top_right, qr.position.bottom_left)
            left, right = min(p.x for p in corners), max(p.x for p in corners)
            top, bottom = min(p.y for p in corners), max(p.y for p in corners)
            module = (right - left) / 21
            quiet = 4 * module
            outer = page.crop(
                (int(left - quiet), int(top - quiet), int(right + quiet) + 1, int(bottom + quiet) + 1)
            )
            inner = (
                int(quiet - module),
                int(quiet - module),
                int(outer.width - quiet + module),
                int(outer.height - quiet + module),
            )
            # Blank out the symbol itself (and one module of slack for its edges); what is left must be white.
            outer.paste(255, inner)
            assert outer.getextrema()[0] > 200, f"something is printed in the quiet zone on page {index + 1}"
    finally:
        document.close()


def test_a_sheet_whose_questions_overflow_goes_on_to_a_second_page_with_the_same_code(database):
    """Too many questions for one page continue on a second page that repeats the QR code and the code."""

    def make(session):
        commission_id = commissions.create_commission(session, title="Skate park fund").id
        for number in range(1, 8):
            kind = (QuestionKind.FACES, QuestionKind.YES_NO, QuestionKind.TEXT)[number % 3]
            feedback.add_question(
                session, commission_id=commission_id, text=f"Question number {number}", kind=kind
            )
        sheets = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=2)
        return commission_id, sorted(sheet.code for sheet in sheets)

    commission_id, codes = perform(database, make).result
    pdf = read(database, lambda s: feedback_sheets_pdf(s, commission_id=commission_id))
    pages = _pages(pdf)

    assert len(pages) == 4
    assert [[qr.text for qr in found] for found in _qr_codes(pdf)] == [
        [f"CC:{codes[0]}"],
        [f"CC:{codes[0]}"],
        [f"CC:{codes[1]}"],
        [f"CC:{codes[1]}"],
    ]
    assert "continued" not in pages[0] and "continued from the page before" in pages[1]
    assert feedback.format_sheet_code(codes[0]) in pages[1]
    assert "Any workshop" in pages[0]
    assert "Question number 7" in pages[1] and "Question number 7" not in pages[0]


def test_nothing_to_print_is_refused_with_what_to_do(database, example):
    """With every sheet back, or none issued for the workshop, printing is refused and says to issue sheets."""

    def everything_back(session):
        for sheet in feedback.list_sheets(session, commission_id=example):
            feedback.receive_sheets(session, codes=[sheet.code])

    first_workshop = read(database, lambda s: workshops.list_workshops(s, commission_id=example))[0]
    with pytest.raises(InvalidInput, match="^Issue feedback sheets first on the Feedback page"):
        read(
            database, lambda s: plan_feedback_sheets(s, commission_id=example, workshop_id=first_workshop.id)
        )
    perform(database, everything_back)
    with pytest.raises(InvalidInput, match="^Issue feedback sheets first on the Feedback page"):
        read(database, lambda s: plan_feedback_sheets(s, commission_id=example))


def test_the_sheets_are_a_printed_document_laid_out_without_the_database(database, example):
    """ "feedback-sheets" is in the list of printed documents, and its plan renders after the database is closed."""
    document = printed_document("feedback-sheets")
    assert document.title == "Feedback sheets"
    plan = read(database, lambda s: document.prepare(s, commission_id=example))
    database.close()
    pdf = plan.render()
    assert len(_pages(pdf)) == 5
    assert PdfReader(io.BytesIO(pdf)).metadata.title == "Feedback sheets — Youth Justice Talent Fund"


class _Spelling(Random):
    """Chooses the characters of ``body`` in turn, so ``make_sheet_code`` makes a chosen, valid code."""

    def __init__(self, body: str) -> None:
        super().__init__()
        self.left = iter(body)

    def choice(self, seq):
        return next(self.left)


@pytest.mark.parametrize("body", ["WWWWWW", "MWMWMW", "234567"])
def test_the_printed_code_under_the_qr_code_stays_inside_the_right_margin(body):
    """Codes are random, and the widest ("WWWW-WW?") is wider than the symbol it is centred under."""
    code = feedback.make_sheet_code(_Spelling(body))
    questions = [feedback.FeedbackQuestionRow(id="1", position=1, text="How was today?", kind=QuestionKind.FACES)]
    pdf, _ = _lay_out("Skate park fund", questions, (SheetToPrint(code=code, pseudonym=None, workshop="Any"),), author="")
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        width, _ = page.get_size()
        text_page = page.get_textpage()
        rights = [text_page.get_charbox(index)[2] for index in range(text_page.count_chars())]
    finally:
        document.close()
    assert max(rights) <= width - MARGIN + 0.5


#: A question long enough to wrap onto a second line on the sheet, as real questions often are.
LONG_QUESTION = "How much did today's session help you feel more confident about speaking up in the group?"


def _commission_with_questions(database, kinds) -> str:
    def make(session):
        commission_id = commissions.create_commission(session, title="Skate park fund").id
        for number, kind in enumerate(kinds, start=1):
            text = f"{LONG_QUESTION} ({number})"
            feedback.add_question(session, commission_id=commission_id, text=text, kind=kind)
        feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=3)
        return commission_id

    return perform(database, make).result


def _lines_taken(pdf: bytes, words: str) -> int:
    """How many lines ``words`` run over on the first page: the distinct baselines of their characters."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        text_page = document[0].get_textpage()
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count)
        flat = [(index, character) for index, character in enumerate(text[:count]) if not character.isspace()]
        wanted = "".join(words.split())
        joined = "".join(character for _, character in flat)
        start = joined.index(wanted)
        chosen = [index for index, _ in flat[start : start + len(wanted)]]
        return len({round(text_page.get_charbox(index, loose=True)[1]) for index in chosen})
    finally:
        document.close()


@pytest.mark.parametrize(
    "kinds",
    [
        (QuestionKind.FACES, QuestionKind.FACES, QuestionKind.YES_NO, QuestionKind.FACES, QuestionKind.TEXT),
        (QuestionKind.FACES,) * 5,
        (QuestionKind.TEXT, QuestionKind.FACES, QuestionKind.YES_NO, QuestionKind.TEXT),
    ],
    ids=["five-mixed", "five-faces", "four-with-two-written"],
)
def test_four_or_five_questions_that_wrap_to_two_lines_fit_one_page_per_sheet(database, kinds):
    """Questions as long as real ones (two lines each) still fit one page: one page a sheet to print."""
    commission_id = _commission_with_questions(database, kinds)
    plan = read(database, lambda s: plan_feedback_sheets(s, commission_id=commission_id))
    pdf = plan.render()
    pages = _pages(pdf)

    assert pages_per_sheet(plan.questions) == 1
    assert len(pages) == 3
    for page in pages:
        for number in range(1, len(kinds) + 1):
            assert f"{number}. {LONG_QUESTION} ({number})" in page
    assert _lines_taken(pdf, f"1. {LONG_QUESTION} (1)") == 2, "the question should wrap, as long ones do"


def test_each_sheet_numbers_its_own_pages(database):
    """ "Page N of M" counts one sheet's pages, so whoever holds a two-page sheet looks for the other."""
    commission_id = _commission_with_questions(database, (QuestionKind.TEXT,) * 7)
    plan = read(database, lambda s: plan_feedback_sheets(s, commission_id=commission_id))
    pages = _pages(plan.render())

    assert pages_per_sheet(plan.questions) == 2
    assert len(pages) == 6
    assert ["Page 1 of 2" in page for page in pages] == [True, False] * 3
    assert ["Page 2 of 2" in page for page in pages] == [False, True] * 3


def test_the_worked_examples_sheets_say_page_1_of_1(database, example):
    """A one-page sheet is numbered like every other printed document."""
    pages = _pages(read(database, lambda s: feedback_sheets_pdf(s, commission_id=example)))
    assert all("Page 1 of 1" in page for page in pages)

