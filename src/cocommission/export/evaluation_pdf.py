"""The bid evaluation report as a printable A4 PDF: how the panel scored every shortlisted bid.

A commissioner files it beside the decision record to show the scoring was fair:
each panellist's score on every criterion (panellists by pseudonym only — they are
young people, and the report may be shared), where they disagreed widely, every
moderated score with the reason the panel agreed it, the weighted totals and the
ranking (ties shown as "=1st", never broken), the sums step by step, and every
declared conflict of interest with the note that the panellist did not score that bid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, NextPageTemplate, Paragraph, Table, TableStyle
from sqlalchemy.orm import Session

from cocommission.export.audit_line import audit_head_flowables
from cocommission.export.pdf_style import (
    FONT_BOLD,
    INK,
    PAGE_TEMPLATE,
    RULE,
    SHADE,
    PdfPlan,
    bullet_list,
    cover_heading,
    data_table,
    day_text,
    document_styles,
    heading,
    key_value_table,
    markup,
    spacer,
    step_flowables,
)
from cocommission.export.tender_pdf import criteria_table, scoring_scale_table
from cocommission.model.base import today as todays_date
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.model.scoring import SPREAD_THRESHOLD, BidResult, weights_total
from cocommission.services import bids, commissions, participants, tender
from cocommission.services.bids import BidRow
from cocommission.services.collation import name_sort_key
from cocommission.services.conflicts import ConflictRow, list_conflicts
from cocommission.services.errors import InvalidInput
from cocommission.services.evaluation import BidEvaluation, evaluate
from cocommission.services.moderation import ModerationRow, list_moderated_scores
from cocommission.services.scores import GridRow, scoring_grid
from cocommission.services.tender import CriterionRow
from cocommission.wording import in_documents, number_text

_FULL_WIDTH = 170 * mm
_NAME_COLUMN = 30 * mm
#: Pale amber behind a score spread wide enough to need discussion; still readable in greyscale.
_WIDE = colors.HexColor("#f6deb3")


def evaluation_pdf(session: Session, *, commission_id: str) -> bytes:
    """The bid evaluation report's bytes (see ``plan_evaluation``)."""
    return plan_evaluation(session, commission_id=commission_id).render()


@dataclass(frozen=True)
class _Reading:
    """Everything the report shows, read from the database in one go."""

    criteria: tuple[CriterionRow, ...]
    shortlisted: tuple[BidRow, ...]
    evaluation: BidEvaluation
    grid: tuple[GridRow, ...]
    moderations: dict[tuple[str, str], ModerationRow]
    pseudonyms: dict[str, str]
    currencies: dict[str, CurrencyInfo]


