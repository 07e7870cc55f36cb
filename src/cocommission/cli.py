"""The ``cocommission`` command: headless commands for scripting and support.

Exit status: 0 on success, 2 on bad input or usage (one line on stderr, no
traceback), 1 on an unexpected failure. With no command it opens the
desktop app.

An encrypted database's passphrase comes from ``--passphrase-file`` or the
``COCOMMISSION_PASSPHRASE`` environment variable, or is asked for at a terminal;
never from a plain argument, which would stay in the shell's history.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from cocommission import __version__, loading
from cocommission.db import Database, DatabaseError, open_database
from cocommission.services.text import plural

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2
PASSPHRASE_VARIABLE = "COCOMMISSION_PASSPHRASE"
#: Where ``change-passphrase`` takes the new passphrase from when it is not typed.
NEW_PASSPHRASE_VARIABLE = "COCOMMISSION_NEW_PASSPHRASE"


def _export_kinds() -> tuple[str, ...]:
    """What ``cocommission export KIND`` can write: JSON, every printed document, spreadsheets."""
    from cocommission.export.documents import DOCUMENTS

    return ("json", "anonymised", *(document.kind for document in DOCUMENTS), "xlsx", "csv")


class UsageError(Exception):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line instead of exiting on its own."""

    def __init__(self, *args, **kwargs) -> None:
        # No abbreviations: "--passp=…" must never be guessed at and echoed back in an error.
        kwargs.setdefault("allow_abbrev", False)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # Whatever was typed after "--pass…=" may be a passphrase: never repeat it.
        message = re.sub(r"(--[\w-]*pass[\w-]*=)\S+", r"\1…", message)
        raise UsageError(f"{_printable(message)} (see '{self.prog} --help')")


