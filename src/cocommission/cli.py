"""The ``cocommission`` command: headless commands for scripting and support.

Exit status: 0 on success, 2 on bad input or usage (one line on stderr, no
traceback), 1 on an unexpected failure. With no command it opens the
desktop app.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from cocommission import __version__
from cocommission.db import Database, DatabaseError, open_database

EXIT_OK, EXIT_FAILURE, EXIT_BAD_INPUT = 0, 1, 2


def _export_kinds() -> tuple[str, ...]:
    """What ``cocommission export KIND`` can write: JSON, every printed document, spreadsheets."""
    from cocommission.export.documents import DOCUMENTS

    return ("json", *(document.kind for document in DOCUMENTS), "xlsx", "csv")


class UsageError(Exception):
    """The command line itself is wrong."""


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line instead of exiting on its own."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{_printable(message)} (see '{self.prog} --help')")


def _printable(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes, so it stays one line."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = _Parser(prog="cocommission", description="Co-produced commissioning, offline.")
    parser.add_argument("--version", action="version", version=f"CoCommission {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help="database file or SQLAlchemy URL (default: COCOMMISSION_DB or your data folder)")
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

    import_ = commands.add_parser(
        "import", help="import a commission (json) and print its id, or participants from a spreadsheet (csv)"
    )
    import_.add_argument("kind", choices=["json", "csv"])
    import_.add_argument("file", metavar="FILE", type=Path)
    import_.add_argument("--new-ids", action="store_true", help="json: import as a copy with new ids")
    import_.add_argument("--commission", metavar="ID", help="csv: the commission to add the participants to")

    tally = commands.add_parser("tally", help="count a vote round and explain the count")
    tally.add_argument("round_id", metavar="ROUND_ID")
    tally.add_argument("--method", choices=["borda", "schulze", "irv", "dots", "approval", "score"])
    tally.add_argument("--json", action="store_true", help="print the result as JSON")

    commands.add_parser("check", help="check the database's integrity and schema version")

    restore = commands.add_parser(
        "restore", help="put a backup in place of the database (the latest sound one unless you name one)"
    )
    restore.add_argument("backup", nargs="?", metavar="BACKUP", type=Path, help="the backup file to restore")
    restore.add_argument("--list", action="store_true", help="list the backups, newest first, and change nothing")

    audit = commands.add_parser("audit", help="check a commission's tamper-evident audit log")
    audit.add_argument("action", choices=["verify"])
    audit.add_argument("commission_id", metavar="ID")
    return parser


# --- commands ---------------------------------------------------------------


def _demo(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.demo import create_example_commission
    from cocommission.services.perform import perform

    print(perform(database, create_example_commission).result)
    return EXIT_OK


def _list(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.commissions import list_commissions

    with database.unit_of_work() as session:
        for commission in list_commissions(session):
            print(f"{commission.id}\t{commission.title}")
    return EXIT_OK


def _export_bytes(session, kind: str, commission_id: str) -> bytes:
    """The file for one kind of export, made from the commission's committed data."""
    if kind == "json":
        from cocommission.export.interchange import dumps, export_commission

        return dumps(export_commission(session, commission_id=commission_id)).encode("utf-8")
    if kind == "xlsx":
        from cocommission.export.spreadsheets import spreadsheet_tables, xlsx_bytes

        return xlsx_bytes(spreadsheet_tables(session, commission_id=commission_id))
    from cocommission.export.documents import printed_document

    return printed_document(kind).pdf(session, commission_id=commission_id)


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
    with database.unit_of_work() as session:
        get_commission(session, commission_id=arguments.commission_id)
        if arguments.agreed:
            _require_agreed_tender(session, arguments.kind, arguments.commission_id)
        if arguments.kind == "csv":
            from cocommission.export.spreadsheets import spreadsheet_tables, write_csv_folder

            # One CSV per table (votes, scores, bid totals, payments) in the folder given by -o.
            write_csv_folder(spreadsheet_tables(session, commission_id=arguments.commission_id), arguments.output)
            return EXIT_OK
        data = _export_bytes(session, arguments.kind, arguments.commission_id)
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

    backup_before(database.engine, reason="before-import")
    print(perform(database, import_commission, document=document, new_ids=new_ids).result.commission_id)
    return EXIT_OK


