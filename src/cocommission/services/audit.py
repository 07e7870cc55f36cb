"""Writing to, and checking, the commission's append-only audit log."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model.audit import GENESIS_HASH, AuditEntry, entry_hash
from cocommission.model.base import new_id, utcnow
from cocommission.services.changes import note_change


def record(
    session: Session,
    *,
    commission_id: str,
    action: str,
    summary: str,
    details: Mapping[str, object] | None = None,
    changed: tuple[str, str] | None = None,
) -> AuditEntry:
    """Append an entry to the commission's audit log and note what changed.

    ``summary`` and ``details`` must never carry a participant's name or, in an
    anonymous round, what a particular person chose: refer to ids instead.
    """
    session.flush()
    last = session.execute(
        select(AuditEntry.sequence, AuditEntry.entry_hash)
        .where(AuditEntry.commission_id == commission_id)
        .order_by(AuditEntry.sequence.desc())
        .limit(1)
    ).first()
    sequence, previous = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    at = utcnow()
    details_json = json.dumps(dict(details or {}), sort_keys=True, ensure_ascii=False, default=str)
    entry = AuditEntry(
        id=new_id(),
        commission_id=commission_id,
        sequence=sequence,
        at=at,
        action=action,
        summary=summary,
        details_json=details_json,
        previous_hash=previous,
        entry_hash=entry_hash(
            previous_hash=previous,
            sequence=sequence,
            at=at,
            action=action,
            summary=summary,
            details_json=details_json,
        ),
    )
    session.add(entry)
    note_change(session, "audit", entry.id, commission_id=commission_id)
    if changed is not None:
        note_change(session, changed[0], changed[1], commission_id=commission_id)
    return entry


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as shown to a user."""

    sequence: int
    at: datetime
    action: str
    summary: str


@dataclass(frozen=True)
class ChainCheck:
    """Result of checking a commission's audit chain; ``first_broken`` is None when sound."""

    entries: int
    first_broken: int | None


def list_audit(session: Session, *, commission_id: str) -> tuple[AuditLine, ...]:
    """The commission's audit log, oldest first."""
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.commission_id == commission_id).order_by(AuditEntry.sequence)
    )
    return tuple(AuditLine(e.sequence, e.at, e.action, e.summary) for e in rows)


def verify_chain(session: Session, *, commission_id: str) -> ChainCheck:
    """Recompute every link of the chain and report the first entry that does not match."""
    previous = GENESIS_HASH
    count = 0
    expected_sequence = 1
    for entry in session.scalars(
        select(AuditEntry).where(AuditEntry.commission_id == commission_id).order_by(AuditEntry.sequence)
    ):
        count += 1
        recomputed = entry_hash(
            previous_hash=previous,
            sequence=entry.sequence,
            at=entry.at,
            action=entry.action,
            summary=entry.summary,
            details_json=entry.details_json,
        )
        if (
            entry.sequence != expected_sequence
            or entry.previous_hash != previous
            or entry.entry_hash != recomputed
        ):
            return ChainCheck(entries=count, first_broken=expected_sequence)
        previous = entry.entry_hash
        expected_sequence += 1
    return ChainCheck(entries=count, first_broken=None)