def plan_evaluation(session: Session, *, commission_id: str) -> PdfPlan:
    """The evaluation report, read and ready to lay out; refuses without criteria or shortlisted bids."""
    commission = commissions.get_commission(session, commission_id=commission_id)
    criteria = tender.list_criteria(session, commission_id=commission_id)
    if not criteria:
        raise InvalidInput(
            "There are no evaluation criteria to report on yet; agree them on the Tender page first."
        )
    shortlisted = bids.list_bids(session, commission_id=commission_id, shortlisted_only=True)
    if not shortlisted:
        raise InvalidInput(
            "No bids are shortlisted, so there is nothing to report on yet; shortlist bids on the "
            "Bids & interviews page first."
        )
    reading = _Reading(
        criteria=criteria,
        shortlisted=shortlisted,
        evaluation=evaluate(session, commission_id=commission_id),
        grid=scoring_grid(session, commission_id=commission_id),
        moderations={
            (row.bid_id, row.criterion_id): row
            for row in list_moderated_scores(session, commission_id=commission_id)
        },
        pseudonyms={
            row.id: row.pseudonym for row in participants.list_participants(session, commission_id=commission_id)
        },
        currencies={c.code: c for c in commissions.list_currencies(session, commission_id=commission_id)},
    )
    all_bids = {bid.id: bid for bid in bids.list_bids(session, commission_id=commission_id)}
    conflicts = list_conflicts(session, commission_id=commission_id)

    styles = document_styles()
    result = reading.evaluation.result
    places = in_documents.places(result.ranking)
    panellists = {row.panellist_id for row in reading.grid}
    story: list[Flowable] = cover_heading("Bid evaluation report", commission.title, commission.commissioning_body)
    today = todays_date()
    story += [
        spacer(6),
        key_value_table(
            [
                ("Shortlisted bids", str(len(shortlisted))),
                ("Criteria", f"{len(criteria)}, weighted to add up to {number_text(_out_of(criteria))}%"),
                ("Scoring scale", f"0 to {reading.evaluation.max_score} on every criterion"),
                ("Panellists", f"{len(panellists)}, shown by pseudonym"),
                ("Conflicts of interest declared", str(len(conflicts))),
                ("Printed on", day_text(today)),
            ],
            widths=[60 * mm, 110 * mm],
        ),
        spacer(4),
        Paragraph(
            "Panellists are shown by their pseudonyms, never by name, to protect the young people on the panel.",
            styles.small,
        ),
        NextPageTemplate(PAGE_TEMPLATE),
    ]
    story += _ranking(reading, places)
    story += _criteria(reading)
    story += _conflicts(conflicts, all_bids, reading.pseudonyms)
    for tier in result.ranking:
        for bid_id in tier:
            # A bid's table and the notes under it read as one, so they share a page where they fit.
            story.append(KeepTogether(_bid_section(reading, bid_id, places[bid_id])))
    story += [
        heading("How the totals were worked out, step by step", contents_key="steps"),
        *step_flowables(result.steps),
    ]
    story += audit_head_flowables(session, commission_id=commission_id)

    return PdfPlan(
        story,
        commission_title=commission.title,
        document_title="Bid evaluation report",
        author=commission.commissioning_body or commission.title,
        subject=f"Bid evaluation report: {commission.title}",
    )


def _out_of(criteria: Sequence[CriterionRow]) -> float:
    return weights_total(criterion.weight for criterion in criteria)


def _bid_money(reading: _Reading, bid: BidRow) -> str:
    currency = reading.currencies.get(bid.currency_code)
    return format_money(bid.amount_minor, currency) if currency else f"{bid.amount_minor} {bid.currency_code}"


def _total_text(reading: _Reading, total: float) -> str:
    return f"{number_text(round(total, 2))} / {number_text(_out_of(reading.criteria))}"


def scored_sentence(results: Sequence[BidResult], max_score: int) -> str:
    """How the shortlisted bids were scored, claiming every criterion was scored only when it was."""
    if all(result.complete for result in results):
        return f"Each shortlisted bid was scored out of {max_score} on every criterion."
    return (
        f"Each shortlisted bid is scored out of {max_score} on every criterion; not every score has been "
        "given yet, and a criterion with no score counts 0 (see “Some scores missing”)."
    )


def _ranking(reading: _Reading, places: dict[str, str]) -> list[Flowable]:
    styles = document_styles()
    result = reading.evaluation.result
    by_id = {bid.id: bid for bid in reading.shortlisted}
    totals = {bid.bid_id: bid for bid in result.bids}
    rows = []
    for tier in result.ranking:
        for bid_id in tier:
            bid = by_id[bid_id]
            notes = []
            if not totals[bid_id].complete:
                notes.append("Some scores missing")
            wide = sum(1 for cell in reading.evaluation.flagged if cell[0] == bid_id)
            if wide:
                notes.append(f"Wide disagreement on {wide} {'criterion' if wide == 1 else 'criteria'}")
            moderated = sum(1 for key in reading.moderations if key[0] == bid_id)
            if moderated:
                notes.append(f"{moderated} moderated {'score' if moderated == 1 else 'scores'}")
            rows.append(
                [
                    places[bid_id],
                    f"{bid.title}\n{bid.bidder_name}",
                    _bid_money(reading, bid),
                    _total_text(reading, totals[bid_id].weighted_total),
                    "; ".join(notes) or "—",
                ]
            )
    ties = [tier for tier in result.ranking if len(tier) > 1]
    tie_note = (
        " Bids with equal totals share a place, shown as “=1st”; the tie is not broken here."
        if ties
        else " Bids with equal totals would share a place, shown as “=1st”."
    )
    return [
        heading("Ranking by weighted total", contents_key="ranking"),
        Paragraph(
            markup(
                f"{scored_sentence(result.bids, reading.evaluation.max_score)} The score used is the panel's moderated score where it agreed one, otherwise the mean of "
                f"the panellists' scores; each criterion then counts for its weight.{tie_note}"
            ),
            styles.body,
        ),
        data_table(
            ["Place", "Bid", "Asked for", "Weighted total", "Notes"],
            rows,
            widths=[16 * mm, 66 * mm, 26 * mm, 24 * mm, 38 * mm],
            numeric_columns=[2, 3],
        ),
    ]


