"""Paper feedback sheets to hand out: one A4 page per sheet, with its QR code and code.

Every issued sheet that has not come back yet is printed, in code order. A sheet
carries, at the top, the commission's title, the workshop and its date (or "Any
workshop"), the participant's pseudonym on a named sheet so the facilitator can
hand it to the right person (never a full name), and on the right its QR code with
the code printed under it (``ABCD-EFG``) for typing back when a scan will not do.
Then comes one line on how to fill it in and the questions, numbered, in big,
friendly type: faces questions as five drawn faces from unhappy to happy, each over
a tick box and a few words; yes/no questions as two labelled boxes; questions
answered in words as ruled lines.

The layout is tight enough that four or five questions of two lines each fit one
page: a page more per sheet doubles the print run for a workshop. A sheet whose
questions still do not fit goes on over a second page, which repeats the QR code and
the code so either page finds the sheet when scanned; ``pages_per_sheet`` says so
before anything is printed, so the Feedback page can warn the facilitator. Each
sheet numbers its own pages ("Page 1 of 2"), as a sheet is handed out on its own.

The QR code is drawn square by square from the ``qrcode`` package's matrix, as
vector shapes (``qr_drawing``), so it stays sharp on any printer; what it holds is set in
``sheet_qr``. Sheets printed while room voting is on (given the room server's address) carry
the link a phone opens to answer the sheet there, and say so under the titles; the symbol is
then larger in modules but printed the same size.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Any

import qrcode
from qrcode.constants import ERROR_CORRECT_Q
from qrcode.util import MODE_ALPHA_NUM, QRData
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
)
from sqlalchemy.orm import Session

from cocommission.export.pdf_style import (
    FONT,
    FONT_BOLD,
    PAGE_SIZE,
    RULE,
    day_text,
    draw_page_number,
    markup,
    pdf_metadata,
    register_fonts,
    spacer,
)
from cocommission.export.qr_drawing import draw_qr_matrix
from cocommission.export.sheet_qr import SHEET_QR_PREFIX, check_room_address, sheet_qr_payload
from cocommission.model import QuestionKind
from cocommission.services import commissions, feedback, participants
from cocommission.services.errors import InvalidInput, NotFound
from cocommission.services.feedback import FACE_WORDS, FeedbackQuestionRow, format_sheet_code
from cocommission.services.workshops import list_workshops

#: Under the titles of a sheet printed while room voting is on.
ON_YOUR_PHONE = "Or scan the QR code with your phone's camera and answer on your phone."

HOW_TO_FILL_IN = (
    "How to fill this in: tick one box for each question, or write in the lines. "
    "Leave out anything you do not want to answer."
)

MARGIN = 15 * mm
#: The top band starts nearer the top edge than the margin: it is well inside what printers print.
TOP = 12 * mm
_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
#: The QR symbol itself (without its quiet zone) is this wide, whatever its version.
_QR_SYMBOL = 32 * mm
#: Light modules left blank around the symbol, as the QR standard asks.
_QUIET_ZONE = 4
#: A sheet's "CC:" QR code is a version 1 symbol, 21 modules a side (see ``sheet_qr``); the layout keeps its quiet zone.
_QUIET_WIDTH = _QUIET_ZONE * _QR_SYMBOL / 21
_QR_ERROR_CORRECTION = ERROR_CORRECT_Q
_CODE_SIZE = 15
#: The printed code's baseline sits this far below the quiet zone, its capitals clear of it.
_CODE_BELOW_QUIET = 5.2 * mm
#: The rule under the top band, from the top edge of the page: below the printed code.
RULE_FROM_TOP = TOP + _QR_SYMBOL + _QUIET_WIDTH + _CODE_BELOW_QUIET + 2.5 * mm
_QUESTIONS_FROM_TOP = RULE_FROM_TOP + 2 * mm
#: "Page N of M" sits this far above the bottom edge, below the questions and inside what printers print.
_FOOTER_BASELINE = 8 * mm
_BOTTOM = 13 * mm
_INK_LINE = 1.3
_TICK_BOX = 8.5 * mm
_WRITING_LINES = 4
_WRITING_LINE_GAP = 8.5 * mm
#: Between one question's answer and the next question.
_QUESTION_GAP = 4


@dataclass(frozen=True)
class SheetToPrint:
    """One sheet as printed: its code, and for a named sheet the pseudonym of the person it is for."""

    code: str
    pseudonym: str | None
    workshop: str
    #: The room server's address (``http://HOST:PORT/``) when room voting is on: the QR code is its link.
    room_address: str | None = None


@dataclass(frozen=True)
class FeedbackSheetsPlan:
    """The sheets read from the database, ready to lay out; ``render`` touches no database."""

    commission_title: str
    questions: tuple[FeedbackQuestionRow, ...]
    sheets: tuple[SheetToPrint, ...]
    author: str

    def render(self) -> bytes:
        """One page (or more, if the questions overflow) per sheet, as PDF bytes."""
        return _lay_out(self.commission_title, self.questions, self.sheets, author=self.author)[0]


def pages_per_sheet(questions: Sequence[FeedbackQuestionRow]) -> int:
    """How many pages each sheet runs to with these questions: 1, unless they are too many or too long.

    Laid out exactly as the sheets are printed, so the Feedback page can warn before a print run doubles.
    """
    return _pages_for(tuple((question.text, QuestionKind(question.kind)) for question in questions))


@lru_cache(maxsize=64)
def _pages_for(questions: tuple[tuple[str, QuestionKind], ...]) -> int:
    # Remembered: the Feedback page asks again each time it is shown, mostly about the same questions.
    if not questions:
        return 1
    rows = [
        FeedbackQuestionRow(id=str(number), position=number, text=text, kind=kind)
        for number, (text, kind) in enumerate(questions, start=1)
    ]
    blank = SheetToPrint(code="", pseudonym=None, workshop="")
    return _lay_out("", rows, (blank,), author="")[1]


def _lay_out(
    commission_title: str,
    questions: Sequence[FeedbackQuestionRow],
    sheets: Sequence[SheetToPrint],
    *,
    author: str,
) -> tuple[bytes, int]:
    """The sheets as PDF bytes, and how many pages the last sheet took."""
    buffer = io.BytesIO()
    document = _SheetsDocument(
        buffer,
        commission_title=commission_title,
        **pdf_metadata(
            document_title="Feedback sheets",
            commission_title=commission_title,
            author=author,
            subject=f"Feedback sheets: {commission_title}",
        ),
    )
    story: list[Flowable] = []
    for number, sheet in enumerate(sheets):
        if number:
            story.append(PageBreak())
        story.append(_SheetStart(sheet))
        story += _sheet_body(questions)
    document.build(story, canvasmaker=partial(_SheetCanvas, sheet_of_page=document.sheet_of_page))
    pages = document.sheet_of_page
    return buffer.getvalue(), pages.count(pages[-1]) if pages else 0


def feedback_sheets_pdf(
    session: Session, *, commission_id: str, workshop_id: str | None = None, room_address: str | None = None
) -> bytes:
    """The feedback sheets' PDF bytes (see ``plan_feedback_sheets``)."""
    return plan_feedback_sheets(
        session, commission_id=commission_id, workshop_id=workshop_id, room_address=room_address
    ).render()


