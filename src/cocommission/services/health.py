"""Checking that a database is sound: storage integrity, schema version, audit chains, and every
stored ballot, score and payment against the rules it was recorded under."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, text

from cocommission.db import Database, migrations
from cocommission.model import Commission
from cocommission.services.audit import verify_chain
from cocommission.services.integrity import rule_breaks


@dataclass(frozen=True)
class HealthReport:
    """Lines to show, and whether every check passed."""

    sound: bool
    lines: tuple[str, ...]


def check_database(database: Database) -> HealthReport:
    """Run every check and say, line by line, what was found."""
    lines: list[str] = []
    sound = True
    with database.engine.connect() as connection:
        revision = migrations.current_revision(connection)
        head = migrations.head_revision()
        if revision == head:
            lines.append(f"schema: version {revision} (current)")
        else:
            sound = False
            lines.append(f"schema: version {revision}, expected {head}")
        if database.engine.url.get_backend_name() == "sqlite":
            integrity = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
            if integrity == ["ok"]:
                lines.append("storage: integrity check ok")
            else:
                sound = False
                lines.append("storage: integrity check FAILED: " + "; ".join(integrity[:5]))
            broken_links = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if broken_links:
                sound = False
                lines.append(f"storage: {len(broken_links)} records point at missing records")
            else:
                lines.append("storage: every reference resolves")
    with database.unit_of_work() as session:
        for commission_id in session.scalars(select(Commission.id).order_by(Commission.created_at)):
            chain = verify_chain(session, commission_id=commission_id)
            if chain.first_broken is not None:
                sound = False
                lines.append(f"audit: {commission_id} chain broken at entry {chain.first_broken}")
            elif chain.mismatches:
                sound = False
                lines += [f"audit: {commission_id} {mismatch.line()}" for mismatch in chain.mismatches]
            else:
                lines.append(f"audit: {commission_id} {chain.entries} entries, chain intact")
            breaks = rule_breaks(session, commission_id=commission_id)
            if breaks:
                sound = False
                lines += [f"rules: {commission_id} {problem}" for problem in breaks]
            else:
                lines.append(f"rules: {commission_id} every round, ballot, paper tally, score and payment within its rules")
    lines.append("result: sound" if sound else "result: PROBLEMS FOUND")
    return HealthReport(sound=sound, lines=tuple(lines))
