"""Fixtures for the hostile-input tests: database files made once per run, copied fresh for each example.

Hypothesis runs a test's body many times within one pytest test, so these fixtures are
session-scoped templates; each example copies a template into its own folder and works there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from cocommission.db import open_database
from cocommission.export.interchange import dumps, export_commission
from cocommission.services.demo import find_or_create_example
from cocommission.services.perform import perform


class Templates:
    """A database holding the example commission, an empty one, and the example's export.

    A plain class, not a dataclass: Hypothesis prints a dataclass field by field in every failing
    example, and the whole export would drown what matters.
    """

    def __init__(
        self, example_database: Path, empty_database: Path, commission_id: str, document: dict[str, Any]
    ) -> None:
        self.example_database = example_database
        self.empty_database = empty_database
        self.commission_id = commission_id
        self.document = document
        self.document_text = dumps(document)
        #: Every record id in the example, for arguments that should name something real.
        self.ids = tuple(row["id"] for rows in document["tables"].values() for row in rows)
        #: The ids of each table's records.
        self.ids_by_table = {name: tuple(row["id"] for row in rows) for name, rows in document["tables"].items()}

    def __repr__(self) -> str:
        return f"Templates({self.example_database.parent})"

    def fresh_document(self) -> dict[str, Any]:
        """A copy of the example's export that a test may damage."""
        return json.loads(self.document_text)


@pytest.fixture(scope="session")
def templates(tmp_path_factory, example_sqlite_file: Path, empty_sqlite_file: Path) -> Templates:
    """The example commission in a database file, an empty database file, and the example's export.

    Copies of the files every test process makes once (see tests/conftest.py), kept apart from them.
    """
    folder = tmp_path_factory.mktemp("templates")
    shutil.copy2(example_sqlite_file, folder / "example.sqlite")
    shutil.copy2(empty_sqlite_file, folder / "empty.sqlite")
    example = open_database(folder / "example.sqlite")
    commission_id = perform(example, find_or_create_example).result
    with example.unit_of_work() as session:
        document = export_commission(session, commission_id=commission_id)
    example.close()
    return Templates(folder / "example.sqlite", folder / "empty.sqlite", commission_id, document)
