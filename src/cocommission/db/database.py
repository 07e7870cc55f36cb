"""Opening a database safely and handing out one unit of work per user action.

Opening a database checks what it is before touching it: a file that is not
SQLite, or a schema written by a newer CoCommission, is refused untouched; an
older schema is backed up and then migrated; an empty one is created by the
migrations themselves, so a new database takes the same path as an old one.

A file encrypted with a passphrase (SQLCipher, see ``cipher``) is opened only with that
passphrase: without it, or with a wrong one, it is refused untouched with ``needs_passphrase``
set, so the app can ask for it. Given a passphrase, a new database is created encrypted.

An open database file holds the shared lock beside it (see ``lock``) until it is closed, so no
restore or encryption can swap the file out from under it. Opening first finishes a replacement
that was killed half-way (see ``replacing``), or waits while one is under way.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from cocommission.db import cipher, lock, migrations, replacing
from cocommission.db import location as locations
from cocommission.db.backup import (
    WRONG_PASSPHRASE,
    BackupError,
    backup_before,
    is_damage,
    list_backups,
    sound_problem,
    take_backup,
)
from cocommission.db.cipher import SQLITE_HEADER
from cocommission.db.location import resolve_database_url
from cocommission.db.private import create_private_file, make_database_private, make_private_folder

if TYPE_CHECKING:
    from sqlalchemy.orm import Session, sessionmaker


class DatabaseError(Exception):
    """The database cannot be opened as asked; the message says why and what to do.

    ``damaged_file`` is set when the file itself is unusable (damaged, not SQLite, from a newer
    version), so the app can offer that file's latest good backup. ``needs_passphrase`` is set
    when the file is encrypted and the passphrase was missing or wrong, so the app can ask.
    """

    def __init__(self, message: str, *, damaged_file: Path | None = None, needs_passphrase: bool = False) -> None:
        super().__init__(message)
        self.damaged_file = damaged_file
        self.needs_passphrase = needs_passphrase


@dataclass(frozen=True)
class OpenReport:
    """What happened while opening: whether the file was created or migrated, and any backup.

    ``notices`` are what the migrations applied say to the person upgrading (each migration's
    ``NOTICE``); the app and the command line show them once, as the database is upgraded.
    """

    created: bool
    migrated_from: str | None
    backup: Path | None
    notices: tuple[str, ...] = ()


class Database:
    """An open database: its engine and the units of work made from it.

    ``passphrase`` is the one that opened an encrypted file (None for a plain one), kept in
    memory only, for the backups taken while the database is open.
    """

    def __init__(
        self,
        engine: Engine,
        report: OpenReport,
        *,
        passphrase: str | None = None,
        file_lock: lock.FileLock | None = None,
    ) -> None:
        self.engine = engine
        self.report = report
        self.passphrase = passphrase
        self._file_lock = file_lock
        # Made on the first unit of work: a command that only reads a few columns (``reading``)
        # never loads the ORM.
        self._sessions: sessionmaker[Session] | None = None

    def __repr__(self) -> str:
        return f"<Database {self.url.render_as_string(hide_password=True)}{' encrypted' if self.encrypted else ''}>"

    @property
    def encrypted(self) -> bool:
        """Whether the file is encrypted with a passphrase."""
        return self.passphrase is not None

    @property
    def url(self) -> URL:
        """Where the database lives."""
        return self.engine.url

    @property
    def path(self) -> Path | None:
        """The file for an SQLite database, or None for a server."""
        if self.engine.url.get_backend_name() != "sqlite" or not self.engine.url.database:
            return None
        return Path(self.engine.url.database)

    @contextlib.contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """One user action: commit when the block succeeds, roll back when it raises."""
        if self._sessions is None:
            from sqlalchemy.orm import sessionmaker

            self._sessions = sessionmaker(self.engine, expire_on_commit=False, autoflush=True)
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextlib.contextmanager
    def reading(self) -> Iterator[Connection]:
        """A connection for reading a few columns with SQL expressions, writing nothing.

        Quicker to start than a unit of work where a command prints a list and exits: neither the
        ORM nor the mapped classes are loaded for it.
        """
        with self.engine.connect() as connection:
            yield connection

    def close(self) -> None:
        """Release every connection, and the file's lock: another window may now replace the file."""
        self.engine.dispose()
        if self._file_lock is not None:
            self._file_lock.release()

    @contextlib.contextmanager
    def replacing(self) -> Iterator[None]:
        """Hold the file's exclusive lock for a change that rebuilds it; ``lock.DatabaseBusy`` while another has it open.

        This database's own shared lock is let go first and taken again afterwards; its
        connections are closed, and open again on next use.
        """
        path = self.path
        if path is None or self._file_lock is None:
            yield
            return
        self.engine.dispose()
        self._file_lock.release()
        try:
            with lock.replacing(path):
                replacing.finish(path)
                yield
        finally:
            if not self._file_lock.take(exclusive=False, wait=lock.OPEN_WAIT_SECONDS):
                raise lock.DatabaseBusy(
                    f"{path.name} was taken over by another window; close this one and open the database again."
                )


