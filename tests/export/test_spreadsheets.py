"""Votes, scores and payments exported as CSV files and an XLSX workbook for spreadsheet users."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from cocommission.export.spreadsheets import spreadsheet_tables, write_csv_folder, xlsx_bytes
from cocommission.model.voting import Visibility
from cocommission.services import moderation, participants, voting
from cocommission.services.demo import YOUNG_PEOPLE, find_or_create_example
from cocommission.services.errors import InvalidInput
from cocommission.services.evaluation import evaluate
from cocommission.services.payments import list_payments
from cocommission.services.perform import perform, read

DOT_ROUND = "Which outcomes matter most?"


@pytest.fixture
def example(database):
    """The example commission's id."""
    return perform(database, find_or_create_example).result


def _tables(database, commission_id):
    return read(database, lambda session: spreadsheet_tables(session, commission_id=commission_id))


def _csv_sheets(database, commission_id, folder):
    """Each written CSV read back as its rows of text, keyed by file stem."""
    paths = write_csv_folder(_tables(database, commission_id), folder)
    return {path.stem: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))) for path in paths}


def _xlsx_sheets(database, commission_id):
    """Each sheet of the workbook read back as its rows of cell values."""
    workbook = load_workbook(io.BytesIO(xlsx_bytes(_tables(database, commission_id))))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook}


def _column(rows, header):
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def test_csv_files_are_utf8_with_bom_one_per_table(database, example, tmp_path):
    """One CSV per table is written, starting with a byte-order mark so Excel reads accents."""
    paths = write_csv_folder(_tables(database, example), tmp_path)
    assert sorted(path.name for path in paths) == [
        "bid_totals.csv",
        "payments.csv",
        "scores.csv",
        "votes.csv",
    ]
    assert all(path.read_bytes().startswith(b"\xef\xbb\xbf") for path in paths)
    assert not list(tmp_path.glob("*.partial"))


def test_csv_folder_must_exist(database, example, tmp_path):
    """Writing into a folder that does not exist is refused with a clear message."""
    with pytest.raises(InvalidInput, match="does not exist"):
        write_csv_folder(_tables(database, example), tmp_path / "missing")


def test_payments_are_all_exported_in_major_units(database, example, tmp_path):
    """Every payment appears once in the CSV and the workbook, the amount a number in pounds, not pence."""
    payments = read(database, lambda s: list_payments(s, commission_id=example))
    sheets = {
        "csv": _csv_sheets(database, example, tmp_path)["payments"],
        "xlsx": _xlsx_sheets(database, example)["payments"],
    }
    expected = {payment.receipt_number: Decimal(payment.amount_minor) / 100 for payment in payments}
    for rows in sheets.values():
        assert len(rows) - 1 == len(payments)
        receipts = _column(rows, "Receipt")
        amounts = [Decimal(str(amount)) for amount in _column(rows, "Amount")]
        assert dict(zip(receipts, amounts, strict=True)) == expected


def test_workbook_money_cells_are_numbers_with_a_format_and_header_is_frozen_and_bold(database, example):
    """In the workbook, amounts are numeric cells with a money format; the header is bold and frozen."""
    workbook = load_workbook(io.BytesIO(xlsx_bytes(_tables(database, example))))
    sheet = workbook["payments"]
    amount = sheet.cell(row=2, column=3)
    assert isinstance(amount.value, (int, float))
    assert amount.number_format == "#,##0.00"
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.column_dimensions["A"].width >= 8


def test_every_moderated_reason_is_exported(database, example, tmp_path):
    """Each moderated score's reason is in the scores CSV and in the scores sheet."""
    moderated = read(database, lambda s: moderation.list_moderated_scores(s, commission_id=example))
    assert moderated
    csv_reasons = set(
        _column(_csv_sheets(database, example, tmp_path)["scores"], "Reason for moderated score")
    )
    xlsx_reasons = set(_column(_xlsx_sheets(database, example)["scores"], "Reason for moderated score"))
    for row in moderated:
        assert row.reason in csv_reasons
        assert row.reason in xlsx_reasons