def _criteria(reading: _Reading) -> list[Flowable]:
    return [
        heading("Criteria, weights and the scoring scale", contents_key="criteria"),
        criteria_table(reading.criteria),
        spacer(3),
        KeepTogether(
            [
                heading("Scoring scale", level=2),
                scoring_scale_table(reading.evaluation.max_score),
            ]
        ),
    ]


def _score(value: float | None) -> str:
    return "—" if value is None else number_text(round(value, 2))


def _bid_section(reading: _Reading, bid_id: str, place: str) -> list[Flowable]:
    styles = document_styles()
    bid = next(bid for bid in reading.shortlisted if bid.id == bid_id)
    result = next(row for row in reading.evaluation.result.bids if row.bid_id == bid_id)
    cells = [row for row in reading.grid if row.bid_id == bid_id]
    conflicted = sorted(
        {row.panellist_id for row in cells if row.locked}, key=lambda pid: (name_sort_key(reading.pseudonyms.get(pid, "")), pid)
    )
    scorers = sorted(
        {row.panellist_id for row in cells if not row.locked}, key=lambda pid: (name_sort_key(reading.pseudonyms.get(pid, "")), pid)
    )
    flowables: list[Flowable] = [
        heading(f"{place}: {bid.title}", contents_key=f"bid-{bid_id}"),
        Paragraph(
            markup(
                f"{bid.bidder_name} · asked for {_bid_money(reading, bid)} · weighted total "
                f"{_total_text(reading, result.weighted_total)}"
                + ("" if result.complete else " (some scores are missing)")
            ),
            styles.body,
        ),
        _score_table(reading, result, cells, scorers),
    ]
    notes = _cell_notes(reading, bid_id, result)
    if conflicted:
        names = ", ".join(reading.pseudonyms.get(pid, "A panellist") for pid in conflicted)
        verb = "has" if len(conflicted) == 1 else "have"
        notes.append(
            f"{names} {verb} declared a conflict of interest with this bid and did not score it "
            "(see Conflicts of interest)."
        )
    if notes:
        flowables += [spacer(2), bullet_list(notes, style=styles.step)]
    return flowables


def _score_table(
    reading: _Reading, result: BidResult, cells: Sequence[GridRow], scorers: Sequence[str]
) -> Table:
    """Panellists down the side, criteria across; below them the mean, spread, moderation and points."""
    styles = document_styles()
    max_score = reading.evaluation.max_score
    by_cell = {(row.panellist_id, row.criterion_id): row.value for row in cells}
    per_criterion = {cell.criterion_id: cell for cell in result.criteria}
    width = (_FULL_WIDTH - _NAME_COLUMN) / len(reading.criteria)
    header_style = styles.cell_header.clone("ScoreHeader", fontSize=8.5, leading=10.5)
    number_style = styles.cell.clone("ScoreCell", alignment=2)
    label_style = styles.cell.clone("ScoreLabel", fontName=FONT_BOLD)

    def row(label: str, values: Sequence[str]) -> list[Paragraph]:
        return [Paragraph(markup(label), label_style), *(Paragraph(markup(v), number_style) for v in values)]

    data: list[list[Paragraph]] = [
        [
            Paragraph("Panellist", header_style),
            *(Paragraph(markup(f"{c.name} ({c.weight}%)"), header_style) for c in reading.criteria),
        ]
    ]
    for panellist_id in scorers:
        data.append(
            row(
                reading.pseudonyms.get(panellist_id, "A panellist"),
                [_score(by_cell.get((panellist_id, c.id))) for c in reading.criteria],
            )
        )
    if not scorers:
        data.append(row("No panellist", ["—" for _ in reading.criteria]))
    first_summary = len(data)
    wide_cells = []
    spreads = []
    for column, criterion in enumerate(reading.criteria, start=1):
        cell = per_criterion[criterion.id]
        if reading.evaluation.is_flagged(result.bid_id, criterion.id):
            spreads.append(f"{_score(cell.spread)} (wide)")
            wide_cells.append(column)
        else:
            spreads.append(_score(cell.spread))
    data += [
        row("Mean", [_score(per_criterion[c.id].mean) for c in reading.criteria]),
        row("Spread", spreads),
        row("Moderated", [_score(per_criterion[c.id].moderated) for c in reading.criteria]),
        row("Score used", [_score(per_criterion[c.id].used) for c in reading.criteria]),
        row(
            "Points",
            [_score((per_criterion[c.id].used or 0) / max_score * c.weight) for c in reading.criteria],
        ),
    ]
    spread_row = first_summary + 1
    table = Table(
        data, colWidths=[_NAME_COLUMN, *([width] * len(reading.criteria))], repeatRows=1, hAlign="LEFT"
    )
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.5, RULE),
        ("INNERGRID", (0, 0), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("BACKGROUND", (0, first_summary), (-1, -1), SHADE),
        ("LINEABOVE", (0, first_summary), (-1, first_summary), 1, INK),
        ("LINEABOVE", (0, -2), (-1, -2), 1, INK),
    ]
    for column in wide_cells:
        commands.append(("BACKGROUND", (column, spread_row), (column, spread_row), _WIDE))
    table.setStyle(TableStyle(commands))
    return table


