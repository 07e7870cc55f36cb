"""``cocommission tender``: setting the closing date and agreeing the tender from the command line."""

from __future__ import annotations

from datetime import date, timedelta

from running import example_id, run

from cocommission.db import open_database
from cocommission.model import TenderStatus
from cocommission.model.base import today
from cocommission.services import tender
from cocommission.services.perform import perform, read


def _reopened(capsys, db_path) -> str:
    commission_id = example_id(capsys, db_path)
    database = open_database(db_path)
    try:
        row = read(database, lambda s: tender.get_tender(s, commission_id=commission_id))
        perform(database, tender.reopen_tender, tender_id=row.id, reason="The closing date moved")
    finally:
        database.close()
    return commission_id


def _stored(db_path, commission_id) -> tender.TenderRow:
    database = open_database(db_path)
    try:
        return read(database, lambda s: tender.get_tender(s, commission_id=commission_id))
    finally:
        database.close()


def test_a_bad_closing_date_exits_2_with_one_line_and_changes_nothing(capsys, db_path):
    """31 February is refused in one line that says how to write a date; the stored date stays."""
    commission_id = _reopened(capsys, db_path)
    before = _stored(db_path, commission_id).closing_date
    status, out, err = run(capsys, "--db", db_path, "tender", "closing-date", commission_id, "2027-02-31")
    assert status == 2
    assert err == "cocommission: '2027-02-31' is not a date; give the closing date as YYYY-MM-DD, for example 2026-03-27.\n"
    assert _stored(db_path, commission_id).closing_date == before


def test_the_closing_date_is_set_and_cleared(capsys, db_path):
    """A YYYY-MM-DD date is stored on the tender; 'none' clears it."""
    commission_id = _reopened(capsys, db_path)
    status, out, _ = run(capsys, "--db", db_path, "tender", "closing-date", commission_id, "2030-02-07")
    assert (status, out) == (0, "Closing date: 2030-02-07\n")
    assert _stored(db_path, commission_id).closing_date == date(2030, 2, 7)
    assert run(capsys, "--db", db_path, "tender", "closing-date", commission_id, "none")[0] == 0
    assert _stored(db_path, commission_id).closing_date is None


def test_agreeing_lists_every_problem_and_exits_2(capsys, db_path):
    """A missing closing date is listed on stdout, stderr says nothing was agreed, and the tender stays a draft."""
    commission_id = _reopened(capsys, db_path)
    run(capsys, "--db", db_path, "tender", "closing-date", commission_id, "none")
    status, out, err = run(capsys, "--db", db_path, "tender", "agree", commission_id)
    assert status == 2
    print(out)
    assert "The tender has no closing date" in out
    assert err == "cocommission: the tender was not agreed; put right the problem listed above first.\n"
    assert _stored(db_path, commission_id).status is TenderStatus.DRAFT

    yesterday = (today() - timedelta(days=1)).isoformat()
    run(capsys, "--db", db_path, "tender", "closing-date", commission_id, yesterday)
    status, out, _ = run(capsys, "--db", db_path, "tender", "agree", commission_id)
    assert status == 2 and "is not after today" in out

    later = (today() + timedelta(days=14)).isoformat()
    run(capsys, "--db", db_path, "tender", "closing-date", commission_id, later)
    status, out, _ = run(capsys, "--db", db_path, "tender", "agree", commission_id)
    assert status == 0 and "The tender is agreed" in out
    assert _stored(db_path, commission_id).status is TenderStatus.AGREED