def plan_feedback_sheets(
    session: Session,
    *,
    commission_id: str,
    workshop_id: str | None = None,
    room_address: str | None = None,
) -> FeedbackSheetsPlan:
    """Every issued sheet not yet returned (for one workshop if given), by code, read and ready to lay out.

    With ``room_address`` (the running room server's ``http://HOST:PORT/``), each sheet's QR code
    opens its questions on a phone; without it, the QR code is for the scanner alone.
    """
    if room_address:
        check_room_address(room_address)  # refused before anything is laid out
    commission = commissions.get_commission(session, commission_id=commission_id)
    workshops = {row.id: row for row in list_workshops(session, commission_id=commission_id)}
    if workshop_id is not None and workshop_id not in workshops:
        raise NotFound(f"There is no workshop with id {workshop_id!r}.")
    waiting = [
        sheet
        for sheet in feedback.list_sheets(session, commission_id=commission_id, workshop_id=workshop_id)
        if sheet.returned_at is None
    ]
    if not waiting:
        where = " for this workshop" if workshop_id is not None else ""
        raise InvalidInput(
            f"Issue feedback sheets first on the Feedback page: no sheet{where} is waiting to be filled in."
        )
    questions = feedback.list_questions(session, commission_id=commission_id)
    if not questions:
        raise InvalidInput("Add at least one question on the Feedback page before printing feedback sheets.")
    pseudonyms = {
        row.id: row.pseudonym for row in participants.list_participants(session, commission_id=commission_id)
    }

    def workshop_line(sheet_workshop: str | None) -> str:
        if sheet_workshop is None or sheet_workshop not in workshops:
            return "Any workshop"
        row = workshops[sheet_workshop]
        line = f"Workshop {row.number}: {row.title}"
        return f"{line}, {day_text(row.held_on)}" if row.held_on else line

    return FeedbackSheetsPlan(
        commission_title=commission.title,
        questions=questions,
        sheets=tuple(
            SheetToPrint(
                code=sheet.code,
                pseudonym=pseudonyms.get(sheet.participant_id) if sheet.participant_id else None,
                workshop=workshop_line(sheet.workshop_id),
                room_address=room_address or None,
            )
            for sheet in waiting
        ),
        author=commission.commissioning_body or commission.title,
    )




