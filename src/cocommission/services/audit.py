"""Writing to, and checking, the commission's append-only audit log.

Each entry is chained to the one before it by hash. An entry may also carry the digest of the
one record it changed (``subject``), as stored right after the change, and name the records it
removed (``removed``). ``verify_chain`` then checks, for every record, the last entry that
touched it against the record as it is stored now: a record edited or deleted behind the app's
back shows up even though the chain itself links up. What the chain cannot show on its own —
its last entries cut off, or the whole chain recomputed after an edit — is caught by comparing
its head (``audit_head``: entry count and hash, printed on the decision record, the evaluation
report and the receipts) with the paper: ``cocommission audit verify ID --expect N:HASH``.

How to call ``record`` for a change:

* ``subject=row`` for the mapped row the action created or changed, when it is a row of
  ``TRACKED_TABLES`` (a score, a moderated score, a conflict declaration, a payment, a ballot in
  a NAMED round, a round's record that someone voted). Its digest (``record_digest``) covers every column, and for a ballot its lines
  too. Every service that changes a row of those tables must pass it, or ``audit verify`` will
  report the change as made behind the app's back.
* ``removed=[row or (table name, id), ...]`` for the tracked rows the action deleted.
* An ANONYMOUS ballot is never a subject, and never named in ``removed``: a digest of its
  contents beside the entry's time would tie what was chosen to the voter who voted then. Pass
  the ``RoundVoter`` row (that the person voted, never what) as ``subject`` instead.
* ``summary`` is written once and can never change afterwards, so it holds no typed text
  (titles, labels, names, notes): refer to records by id or number and let whoever shows the
  log resolve ids to current names (``list_audit`` does).
"""

from __future__ import annotations

import enum
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from cocommission.model import whole_schema
from cocommission.model.audit import GENESIS_HASH, AuditEntry, entry_hash
from cocommission.model.base import Base, new_id, utcnow
from cocommission.services.changes import note_change

#: Rows stored apart from a record but part of it: a ballot's lines are its choices.
_PARTS: dict[str, tuple[tuple[str, str], ...]] = {"ballot": (("ballot_choice", "ballot_id"),)}

RecordRef = tuple[str, str]
#: Tables whose every change through the services names the row as ``subject`` (or in ``removed``),
#: so the last entry about a row always vouches for it. A row of another table must not be a
#: subject: a later change recorded without one would look like tampering.
TRACKED_TABLES = frozenset({"score", "moderated_score", "conflict_declaration", "payment", "ballot", "round_voter"})
#: The action of the entry a copy with new ids starts with: record digests before it name old ids.
RECORDS_RESET = "commission.copied_with_new_ids"


def _plain(value: object) -> object:
    """A column value as JSON the same way whether it was just written or read back."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, float):
        return repr(value)
    return value


def _table(name: str) -> Table:
    return whole_schema().tables[name]


def _stored_digest(session: Session, table_name: str, record_id: str) -> str | None:
    """The digest of a record (and its parts) as stored now; None when it is not stored."""
    table = _table(table_name)
    row = session.execute(select(table).where(table.c.id == record_id)).mappings().first()
    if row is None:
        return None
    contents: list[object] = [table_name, {key: _plain(value) for key, value in row.items()}]
    for part_name, link in _PARTS.get(table_name, ()):
        part = _table(part_name)
        lines = [
            {key: _plain(value) for key, value in line.items()}
            for line in session.execute(select(part).where(part.c[link] == record_id)).mappings()
        ]
        contents.append([part_name, sorted(lines, key=lambda line: json.dumps(line, sort_keys=True))])
    payload = json.dumps(contents, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_reference(row: object) -> RecordRef:
    """The table and id of a stored record, or the pair itself."""
    if isinstance(row, tuple):
        table_name, record_id = row
        return str(table_name), str(record_id)
    return row.__table__.name, row.id  # type: ignore[attr-defined]


def record_digest(session: Session, row: Base | RecordRef) -> str:
    """A canonical sha256 of a mapped row's column values as stored (and, for a ballot, its lines)."""
    session.flush()
    digest = _stored_digest(session, *record_reference(row))
    if digest is None:
        raise ValueError(f"{' '.join(record_reference(row))} is not stored, so it has no digest")
    return digest


