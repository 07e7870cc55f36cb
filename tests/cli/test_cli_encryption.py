"""Encrypting from the command line, and giving the passphrase by file, environment or terminal."""

from __future__ import annotations

from tests.cli.running import run

from cocommission import cli
from cocommission.db.backup import list_backups, take_backup

PASSPHRASE = "correct horse battery"
EXAMPLE = "Youth Justice Talent Fund"


def _terminal(monkeypatch, typed: list[str]) -> list[str]:
    """Pretend a person at a terminal types ``typed`` in turn; returns the prompts they saw."""
    prompts: list[str] = []
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: True)

    def getpass(prompt: str) -> str:
        prompts.append(prompt)
        return typed.pop(0)

    monkeypatch.setattr(cli.getpass, "getpass", getpass)
    return prompts


def test_encrypt_then_list_with_the_passphrase_in_the_environment(capsys, db_path, monkeypatch):
    """encrypt reads COCOMMISSION_PASSPHRASE; afterwards list works with it and the file hides the data."""
    take_backup(db_path, reason="opened")
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    status, out, err = run(capsys, "--db", db_path, "encrypt")
    assert (status, err) == (0, "")
    assert "is now encrypted" in out and "Keep the passphrase safe" in out
    assert EXAMPLE.encode() not in db_path.read_bytes()
    assert all(EXAMPLE.encode() not in backup.path.read_bytes() for backup in list_backups(db_path))

    status, out, err = run(capsys, "--db", db_path, "list")
    assert (status, err) == (0, "")
    assert EXAMPLE in out


def test_a_missing_or_wrong_passphrase_exits_2_with_one_line(capsys, db_path, monkeypatch, tmp_path):
    """Without a passphrase, or with a wrong one, list exits 2 with one line and the file is unchanged."""
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert run(capsys, "--db", db_path, "encrypt")[0] == 0
    before = db_path.read_bytes()
    monkeypatch.delenv(cli.PASSPHRASE_VARIABLE)

    status, out, err = run(capsys, "--db", db_path, "list")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "is encrypted" in err and "--passphrase-file" in err

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    status, out, err = run(capsys, "--db", db_path, "--passphrase-file", wrong, "list")
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "The passphrase does not open cli.sqlite" in err
    assert "not the passphrase" not in err
    assert db_path.read_bytes() == before


def test_the_passphrase_file_is_read_without_its_line_ending(capsys, db_path, monkeypatch, tmp_path):
    """--passphrase-file FILE works for encrypt and list, the newline an editor adds ignored."""
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\r\n", encoding="utf-8")
    assert run(capsys, "--db", db_path, "--passphrase-file", secret, "encrypt")[0] == 0
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    status, out, _ = run(capsys, "--db", db_path, "list")
    assert status == 0 and EXAMPLE in out

    status, _, err = run(capsys, "--db", db_path, "--passphrase-file", tmp_path / "nowhere.txt", "list")
    assert status == 2 and "There is no passphrase file" in err


def test_at_a_terminal_encrypt_asks_twice_and_list_asks_once(capsys, db_path, monkeypatch):
    """With nothing given, a person at a terminal is asked (twice when choosing), never shown what they type."""
    prompts = _terminal(monkeypatch, [PASSPHRASE, PASSPHRASE])
    status, out, err = run(capsys, "--db", db_path, "encrypt")
    assert status == 0 and "is now encrypted" in out
    assert "nobody (you included) can open this database" in err
    assert prompts == ["New passphrase: ", "The same passphrase again: "]

    prompts = _terminal(monkeypatch, [PASSPHRASE])
    status, out, _ = run(capsys, "--db", db_path, "list")
    assert status == 0 and EXAMPLE in out
    assert prompts == ["Passphrase: "]


def test_encrypt_refuses_different_or_short_passphrases_and_changes_nothing(capsys, db_path, monkeypatch):
    """Two different passphrases, a short one, or none at all without a terminal: exit 2, file unchanged."""
    before = db_path.read_bytes()
    _terminal(monkeypatch, [PASSPHRASE, PASSPHRASE + "!"])
    status, _, err = run(capsys, "--db", db_path, "encrypt")
    assert status == 2 and "not the same" in err
    _terminal(monkeypatch, ["short"])
    status, _, err = run(capsys, "--db", db_path, "encrypt")
    assert status == 2 and "at least 8 characters" in err
    monkeypatch.setattr(cli, "_at_a_terminal", lambda: False)
    status, _, err = run(capsys, "--db", db_path, "encrypt")
    assert status == 2 and "--passphrase-file" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


def test_restore_of_an_encrypted_database_uses_the_passphrase(capsys, db_path, monkeypatch):
    """restore brings back an encrypted backup with the passphrase, and refuses without it."""
    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    assert run(capsys, "--db", db_path, "encrypt")[0] == 0
    take_backup(db_path, reason="opened", passphrase=PASSPHRASE)
    monkeypatch.delenv(cli.PASSPHRASE_VARIABLE)
    status, _, err = run(capsys, "--db", db_path, "restore")
    assert status == 2 and "is encrypted" in err

    monkeypatch.setenv(cli.PASSPHRASE_VARIABLE, PASSPHRASE)
    status, out, err = run(capsys, "--db", db_path, "restore")
    assert (status, err) == (0, "") and "Restored" in out
    status, out, _ = run(capsys, "--db", db_path, "list")
    assert status == 0 and EXAMPLE in out


def test_a_passphrase_typed_as_an_argument_is_refused_without_repeating_it(capsys, db_path):
    """--passphrase SECRET exits 2 pointing at the safe ways, and does not print the secret back."""
    status, out, err = run(capsys, "--db", db_path, "--passphrase", "my secret words", "list")
    assert status == 2 and out == ""
    assert "--passphrase-file" in err and "my secret words" not in err
