"""Save the current schema version's sample database into tests/db/samples/.

Run once whenever a migration is added (before the migration changes the head), so the
forward-migration test (tests/db/test_migrations_forward.py) can upgrade every version that
users may still have on their laptops and check nothing is lost:

    python tools/make_schema_sample.py

The sample holds the worked example commission, made through the services, and is written
with SQLite's backup API into a single file (no write-ahead log beside it).
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from cocommission.db import open_database
from cocommission.db.migrations import head_revision
from cocommission.services.demo import create_example_commission
from cocommission.services.perform import perform

SAMPLES = Path(__file__).parents[1] / "tests" / "db" / "samples"


def main() -> int:
    target = SAMPLES / f"schema-{head_revision()}.sqlite"
    if target.exists():
        print(f"{target} already exists; samples are kept as they were made.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sample.sqlite"
        database = open_database(source)
        perform(database, create_example_commission)
        database.close()
        SAMPLES.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