def record(
    session: Session,
    *,
    commission_id: str,
    action: str,
    summary: str,
    details: Mapping[str, object] | None = None,
    changed: tuple[str, str] | None = None,
    subject: Base | RecordRef | None = None,
    removed: Iterable[Base | RecordRef] = (),
) -> AuditEntry:
    """Append an entry to the commission's audit log and note what changed.

    ``summary`` and ``details`` must never carry a participant's name, typed text or, in an
    anonymous round, what a particular person chose: refer to ids instead. ``subject`` is the
    row this action left changed (its digest goes into the entry); ``removed`` the rows it
    deleted. See the module's docstring for anonymous ballots.
    """
    removed_refs = [list(record_reference(row)) for row in removed]
    session.flush()
    details = dict(details or {})
    digest = None
    if subject is not None:
        details["record"] = list(record_reference(subject))
        digest = record_digest(session, subject)
    if removed_refs:
        details["removed"] = removed_refs
    head = audit_head(session, commission_id=commission_id)
    sequence, previous = head.entries + 1, head.hash
    at = utcnow()
    details_json = json.dumps(details, sort_keys=True, ensure_ascii=False, default=str)
    entry = AuditEntry(
        id=new_id(),
        commission_id=commission_id,
        sequence=sequence,
        at=at,
        action=action,
        summary=summary,
        details_json=details_json,
        previous_hash=previous,
        record_digest=digest,
        entry_hash=entry_hash(
            previous_hash=previous,
            sequence=sequence,
            at=at,
            action=action,
            summary=summary,
            details_json=details_json,
            record_digest=digest,
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
    #: The records the entry refers to, by their names as they are now ("round: Which matters most?").
    about: str = ""


#: Ids in an entry's details, and the table and column holding what the record is called now.
_NAMED_BY: dict[str, tuple[str, str, str]] = {
    "round_id": ("vote_round", "title", "round"),
    "option_id": ("vote_option", "label", "option"),
    "bid_id": ("bid", "title", "bid"),
    "bidder_id": ("bidder", "name", "bidder"),
    "workshop_id": ("workshop", "title", "workshop"),
    "criterion_id": ("evaluation_criterion", "name", "criterion"),
    "currency_id": ("currency", "name", "currency"),
    "section_id": ("tender_section", "heading", "section"),
    "participant_id": ("participant", "pseudonym", "participant"),
    "panellist_id": ("participant", "pseudonym", "panellist"),
}


def _about(session: Session, details_json: str, names: dict[tuple[str, str], str | None]) -> str:
    """What an entry's ids are called now; a record since deleted is left out."""
    try:
        details = json.loads(details_json or "{}")
    except ValueError:
        return ""
    if not isinstance(details, dict):
        return ""
    parts = []
    for key, (table_name, column, label) in _NAMED_BY.items():
        record_id = details.get(key)
        if not isinstance(record_id, str):
            continue
        if (table_name, record_id) not in names:
            table = _table(table_name)
            names[(table_name, record_id)] = session.scalar(select(table.c[column]).where(table.c.id == record_id))
        name = names[(table_name, record_id)]
        if name:
            parts.append(f"{label}: {name}")
    return "; ".join(parts)


@dataclass(frozen=True)
class RecordMismatch:
    """A record that no longer is what the last entry touching it says: changed, or gone."""

    sequence: int
    table: str
    record_id: str
    gone: bool

    def line(self) -> str:
        """One line naming the record by id and the entry that vouches for it."""
        what = "is missing" if self.gone else "differs"
        return f"{self.table} {self.record_id} {what} from what entry {self.sequence} recorded"


@dataclass(frozen=True)
class ChainCheck:
    """Result of checking a commission's audit chain.

    ``first_broken`` is the first entry whose link does not hold (None when the chain links up);
    ``mismatches`` the records changed or removed without an entry saying so.
    """

    entries: int
    first_broken: int | None
    mismatches: tuple[RecordMismatch, ...] = ()

    @property
    def sound(self) -> bool:
        return self.first_broken is None and not self.mismatches


@dataclass(frozen=True)
class AuditHead:
    """How many entries the chain has and the hash of the last: what paper records carry."""

    entries: int
    hash: str

    def line(self) -> str:
        """The line printed on paper, e.g. "Audit log: 1,234 entries, head 3f2a…"."""
        return f"Audit log: {self.entries:,} entries, head {self.hash}"

    def expectation(self) -> str:
        """The form ``audit verify --expect`` takes."""
        return f"{self.entries}:{self.hash}"


def audit_head(session: Session, *, commission_id: str) -> AuditHead:
    """The chain's head: its entry count and the hash of its last entry (the genesis hash when empty)."""
    last = session.execute(
        select(AuditEntry.sequence, AuditEntry.entry_hash)
        .where(AuditEntry.commission_id == commission_id)
        .order_by(AuditEntry.sequence.desc())
        .limit(1)
    ).first()
    return AuditHead(entries=last[0], hash=last[1]) if last else AuditHead(entries=0, hash=GENESIS_HASH)


_EXPECTATION = re.compile(r"(\d+):([0-9a-fA-F]{16,64})")


def parse_expectation(text: str) -> tuple[int, str] | None:
    """``N:HASH`` as (N, lower-case hash), or None when it is not of that form.

    The hash may be shortened to its first 16 characters or more, as long as it is read off paper.
    """
    found = _EXPECTATION.fullmatch(text.strip())
    if found is None or int(found[1]) < 1:
        return None
    return int(found[1]), found[2].lower()


def entry_hash_at(session: Session, *, commission_id: str, sequence: int) -> str | None:
    """The stored hash of entry ``sequence``; None when the chain is shorter."""
    return session.scalar(
        select(AuditEntry.entry_hash).where(
            AuditEntry.commission_id == commission_id, AuditEntry.sequence == sequence
        )
    )


def list_audit(session: Session, *, commission_id: str) -> tuple[AuditLine, ...]:
    """The commission's audit log, oldest first, with the records each entry refers to named as they are now.

    Entries store ids only, so a name shown here is today's: a renamed round shows its new title,
    and an erased participant shows as "Erased participant N".
    """
    rows = session.scalars(
        select(AuditEntry).where(AuditEntry.commission_id == commission_id).order_by(AuditEntry.sequence)
    )
    names: dict[tuple[str, str], str | None] = {}
    return tuple(
        AuditLine(e.sequence, e.at, e.action, e.summary, _about(session, e.details_json, names)) for e in rows
    )


def verify_chain(session: Session, *, commission_id: str) -> ChainCheck:
    """Recompute every link of the chain and report the first entry that does not match."""
    previous = GENESIS_HASH
    latest: dict[RecordRef, tuple[int, str | None]] = {}
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
            record_digest=entry.record_digest,
        )
        if (
            entry.sequence != expected_sequence
            or entry.previous_hash != previous
            or entry.entry_hash != recomputed
        ):
            return ChainCheck(entries=count, first_broken=expected_sequence)
        if entry.action == RECORDS_RESET:
            latest.clear()
        _note_records(latest, entry)
        previous = entry.entry_hash
        expected_sequence += 1
    return ChainCheck(entries=count, first_broken=None, mismatches=_mismatches(session, latest))


def _note_records(latest: dict[RecordRef, tuple[int, str | None]], entry: AuditEntry) -> None:
    """Remember, per record, the last entry touching it and the digest it vouched for (None: removed)."""
    try:
        details = json.loads(entry.details_json or "{}")
    except ValueError:
        return
    if not isinstance(details, dict):
        return
    for ref in details.get("removed") or ():
        if isinstance(ref, list) and len(ref) == 2:
            latest[(str(ref[0]), str(ref[1]))] = (entry.sequence, None)
    ref = details.get("record")
    if entry.record_digest is not None and isinstance(ref, list) and len(ref) == 2:
        latest[(str(ref[0]), str(ref[1]))] = (entry.sequence, entry.record_digest)


def _mismatches(session: Session, latest: dict[RecordRef, tuple[int, str | None]]) -> tuple[RecordMismatch, ...]:
    found = []
    for (table_name, record_id), (sequence, digest) in latest.items():
        if digest is None or table_name not in whole_schema().tables:
            continue
        stored = _stored_digest(session, table_name, record_id)
        if stored != digest:
            found.append(RecordMismatch(sequence, table_name, record_id, gone=stored is None))
    return tuple(sorted(found, key=lambda mismatch: mismatch.sequence))