def test_weighted_totals_match_the_evaluation(database, example):
    """The bid totals sheet holds each shortlisted bid's weighted total from the evaluation."""
    evaluation = read(database, lambda s: evaluate(s, commission_id=example))
    rows = _xlsx_sheets(database, example)["bid_totals"]
    assert sorted(_column(rows, "Weighted total")) == sorted(
        round(result.weighted_total, 2) for result in evaluation.result.bids
    )


def test_dot_round_totals_equal_the_tally(database, example, tmp_path):
    """The dot round's totals per option in both formats equal tally_round's scores."""

    def expected(session):
        dot_round = next(
            r for r in voting.list_rounds(session, commission_id=example) if r.title == DOT_ROUND
        )
        scores = voting.tally_round(session, round_id=dot_round.id).scores
        return {option.label: scores[option.id] for option in dot_round.options}

    wanted = read(database, expected)
    for rows in (_csv_sheets(database, example, tmp_path)["votes"], _xlsx_sheets(database, example)["votes"]):
        mine = [row for row in rows[1:] if row[0] == DOT_ROUND]
        got = {row[rows[0].index("Option")]: float(row[rows[0].index("Total")]) for row in mine}
        assert got == wanted


def test_no_full_name_appears_in_any_cell(database, example, tmp_path):
    """No participant's full name from the example is in any CSV or workbook cell; pseudonyms are."""
    full_names = [full_name for _, full_name, *_ in YOUNG_PEOPLE]
    assert "Zoë Adeyemi" in full_names and "Łukasz Nowak" in full_names
    cells = []
    for rows in (
        *_csv_sheets(database, example, tmp_path).values(),
        *_xlsx_sheets(database, example).values(),
    ):
        cells += [str(value) for row in rows for value in row if value is not None]
    assert "Zo" in cells and "Luka" in cells
    for full_name in full_names:
        assert not [cell for cell in cells if full_name in cell]


def test_hidden_unrevealed_round_is_left_out(database, example, tmp_path):
    """A closed round hidden until reveal contributes no rows until it is revealed."""
    created = perform(
        database,
        voting.create_round,
        commission_id=example,
        title="Secret dots",
        method="dots",
        visibility=Visibility.HIDDEN_UNTIL_REVEAL,
        options=("Hidden option A", "Hidden option B"),
    ).result
    voter = read(database, lambda s: participants.list_participants(s, commission_id=example))
    voter_id = next(p.id for p in voter if p.pseudonym == "Blaze")
    perform(database, voting.open_round, round_id=created.id)
    perform(
        database,
        voting.cast_ballot,
        round_id=created.id,
        participant_id=voter_id,
        choices={created.options[0].id: 3},
    )
    perform(database, voting.close_round, round_id=created.id)

    for rows in (_csv_sheets(database, example, tmp_path)["votes"], _xlsx_sheets(database, example)["votes"]):
        assert "Secret dots" not in _column(rows, "Round")
        assert not {"Hidden option A", "Hidden option B"} & set(_column(rows, "Option"))

    perform(database, voting.reveal_round, round_id=created.id)
    rows = _xlsx_sheets(database, example)["votes"]
    revealed = {row[4]: row[6] for row in rows[1:] if row[0] == "Secret dots"}
    assert revealed == {"Hidden option A": 3, "Hidden option B": 0}


def test_tied_places_are_text_not_formulas(database, example, tmp_path):
    """A tied place such as "=9th" stays text: plain in the workbook, guarded by an apostrophe in CSV."""
    xlsx_places = _column(_xlsx_sheets(database, example)["votes"], "Place")
    csv_places = _column(_csv_sheets(database, example, tmp_path)["votes"], "Place")
    tied = [place for place in xlsx_places if place.startswith("=")]
    assert tied
    assert all("'" + place in csv_places for place in tied)
