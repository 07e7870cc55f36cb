"""The tender as a printable A4 PDF: the invitation to bid that bidders receive.

It carries every section the group wrote, in order, and adds what a bidder needs
to see at a glance: the agreed outcomes and how the group prioritised them, the
evaluation criteria with their weights and scoring scale, and a co-production
statement. The statement gives counts only — a tender is a public document, so
no participant is ever named in it.

Every sentence the app writes into it follows from what is recorded: the closing
date from the tender, what people were paid from the payments handed over (and
what they are still owed, said as owed), and nothing about pay when no payment
has been recorded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Table
from sqlalchemy.orm import Session

from cocommission.export.pdf_style import (
    INK,
    PAGE_TEMPLATE,
    PdfPlan,
    contents,
    cover_status_badge,
    data_table,
    document_styles,
    heading,
    markup,
    spacer,
    text_flowables,
)
from cocommission.model import HonorariumBasis, Role, RoundState, TenderStatus, Visibility, VoteMethod
from cocommission.model.base import today
from cocommission.model.money import format_money
from cocommission.model.scoring import weights_total
from cocommission.services import (
    attendance,
    commissions,
    honoraria,
    outcomes,
    participants,
    payments,
    tender,
    voting,
)
from cocommission.services.commissions import CommissionSummary
from cocommission.services.outcomes import OutcomeRow
from cocommission.services.tender import CriterionRow
from cocommission.services.workshops import list_workshops
from cocommission.wording import in_documents, number_text

#: Roles of the people the service is for: the co-authors the statement counts.
_CO_AUTHOR_ROLES = (Role.YOUNG_PERSON, Role.SERVICE_USER)
_FULL_WIDTH = 170 * mm


def tender_pdf(session: Session, *, commission_id: str) -> bytes:
    """The tender PDF's bytes (see ``plan_tender``)."""
    return plan_tender(session, commission_id=commission_id).render()


def plan_tender(session: Session, *, commission_id: str) -> PdfPlan:
    """The commission's tender, read and ready to lay out: cover, contents, sections, outcomes, criteria, co-production."""
    commission = commissions.get_commission(session, commission_id=commission_id)
    row = tender.get_tender(session, commission_id=commission_id)
    agreed = row.status is TenderStatus.AGREED
    agreed_on = row.agreed_at.date() if row.agreed_at else None
    # The statement describes the tender as it was written: up to the day it was agreed.
    written_by = agreed_on or today()
    co_authors = _co_authors(session, commission_id)
    styles = document_styles()

    story: list[Flowable] = [
        *_cover(commission, row.title, agreed, agreed_on, row.closing_date, has_co_authors=bool(co_authors))
    ]
    story += [NextPageTemplate(PAGE_TEMPLATE), PageBreak(), *contents(), PageBreak()]

    for number, section in enumerate(row.sections, start=1):
        story.append(heading(f"{number}. {section.heading}", contents_key=f"section-{section.id}"))
        if section.key == "timetable":
            story.append(_closing_paragraph(row.closing_date))
        story += (
            text_flowables(section.body)
            if section.body.strip()
            else [Paragraph("<i>This section has not been written yet.</i>", styles.body)]
        )

    number = len(row.sections)
    for title, key, flowables in (
        (
            "How the outcomes were prioritised",
            "outcomes-priority",
            _outcome_priorities(session, commission_id),
        ),
        (
            "Evaluation criteria and scoring",
            "criteria",
            _criteria(session, commission_id, row.scoring_scale_max),
        ),
        (
            "Co-production statement",
            "co-production",
            _co_production(session, commission, co_authors, until=written_by),
        ),
    ):
        number += 1
        story.append(heading(f"{number}. {title}", contents_key=key))
        story += flowables

    return PdfPlan(
        story,
        commission_title=commission.title,
        document_title="Tender",
        author=commission.commissioning_body or commission.title,
        subject=f"Invitation to bid: {commission.title}",
    )


def _closing_paragraph(closing_date: date | None) -> Paragraph:
    styles = document_styles()
    if closing_date is None:
        return Paragraph("<i>The closing date has not been set yet.</i>", styles.body)
    return Paragraph(f"<b>{markup(tender.closing_sentence(closing_date))}</b>", styles.body)