def _printable(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes, so it stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class _RefusePassphraseArgument(argparse.Action):
    """Refuses ``--passphrase SECRET`` without repeating it: it would stay in the shell's history."""

    def __call__(self, parser, namespace, values, option_string=None) -> NoReturn:
        raise UsageError(
            "a passphrase is never given as an argument (it would stay in your shell's history); "
            f"use --passphrase-file FILE or {PASSPHRASE_VARIABLE}"
        )


def _add_options(parser: argparse.ArgumentParser) -> None:
    """The options that come before any command (and open the app when no command follows)."""
    parser.add_argument("--version", action="version", version=f"CoCommission {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help="database file or SQLAlchemy URL (default: COCOMMISSION_DB or your data folder)")
    parser.add_argument("--passphrase-file", metavar="FILE", type=Path,
                        help=f"an encrypted database's passphrase, read from FILE (or set {PASSPHRASE_VARIABLE}; "
                             "at a terminal you are asked)")
    parser.add_argument("--passphrase", nargs="?", action=_RefusePassphraseArgument, help=argparse.SUPPRESS)


def parse_command_line(argv: Sequence[str] | None) -> argparse.Namespace:
    """``argv`` read with the whole grammar, or with the options alone when they are all there is.

    Opening the app (no command) is the most common start: it needs only the options, and making
    the parsers of all the commands (and loading the list of documents for ``export``'s choices)
    took milliseconds of every start. Anything else (a command, ``--help``, a mistake) is read by
    ``build_parser()``, so it is answered exactly as before.
    """
    options = _Parser(prog="cocommission", add_help=False)
    _add_options(options)
    read, rest = options.parse_known_args(argv)
    if rest:
        return build_parser().parse_args(argv)
    read.command = None
    return read


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - the command-line grammar: one statement per command and option
    """The command-line grammar."""
    parser = _Parser(prog="cocommission", description="Co-produced commissioning, offline.")
    _add_options(parser)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    commands.add_parser("demo", help="create the example commission and print its id")
    commands.add_parser("list", help="list commissions: id<TAB>title per line")

    export = commands.add_parser("export", help="export a commission: its JSON file or a printable PDF")
    export.add_argument("kind", choices=_export_kinds(), help="what to export")
    export.add_argument("commission_id", metavar="ID")
    export.add_argument("-o", "--output", required=True, metavar="FILE|FOLDER", type=Path,
                        help="the file to write (for csv: the folder to write one file per table into)")
    export.add_argument(
        "--agreed", action="store_true", help="tender only: refuse unless the group has agreed the tender"
    )
    export.add_argument(
        "--room-address", metavar="URL",
        help="feedback-sheets only: the room's address as `serve` prints it (http://HOST:PORT/), so each "
        "sheet's QR code opens its questions on a phone while room voting is on",
    )

    import_ = commands.add_parser(
        "import", help="import a commission (json) and print its id, or participants from a spreadsheet (csv)"
    )
    import_.add_argument("kind", choices=["json", "csv"])
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.add_argument("--new-ids", action="store_true", help="json: import as a copy with new ids")
    import_.add_argument("--commission", metavar="ID", help="csv: the commission to add the participants to")

    tender_ = commands.add_parser(
        "tender",
        help="set the tender's closing date (closing-date ID YYYY-MM-DD, or 'none' to clear it), "
        "or agree the tender (agree ID), which lists anything that stops it",
    )
    tender_.add_argument("action", choices=["closing-date", "agree"])
    tender_.add_argument("commission_id", metavar="ID")
    tender_.add_argument("day", nargs="?", metavar="DATE", help="closing-date: the last day bids are accepted")

    tally = commands.add_parser("tally", help="count a vote round and explain the count")
    tally.add_argument("round_id", metavar="ROUND_ID")
    tally.add_argument("--method", choices=["borda", "schulze", "irv", "dots", "approval", "score"])
    tally.add_argument("--json", action="store_true", help="print the result as JSON")

    lots = commands.add_parser(
        "draw-lots",
        help="draw the lot a closed round's instant run-off count waits for (kept; cannot be drawn again)",
    )
    lots.add_argument("round_id", metavar="ROUND_ID")

    scan = commands.add_parser("scan", help="record returned feedback sheets from scanned PDFs or pictures")
    scan.add_argument("files", nargs="+", metavar="FILE", type=Path, help="scans: PDF, PNG or JPEG")
    scan.add_argument("--commission", metavar="ID", help="only accept this commission's sheets")
    scan.add_argument(
        "--record-readable",
        action="store_true",
        help="record the sheets that were read even when some pages could not be",
    )

    commands.add_parser("check", help="check the database's integrity and schema version")

    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the latest sound one unless you name one)"
    )
    restore.add_argument("backup", nargs="?", metavar="BACKUP", type=Path, help="the backup file to restore")
    restore.add_argument("--list", action="store_true", help="list the backups, newest first, and change nothing")

    access = commands.add_parser(
        "subject-access", help="everything held about one participant, as JSON or a readable PDF"
    )
    access.add_argument("participant_id", metavar="PARTICIPANT_ID")
    access.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.json|FILE.pdf")

    erase = commands.add_parser(
        "erase", help="erase one participant's personal data, or every participant's in a commission"
    )
    erase.add_argument("what", choices=["participant", "commission"])
    erase.add_argument("record_id", metavar="ID")
    erase.add_argument("--yes", action="store_true", help="confirm: erasure cannot be undone")

    commands.add_parser(
        "encrypt", help="encrypt the database file and its backups with a passphrase (a lost passphrase cannot be recovered)"
    )
    change = commands.add_parser(
        "change-passphrase", help="re-encrypt the database file and its backups with a new passphrase"
    )
    change.add_argument("--new-passphrase-file", metavar="FILE", type=Path,
                        help=f"read the new passphrase from FILE (or set {NEW_PASSPHRASE_VARIABLE}; "
                             "at a terminal you are asked twice)")
    change.add_argument("--new-passphrase", nargs="?", action=_RefusePassphraseArgument, help=argparse.SUPPRESS)
    decrypt = commands.add_parser(
        "decrypt", help="turn the encrypted database and its backups back into plain files anyone can read"
    )
    decrypt.add_argument("--yes", action="store_true", help="confirm: the personal data will be readable without a passphrase")

    serve = commands.add_parser(
        "serve",
        help="let participants vote from their phones: prints the address and the PIN, and serves until Ctrl+C",
    )
    serve.add_argument("commission_id", nargs="?", metavar="COMMISSION_ID",
                       help="the commission whose rounds phones vote in (may be left out when there is only one)")
    serve.add_argument("--host", metavar="ADDRESS",
                       help="the laptop's address on the room's network, as numbers (0.0.0.0: every network)")
    serve.add_argument(
        "--port", type=int, default=None, metavar="N",
        help="the port to serve on (default: the room's usual port 8470, or any free port if it is taken; 0: any free port)",
    )

    audit = commands.add_parser("audit", help="check a commission's tamper-evident audit log")
    audit.add_argument("action", choices=["verify"])
    audit.add_argument("commission_id", metavar="ID")
    audit.add_argument(
        "--expect",
        metavar="N:HASH",
        help="the entry count and head hash printed on a paper record: a shorter or rewritten log is reported",
    )
    return parser


# --- commands ---------------------------------------------------------------


