"""cocommission import csv: participants from a spreadsheet, added to one commission all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.cli.running import run

EXAMPLE = Path(__file__).parents[2] / "docs" / "participants-example.csv"


@pytest.fixture
def commission(tmp_path, empty_sqlite_file):
    """A database with one empty commission: (database path, commission id). A copy of a migrated empty file."""
    from cocommission.db import open_database
    from cocommission.services.commissions import create_commission
    from cocommission.services.perform import perform

    path = tmp_path / "cli.sqlite"
    shutil.copy2(empty_sqlite_file, path)
    database = open_database(path)
    commission_id = perform(database, lambda session: create_commission(session, title="Youth fund").id).result
    database.close()
    return str(path), commission_id


def _pseudonyms(path: str, commission_id: str) -> list[str]:
    from cocommission.db import open_database
    from cocommission.services.participants import list_participants

    database = open_database(path)
    with database.unit_of_work() as session:
        found = [p.pseudonym for p in list_participants(session, commission_id=commission_id)]
    database.close()
    return found


def test_import_csv_adds_the_people_and_says_how_many(capsys, commission, tmp_path):
    """The example file adds four people; a column with no place is named as left out."""
    db, commission_id = commission
    status, out, err = run(capsys, "--db", db, "import", "csv", EXAMPLE, "--commission", commission_id)
    assert (status, err) == (0, "")
    assert out == "Added 4 participants.\n"
    assert _pseudonyms(db, commission_id) == ["Blaze", "Kit", "Nova", "Rook"]

    extra = tmp_path / "extra.csv"
    extra.write_text("Pseudonym;Postcode\nStar;SW9\n", "cp1252")
    status, out, err = run(capsys, "--db", db, "import", "csv", extra, "--commission", commission_id)
    assert (status, err) == (0, "")
    assert out == "Added 1 participant.\nColumns left out: Postcode.\n"


@pytest.mark.parametrize(
    "arguments, expected",
    [
        (["csv", EXAMPLE], "Say which commission to add the participants to: --commission ID"),
        (["csv", EXAMPLE, "--commission", "no-such-commission"], "no-such-commission"),
        (["csv", EXAMPLE, "--commission", "{id}", "--new-ids"], "--new-ids only applies to 'import json'"),
        (["csv", "missing.csv", "--commission", "{id}"], "There is no file missing.csv"),
        (["json", EXAMPLE, "--commission", "{id}"], "--commission only applies to 'import csv'"),
    ],
)
def test_import_csv_mistakes_are_one_line_and_change_nothing(capsys, commission, arguments, expected):
    """A missing or wrong --commission, a json-only option, a missing file: exit 2, one line, nothing added."""
    db, commission_id = commission
    argv = [str(arg).replace("{id}", commission_id) for arg in arguments]
    status, out, err = run(capsys, "--db", db, "import", *argv)
    assert status == 2 and out == ""
    assert err.startswith("cocommission: ") and expected in err and err.count("\n") == 1
    assert _pseudonyms(db, commission_id) == []


def test_a_file_with_problems_adds_no_one_and_names_each_line(capsys, commission, tmp_path):
    """One good line and two bad ones: nothing is added, and both bad lines are named."""
    db, commission_id = commission
    bad = tmp_path / "bad.csv"
    bad.write_text("Pseudonym,Consent date\nAsh,07/02/2026\nBo,31/02/2026\nash,\n", "utf-8")
    status, _, err = run(capsys, "--db", db, "import", "csv", bad, "--commission", commission_id)
    assert status == 2 and err.count("\n") == 1
    assert "Line 3: the Consent date cell says '31/02/2026'" in err
    assert "Line 4: the pseudonym 'ash' is also on line 2" in err
    assert _pseudonyms(db, commission_id) == []


def test_import_csv_into_an_encrypted_database_backs_it_up_encrypted(capsys, commission, monkeypatch):
    """An encrypted database takes participants from a spreadsheet, with its backup taken under the passphrase."""
    from cocommission import cli
    from cocommission.db.backup import list_backups
    from cocommission.db.cipher import is_encrypted

    db, commission_id = commission
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, "correct horse battery")
    assert run(capsys, "--db", db, "encrypt")[0] == 0
    status, out, err = run(capsys, "--db", db, "import", "csv", EXAMPLE, "--commission", commission_id)
    assert (status, err) == (0, "") and out.startswith("Added 4 participants.")
    taken = [backup for backup in list_backups(Path(db)) if backup.reason == "before-import"]
    assert taken and all(is_encrypted(backup.path) for backup in taken)
