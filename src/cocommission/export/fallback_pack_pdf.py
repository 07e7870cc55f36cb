"""The paper fallback pack: everything to run a dot vote with no laptop or projector.

When the laptop will not start or the projector fails, the workshop still goes
ahead on paper. The pack holds:

- a one-page facilitator's instruction: how many dots each person gets (the
  round's dot budget and cap, when a dots round is being prepared), how to count,
  and how to put the count into the app afterwards through its Paper dots panel;
- the outcome poster: every option numbered, in big type readable across a room,
  each with a large empty box for sticker dots; landscape A4 pages that also
  print well on A3 ("fit to page");
- a tally sheet: the same numbered options with boxes for five-bar gates, a
  total column and lines for who counted and who checked.

The options are those of the latest dots round still being prepared or open,
so the paper count goes straight into that round; without one, the outcome
statements still in play, in the order a new round would list them.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from cocommission.export.pdf_style import (
    FONT,
    FONT_BOLD,
    INK,
    LANDSCAPE_PAGE_SIZE,
    LANDSCAPE_TEMPLATE,
    MARGIN,
    RULE,
    SHADE,
    PdfPlan,
    bookmarked,
    day_text,
    document_styles,
    heading,
    key_value_table,
    markup,
    spacer,
)
from cocommission.model import OutcomeStatus, RoundState, VoteMethod
from cocommission.model.base import today
from cocommission.services import commissions, outcomes, participants, voting
from cocommission.services.errors import InvalidInput
from cocommission.services.voting import RoundRow

#: Outcomes on each poster page: two leave each one a dot box big enough for a whole group's dots.
_PER_POSTER_PAGE = 2
#: Boxes for five-bar gates on each line of the tally sheet: 10 boxes hold 50 dots.
_TALLY_BOXES = 10
_WIDE_WIDTH = LANDSCAPE_PAGE_SIZE[0] - 2 * MARGIN
_DOT_HINT = colors.HexColor("#8a9ba1")


def fallback_pack_pdf(session: Session, *, commission_id: str) -> bytes:
    """The paper fallback pack's bytes (see ``plan_fallback_pack``)."""
    return plan_fallback_pack(session, commission_id=commission_id).render()


@dataclass(frozen=True)
class _Vote:
    """What goes on the paper: the numbered options and the rules people vote under."""

    title: str
    options: tuple[str, ...]
    #: The dots round the count goes into, or None when there is no dots round being prepared.
    round: RoundRow | None
    voters: int


def plan_fallback_pack(session: Session, *, commission_id: str) -> PdfPlan:
    """The paper fallback pack, read and ready to lay out; refuses when there are no outcomes to vote on."""
    commission = commissions.get_commission(session, commission_id=commission_id)
    vote = _vote(session, commission_id)
    story: list[Flowable] = [*_instructions(commission.title, vote)]
    story += [NextPageTemplate(LANDSCAPE_TEMPLATE), PageBreak(), *_poster(vote), *_tally_sheet(vote)]
    return PdfPlan(
        story,
        commission_title=commission.title,
        document_title="Paper fallback pack",
        author=commission.commissioning_body or commission.title,
        subject=f"Paper fallback pack: {commission.title}",
    )


def _vote(session: Session, commission_id: str) -> _Vote:
    preparing = [
        row
        for row in voting.list_rounds(session, commission_id=commission_id)
        if row.method is VoteMethod.DOTS and row.state in (RoundState.DRAFT, RoundState.OPEN) and row.options
    ]
    if preparing:
        latest = preparing[-1]
        return _Vote(latest.title, tuple(o.label for o in latest.options), latest, latest.eligible_voters)
    statements = tuple(
        row.text
        for row in outcomes.list_outcomes(session, commission_id=commission_id, include_merged=False)
        if row.status in (OutcomeStatus.PROPOSED, OutcomeStatus.AGREED)
    )
    if not statements:
        raise InvalidInput(
            "There are no outcome statements to put on paper yet; add them on the Outcomes page first."
        )
    voters = sum(
        1
        for row in participants.list_participants(session, commission_id=commission_id, include_withdrawn=False)
        if row.role in voting.VOTING_ROLES
    )
    return _Vote("Which outcomes matter most?", statements, None, voters)


