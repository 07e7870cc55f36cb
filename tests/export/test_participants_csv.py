"""Participants from a spreadsheet saved as CSV: what spreadsheets write is read, every problem is named by line."""

from __future__ import annotations

import codecs
from datetime import date
from pathlib import Path

import pytest

from cocommission.export.participants_csv import (
    import_participants_csv,
    parse_participants_csv,
    read_participants_csv,
)
from cocommission.model import Role
from cocommission.services import participants
from cocommission.services.commissions import create_commission
from cocommission.services.errors import InvalidInput, NotFound
from cocommission.services.perform import perform, read

EXAMPLE = Path(__file__).parents[2] / "docs" / "participants-example.csv"


def _refusal(data: bytes | str) -> str:
    with pytest.raises(InvalidInput) as refused:
        parse_participants_csv(data)
    message = refused.value.message
    assert len(message.splitlines()) == 1, "a refusal is one line"
    return message


def test_the_example_file_reads_as_four_people_with_their_details():
    """docs/participants-example.csv gives four people: names, both contacts, roles, ages, consent days."""
    listed = read_participants_csv(EXAMPLE)
    assert [p.pseudonym for p in listed.people] == ["Blaze", "Nova", "Rook", "Kit"]
    blaze, nova, _, kit = listed.people
    assert blaze.full_name == "Jordan Ellis" and blaze.contact == "jordan@example.org, 07700 900101"
    assert blaze.under_18 and blaze.consent_on == blaze.guardian_consent_on == date(2026, 2, 7)
    assert nova.language == "Arabic" and nova.access_needs == "Prefers written questions"
    assert kit.role is Role.FACILITATOR and kit.consent_on == date(2026, 2, 1) and not kit.under_18
    assert listed.ignored_columns == ()


@pytest.mark.parametrize(
    "encoding, text",
    [
        ("utf-8", "Nickname,Name\nZoë,Zoë Brontë\n"),
        ("utf-8-sig", "Nickname,Name\nZoë,Zoë Brontë\n"),
        ("cp1252", "Nickname;Name\r\nZoë;Zoë Brontë\r\n"),
        ("utf-16", "Nickname\tName\r\nZoë\tZoë Brontë\r\n"),
    ],
)
def test_what_excel_and_others_write_is_read(encoding, text):
    """UTF-8 with or without a BOM, Windows-1252, UTF-16; commas, semicolons or tabs between cells."""
    listed = parse_participants_csv(text.encode(encoding))
    assert [(p.pseudonym, p.full_name) for p in listed.people] == [("Zoë", "Zoë Brontë")]


def test_column_names_are_matched_loosely_and_unknown_ones_are_left_out_by_name():
    """Case, spacing, punctuation and hints in names do not matter; first and last names are joined."""
    listed = parse_participants_csv(
        "DISPLAY NAME , First name,Surname,E-mail,Mobile,Under 18? (Y/N),Date of consent (dd/mm/yyyy),"
        "Parent/guardian consent date,Preferred language,Postcode\n"
        "Rook,Sam,Okafor,sam@example.org,=\"07700900103\",Y,1/2/26,2026-02-03 00:00:00,Polish,SW9\n"
    )
    (rook,) = listed.people
    assert rook.pseudonym == "Rook" and rook.full_name == "Sam Okafor"
    assert rook.contact == "sam@example.org, 07700900103"
    assert rook.under_18 and rook.consent_on == date(2026, 2, 1) and rook.guardian_consent_on == date(2026, 2, 3)
    assert rook.language == "Polish"
    assert listed.ignored_columns == ("Postcode",)


def test_blank_lines_are_skipped_and_lines_are_counted_as_an_editor_shows_them():
    """Line numbers in messages are the file's own, counting blank lines and cells that run over lines."""
    listed = parse_participants_csv(
        'Pseudonym,Access needs\n\nAsh,"Step-free\r\naccess"\n,\nBo,\n'
    )
    assert [(p.pseudonym, p.line, p.access_needs) for p in listed.people] == [
        ("Ash", 3, "Step-free\naccess"),
        ("Bo", 6, ""),
    ]
    message = _refusal('Pseudonym,Under 18\n\nAsh,"maybe\nnot"\n\nBo,perhaps\n')
    assert "Line 3: the Under 18 cell runs over several lines" in message
    assert "Line 6: the Under 18 cell says 'perhaps'; write yes or no" in message


def test_every_problem_is_listed_with_its_line_in_one_message():
    """Bad days, unknown roles, missing and repeated pseudonyms, stray cells: all named, each by line."""
    message = _refusal(
        "Pseudonym,Role,Consent date,Under 18\n"
        "Ash,boss,31/02/2026,yes\n"
        ",young person,,\n"
        "ASH,,13/13/2026,\n"
        "Bo,,07-02-2026,no,surprise\n"
        "Cy,,next week,\x07\n"
    )
    assert message.startswith("Nothing was imported: the file has 8 problems")
    for expected in (
        "Line 2: the Role cell says 'boss'; write one of young person, service user",
        "Line 2: the Consent date cell says '31/02/2026', which is not a day of the calendar",
        "Line 3: Give the participant a pseudonym to show on screen.",
        "Line 4: the Consent date cell says '13/13/2026'",
        "Line 4: the pseudonym 'ASH' is also on line 2",
        "Line 5 has 5 cells but the first line names only 4 columns",
        "Line 6: the Consent date cell says 'next week'; write the date as day/month/year",
        "Line 6: the Under 18 cell holds an invisible control character (U+0007)",
    ):
        assert expected in message


