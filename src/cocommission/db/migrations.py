"""Run the alembic migrations shipped inside the package, from code.

The scripts live in ``cocommission/db/alembic``; no ``alembic.ini`` is needed,
so an installed app migrates its users' databases exactly as the tests do.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

SCRIPTS = Path(__file__).with_name("alembic")


def alembic_config() -> Config:
    """An alembic configuration pointing at the packaged scripts."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


@cache
def _scripts() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The schema version this build of CoCommission writes."""
    head = _scripts().get_current_head()
    assert head is not None, "the package ships at least one migration"
    return head


def is_known(revision: str) -> bool:
    """Whether ``revision`` is one this build knows (an unknown one comes from a newer build)."""
    return any(script.revision == revision for script in _scripts().walk_revisions())


def current_revision(connection: Connection) -> str | None:
    """The schema version stored in the database, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration in one transaction."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
