"""Replacing the database file (encrypt, decrypt, change passphrase, restore) survives being killed at any step."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cocommission.db import DatabaseError, open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.db.cipher import is_encrypted, is_plain
from cocommission.services.demo import create_example_commission
from cocommission.services.perform import perform

PASSPHRASE = "correct horse battery"
EXAMPLE = "Youth Justice Talent Fund"

#: Runs one operation in a child process that dies (like a killed process, no clean-up) right after
#: the ``kill_at``-th file is renamed into place, or right after the database file itself is replaced.
_KILLED = textwrap.dedent(
    """
    import os, sys
    path, operation, kill_at = sys.argv[1], sys.argv[2], sys.argv[3]
    real_replace = os.replace
    count = 0

    def replace(source, target, *args, **kwargs):
        global count
        real_replace(source, target, *args, **kwargs)
        count += 1
        if (kill_at == "database" and os.fspath(target) == path) or str(count) == kill_at:
            os._exit(9)

    os.replace = replace
    from pathlib import Path
    from cocommission.db import encryption
    from cocommission.db.backup import restore_backup
    secret = "correct horse battery"
    if operation == "encrypt":
        encryption.encrypt_database(Path(path), secret)
    elif operation == "decrypt":
        encryption.decrypt_database(Path(path), secret)
    elif operation == "change-passphrase":
        encryption.change_passphrase(Path(path), secret, secret + " two")
    elif operation == "restore":
        restore_backup(Path(path), Path(sys.argv[4]), None)
    os._exit(0)
    """
)


def _run_killed(path: Path, operation: str, kill_at: str, *extra: str) -> int:
    return subprocess.run(
        [sys.executable, "-c", _KILLED, str(path), operation, kill_at, *extra], check=False, timeout=120
    ).returncode


def _titles(path: Path, passphrase: str | None = None) -> list[str]:
    from cocommission.services.commissions import list_commissions
    from cocommission.services.perform import read

    database = open_database(path, passphrase=passphrase)
    try:
        return [c.title for c in read(database, list_commissions)]
    finally:
        database.close()


@pytest.fixture
def plain(tmp_path) -> Path:
    """A plain database with the example commission and two plain backups."""
    path = tmp_path / "work.sqlite"
    database = open_database(path)
    perform(database, create_example_commission)
    database.close()
    take_backup(path, reason="opened")
    take_backup(path, reason="every-30-minutes")
    return path


def _plain_backups(path: Path) -> list[Path]:
    return [backup.path for backup in list_backups(path) if is_plain(backup.path)]


def test_encrypt_killed_right_after_the_swap_opens_with_the_passphrase_and_leaves_no_plain_backup(plain):
    """An encrypt killed just after the file is swapped: the next open finishes it; the passphrase opens it, no plain backup is left."""
    assert _run_killed(plain, "encrypt", "database") == 9
    with pytest.raises(DatabaseError) as refused:
        open_database(plain)
    assert refused.value.needs_passphrase and refused.value.damaged_file is None
    assert _titles(plain, PASSPHRASE) == [EXAMPLE]
    assert is_encrypted(plain)
    assert _plain_backups(plain) == []


@pytest.mark.parametrize("kill_at", range(1, 9))
def test_encrypt_killed_at_any_step_finishes_or_rolls_back(plain, kill_at):
    """Killed after any rename, an encrypt is either undone (plain file, plain backups) or finished (all encrypted)."""
    _run_killed(plain, "encrypt", str(kill_at))
    try:
        assert _titles(plain) == [EXAMPLE]
    except DatabaseError as refused:  # finished: encrypted, so the passphrase is asked for
        assert refused.needs_passphrase and refused.damaged_file is None
        assert _titles(plain, PASSPHRASE) == [EXAMPLE]
        assert is_encrypted(plain) and _plain_backups(plain) == []
    else:  # rolled back: everything as it was
        assert is_plain(plain) and all(is_plain(b.path) for b in list_backups(plain))
    leftovers = [p.name for p in (*plain.parent.iterdir(), *(plain.parent / "backups").iterdir())
                 if p.suffix not in (".sqlite", ".lock", "") and not p.name.endswith(("-wal", "-shm"))]
    assert leftovers == []
