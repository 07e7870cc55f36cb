"""Printed join cards for room voting: eight to an A4 page, cut apart and handed out.

Each card carries the participant's pseudonym (never a full name) so the facilitator can hand
it to the right person, a QR code, and the short code to type when a camera will not do, big,
in two groups of four. With the room's address the QR code opens ``http://ADDRESS/join/TOKEN``
and joins at once; without one it holds the token alone, and the card says to open the room's
Join code on the screen first.

A card is a key to someone's vote, so the PDF is made only from the cards just issued
(``room_joining.issue_join_cards``): nothing here reads the database, and printing again issues
new cards that replace these.

The QR code is drawn square by square from the ``qrcode`` package's matrix, as vector shapes,
so it stays sharp on any printer, as on the feedback sheets (``qr_drawing``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate

from cocommission.export import scripts
from cocommission.export.pdf_style import (
    ELLIPSIS,
    FONT,
    FONT_BOLD,
    INK,
    PAGE_SIZE,
    RULE,
    draw_page_number,
    pdf_metadata,
    register_fonts,
)
from cocommission.export.qr_drawing import draw_qr_matrix
from cocommission.services.errors import InvalidInput
from cocommission.services.room_joining import IssuedCard

DOCUMENT_TITLE = "Join cards"
#: Cards across and down an A4 page.
COLUMNS, ROWS = 2, 4
CARDS_PER_PAGE = COLUMNS * ROWS

#: The page's side margins, and where the first row of cards starts below the top edge (the
#: page's own line, the commission's title, sits above it).
MARGIN = 10 * mm
CARDS_FROM_TOP = 16 * mm
_BOTTOM = 12 * mm
_CARD_WIDTH = (PAGE_SIZE[0] - 2 * MARGIN) / COLUMNS
_CARD_HEIGHT = (PAGE_SIZE[1] - CARDS_FROM_TOP - _BOTTOM) / ROWS
_PADDING = 5 * mm
#: The QR symbol itself, without its quiet zone.
_QR_SYMBOL = 30 * mm
_QUIET_ZONE = 4
_GREY = colors.HexColor("#444444")

CUT_HERE = "Join cards: cut along the dashed lines and give each person their own."
KEEP_IT = "This card is only for you. It works once."
#: What the card says when its QR code opens the room's join page itself.
WITH_ADDRESS = ("Scan the QR code with your phone's camera.", "No camera? Go to {address} and type the code.")
#: What the card says when the QR code holds the token alone: the room's own Join code comes first.
WITHOUT_ADDRESS = ("First scan the Join code on the big screen.", "Then type the code above.")

#: A laptop's address as the room shows it: a name or IPv4 address, and a port if any.
_ADDRESS = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


def room_address(address: str | None) -> str | None:
    """``address`` as printed on cards (``192.168.1.20:8080``), with any ``http://`` and trailing ``/`` taken off.

    None or blank gives None. Anything else that is not a host and port is refused.
    """
    if address is None or not address.strip():
        return None
    plain = address.strip()
    plain = plain.removeprefix("http://").rstrip("/")
    if not _ADDRESS.match(plain):
        raise InvalidInput(
            f"{address!r} is not the room's address. Give it as shown with room voting on, such as 192.168.1.20:8080."
        )
    return plain


def join_url(address: str, token: str) -> str:
    """What a card's QR code opens when the room's address is known."""
    return f"http://{address}/join/{token}"


@dataclass(frozen=True)
class JoinCardsPlan:
    """The cards just issued, ready to lay out; ``render`` touches no database."""

    commission_title: str
    cards: tuple[IssuedCard, ...]
    address: str | None = None
    author: str = ""

    def render(self) -> bytes:
        """Eight cards a page, as PDF bytes."""
        return join_cards_pdf(self.cards, commission_title=self.commission_title, address=self.address,
                              author=self.author)


def join_cards_pdf(
    cards: Sequence[IssuedCard], *, commission_title: str, address: str | None = None, author: str = ""
) -> bytes:
    """The cards laid out eight to a page, in the order given."""
    if not cards:
        raise InvalidInput("There are no join cards to print: nobody can vote yet.")
    register_fonts()
    address = room_address(address)
    buffer = io.BytesIO()
    frame = Frame(0, 0, PAGE_SIZE[0], PAGE_SIZE[1], leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document = BaseDocTemplate(
        buffer,
        pagesize=PAGE_SIZE,
        initialFontName=FONT,
        **pdf_metadata(
            document_title=DOCUMENT_TITLE,
            commission_title=commission_title,
            author=author or commission_title,
            subject=f"Cards to join the vote of {commission_title} from a phone",
        ),
    )
    document.addPageTemplates([PageTemplate(id="cards", frames=[frame])])
    pages = [cards[start : start + CARDS_PER_PAGE] for start in range(0, len(cards), CARDS_PER_PAGE)]
    story: list[Flowable] = []
    for number, page in enumerate(pages, start=1):
        if story:
            story.append(PageBreak())
        story.append(_CardPage(tuple(page), commission_title, address, number, len(pages)))
    document.build(story)
    return buffer.getvalue()


class _CardPage(Flowable):
    """One A4 page of cards, drawn straight on the canvas, with dashed lines to cut along."""

    def __init__(
        self, cards: tuple[IssuedCard, ...], commission_title: str, address: str | None, number: int, total: int
    ) -> None:
        super().__init__()
        self.cards, self.commission_title, self.address = cards, commission_title, address
        self.number, self.total = number, total

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setFillColor(_GREY)
        # The commission's title on the left (shortened if it must be), what to do with the page on the right.
        cut_width = scripts.draw_string(canvas, PAGE_SIZE[0] - MARGIN, PAGE_SIZE[1] - 9 * mm, CUT_HERE,
                                        font_name=FONT, size=8.5, anchor="end")
        title_width = PAGE_SIZE[0] - 2 * MARGIN - cut_width - 6 * mm
        scripts.draw_string(canvas, MARGIN, PAGE_SIZE[1] - 9 * mm,
                            _fitted(self.commission_title, FONT_BOLD, 9, title_width), font_name=FONT_BOLD, size=9)
        canvas.restoreState()
        _cut_lines(canvas, len(self.cards))
        for index, card in enumerate(self.cards):
            column, row = index % COLUMNS, index // COLUMNS
            left = MARGIN + column * _CARD_WIDTH
            top = PAGE_SIZE[1] - CARDS_FROM_TOP - row * _CARD_HEIGHT
            _draw_card(canvas, card, left=left, top=top, address=self.address, commission_title=self.commission_title)
        draw_page_number(canvas, self.number, self.total, baseline=6 * mm)


def _cut_lines(canvas: Canvas, cards: int) -> None:
    """Dashed lines round each card on the page, and none round the empty places of a last page."""
    canvas.saveState()
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.setDash(3, 3)
    for index in range(cards):
        column, row = index % COLUMNS, index // COLUMNS
        left = MARGIN + column * _CARD_WIDTH
        top = PAGE_SIZE[1] - CARDS_FROM_TOP - row * _CARD_HEIGHT
        canvas.rect(left, top - _CARD_HEIGHT, _CARD_WIDTH, _CARD_HEIGHT, stroke=1, fill=0)
    canvas.restoreState()


def _fitted(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut short with an ellipsis so it fits ``width`` at ``size``."""
    if scripts.string_width(text, font, size) <= width:
        return text
    while text and scripts.string_width(text + ELLIPSIS, font, size) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def _size_to_fit(text: str, font: str, largest: float, smallest: float, width: float) -> float:
    size = largest
    while size > smallest and scripts.string_width(text, font, size) > width:
        size -= 0.5
    return size