def _import_participants(database: Database, arguments: argparse.Namespace) -> int:
    """Participants from a spreadsheet saved as CSV, added to one commission all at once."""
    from cocommission.db.backup import backup_before
    from cocommission.export.participants_csv import read_participants_csv
    from cocommission.services.errors import InvalidInput
    from cocommission.services.people import import_participants
    from cocommission.services.perform import perform

    if arguments.commission is None:
        raise InvalidInput("Say which commission to add the participants to: --commission ID (see 'cocommission list').")
    if arguments.new_ids:
        raise InvalidInput("--new-ids only applies to 'import json'.")
    listed = read_participants_csv(arguments.file)
    backup_before(database.engine, reason="before-import")
    added = perform(database, import_participants, commission_id=arguments.commission, rows=listed.people).result
    print(f"Added {len(added)} participant{'' if len(added) == 1 else 's'}.")
    if listed.ignored_columns:
        print(f"Columns left out: {_printable(', '.join(listed.ignored_columns))}.")
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
                    "ties": [list(tier) for tier in result.ties],
                    "ballots_counted": result.ballots_counted,
                    "steps": list(result.steps),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for step in result.steps:
            print(step)
    return EXIT_OK


def _check(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.health import check_database

    report = check_database(database)
    for line in report.lines:
        print(line)
    return EXIT_OK if report.sound else EXIT_FAILURE


def _audit(database: Database, arguments: argparse.Namespace) -> int:
    from cocommission.services.audit import verify_chain
    from cocommission.services.commissions import get_commission

    with database.unit_of_work() as session:
        get_commission(session, commission_id=arguments.commission_id)
        check = verify_chain(session, commission_id=arguments.commission_id)
    if check.first_broken is None:
        print(f"The audit log's {check.entries} entries all link up: nothing has been changed or removed.")
        return EXIT_OK
    print(
        f"The audit log is broken at entry {check.first_broken} of {check.entries}: that entry, or one "
        "before it, was changed or removed after it was written."
    )
    return EXIT_FAILURE


def _database_file(location: str | None) -> Path:
    """The SQLite file a restore is about; InvalidInput for a server database."""
    from cocommission.db.location import resolve_database_url
    from cocommission.services.errors import InvalidInput

    url = resolve_database_url(location)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise InvalidInput("Only a database file can be restored here; a server database keeps its own backups.")
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
    chosen = arguments.backup
    if chosen is None:
        latest = latest_sound_backup(path)
        if latest is None:
            raise InvalidInput(f"There are no sound backups of {path.name} in {path.parent / 'backups'}.")
        chosen = latest.path
    kept = restore_backup(path, chosen)
    print(f"Restored {chosen.name} as {path}.")
    if kept is not None:
        print(f"The file it replaced is kept as {kept}.")
    return EXIT_OK


COMMANDS: dict[str, Callable[[Database, argparse.Namespace], int]] = {
    "demo": _demo,
    "list": _list,
    "export": _export,
    "import": _import,
    "tally": _tally,
    "check": _check,
    "audit": _audit,
}


def _open_app(arguments: argparse.Namespace) -> int:
    # Imported here so the headless commands never load Qt.
    from cocommission.ui.app import run_app

    return run_app(database_location=arguments.db)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    from cocommission.db.backup import BackupError
    from cocommission.services.errors import ServiceError

    try:
        arguments = build_parser().parse_args(argv)
    except UsageError as exc:
        print(f"cocommission: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SystemExit as exc:  # --help and --version have printed what was asked for
        return EXIT_OK if exc.code in (None, 0) else EXIT_BAD_INPUT
    if arguments.command is None:
        return _open_app(arguments)
    database = None
    try:
        if arguments.command == "restore":
            return _restore(arguments)
        database = open_database(arguments.db)
        return COMMANDS[arguments.command](database, arguments)
    except (ServiceError, DatabaseError, BackupError) as exc:
        # Messages quote what was given (a file name may hold a line break): keep them to one line.
        print(f"cocommission: {_printable(str(exc))}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("cocommission: interrupted; nothing more was changed.", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback
        print(
            f"cocommission: unexpected error ({type(exc).__name__}: {_printable(str(exc))}). "
            "Nothing was saved by this command; please report this.",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    finally:
        if database is not None:
            database.close()
