"""Outcome statements: what the group says the service must achieve."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission  # noqa: F401
from cocommission.model.base import Base, enum_column, id_column, utcnow


class OutcomeStatus(enum.StrEnum):
    """Where an outcome statement stands."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    MERGED = "merged"
    DROPPED = "dropped"


class OutcomeStatement(Base):
    """A statement such as "young people feel safe on the estate".

    When statements are merged, the originals stay with status ``merged`` and
    ``merged_into_id`` pointing at the statement that replaced them, so the
    lineage of every agreed outcome can be shown.
    """

    __tablename__ = "outcome_statement"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[OutcomeStatus] = mapped_column(
        enum_column(OutcomeStatus, "outcome_status"), default=OutcomeStatus.PROPOSED
    )
    merged_into_id: Mapped[str | None] = mapped_column(
        ForeignKey("outcome_statement.id", ondelete="SET NULL"), default=None, index=True
    )
    proposed_by: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
