"""Replacing the database file (encrypt, decrypt, change passphrase, restore) survives being killed at any step."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cocommission.db import DatabaseError, cipher, open_database
from cocommission.db.backup import list_backups, take_backup
from cocommission.db.cipher import is_encrypted, is_plain
from cocommission.services.perform import perform

PASSPHRASE = "correct horse battery"
EXAMPLE = "Youth Justice Talent Fund"

#: Runs each operation in a child process that dies (like a killed process, no clean-up) right after
#: the ``kill_at``-th file is renamed into place, or right after the database file itself is replaced.
#: One process loads the storage code once and, where the platform can fork, starts each child from
#: itself, reading "PATH\tOPERATION\tKILL_AT[\tBACKUP]" lines and answering each child's exit status
#: (a fresh interpreter for each step took most of these tests' time); elsewhere each child is a
#: process of its own, given the words as arguments. Keys take as many rounds as in the tests.
_KILLER = textwrap.dedent(
    """
    import os, sys, traceback
    from pathlib import Path
    from cocommission.db import cipher, encryption
    from cocommission.db.backup import restore_backup
    cipher.KEY_DERIVATION_ROUNDS = int(sys.argv[1])
    secret = "correct horse battery"

    def killed(path, operation, kill_at, *extra):
        real_replace = os.replace
        count = 0

        def replace(source, target, *args, **kwargs):
            nonlocal count
            real_replace(source, target, *args, **kwargs)
            count += 1
            if (kill_at == "database" and os.fspath(target) == path) or str(count) == kill_at:
                os._exit(9)

        os.replace = replace
        try:
            if operation == "encrypt":
                encryption.encrypt_database(Path(path), secret)
            elif operation == "decrypt":
                encryption.decrypt_database(Path(path), secret)
            elif operation == "change-passphrase":
                encryption.change_passphrase(Path(path), secret, secret + " two")
            elif operation == "restore":
                restore_backup(Path(path), Path(extra[0]), None)
        except BaseException:
            traceback.print_exc()
            os._exit(1)
        os._exit(0)

    if len(sys.argv) > 2:
        killed(*sys.argv[2:])
    for line in iter(sys.stdin.readline, ""):
        child = os.fork()
        if child == 0:
            killed(*line.rstrip("\\n").split("\\t"))
        print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]), flush=True)
    """
)


@pytest.fixture(scope="module")
def run_killed() -> Iterator[Callable[..., int]]:
    """``run_killed(path, operation, kill_at, *extra)``: the operation run in a child killed at that step; its exit status."""
    rounds = str(cipher.KEY_DERIVATION_ROUNDS)
    if not hasattr(os, "fork"):
        yield lambda path, *words: subprocess.run(
            [sys.executable, "-c", _KILLER, rounds, str(path), *words], check=False, timeout=120
        ).returncode
        return
    starter = subprocess.Popen(
        [sys.executable, "-c", _KILLER, rounds], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert starter.stdin is not None and starter.stdout is not None

    def run(path: Path, *words: str) -> int:
        starter.stdin.write("\t".join((str(path), *words)) + "\n")
        starter.stdin.flush()
        return int(starter.stdout.readline())

    yield run
    starter.stdin.close()
    starter.wait(timeout=60)
    starter.stdout.close()


def _titles(path: Path, passphrase: str | None = None) -> list[str]:
    from cocommission.services.commissions import list_commissions
    from cocommission.services.perform import read

    database = open_database(path, passphrase=passphrase)
    try:
        return [c.title for c in read(database, list_commissions)]
    finally:
        database.close()


def _plain_in(folder: Path, example_sqlite_file: Path) -> Path:
    path = folder / "work.sqlite"
    shutil.copy2(example_sqlite_file, path)
    take_backup(path, reason="opened")
    take_backup(path, reason="every-30-minutes")
    return path


@pytest.fixture
def plain(tmp_path, example_sqlite_file) -> Path:
    """A plain database with the example commission and two plain backups."""
    return _plain_in(tmp_path, example_sqlite_file)


#: How many files each operation renames into place on the fixtures here (the database, its two
#: backups, the plan): the kill-at-any-step tests below kill it after each one.
RENAMES = {"encrypt": 4, "decrypt": 4, "change-passphrase": 4, "restore": 4}


def _steps(operation: str) -> list[str]:
    return [str(step) for step in range(1, RENAMES[operation] + 1)]


def _plain_backups(path: Path) -> list[Path]:
    return [backup.path for backup in list_backups(path) if is_plain(backup.path)]


def test_encrypt_killed_right_after_the_swap_opens_with_the_passphrase_and_leaves_no_plain_backup(plain, run_killed):
    """An encrypt killed just after the file is swapped: the next open finishes it; the passphrase opens it, no plain backup is left."""
    assert run_killed(plain, "encrypt", "database") == 9
    with pytest.raises(DatabaseError) as refused:
        open_database(plain)
    assert refused.value.needs_passphrase and refused.value.damaged_file is None
    assert _titles(plain, PASSPHRASE) == [EXAMPLE]
    assert is_encrypted(plain)
    assert _plain_backups(plain) == []


@pytest.mark.parametrize("kill_at", _steps("encrypt"))
def test_encrypt_killed_at_any_step_finishes_or_rolls_back(plain, run_killed, kill_at):
    """Killed after any rename, an encrypt is either undone (plain file, plain backups) or finished (all encrypted)."""
    assert run_killed(plain, "encrypt", kill_at) == 9
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


@pytest.fixture(scope="session")
def encrypted_folder(tmp_path_factory, example_sqlite_file) -> Path:
    """A folder holding ``plain`` encrypted with PASSPHRASE, its backups too; made once, since encrypting takes seconds."""
    from cocommission.db.encryption import encrypt_database

    folder = tmp_path_factory.mktemp("encrypted")
    encrypt_database(_plain_in(folder, example_sqlite_file), PASSPHRASE)
    return folder


@pytest.fixture
def encrypted(encrypted_folder, tmp_path) -> Path:
    """The same database encrypted with PASSPHRASE, its backups too (a copy of ``encrypted_folder``)."""
    shutil.copytree(encrypted_folder, tmp_path, dirs_exist_ok=True)
    return tmp_path / "work.sqlite"


def _state(path: Path) -> tuple[str | None, list[str]]:
    """Open the file as the next session would; which passphrase opened it, and the titles in it."""
    for passphrase in (None, PASSPHRASE, PASSPHRASE + " two"):
        try:
            return passphrase, _titles(path, passphrase)
        except DatabaseError as refused:
            assert refused.needs_passphrase and refused.damaged_file is None
    raise AssertionError("no passphrase opens the file")


@pytest.mark.parametrize("kill_at", ["database", *_steps("decrypt")])
def test_decrypt_killed_at_any_step_leaves_all_encrypted_or_all_plain(encrypted, run_killed, kill_at):
    """Killed anywhere, a decrypt leaves the file encrypted with its backups, or plain and readable; never a mix that will not open."""
    assert run_killed(encrypted, "decrypt", kill_at) == 9
    passphrase, titles = _state(encrypted)
    assert titles == [EXAMPLE]
    backups = [b.path for b in list_backups(encrypted)]
    if passphrase is None:
        assert all(is_plain(b) for b in backups)
    else:
        assert passphrase == PASSPHRASE and not any(is_plain(b) for b in backups)


@pytest.mark.parametrize("kill_at", ["database", *_steps("change-passphrase")])
def test_change_passphrase_killed_at_any_step_opens_with_one_passphrase_for_all(encrypted, run_killed, kill_at):
    """Killed anywhere, changing the passphrase leaves the file and its backups all on the old one or all on the new one."""
    from cocommission.db.backup import sound_problem

    assert run_killed(encrypted, "change-passphrase", kill_at) == 9
    passphrase, titles = _state(encrypted)
    assert passphrase is not None and titles == [EXAMPLE]
    assert all(sound_problem(b.path, passphrase) is None for b in list_backups(encrypted))


@pytest.mark.parametrize("kill_at", ["database", *_steps("restore")])
def test_restore_killed_at_any_step_leaves_the_old_file_or_the_backup_and_keeps_the_old_one(plain, run_killed, kill_at, tmp_path):
    """Killed anywhere, a restore leaves either the file as it was or the backup in its place, with the old file kept."""
    from cocommission.services.commissions import create_commission

    chosen = tmp_path / "chosen.sqlite"
    chosen.write_bytes(list_backups(plain)[0].path.read_bytes())
    database = open_database(plain)
    perform(database, create_commission, title="Saved after the backup")
    database.close()

    assert run_killed(plain, "restore", kill_at, str(chosen)) == 9
    titles = _titles(plain)
    if "Saved after the backup" not in titles:
        kept = [b.path for b in list_backups(plain) if b.reason == "before-restore"]
        assert kept and "Saved after the backup" in _titles(kept[0])
    assert not (plain.parent / "work.sqlite.incoming").exists()


def test_encrypt_that_cannot_swap_a_backup_in_is_finished_by_the_next_open(tmp_path, monkeypatch, example_sqlite_file):
    """A backup held open by another program (the swap fails after the plan is written): the error does not
    claim nothing changed, and the next open with the passphrase finishes the job with no plain backup left."""
    import errno
    import os

    from cocommission.db import encryption, replacing

    path = tmp_path / "club.sqlite"
    shutil.copy2(example_sqlite_file, path)
    take_backup(path, reason="opened")
    real_replace = os.replace

    def backups_held_open(source, target, *args, **kwargs):
        if "backups" in os.fspath(target):
            raise OSError(errno.EACCES, "The file is in use by another process")
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(replacing.os, "replace", backups_held_open)
    with pytest.raises(DatabaseError, match="opening it finishes the job") as refused:
        encryption.encrypt_database(path, PASSPHRASE)
    assert "Nothing was changed" not in str(refused.value)
    monkeypatch.setattr(replacing.os, "replace", real_replace)

    reopened = open_database(path, passphrase=PASSPHRASE)
    reopened.close()
    assert is_encrypted(path)
    assert all(is_encrypted(backup.path) for backup in list_backups(path))


@pytest.mark.parametrize("operation", sorted(RENAMES))
def test_the_kill_at_any_step_tests_reach_each_operations_last_step(request, run_killed, operation):
    """An operation not killed by the step after its last finishes: no rename is left that the tests above never kill after."""
    path = request.getfixturevalue("plain" if operation in ("encrypt", "restore") else "encrypted")
    extra = [str(list_backups(path)[0].path)] if operation == "restore" else []
    assert run_killed(path, operation, str(RENAMES[operation] + 1), *extra) == 0
