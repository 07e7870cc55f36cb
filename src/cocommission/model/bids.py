"""Bidders, their bids, the interview panel's questions, conflicts and scores."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission, people, tender  # noqa: F401
from cocommission.model.base import Base, id_column, utcnow


class Bidder(Base):
    """An organisation or group that bids to run the service."""

    __tablename__ = "bidder"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_type: Mapped[str] = mapped_column(String(80), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")


class Bid(Base):
    """A proposal to deliver the service for an amount of money."""

    __tablename__ = "bid"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    bidder_id: Mapped[str] = mapped_column(ForeignKey("bidder.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    amount_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    currency_code: Mapped[str] = mapped_column(String(8), default="GBP")
    received_on: Mapped[date | None] = mapped_column(Date, default=None)
    shortlisted: Mapped[bool] = mapped_column(Boolean, default=False)
    interviewed_on: Mapped[date | None] = mapped_column(Date, default=None)


class InterviewQuestion(Base):
    """A question for bidders at interview, owned by the participant who asks it."""

    __tablename__ = "interview_question"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    asked_by_id: Mapped[str | None] = mapped_column(ForeignKey("participant.id", ondelete="SET NULL"), default=None)
    criterion_id: Mapped[str | None] = mapped_column(
        ForeignKey("evaluation_criterion.id", ondelete="SET NULL"), default=None
    )


class ConflictDeclaration(Base):
    """A panellist's declared interest in a bid; they may not score that bid."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (UniqueConstraint("bid_id", "panellist_id"),)

    id: Mapped[str] = id_column()
    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    panellist_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    nature: Mapped[str] = mapped_column(Text)
    declared_at: Mapped[datetime] = mapped_column(default=utcnow)


class Score(Base):
    """One panellist's score for one bid against one criterion; kept after moderation."""

    __tablename__ = "score"
    __table_args__ = (UniqueConstraint("bid_id", "criterion_id", "panellist_id"),)

    id: Mapped[str] = id_column()
    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("evaluation_criterion.id", ondelete="CASCADE"), index=True)
    panellist_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    scored_at: Mapped[datetime] = mapped_column(default=utcnow)


class ModeratedScore(Base):
    """The panel's agreed score for a bid on a criterion, with the reason it was agreed.

    Individual scores are never overwritten: they stay beside the consensus, and
    the panel's mean before moderation is kept in ``mean_before``.
    """

    __tablename__ = "moderated_score"
    __table_args__ = (UniqueConstraint("bid_id", "criterion_id"),)

    id: Mapped[str] = id_column()
    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[str] = mapped_column(ForeignKey("evaluation_criterion.id", ondelete="CASCADE"), index=True)
    value: Mapped[int] = mapped_column(Integer)
    mean_before: Mapped[float | None] = mapped_column(Float, default=None)
    reason: Mapped[str] = mapped_column(Text)
    moderated_at: Mapped[datetime] = mapped_column(default=utcnow)
