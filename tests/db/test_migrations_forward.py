"""Every schema version users may still have is upgraded to the current one with its data intact.

tests/db/samples/ keeps one sample database per schema version (made by
tools/make_schema_sample.py when that version was current). Each is copied, opened the way the
app opens it — backed up, then migrated to head — and checked against what it held before.
"""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from cocommission.db import open_database
from cocommission.db.migrations import current_revision, head_revision
from cocommission.export.interchange import dumps, export_commission, parse_document
from cocommission.services.audit import verify_chain
from cocommission.services.commissions import list_commissions
from cocommission.services.perform import read
from cocommission.services.voting import list_rounds, tally_round

SAMPLES = sorted((Path(__file__).parent / "samples").glob("schema-*.sqlite"))


def _row_counts(path: Path) -> dict[str, int]:
    with closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def test_there_is_a_sample_for_the_current_schema():
    """Whoever adds a migration also keeps the sample of the version it replaces, and of head."""
    assert any(sample.name == f"schema-{head_revision()}.sqlite" for sample in SAMPLES)


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.stem for sample in SAMPLES])
def test_each_sample_upgrades_to_head_with_its_data_intact(sample, tmp_path):
    """Rows, commissions, the audit chain, every count and the JSON export survive the upgrade."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(sample, path)
    before = _row_counts(path)
    with closing(sqlite3.connect(path)) as connection:
        ballots_before = dict(connection.execute("SELECT round_id, COUNT(*) FROM ballot GROUP BY round_id"))

    database = open_database(path, backup_on_open=True)
    try:
        with database.engine.connect() as connection:
            assert current_revision(connection) == head_revision()
        after = _row_counts(path)
        for table, count in before.items():
            if table != "alembic_version":
                assert after.get(table) == count, table

        commissions = read(database, list_commissions)
        assert [commission.title for commission in commissions] == ["Youth Justice Talent Fund"]
        commission_id = commissions[0].id
        assert read(database, lambda s: verify_chain(s, commission_id=commission_id)).first_broken is None
        rounds = read(database, lambda s: list_rounds(s, commission_id=commission_id))
        assert rounds
        for vote_round in rounds:
            counted = read(database, lambda s, r=vote_round.id: tally_round(s, round_id=r)).ballots_counted
            assert counted == ballots_before.get(vote_round.id, 0) > 0
        document = read(database, lambda s: export_commission(s, commission_id=commission_id))
        parse_document(dumps(document))  # still a valid interchange file
    finally:
        database.close()


def test_upgrading_from_0001_says_that_anonymous_ballots_no_longer_name_their_voters(tmp_path, capsys):
    """The upgrade to 0002 is reported once: the open report carries the migration's notice, and the command line
    says it on stderr the first time only."""
    from cocommission.cli import main

    path = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parent / "samples" / "schema-0001.sqlite", path)
    database = open_database(path)
    try:
        (notice,) = database.report.notices
        assert "Anonymous rounds' ballots no longer name who cast them" in notice
    finally:
        database.close()
    reopened = open_database(path)
    try:
        assert reopened.report.notices == ()
    finally:
        reopened.close()

    again = tmp_path / "again.sqlite"
    shutil.copyfile(Path(__file__).parent / "samples" / "schema-0001.sqlite", again)
    assert main(["--db", str(again), "list"]) == 0
    first = capsys.readouterr()
    assert "no longer name who cast them" in first.err and "no longer name" not in first.out
    assert main(["--db", str(again), "list"]) == 0
    assert "no longer name" not in capsys.readouterr().err


def test_anonymous_ballots_upgraded_from_0001_name_no_one_and_keep_no_time(tmp_path):
    """After the upgrade, no ballot of an anonymous round in the old sample names a participant or a time, and
    who voted is kept in round_voter instead."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(Path(__file__).parent / "samples" / "schema-0001.sqlite", path)
    with closing(sqlite3.connect(path)) as connection:
        linked = connection.execute(
            "SELECT COUNT(*) FROM ballot JOIN vote_round ON vote_round.id = ballot.round_id WHERE vote_round.anonymous"
        ).fetchone()[0]
        old_ids = {row[0] for row in connection.execute("SELECT id FROM ballot")}
    assert linked > 0
    open_database(path).close()
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute(
            "SELECT ballot.id, ballot.participant_id, ballot.cast_at FROM ballot "
            "JOIN vote_round ON vote_round.id = ballot.round_id WHERE vote_round.anonymous"
        ).fetchall()
        assert len(rows) == linked
        assert all(participant is None and cast_at is None and ballot_id not in old_ids for ballot_id, participant, cast_at in rows)
        assert connection.execute("SELECT COUNT(*) FROM round_voter").fetchone()[0] == len(old_ids)


def _linked_anonymous_ballots(path: Path) -> int:
    """Anonymous ballots in a file that still name their voter (a schema-0001 file has no other kind)."""
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM ballot JOIN vote_round ON vote_round.id = ballot.round_id "
            "WHERE vote_round.anonymous AND ballot.participant_id IS NOT NULL"
        ).fetchone()[0]


def test_upgrading_from_0001_leaves_no_backup_that_links_a_voter_to_a_ballot(tmp_path):
    """The backups taken before the upgrade, the before-upgrade one included, are upgraded too and still open."""
    from cocommission.db.backup import list_backups, take_backup

    path = tmp_path / "old.sqlite"
    shutil.copyfile(SAMPLES[0], path)
    assert _linked_anonymous_ballots(path) > 0
    take_backup(path, reason="opened")

    open_database(path).close()

    backups = list_backups(path)
    assert {backup.reason for backup in backups} == {"opened", "before-upgrade-from-0001"}
    for backup in backups:
        assert _linked_anonymous_ballots(backup.path) == 0, backup.path.name
        restored = open_database(backup.path, migrate=False)  # already at head: no upgrade needed
        try:
            assert read(restored, list_commissions)[0].title == "Youth Justice Talent Fund"
        finally:
            restored.close()


def test_upgrading_from_0001_leaves_no_old_ballot_id_in_the_file_or_its_log(tmp_path):
    """While the upgraded database is open, neither the file nor its write-ahead log still holds the ids the
    anonymous ballots had before (which other tables' old rows could be matched against)."""
    path = tmp_path / "old.sqlite"
    shutil.copyfile(SAMPLES[0], path)
    with closing(sqlite3.connect(path)) as connection:
        old_ids = [
            ballot_id
            for (ballot_id,) in connection.execute(
                "SELECT ballot.id FROM ballot JOIN vote_round ON vote_round.id = ballot.round_id WHERE vote_round.anonymous"
            )
        ]
    assert old_ids
    database = open_database(path)
    try:
        stored = b"".join(
            candidate.read_bytes() for candidate in (path, path.with_name(path.name + "-wal")) if candidate.exists()
        )
        assert not [ballot_id for ballot_id in old_ids if ballot_id.encode() in stored]
    finally:
        database.close()
