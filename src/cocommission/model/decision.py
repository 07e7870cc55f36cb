"""The group's decision, recorded beside the professional's recommendation."""

from datetime import date

from sqlalchemy import BigInteger, Date, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import bids, commission  # noqa: F401
from cocommission.model.base import Base, id_column


class Decision(Base):
    """Which bid(s) the group chose to fund, why, and who disagreed."""

    __tablename__ = "decision"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), unique=True)
    professional_recommendation_id: Mapped[str | None] = mapped_column(
        ForeignKey("bid.id", ondelete="SET NULL"), default=None
    )
    professional_reasons: Mapped[str] = mapped_column(Text, default="")
    group_reasons: Mapped[str] = mapped_column(Text, default="")
    dissent: Mapped[str] = mapped_column(Text, default="")
    how_decided: Mapped[str] = mapped_column(Text, default="")
    decided_on: Mapped[date | None] = mapped_column(Date, default=None)


class FundedBid(Base):
    """A bid the group chose to fund, and how much it receives."""

    __tablename__ = "funded_bid"
    __table_args__ = (UniqueConstraint("decision_id", "bid_id"),)

    id: Mapped[str] = id_column()
    decision_id: Mapped[str] = mapped_column(ForeignKey("decision.id", ondelete="CASCADE"), index=True)
    bid_id: Mapped[str] = mapped_column(ForeignKey("bid.id", ondelete="CASCADE"), index=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
