"""Any file offered as a participants spreadsheet adds everyone in it, or no one with one InvalidInput.

Examples are CSV text built from real and random column names, cells that spreadsheets and
people write (dates, yes/no, formulas, phone numbers, other scripts, control characters, very
long cells), any delimiter, quoting, line ending, blank lines and encoding — or any bytes at
all. Each is imported into a commission that already has "Ash": either exactly the people the
file lists are added, or nothing in the database changes and the refusal is one line.
"""

from __future__ import annotations

import csv
import io

import pytest
from hostile import NASTY_TEXT, copy_database, one_line
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from tests.hypothesis_profiles import examples

from cocommission.db import open_database
from cocommission.export.interchange import exported_tables
from cocommission.export.participants_csv import COLUMN_NAMES, parse_participants_csv
from cocommission.services import participants
from cocommission.services.commissions import create_commission
from cocommission.services.errors import InvalidInput, ServiceError
from cocommission.services.perform import perform, read

#: Seconds of work each: started first, so several test processes finish together.
pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=examples(100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

HEADER = st.one_of(
    st.sampled_from([name for names in COLUMN_NAMES.values() for name in names]).flatmap(
        lambda name: st.sampled_from([name, name.upper(), name.title(), f" {name}? ", name.replace(" ", "_")])
    ),
    st.sampled_from(["Notes", "Postcode", "", "Date of birth", "Pseudonym", "Nickname"]),
    st.text(max_size=12),
)
CELL = st.one_of(
    st.sampled_from(
        [
            "", " ", "yes", "no", "Y", "n", "maybe", "✓", "07/02/2026", "2026-02-07", "7/2/26", "31/02/2026",
            "13/13/2026", "2026-02-07 00:00:00", "young person", "Youth worker", "facilitator", "boss", "English",
            "Ash", "ash", " ASH ", "Blaze", "Zoë", '="07700900123"', "=1+1", "@SUM(A1)", "-", "+44 7700 900123",
        ]
    ),
    NASTY_TEXT,
    st.text(max_size=20),
)


WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), min_size=1, max_size=12)
#: What a careful youth worker writes in each column.
GOOD_CELLS = {
    "pseudonym": WORDS,
    "full_name": WORDS,
    "first_name": WORDS,
    "last_name": WORDS,
    "contact": st.sampled_from(["jo@example.org", "07700 900123", '="07700900123"', "+44 7700 900123", ""]),
    "role": st.sampled_from(["", "young person", "Service user", "youth worker", "FACILITATOR", "observer"]),
    "under_18": st.sampled_from(["", "yes", "no", "Y", "n", "TRUE", "0", "✓"]),
    "consent_on": st.one_of(
        st.just(""),
        st.dates().map(lambda day: f"{day.day:02d}/{day.month:02d}/{day.year:04d}"),
        st.dates().map(lambda day: day.isoformat()),
    ),
    "language": st.sampled_from(["", "English", "Polish", "Somali", "Cymraeg", "普通话"]),
    "access_needs": st.one_of(st.just(""), WORDS, st.just("Step-free access\nLarge print")),
}
GOOD_CELLS["guardian_consent_on"] = GOOD_CELLS["consent_on"]


@st.composite
def spreadsheet(draw) -> tuple[list[str], list[list[str]]]:
    """Column names and rows of cells: mostly what a careful person writes, with some damage mixed in."""
    details = draw(st.lists(st.sampled_from(sorted(COLUMN_NAMES)), max_size=7, unique=True))
    if "pseudonym" not in details and draw(st.integers(0, 9)) > 0:
        details.insert(draw(st.integers(0, len(details))), "pseudonym")
    header = [draw(st.sampled_from(COLUMN_NAMES[detail])) for detail in details]
    if draw(st.booleans()):
        # A column of its own: something CoCommission has no place for, or a name repeated.
        at = draw(st.integers(0, len(header)))
        header.insert(at, draw(HEADER))
        details.insert(at, "")
    count = draw(st.integers(0, 8))
    pseudonyms = draw(st.lists(WORDS, min_size=count, max_size=count, unique_by=lambda text: text.strip().casefold()))
    damage = draw(st.sampled_from([0, 0, 1, 5, 30]))  # in every hundred cells
    rows = []
    for number in range(count):
        cells = []
        for detail in details:
            if detail == "pseudonym":
                cell = pseudonyms[number]
            else:
                cell = draw(GOOD_CELLS.get(detail, CELL))
            if draw(st.integers(0, 99)) < damage:
                cell = draw(CELL)
            cells.append(cell)
        if draw(st.integers(0, 99)) < damage:
            cells = cells[:-1] if draw(st.booleans()) else [*cells, draw(CELL)]
        rows.append(cells)
    return header, rows


