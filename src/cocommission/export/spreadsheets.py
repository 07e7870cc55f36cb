"""Votes, bid scores and payments as CSV files and an XLSX workbook, for people who work in spreadsheets.

Only what may be shared leaves the app: vote results of rounds whose results are
visible, and then only as totals per option (never who voted for what);
panellists and payees by pseudonym only, never full names or contact details.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy.orm import Session

from cocommission.export.files import write_atomically
from cocommission.model.tallies import NOT_SCORED
from cocommission.model.voting import RoundState
from cocommission.services import bids, commissions, moderation, participants, payments, tender, voting
from cocommission.services.errors import InvalidInput
from cocommission.services.evaluation import evaluate
from cocommission.services.scores import scoring_grid
from cocommission.wording import in_documents

#: Characters that make Excel and LibreOffice read a CSV cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_WIDEST_COLUMN = 60
_NARROWEST_COLUMN = 8


@dataclass(frozen=True)
class Table:
    """One sheet of an export: a name, its column headings and its rows of plain values."""

    name: str
    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


# --------------------------------------------------------------------------- gathering


def _shown_score(text: str | None) -> float | int | str | None:
    """A count's number as the count shows it, exact enough to explain the order (5/8 as 0.625, not 0.62).

    An option nobody scored has no number, so its cell says "not scored" rather than 0.
    """
    if not text or text == NOT_SCORED:
        return text
    value = float(text)
    return int(value) if value.is_integer() else value


def _votes_table(session: Session, commission_id: str) -> Table:
    rows: list[tuple[object, ...]] = []
    for vote_round in voting.list_rounds(session, commission_id=commission_id):
        # Hidden rounds stay hidden until the reveal; a draft has nothing to count.
        if not vote_round.results_visible or vote_round.state is RoundState.DRAFT:
            continue
        result = voting.tally_round(session, round_id=vote_round.id)
        labels = {option.id: option.label for option in vote_round.options}
        places = in_documents.places(result.ranking)
        if result.lot_needed:
            # An instant run-off waiting for its lot: its shared places are not a tie, they are undecided.
            for tier in result.ranking:
                for option_id in tier if len(tier) > 1 else ():
                    places[option_id] += " (waits for the lot)"
        ordered = [option_id for tier in result.ranking for option_id in tier]
        ordered += [option.id for option in vote_round.options if option.id not in places]
        for option_id in ordered:
            score = _shown_score(result.score_texts.get(option_id))
            rows.append(
                (
                    vote_round.title,
                    vote_round.method.value,
                    result.method,
                    vote_round.state.value,
                    labels.get(option_id, option_id),
                    places.get(option_id, ""),
                    score,
                    result.ballots_counted,
                )
            )
    headers = ("Round", "Method", "Counted by", "State", "Option", "Place", "Total", "Ballots counted")
    return Table("votes", headers, tuple(rows))


def _scores_tables(session: Session, commission_id: str) -> tuple[Table, Table]:
    criteria = tender.list_criteria(session, commission_id=commission_id)
    shortlisted = bids.list_bids(session, commission_id=commission_id, shortlisted_only=True)
    pseudonyms = {p.id: p.pseudonym for p in participants.list_participants(session, commission_id=commission_id)}
    moderated = {
        (row.bid_id, row.criterion_id): row
        for row in moderation.list_moderated_scores(session, commission_id=commission_id)
    }
    bid_by_id = {bid.id: bid for bid in shortlisted}
    criterion_by_id = {criterion.id: criterion for criterion in criteria}
    score_rows: list[tuple[object, ...]] = []
    for cell in scoring_grid(session, commission_id=commission_id):
        bid, criterion = bid_by_id[cell.bid_id], criterion_by_id[cell.criterion_id]
        agreed = moderated.get((cell.bid_id, cell.criterion_id))
        note = "Conflict declared: did not score" if cell.locked else ""
        score_rows.append(
            (
                bid.title,
                bid.bidder_name,
                criterion.name,
                criterion.weight,
                pseudonyms.get(cell.panellist_id, ""),
                cell.value,
                agreed.value if agreed else None,
                agreed.reason if agreed else "",
                note,
            )
        )
    score_headers = (
        "Bid",
        "Bidder",
        "Criterion",
        "Weight",
        "Panellist",
        "Score",
        "Moderated score",
        "Reason for moderated score",
        "Note",
    )
    total_rows: list[tuple[object, ...]] = []
    if criteria:
        evaluation = evaluate(session, commission_id=commission_id)
        places = in_documents.places(evaluation.result.ranking)
        results = {result.bid_id: result for result in evaluation.result.bids}
        for bid_id in (bid_id for tier in evaluation.result.ranking for bid_id in tier):
            bid, result = bid_by_id[bid_id], results[bid_id]
            total_rows.append(
                (
                    bid.title,
                    bid.bidder_name,
                    places[bid_id],
                    round(result.weighted_total, 2),
                    "yes" if result.complete else "no",
                )
            )
    total_headers = ("Bid", "Bidder", "Place", "Weighted total", "All criteria scored")
    return Table("scores", score_headers, tuple(score_rows)), Table(
        "bid_totals", total_headers, tuple(total_rows)
    )


def _payments_table(session: Session, commission_id: str) -> Table:
    decimals: dict[str, int] = {}
    rows: list[tuple[object, ...]] = []
    for payment in payments.list_payments(session, commission_id=commission_id):
        if payment.currency_code not in decimals:
            info = commissions.currency_info(session, commission_id=commission_id, code=payment.currency_code)
            decimals[payment.currency_code] = info.decimals
        amount = Decimal(payment.amount_minor).scaleb(-decimals[payment.currency_code])
        rows.append(
            (
                payment.receipt_number,
                payment.pseudonym,
                amount,
                payment.currency_code,
                payment.method.value,
                payment.paid_on if payment.paid_on is not None else "due",
            )
        )
    headers = ("Receipt", "Participant", "Amount", "Currency", "Method", "Paid on")
    return Table("payments", headers, tuple(rows))


def spreadsheet_tables(session: Session, *, commission_id: str) -> tuple[Table, ...]:
    """The commission's visible vote results, bid scores with weighted totals, and payments, as tables."""
    scores, totals = _scores_tables(session, commission_id)
    return (_votes_table(session, commission_id), scores, totals, _payments_table(session, commission_id))


