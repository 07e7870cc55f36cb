"""The headless command line, as a new user would try it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
from tests.cli.running import example_id, run


@pytest.fixture
def db_path(tmp_path):
    """A database file path the commands share."""
    return str(tmp_path / "cli.sqlite")


@pytest.fixture
def empty_db(db_path, empty_sqlite_file):
    """``db_path`` holding a migrated, empty database (a copy of one made once per test process)."""
    shutil.copy2(empty_sqlite_file, db_path)
    return db_path


def _database_bytes(path):
    """The database's committed contents, as an export of every commission."""
    from cocommission.db import open_database
    from cocommission.export.interchange import dumps, export_commission
    from cocommission.services.commissions import list_commissions

    database = open_database(path)
    with database.unit_of_work() as session:
        documents = [dumps(export_commission(session, commission_id=c.id)) for c in list_commissions(session)]
    database.close()
    return documents


def test_demo_list_export_import_export_round_trip(capsys, db_path, tmp_path):
    """demo → export json → import json into a fresh database → export json gives an identical file."""
    status, out, err = run(capsys, "--db", db_path, "demo")
    assert status == 0, err
    commission_id = out.strip()
    status, out, _ = run(capsys, "--db", db_path, "list")
    assert out.splitlines() == [f"{commission_id}\tYouth Justice Talent Fund"]
    first = tmp_path / "first.json"
    assert run(capsys, "--db", db_path, "export", "json", commission_id, "-o", str(first))[0] == 0
    fresh = str(tmp_path / "fresh.sqlite")
    status, out, err = run(capsys, "--db", fresh, "import", "json", str(first))
    assert status == 0, err
    assert out.strip() == commission_id
    second = tmp_path / "second.json"
    assert run(capsys, "--db", fresh, "export", "json", commission_id, "-o", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_tally_prints_tiers_and_scores_as_json(capsys, demo_db):
    """tally --json gives the ranking as tiers of option ids and a score per option."""
    from cocommission.db import open_database
    from cocommission.services.voting import list_rounds

    commission_id = example_id(capsys, demo_db)
    database = open_database(demo_db)
    with database.unit_of_work() as session:
        rounds = list_rounds(session, commission_id=commission_id)
    database.close()
    dots = next(r for r in rounds if r.method == "dots")
    status, out, err = run(capsys, "--db", demo_db, "tally", dots.id, "--json")
    assert status == 0, err
    result = json.loads(out)
    option_ids = {option.id for option in dots.options}
    assert {option for tier in result["ranking"] for option in tier} == option_ids
    assert set(result["scores"]) == option_ids
    ranking = next(r for r in rounds if r.method == "ranking")
    for method in ("borda", "schulze", "irv"):
        status, out, err = run(capsys, "--db", demo_db, "tally", ranking.id, "--method", method, "--json")
        assert status == 0, err
        assert json.loads(out)["method"] == method
    status, out, _ = run(capsys, "--db", demo_db, "tally", ranking.id)
    assert status == 0 and out.strip()


def test_draw_lots_settles_a_run_off_waiting_for_a_lot_once(capsys, empty_db):
    """tally says a lot is needed and names no winner; draw-lots draws it once, then the count settles."""
    from cocommission.db import open_database
    from cocommission.model import Participant, Role
    from cocommission.services import commissions, voting

    database = open_database(empty_db)
    with database.unit_of_work() as session:
        cid = commissions.create_commission(session, title="Fund").id
        people = [Participant(commission_id=cid, pseudonym=f"P{n}", role=Role.YOUNG_PERSON) for n in range(3)]
        session.add_all(people)
        session.flush()
        made = voting.create_round(
            session, commission_id=cid, title="Rank", method="ranking", count_method="irv", options=["A", "B", "C"]
        )
        a, b, c = (option.id for option in made.options)
        voting.open_round(session, round_id=made.id)
        for person, ballot in zip(people, ([a], [b, c], [c, b]), strict=True):
            voting.cast_ballot(session, round_id=made.id, participant_id=person.id, choices=ballot)
    database.close()
    status, out, err = run(capsys, "--db", empty_db, "tally", made.id, "--json")
    assert status == 0, err
    waiting = json.loads(out)
    assert waiting["winner_known"] is False and waiting["lot_needed"] == [a, b, c]
    status, out, err = run(capsys, "--db", empty_db, "tally", made.id)
    assert out.rstrip().endswith(f"To draw the lot once voting has closed: cocommission draw-lots {made.id}")
    status, _, err = run(capsys, "--db", empty_db, "draw-lots", made.id)
    assert status == 2 and "Close the round before drawing lots" in err and "Traceback" not in err
    database = open_database(empty_db)
    with database.unit_of_work() as session:
        voting.close_round(session, round_id=made.id)
    database.close()
    status, out, err = run(capsys, "--db", empty_db, "draw-lots", made.id)
    assert status == 0, err
    assert out.startswith("Lot drawn, luckiest first: ")
    assert "In the lot the facilitator drew" in out
    status, out, err = run(capsys, "--db", empty_db, "tally", made.id, "--json")
    assert json.loads(out)["winner_known"] is True and json.loads(out)["lot_needed"] == []
    status, _, err = run(capsys, "--db", empty_db, "draw-lots", made.id)
    assert status == 2 and "already been drawn" in err


def test_check_reports_a_sound_database(capsys, demo_db):
    """check on a database with the example commission exits 0 and says it is sound."""
    status, out, _ = run(capsys, "--db", demo_db, "check")
    assert status == 0
    assert "result: sound" in out


@pytest.mark.parametrize(
    "argv, message",
    [
        (["import", "json", "{missing}"], "There is no file"),
        (["import", "json", "{malformed}"], "not valid JSON"),
        (["import", "json", "{incomplete}"], "does not match the export format"),
        (["tally", "no-such-round"], "no vote round"),
        (["export", "json", "no-such-commission", "-o", "{out}"], "no commission"),
        (["export", "evaluation", "no-such-commission", "-o", "{out}"], "no commission"),
        (["export", "receipts", "no-such-commission", "-o", "{out}"], "no commission"),
        (["export", "fallback-pack", "no-such-commission", "-o", "{out}"], "no commission"),
        (["tally"], "required"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(capsys, demo_db, tmp_path, argv, message):
    """Each mistake a new user might make gives exit 2, one line on stderr and an unchanged database."""
    files = {
        "missing": tmp_path / "missing.json",
        "malformed": tmp_path / "malformed.json",
        "incomplete": tmp_path / "incomplete.json",
        "out": tmp_path / "out.json",
    }
    files["malformed"].write_text("{ this is not json", encoding="utf-8")
    files["incomplete"].write_text(
        json.dumps(
            {
                "format": "cocommission.commission",
                "format_version": 1,
                "schema_revision": "0001",
                "tables": {},
            }
        ),
        encoding="utf-8",
    )
    before = _database_bytes(demo_db)
    status, out, err = run(capsys, "--db", demo_db, *[a.format(**files) for a in argv])
    assert status == 2
    assert len(err.strip().splitlines()) == 1, err
    assert message.lower() in err.lower()
    assert "Traceback" not in err
    assert _database_bytes(demo_db) == before


def test_an_over_budget_ballot_is_refused_and_nothing_changes(database):
    """Casting more dots than the budget through the services is refused and leaves the tally as it was."""
    from cocommission.services.demo import create_example_commission
    from cocommission.services.errors import RuleBroken
    from cocommission.services.participants import list_participants
    from cocommission.services.perform import perform
    from cocommission.services.voting import (
        cast_ballot,
        create_round,
        open_round,
        tally_round,
    )

    commission_id = perform(database, create_example_commission).result
    with database.unit_of_work() as session:
        made = create_round(
            session,
            commission_id=commission_id,
            title="Extra",
            method="dots",
            dots_per_person=3,
            max_dots_per_option=3,
            options=["A", "B"],
        )
        open_round(session, round_id=made.id)
        voter = next(
            p for p in list_participants(session, commission_id=commission_id) if p.role == "young_person"
        )
    a, b = (option.id for option in made.options)
    with pytest.raises(RuleBroken):
        perform(database, cast_ballot, round_id=made.id, participant_id=voter.id, choices={a: 3, b: 1})
    with database.unit_of_work() as session:
        assert tally_round(session, round_id=made.id).scores == {a: 0, b: 0}


def test_a_database_that_is_not_sqlite_gives_exit_2(capsys, tmp_path):
    """Pointing --db at a file that is not a database is refused in one line and the file is untouched."""
    path = tmp_path / "letter.sqlite"
    path.write_text("Dear council,", encoding="utf-8")
    status, _, err = run(capsys, "--db", str(path), "list")
    assert status == 2 and "not a CoCommission database" in err
    assert path.read_text(encoding="utf-8") == "Dear council,"


def test_python_dash_m_runs_without_a_traceback(tmp_path):
    """python -m cocommission runs the same commands and reports mistakes without a traceback."""
    finished = subprocess.run(
        [sys.executable, "-m", "cocommission", "--db", str(tmp_path / "m.sqlite"), "tally", "nothing"],
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 2
    assert "Traceback" not in finished.stderr and finished.stderr.strip()


@pytest.mark.parametrize("kind", ["tender", "decision", "feedback-sheets", "evaluation", "receipts", "fallback-pack"])
def test_export_pdf_writes_a_readable_pdf_of_the_example(capsys, demo_db, tmp_path, kind):
    """export of each printed document writes a PDF of the example that names the commission."""
    from pypdf import PdfReader

    commission_id = example_id(capsys, demo_db)
    target = tmp_path / f"{kind}.pdf"
    status, _, err = run(capsys, "--db", demo_db, "export", kind, commission_id, "-o", str(target))
    assert status == 0, err
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Youth Justice Talent Fund" in text
    assert not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize(
    "target, message",
    [("{missing_folder}/tender.pdf", "does not exist"), ("{folder}", "is a folder")],
)
def test_export_pdf_to_a_place_it_cannot_write_exits_2(capsys, demo_db, tmp_path, target, message):
    """A PDF aimed at a missing folder or at a folder itself is refused in one line and nothing is written."""
    commission_id = example_id(capsys, demo_db)
    where = target.format(missing_folder=tmp_path / "nope", folder=tmp_path)
    status, _, err = run(capsys, "--db", demo_db, "export", "tender", commission_id, "-o", where)
    assert status == 2 and message in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "nope").exists()


def test_export_agreed_tender_refuses_a_draft(capsys, demo_db, tmp_path):
    """export tender --agreed on a reopened (draft) tender exits 2 with one line and writes nothing."""
    from cocommission.db import open_database
    from cocommission.services.perform import perform
    from cocommission.services.tender import get_tender, reopen_tender

    commission_id = example_id(capsys, demo_db)
    database = open_database(demo_db)
    tender_id = perform(database, get_tender, commission_id=commission_id).result.id
    perform(database, reopen_tender, tender_id=tender_id, reason="Adding a line on safeguarding")
    database.close()
    target = tmp_path / "tender.pdf"
    status, _, err = run(capsys, "--db", demo_db, "export", "tender", commission_id, "-o", str(target), "--agreed")
    assert status == 2 and "has not been agreed" in err and len(err.strip().splitlines()) == 1
    assert not target.exists()
    assert run(capsys, "--db", demo_db, "export", "tender", commission_id, "-o", str(target))[0] == 0
    assert target.exists()


def test_export_xlsx_and_csv_write_the_tables(capsys, demo_db, tmp_path):
    """export xlsx writes one workbook and export csv one file per table into an existing folder."""
    from openpyxl import load_workbook

    commission_id = example_id(capsys, demo_db)
    workbook = tmp_path / "commission.xlsx"
    assert run(capsys, "--db", demo_db, "export", "xlsx", commission_id, "-o", str(workbook))[0] == 0
    assert {"votes", "scores", "payments"} <= set(load_workbook(workbook).sheetnames)
    folder = tmp_path / "csv"
    status, _, err = run(capsys, "--db", demo_db, "export", "csv", commission_id, "-o", str(folder))
    assert status == 2 and len(err.strip().splitlines()) == 1
    folder.mkdir()
    assert run(capsys, "--db", demo_db, "export", "csv", commission_id, "-o", str(folder))[0] == 0
    assert {"votes.csv", "scores.csv", "payments.csv"} <= {path.name for path in folder.iterdir()}


# --------------------------------------------------------------------------- scan


def _returned_codes(path) -> set[str]:
    """The codes of every sheet marked returned in the database."""
    from cocommission.db import open_database
    from cocommission.services.commissions import list_commissions
    from cocommission.services.feedback import list_sheets

    database = open_database(path)
    with database.unit_of_work() as session:
        returned = {
            sheet.code
            for commission in list_commissions(session)
            for sheet in list_sheets(session, commission_id=commission.id)
            if sheet.returned_at is not None
        }
    database.close()
    return returned


@pytest.fixture
def scans(capsys, demo_db, tmp_path):
    """The example's sheets "scanned" as PNGs, a blank page, a flyer's QR code, and the codes still out."""
    import pypdfium2
    import qrcode
    from PIL import Image

    commission_id = example_id(capsys, demo_db)
    sheets_pdf = tmp_path / "sheets.pdf"
    exported = run(capsys, "--db", demo_db, "export", "feedback-sheets", commission_id, "-o", str(sheets_pdf))
    assert exported[0] == 0
    document = pypdfium2.PdfDocument(sheets_pdf)
    pages = []
    for index in range(len(document)):
        path = tmp_path / f"scan-{index + 1}.png"
        document[index].render(scale=150 / 72, grayscale=True).to_pil().save(path)
        pages.append(path)
    document.close()
    blank = tmp_path / "blank.png"
    Image.new("L", (1240, 1754), 255).save(blank)
    flyer = tmp_path / "flyer.png"
    qrcode.make("https://example.org/talent-show").get_image().save(flyer)
    return commission_id, pages, blank, flyer, set(_waiting_codes(demo_db, commission_id))


def _waiting_codes(path, commission_id) -> list[str]:
    """The codes of the sheets not yet returned, in printed order."""
    from cocommission.db import open_database
    from cocommission.services.feedback import list_sheets

    database = open_database(path)
    with database.unit_of_work() as session:
        codes = [s.code for s in list_sheets(session, commission_id=commission_id) if s.returned_at is None]
    database.close()
    return codes


def test_scan_records_every_sheet_found_once_with_its_file_and_page(capsys, demo_db, scans):
    """scan marks each sheet found returned and prints its code, file and page; a repeat counts once."""
    from cocommission.services.feedback import format_sheet_code

    commission_id, pages, _, _, waiting = scans
    before = _returned_codes(demo_db)
    files = [*map(str, pages), str(pages[0])]
    status, out, err = run(capsys, "--db", demo_db, "scan", *files, "--commission", commission_id)

    assert status == 0, err
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 5
    for line, path in zip(lines, pages, strict=True):
        printed, source, page = line.split("\t")
        assert (source, page) == (str(path), "page 1")
        assert printed.replace("-", "") in waiting and printed == format_sheet_code(printed.replace("-", ""))
    assert _returned_codes(demo_db) == before | waiting

    status, out, _ = run(capsys, "--db", demo_db, "scan", str(pages[1]))
    assert status == 0 and out.strip().endswith("already returned")


def test_scan_records_nothing_when_a_page_cannot_be_read_and_says_how_to_go_on(capsys, demo_db, scans):
    """A blank page or a flyer's QR code stops the whole scan: each is listed, nothing is recorded, exit 2."""
    _, pages, blank, flyer, _ = scans
    before = _database_bytes(demo_db)

    files = [str(pages[0]), str(blank), str(pages[1]), str(flyer)]
    status, out, err = run(capsys, "--db", demo_db, "scan", *files)

    assert status == 2 and out == ""
    assert f"cocommission: {blank}, page 1: no sheet code found on this page" in err
    assert f"cocommission: {flyer}, page 1: a QR code that is not a CoCommission sheet" in err
    assert "nothing was recorded" in err
    assert "rescan those pages, or add --record-readable to record the 2 sheets that were read" in err
    assert "Traceback" not in err
    assert _database_bytes(demo_db) == before


def test_scan_record_readable_records_the_sheets_read_and_still_lists_problems(capsys, demo_db, scans):
    """With --record-readable the sheets that were read are recorded, the unreadable pages listed, exit 0."""
    _, pages, blank, flyer, _ = scans
    before = _returned_codes(demo_db)

    files = [str(pages[0]), str(blank), str(pages[1]), str(flyer)]
    status, out, err = run(capsys, "--db", demo_db, "scan", *files, "--record-readable")

    assert status == 0
    recorded = {line.split("\t")[0].replace("-", "") for line in out.splitlines()}
    assert len(recorded) == 2
    assert _returned_codes(demo_db) == before | recorded
    assert f"{blank}, page 1: no sheet code found on this page" in err
    assert f"{flyer}, page 1" in err
    # With no sheet read at all there is nothing to record: that is bad input, not success.
    status, out, err = run(capsys, "--db", demo_db, "scan", str(blank), "--record-readable")
    assert status == 2 and out == "" and "nothing was recorded; rescan those pages." in err


def test_scan_refuses_a_sheet_of_another_commission_or_database(capsys, demo_db, scans, tmp_path):
    """A sheet code unknown to the database (or the commission given) is a problem: nothing is recorded."""
    from cocommission.db import open_database
    from cocommission.services.commissions import create_commission
    from cocommission.services.perform import perform

    _, pages, _, _, _ = scans
    database = open_database(demo_db)
    other = perform(database, create_commission, title="Skate park fund").result.id
    database.close()
    before = _database_bytes(demo_db)

    status, _, err = run(capsys, "--db", demo_db, "scan", str(pages[0]), "--commission", other)
    assert status == 2
    assert f"{pages[0]}, page 1: sheet " in err and "is not one of this commission's sheets" in err
    fresh = str(tmp_path / "fresh.sqlite")
    status, _, err = run(capsys, "--db", fresh, "scan", str(pages[0]))
    assert status == 2 and "is not a sheet in this database" in err
    assert _database_bytes(demo_db) == before


@pytest.mark.parametrize("bad", ["missing.pdf", "notes.txt"])
def test_scan_of_a_file_that_is_not_a_scan_exits_2_and_changes_nothing(capsys, demo_db, scans, tmp_path, bad):
    """A missing file or one that is not a PDF or picture: one line naming it, exit 2, nothing recorded."""
    _, pages, _, _, _ = scans
    (tmp_path / "notes.txt").write_text("Feedback notes", encoding="utf-8")
    before = _database_bytes(demo_db)

    status, out, err = run(capsys, "--db", demo_db, "scan", str(pages[0]), str(tmp_path / bad))

    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and str(tmp_path / bad) in err
    assert _database_bytes(demo_db) == before


@pytest.mark.parametrize(
    "kind, message",
    [
        ("evaluation", "no evaluation criteria"),
        ("receipts", "No honorarium payments"),
        ("fallback-pack", "no outcome statements"),
    ],
)
def test_export_of_a_record_with_nothing_in_it_exits_2_and_writes_nothing(
    capsys, empty_db, tmp_path, kind, message
):
    """Printing a record the commission has nothing for yet is refused in one line and no file is written."""
    from cocommission.db import open_database
    from cocommission.services.commissions import create_commission
    from cocommission.services.perform import perform

    database = open_database(empty_db)
    commission_id = perform(database, lambda s: create_commission(s, title="Just started").id).result
    database.close()
    target = tmp_path / f"{kind}.pdf"
    status, _, err = run(capsys, "--db", empty_db, "export", kind, commission_id, "-o", str(target))
    assert status == 2
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in err
    assert not target.exists()
