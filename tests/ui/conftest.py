"""Fixtures for window-level tests: settings kept out of the user's real QSettings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from cocommission.ui.settings import Settings


@pytest.fixture
def settings(tmp_path) -> Settings:
    """Settings stored in a temporary INI file, so tests never touch the user's preferences."""
    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