def _draw_card(
    canvas: Canvas, card: IssuedCard, *, left: float, top: float, address: str | None, commission_title: str
) -> None:
    inner_left, inner_right = left + _PADDING, left + _CARD_WIDTH - _PADDING
    inner_width = inner_right - inner_left
    canvas.saveState()
    # The top line: what the card is for.
    canvas.setFillColor(INK)
    scripts.draw_string(canvas, inner_left, top - _PADDING - 8, "JOIN THE VOTE", font_name=FONT_BOLD, size=9)
    canvas.setFillColor(_GREY)
    scripts.draw_string(
        canvas, inner_right, top - _PADDING - 8, _fitted(commission_title, FONT, 8, inner_width * 0.6),
        font_name=FONT, size=8, anchor="end",
    )
    # Whose card it is, by pseudonym.
    name_size = _size_to_fit(card.pseudonym, FONT_BOLD, 20, 11, inner_width)
    canvas.setFillColor(colors.black)
    scripts.draw_string(
        canvas, inner_left, top - _PADDING - 9 - 3 * mm - name_size * 0.8,
        _fitted(card.pseudonym, FONT_BOLD, name_size, inner_width), font_name=FONT_BOLD, size=name_size,
    )
    # The QR code on the left, the code and how to join on the right.
    qr_top = top - _PADDING - 9 - 3 * mm - name_size - 1 * mm
    payload = join_url(address, card.token) if address else card.token
    qr_width = _draw_qr(canvas, payload, left=inner_left - _quiet_width(payload), top=qr_top)
    text_left = inner_left - _quiet_width(payload) + qr_width + 2 * mm
    text_width = inner_right - text_left
    canvas.setFillColor(_GREY)
    scripts.draw_string(canvas, text_left, qr_top - 5 * mm, "Your code", font_name=FONT, size=9)
    code_size = _size_to_fit(card.code, FONT_BOLD, 22, 12, text_width)
    canvas.setFillColor(colors.black)
    scripts.draw_string(canvas, text_left, qr_top - 5 * mm - code_size - 1 * mm, card.code, font_name=FONT_BOLD,
                        size=code_size)
    steps = WITH_ADDRESS if address else WITHOUT_ADDRESS
    y = qr_top - 5 * mm - code_size - 1 * mm - 6 * mm
    for number, step in enumerate(steps, start=1):
        for line in _wrapped(f"{number}. {step.format(address=address)}", FONT, 8.5, text_width):
            scripts.draw_string(canvas, text_left, y, line, font_name=FONT, size=8.5)
            y -= 11
    canvas.setFillColor(_GREY)
    scripts.draw_string(canvas, inner_left, top - _CARD_HEIGHT + _PADDING - 1 * mm, KEEP_IT, font_name=FONT, size=8)
    canvas.restoreState()


def _wrapped(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and scripts.string_width(f"{lines[-1]} {word}", font, size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _qr_matrix(payload: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=_QUIET_ZONE)
    code.add_data(payload)
    code.make(fit=True)
    return code.get_matrix()


def _quiet_width(payload: str) -> float:
    count = len(_qr_matrix(payload))
    return _QUIET_ZONE * _QR_SYMBOL / (count - 2 * _QUIET_ZONE)


def _draw_qr(canvas: Canvas, payload: str, *, left: float, top: float) -> float:
    """Draw the QR code with its quiet zone, top-left at (left, top); returns its full width."""
    matrix = _qr_matrix(payload)
    return draw_qr_matrix(canvas, matrix, left=left, top=top, module=_QR_SYMBOL / (len(matrix) - 2 * _QUIET_ZONE))


def plan_from_cards(
    cards: Sequence[IssuedCard], *, commission_title: str, address: str | None = None, author: str = ""
) -> JoinCardsPlan:
    """A plan for cards just issued, with the address checked before anything is laid out."""
    return JoinCardsPlan(commission_title, tuple(cards), room_address(address), author)