# --------------------------------------------------------------------------- the facilitator's page


def _numbered(items: list[str], style: ParagraphStyle) -> ListFlowable:
    return ListFlowable(
        [ListItem(Paragraph(item, style), leftIndent=16) for item in items],  # type: ignore[misc]  # stubs: no ListItem
        bulletType="1",
        bulletFormat="%s.",
        bulletFontName=FONT_BOLD,
        bulletFontSize=style.fontSize,
        leftIndent=16,
        spaceAfter=4,
    )


def _instructions(commission_title: str, vote: _Vote) -> list[Flowable]:
    styles = document_styles()
    body = ParagraphStyle("Instruction", parent=styles.body, fontSize=11, leading=14.5, spaceAfter=4)
    title = ParagraphStyle("PackTitle", parent=styles.cover_title, fontSize=24, leading=28, spaceAfter=6)
    round_row = vote.round
    count = len(vote.options)
    poster_pages = -(-count // _PER_POSTER_PAGE)
    if round_row is not None:
        dots = f"{round_row.dots_per_person} dots each"
        cap = f"at most {round_row.max_dots_per_option} on one outcome"
        budget = f"{dots}, {cap}"
        handed_out = round_row.dots_per_person * vote.voters
        give = (
            f"Give every person the same number of dots: <b>{dots}</b>, {cap}. With {vote.voters} people "
            f"voting that is {handed_out} dots in all, so the count cannot come to more."
        )
        where = f"the round “{markup(round_row.title)}”"
    else:
        budget = "Decide before you start: ____ dots each, at most ____ on one outcome"
        give = (
            "Give every person the same number of dots: decide how many before you start, write it in above, "
            "and say how many may go on one outcome. Use the same numbers when you make the round in the app."
        )
        where = "a new dots round"
    printed = today()
    facts = [
        ("Vote", vote.title),
        ("Outcomes on the poster", str(count)),
        ("Dots for each person", budget),
        ("People who can vote", str(vote.voters)),
        ("Printed on", day_text(printed)),
    ]
    running = [
        (
            f"Put the poster pages (pages 2 to {poster_pages + 1}) up side by side, low enough for everyone to "
            "reach. Print them on A3 if you can (choose “fit to page”); A4 works too."
        ),
        "Read each outcome aloud, with its number, so nobody has to rely on reading it.",
        give,
        (
            "Everyone places their dots in the box beside the outcomes that matter most to them. Let people "
            "place them at the same time, so nobody just follows the first person."
        ),
        (
            "When everyone has finished, two people count together using the tally sheet (after the poster): one "
            "counts the dots in each box and marks them in five-bar gates, the other checks. Write each total, "
            "add up the dots and both sign."
        ),
    ]
    if round_row is None:
        app_first = (
            "There is no dots round in the app yet. On the Priorities page, create a dots round from the "
            "outcome statements with the same dots per person, and open it. Its outcomes come in the same "
            "order as the numbers on the poster."
        )
    elif round_row.state is RoundState.DRAFT:
        app_first = (
            f"{where[0].upper()}{where[1:]} is still being prepared: open it first on the Priorities page "
            "(paper dots can only be added to a round that has been opened)."
        )
    else:
        app_first = f"Find {where}; it is already open, so the paper dots can go straight in."
    later = [
        app_first,
        (
            "Choose Workshop ▸ Open the live console and projector (F5), pick the round and go to the "
            "<b>Paper dots</b> tab. (The Priorities page has the same form on its Paper tallies tab.)"
        ),
        (
            "Type the total from the tally sheet beside each outcome: they are listed in the same order as the "
            "numbers on the poster. Under “Where the dots came from”, write something like “Paper poster, "
            "workshop 3”, then press <b>Add paper dots</b> (Ctrl+Enter)."
        ),
        (
            "Check the totals on screen against the tally sheet before you close or reveal the round: once the "
            "results are revealed, no more paper dots can be added. Paper dots are not ballots, so they do not "
            "change who has voted."
        ),
        "Keep the signed tally sheet with the commission's papers.",
    ]
    return [
        bookmarked(Paragraph("Paper fallback pack", title), "Instructions"),
        Paragraph(markup(commission_title), styles.cover_line),
        Paragraph(
            "For running the dot vote with no laptop or projector, then putting the count into the app later.",
            styles.small,
        ),
        spacer(2),
        key_value_table(facts, widths=[50 * mm, 120 * mm]),
        heading("Running the vote on paper", level=2),
        _numbered(running, body),
        heading("Putting the count into the app afterwards", level=2),
        _numbered(later, body),
    ]


# --------------------------------------------------------------------------- the poster


class _PosterBand(Flowable):
    """One outcome on the poster: its number in a disc, its words in big type, and a box for the dots."""

    def __init__(self, number: int, text: str, *, width: float, height: float) -> None:
        super().__init__()
        self.number = number
        self.text = text
        self.width = width
        self.height = height
        self.number_width = 30 * mm
        self.text_width = 100 * mm

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def _words(self) -> Paragraph:
        """The outcome in the biggest type, from 30 pt down to 14 pt, that fits its column."""
        room = self.height - 8 * mm
        for size in range(30, 13, -2):
            style = ParagraphStyle(
                f"Poster{size}",
                fontName=FONT_BOLD,
                fontSize=size,
                leading=size * 1.18,
                textColor=colors.black,
            )
            words = Paragraph(markup(self.text), style)
            _, height = words.wrap(self.text_width - 8 * mm, room)
            if height <= room:
                return words
        return words

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.5)
        canvas.roundRect(0, 0, self.width, self.height, 4 * mm)

        radius = 11 * mm
        centre_x, centre_y = self.number_width / 2, self.height / 2
        canvas.setFillColor(INK)
        canvas.circle(centre_x, centre_y, radius, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(FONT_BOLD, 34 if self.number < 100 else 24)
        canvas.drawCentredString(centre_x, centre_y - 12, str(self.number))

        words = self._words()
        _, height = words.wrap(self.text_width - 8 * mm, self.height - 8 * mm)
        words.drawOn(canvas, self.number_width, (self.height - height) / 2)

        box_x = self.number_width + self.text_width
        box_width = self.width - box_x - 4 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(1)
        canvas.setDash(4, 3)
        canvas.roundRect(box_x, 4 * mm, box_width, self.height - 8 * mm, 3 * mm)
        canvas.setDash()
        canvas.setFillColor(_DOT_HINT)
        canvas.setFont(FONT, 11)
        canvas.drawString(box_x + 3 * mm, self.height - 4 * mm - 14, f"Dots for {self.number}")
        canvas.restoreState()


def _poster(vote: _Vote) -> list[Flowable]:
    styles = document_styles()
    title = ParagraphStyle(
        "PosterTitle",
        parent=styles.body,
        fontName=FONT_BOLD,
        fontSize=26,
        leading=30,
        textColor=INK,
        spaceAfter=2,
    )
    line = ParagraphStyle("PosterLine", parent=styles.body, fontSize=15, leading=19, spaceAfter=6)
    if vote.round is not None:
        how = (
            f"Put your {vote.round.dots_per_person} dots beside the outcomes that matter most to you. "
            f"Up to {vote.round.max_dots_per_option} on one outcome."
        )
    else:
        how = "Put your dots beside the outcomes that matter most to you."
    band_height = 64 * mm
    flowables: list[Flowable] = []
    for start in range(0, len(vote.options), _PER_POSTER_PAGE):
        poster = f"Poster: {vote.title}" + (f", page {start // _PER_POSTER_PAGE + 1}" if start else "")
        page: list[Flowable] = [bookmarked(Paragraph(markup(vote.title), title), poster), Paragraph(markup(how), line)]
        for offset, text in enumerate(vote.options[start : start + _PER_POSTER_PAGE]):
            if offset:
                page.append(spacer(4))
            page.append(_PosterBand(start + offset + 1, text, width=_WIDE_WIDTH, height=band_height))
        flowables += [*page, PageBreak()]
    return flowables


# --------------------------------------------------------------------------- the tally sheet


def _tally_sheet(vote: _Vote) -> list[Flowable]:
    styles = document_styles()
    cell = ParagraphStyle("TallyCell", parent=styles.cell, fontSize=10, leading=12)
    number = ParagraphStyle("TallyNumber", parent=cell, fontName=FONT_BOLD, fontSize=13, alignment=TA_CENTER)
    header = ParagraphStyle("TallyHeader", parent=styles.cell_header, fontSize=9.5)
    box, total = 12 * mm, 30 * mm
    widths = [12 * mm, _WIDE_WIDTH - 12 * mm - box * _TALLY_BOXES - total, *([box] * _TALLY_BOXES), total]
    data: list[list[object]] = [
        [
            Paragraph("No.", header),
            Paragraph("Outcome", header),
            Paragraph("Tally: one five-bar gate (5 dots) in each box", header),
            *([""] * (_TALLY_BOXES - 1)),
            Paragraph("Total", header),
        ]
    ]
    for position, text in enumerate(vote.options, start=1):
        data.append(
            [Paragraph(str(position), number), Paragraph(markup(text), cell), *([""] * _TALLY_BOXES), ""]
        )
    data.append(["", Paragraph("<b>All dots counted</b>", cell), *([""] * _TALLY_BOXES), ""])
    last_box = 1 + _TALLY_BOXES
    table = Table(
        data,
        colWidths=widths,
        repeatRows=1,
        hAlign="LEFT",
        rowHeights=[None, *([8.5 * mm] * (len(data) - 1))],
    )
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (2, 0), (last_box, 0)),
                ("BACKGROUND", (0, 0), (-1, 0), INK),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BOX", (0, 0), (-1, -1), 1, INK),
                ("LINEAFTER", (last_box, 0), (last_box, -1), 1, INK),
                ("BACKGROUND", (0, -1), (-1, -1), SHADE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    sign_label = ParagraphStyle("SignLabel", parent=cell, fontName=FONT_BOLD)

    def lines(rows: list[list[str]], widths: list[float]) -> Table:
        """Labels with a line to write on after each of them."""
        written = Table(
            [[Paragraph(text, sign_label) if text else "" for text in row] for row in rows],
            colWidths=widths,
            rowHeights=[8 * mm] * len(rows),
            hAlign="LEFT",
        )
        written.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "BOTTOM")]
                + [("LINEBELOW", (column, 0), (column, -1), 0.75, INK) for column in range(1, len(widths), 2)]
            )
        )
        return written

    source = lines([["Where the dots came from", ""]], [58 * mm, 120 * mm])
    signatures = lines(
        [["Counted by", "", "Signature", "", "Date", ""], ["Checked by", "", "Signature", "", "Date", ""]],
        [28 * mm, 70 * mm, 24 * mm, 70 * mm, 15 * mm, 50 * mm],
    )
    dots = (
        f" Each person had {vote.round.dots_per_person} dots, so {vote.voters} people could place at most "
        f"{vote.round.dots_per_person * vote.voters}."
        if vote.round is not None
        else ""
    )
    return [
        heading(f"Tally sheet: {vote.title}"),
        Paragraph(
            markup(
                "Count the dots in each box on the poster, one five-bar gate (5 dots) in each tally box, and "
                f"write each total on the right.{dots}"
            ),
            styles.body,
        ),
        source,
        spacer(2),
        table,
        spacer(1),
        KeepTogether([signatures]),
    ]