def _apply_sqlite_pragmas(dbapi_connection: Any, connection_record: object) -> None:
    # WAL keeps readers and the writer apart; FULL makes every commit survive
    # power loss; secure_delete overwrites erased personal data on disk.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _check_sqlite_file(path: Path, passphrase: str | None = None) -> bool:
    """Refuse a file that exists but is not an SQLite database, before SQLite touches it.

    Returns whether the file is (or, being new, will be) encrypted with ``passphrase``.
    """
    if not path.exists():
        try:
            if not path.parent.exists():
                make_private_folder(path.parent)
            new = _new_file_encrypted(passphrase)
            create_private_file(path)  # owner-only from the start: SQLite gives its journals the same mode
        except OSError as exc:
            raise DatabaseError(f"Cannot create {path}: {exc.strerror}.") from exc
        return new
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file. Give the path of a .sqlite file.")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header == b"" and path.stat().st_size == 0:
        if list_backups(path):
            # Emptied by a failed copy or sync: opening it as new would bury the backups' data under a fresh one.
            raise DatabaseError(
                f"{path.name} is empty (0 bytes), though its backups hold data. It has not been changed; "
                "restore the newest backup to carry on.",
                damaged_file=path,
            )
        return _new_file_encrypted(passphrase)
    if header != SQLITE_HEADER and cipher.could_be_encrypted(path) and not _was_plain(path):
        _check_encrypted_file(path, passphrase)
        return True
    if header != SQLITE_HEADER:
        raise DatabaseError(
            f"{path} is not a CoCommission database (it is not an SQLite file). "
            "Choose another file, or restore a backup.",
            damaged_file=path,
        )
    # A read-only check before anything writes: a truncated or corrupted file stays exactly as it is.
    try:
        problem = sound_problem(path)
    except BackupError as exc:  # locked or unreachable: not damage, so no restore is offered
        raise DatabaseError(str(exc)) from exc
    if problem is not None:
        raise DatabaseError(
            f"{path.name} is damaged ({problem}). It has not been changed; restore a backup to carry on.",
            damaged_file=path,
        )
    return False


def _was_plain(path: Path) -> bool:
    """Whether the newest backup is plain: then a file without the SQLite header is damaged, not encrypted.

    (Encrypting re-makes every backup encrypted, and later backups are encrypted too.)
    """
    newest = list_backups(path)[:1]
    return bool(newest) and cipher.is_plain(newest[0].path)


def _new_file_encrypted(passphrase: str | None) -> bool:
    """A new database is encrypted when a passphrase is given; refuse one too short to protect it."""
    if passphrase is None:
        return False
    problem = cipher.passphrase_problem(passphrase)
    if problem is not None:
        raise DatabaseError(f"{problem} The database was not created.")
    return True


def _check_encrypted_file(path: Path, passphrase: str | None) -> None:
    """Refuse an encrypted file without its passphrase, or with one that does not open it, untouched."""
    if passphrase is None:
        raise DatabaseError(
            f"{path} is encrypted, or is not a CoCommission database. "
            "If it is encrypted, give its passphrase to open it.",
            needs_passphrase=True,
        )
    # Read-only, like the check of a plain file: a wrong passphrase or a damaged file stays as it is.
    problem = sound_problem(path, passphrase)
    if problem == WRONG_PASSPHRASE:
        raise DatabaseError(
            f"The passphrase does not open {path.name}; nothing was changed. Check it and try again.",
            needs_passphrase=True,
        )
    if problem is not None:
        raise DatabaseError(
            f"{path.name} is damaged ({problem}). It has not been changed; restore a backup to carry on.",
            damaged_file=path,
        )