def _cover(
    commission: CommissionSummary,
    title: str,
    agreed: bool,
    agreed_on: date | None,
    closing_date: date | None,
    *,
    has_co_authors: bool,
) -> list[Flowable]:
    styles = document_styles()
    budget = format_money(commission.budget_minor, commission.budget_currency)
    shown_date = agreed_on or today()
    flowables: list[Flowable] = [spacer(40), Paragraph(markup(title), styles.cover_title)]
    if commission.commissioning_body:
        flowables.append(Paragraph(markup(commission.commissioning_body), styles.cover_line))
    if commission.service_area:
        flowables.append(Paragraph(markup(commission.service_area), styles.cover_line))
    flowables += [
        spacer(10),
        Paragraph(f"<b>Budget:</b> {markup(budget)}", styles.cover_line),
        *(
            [Paragraph(f"<b>Closing date:</b> {tender.long_date(closing_date)}", styles.cover_line)]
            if closing_date is not None
            else []
        ),
        Paragraph(
            f"<b>{'Agreed on' if agreed else 'Printed on'}:</b> {shown_date.day} {shown_date:%B %Y}",
            styles.cover_line,
        ),
        spacer(8),
        cover_status_badge(
            "Agreed by the group" if agreed else "DRAFT — not yet agreed",
            colour=INK if agreed else colors.HexColor("#a33b20"),
        ),
    ]
    if has_co_authors:
        flowables += [
            spacer(30),
            Paragraph(
                "This tender was written together with the young people and service users the service is for.",
                styles.small,
            ),
        ]
    return flowables


def _outcome_priorities(session: Session, commission_id: str) -> list[Flowable]:
    styles = document_styles()
    agreed = outcomes.agreed_outcomes(session, commission_id=commission_id)
    if not agreed:
        return [Paragraph("No outcomes have been agreed yet.", styles.body)]
    agreed_ids = {outcome.id for outcome in agreed}
    columns: list[tuple[str, dict[str, str]]] = []
    explained: list[str] = []
    for vote_round in voting.list_rounds(session, commission_id=commission_id):
        if not _results_public(vote_round):
            continue
        option_outcome = {o.id: o.outcome_id for o in vote_round.options if o.outcome_id in agreed_ids}
        if not option_outcome:
            continue
        result = voting.tally_round(session, round_id=vote_round.id)
        places = in_documents.places(result.ranking)
        cells: dict[str, str] = {}
        for option_id, outcome_id in option_outcome.items():
            place = places.get(option_id, "")
            if vote_round.method is VoteMethod.DOTS and result.scores is not None:
                dots = int(result.scores.get(option_id, 0))
                cells[outcome_id] = f"{dots} {'dot' if dots == 1 else 'dots'}, {place}"
            elif vote_round.method is VoteMethod.RANKING or result.scores is None:
                cells[outcome_id] = place
            else:
                cells[outcome_id] = f"{result.score_texts.get(option_id, '')}, {place}"
        columns.append((vote_round.title, cells))
        explained.append(_round_sentence(vote_round, result.ballots_counted, len(vote_round.options)))
        if result.lot_needed:
            explained.append(
                f"“{vote_round.title}” waits for a lot to settle a tie for fewest votes, so its places are "
                "not final and the options the lot decides between share a place."
            )

    flowables: list[Flowable] = [
        Paragraph(
            f"The group agreed {len(agreed)} {'outcome' if len(agreed) == 1 else 'outcomes'} the service must "
            "achieve. Bidders should show how they will work towards every one of them.",
            styles.body,
        )
    ]
    if columns:
        flowables += [Paragraph(markup(sentence), styles.body) for sentence in explained]
    header = ["Outcome", "How it will be measured", *(title for title, _ in columns)]
    rows = [_outcome_row(outcome, columns) for outcome in _by_priority(agreed, columns)]
    measure_width = 55 * mm if columns else 85 * mm
    round_width = (_FULL_WIDTH - 60 * mm - measure_width) / len(columns) if columns else 0
    outcome_width = _FULL_WIDTH - measure_width - round_width * len(columns)
    flowables.append(
        data_table(header, rows, widths=[outcome_width, measure_width, *([round_width] * len(columns))])
    )
    return flowables


def _results_public(vote_round: voting.RoundRow) -> bool:
    # A round whose results are hidden until reveal must not be published early in a tender.
    if vote_round.state is RoundState.REVEALED:
        return True
    return vote_round.state is RoundState.CLOSED and vote_round.visibility is Visibility.LIVE


def _young_people(count: int) -> str:
    return "1 young person or service user" if count == 1 else f"{count} young people and service users"


def _round_sentence(vote_round: voting.RoundRow, ballots: int, options: int) -> str:
    how = {
        VoteMethod.DOTS: f"each person placed {vote_round.dots_per_person} sticky dots on the outcomes that "
        "mattered most to them",
        VoteMethod.RANKING: "each person put the outcomes in order of importance",
        VoteMethod.APPROVAL: "each person ticked every outcome they supported",
        VoteMethod.SCORE: f"each person scored every outcome from {vote_round.score_min} to {vote_round.score_max}",
    }[vote_round.method]
    return f"“{vote_round.title}”: {how}; {ballots} {'ballot was' if ballots == 1 else 'ballots were'} counted across {options} options."


