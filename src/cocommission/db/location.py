"""Which database to open: ``--db``, then ``COCOMMISSION_DB``, then the user data dir."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url

ENVIRONMENT_VARIABLE = "COCOMMISSION_DB"
DEFAULT_FILE_NAME = "cocommission.sqlite"


def default_database_path() -> Path:
    """The embedded database in the user's data folder (per-platform, via platformdirs)."""
    return Path(platformdirs.user_data_dir("CoCommission", appauthor=False)) / DEFAULT_FILE_NAME


def resolve_database_url(given: str | os.PathLike[str] | None = None) -> URL:
    """Turn a path, an SQLAlchemy URL or nothing into the URL to open."""
    if given is None or str(given) == "":
        given = os.environ.get(ENVIRONMENT_VARIABLE) or default_database_path()
    text = str(given)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite", database=str(Path(text).expanduser().absolute()))
