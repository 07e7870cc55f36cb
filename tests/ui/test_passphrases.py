"""Encryption in the app: asking for a passphrase when opening, and File › Encrypt this database…."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox
from tests.ui.control_names import unnamed_controls

from cocommission.db import open_database
from cocommission.db.backup import list_backups
from cocommission.db.encryption import encrypt_database
from cocommission.services.commissions import create_commission, list_commissions
from cocommission.services.perform import perform
from cocommission.ui.app import build_main_window
from cocommission.ui.encrypt_dialog import EncryptDialog
from cocommission.ui.main_window import MainWindow
from cocommission.ui.passphrase_dialog import PassphraseDialog
from cocommission.ui.stage_pages import STAGE_PAGES

NAME = "Zoë Łukasz"
PASSPHRASE = "correct horse battery"


def _database_file(path: Path, title: str, empty: Path) -> Path:
    shutil.copy2(empty, path)
    database = open_database(path)
    perform(database, create_commission, title=title)
    database.close()
    return path


@pytest.fixture
def plain(tmp_path, empty_sqlite_file) -> Path:
    """A plain database naming a young person."""
    return _database_file(tmp_path / "club.sqlite", f"{NAME}'s group", empty_sqlite_file)


@pytest.fixture(scope="module")
def locked_once(tmp_path_factory, empty_sqlite_file) -> Path:
    """The encrypted database, made once: encrypting derives keys, which is slow by design."""
    path = tmp_path_factory.mktemp("locked") / "locked.sqlite"
    _database_file(path, "Kept under lock", empty_sqlite_file)
    encrypt_database(path, PASSPHRASE)
    return path


@pytest.fixture
def locked(tmp_path, locked_once) -> Path:
    """Another database, encrypted with PASSPHRASE (a copy of the file alone: its salt is inside it)."""
    path = tmp_path / "locked.sqlite"
    shutil.copy2(locked_once, path)
    return path


@pytest.fixture
def window(qtbot, plain, settings):
    """The main window on the plain file, opened as the app opens it."""
    made = MainWindow(open_database(plain, backup_on_open=True), settings, STAGE_PAGES)
    qtbot.addWidget(made)
    made.show()
    return made


def _titles(window: MainWindow) -> list[str]:
    return sorted(row.title for row in window.commander.read(lambda s: list_commissions(s)))


def _answer_passphrases(monkeypatch, answers: list[str | None]) -> list[PassphraseDialog]:
    """Answer the passphrase dialogs in turn (None cancels); returns the dialogs as they were shown."""
    shown: list[PassphraseDialog] = []

    def answer(dialog: PassphraseDialog) -> int:
        shown.append(dialog)
        assert unnamed_controls(dialog) == []
        assert dialog.passphrase_field.echoMode() == QLineEdit.EchoMode.Password
        typed = answers.pop(0)
        if typed is None:
            dialog.reject()
            return QDialog.DialogCode.Rejected
        dialog.passphrase_field.setText(typed)
        dialog.open_button.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", answer)
    return shown


def test_the_encrypt_dialog_warns_and_waits_for_matching_passphrases_and_the_tick(qtbot):
    """The warning is on screen; Encrypt stays disabled until both boxes match, are long enough, and the box is ticked."""
    dialog = EncryptDialog("club.sqlite")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.isVisible()
    assert "nobody can open this database or its backups again" in dialog.warning.text()
    assert "everything in the database would be lost" in dialog.warning.text()
    assert unnamed_controls(dialog) == []
    assert dialog.first.echoMode() == dialog.second.echoMode() == QLineEdit.EchoMode.Password

    steps = [
        (lambda: dialog.first.setText("short"), "at least 8 characters"),
        (lambda: dialog.first.setText(PASSPHRASE), "same passphrase in both boxes"),
        (lambda: dialog.second.setText(PASSPHRASE), "Tick the box"),
        (lambda: dialog.written_down.setChecked(True), ""),
        (lambda: dialog.second.setText(PASSPHRASE + "!"), "same passphrase in both boxes"),
    ]
    for step, status in steps:
        step()
        assert dialog.encrypt_button.isEnabled() == (status == "")
        assert status in dialog.status.text()
    dialog.second.setText(PASSPHRASE)
    assert dialog.encrypt_button.isEnabled()
    dialog.encrypt_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.passphrase() == PASSPHRASE


def test_encrypting_from_the_file_menu_encrypts_reopens_and_says_so(qtbot, window, plain, monkeypatch):
    """File › Encrypt this database… encrypts the file and its backups, reopens it, and confirms it."""
    assert window.encrypt_action.isEnabled() and list_backups(plain)

    def fill_in(dialog: EncryptDialog) -> int:
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog.written_down.setChecked(True)
        dialog.encrypt_button.click()
        return QDialog.DialogCode.Accepted

    said: list[str] = []
    monkeypatch.setattr(EncryptDialog, "exec", fill_in)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(f"{title}: {text}"))
    window.encrypt_action.trigger()

    assert said and "is now encrypted" in said[0]
    assert window.database.encrypted and not window.encrypt_action.isEnabled()
    assert "(encrypted)" in window.welcome.location.text()
    assert _titles(window) == [f"{NAME}'s group"]
    for path in [plain, *(backup.path for backup in list_backups(plain))]:
        assert NAME.encode() not in path.read_bytes()


def test_opening_an_encrypted_file_asks_again_after_a_wrong_passphrase(qtbot, window, locked, monkeypatch):
    """File › Open on an encrypted file asks for its passphrase, says when it is wrong, and opens with the right one."""
    shown = _answer_passphrases(monkeypatch, ["wrong horse battery", PASSPHRASE])
    messages: list[str] = []
    original = PassphraseDialog.__init__

    def remember(self, message, parent=None):
        messages.append(message)
        original(self, message, parent)

    monkeypatch.setattr(PassphraseDialog, "__init__", remember)

    assert window.switch_database(str(locked))

    assert len(shown) == 2
    assert "is encrypted" in messages[0]
    assert "The passphrase does not open locked.sqlite" in messages[1]
    assert window.database.path == locked and window.database.encrypted
    assert _titles(window) == ["Kept under lock"]


def test_cancelling_the_passphrase_keeps_the_open_database(qtbot, window, locked, monkeypatch):
    """Cancel in the passphrase dialog opens nothing and leaves the encrypted file as it was."""
    before = locked.read_bytes()
    _answer_passphrases(monkeypatch, [None])
    assert not window.switch_database(str(locked))
    assert _titles(window) == [f"{NAME}'s group"]
    assert locked.read_bytes() == before


def test_the_app_asks_for_the_passphrase_at_startup(qtbot, locked, settings, monkeypatch):
    """Starting on an encrypted database asks for its passphrase and then shows its commissions."""
    _answer_passphrases(monkeypatch, [PASSPHRASE])
    window = build_main_window(str(locked), settings)
    assert window is not None
    qtbot.addWidget(window)
    assert window.database.encrypted
    assert _titles(window) == ["Kept under lock"]
    # The backup taken on opening is encrypted with the same passphrase.
    (backup,) = [backup for backup in list_backups(locked) if backup.reason == "opened"]
    assert b"Kept under lock" not in backup.path.read_bytes()


def _encrypt_from_the_menu(window, monkeypatch) -> None:
    def fill_in(dialog: EncryptDialog) -> int:
        dialog.first.setText(PASSPHRASE)
        dialog.second.setText(PASSPHRASE)
        dialog.written_down.setChecked(True)
        dialog.encrypt_button.click()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EncryptDialog, "exec", fill_in)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: None)
    window.encrypt_action.trigger()
    monkeypatch.undo()


def test_changing_the_passphrase_from_the_file_menu_re_keys_and_reopens(qtbot, window, plain, monkeypatch):
    """File › Change passphrase… asks for the current one and a new one twice; afterwards only the new one opens the file."""
    assert not window.change_passphrase_action.isEnabled()
    _encrypt_from_the_menu(window, monkeypatch)
    assert window.change_passphrase_action.isEnabled() and window.decrypt_action.isEnabled()
    new = "a different horse entirely"

    def fill_in(dialog: EncryptDialog) -> int:
        assert unnamed_controls(dialog) == []
        assert not dialog.current.isHidden() and dialog.current.echoMode() == QLineEdit.EchoMode.Password
        dialog.first.setText(new)
        dialog.second.setText(new)
        dialog.written_down.setChecked(True)
        assert not dialog.encrypt_button.isEnabled() and "current passphrase" in dialog.status.text()
        dialog.current.setText(PASSPHRASE)
        dialog.encrypt_button.click()
        return QDialog.DialogCode.Accepted

    said: list[str] = []
    monkeypatch.setattr(EncryptDialog, "exec", fill_in)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    window.change_passphrase_action.trigger()

    assert said and "new passphrase only" in said[0]
    assert window.database.encrypted and window.database.passphrase == new
    assert _titles(window) == [f"{NAME}'s group"]
    window.database.close()
    with pytest.raises(Exception, match="passphrase does not open"):
        open_database(plain, passphrase=PASSPHRASE)
    open_database(plain, passphrase=new).close()


def test_a_wrong_current_passphrase_changes_nothing_and_the_window_carries_on(qtbot, window, plain, monkeypatch):
    """Change passphrase… with a wrong current passphrase says so, and the window reopens the file as it was."""
    _encrypt_from_the_menu(window, monkeypatch)

    def fill_in(dialog: EncryptDialog) -> int:
        dialog.current.setText("not the passphrase at all")
        dialog.first.setText("a different horse entirely")
        dialog.second.setText("a different horse entirely")
        dialog.written_down.setChecked(True)
        dialog.encrypt_button.click()
        return QDialog.DialogCode.Accepted

    warned: list[str] = []
    monkeypatch.setattr(EncryptDialog, "exec", fill_in)
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    window.change_passphrase_action.trigger()

    assert warned and "passphrase does not open" in warned[0]
    assert window.database.passphrase == PASSPHRASE
    assert _titles(window) == [f"{NAME}'s group"]


def test_decrypting_from_the_file_menu_warns_and_makes_the_file_plain(qtbot, window, plain, monkeypatch):
    """File › Decrypt this database… shows the warning, waits for the passphrase and the tick, then reopens it plain."""
    from cocommission.ui.encrypt_dialog import DecryptDialog

    _encrypt_from_the_menu(window, monkeypatch)

    def fill_in(dialog: DecryptDialog) -> int:
        assert unnamed_controls(dialog) == []
        assert "can be read by anyone" in dialog.warning.text()
        dialog.field.setText(PASSPHRASE)
        assert not dialog.decrypt_button.isEnabled()
        dialog.understood.setChecked(True)
        dialog.decrypt_button.click()
        return QDialog.DialogCode.Accepted

    said: list[str] = []
    monkeypatch.setattr(DecryptDialog, "exec", fill_in)
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: said.append(text))
    window.decrypt_action.trigger()

    assert said and "anyone with this laptop can read them" in said[0]
    assert not window.database.encrypted and window.encrypt_action.isEnabled()
    assert NAME.encode() in plain.read_bytes() or _titles(window) == [f"{NAME}'s group"]
    assert _titles(window) == [f"{NAME}'s group"]


@pytest.mark.holds_the_lock
def test_encrypting_while_another_window_has_the_file_open_is_refused_and_both_carry_on(qtbot, window, plain, monkeypatch):
    """Encrypt… while another window holds the same file says it is open elsewhere; this window keeps working."""
    other = open_database(plain)
    try:
        warned: list[str] = []
        monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))

        def fill_in(dialog: EncryptDialog) -> int:
            dialog.first.setText(PASSPHRASE)
            dialog.second.setText(PASSPHRASE)
            dialog.written_down.setChecked(True)
            dialog.encrypt_button.click()
            return QDialog.DialogCode.Accepted

        monkeypatch.setattr(EncryptDialog, "exec", fill_in)
        window.encrypt_action.trigger()
        assert warned and "open in another window" in warned[0]
        assert not window.database.encrypted
        perform(window.database, create_commission, title="Saved after the refusal")
        assert "Saved after the refusal" in [c.title for c in perform(other, list_commissions).result]
    finally:
        other.close()
