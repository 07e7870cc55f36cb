"""Participants from a spreadsheet: reading the CSV file a youth worker keeps their group's list in.

What spreadsheets write is taken as it comes: UTF-8 with or without a byte-order mark, the
Windows code page 1252 that Excel on Windows writes, UTF-16 ("Unicode text") — one encoding for
the whole file (a UTF-8 file with a line from another is refused, naming the line); commas,
semicolons (Excel in much of Europe) or tabs between cells. The first line that is not blank
names the columns; names are matched ignoring case, spaces and punctuation, with the aliases
people use ("Nickname" for the pseudonym, "Email" or "Phone" for the contact, …). Columns
CoCommission has no place for are left out and named, so nothing personal comes in unasked.

Every problem in the file is reported at once, each with its line number, in one message;
the list is added only when there are none, and then all in one transaction
(``services.participants.import_participants``).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from cocommission.model import Role
from cocommission.services.errors import InvalidInput
from cocommission.services.participants import (
    NewParticipant,
    ParticipantRow,
    import_participants,
    participant_problems,
)
from cocommission.services.text import problem_list, quoted

#: A list of a group's participants is small; anything bigger is the wrong file.
MAX_FILE_BYTES = 5_000_000
MAX_PEOPLE = 2_000
#: What a spreadsheet cell may hold; the csv module refuses longer cells itself.
MAX_CELL_CHARACTERS = 100_000

#: Each detail of a participant, and the column names (normalised: see ``_header_key``) that give it.
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "pseudonym": ("pseudonym", "nickname", "nick name", "display name", "screen name", "alias", "code name"),
    "full_name": ("name", "full name", "real name", "participant name", "participant"),
    "first_name": ("first name", "given name", "forename", "first names", "forenames"),
    "last_name": ("last name", "surname", "family name"),
    "contact": (
        "contact", "contact details", "contact detail", "email", "e mail", "email address",
        "e mail address", "phone", "phone number", "mobile", "mobile number", "telephone", "tel",
    ),
    "role": ("role",),
    "under_18": ("under 18", "under18", "u18", "minor", "is under 18", "aged under 18", "under eighteen"),
    "consent_on": (
        "consent date", "consent", "consent given", "consent on", "consent given on", "date of consent",
        "date consent given", "consented", "consented on",
    ),
    "guardian_consent_on": (
        "guardian consent date", "guardian consent", "guardian consent on", "guardian consent given",
        "guardians consent", "guardians consent date", "parent consent", "parent consent date",
        "parents consent", "parental consent", "parental consent date", "parent or guardian consent",
        "parent or guardian consent date", "parent guardian consent", "parent guardian consent date",
    ),
    "language": ("language", "preferred language", "first language", "main language"),
    "access_needs": (
        "access needs", "accessibility needs", "access requirements", "access", "support needs",
        "additional needs", "needs",
    ),
}
#: How each detail is named in messages.
COLUMN_TITLES = {
    "pseudonym": "Pseudonym",
    "full_name": "Full name",
    "first_name": "First name",
    "last_name": "Last name",
    "contact": "Contact",
    "role": "Role",
    "under_18": "Under 18",
    "consent_on": "Consent date",
    "guardian_consent_on": "Guardian consent date",
    "language": "Language",
    "access_needs": "Access needs",
}
#: Details that several columns may give together (email and phone), joined in column order.
_JOINED = frozenset({"contact"})
#: Details that may run over several lines inside one cell.
_MULTILINE = frozenset({"access_needs"})
_DETAIL_BY_NAME = {name: detail for detail, names in COLUMN_NAMES.items() for name in names}
#: Hints people add to column names: "Consent date (dd/mm/yyyy)", "Under 18? (Y/N)".
_HINTS = re.compile(r"(?: (?:dd mm yyyy|dd mm yy|yyyy mm dd|d m y|yes no|y n|optional|if any))+$")

_YES = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "ja", "oui", "si", "sí"})
_NO = frozenset({"no", "n", "false", "f", "0", "", "-", "nein", "non"})
_ROLE_NAMES = {
    **{role.value.replace("_", " "): role for role in Role},
    "young people": Role.YOUNG_PERSON,
    "youth worker": Role.FACILITATOR,
}
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
#: Spreadsheets write a date cell as "07/02/2026 00:00" or "2026-02-07T00:00:00".
_MIDNIGHT = re.compile(r"[ T]00:00(?::00(?:\.0+)?)?$")
#: Excel's way of keeping a leading zero in a phone number: ="07700900123".
_KEPT_AS_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)
_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class ParticipantList:
    """The people read from a file, and the columns that were left out (by their names in the file)."""

    people: tuple[NewParticipant, ...]
    ignored_columns: tuple[str, ...]


@dataclass(frozen=True)
class ImportedParticipants:
    """Who was added from a file, and the file's columns that were left out."""

    added: tuple[ParticipantRow, ...]
    ignored_columns: tuple[str, ...]


