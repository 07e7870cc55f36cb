"""Checking that a database is sound: storage integrity, schema version, audit chains, and every
stored ballot, score and payment against the rules it was recorded under."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from cocommission.db import Database, migrations
from cocommission.model import Commission
from cocommission.services.audit import verify_chain
from cocommission.services.integrity import rule_breaks


@dataclass(frozen=True)
class HealthReport:
    """Lines to show, and whether every check passed."""

    sound: bool
    lines: tuple[str, ...]


#: One finding: whether the check passed, and the line that says what was found.
Finding = tuple[bool, str]


def check_database(database: Database) -> HealthReport:
    """Run every check and say, line by line, what was found."""
    findings: list[Finding] = []
    with database.engine.connect() as connection:
        findings.append(_schema_finding(connection))
        if database.engine.url.get_backend_name() == "sqlite":
            findings += _sqlite_findings(connection)
    with database.unit_of_work() as session:
        for commission_id in session.scalars(select(Commission.id).order_by(Commission.created_at)):
            findings += _commission_findings(session, commission_id)
    sound = all(passed for passed, _ in findings)
    lines = [line for _, line in findings]
    lines.append("result: sound" if sound else "result: PROBLEMS FOUND")
    return HealthReport(sound=sound, lines=tuple(lines))


def _schema_finding(connection: Connection) -> Finding:
    revision = migrations.current_revision(connection)
    head = migrations.head_revision()
    if revision == head:
        return True, f"schema: version {revision} (current)"
    return False, f"schema: version {revision}, expected {head}"


def _sqlite_findings(connection: Connection) -> list[Finding]:
    """SQLite's own checks of the file: its pages, and every reference between records."""
    findings: list[Finding] = []
    integrity = [row[0] for row in connection.execute(text("PRAGMA integrity_check"))]
    if integrity == ["ok"]:
        findings.append((True, "storage: integrity check ok"))
    else:
        findings.append((False, "storage: integrity check FAILED: " + "; ".join(integrity[:5])))
    broken_links = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
    if broken_links:
        findings.append((False, f"storage: {len(broken_links)} records point at missing records"))
    else:
        findings.append((True, "storage: every reference resolves"))
    return findings


def _commission_findings(session: Session, commission_id: str) -> list[Finding]:
    """The commission's audit chain, and every record it holds against the rules it was recorded under."""
    findings: list[Finding] = []
    chain = verify_chain(session, commission_id=commission_id)
    if chain.first_broken is not None:
        findings.append((False, f"audit: {commission_id} chain broken at entry {chain.first_broken}"))
    elif chain.mismatches:
        findings += [(False, f"audit: {commission_id} {mismatch.line()}") for mismatch in chain.mismatches]
    else:
        findings.append((True, f"audit: {commission_id} {chain.entries} entries, chain intact"))
    breaks = rule_breaks(session, commission_id=commission_id)
    if breaks:
        findings += [(False, f"rules: {commission_id} {problem}") for problem in breaks]
    else:
        findings.append(
            (True, f"rules: {commission_id} every round, ballot, paper tally, score and payment within its rules")
        )
    return findings