def _by_priority(
    agreed: tuple[OutcomeRow, ...], columns: list[tuple[str, dict[str, str]]]
) -> list[OutcomeRow]:
    # The last round counted is the group's final word on priority; outcomes keep their list order otherwise.
    if not columns:
        return list(agreed)
    final = columns[-1][1]

    def place_number(outcome: OutcomeRow) -> int:
        text = final.get(outcome.id, "").split(", ")[-1].lstrip("=")
        digits = "".join(ch for ch in text if ch.isdigit())
        return int(digits) if digits else 10_000

    return sorted(agreed, key=lambda outcome: (place_number(outcome), outcome.position))


def _outcome_row(outcome: OutcomeRow, columns: list[tuple[str, dict[str, str]]]) -> list[str]:
    return [outcome.text, outcome.measure or "—", *(cells.get(outcome.id, "—") for _, cells in columns)]


def _criteria(session: Session, commission_id: str, scale_max: int) -> list[Flowable]:
    styles = document_styles()
    criteria = tender.list_criteria(session, commission_id=commission_id)
    if not criteria:
        return [Paragraph("The evaluation criteria have not been agreed yet.", styles.body)]
    flowables: list[Flowable] = [
        Paragraph(
            "A panel that includes young people scores each bid on every criterion, each panellist giving "
            f"a whole number from 0 to {scale_max} using the scale below. Where the panellists' scores differ "
            "widely, the panel discusses them and may agree one score, recording why; otherwise the average "
            f"of their scores is used. A criterion's score counts for its weight: the score ÷ {scale_max} × "
            "the weight gives its points, and a bid's points add up to a total out of 100.",
            styles.body,
        ),
        criteria_table(criteria),
        spacer(4),
        heading("Scoring scale", level=2),
        scoring_scale_table(scale_max),
    ]
    return flowables


def criteria_table(criteria: Sequence[CriterionRow]) -> Table:
    """Each criterion with what the panel looks for and its weight, and the weights' total."""
    total = weights_total(criterion.weight for criterion in criteria)
    rows = [[criterion.name, criterion.description or "—", f"{criterion.weight}%"] for criterion in criteria]
    rows.append(["Total", "", f"{number_text(total)}%"])
    return data_table(
        ["Criterion", "What the panel looks for", "Weight"],
        rows,
        widths=[60 * mm, 90 * mm, 20 * mm],
        numeric_columns=[2],
        highlight_rows=[len(rows) - 1],
    )


def scoring_scale_table(scale_max: int) -> Table:
    """The scoring scale, score by score, in the words the panel and bidders both read."""
    return data_table(
        ["Score", "Rating", "What it means"], scoring_scale_rows(scale_max), widths=[18 * mm, 30 * mm, 122 * mm]
    )


#: The usual UK public-sector 0–5 scale, in plain words a young panellist and a bidder both read the same way.
SCALE_0_TO_5 = (
    ("Unacceptable", "No answer, or the answer does not address this criterion at all."),
    ("Poor", "Barely addresses the criterion: little evidence and major concerns."),
    ("Weak", "Partly meets the criterion, with important gaps or concerns."),
    ("Satisfactory", "Meets the criterion, with enough evidence and only minor concerns."),
    ("Good", "Meets the criterion well, with clear evidence and no real concerns."),
    (
        "Excellent",
        "Meets the criterion fully, with strong evidence; the panel is confident it will be delivered.",
    ),
)


def scoring_scale_rows(scale_max: int) -> list[list[str]]:
    """The scoring scale as [score, rating, what it means] rows, lowest first.

    A 0–5 scale gets the usual public-sector wording. Other scales keep the same words for
    the lowest and highest scores, and say plainly that the scores between are in between.
    """
    if scale_max == 5:
        return [[str(score), rating, meaning] for score, (rating, meaning) in enumerate(SCALE_0_TO_5)]
    if scale_max == 1:
        return [
            ["0", "Does not meet", "No answer, or the answer does not meet this criterion."],
            ["1", "Meets", "Meets the criterion, with enough evidence."],
        ]
    lowest, highest = SCALE_0_TO_5[0], SCALE_0_TO_5[-1]
    between = (
        ["1", "Partly meets", "Meets the criterion in part, with some gaps or concerns."]
        if scale_max == 2
        else [
            f"1 to {scale_max - 1}",
            "In between",
            (
                "Meets the criterion in part: the higher the score, the more fully the bid meets it and the "
                "stronger its evidence."
            ),
        ]
    )
    return [["0", *lowest], between, [str(scale_max), *highest]]