# --------------------------------------------------------------------------- text


def _text(data: bytes | str) -> str:
    """The file's text, whichever of the encodings spreadsheets write it is in."""
    if isinstance(data, str):
        text = data.removeprefix("\ufeff")
    elif data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise InvalidInput(
            "This is a spreadsheet workbook, not a CSV file: in the spreadsheet choose Save As › "
            "CSV UTF-8 (comma delimited), then import that file."
        )
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decoded(data, "utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            if _UTF8_LETTER.search(data):
                # Mostly UTF-8 with a stray byte: read as code page 1252, every accented name would be mojibake.
                line = data.count(b"\n", 0, exc.start) + 1
                raise InvalidInput(
                    f"Line {line} of the file is in a different text encoding from the rest, which is UTF-8, "
                    "so its letters cannot be read reliably. Retype that line's accented letters, or in the "
                    "spreadsheet choose Save As › CSV UTF-8 (comma delimited), then import that file."
                ) from None
            text = _decoded(data, "cp1252")
    if "\x00" in text:
        raise InvalidInput(_NOT_TEXT)
    return text


_NOT_TEXT = (
    "The file is not a CSV text file; in the spreadsheet choose Save As › CSV UTF-8 (comma delimited), "
    "then import that file."
)


#: An accented Latin letter (U+00C0–U+017F), a pound sign or a curly quote written in UTF-8: in a file
#: that is not wholly UTF-8, a sign it mixes encodings. Other valid-looking pairs are left out on
#: purpose: in Windows text an accented capital before a curly quote or a no-break space ("JOSÉ’S")
#: forms one by chance, and names rarely hold the rare letters those pairs would spell.
_UTF8_LETTER = re.compile(rb"[\xc3\xc4\xc5][\x80-\xbf]|\xc2\xa3|\xe2\x80[\x98-\x9d]")


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InvalidInput(_NOT_TEXT) from None


def _too_big(size: int) -> InvalidInput:
    return InvalidInput(
        f"The file holds {size / 1_000_000:.1f} MB; a list of participants is far smaller. Check it is the right file."
    )


def _header_key(name: str) -> str:
    """A column name as it is matched: lower case, apostrophes dropped, punctuation as single spaces."""
    folded = name.casefold().replace("'", "").replace("’", "")
    return _HINTS.sub("", re.sub(r"[\W_]+", " ", folded).strip())


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """Each record of the file that is not blank, with the line it starts on (enough of them to know
    there are too many); InvalidInput when the csv module gives up."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            if not _blank(cells):
                records.append((start, cells))
            start = reader.line_num + 1
            if len(records) > MAX_PEOPLE + 1:
                break
    except csv.Error:
        raise InvalidInput(
            f"Line {start}: a cell is longer than a spreadsheet cell can be (or a quote mark is missing "
            "before it); check that line."
        ) from None
    return records


def _blank(cells: list[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _choose_delimiter(text: str) -> str:
    """The delimiter under which the first non-blank line names the most known columns."""
    best, best_score = ",", (-1, -1)
    for delimiter in _DELIMITERS:
        try:
            first = next(
                (cells for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) if not _blank(cells)),
                [],
            )
        except csv.Error:
            continue
        known = sum(1 for cell in first if _header_key(cell) in _DETAIL_BY_NAME)
        score = (known, len(first))
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --------------------------------------------------------------------------- cells


def _clean(cell: str) -> str:
    kept = _KEPT_AS_TEXT.match(cell.strip())
    return (kept.group(1) if kept else cell).strip()


def _control_character(cell: str) -> str | None:
    for character in cell:
        if character not in "\t\n\r" and unicodedata.category(character) == "Cc":
            return f"U+{ord(character):04X}"
    return None


def _yes_no(cell: str) -> bool:
    folded = cell.casefold().rstrip(".")
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(f"says {quoted(cell)}; write yes or no")


def _role(cell: str) -> Role:
    if not cell:
        return Role.YOUNG_PERSON
    role = _ROLE_NAMES.get(re.sub(r"[\s_\-]+", " ", cell.casefold()).strip())
    if role is None:
        names = ", ".join(role.value.replace("_", " ") for role in Role)
        raise ValueError(f"says {quoted(cell)}; write one of {names}")
    return role


def _day(cell: str) -> date | None:
    if not cell:
        return None
    written = _MIDNIGHT.sub("", cell)
    iso = _ISO_DAY.match(written)
    day_first = _DAY_FIRST.match(written)
    try:
        if iso:
            return date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        raise ValueError(
            f"says {quoted(cell)}, which is not a day of the calendar; write it as day/month/year, "
            "such as 07/02/2026"
        ) from None
    raise ValueError(f"says {quoted(cell)}; write the date as day/month/year, such as 07/02/2026")


_READERS: dict[str, Callable[[str], object]] = {
    "role": _role,
    "under_18": _yes_no,
    "consent_on": _day,
    "guardian_consent_on": _day,
}


# --------------------------------------------------------------------------- the file


def parse_participants_csv(data: bytes | str) -> ParticipantList:
    """The participants listed in a CSV file's bytes (or text); InvalidInput listing every problem, by line."""
    if len(data) > MAX_FILE_BYTES:
        raise _too_big(len(data))
    text = _text(data)
    records = _records(text, _choose_delimiter(text))
    if not records:
        raise InvalidInput("The file is empty; it should have a line naming the columns and one line per person.")
    header_line, header = records[0]
    columns, ignored, problems = _columns(header_line, header)
    people_records = records[1:]
    if not people_records:
        raise InvalidInput(
            "The file names its columns but lists no one; add one line per person below the column names."
        )
    if len(people_records) > MAX_PEOPLE:
        raise InvalidInput(f"The file lists more than {MAX_PEOPLE} people; import a group's list at a time.")
    people: list[NewParticipant] = []
    first_place: dict[str, int] = {}
    for line, cells in people_records:
        person, found = _person(line, cells, columns, len(header))
        problems.extend(found)
        key = person.pseudonym.strip().casefold()
        if key and key in first_place:
            problems.append(
                f"Line {line}: the pseudonym {quoted(person.pseudonym.strip())} is also on line {first_place[key]}; "
                "give each person their own"
            )
        first_place.setdefault(key, line)
        people.append(person)
    if problems:
        count = len(problems)
        raise InvalidInput(
            f"Nothing was imported: the file has {'1 problem' if count == 1 else f'{count} problems'} "
            f"to put right first. {problem_list(problems)}"
        )
    return ParticipantList(tuple(people), tuple(ignored))


def _columns(line: int, header: list[str]) -> tuple[dict[str, list[int]], list[str], list[str]]:
    """Which cells give which detail, the names of the columns left out, and problems with the names."""
    columns: dict[str, list[int]] = {}
    ignored: list[str] = []
    problems: list[str] = []
    for index, name in enumerate(header):
        detail = _DETAIL_BY_NAME.get(_header_key(name))
        if detail is None:
            shown = "".join(c for c in " ".join(name.split()) if unicodedata.category(c) != "Cc")
            if shown:
                ignored.append(shown if len(shown) <= 60 else shown[:60] + "…")
            continue
        if detail in columns and detail not in _JOINED:
            first = header[columns[detail][0]].strip()
            problems.append(
                f"Line {line}: the columns {quoted(first)} and {quoted(name.strip())} both give the "
                f"{COLUMN_TITLES[detail].lower()}; keep one of them"
            )
            continue
        columns.setdefault(detail, []).append(index)
    if "pseudonym" not in columns:
        found = ", ".join(quoted(name.strip(), 30) for name in header[:12] if name.strip())
        raise InvalidInput(
            f"Line {line} should name the columns, one of them the pseudonym shown on screen (Pseudonym, "
            f"Nickname or Display name); it names {found or 'nothing'}."
        )
    return columns, ignored, problems


def _person(
    line: int, cells: list[str], columns: dict[str, list[int]], width: int
) -> tuple[NewParticipant, list[str]]:
    """One line of the file as a new participant, and everything wrong with it (a cell that cannot
    be read leaves that detail at its default, so the other details are still checked)."""
    problems: list[str] = []
    if any(cell.strip() for cell in cells[width:]):
        problems.append(
            f"Line {line} has {len(cells)} cells but the first line names only {width} columns; "
            "check for a stray comma or semicolon"
        )
    values: dict[str, object] = {}
    noted = len(problems)
    pseudonym_unreadable = False
    for detail, indexes in columns.items():
        text = ", ".join(filter(None, (_cell(line, cells, index, detail, problems) for index in indexes)))
        if detail == "pseudonym" and len(problems) > noted:
            # Its cell's problem is already said; a blank pseudonym would only be reported again.
            text, pseudonym_unreadable = "?", True
        reader = _READERS.get(detail)
        if reader is None:
            values[detail] = text
            continue
        try:
            values[detail] = reader(text)
        except ValueError as exc:
            problems.append(f"Line {line}: the {COLUMN_TITLES[detail]} cell {exc}")
    first_and_last = " ".join(str(values.get(part, "")) for part in ("first_name", "last_name")).strip()
    person = NewParticipant(
        pseudonym=str(values["pseudonym"]),
        full_name=str(values.get("full_name", "")) or first_and_last or None,
        contact=str(values.get("contact", "")) or None,
        role=values.get("role", Role.YOUNG_PERSON),  # type: ignore[arg-type]
        under_18=bool(values.get("under_18", False)),
        consent_on=values.get("consent_on"),  # type: ignore[arg-type]
        guardian_consent_on=values.get("guardian_consent_on"),  # type: ignore[arg-type]
        language=str(values.get("language", "")) or "English",
        access_needs=str(values.get("access_needs", "")).replace("\r\n", "\n").replace("\r", "\n"),
        line=line,
    )
    problems.extend(f"Line {line}: {problem}" for problem in participant_problems(person))
    if pseudonym_unreadable:
        person = replace(person, pseudonym="")
    return person, problems


def _cell(line: int, cells: list[str], index: int, detail: str, problems: list[str]) -> str:
    """The text of one cell for ``detail``; "" (and a problem noted) when it cannot be taken as it is."""
    cell = _clean(cells[index]) if index < len(cells) else ""
    title = COLUMN_TITLES[detail]
    control = _control_character(cell)
    if control is not None:
        problems.append(f"Line {line}: the {title} cell holds an invisible control character ({control}); delete it")
    elif len(cell) > MAX_CELL_CHARACTERS:
        problems.append(f"Line {line}: the {title} cell is far too long; check that line")
    elif detail not in _MULTILINE and ("\n" in cell or "\r" in cell):
        problems.append(
            f"Line {line}: the {title} cell runs over several lines; put it on one line "
            "(or add the quote mark that may be missing)"
        )
    else:
        return cell
    return ""


def read_participants_csv(path: Path) -> ParticipantList:
    """The participants listed in a CSV file; InvalidInput when it cannot be read or has problems."""
    path = Path(path)
    try:
        if path.is_file() and path.stat().st_size > MAX_FILE_BYTES:
            raise _too_big(path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {path}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{path} is a folder; give the CSV file saved from the spreadsheet.") from None
    except OSError as exc:
        raise InvalidInput(f"Cannot read {path}: {exc.strerror or exc}.") from None
    return parse_participants_csv(data)


def import_participants_csv(session: Session, *, commission_id: str, path: Path) -> ImportedParticipants:
    """Add everyone listed in a CSV file to the commission, all or no one."""
    listed = read_participants_csv(path)
    added = import_participants(session, commission_id=commission_id, rows=listed.people)
    return ImportedParticipants(added=added, ignored_columns=listed.ignored_columns)
