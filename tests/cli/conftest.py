"""Fixtures the command-line tests share."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cocommission import cli
from cocommission.cli import main


@pytest.fixture(scope="session")
def example_file(tmp_path_factory) -> Path:
    """The file ``demo`` leaves, built once per test process: building takes seconds, a copy milliseconds."""
    path = tmp_path_factory.mktemp("example") / "cli.sqlite"
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(cli.PASSPHRASE_VARIABLE, raising=False)
        patch.setattr(cli, "_at_a_terminal", lambda: False)
        assert main(["--db", str(path), "demo"]) == 0
    beside = sorted(other.name for other in path.parent.iterdir() if other.name.startswith(f"{path.name}-"))
    assert beside == [], f"demo left {beside} beside the database; a copy of the file alone would miss them"
    return path


@pytest.fixture
def demo_db(example_file, tmp_path, capsys, monkeypatch) -> Path:
    """A plain database file holding the example commission; no passphrase in the environment, no terminal."""
    monkeypatch.delenv(cli.PASSPHRASE_VARIABLE, raising=False)
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: False)
    path = tmp_path / "cli.sqlite"
    shutil.copy2(example_file, path)
    capsys.readouterr()
    return path


@pytest.fixture
def db_path(demo_db) -> Path:
    """The example's database file (``test_cli.py`` means an empty path by this name instead)."""
    return demo_db