def _write(header: list[str], rows: list[list[str]], how: dict) -> str:
    if how["raw"]:
        # Written by hand, without any quoting: a stray delimiter or quote is left to the reader.
        lines = [how["delimiter"].join(cells) for cells in [header, *rows]]
        return how["line_end"].join(lines)
    buffer = io.StringIO()
    writer = csv.writer(
        buffer, delimiter=how["delimiter"], quoting=how["quoting"], lineterminator=how["line_end"]
    )
    writer.writerow(header)
    for cells in rows:
        writer.writerow(cells)
        for _ in range(how["blank_lines"]):
            buffer.write(how["line_end"])
    return buffer.getvalue()


def _encode(text: str, encoding: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


WRITING = st.fixed_dictionaries(
    {
        "raw": st.booleans(),
        "delimiter": st.sampled_from([",", ";", "\t", "|"]),
        "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
        "line_end": st.sampled_from(["\r\n", "\n", "\r"]),
        "blank_lines": st.integers(0, 2),
        "encoding": st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
        # A cell longer than the csv module reads (131,072 characters), or merely long.
        "long_cell": st.sampled_from([0, 0, 0, 500, 140_000]),
    }
)


@pytest.fixture(scope="module")
def database(templates, tmp_path_factory):
    """One database for the whole run; each example gets its own commission in it."""
    opened = open_database(copy_database(templates.empty_database, tmp_path_factory.mktemp("csv")))
    yield opened
    opened.close()


def _counts(session) -> dict[str, int]:
    return {table.name: session.scalar(select(func.count()).select_from(table)) for table in exported_tables()}


def _new_commission(session) -> str:
    commission_id = create_commission(session, title="Youth fund").id
    participants.add_participant(session, commission_id=commission_id, pseudonym="Ash")
    return commission_id


def _parse_and_import(session, *, commission_id: str, data: bytes):
    return participants.import_participants(
        session, commission_id=commission_id, rows=parse_participants_csv(data).people
    )


def _check(database, data: bytes) -> None:
    commission_id = perform(database, _new_commission).result
    before = read(database, _counts)
    try:
        added = perform(database, _parse_and_import, commission_id=commission_id, data=data).result
    except ServiceError as refused:
        assert isinstance(refused, InvalidInput), refused
        # Up to ten problems are spelt out, each with the line and the cell it is about.
        assert one_line(refused.message, limit=4000), refused.message
        assert read(database, _counts) == before, "a refused file changed the database"
        event("refused")
        return
    event("added")
    listed = read(database, lambda session: participants.list_participants(session, commission_id=commission_id))
    assert sorted(p.pseudonym for p in listed) == sorted(["Ash", *(p.pseudonym for p in added)])
    assert len({p.pseudonym.casefold() for p in listed}) == len(listed)


PLAIN = {"raw": True, "delimiter": ",", "quoting": 0, "line_end": "\n", "blank_lines": 0, "encoding": "utf-8"}


@FUZZ
@example(sheet=(["Pseudonym"], [["Ash"], ["Bo"]]), writing={**PLAIN, "long_cell": 0})  # Ash is taken
# Ten problems, one about a long cell: the refusal is long, but every problem is cut to a readable size.
@example(
    sheet=(["consent date", "guardian consent date", "pseudonym"], [["", "yes", str(n)] for n in range(12)]),
    writing={**PLAIN, "long_cell": 500},
)
@given(sheet=spreadsheet(), writing=WRITING)
def test_a_spreadsheet_adds_everyone_or_no_one(database, sheet, writing):
    """Random column names and cells, written any way a spreadsheet or a person might: all in, or one refusal."""
    header, rows = sheet
    if writing["long_cell"] and rows and rows[0]:
        rows[0][0] = "x" * writing["long_cell"]
    _check(database, _encode(_write(header, rows, writing), writing["encoding"]))


@FUZZ
@given(data=st.binary(max_size=2000))
def test_any_bytes_add_everyone_or_no_one(database, data):
    """Bytes that are not a spreadsheet at all: refused in one line, or (rarely) read as one."""
    _check(database, data)
