"""The look every printed CoCommission document shares.

Fonts, paragraph styles and the A4 page (running header with the commission's
title, "Page N of M" footer, PDF metadata) live here, so the tender, the
decision record and every later document read as one set. The DejaVu fonts
shipped in ``resources/`` are embedded in each PDF: names such as Zoë, Łukasz
and Ахмед print correctly on any computer, whatever fonts it has; names and outcomes in Bengali,
Arabic, Chinese and other scripts DejaVu lacks go through ``scripts`` to a shipped font that has
them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from cocommission.export import scripts
from cocommission.resources import font_files

FONT = "DejaVuSans"
FONT_BOLD = "DejaVuSans-Bold"
FONT_ITALIC = "DejaVuSans-Oblique"
FONT_BOLD_ITALIC = "DejaVuSans-BoldOblique"

PAGE_SIZE = A4
#: A4 turned on its side, for posters and wide tally sheets; it prints up to A3 without distortion.
LANDSCAPE_PAGE_SIZE = landscape(A4)
MARGIN = 20 * mm
#: The dark teal used for headings and table headers; dark enough to print well in greyscale.
INK = colors.HexColor("#1f4e5f")
RULE = colors.HexColor("#9fb6bf")
SHADE = colors.HexColor("#e8f0f2")

COVER_TEMPLATE = "cover"
PAGE_TEMPLATE = "page"
LANDSCAPE_TEMPLATE = "landscape"


@cache
def register_fonts() -> str:
    """Register the shipped DejaVu fonts as one TTF family and return its name; the fallback fonts
    for other scripts are registered when a text first needs them (``scripts``)."""
    scripts.install()
    by_name = {path.name: path for path in map(Path, font_files())}
    for face, file_name in (
        (FONT, "DejaVuSans.ttf"),
        (FONT_BOLD, "DejaVuSans-Bold.ttf"),
        (FONT_ITALIC, "DejaVuSans-Oblique.ttf"),
        (FONT_BOLD_ITALIC, "DejaVuSans-BoldOblique.ttf"),
    ):
        if file_name not in by_name:
            raise FileNotFoundError(f"The font {file_name} is missing from the resources folder.")
        pdfmetrics.registerFont(TTFont(face, str(by_name[file_name])))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    return FONT


@dataclass(frozen=True)
class DocumentStyles:
    """The paragraph styles of a printed document."""

    body: ParagraphStyle
    small: ParagraphStyle
    step: ParagraphStyle
    cell: ParagraphStyle
    cell_header: ParagraphStyle
    heading1: ParagraphStyle
    heading2: ParagraphStyle
    cover_title: ParagraphStyle
    cover_line: ParagraphStyle
    cover_status: ParagraphStyle
    contents_title: ParagraphStyle
    contents_entry: ParagraphStyle


@cache
def document_styles() -> DocumentStyles:
    """Body text at 11 pt and headings, all in the embedded DejaVu family."""
    register_fonts()
    body = ParagraphStyle("Body", fontName=FONT, fontSize=11, leading=15, spaceAfter=6)
    return DocumentStyles(
        body=body,
        small=ParagraphStyle(
            "Small", parent=body, fontSize=9, leading=12, textColor=colors.HexColor("#444444")
        ),
        step=ParagraphStyle("Step", parent=body, fontSize=9.5, leading=12.5, spaceAfter=2),
        cell=ParagraphStyle("Cell", parent=body, fontSize=9.5, leading=12, spaceAfter=0),
        cell_header=ParagraphStyle(
            "CellHeader",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=9.5,
            leading=12,
            spaceAfter=0,
            textColor=colors.white,
        ),
        heading1=ParagraphStyle(
            "Heading1",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            spaceBefore=14,
            spaceAfter=8,
            textColor=INK,
            keepWithNext=True,
        ),
        heading2=ParagraphStyle(
            "Heading2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=4,
            textColor=INK,
            keepWithNext=True,
        ),
        cover_title=ParagraphStyle(
            "CoverTitle",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=26,
            leading=32,
            spaceAfter=18,
            textColor=INK,
        ),
        cover_line=ParagraphStyle("CoverLine", parent=body, fontSize=13, leading=18, spaceAfter=4),
        cover_status=ParagraphStyle(
            "CoverStatus",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=18,
            alignment=TA_CENTER,
            textColor=colors.white,
        ),
        contents_title=ParagraphStyle(
            "ContentsTitle",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=16,
            leading=20,
            spaceAfter=10,
            textColor=INK,
        ),
        contents_entry=ParagraphStyle("ContentsEntry", parent=body, fontSize=11, leading=16),
    )


# --------------------------------------------------------------------------- text helpers


def markup(text: str) -> str:
    """Plain text made safe for a reportlab Paragraph; line breaks are kept, and letters DejaVu
    Sans lacks (Bengali, Arabic, Chinese, emoji …) are set in a shipped font that has them."""
    return scripts.markup(text)


def text_flowables(text: str, *, style: ParagraphStyle | None = None) -> list[Flowable]:
    """A section body as paragraphs; lines starting with "- " become a bulleted list."""
    style = style or document_styles().body
    flowables: list[Flowable] = []
    paragraph: list[str] = []
    bullets: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            flowables.append(Paragraph(markup(" ".join(paragraph)), style))
            paragraph.clear()

    def flush_bullets() -> None:
        if bullets:
            flowables.append(bullet_list(bullets, style=style))
            bullets.clear()

    for raw in text.splitlines():
        line = raw.strip()
        if raw.startswith("- "):
            flush_paragraph()
            bullets.append(raw[2:].strip())
        elif not line:
            flush_paragraph()
            flush_bullets()
        elif bullets and raw[:1].isspace():
            # An indented line under a bullet ("  Measured by: …") belongs to that bullet.
            bullets[-1] += "\n" + line
        else:
            flush_bullets()
            paragraph.append(line)
    flush_paragraph()
    flush_bullets()
    return flowables


def bullet_list(items: Iterable[str], *, style: ParagraphStyle | None = None) -> ListFlowable:
    """A bulleted list of plain-text items."""
    style = style or document_styles().body
    return ListFlowable(
        [ListItem(Paragraph(markup(item), style), leftIndent=14) for item in items],  # type: ignore[misc]  # stubs: no ListItem
        bulletType="bullet",
        start="•",
        bulletFontName=FONT,
        bulletFontSize=style.fontSize,
        leftIndent=14,
        spaceAfter=6,
    )


#: Month names for printed dates, fixed rather than taken from the computer's locale: the documents
#: are in British English (``DOCUMENT_LANGUAGE``) whatever language the computer is set to.
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def day_text(day: date | datetime) -> str:
    """A day as every printed document writes it: "7 February 2026". A moment (stored in UTC) is
    first turned into this computer's time, so a late-evening vote keeps the day it was cast on."""
    if isinstance(day, datetime):
        day = day.astimezone().date()
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def moment_text(moment: datetime) -> str:
    """A moment in this computer's time, as printed documents write it: "7 February 2026, 18:05"."""
    local = moment.astimezone()
    return f"{day_text(local.date())}, {local:%H:%M}"


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    widths: Sequence[float],
    numeric_columns: Iterable[int] = (),
    highlight_rows: Iterable[int] = (),
) -> Table:
    """A table with a shaded header row that repeats on each page; cells wrap."""
    styles = document_styles()
    right = ParagraphStyle("CellRight", parent=styles.cell, alignment=2)
    numeric = set(numeric_columns)
    body = [
        [
            Paragraph(markup(str(cell)), right if column in numeric else styles.cell)
            for column, cell in enumerate(row)
        ]
        for row in rows
    ]
    table = Table(
        [[Paragraph(markup(title), styles.cell_header) for title in header], *body],
        colWidths=list(widths),
        repeatRows=1,
        hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    for row in highlight_rows:
        commands.append(("BACKGROUND", (0, row + 1), (-1, row + 1), SHADE))
    table.setStyle(TableStyle(commands))
    return table


def key_value_table(pairs: Sequence[tuple[str, str]], *, widths: Sequence[float]) -> Table:
    """Label and value side by side, labels in bold: facts at a glance."""
    styles = document_styles()
    label = ParagraphStyle("CellLabel", parent=styles.cell, fontName=FONT_BOLD)
    table = Table(
        [[Paragraph(markup(key), label), Paragraph(markup(value), styles.cell)] for key, value in pairs],
        colWidths=list(widths),
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def heading(text: str, *, level: int = 1, contents_key: str | None = None) -> Paragraph:
    """A heading and a bookmark to it; level-1 headings with a ``contents_key`` are also in the contents."""
    styles = document_styles()
    paragraph = Paragraph(markup(text), styles.heading1 if level == 1 else styles.heading2)
    return bookmarked(paragraph, text, level=level, contents_key=contents_key)


def contents() -> list[Flowable]:
    """A "Contents" page filled in from headings made with ``contents_key``."""
    styles = document_styles()
    table = TableOfContents(dotsMinLevel=0)
    table.levelStyles = [styles.contents_entry]
    return [bookmarked(Paragraph("Contents", styles.contents_title), "Contents"), table]


# --------------------------------------------------------------------------- the page


class _NumberedCanvas(Canvas):
    """A canvas that holds back each page until the end, so its footer can say "Page N of M"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def bookmarkPage(self, key: Any, *args: Any, **kwargs: Any) -> Any:
        """A bookmark to the page being laid out. The PDF document names pages as they are written,
        and these are held back until the end, so it is told which page this is for the moment."""
        counted = self._doc.pageCounter
        self._doc.pageCounter = self._pageNumber
        try:
            return super().bookmarkPage(key, *args, **kwargs)
        finally:
            self._doc.pageCounter = counted

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            draw_page_number(self, self._pageNumber, total)
            super().showPage()
        super().save()


def draw_page_number(canvas: Canvas, number: int, total: int, *, baseline: float = MARGIN / 2) -> None:
    """The footer every printed document shares: "Page N of M", small and grey, centred at the foot."""
    canvas.saveState()
    canvas.setFont(FONT, 8.5)
    canvas.setFillColor(colors.HexColor("#444444"))
    # Each page keeps its own size, so landscape pages get their footer centred too.
    canvas.drawCentredString(canvas._pagesize[0] / 2, baseline, f"Page {number} of {total}")
    canvas.restoreState()


class CommissionDocument(BaseDocTemplate):
    """An A4 document with a cover page, then pages with a running header naming the commission.

    Landscape pages (``LANDSCAPE_TEMPLATE``) carry the same header; ``first_template`` names
    the template of the first page when a document has no cover. ``metadata`` is what
    ``pdf_metadata`` gives: the title naming the commission, the language, and so on.
    """

    def __init__(
        self,
        buffer: io.BytesIO,
        *,
        commission_title: str,
        document_title: str,
        first_template: str = COVER_TEMPLATE,
        **metadata: Any,
    ) -> None:
        register_fonts()
        super().__init__(
            buffer,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 6 * mm,
            bottomMargin=MARGIN,
            initialFontName=FONT,
            **metadata,
        )
        self.commission_title = commission_title
        self.document_title = document_title
        self.outline = Outline()
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        wide = Frame(
            self.leftMargin,
            self.bottomMargin,
            LANDSCAPE_PAGE_SIZE[0] - self.leftMargin - self.rightMargin,
            LANDSCAPE_PAGE_SIZE[1] - self.topMargin - self.bottomMargin,
            id="wide",
        )
        templates = [
            PageTemplate(id=COVER_TEMPLATE, frames=[frame], pagesize=PAGE_SIZE),
            PageTemplate(id=PAGE_TEMPLATE, frames=[frame], onPage=self._running_header, pagesize=PAGE_SIZE),
            PageTemplate(
                id=LANDSCAPE_TEMPLATE,
                frames=[wide],
                onPage=self._running_header,
                pagesize=LANDSCAPE_PAGE_SIZE,
            ),
        ]
        self.addPageTemplates(templates)
        self._firstPageTemplateIndex = [t.id for t in templates].index(first_template)

    def _running_header(self, canvas: Canvas, document: BaseDocTemplate) -> None:
        width, height = document.pageTemplate.pagesize
        draw_running_header(
            canvas,
            commission_title=self.commission_title,
            document_title=self.document_title,
            left=self.leftMargin,
            right=width - self.rightMargin,
            baseline=height - MARGIN + 2 * mm,
        )

    def beforeDocument(self) -> None:
        # Each pass of a multi-pass build lays the document out afresh, bookmarks included.
        self.outline = Outline()

    def afterFlowable(self, flowable: Flowable) -> None:
        """Make each section's start a PDF bookmark, and collect headings for the contents."""
        entry = getattr(flowable, "outline_entry", None)
        if entry is None:
            return
        level, text, folded = entry
        contents_entry = getattr(flowable, "contents_entry", None)
        key = self.outline.add(
            self.canv,
            text,
            level=level,
            top=flowable_top(self.frame, flowable),
            key=contents_entry[2] if contents_entry else None,
            folded=folded,
        )
        if contents_entry is not None:
            self.notify("TOCEntry", (level, text, self.page, key))


@dataclass
class PdfPlan:
    """A document read from the database and ready to lay out: its story and PDF metadata.

    The story starts on the cover template (or ``first_template``); put
    ``NextPageTemplate(PAGE_TEMPLATE)`` and a page break after the cover.

    Reading (``plan_…`` functions, which need a session) is quick and happens where the
    database lives; laying out (``render``) is the slow part and touches no database, so the
    app can run it on a worker thread. Render a plan once: laying out consumes its flowables.
    """

    story: list[Flowable]
    commission_title: str
    document_title: str
    author: str
    subject: str
    first_template: str = COVER_TEMPLATE

    def render(self) -> bytes:
        """Lay out the story on CommissionDocument pages and return the PDF's bytes."""
        buffer = io.BytesIO()
        document = CommissionDocument(
            buffer,
            commission_title=self.commission_title,
            document_title=self.document_title,
            first_template=self.first_template,
            **pdf_metadata(
                document_title=self.document_title,
                commission_title=self.commission_title,
                author=self.author,
                subject=self.subject,
            ),
        )
        # Two passes (or more) let the contents learn the page each heading landed on.
        document.multiBuild(self.story, canvasmaker=_NumberedCanvas)
        return buffer.getvalue()


def cover_status_badge(text: str, *, colour: colors.Color, width_mm: float = 70) -> Table:
    """A coloured band on the cover saying whether the document is agreed or a draft."""
    table = Table(
        [[Paragraph(markup(text), document_styles().cover_status)]], colWidths=[width_mm * mm], hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colour),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return table


def cover_heading(document_title: str, commission_title: str, commissioning_body: str = "") -> list[Flowable]:
    """The top of a record's cover: what the document is, then the commission and who commissions it."""
    styles = document_styles()
    heading_lines: list[Flowable] = [
        spacer(30),
        Paragraph(markup(document_title), styles.cover_title),
        Paragraph(markup(commission_title), styles.cover_line),
    ]
    if commissioning_body:
        heading_lines.append(Paragraph(markup(commissioning_body), styles.cover_line))
    return heading_lines


def spacer(height_mm: float) -> Spacer:
    """Vertical space, in millimetres."""
    return Spacer(1, height_mm * mm)


_LEADING_SPACES = re.compile(r"^( *)")


def step_flowables(steps: Sequence[str]) -> list[Flowable]:
    """A count's plain-English steps, keeping the indentation that shows which lines belong together."""
    base = document_styles().step
    flowables: list[Flowable] = []
    indents: dict[int, ParagraphStyle] = {}
    for step in steps:
        depth = len(_LEADING_SPACES.match(step).group(1)) // 2  # type: ignore[union-attr]
        if depth not in indents:
            indents[depth] = ParagraphStyle(f"Step{depth}", parent=base, leftIndent=12 * depth)
        flowables.append(Paragraph(markup(step.strip()), indents[depth]))
    return flowables


# --------------------------------------------------------------------------- what every PDF carries

#: The language of every printed document's words, so a screen reader speaks them with the right voice.
DOCUMENT_LANGUAGE = "en-GB"


def pdf_title(document_title: str, commission_title: str) -> str:
    """The title a PDF viewer shows in its title bar: what the document is, then the commission."""
    return f"{document_title} — {commission_title}"


def pdf_metadata(*, document_title: str, commission_title: str, author: str, subject: str) -> dict[str, Any]:
    """A document template's metadata: a title naming the commission, shown in place of the file name,
    and the language of its text (both read aloud by screen readers)."""
    return {
        "title": pdf_title(document_title, commission_title),
        "author": author,
        "subject": subject,
        "creator": "CoCommission",
        "lang": DOCUMENT_LANGUAGE,
        "displayDocTitle": True,
    }


_Marked = TypeVar("_Marked", bound=Flowable)


def bookmarked(
    flowable: _Marked, text: str, *, level: int = 1, contents_key: str | None = None, folded: bool = False
) -> _Marked:
    """Mark ``flowable`` as where a section starts: it gets a bookmark called ``text`` at ``level``
    (1 for a section, 2 for a part of one), its parts' bookmarks hidden until opened if ``folded``.
    With a ``contents_key`` a level-1 section is also listed in the document's contents page."""
    flowable.outline_entry = (level - 1, text, folded)
    if contents_key is not None:
        flowable.contents_entry = (level - 1, text, contents_key)
    return flowable


def flowable_top(frame: Frame, flowable: Flowable) -> float:
    """Where the top of a flowable just laid out in ``frame`` is on the page, in points from the bottom."""
    return frame._y + flowable.getSpaceAfter() + getattr(flowable, "height", 0)


class Outline:
    """The bookmarks of a document being laid out, so a reader can jump from section to section.

    Levels count from 0; one more than the last entry's is the deepest allowed, so a part of a
    section that comes first still gets a bookmark (at the top level) rather than an error.
    """

    #: Room left above a heading when a reader jumps to it, in points.
    _ABOVE = 8

    def __init__(self) -> None:
        self._count = 0
        self._level = -1

    def add(
        self,
        canvas: Canvas,
        text: str,
        *,
        level: int,
        top: float,
        key: str | None = None,
        folded: bool = False,
    ) -> str:
        """A bookmark to ``top`` on the current page, at the reader's current zoom; returns its key."""
        level = max(0, min(level, self._level + 1))
        self._count += 1
        key = key or f"bookmark-{self._count}"
        canvas.bookmarkHorizontalAbsolute(key, top + self._ABOVE)
        canvas.addOutlineEntry(text, key, level=level, closed=folded)
        canvas.showOutline()  # the viewer opens with the bookmarks showing
        self._level = level
        return key


# --------------------------------------------------------------------------- the running header

#: Type sizes and line counts tried in turn: smaller type before a fourth line, which comes within
#: 7 mm of the top of the page, still inside what printers print.
_HEADER_FITS = ((8.5, 3), (8, 3), (7.5, 3), (7.5, 4))
#: The most of the header's width the document's own title may take before it wraps.
_HEADER_RIGHT_SHARE = 0.35
_HEADER_GAP = 6 * mm
ELLIPSIS = "…"


@dataclass(frozen=True)
class RunningHeader:
    """The running header laid out: the commission's title on the left and the document's on the
    right, each as lines from the top; the bottom lines share the baseline above the rule."""

    left_lines: tuple[str, ...]
    right_lines: tuple[str, ...]
    font_size: float

    @property
    def leading(self) -> float:
        return self.font_size * 1.2

    @property
    def shortened(self) -> bool:
        """Whether the commission's title had to be cut short (it is in full in the PDF's title)."""
        return bool(self.left_lines) and self.left_lines[-1].endswith(ELLIPSIS)


def wrap_words(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines no wider than ``width``: words kept whole where they fit, and a word too long for a line
    broken between characters (a title pasted without spaces must still stay on the page)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if scripts.string_width(candidate, font, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for character in word:
            if line and scripts.string_width(line + character, font, size) > width:
                lines.append(line)
                line = ""
            line += character
    if line:
        lines.append(line)
    return lines


def _shorten(line: str, font: str, size: float, width: float) -> str:
    """``line`` with an ellipsis at its end, cut so that both fit in ``width``."""
    while line and scripts.string_width(line.rstrip() + ELLIPSIS, font, size) > width:
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


@cache
def layout_running_header(commission_title: str, document_title: str, width: float) -> RunningHeader:
    """Fit both titles in ``width`` without overlapping: one line when they fit, else the commission's
    title wraps (up to three lines in smaller type, then four) beside the document's title, which
    wraps too when it is long. Only a title too long for all that (far more than 200 characters of
    ordinary words) is cut short, with an ellipsis."""
    register_fonts()
    right_width = min(
        scripts.string_width(" ".join(document_title.split()), FONT, _HEADER_FITS[0][0]),
        width * _HEADER_RIGHT_SHARE,
    )
    left_width = width - right_width - _HEADER_GAP if right_width else width
    for size, most in _HEADER_FITS:
        right = wrap_words(document_title, FONT, size, right_width) if right_width else []
        left = wrap_words(commission_title, FONT, size, left_width)
        if len(left) <= most and len(right) <= most:
            return RunningHeader(tuple(left), tuple(right), size)
    kept = left[:most]
    kept[-1] = _shorten(kept[-1], FONT, size, left_width)
    return RunningHeader(tuple(kept), tuple(right[:most]), size)


def draw_running_header(
    canvas: Canvas, *, commission_title: str, document_title: str, left: float, right: float, baseline: float
) -> RunningHeader:
    """Draw the header between ``left`` and ``right``: the bottom lines sit on ``baseline``, longer
    titles grow upwards into the top margin, and a rule is drawn below."""
    header = layout_running_header(commission_title, document_title, right - left)
    canvas.saveState()
    canvas.setFont(FONT, header.font_size)
    canvas.setFillColor(colors.HexColor("#444444"))
    for lines, anchor, x in ((header.left_lines, "start", left), (header.right_lines, "end", right)):
        for number, line in enumerate(lines):
            y = baseline + (len(lines) - 1 - number) * header.leading
            scripts.draw_string(canvas, x, y, line, font_name=FONT, size=header.font_size, anchor=anchor)
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.5)
    canvas.line(left, baseline - 2 * mm, right, baseline - 2 * mm)
    canvas.restoreState()
    return header
