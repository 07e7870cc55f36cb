"""Participants, the workshops they attend, and what they are paid for their time."""

import enum
from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission  # noqa: F401
from cocommission.model.base import Base, enum_column, id_column, utcnow


class Role(enum.StrEnum):
    """What part a person plays in the commission."""

    YOUNG_PERSON = "young_person"
    SERVICE_USER = "service_user"
    FACILITATOR = "facilitator"
    COMMISSIONER = "commissioner"
    OBSERVER = "observer"


class PaymentMethod(enum.StrEnum):
    """How an honorarium reached the participant."""

    CASH = "cash"
    LOCAL_CURRENCY = "local_currency"
    VOUCHER = "voucher"
    BANK_TRANSFER = "bank_transfer"


class Participant(Base):
    """A person taking part; screens show the pseudonym, never the full name by default."""

    __tablename__ = "participant"
    __table_args__ = (UniqueConstraint("commission_id", "pseudonym"),)

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(80))
    full_name: Mapped[str | None] = mapped_column(String(200), default=None)
    contact: Mapped[str | None] = mapped_column(String(200), default=None)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.YOUNG_PERSON)
    under_18: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date | None] = mapped_column(Date, default=None)
    guardian_consent_on: Mapped[date | None] = mapped_column(Date, default=None)
    language: Mapped[str] = mapped_column(String(40), default="English")
    access_needs: Mapped[str] = mapped_column(Text, default="")
    is_panellist: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_on: Mapped[date | None] = mapped_column(Date, default=None)
    erased_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Workshop(Base):
    """One in-room session of the group."""

    __tablename__ = "workshop"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    venue: Mapped[str] = mapped_column(String(200), default="")
    minutes: Mapped[int] = mapped_column(Integer, default=120)


class AgendaItem(Base):
    """One timed item on a workshop's agenda."""

    __tablename__ = "agenda_item"

    id: Mapped[str] = id_column()
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[int] = mapped_column(Integer, default=10)


class Attendance(Base):
    """That a participant came to a workshop, and for how long (for paying them)."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("workshop_id", "participant_id"),)

    id: Mapped[str] = id_column()
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    minutes: Mapped[int] = mapped_column(Integer, default=0)


class Payment(Base):
    """An honorarium due to, or paid to, a participant; unpaid while ``paid_on`` is empty."""

    __tablename__ = "payment"
    __table_args__ = (UniqueConstraint("commission_id", "receipt_number"),)

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), default=None)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency_code: Mapped[str] = mapped_column(String(8))
    method: Mapped[PaymentMethod] = mapped_column(enum_column(PaymentMethod, "payment_method"))
    receipt_number: Mapped[str] = mapped_column(String(40))
    paid_on: Mapped[date | None] = mapped_column(Date, default=None)
    note: Mapped[str] = mapped_column(Text, default="")


class SpeakingTurn(Base):
    """One person's turn to speak, so the facilitator can see who has not been heard.

    A turn of 0 seconds is a pass: the person was offered the turn in a go-round and chose
    not to speak. It is kept so the record shows they were asked, but it is never speaking time.
    """

    __tablename__ = "speaking_turn"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), default=None)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    seconds: Mapped[int] = mapped_column(Integer, default=0)