def _demo(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.demo import create_example_commission
    from cocommission.services.perform import perform

    print(perform(database, create_example_commission).result)
    return EXIT_OK


def _list(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.commission_titles import commission_titles

    with database.reading() as connection:
        for commission in commission_titles(connection):
            print(f"{commission.id}\t{commission.title}")
    return EXIT_OK


def _export_bytes(session, kind: str, commission_id: str, room_address: str | None = None) -> bytes:
    """The file for one kind of export, made from the commission's committed data (a room's address: see ``--room-address``)."""
    if kind == "json":
        from cocommission.export.interchange import dumps, export_commission

        return dumps(export_commission(session, commission_id=commission_id)).encode("utf-8")
    if kind == "xlsx":
        from cocommission.export.spreadsheets import spreadsheet_tables, xlsx_bytes

        return xlsx_bytes(spreadsheet_tables(session, commission_id=commission_id))
    from cocommission.export.documents import printed_document

    document = printed_document(kind)
    return document.prepare_for_room(session, commission_id=commission_id, room_address=room_address).render()


def _checked_room_address(kind: str, room_address: str | None) -> str | None:
    """``--room-address`` as the sheets print it; refused for another kind of export, or when it is not an address."""
    from cocommission.export.documents import DOCUMENTS
    from cocommission.export.sheet_qr import check_room_address
    from cocommission.services.errors import InvalidInput

    if room_address is None:
        return None
    if not any(document.kind == kind and document.takes_room_address for document in DOCUMENTS):
        raise InvalidInput("--room-address only applies to 'export feedback-sheets'.")
    return check_room_address(room_address)


def _require_agreed_tender(session, kind: str, commission_id: str) -> None:
    """Refuse to print a tender the group has not agreed, saying what stands in the way."""
    from cocommission.model import TenderStatus
    from cocommission.services.errors import InvalidInput
    from cocommission.services.tender import get_tender, weights_check

    if kind != "tender":
        raise InvalidInput("--agreed only applies to 'export tender'.")
    if get_tender(session, commission_id=commission_id).status is TenderStatus.AGREED:
        return
    total, ok = weights_check(session, commission_id=commission_id)
    reason = "" if ok else f" Its criteria weights add up to {total}%, not 100%."
    raise InvalidInput(f"The tender has not been agreed yet.{reason} Agree it in the app first, or leave out --agreed.")


def _refuse_the_database_itself(database: Database, output: Path) -> None:
    """Refuse an output path that is the database file (or one of its journals): writing there destroys it."""
    from cocommission.services.errors import InvalidInput

    if database.path is None:
        return
    own = {database.path.resolve().with_name(database.path.name + suffix) for suffix in ("", "-wal", "-shm", "-journal")}
    if output.resolve() in own:
        raise InvalidInput(f"{output} is the database itself; choose another file to write to.")


def _export(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.export.files import write_atomically
    from cocommission.services.commissions import get_commission

    _refuse_the_database_itself(database, arguments.output)
    room_address = _checked_room_address(arguments.kind, arguments.room_address)
    with database.unit_of_work() as session:
        get_commission(session, commission_id=arguments.commission_id)
        if arguments.agreed:
            _require_agreed_tender(session, arguments.kind, arguments.commission_id)
        if arguments.kind == "anonymised":
            from cocommission.export.anonymised import anonymised_export
            from cocommission.export.interchange import dumps

            document, report = anonymised_export(session, commission_id=arguments.commission_id)
            write_atomically(arguments.output, dumps(document).encode("utf-8"))
            print("\n".join(report.lines()))
            return EXIT_OK
        if arguments.kind == "csv":
            from cocommission.export.spreadsheets import spreadsheet_tables, write_csv_folder

            # One CSV per table (votes, scores, bid totals, payments) in the folder given by -o.
            write_csv_folder(spreadsheet_tables(session, commission_id=arguments.commission_id), arguments.output)
            return EXIT_OK
        data = _export_bytes(session, arguments.kind, arguments.commission_id, room_address)
    write_atomically(arguments.output, data)
    return EXIT_OK


def _import(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.export.interchange import import_commission, parse_document
    from cocommission.services.errors import InvalidInput
    from cocommission.services.perform import perform

    if arguments.kind == "csv":
        return _import_participants(database, arguments)
    if arguments.commission is not None:
        raise InvalidInput("--commission only applies to 'import csv'; a JSON file brings its own commission.")
    try:
        text = arguments.file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InvalidInput(f"There is no file {arguments.file}.") from None
    except IsADirectoryError:
        raise InvalidInput(f"{arguments.file} is a folder; give the exported .json file.") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"{arguments.file} is not a text file; give the exported .json file.") from None
    except OSError as exc:
        raise InvalidInput(f"Cannot read {arguments.file}: {exc.strerror}.") from None
    document = parse_document(text)
    new_ids = True if arguments.new_ids else None
    from cocommission.db.backup import backup_before

    backup_before(database.engine, reason="before-import", passphrase=database.passphrase)
    print(perform(database, import_commission, document=document, new_ids=new_ids).result.commission_id)
    return EXIT_OK


def _import_participants(database: Database, arguments: argparse.Namespace) -> int:
    """Participants from a spreadsheet saved as CSV, added to one commission all at once."""
    from cocommission.db.backup import backup_before
    from cocommission.export.participants_csv import read_participants_csv
    from cocommission.services.errors import InvalidInput
    from cocommission.services.participants import import_participants
    from cocommission.services.perform import perform

    if arguments.commission is None:
        raise InvalidInput("Say which commission to add the participants to: --commission ID (see 'cocommission list').")
    if arguments.new_ids:
        raise InvalidInput("--new-ids only applies to 'import json'.")
    listed = read_participants_csv(arguments.file)
    backup_before(database.engine, reason="before-import", passphrase=database.passphrase)
    added = perform(database, import_participants, commission_id=arguments.commission, rows=listed.people).result
    print(f"Added {len(added)} participant{'' if len(added) == 1 else 's'}.")
    if listed.ignored_columns:
        print(f"Columns left out: {_printable(', '.join(listed.ignored_columns))}.")
    return EXIT_OK


def _closing_day(text: str | None):
    """The closing date typed on the command line: a day as YYYY-MM-DD, or 'none' to clear it."""
    from datetime import date

    from cocommission.services.errors import InvalidInput

    if text is None:
        raise InvalidInput("Give the closing date as YYYY-MM-DD, for example 2026-03-27, or 'none' to clear it.")
    if text.strip().casefold() == "none":
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"{_printable(text)!r} is not a date; give the closing date as YYYY-MM-DD, for example 2026-03-27."
        ) from None


def _tender(database: Database, arguments: argparse.Namespace) -> int:
    """Set the tender's closing date, or agree the tender; a tender that is not ready lists why on stdout."""
    from cocommission.services.errors import InvalidInput
    from cocommission.services.perform import perform
    from cocommission.services.tender import TenderNotReady, agree_tender, get_tender, set_closing_date

    if arguments.action == "agree" and arguments.day is not None:
        raise InvalidInput("'tender agree' takes only the commission's id; leave out the date.")
    day = _closing_day(arguments.day) if arguments.action == "closing-date" else None
    with database.unit_of_work() as session:
        tender_id = get_tender(session, commission_id=arguments.commission_id).id
    if arguments.action == "closing-date":
        row = perform(database, set_closing_date, tender_id=tender_id, closing_date=day).result
        print(f"Closing date: {row.closing_date.isoformat() if row.closing_date else 'not set'}")
        return EXIT_OK
    try:
        perform(database, agree_tender, tender_id=tender_id)
    except TenderNotReady as refused:
        for problem in refused.problems:
            print(_printable(problem))
        count = len(refused.problems)
        print(
            "cocommission: the tender was not agreed; put right "
            + plural(count, "the problem", "the {count} problems")
            + " listed above first.",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    print("The tender is agreed and saved as a version called \"Agreed\".")
    return EXIT_OK


def _tally(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.voting import tally_round

    with database.unit_of_work() as session:
        result = tally_round(session, round_id=arguments.round_id, method=arguments.method)
    if arguments.json:
        print(
            json.dumps(
                {
                    "round_id": arguments.round_id,
                    "method": result.method,
                    "ranking": [list(tier) for tier in result.ranking],
                    "scores": result.scores,
                    "score_texts": result.score_texts,
                    "ties": [list(tier) for tier in result.ties],
                    "ballots_counted": result.ballots_counted,
                    "winner_known": result.winner_known,
                    "lot_needed": list(result.lot_needed),
                    "steps": list(result.steps),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for step in result.steps:
            print(step)
        if result.lot_needed:
            print(f"To draw the lot once voting has closed: cocommission draw-lots {arguments.round_id}")
    return EXIT_OK


def _draw_lots(database: Database, arguments: argparse.Namespace) -> int:
    """Draw and keep the lot a run-off count waits for, then print the count it settles."""
    from cocommission.services.perform import perform, read
    from cocommission.services.voting import draw_lots, tally_round

    drawn = perform(database, draw_lots, round_id=arguments.round_id).result
    labels = {option.id: option.label for option in drawn.options}
    print("Lot drawn, luckiest first: " + "; ".join(_printable(labels[o]) for o in drawn.lot_order) + ".")
    result = read(database, lambda session: tally_round(session, round_id=arguments.round_id, method="irv"))
    for step in result.steps:
        print(step)
    return EXIT_OK


def _scan(database: Database, arguments: argparse.Namespace) -> int:
    """Read every scan first, then record every sheet found in one transaction, or nothing."""
    from cocommission.export.scanning import scan_files, sheets_found
    from cocommission.services.feedback import format_sheet_code, receive_sheets, unknown_sheet_codes

    readings = scan_files(arguments.files)
    found = sheets_found(readings)
    whose = "one of this commission's sheets" if arguments.commission else "a sheet in this database"
    with database.unit_of_work() as session:
        codes = [reading.code for reading in found]
        unknown = set(unknown_sheet_codes(session, codes=codes, commission_id=arguments.commission))
        problems = [
            (reading.where, reading.problem or f"sheet {format_sheet_code(reading.code)} is not {whose}")
            for reading in readings
            if reading.problem is not None or reading.code in unknown
        ]
        readable = [reading for reading in found if reading.code not in unknown]
        if not readable or (problems and not arguments.record_readable):
            _report_problems(problems)
            ways = []
            if any(reading.problem for reading in readings):
                ways.append("rescan those pages")
            if unknown:
                ways.append("leave out sheets from elsewhere")
            if readable:
                ways.append(f"add --record-readable to record the {_sheets(len(readable))} that were read")
            how = ", or ".join(ways) or "scan the returned sheets"
            print(f"cocommission: nothing was recorded; {how}.", file=sys.stderr)
            return EXIT_BAD_INPUT
        received = receive_sheets(
            session, codes=[reading.code for reading in readable], commission_id=arguments.commission
        )
    for reading, sheet in zip(readable, received.sheets, strict=True):
        already = "\talready returned" if sheet.id in received.already_returned else ""
        print(f"{sheet.printed_code}\t{reading.source}\tpage {reading.page}{already}")
    _report_problems(problems)
    return EXIT_OK


def _sheets(count: int) -> str:
    return f"{count} sheet" if count == 1 else f"{count} sheets"


def _report_problems(problems: Sequence[tuple[str, str]]) -> None:
    """One line per page that gave no sheet to record: where it is and what is wrong."""
    for where, problem in problems:
        print(f"cocommission: {where}: {problem}", file=sys.stderr)


def _check(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.health import check_database

    report = check_database(database)
    for line in report.lines:
        print(line)
    return EXIT_OK if report.sound else EXIT_FAILURE


def _audit(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.audit import entry_hash_at, parse_expectation, verify_chain
    from cocommission.services.commissions import get_commission
    from cocommission.services.errors import InvalidInput

    expected = None
    if arguments.expect is not None:
        expected = parse_expectation(arguments.expect)
        if expected is None:
            raise InvalidInput(
                "--expect takes the entry count and head hash printed on paper, as N:HASH "
                "(at least the first 16 characters of the hash)."
            )
    with database.unit_of_work() as session:
        get_commission(session, commission_id=arguments.commission_id)
        check = verify_chain(session, commission_id=arguments.commission_id)
        at_expected = entry_hash_at(session, commission_id=arguments.commission_id, sequence=expected[0]) if expected else None
    if check.first_broken is not None:
        print(
            f"The audit log is broken at entry {check.first_broken} of {check.entries}: that entry, or one "
            "before it, was changed or removed after it was written."
        )
        return EXIT_FAILURE
    if expected is not None:
        count, head = expected
        if check.entries < count:
            print(
                f"The audit log has {check.entries} entries but the paper record shows {count}: "
                "its last entries were removed."
            )
            return EXIT_FAILURE
        if at_expected is None or not at_expected.startswith(head):
            print(
                f"Entry {count} of the audit log does not have the hash on the paper record: "
                "the log was rewritten after the paper was printed."
            )
            return EXIT_FAILURE
    for mismatch in check.mismatches:
        print(f"Changed outside CoCommission: {mismatch.line()}.")
    if check.mismatches:
        return EXIT_FAILURE
    matched = f", and entry {expected[0]} matches the paper record" if expected else ""
    print(f"The audit log's {check.entries} entries all link up{matched}: nothing has been changed or removed.")
    return EXIT_OK


def _subject_access(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.export.files import write_atomically
    from cocommission.services.errors import InvalidInput
    from cocommission.services.perform import read
    from cocommission.services.privacy import subject_access

    suffix = arguments.output.suffix.lower()
    if suffix not in (".json", ".pdf"):
        raise InvalidInput("Give an output file ending in .json or .pdf.")
    record = read(database, lambda session: subject_access(session, participant_id=arguments.participant_id))
    if suffix == ".json":
        data = json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")
    else:
        from cocommission.export.subject_access_pdf import plan_subject_access

        data = plan_subject_access(record).render()
    write_atomically(arguments.output, data)
    return EXIT_OK


def _erase(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.db.scrub import forget_erased_data
    from cocommission.services.errors import InvalidInput
    from cocommission.services.perform import perform
    from cocommission.services.privacy import erase_participant, erase_personal_data

    if not arguments.yes:
        raise InvalidInput("Erasure cannot be undone; add --yes to confirm.")
    if arguments.what == "participant":
        from cocommission.services.participants import get_participant
        from cocommission.services.perform import read
        from cocommission.services.privacy import find_name_mentions

        # Erasing again finishes an erasure whose clearing of old copies was interrupted.
        done_before = read(database, lambda s: get_participant(s, participant_id=arguments.record_id)).erased
        if not done_before:
            mentions = read(database, lambda s: find_name_mentions(s, participant_id=arguments.record_id))
            _report_mentions(mentions)
            perform(database, erase_participant, participant_id=arguments.record_id)
        erased = 0 if done_before else 1
    else:
        erased = perform(database, erase_personal_data, commission_id=arguments.record_id).result
    print(
        f"Erased the personal details of {plural(erased, '{count} participant', '{count} participants')}; "
        "their votes and scores stay, anonymously."
    )
    try:
        report = forget_erased_data(database)
    except Exception as exc:  # noqa: BLE001 - the erasure is saved; say exactly what is left to do
        print(
            f"cocommission: the erasure is saved, but old copies in the database file or its backups could not "
            f"be cleared ({type(exc).__name__}: {exc}). Close CoCommission everywhere and run this again.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    if report.rebuilt:
        print(
            "The file was rebuilt and "
            + plural(
                report.backups_removed,
                "{count} older backup that held the details was deleted.",
                "{count} older backups that held the details were deleted.",
            )
        )
    return EXIT_OK


def _serve(database: Database, arguments: argparse.Namespace) -> int:
    """Serve room voting until interrupted: a headless polling station (the window has its own switch)."""
    import time

    from cocommission.room.addresses import laptop_addresses
    from cocommission.room.server import RoomServer, RoomServerError
    from cocommission.services.errors import InvalidInput

    if not arguments.host:
        hosts = ", ".join(address.host for address in laptop_addresses())
        raise InvalidInput(f"Choose the address phones reach this laptop on with --host ADDRESS: one of {hosts}.")
    commission = _the_commission(database, arguments.commission_id)
    server = RoomServer(database, commission_id=commission.id, host=arguments.host, port=arguments.port)
    try:
        url = server.start()
    except RoomServerError as exc:
        raise InvalidInput(exc.message) from None
    try:
        print(f"Room voting for {_printable(commission.title)} is on at {url}", flush=True)
        print(f"PIN for joining without a card: {server.pin}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
        # Short sleeps rather than one long wait: on Windows only a sleep is woken by Ctrl+C.
        while server.running:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    print("Room voting has stopped.", flush=True)
    return EXIT_OK


def _the_commission(database: Database, commission_id: str | None):
    """The commission named, or the only one; refused with the ids to choose from when there are several."""
    from cocommission.services.commission_titles import commission_titles
    from cocommission.services.errors import InvalidInput, NotFound

    with database.reading() as connection:
        commissions = commission_titles(connection)
    if commission_id is not None:
        for commission in commissions:
            if commission.id == commission_id:
                return commission
        raise NotFound(f"There is no commission with id {commission_id!r}; 'cocommission list' shows them.")
    if len(commissions) == 1:
        return commissions[0]
    if not commissions:
        raise InvalidInput("There is no commission in this database yet; create one in the app first.")
    ids = ", ".join(f"{commission.id} ({commission.title})" for commission in commissions)
    raise InvalidInput(f"This database has {len(commissions)} commissions; name the one to serve: {ids}.")


def _report_mentions(mentions: Sequence[object]) -> None:
    """Where the person's name was typed: what is taken out (all of it, here) and what the audit log keeps."""
    editable = [mention for mention in mentions if not mention.in_audit]
    kept = [mention for mention in mentions if mention.in_audit]
    if editable:
        print(
            f"Their name was typed in {plural(len(editable), '{count} place', '{count} places')}; "
            "it is taken out of all of them here "
            "(to choose, erase from the People page instead). Each now reads:"
        )
        for mention in editable:
            print(f"  {mention.line()}")
    if kept:
        print(
            f"{len(kept)} audit log entr{'y' if len(kept) == 1 else 'ies'} written before names were kept out of "
            "the log still hold the name; the log cannot be changed without breaking its chain, so they stay:"
        )
        for mention in kept:
            print(f"  {mention.line()}")


def _database_file(
    location: str | None,
    refusal: str = "Only a database file can be restored here; a server database keeps its own backups.",
) -> Path:
    """The SQLite file a restore is about; InvalidInput for a server database."""
    from cocommission.db.location import resolve_database_url
    from cocommission.services.errors import InvalidInput

    url = resolve_database_url(location)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise InvalidInput(refusal)
    return Path(url.database)


def _restore(arguments: argparse.Namespace) -> int:
    """Restore without opening the database first: it may be the damaged file being replaced."""
    from cocommission.db.backup import latest_sound_backup, list_backups, restore_backup
    from cocommission.services.errors import InvalidInput

    path = _database_file(arguments.db)
    if arguments.list:
        for backup in list_backups(path):
            print(f"{backup.path}\t{backup.label}")
        return EXIT_OK
    passphrase = _passphrase_for_file(arguments, path)
    chosen = arguments.backup
    if chosen is None:
        latest = latest_sound_backup(path, passphrase)
        if latest is None:
            raise InvalidInput(f"There are no sound backups of {path.name} in {path.parent / 'backups'}.")
        chosen = latest.path
    kept = restore_backup(path, chosen, passphrase)
    print(f"Restored {chosen.name} as {path}.")
    if kept is not None:
        print(f"The file it replaced is kept as {kept}.")
    return EXIT_OK


#: Commands about the file itself, run without opening it (it may be the file being replaced).
FILE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "restore": lambda arguments: _restore(arguments),
    "encrypt": lambda arguments: _encrypt(arguments),
    "change-passphrase": lambda arguments: _change_passphrase(arguments),
    "decrypt": lambda arguments: _decrypt(arguments),
}

COMMANDS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "demo": _demo,
    "list": _list,
    "export": _export,
    "import": _import,
    "tally": _tally,
    "tender": _tender,
    "draw-lots": _draw_lots,
    "scan": _scan,
    "check": _check,
    "audit": _audit,
    "subject-access": _subject_access,
    "erase": _erase,
    "serve": _serve,
}


#: What the window reads on opening, loaded before Qt: once Qt is loaded, each module imported
#: after it is read through again to see whether it uses Qt. The mapped classes those screens read
#: (the ORM is many modules; the other stages' classes load with their pages, see
#: ``cocommission.model``), the commissions every page's header and the welcome page read, the
#: People page's.
LOADED_BEFORE_QT = (
    "cocommission.model.commission",
    "cocommission.model.people",
    "cocommission.model.audit",
    "cocommission.services.commissions",
    "cocommission.services.people_stage",
)


def _load_dialect(location: str | None) -> None:
    """Load the SQLAlchemy dialect of the database the window will open, before Qt (see above).

    A dozen modules that opening the database would otherwise load after Qt. A location that is
    not a database URL loads nothing here: the window says what is wrong with it.
    """
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from cocommission.db.location import resolve_database_url

    try:
        resolve_database_url(location).get_dialect()
    except (ArgumentError, NoSuchModuleError):
        return


def _open_app(arguments: argparse.Namespace) -> int:
    # The window resumes collecting garbage once it is on screen (see ``loading``).
    loading.pause()
    try:
        from importlib import import_module

        for module in LOADED_BEFORE_QT:
            import_module(module)
        _load_dialect(arguments.db)
        # Imported here so the headless commands never load Qt.
        from cocommission.services.errors import InvalidInput
        from cocommission.ui.app import run_app

        try:
            passphrase = _given_passphrase(arguments)
        except InvalidInput as exc:
            print(f"cocommission: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        return run_app(database_location=arguments.db, passphrase=passphrase)
    finally:
        loading.resume()


def main(argv: Sequence[str] | None = None) -> int:  # noqa: PLR0911 - one exit status for each way a command can end
    """Run one command and return its exit status."""
    from cocommission.db.backup import BackupError
    from cocommission.db.lock import DatabaseBusy
    from cocommission.services.errors import ServiceError

    try:
        arguments = parse_command_line(argv)
    except UsageError as exc:
        print(f"cocommission: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SystemExit as exc:  # --help and --version have printed what was asked for
        return EXIT_OK if exc.code in (None, 0) else EXIT_BAD_INPUT
    if arguments.command is None:
        return _open_app(arguments)
    loading.resume()  # the command itself may make garbage to collect
    database = None
    try:
        if arguments.command in FILE_COMMANDS:
            return FILE_COMMANDS[arguments.command](arguments)
        database = _open_database(arguments)
        for notice in database.report.notices:
            # Said once, as the database is upgraded; stdout stays the command's own output.
            print(f"cocommission: {_printable(notice)}", file=sys.stderr)
        return COMMANDS[arguments.command](database, arguments)
    except (ServiceError, DatabaseError, BackupError, DatabaseBusy) as exc:
        # Messages quote what was given (a file name may hold a line break): keep them to one line.
        print(f"cocommission: {_printable(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cocommission: interrupted; nothing more was changed.", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        from cocommission.db.storage import storage_problem

        problem = storage_problem(exc)
        if problem is not None:  # a full disk, read-only storage, a database in use: the user can fix it
            print(f"cocommission: {_printable(str(problem))}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(
            f"cocommission: unexpected error ({_unexpected(exc)}). "
            "Nothing was saved by this command; please report this.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        if database is not None:
            database.close()


def _unexpected(error: BaseException) -> str:
    """What went wrong, for a report, without the statement or values of a failed query (they hold people's data)."""
    from sqlalchemy.exc import StatementError

    if isinstance(error, StatementError) and error.orig is not None:
        # str(error) would add the SQL and its parameters. The driver's first line names no row
        # values; PostgreSQL's DETAIL line after it can ("Key (pseudonym)=(…) already exists").
        first_line = (str(error.orig).splitlines() or [""])[0]
        return f"{type(error.orig).__name__}: {_printable(first_line)}"
    return type(error).__name__


# --- encrypting, and passphrases -----------------------------------------------


def _encrypt(arguments: argparse.Namespace) -> int:
    """Encrypt the database file in place; it must be closed, so it is not kept open here."""
    from cocommission.db.cipher import is_encrypted
    from cocommission.db.encryption import check_new_passphrase, encrypt_database
    from cocommission.services.errors import InvalidInput

    path = _database_file(
        arguments.db, "Only a database file can be encrypted here; a server database is protected by its server."
    )
    if not path.is_file():
        raise InvalidInput(f"There is no database at {path} to encrypt.")
    # Refuses what is not a CoCommission database before asking for anything (and finishes an
    # encryption that was interrupted, after which the file is encrypted already).
    try:
        open_database(path).close()
    except DatabaseError as exc:
        if not exc.needs_passphrase:
            raise
    if is_encrypted(path):
        raise InvalidInput(f"{path.name} is encrypted already, or is not a CoCommission database; nothing was changed.")
    passphrase = _given_passphrase(arguments)
    if passphrase is None:
        passphrase = _ask_new_passphrase(check_new_passphrase)
    report = encrypt_database(path, passphrase)
    backups = f", and so are its {report.backups_encrypted} backups" if report.backups_encrypted else ""
    print(f"{path.name} is now encrypted{backups}.")
    if report.backups_removed:
        print(f"{report.backups_removed} damaged backups could not be encrypted and were removed.")
    print("Keep the passphrase safe: without it nobody, you included, can open this database again.")
    return EXIT_OK


def _encrypted_file(arguments: argparse.Namespace, doing: str) -> Path:
    """The encrypted database file a passphrase command is about; InvalidInput when there is none."""
    from cocommission.db.cipher import is_encrypted
    from cocommission.services.errors import InvalidInput

    path = _database_file(arguments.db, f"Only a database file can be {doing} here; a server database is protected by its server.")
    if not path.is_file():
        raise InvalidInput(f"There is no database at {path}.")
    if not is_encrypted(path):
        raise InvalidInput(f"{path.name} is not encrypted; nothing was changed.")
    return path


def _current_passphrase(arguments: argparse.Namespace, path: Path, prompt: str = "Current passphrase: ") -> str:
    """The passphrase that opens ``path`` now: from the file or environment, else typed at a terminal."""
    from cocommission.services.errors import InvalidInput

    passphrase = _given_passphrase(arguments)
    if passphrase is None and _at_a_terminal():
        passphrase = _ask_passphrase(prompt)
    if passphrase is None:
        raise InvalidInput(
            f"{path.name} is encrypted; give its passphrase with --passphrase-file FILE or {PASSPHRASE_VARIABLE}."
        )
    return passphrase


def _change_passphrase(arguments: argparse.Namespace) -> int:
    """Re-key the file and its backups: the current passphrase as for any command, the new one typed twice.

    The new passphrase comes from ``--new-passphrase-file`` or ``COCOMMISSION_NEW_PASSPHRASE``, else it
    is asked for (twice) at a terminal.
    """
    from cocommission.db.encryption import change_passphrase, check_new_passphrase
    from cocommission.services.errors import InvalidInput

    path = _encrypted_file(arguments, "re-keyed")
    old = _current_passphrase(arguments, path)
    new = _given_passphrase(arguments, source=arguments.new_passphrase_file, variable=NEW_PASSPHRASE_VARIABLE)
    if new is None:
        if not _at_a_terminal():
            raise InvalidInput(
                f"Give the new passphrase with --new-passphrase-file FILE or {NEW_PASSPHRASE_VARIABLE}."
            )
        new = _ask_new_passphrase(check_new_passphrase)
    if new == old:
        raise InvalidInput("The new passphrase is the same as the current one; nothing was changed.")
    report = change_passphrase(path, old, new)
    backups = f", and so are its {report.backups_encrypted} backups" if report.backups_encrypted else ""
    print(f"{path.name} now opens with the new passphrase{backups}; the old one no longer opens them.")
    print("Keep the new passphrase safe: without it nobody, you included, can open this database again.")
    return EXIT_OK


def _decrypt(arguments: argparse.Namespace) -> int:
    """Make the file and its backups plain again, after a warning and a confirmation."""
    from cocommission.db.encryption import decrypt_database
    from cocommission.services.errors import InvalidInput

    path = _encrypted_file(arguments, "decrypted")
    warning = (
        f"Decrypting {path.name} makes it and its backups readable by anyone who gets hold of this computer, "
        "young people's details included."
    )
    if not arguments.yes:
        if not _at_a_terminal():
            raise InvalidInput(f"{warning} Add --yes to confirm; nothing was changed.")
        print(warning, file=sys.stderr)
        try:
            answer = input("Type 'decrypt' to go ahead: ")
        except EOFError:
            answer = ""
        if answer.strip().lower() != "decrypt":
            raise InvalidInput("Not confirmed; nothing was changed.")
    passphrase = _current_passphrase(arguments, path)
    report = decrypt_database(path, passphrase)
    backups = f", and so are its {report.backups_encrypted} backups" if report.backups_encrypted else ""
    print(f"{path.name} is no longer encrypted{backups}. Anyone with this computer can read them now.")
    return EXIT_OK



def _at_a_terminal() -> bool:
    """Whether a person is there to type a passphrase."""
    return sys.stdin is not None and sys.stdin.isatty()


def _given_passphrase(
    arguments: argparse.Namespace, *, source: Path | None = None, variable: str = PASSPHRASE_VARIABLE
) -> str | None:
    """The passphrase from --passphrase-file, else COCOMMISSION_PASSPHRASE, else None.

    ``source`` and ``variable`` name another file and variable (the new passphrase's).
    """
    from cocommission.services.errors import InvalidInput

    if variable == PASSPHRASE_VARIABLE:
        source = arguments.passphrase_file
    if source is None:
        return os.environ.get(variable) or None
    try:
        # utf-8-sig: Notepad and PowerShell on Windows may start the file with a byte-order mark.
        text = source.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput(f"There is no passphrase file {source}.") from None
    except (OSError, UnicodeDecodeError):
        raise InvalidInput(f"Cannot read the passphrase file {source}; it should hold the passphrase as text.") from None
    # The line ending an editor or `echo` adds is not part of the passphrase.
    passphrase = text.removesuffix("\n").removesuffix("\r")
    if not passphrase:
        raise InvalidInput(f"The passphrase file {source} is empty.")
    return passphrase


def _ask_passphrase(prompt: str) -> str:
    """Ask at the terminal without showing what is typed."""
    from cocommission.services.errors import InvalidInput

    try:
        return getpass.getpass(prompt)
    except EOFError:
        raise InvalidInput("No passphrase was typed; nothing was changed.") from None


def _ask_new_passphrase(check: Callable[[str], None]) -> str:
    """Ask twice for a new passphrase at the terminal; InvalidInput when none can be asked or they differ."""
    from cocommission.services.errors import InvalidInput

    if not _at_a_terminal():
        raise InvalidInput(f"Give the new passphrase with --passphrase-file FILE or {PASSPHRASE_VARIABLE}.")
    print(
        "Choose a passphrase. If it is lost, nobody (you included) can open this database or its backups "
        "again: write it down somewhere safe.",
        file=sys.stderr,
    )
    passphrase = _ask_passphrase("New passphrase: ")
    check(passphrase)
    if _ask_passphrase("The same passphrase again: ") != passphrase:
        raise InvalidInput("The two passphrases are not the same; nothing was changed.")
    return passphrase


def _open_database(arguments: argparse.Namespace) -> Database:
    """Open the database, with the passphrase given or, for an encrypted file at a terminal, asked for."""
    from cocommission.services.errors import InvalidInput

    passphrase = _given_passphrase(arguments)
    try:
        return open_database(arguments.db, passphrase=passphrase)
    except DatabaseError as exc:
        if not exc.needs_passphrase or passphrase is not None:
            raise
        if not _at_a_terminal():
            raise InvalidInput(f"{exc} Use --passphrase-file FILE or {PASSPHRASE_VARIABLE}.") from None
    return open_database(arguments.db, passphrase=_ask_passphrase("Passphrase: "))


def _passphrase_for_file(arguments: argparse.Namespace, path: Path) -> str | None:
    """The passphrase when the file or its backups are encrypted (asked for at a terminal), else None."""
    from cocommission.db.backup import list_backups
    from cocommission.db.cipher import is_encrypted

    if not (is_encrypted(path) or any(is_encrypted(backup.path) for backup in list_backups(path))):
        return None
    return _current_passphrase(arguments, path, "Passphrase: ")
