"""Restoring backups and checking the audit log from the command line."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.cli.running import example_id, run

from cocommission.db.backup import list_backups, take_backup


def test_audit_verify_says_an_untouched_log_links_up(capsys, db_path):
    """audit verify on the example exits 0 and says how many entries link up."""
    commission_id = example_id(capsys, db_path)
    status, out, err = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert (status, err) == (0, "")
    assert "entries all link up" in out


def test_audit_verify_reports_the_first_edited_entry(capsys, db_path):
    """Editing an entry's words behind the app's back is reported at that entry, exit 1."""
    commission_id = example_id(capsys, db_path)
    with sqlite3.connect(db_path) as connection:
        connection.execute(
            "UPDATE audit_entry SET summary = summary || ' (changed)' WHERE commission_id = ? AND sequence = 7",
            (commission_id,),
        )
    connection.close()
    status, out, _ = run(capsys, "--db", db_path, "audit", "verify", commission_id)
    assert status == 1
    assert "broken at entry 7 of" in out


def test_audit_verify_of_an_unknown_commission_exits_2(capsys, db_path):
    """An id that is no commission gets one line and exit 2."""
    status, out, err = run(capsys, "--db", db_path, "audit", "verify", "no-such-id")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "no commission" in err.lower()


def test_restore_puts_back_the_latest_sound_backup_even_over_a_damaged_file(capsys, db_path):
    """After the file is damaged, restore with no argument brings back the latest sound backup."""
    take_backup(db_path, reason="opened")
    db_path.write_bytes(db_path.read_bytes()[:5000])
    status, _, err = run(capsys, "--db", db_path, "list")
    assert status == 2 and "is damaged" in err

    status, out, err = run(capsys, "--db", db_path, "restore")
    assert (status, err) == (0, "")
    assert "The file it replaced is kept as" in out
    status, out, _ = run(capsys, "--db", db_path, "list")
    assert status == 0 and "Youth Justice Talent Fund" in out


def test_restore_list_names_each_backup_and_changes_nothing(capsys, db_path):
    """restore --list prints the backups newest first and leaves the database alone."""
    take_backup(db_path, reason="opened")
    before = db_path.read_bytes()
    status, out, _ = run(capsys, "--db", db_path, "restore", "--list")
    assert status == 0
    assert "opened" in out and str(list_backups(db_path)[0].path) in out
    assert db_path.read_bytes() == before


def test_restore_with_no_backups_or_a_bad_backup_exits_2(capsys, db_path, tmp_path):
    """No backups, or a named file that is not a sound backup: one line, exit 2, nothing changed."""
    before = db_path.read_bytes()
    status, _, err = run(capsys, "--db", db_path, "restore")
    assert status == 2 and "no sound backups" in err
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database")
    status, _, err = run(capsys, "--db", db_path, "restore", junk)
    assert status == 2 and "cannot be restored" in err
    assert db_path.read_bytes() == before


def test_import_backs_up_the_database_first(capsys, db_path, tmp_path):
    """Importing a commission takes a before-import backup of the file it changes."""
    commission_id = example_id(capsys, db_path)
    exported = tmp_path / "example.json"
    assert run(capsys, "--db", db_path, "export", "json", commission_id, "-o", exported)[0] == 0
    assert run(capsys, "--db", db_path, "import", "json", exported, "--new-ids")[0] == 0
    assert [backup.reason for backup in list_backups(db_path)] == ["before-import"]


def _file_and_log(path: Path) -> bytes:
    """The database file's bytes and its write-ahead log's, if there is one."""
    log = path.with_name(path.name + "-wal")
    return path.read_bytes() + (log.read_bytes() if log.exists() else b"")


def _participant_id(db_path: Path, pseudonym: str) -> str:
    with sqlite3.connect(db_path) as connection:
        (found,) = connection.execute("SELECT id FROM participant WHERE pseudonym = ?", (pseudonym,)).fetchone()
    connection.close()
    return found


def test_subject_access_writes_json_and_a_readable_pdf(capsys, db_path, tmp_path):
    """subject-access writes the record as JSON (by .json) or as a PDF with the person's name (by .pdf)."""
    import io
    import json

    from pypdf import PdfReader

    kiki = _participant_id(db_path, "Kiki")
    assert run(capsys, "--db", db_path, "subject-access", kiki, "-o", tmp_path / "kiki.json")[0] == 0
    record = json.loads((tmp_path / "kiki.json").read_text(encoding="utf-8"))
    assert record["participant"]["full_name"] == "Keisha Campbell"
    assert run(capsys, "--db", db_path, "subject-access", kiki, "-o", tmp_path / "kiki.pdf")[0] == 0
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO((tmp_path / "kiki.pdf").read_bytes())).pages)
    assert "Keisha Campbell" in text and "Workshops attended" in text


def test_subject_access_refuses_other_file_kinds_and_unknown_people(capsys, db_path, tmp_path):
    """A .txt target or an unknown participant: one line, exit 2, nothing written."""
    kiki = _participant_id(db_path, "Kiki")
    status, _, err = run(capsys, "--db", db_path, "subject-access", kiki, "-o", tmp_path / "kiki.txt")
    assert status == 2 and ".json or .pdf" in err
    status, _, err = run(capsys, "--db", db_path, "subject-access", "nobody", "-o", tmp_path / "x.json")
    assert status == 2 and err.count("\n") == 1
    assert list(tmp_path.glob("kiki.*")) == [] and not (tmp_path / "x.json").exists()


def test_erase_needs_yes_then_removes_the_name_from_the_file(capsys, db_path):
    """erase without --yes changes nothing; with it the name is gone from the database file."""
    zo = _participant_id(db_path, "Zo")
    status, _, err = run(capsys, "--db", db_path, "erase", "participant", zo)
    assert status == 2 and "--yes" in err
    assert "Zoë Adeyemi".encode() in _file_and_log(db_path)

    status, out, err = run(capsys, "--db", db_path, "erase", "participant", zo, "--yes")
    assert (status, err) == (0, "")
    assert "Erased the personal details of 1 participant" in out
    assert "Zoë Adeyemi".encode() not in _file_and_log(db_path)


def test_export_anonymised_writes_a_file_without_names_and_says_what_to_review(capsys, db_path, tmp_path):
    """export anonymised writes JSON with no full names and lists the free-text fields to read."""
    commission_id = example_id(capsys, db_path)
    target = tmp_path / "for-research.json"
    status, out, err = run(capsys, "--db", db_path, "export", "anonymised", commission_id, "-o", target)
    assert (status, err) == (0, "")
    assert "Keisha Campbell" not in target.read_text(encoding="utf-8")
    assert "Read these free-text fields before publishing" in out


def test_erasing_an_erased_participant_again_only_clears_old_copies(capsys, db_path):
    """A second erase of the same person changes no one and still clears the file and backups."""
    zo = _participant_id(db_path, "Zo")
    assert run(capsys, "--db", db_path, "erase", "participant", zo, "--yes")[0] == 0
    status, out, err = run(capsys, "--db", db_path, "erase", "participant", zo, "--yes")
    assert (status, err) == (0, "")
    assert "of 0 participants" in out and "rebuilt" in out


def test_a_passphrase_typed_after_a_misspelt_option_is_never_echoed(capsys, db_path):
    """--passp=SECRET or --passphrasee=SECRET is refused without repeating what followed the =."""
    for typed in ("--passp=hunter2hunter2", "--passphrasee=hunter2hunter2"):
        status, out, err = run(capsys, typed, "--db", db_path, "list")
        assert status == 2 and "hunter2" not in err + out