# --------------------------------------------------------------------------- CSV


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    # A leading apostrophe stops a spreadsheet running typed-in text (a reason, an option, "=1st") as a formula.
    if isinstance(value, str) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(table: Table) -> bytes:
    """One table as CSV, UTF-8 with a byte-order mark so Excel shows accented names correctly."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(table.headers)
    writer.writerows([_csv_text(value) for value in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def write_csv_folder(tables: Iterable[Table], folder: Path) -> list[Path]:
    """Write one CSV file per table into an existing folder, each atomically, and return their paths."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"The folder {folder} does not exist; create it or choose another place to save.")
    return [write_atomically(folder / f"{table.name}.csv", csv_bytes(table)) for table in tables]


# --------------------------------------------------------------------------- XLSX


def _money_format(amount: Decimal) -> str:
    places = max(0, -int(amount.as_tuple().exponent))
    return "#,##0." + "0" * places if places else "#,##0"


def _shown_width(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, date):
        return 10
    return len(str(value))


def xlsx_bytes(tables: Iterable[Table]) -> bytes:
    """One workbook with a sheet per table: bold frozen header row, fitted columns, money as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet every new workbook starts with
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(title=table.name[:31])
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
        for row_number, row in enumerate(table.rows, start=2):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=column_number, value=value)
                if isinstance(value, str):
                    # openpyxl would store text starting with "=" (such as "=1st") as a formula.
                    cell.data_type = "s"
                elif isinstance(value, Decimal):
                    cell.number_format = _money_format(value)
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
        for column_number, header in enumerate(table.headers, start=1):
            widest = max([len(header), *(_shown_width(row[column_number - 1]) for row in table.rows)])
            width = min(_WIDEST_COLUMN, max(_NARROWEST_COLUMN, widest + 2))
            sheet.column_dimensions[get_column_letter(column_number)].width = width
    if not workbook.worksheets:
        workbook.create_sheet(title="empty")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