def _cell_notes(reading: _Reading, bid_id: str, result: BidResult) -> list[str]:
    """Plain sentences about wide disagreements and moderated scores, criterion by criterion."""
    max_score = reading.evaluation.max_score
    limit = number_text(SPREAD_THRESHOLD * max_score)
    per_criterion = {cell.criterion_id: cell for cell in result.criteria}
    values: dict[str, list[int]] = {}
    for row in reading.grid:
        if row.bid_id == bid_id and row.value is not None:
            values.setdefault(row.criterion_id, []).append(row.value)
    notes = []
    for criterion in reading.criteria:
        cell = per_criterion[criterion.id]
        if reading.evaluation.is_flagged(bid_id, criterion.id):
            scores = values.get(criterion.id, [])
            unresolved = (
                ""
                if cell.moderated is not None
                else " The panel did not agree a moderated score, so the mean is used."
            )
            notes.append(
                f"Wide disagreement on “{criterion.name}”: scores ranged from {min(scores)} to {max(scores)}, "
                f"a spread of {_score(cell.spread)} (more than {limit} points apart).{unresolved}"
            )
        moderation = reading.moderations.get((bid_id, criterion.id))
        if moderation is not None:
            before = (
                f" in place of the mean of {_score(moderation.mean_before)}"
                if moderation.mean_before is not None
                else ""
            )
            notes.append(
                f"Moderated “{criterion.name}”: the panel agreed {moderation.value}{before}. "
                f"Reason: {moderation.reason}"
            )
    return notes


def _conflicts(
    conflicts: Sequence[ConflictRow], all_bids: dict[str, BidRow], pseudonyms: dict[str, str]
) -> list[Flowable]:
    styles = document_styles()
    flowables: list[Flowable] = [heading("Conflicts of interest", contents_key="conflicts")]
    if not conflicts:
        return [*flowables, Paragraph("No panellist declared a conflict of interest.", styles.body)]
    rows = []
    for conflict in conflicts:
        bid = all_bids.get(conflict.bid_id)
        rows.append(
            [
                pseudonyms.get(conflict.panellist_id, "A panellist"),
                f"{bid.title}\n{bid.bidder_name}" if bid else "A bid no longer on record",
                conflict.nature,
                day_text(conflict.declared_at),
                "Did not score this bid",
            ]
        )
    flowables += [
        Paragraph(
            "A panellist with a conflict of interest cannot score that bid. Any scores they had given it "
            "before declaring were withdrawn and do not count.",
            styles.body,
        ),
        data_table(
            ["Panellist", "Bid", "Nature of the conflict", "Declared", "Scoring"],
            rows,
            widths=[22 * mm, 42 * mm, 45 * mm, 34 * mm, 27 * mm],
        ),
    ]
    return flowables
