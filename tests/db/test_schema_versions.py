"""The schema versions read without alembic are the ones alembic itself finds.

Opening a database reads the shipped scripts' revisions from their text and the database's from
one query, so that alembic is loaded only to migrate. These tests hold those readings to
alembic's own.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from cocommission.db import migrations

SAMPLES = sorted((Path(__file__).parent / "samples").glob("schema-*.sqlite"))


def test_head_and_known_revisions_match_alembics():
    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    assert migrations.head_revision() == scripts.get_current_head()
    shipped = {script.revision for script in scripts.walk_revisions()}
    assert all(migrations.is_known(revision) for revision in shipped)
    assert set(migrations._revisions()) == shipped
    assert not migrations.is_known("9999")


@pytest.mark.parametrize(
    "text",
    [
        'revision = "0007"\ndown_revision = ("0005", "0006")\n\ndef upgrade():\n    pass\n',
        'def upgrade():\n    pass\n\nrevision: str = "0007"\ndown_revision = ("0005",\n    "0006")\n',
        'revision = "0007"\n\ndef upgrade():\n    pass\n\ndown_revision = ("0005", "0006")\n',
    ],
    ids=["at the top", "after the functions", "split by a function"],
)
def test_a_scripts_revisions_are_read_wherever_it_assigns_them(text, tmp_path):
    script = tmp_path / "0007_joined.py"
    script.write_text(text, encoding="utf-8")
    assert migrations._script_names(script) == {"revision": "0007", "down_revision": ("0005", "0006")}


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.stem for sample in SAMPLES])
def test_a_databases_revision_is_read_as_alembic_reads_it(sample, tmp_path):
    copy = tmp_path / sample.name
    shutil.copyfile(sample, copy)
    engine = create_engine(f"sqlite:///{copy}")
    try:
        with engine.connect() as connection:
            assert migrations.current_revision(connection) == MigrationContext.configure(connection).get_current_revision()
            assert migrations.current_revision(connection) == sample.stem.removeprefix("schema-")
    finally:
        engine.dispose()


def test_an_empty_database_has_no_revision(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    try:
        with engine.connect() as connection:
            assert migrations.current_revision(connection) is None
    finally:
        engine.dispose()
