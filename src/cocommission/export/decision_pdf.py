"""The decision record as a printable A4 PDF: what the commissioner files and defends later.

It sets the group's decision beside the professional's recommendation, gives
both sets of reasons, any dissent and how the group decided, ranks the bids by
their weighted totals (ties shown as "=1st"), and reprints every vote count
step by step so anyone can check the arithmetic.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Table,
    TableStyle,
)
from sqlalchemy.orm import Session

from cocommission.export.audit_line import audit_head_flowables
from cocommission.export.evaluation_pdf import scored_sentence
from cocommission.export.pdf_style import (
    INK,
    PAGE_TEMPLATE,
    RULE,
    SHADE,
    PdfPlan,
    cover_heading,
    cover_status_badge,
    data_table,
    day_text,
    document_styles,
    heading,
    key_value_table,
    markup,
    spacer,
    step_flowables,
    text_flowables,
)
from cocommission.model import RoundState, TieBreak, VoteMethod
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.model.tallies import TallyResult
from cocommission.services import bids, commissions, voting
from cocommission.services.bids import BidRow
from cocommission.services.decision import DecisionRow, get_decision
from cocommission.services.errors import InvalidInput, RuleBroken
from cocommission.services.evaluation import evaluate
from cocommission.wording import in_documents, number_text

_COUNT_NAMES = {
    "dots": "dot vote (dots added up)",
    "borda": "ranking counted by Borda points",
    "schulze": "ranking counted by the Schulze method",
    "irv": "ranking counted by instant run-off",
    "approval": "approval vote",
    "score": "score vote",
}
#: What the number beside each option counts, per count method; instant run-off has none.
_NUMBER_NAMES = {
    "dots": "Dots",
    "borda": "Points",
    "schulze": "Options it beats",
    "approval": "Approvals",
    "score": "Mean score",
}
_TIE_BREAK_NAMES = {
    TieBreak.EARLIER_COUNTS_THEN_LOT: "Earlier counts, then a lot drawn by the facilitator",
    TieBreak.LOT: "A lot drawn by the facilitator",
}
_METHOD_NAMES = {
    VoteMethod.DOTS: "Dot vote",
    VoteMethod.RANKING: "Ranking",
    VoteMethod.APPROVAL: "Approval",
    VoteMethod.SCORE: "Scores",
}


def decision_pdf(session: Session, *, commission_id: str) -> bytes:
    """The decision PDF's bytes (see ``plan_decision``)."""
    return plan_decision(session, commission_id=commission_id).render()


def plan_decision(session: Session, *, commission_id: str) -> PdfPlan:
    """The commission's decision record, read and ready to lay out; refuses when no decision has been recorded."""
    commission = commissions.get_commission(session, commission_id=commission_id)
    decision = get_decision(session, commission_id=commission_id)
    if decision is None:
        raise InvalidInput(
            "There is no decision to print yet; record the group's decision on the Decision page first."
        )
    all_bids = {bid.id: bid for bid in bids.list_bids(session, commission_id=commission_id)}
    styles = document_styles()
    money = commission.budget_currency
    decided_on = decision.decided_on
    when = day_text(decided_on) if decided_on else "date not recorded"
    funded_titles = [all_bids[row.bid_id].title for row in decision.funded if row.bid_id in all_bids]

    story: list[Flowable] = cover_heading("Decision record", commission.title, commission.commissioning_body)
    story += [
        spacer(6),
        key_value_table(
            [
                ("Decided on", when),
                ("Budget", format_money(commission.budget_minor, money)),
                ("Funded", "; ".join(_funded_lines(decision, all_bids, money)) or "—"),
                ("Total awarded", format_money(sum(row.amount_minor for row in decision.funded), money)),
                ("Professional recommendation", _bid_name(all_bids, decision.professional_recommendation_id)),
            ],
            widths=[55 * mm, 115 * mm],
        ),
        spacer(6),
        cover_status_badge(_beside_the_recommendation(decision), colour=INK, width_mm=100),
        spacer(6),
        heading("The decision beside the recommendation"),
        _side_by_side(decision, all_bids, money),
    ]
    if decision.differs_from_recommendation:
        story.append(spacer(3))
        story.append(
            Paragraph(
                markup(
                    f"The group chose differently from the professional's recommendation: it funded "
                    f"{in_documents.and_list([f'“{t}”' for t in funded_titles])}, not "
                    f"“{_bid_name(all_bids, decision.professional_recommendation_id)}”."
                ),
                styles.body,
            )
        )
    story += [NextPageTemplate(PAGE_TEMPLATE)]
    story += _words("Dissent", decision.dissent, "Nobody recorded a dissenting view.")
    story += _words("How the group decided", decision.how_decided, "How the group decided was not recorded.")
    story += _ranking(session, commission_id, all_bids, decision, money)
    story += _vote_counts(session, commission_id)
    story += audit_head_flowables(session, commission_id=commission_id)

    return PdfPlan(
        story,
        commission_title=commission.title,
        document_title="Decision record",
        author=commission.commissioning_body or commission.title,
        subject=f"Decision record: {commission.title}",
    )


