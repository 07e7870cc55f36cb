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
