"""Run the alembic migrations shipped inside the package, from code.

The scripts live in ``cocommission/db/alembic``; no ``alembic.ini`` is needed,
so an installed app migrates its users' databases exactly as the tests do.

Loading alembic takes longer than the rest of opening a database, and a database is almost
always up to date already. So the schema versions are read without it: the database's with one
query, the scripts' from their ``revision`` lines. Alembic is loaded only to migrate.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

SCRIPTS = Path(__file__).with_name("alembic")
#: The table alembic keeps the database's schema version in.
VERSION_TABLE = "alembic_version"


def alembic_config() -> Config:
    """An alembic configuration pointing at the packaged scripts."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


@cache
def _scripts() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _script_header(text: str) -> str:
    """The part of a migration script before its first function, where alembic's names are assigned.

    Parsing only this part keeps opening a database quick: the first script holds the whole schema.
    """
    first_function = re.search(r"^(?:async )?def ", text, re.MULTILINE)
    return text if first_function is None else text[: first_function.start()]


def _script_names(script: Path) -> dict[str, object]:
    """The ``revision`` and ``down_revision`` a migration script assigns, read from its text."""
    text = script.read_text(encoding="utf-8")
    try:
        names = _assigned_names(ast.parse(_script_header(text), str(script)).body)
    except SyntaxError:  # a statement the cut went through
        names = {}
    if not {"revision", "down_revision"} <= names.keys():  # assigned further down, or cut: read it all
        names = _assigned_names(ast.parse(text, str(script)).body)
    return names


def _assigned_names(body: list[ast.stmt]) -> dict[str, object]:
    names: dict[str, object] = {}
    for statement in body:
        targets: list[ast.expr]
        if isinstance(statement, ast.AnnAssign):
            targets, value = [statement.target], statement.value
        elif isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value is not None:
                names[target.id] = ast.literal_eval(value)
    return names


@cache
def _revisions() -> dict[str, tuple[str, ...]]:
    """Every revision this build ships, each with the revisions it follows."""
    revisions: dict[str, tuple[str, ...]] = {}
    for script in sorted((SCRIPTS / "versions").glob("*.py")):
        names = _script_names(script)
        revision, follows = names.get("revision"), names.get("down_revision")
        if not isinstance(revision, str):
            continue  # not a migration script
        if isinstance(follows, str):
            revisions[revision] = (follows,)
        else:  # None for the first, a tuple where two lines of migrations join
            revisions[revision] = tuple(follows) if isinstance(follows, (list, tuple)) else ()
    return revisions


def head_revision() -> str:
    """The schema version this build of CoCommission writes."""
    revisions = _revisions()
    followed = {earlier for follows in revisions.values() for earlier in follows}
    heads = [revision for revision in revisions if revision not in followed]
    assert len(heads) == 1, f"the package ships one line of migrations, found heads {heads}"
    return heads[0]


def is_known(revision: str) -> bool:
    """Whether ``revision`` is one this build knows (an unknown one comes from a newer build)."""
    return revision in _revisions()


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
    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    stored = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    if len(stored) > 1:
        raise ValueError(f"the database records several schema versions at once ({', '.join(stored)})")
    return stored[0] if stored else None


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration in one transaction.

    On SQLite, foreign keys are switched off while the migrations run, as SQLite asks for
    table rebuilds: otherwise dropping the old copy of a rebuilt table would cascade and delete
    the rows that refer to it. Before the transaction commits, every reference is checked.
    """
    from alembic import command

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