# --------------------------------------------------------------------------- type


@dataclass(frozen=True)
class _Styles:
    commission: ParagraphStyle
    workshop: ParagraphStyle
    person: ParagraphStyle
    how_to: ParagraphStyle
    question: ParagraphStyle


@cache
def _styles() -> _Styles:
    register_fonts()
    base = ParagraphStyle("SheetBody", fontName=FONT, fontSize=13, leading=17)
    return _Styles(
        commission=ParagraphStyle(
            "SheetCommission", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22
        ),
        workshop=ParagraphStyle("SheetWorkshop", parent=base, fontSize=13, leading=17, spaceBefore=3),
        person=ParagraphStyle(
            "SheetPerson", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=6
        ),
        how_to=ParagraphStyle(
            "SheetHowTo",
            parent=base,
            fontSize=12,
            leading=15,
            spaceAfter=2 * mm,
            textColor=colors.HexColor("#333333"),
        ),
        question=ParagraphStyle(
            "SheetQuestion", parent=base, fontName=FONT_BOLD, fontSize=14, leading=17.5, spaceAfter=1.5 * mm
        ),
    )


# --------------------------------------------------------------------------- the page


class _SheetStart(Flowable):
    """Takes no room; marks where a new sheet's pages begin, so the top band knows whose sheet it is."""

    def __init__(self, sheet: SheetToPrint) -> None:
        super().__init__()
        self.sheet = sheet

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class _SheetsDocument(BaseDocTemplate):
    """A4 pages whose top band (titles, QR code, code) is drawn once the page's questions are laid out."""

    def __init__(self, buffer: io.BytesIO, *, commission_title: str, **metadata: Any) -> None:
        super().__init__(
            buffer,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=_QUESTIONS_FROM_TOP,
            bottomMargin=_BOTTOM,
            initialFontName=FONT,
            **metadata,
        )
        self.commission_title = commission_title
        self.styles = _styles()
        self.sheet: SheetToPrint | None = None
        self.sheet_first_page = 0
        #: Which sheet (counting from 0) each page belongs to, so each sheet numbers its own pages.
        self.sheet_of_page: list[int] = []
        self._sheets_begun = 0
        # No padding: the questions line up with the titles above, and every millimetre goes to answers.
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id="questions",
        )
        self.addPageTemplates([PageTemplate(id="sheet", frames=[frame])])

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _SheetStart):
            self.sheet = flowable.sheet
            self.sheet_first_page = self.page
            self._sheets_begun += 1

    def afterPage(self) -> None:
        # Drawn at the end of the page: by then the marker at the top of a new sheet has been met.
        if self.sheet is not None:
            _draw_band(self.canv, self, self.sheet, continued=self.page != self.sheet_first_page)
            self.sheet_of_page.append(self._sheets_begun - 1)


