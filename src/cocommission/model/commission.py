"""A commission: one pot of public money, its currencies and where it is in the cycle."""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from cocommission.model.base import Base, enum_column, id_column, utcnow


class Stage(enum.StrEnum):
    """The stages of a commission, in the order a group works through them."""

    PEOPLE = "people"
    OUTCOMES = "outcomes"
    PRIORITIES = "priorities"
    TENDER = "tender"
    BIDS = "bids"
    DECISION = "decision"
    FEEDBACK = "feedback"
    CLOSED = "closed"


class HonorariumBasis(enum.StrEnum):
    """What a participant's honorarium rate is paid per."""

    HOUR = "hour"
    SESSION = "session"


class Commission(Base):
    """A council's budget for one service, decided with the people it serves."""

    __tablename__ = "commission"

    id: Mapped[str] = id_column()
    title: Mapped[str] = mapped_column(String(200))
    service_area: Mapped[str] = mapped_column(String(200), default="")
    commissioning_body: Mapped[str] = mapped_column(String(200), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    budget_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_currency_code: Mapped[str] = mapped_column(String(8), default="GBP")
    honorarium_rate_minor: Mapped[int] = mapped_column(BigInteger, default=0)
    honorarium_currency_code: Mapped[str] = mapped_column(String(8), default="GBP")
    honorarium_basis: Mapped[HonorariumBasis] = mapped_column(
        enum_column(HonorariumBasis, "honorarium_basis"), default=HonorariumBasis.HOUR
    )
    stage: Mapped[Stage] = mapped_column(enum_column(Stage, "stage"), default=Stage.PEOPLE)
    retention_until: Mapped[date | None] = mapped_column(Date, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    currencies: Mapped[list["Currency"]] = relationship(
        back_populates="commission", cascade="all, delete-orphan", order_by="Currency.code"
    )


class Currency(Base):
    """A currency a commission pays or budgets in; local currencies are first-class.

    Amounts are stored as integers of minor units; ``decimals`` says how many
    minor units make one major unit (2 for pounds and pence, 0 for whole tokens).
    """

    __tablename__ = "currency"
    __table_args__ = (UniqueConstraint("commission_id", "code"),)

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(8))
    symbol: Mapped[str] = mapped_column(String(8))
    name: Mapped[str] = mapped_column(String(80))
    decimals: Mapped[int] = mapped_column(Integer, default=2)
    is_local: Mapped[bool] = mapped_column(Boolean, default=False)

    commission: Mapped[Commission] = relationship(back_populates="currencies")
