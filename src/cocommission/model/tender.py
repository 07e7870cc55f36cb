"""The tender: the document bidders answer, drafted with the group and saved in versions."""

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission  # noqa: F401
from cocommission.model.base import Base, enum_column, id_column, utcnow


class TenderStatus(enum.StrEnum):
    """Whether the tender is still being written or has been agreed."""

    DRAFT = "draft"
    AGREED = "agreed"


class Tender(Base):
    """A commission's tender; one per commission."""

    __tablename__ = "tender"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(
        ForeignKey("commission.id", ondelete="CASCADE"), unique=True
    )
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[TenderStatus] = mapped_column(
        enum_column(TenderStatus, "tender_status"), default=TenderStatus.DRAFT
    )
    scoring_scale_max: Mapped[int] = mapped_column(Integer, default=5)
    duration_months: Mapped[int] = mapped_column(Integer, default=12)
    agreed_at: Mapped[datetime | None] = mapped_column(default=None)
    #: The last day bids are accepted; the tender cannot be agreed without it.
    closing_date: Mapped[date | None] = mapped_column(default=None)


class TenderSection(Base):
    """One section of the tender, e.g. "Background" or "How to bid"."""

    __tablename__ = "tender_section"
    __table_args__ = (UniqueConstraint("tender_id", "key"),)

    id: Mapped[str] = id_column()
    tender_id: Mapped[str] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(40))
    position: Mapped[int] = mapped_column(Integer)
    heading: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")


class TenderVersion(Base):
    """A named snapshot of every section, so drafts can be compared and restored."""

    __tablename__ = "tender_version"
    __table_args__ = (UniqueConstraint("tender_id", "number"),)

    id: Mapped[str] = id_column()
    tender_id: Mapped[str] = mapped_column(ForeignKey("tender.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    sections_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvaluationCriterion(Base):
    """What bids are scored against, and its weight in percent of the total."""

    __tablename__ = "evaluation_criterion"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    weight: Mapped[int] = mapped_column(Integer)
