"""Backups in the app: every 30 minutes while work changes, Restore from backup…, and damaged files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox
from tests.ui.control_names import unnamed_controls

from cocommission.db import open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.services.commissions import create_commission, list_commissions
from cocommission.services.perform import perform
from cocommission.ui import backups as backups_module
from cocommission.ui.backups import RestoreDialog
from cocommission.ui.main_window import MainWindow
from cocommission.ui.stage_pages import STAGE_PAGES


@pytest.fixture
def path(tmp_path, empty_sqlite_file) -> Path:
    """A database file holding one commission."""
    made = tmp_path / "club.sqlite"
    shutil.copy2(empty_sqlite_file, made)
    database = open_database(made)
    perform(database, create_commission, title="Before")
    database.close()
    return made


@pytest.fixture
def window(qtbot, path, settings):
    """The main window on that file, opened as the app opens it (with a backup)."""
    made = MainWindow(open_database(path, backup_on_open=True), settings, STAGE_PAGES)
    qtbot.addWidget(made)
    made.show()
    return made


def _titles(window: MainWindow) -> list[str]:
    return sorted(row.title for row in window.commander.read(lambda s: list_commissions(s)))


def _click_restore(monkeypatch) -> None:
    """Answer the next message box by pressing its Restore button."""

    def press_restore(box: QMessageBox) -> int:
        (button,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_restore)


def test_a_backup_is_taken_every_30_minutes_only_when_something_changed(window, path):
    """The keeper backs up after a saved change, and not again until something else changes."""
    before = len(list_backups(path))
    assert window.backups.timer.interval() == 30 * 60 * 1000
    assert window.backups.back_up_if_changed() is None
    window.commander.run(create_commission, title="After")
    made = window.backups.back_up_if_changed()
    assert made is not None and "every-30-minutes" in made.name
    assert window.backups.back_up_if_changed() is None
    assert len(list_backups(path)) == before + 1


def test_restore_from_backup_goes_back_to_the_chosen_backup(qtbot, window, path, monkeypatch):
    """File › Restore from backup… lists backups; restoring one shows its commissions again."""
    window.commander.run(create_commission, title="After")
    assert _titles(window) == ["After", "Before"]

    def choose_oldest(dialog: RestoreDialog) -> int:
        assert dialog.backups.count() >= 1
        assert unnamed_controls(dialog) == []
        dialog.backups.setCurrentRow(dialog.backups.count() - 1)
        dialog.accept()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", choose_oldest)
    window.restore_action.trigger()

    assert _titles(window) == ["Before"]
    assert any(backup.reason == "before-restore" for backup in list_backups(path))


def test_opening_a_damaged_file_offers_its_latest_backup(qtbot, window, path, tmp_path, monkeypatch):
    """A damaged file is explained, and pressing Restore brings back its latest sound backup."""
    other = tmp_path / "other.sqlite"
    database = open_database(other)
    perform(database, create_commission, title="Saved in the other file")
    database.close()
    take_backup(other, reason="opened")
    other.write_bytes(other.read_bytes()[:3000])
    shown: list[str] = []
    original = backups_module.offer_restore

    def spy(parent, damaged, message, restore, passphrase=None):
        shown.append(message)
        return original(parent, damaged, message, restore, passphrase=passphrase)

    monkeypatch.setattr(backups_module, "offer_restore", spy)
    _click_restore(monkeypatch)

    assert window.switch_database(str(other))
    assert "is damaged" in shown[0]
    assert _titles(window) == ["Saved in the other file"]
    assert window.database.path == other


def test_a_damaged_file_with_no_backup_is_explained_and_nothing_opens(qtbot, window, tmp_path, monkeypatch):
    """With no backup to offer, the message explains and the open database stays open."""
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    assert not window.switch_database(str(broken))
    assert _titles(window) == ["Before"]
