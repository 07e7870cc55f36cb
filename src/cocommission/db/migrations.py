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


def notices_after(revision: str | None) -> tuple[str, ...]:
    """What the migrations after ``revision`` up to head tell whoever upgrades, oldest first.

    A migration module may define ``NOTICE``: one plain sentence on what changed for the people
    whose data it holds. A new, empty database (``revision`` None) has nothing to be told.
    """
    if revision is None:
        return ()
    newer = []
    for script in _scripts().walk_revisions():  # newest first
        if script.revision == revision:
            break
        newer.append(script)
    else:
        return ()  # not a revision of this build: nothing it could say
    notices = (getattr(script.module, "NOTICE", None) for script in reversed(newer))
    return tuple(notice for notice in notices if isinstance(notice, str) and notice)


def current_revision(connection: Connection) -> str | None:
    """The schema version stored in the database, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration in one transaction.

    On SQLite, foreign keys are switched off while the migrations run, as SQLite asks for
    table rebuilds: otherwise dropping the old copy of a rebuilt table would cascade and delete
    the rows that refer to it. Before the transaction commits, every reference is checked.
    """
    config = alembic_config()
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # Outside any transaction: SQLite ignores this pragma inside one.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise RuntimeError(f"the upgrade left a broken reference in table {broken[0]}")
        finally:
            if sqlite:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
                connection.commit()
