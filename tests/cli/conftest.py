"""Fixtures the command-line tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from cocommission import cli
from cocommission.cli import main


@pytest.fixture
def db_path(tmp_path, capsys, monkeypatch) -> Path:
    """A plain database file holding the example commission, no passphrase in the environment and no terminal."""
    monkeypatch.delenv(cli.PASSPHRASE_VARIABLE, raising=False)
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: False)
    path = tmp_path / "cli.sqlite"
    assert main(["--db", str(path), "demo"]) == 0
    capsys.readouterr()
    return path
