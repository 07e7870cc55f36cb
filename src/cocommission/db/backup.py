"""Online backups of an SQLite database, taken with SQLite's backup API (never a file copy)."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

BACKUP_FOLDER = "backups"


def backup_folder(database_path: Path) -> Path:
    """Where backups of a database file are kept: a ``backups`` folder beside it."""
    return database_path.parent / BACKUP_FOLDER


def backup_sqlite_file(source: Path, target: Path) -> Path:
    """Copy a live SQLite database consistently to ``target`` using the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    with contextlib.closing(sqlite3.connect(source)) as src, contextlib.closing(sqlite3.connect(partial)) as dst:
        src.backup(dst)
    partial.replace(target)
    return target


def backup_before(engine: Engine, *, reason: str) -> Path | None:
    """Back up an SQLite database before a risky change; servers keep their own backups."""
    if engine.url.get_backend_name() != "sqlite" or not engine.url.database:
        return None
    source = Path(engine.url.database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_folder(source) / f"{source.stem}-{stamp}-{reason}.sqlite"
    engine.dispose()
    return backup_sqlite_file(source, target)

