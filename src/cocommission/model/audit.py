"""The append-only audit log: what was done, when, in which commission.

Entries are chained: each carries the hash of the one before it in the same
commission, so an edited or deleted row shows up as a broken link. Entries
name records by id and never carry participants' names or who chose what in
an anonymous round.
"""

import hashlib
import json
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, event
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission  # noqa: F401
from cocommission.model.base import Base, id_column, utcnow

GENESIS_HASH = "0" * 64


class AuditEntry(Base):
    """One recorded action."""

    __tablename__ = "audit_entry"
    __table_args__ = (UniqueConstraint("commission_id", "sequence"),)

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    sequence: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(Text)
    details_json: Mapped[str] = mapped_column(Text, default="{}")
    previous_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    #: A digest of the record the entry changed, as it stood afterwards (None on older entries
    #: and where there is no single record); part of the entry's hash.
    record_digest: Mapped[str | None] = mapped_column(String(64), default=None)


def entry_hash(
    *,
    previous_hash: str,
    sequence: int,
    at: datetime,
    action: str,
    summary: str,
    details_json: str,
    record_digest: str | None = None,
) -> str:
    """The hash that chains an entry to the one before it.

    An entry without a record digest (every entry written before digests existed) hashes
    exactly as it always did; one with a digest has it as the last part of what is hashed.
    """
    parts: list[object] = [previous_hash, sequence, at.isoformat(), action, summary, details_json]
    if record_digest is not None:
        parts.append(record_digest)
    payload = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@event.listens_for(AuditEntry, "before_update")
def _refuse_update(mapper: object, connection: object, target: object) -> None:
    raise PermissionError("the audit log is append-only: entries cannot be changed")


@event.listens_for(AuditEntry, "before_delete")
def _refuse_delete(mapper: object, connection: object, target: object) -> None:
    raise PermissionError("the audit log is append-only: entries cannot be deleted")