def test_a_long_list_of_problems_names_ten_then_counts_the_rest():
    """Twenty-five bad lines: the first ten are named, then "And 15 more."""
    message = _refusal("Pseudonym,Under 18\n" + "".join(f"P{n},perhaps\n" for n in range(25)))
    assert message.count("Line ") == 10
    assert message.endswith("And 15 more.")


@pytest.mark.parametrize(
    "data, expected",
    [
        (b"", "The file is empty"),
        (b"\n\n  \n", "The file is empty"),
        (b"Pseudonym,Name\n", "lists no one"),
        (b"Name,Email\nAsh,a@example.org\n", "Line 1 should name the columns, one of them the pseudonym"),
        (b"PK\x03\x04\x14\x00\x06\x00", "spreadsheet workbook, not a CSV file"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not a CSV text file"),
        (b"Pseudonym\nA\x00b\n", "not a CSV text file"),
        (b"Pseudonym,Nickname\nAsh,Ash\n", "'Pseudonym' and 'Nickname' both give the pseudonym"),
        (b'Pseudonym\n"' + b"x" * 200_000, "Line 2: a cell is longer than a spreadsheet cell can be"),
    ],
)
def test_files_that_are_not_a_list_of_people_are_refused_saying_why(data, expected):
    """Empty, headers only, no pseudonym column, a workbook, binary, a runaway quote: each says what to do."""
    assert expected in _refusal(data)


def test_reading_a_missing_file_or_a_folder_is_refused(tmp_path):
    """A path that is not a file gets a one-line refusal naming it."""
    with pytest.raises(InvalidInput, match="There is no file"):
        read_participants_csv(tmp_path / "missing.csv")
    with pytest.raises(InvalidInput, match="is a folder"):
        read_participants_csv(tmp_path)


def test_importing_a_file_adds_everyone_or_no_one(database, tmp_path):
    """A clash with someone already in the commission refuses the whole file; a clean file adds all."""

    def setup(session):
        commission_id = create_commission(session, title="Youth fund").id
        participants.add_participant(session, commission_id=commission_id, pseudonym="nova")
        return commission_id

    commission_id = perform(database, setup).result
    clashing = tmp_path / "clashing.csv"
    clashing.write_bytes(EXAMPLE.read_bytes())
    with pytest.raises(InvalidInput, match="Line 3: the pseudonym 'Nova' is already taken"):
        perform(database, import_participants_csv, commission_id=commission_id, path=clashing)

    def listed(session):
        return [p.pseudonym for p in participants.list_participants(session, commission_id=commission_id)]

    assert read(database, listed) == ["nova"]

    clean = tmp_path / "clean.csv"
    clean.write_text(EXAMPLE.read_text("utf-8").replace("Nova,", "Star,"), "utf-8")
    done = perform(database, import_participants_csv, commission_id=commission_id, path=clean)
    assert [p.pseudonym for p in done.result.added] == ["Blaze", "Star", "Rook", "Kit"]
    assert done.changes.touches("participant")
    assert read(database, listed) == ["Blaze", "Kit", "nova", "Rook", "Star"]


def test_importing_into_a_missing_commission_is_refused(database):
    """An id that names no commission is refused as not found."""
    with pytest.raises(NotFound, match="commission"):
        perform(database, import_participants_csv, commission_id="nope", path=EXAMPLE)


def test_a_utf8_file_with_one_stray_byte_is_refused_with_its_line():
    """A UTF-8 file with one byte from another encoding is refused, naming that line, not read as mojibake."""
    data = "Nickname,Name\r\nZoë,Zoë Brontë\r\nNova,Amira\r\n".encode() + "Kit,Dee Marsh\xe9\r\n".encode("cp1252")
    with pytest.raises(InvalidInput, match="[Ll]ine 4") as refused:
        parse_participants_csv(data)
    assert "UTF-8" in str(refused.value) and "Ã" not in str(refused.value)


def test_a_whole_file_in_the_windows_code_page_is_still_read():
    """A file wholly in code page 1252 (no UTF-8 in it) keeps its accents."""
    listed = parse_participants_csv("Nickname,Name\r\nZoë,Zoë Brontë\r\nRené,René Ça\r\n".encode("cp1252"))
    assert [person.full_name for person in listed.people] == ["Zoë Brontë", "René Ça"]


@pytest.mark.parametrize("name", ["JOSÉ’S", "RENÉ\u00a0DUPONT", "ÉLODIE “LO”"])
def test_windows_text_whose_bytes_happen_to_look_like_utf8_is_still_read(name):
    """An accented capital before a curly quote or a no-break space in a code page 1252 file is read, not
    refused as a file that mixes encodings."""
    listed = parse_participants_csv(f"Nickname,Name\r\nJo,{name}\r\nRené,René Ça\r\n".encode("cp1252"))
    assert [person.full_name for person in listed.people] == [name, "René Ça"]