def _co_authors(session: Session, commission_id: str) -> set[str]:
    """The young people and service users still taking part: the tender's co-authors."""
    return {
        participant.id
        for participant in participants.list_participants(session, commission_id=commission_id, include_withdrawn=False)
        if participant.role in _CO_AUTHOR_ROLES
    }


def _co_production(
    session: Session, commission: CommissionSummary, co_authors: set[str], *, until: date
) -> list[Flowable]:
    # Counts only: naming the young people here would put them in a public document.
    styles = document_styles()
    held = [
        w
        for w in list_workshops(session, commission_id=commission.id)
        if w.held_on and w.held_on <= until
    ]
    minutes = sum(
        line.minutes or 0
        for workshop in held
        for line in attendance.list_attendance(session, workshop_id=workshop.id)
        if line.present and line.participant_id in co_authors
    )
    facts = [
        ["Young people and service users who took part", str(len(co_authors))],
        ["Workshops held while it was written", str(len(held))],
        ["Hours they spent in those workshops, all together", number_text(round(minutes / 60, 1))],
    ]
    pay = _pay(session, commission, co_authors)
    pay_sentence = ""
    if pay is not None:
        pay_sentence = f" {pay.sentence}"
        facts += pay.facts
    _, _, outcomes_agreed, criteria_agreed = tender.co_production_facts(session, commission.id, until=until)
    workshops = f", over {len(held)} {'workshop' if len(held) == 1 else 'workshops'}" if held else ""
    if co_authors:
        opening = (
            f"This tender was written together with {_young_people(len(co_authors))}{workshops}. "
            f"They {tender.what_the_group_did(outcomes_agreed, criteria_agreed)}.{pay_sentence} To protect "
            "their privacy, nobody who took part is named here."
        )
    else:
        opening = "No young people or service users are recorded as taking part in writing this tender."
    return [
        Paragraph(markup(opening), styles.body),
        data_table(["", "From the records"], facts, widths=[120 * mm, 50 * mm], numeric_columns=[1]),
    ]


@dataclass(frozen=True)
class _Pay:
    """What the co-authors were paid and are owed for their time, in words and as table rows."""

    sentence: str
    facts: list[list[str]]


def _pay(session: Session, commission: CommissionSummary, co_authors: set[str]) -> _Pay | None:
    """Pay as the payments record it: handed over is paid, the rest of what was earned is owed.

    None when no payment to a co-author has been recorded, so the tender says nothing about pay.
    """
    currency = commission.honorarium_currency
    recorded = [
        payment
        for payment in payments.list_payments(session, commission_id=commission.id)
        if payment.participant_id in co_authors and payment.currency_code == currency.code
    ]
    if not recorded:
        return None
    paid_by_person: dict[str, int] = {}
    due_by_person: dict[str, int] = {}
    for payment in recorded:
        into = paid_by_person if payment.paid else due_by_person
        into[payment.participant_id] = into.get(payment.participant_id, 0) + payment.amount_minor
    earned = {
        row.participant_id: row.earned_minor
        for row in honoraria.honoraria_due(session, commission_id=commission.id)
        if row.participant_id in co_authors
    }
    paid = sum(paid_by_person.values())
    owed = sum(
        max(earned.get(person, 0) - paid_by_person.get(person, 0), due_by_person.get(person, 0))
        for person in co_authors
    )
    rate = format_money(commission.honorarium_rate_minor, currency)
    per = "an hour" if commission.honorarium_basis is HonorariumBasis.HOUR else "a workshop"
    at_rate = f" at {rate} {per} in {currency.name}" if commission.honorarium_rate_minor > 0 else ""
    paid_text, owed_text = format_money(paid, currency), format_money(owed, currency)
    if paid and owed:
        sentence = f"They are paid for their time{at_rate}: {paid_text} has been paid and {owed_text} is still owed."
    elif paid:
        sentence = f"They were paid for their time{at_rate}: {paid_text} in all, and nothing is owed."
    else:
        sentence = f"They are owed {owed_text} for their time{at_rate}; none of it has been handed over yet."
    facts = []
    if commission.honorarium_rate_minor > 0:
        facts.append(["Rate for their time", f"{rate} {per}, in {currency.name} ({currency.code})"])
    facts.append(["Paid for their time so far", paid_text])
    if owed:
        facts.append(["Still owed for their time", owed_text])
    return _Pay(sentence, facts)