class _SheetCanvas(Canvas):
    """Holds every page back until the end, then numbers each sheet's pages "Page N of M" on their own."""

    def __init__(self, *args: Any, sheet_of_page: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sheet_of_page = sheet_of_page
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        for index, state in enumerate(self._pages):
            self.__dict__.update(state)
            sheet = self._sheet_of_page[index]
            first = self._sheet_of_page.index(sheet)
            draw_page_number(
                self, index - first + 1, self._sheet_of_page.count(sheet), baseline=_FOOTER_BASELINE
            )
            super().showPage()
        super().save()


def _draw_band(canvas: Canvas, document: _SheetsDocument, sheet: SheetToPrint, *, continued: bool) -> None:
    styles = document.styles
    top = PAGE_SIZE[1] - TOP
    if sheet.code:
        # The symbol lines up with the titles and the right margin; its quiet zone is blank paper, so it
        # may reach into the margins.
        qr_width = _draw_qr(
            canvas,
            sheet_qr_payload(sheet.code, room_address=sheet.room_address),
            right=PAGE_SIZE[0] - MARGIN + _QUIET_WIDTH,
            top=top + _QUIET_WIDTH,
        )
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_BOLD, _CODE_SIZE)
        printed_code = format_sheet_code(sheet.code)
        # Centred under the symbol, unless a wide code ("WWWW-WWW") would then run into the margin.
        half_width = canvas.stringWidth(printed_code, FONT_BOLD, _CODE_SIZE) / 2
        # Below the quiet zone, not in it: the QR reader needs those four blank modules all round.
        canvas.drawCentredString(
            min(PAGE_SIZE[0] - MARGIN - _QR_SYMBOL / 2, PAGE_SIZE[0] - MARGIN - half_width),
            top - qr_width + _QUIET_WIDTH - _CODE_BELOW_QUIET,
            printed_code,
        )
        canvas.restoreState()

    lines: list[Flowable] = [Paragraph(markup(document.commission_title), styles.commission)]
    lines.append(Paragraph(markup(sheet.workshop), styles.workshop))
    if sheet.pseudonym:
        lines.append(Paragraph(f"For: {markup(sheet.pseudonym)}", styles.person))
    else:
        lines.append(Paragraph("Anonymous sheet: no name needed", styles.person))
    if continued:
        lines.append(Paragraph("Feedback sheet, continued from the page before", styles.workshop))
    else:
        lines.append(Paragraph("Feedback sheet", styles.workshop))
    if sheet.room_address:
        lines.append(Paragraph(ON_YOUR_PHONE, styles.workshop))
    # A long title or workshop name shrinks to fit beside the QR code rather than run into the questions.
    width = _WIDTH - _QR_SYMBOL - _QUIET_WIDTH - 2 * mm
    rule_at = PAGE_SIZE[1] - RULE_FROM_TOP
    height = top - rule_at - 2 * mm
    block = KeepInFrame(width, height, lines, mode="shrink")
    _, used = block.wrapOn(canvas, width, height)
    block.drawOn(canvas, MARGIN, top - used)
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(1)
    canvas.line(MARGIN, rule_at, PAGE_SIZE[0] - MARGIN, rule_at)
    canvas.restoreState()


def _qr_matrix(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=_QR_ERROR_CORRECTION, border=_QUIET_ZONE)
    if payload.startswith(SHEET_QR_PREFIX):
        # Alphanumeric mode keeps "CC:ABCDEFG" in the smallest symbol.
        code.add_data(QRData(payload, mode=MODE_ALPHA_NUM))  # type: ignore[call-overload]  # stubs: MODE_ALPHA_NUM is an int
    else:
        # A room link is lower case: the package picks the smallest mix of modes for it.
        code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def _draw_qr(canvas: Canvas, payload: str, *, right: float, top: float) -> float:
    """Draw the QR code with its quiet zone, top-right at (right, top); returns its full width."""
    matrix = _qr_matrix(payload)
    count = len(matrix)
    module = _QR_SYMBOL / (count - 2 * _QUIET_ZONE)
    # A larger symbol (a room link) has narrower modules, so a narrower quiet zone: the symbol
    # itself stays where a 21-module one would be, lined up with the titles and the margin.
    shift = _QUIET_WIDTH - _QUIET_ZONE * module
    width = draw_qr_matrix(canvas, matrix, left=right - shift - module * count, top=top - shift, module=module)
    return width + 2 * shift


# --------------------------------------------------------------------------- the questions