def make_engine(url: URL, *, passphrase: str | None = None) -> Engine:
    """An engine for ``url`` with the pragmas and pool settings CoCommission relies on.

    With a ``passphrase`` the SQLite file is opened through SQLCipher, each connection keyed
    before anything reads the file; the URL itself never holds the passphrase. A failed statement's
    values (names, emails, access needs) are never put into the error: ``hide_parameters``.
    """
    if url.get_backend_name() == "sqlite" and passphrase is not None:
        engine = create_engine(url, module=cipher.sqlcipher(), hide_parameters=True)

        @event.listens_for(engine, "do_connect")
        def _connect_with_key(dialect: Any, connection_record: object, cargs: list[Any], cparams: dict[str, Any]) -> Any:
            connection = dialect.loaded_dbapi.connect(*cargs, **cparams)
            cipher.key_connection(connection, passphrase)
            return connection

        event.listen(engine, "connect", _apply_sqlite_pragmas)
        return engine
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, hide_parameters=True)
        event.listen(engine, "connect", _apply_sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def open_database(
    location: str | Path | None = None,
    *,
    passphrase: str | None = None,
    migrate: bool = True,
    backup_on_open: bool = False,
) -> Database:
    """Open (creating or migrating as needed) the database at a path, URL or the default.

    ``passphrase`` opens an encrypted file (a plain file opens without it, and ignores it) and
    encrypts a database created here. ``backup_on_open`` (the app asks for it) takes a backup of
    an existing SQLite file once it is open.
    """
    url = resolve_database_url(location)
    is_sqlite = url.get_backend_name() == "sqlite"
    path = Path(url.database) if is_sqlite and url.database else None
    if path is None:
        return _open(url, None, None, migrate=migrate, backup_on_open=backup_on_open)
    encrypted = None
    if not path.parent.exists():
        # Creates the folder, where nothing can be half-replaced yet, so the lock file has a place.
        encrypted = _check_sqlite_file(path, passphrase)
    file_lock = _lock_for_opening(path)
    try:
        if encrypted is None:
            encrypted = _check_sqlite_file(path, passphrase)
        database = _open(url, path, passphrase if encrypted else None, migrate=migrate, backup_on_open=backup_on_open)
    except BaseException:
        file_lock.release()
        raise
    database._file_lock = file_lock
    return database


def _lock_for_opening(path: Path) -> lock.FileLock:
    """The shared lock on ``path``, once any interrupted replacement is finished; waits while one is under way."""
    hold = lock.FileLock(path)
    deadline = time.monotonic() + lock.OPEN_WAIT_SECONDS
    while True:
        try:
            if replacing.pending(path) and hold.try_take(exclusive=True):
                try:
                    replacing.finish(path)
                finally:
                    hold.release()
            if hold.try_take(exclusive=False):
                if not replacing.interrupted(path):
                    return hold
                hold.release()  # a replacement was killed between the look and the lock: finish it first
        except (OSError, ValueError, KeyError) as exc:
            hold.release()
            raise DatabaseError(
                f"Cannot open {path.name}: an interrupted restore or encryption could not be finished, "
                f"or its lock file cannot be made ({exc}). Check you may write to {path.parent}."
            ) from exc
        if time.monotonic() >= deadline:
            raise DatabaseError(
                f"Another CoCommission window is replacing {path.name} (restoring a backup, or encrypting it); "
                "wait for that to finish and try again."
            )
        time.sleep(0.05)


def _open(url: URL, path: Path | None, key: str | None, *, migrate: bool, backup_on_open: bool) -> Database:
    """Open the checked file (or server) at ``url``, keyed with ``key`` when encrypted, migrating as asked."""
    engine: Engine | None = None
    try:
        engine = make_engine(url, passphrase=key)
        with engine.connect() as connection:
            current = migrations.current_revision(connection)
            # Only a database with no schema version can hold tables that are not CoCommission's.
            has_tables = current is None and bool(inspect(connection).get_table_names())
    except DatabaseError:
        raise
    except (OperationalError, sqlite3.DatabaseError) as exc:
        if engine is not None:
            engine.dispose()  # no handle left open: on Windows it would block a restore over the file
        raise DatabaseError(
            _explain_connection_failure(url, exc), damaged_file=path if is_damage(exc) else None
        ) from exc
    except (SQLAlchemyError, ModuleNotFoundError) as exc:
        raise DatabaseError(f"Cannot open the database {url.render_as_string()}: {exc}") from exc

    if current is None and has_tables:
        engine.dispose()
        raise DatabaseError(
            f"{url.render_as_string()} holds tables that are not a CoCommission database. Choose another database."
        )
    if current is not None and not migrations.is_known(current):
        engine.dispose()
        raise DatabaseError(
            "This database was made by a newer version of CoCommission "
            f"(schema {current}). Update CoCommission to open it; the file has not been changed."
        )
    backup = None
    head = migrations.head_revision()
    if current != head:
        if not migrate:
            engine.dispose()
            raise DatabaseError(f"The database schema is {current or 'empty'}; this version needs {head}.")
        if current is not None:
            backup = _backup_or_refuse(
                lambda: backup_before(engine, reason=f"before-upgrade-from-{current}", passphrase=key)
            )
        migrations.upgrade_to_head(engine)
        if current is not None and path is not None:
            _rebuild(engine)
            _upgrade_backups(path, key)
    if backup_on_open and backup is None and current is not None and path is not None:
        backup = _backup_or_refuse(lambda: take_backup(path, reason="opened", passphrase=key))
    if path is not None:
        make_database_private(path, folder_too=path.parent == locations.default_database_path().parent)
    migrated_from = current if current not in (None, head) else None
    report = OpenReport(
        created=current is None,
        migrated_from=migrated_from,
        backup=backup,
        notices=migrations.notices_after(migrated_from) if migrated_from else (),
    )
    return Database(engine, report, passphrase=key)


def _rebuild(engine: Engine) -> None:
    """Rebuild an SQLite file and empty its log, so rows an upgrade took out leave no copy behind."""
    # VACUUM cannot run inside a transaction; with secure_delete the freed pages are zeroed too.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM")
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def _upgrade_backups(path: Path, key: str | None) -> None:
    """Bring the database's backups up to the new schema too, each rebuilt so no old row is left in it.

    An upgrade can take something out of the data for privacy (schema 0002 drops the link between
    an anonymous ballot and its voter); the backups taken before it, the before-upgrade one
    included, would otherwise keep it. Each backup stays the restore point it was, now in the
    current schema. One that cannot be upgraded (damaged, or under another passphrase) is left
    as it is: it was no use to restore from either.
    """
    for backup in list_backups(path):
        engine = make_engine(URL.create("sqlite", database=str(backup.path)), passphrase=key)
        try:
            with engine.connect() as connection:
                current = migrations.current_revision(connection)
            if current is None or current == migrations.head_revision() or not migrations.is_known(current):
                continue
            migrations.upgrade_to_head(engine)
            _rebuild(engine)
        except (SQLAlchemyError, sqlite3.DatabaseError, OSError):
            continue
        finally:
            engine.dispose()


def _backup_or_refuse(take: Callable[[], Path | None]) -> Path | None:
    """Take a backup; when it fails, refuse to open rather than go on without one."""
    try:
        return take()
    except BackupError as exc:
        raise DatabaseError(f"{exc} The database was not opened.") from exc


def _explain_connection_failure(url: URL, exc: Exception) -> str:
    text = str(getattr(exc, "orig", exc))
    if "file is not a database" in text or "malformed" in text:
        return (
            f"{url.database} is damaged or not a CoCommission database ({text}). "
            "It has not been changed; restore a backup to carry on."
        )
    if "unable to open database file" in text:
        return f"Cannot open {url.database}: check the folder exists and you may write to it."
    return f"Cannot open the database {url.render_as_string(hide_password=True)}: {text}"