def _beside_the_recommendation(decision: DecisionRow) -> str:
    """How the decision stands beside the recommendation: with none recorded, it neither follows nor differs."""
    if decision.professional_recommendation_id is None:
        return "No recommendation was recorded"
    return "Differs from the recommendation" if decision.differs_from_recommendation else "Follows the recommendation"


def _bid_name(all_bids: dict[str, BidRow], bid_id: str | None) -> str:
    if bid_id is None:
        return "No recommendation was made"
    bid = all_bids.get(bid_id)
    return f"{bid.title} ({bid.bidder_name})" if bid else "A bid no longer on record"


def _funded_lines(decision: DecisionRow, all_bids: dict[str, BidRow], money: CurrencyInfo) -> list[str]:
    return [
        f"{_bid_name(all_bids, row.bid_id)}: {format_money(row.amount_minor, money)}"
        for row in decision.funded
    ]


def _side_by_side(decision: DecisionRow, all_bids: dict[str, BidRow], money: CurrencyInfo) -> Table:
    styles = document_styles()
    header = [
        Paragraph("The group's decision", styles.cell_header),
        Paragraph("The professional's recommendation", styles.cell_header),
    ]
    recommended = decision.professional_recommendation_id
    recommended_bid = all_bids.get(recommended) if recommended else None
    group_choice = [
        Paragraph(f"<b>Fund:</b> {markup(line)}", styles.cell)
        for line in _funded_lines(decision, all_bids, money)
    ]
    professional_choice = [
        Paragraph(
            f"<b>Fund:</b> {markup(_bid_name(all_bids, recommended))}"
            + (
                f": {markup(format_money(recommended_bid.amount_minor, money))} asked"
                if recommended_bid
                else ""
            ),
            styles.cell,
        )
    ]
    group_reasons = [
        Paragraph("<b>Reasons</b>", styles.cell),
        *text_flowables(decision.group_reasons or "—", style=styles.cell),
    ]
    professional_reasons = [
        Paragraph("<b>Reasons</b>", styles.cell),
        *text_flowables(decision.professional_reasons or "—", style=styles.cell),
    ]
    table = Table(
        [header, [group_choice, professional_choice], [group_reasons, professional_reasons]],
        colWidths=[85 * mm, 85 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), INK),
                ("BACKGROUND", (0, 1), (0, -1), SHADE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _words(title: str, text: str, missing: str) -> list[Flowable]:
    styles = document_styles()
    body = text_flowables(text) if text.strip() else [Paragraph(markup(missing), styles.body)]
    return [heading(title), *body]


def _ranking(
    session: Session,
    commission_id: str,
    all_bids: dict[str, BidRow],
    decision: DecisionRow,
    money: CurrencyInfo,
) -> list[Flowable]:
    styles = document_styles()
    flowables: list[Flowable] = [heading("Weighted totals and ranking")]
    try:
        evaluation = evaluate(session, commission_id=commission_id)
    except RuleBroken as refusal:
        return [*flowables, Paragraph(markup(refusal.message), styles.body)]
    result = evaluation.result
    totals = {bid.bid_id: bid for bid in result.bids}
    places = in_documents.places(result.ranking)
    funded = {row.bid_id for row in decision.funded}
    rows = []
    for tier in result.ranking:
        for bid_id in tier:
            bid = all_bids[bid_id]
            notes = []
            if bid_id in funded:
                notes.append("Funded")
            if bid_id == decision.professional_recommendation_id:
                notes.append("Recommended")
            if not totals[bid_id].complete:
                notes.append("Some scores missing")
            rows.append(
                [
                    places[bid_id],
                    f"{bid.title}\n{bid.bidder_name}",
                    format_money(bid.amount_minor, money),
                    f"{number_text(round(totals[bid_id].weighted_total, 2))} / 100",
                    ", ".join(notes) or "—",
                ]
            )
    flowables.append(
        Paragraph(
            f"{scored_sentence(result.bids, evaluation.max_score)} The panel's "
            "moderated score is used where it agreed one, otherwise the mean of the panellists' scores. "
            "Bids with equal totals share a place, shown as “=1st”.",
            styles.body,
        )
    )
    flowables.append(
        data_table(
            ["Place", "Bid", "Asked for", "Weighted total", "Notes"],
            rows,
            widths=[17 * mm, 68 * mm, 28 * mm, 27 * mm, 30 * mm],
            numeric_columns=[2, 3],
            highlight_rows=[n for n, tier_row in enumerate(rows) if "Funded" in tier_row[4]],
        )
    )
    flowables += [
        spacer(3),
        heading("How the totals were worked out", level=2),
        *step_flowables(result.steps),
    ]
    return flowables


def _vote_counts(session: Session, commission_id: str) -> list[Flowable]:
    styles = document_styles()
    counted = [
        vote_round
        for vote_round in voting.list_rounds(session, commission_id=commission_id)
        if vote_round.state in (RoundState.CLOSED, RoundState.REVEALED)
    ]
    flowables: list[Flowable] = [PageBreak(), heading("Vote counts, step by step")]
    if not counted:
        return [*flowables, Paragraph("No vote rounds have been counted.", styles.body)]
    for number, vote_round in enumerate(counted, start=1):
        result = voting.tally_round(session, round_id=vote_round.id)
        labels = {option.id: option.label for option in vote_round.options}
        ties = "; ".join(in_documents.and_list([labels[o] for o in tier]) for tier in result.ties)
        facts = [
            ("How people voted", _METHOD_NAMES[vote_round.method]),
            ("How it was counted", _COUNT_NAMES.get(result.method, result.method)),
            ("Ballots counted", f"{result.ballots_counted} of {vote_round.eligible_voters} who could vote"),
            ("Ballots", "Anonymous" if vote_round.anonymous else "Named"),
        ]
        if result.method == "irv":
            facts += _run_off_facts(vote_round, result, labels)
        else:
            facts.append(("Ties", ties or "None"))
        flowables.append(
            KeepTogether(
                [
                    heading(f"Round {number}: {vote_round.title}", level=2),
                    key_value_table(facts, widths=[45 * mm, 125 * mm]),
                    spacer(2),
                    _result_table(result, labels),
                ]
            )
        )
        flowables += [
            spacer(2),
            Paragraph("<b>How the count was done, step by step</b>", styles.body),
            *step_flowables(result.steps),
        ]
    return flowables


def _run_off_facts(
    vote_round: voting.RoundRow, result: TallyResult, labels: dict[str, str]
) -> list[tuple[str, str]]:
    """An instant run-off's rule for ties for fewest, and where its lot stands."""
    facts = [("If tied for fewest", _TIE_BREAK_NAMES[vote_round.tie_break])]
    if result.lot_needed:
        waiting = in_documents.and_list([labels[o] for o in result.lot_needed])
        facts.append(
            (
                "Lot",
                f"Needed between {waiting} and not drawn yet: "
                + ("the places it decides are shared." if result.winner_known else "no winner is declared."),
            )
        )
    elif vote_round.lot_order:
        drawn = "; ".join(labels[o] for o in vote_round.lot_order)
        facts.append(("Lot", f"Drawn by the facilitator, luckiest first: {drawn}"))
    return facts


def _result_table(result: TallyResult, labels: dict[str, str]) -> Table:
    """The round's places, best first, with the number each place rests on, as the count shows it."""
    places = in_documents.places(result.ranking)
    number = _NUMBER_NAMES.get(result.method)
    order = [option_id for tier in result.ranking for option_id in tier]
    if number is None:
        return data_table(
            ["Place", "Option"], [[places[o], labels[o]] for o in order], widths=[20 * mm, 150 * mm]
        )
    rows = [[places[o], labels[o], result.score_texts.get(o, "")] for o in order]
    return data_table(
        ["Place", "Option", number], rows, widths=[20 * mm, 115 * mm, 35 * mm], numeric_columns=[2]
    )