def _sheet_body(questions: Sequence[FeedbackQuestionRow]) -> list[Flowable]:
    styles = _styles()
    body: list[Flowable] = [Paragraph(markup(HOW_TO_FILL_IN), styles.how_to)]
    for number, question in enumerate(questions, start=1):
        answer: Flowable
        if question.kind is QuestionKind.FACES:
            answer = _FacesRow()
        elif question.kind is QuestionKind.YES_NO:
            answer = _YesNoBoxes()
        else:
            answer = _WritingLines()
        heading = Paragraph(f"{number}. {markup(question.text)}", styles.question)
        body.append(KeepTogether([heading, answer, spacer(_QUESTION_GAP)]))
    return body


class _FacesRow(Flowable):
    """Five faces from unhappy to happy, each with a tick box beside it and its words underneath.

    The box sits beside its face rather than under it: the row is then about half as tall, which is
    what lets five questions fit one page.
    """

    _FACE_RADIUS = 7 * mm
    _BOX_GAP = 2.5 * mm
    _WORDS_SIZE = 11
    _WORDS_DROP = 5 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = 2 * self._FACE_RADIUS + self._WORDS_DROP + 1.5 * mm
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        column = self.width / len(FACE_WORDS)
        face_y = self.height - self._FACE_RADIUS
        # The box and the face together are centred in their column, and the words under both.
        pair = _TICK_BOX + self._BOX_GAP + 2 * self._FACE_RADIUS
        canvas.setLineWidth(_INK_LINE)
        canvas.setStrokeColor(colors.black)
        for index, words in enumerate(FACE_WORDS):
            centre = column * (index + 0.5)
            box_left = centre - pair / 2
            canvas.rect(box_left, face_y - _TICK_BOX / 2, _TICK_BOX, _TICK_BOX, stroke=1, fill=0)
            face_x = box_left + _TICK_BOX + self._BOX_GAP + self._FACE_RADIUS
            _draw_face(canvas, face_x, face_y, self._FACE_RADIUS, mood=(index - 2) / 2)
            canvas.setFont(FONT, self._WORDS_SIZE)
            canvas.setFillColor(colors.black)
            canvas.drawCentredString(centre, face_y - self._FACE_RADIUS - self._WORDS_DROP + 1 * mm, words)


def _draw_face(canvas: Canvas, x: float, y: float, radius: float, *, mood: float) -> None:
    """A round face; ``mood`` runs from -1 (a frown) through 0 (a straight mouth) to 1 (a wide smile)."""
    canvas.saveState()
    canvas.setFillColor(colors.HexColor("#fff4c8"))
    canvas.circle(x, y, radius, stroke=1, fill=1)
    canvas.setFillColor(colors.black)
    for side in (-1, 1):
        canvas.circle(x + side * radius * 0.35, y + radius * 0.28, radius * 0.1, stroke=0, fill=1)
    mouth_y = y - radius * 0.38
    half = radius * 0.45
    bend = mood * radius * 0.3
    canvas.setLineCap(1)
    canvas.setLineWidth(_INK_LINE * 1.2)
    # The mouth's middle drops for a smile and rises for a frown; the corners stay put.
    canvas.bezier(
        x - half,
        mouth_y + bend / 2,
        x - half / 3,
        mouth_y - bend,
        x + half / 3,
        mouth_y - bend,
        x + half,
        mouth_y + bend / 2,
    )
    canvas.restoreState()


class _YesNoBoxes(Flowable):
    """Two big boxes, "Yes" and "No", each with its word beside it."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = _TICK_BOX + 1.5 * mm
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setLineWidth(_INK_LINE)
        canvas.setFont(FONT_BOLD, 14)
        for index, words in enumerate(("Yes", "No")):
            left = 8 * mm + index * 55 * mm
            canvas.rect(left, 0.5 * mm, _TICK_BOX, _TICK_BOX, stroke=1, fill=0)
            canvas.drawString(left + _TICK_BOX + 4 * mm, 0.5 * mm + _TICK_BOX / 2 - 5, words)


class _WritingLines(Flowable):
    """Ruled lines to write an answer on."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        self.height = _WRITING_LINES * _WRITING_LINE_GAP
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(colors.HexColor("#8a8a8a"))
        canvas.setLineWidth(0.8)
        for line in range(_WRITING_LINES):
            y = line * _WRITING_LINE_GAP + 1 * mm
            canvas.line(0, y, self.width, y)
