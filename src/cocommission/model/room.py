"""Phones in the room: the printed join cards, and the phones that joined with them.

A join card and a phone are keys to someone's vote, so neither is stored as it is: a card keeps
only the digests of its token (the QR code) and of its short code (typed by hand), and a phone
only the digest of the secret in its cookie. Whoever reads the database, or a backup of it,
cannot join as anyone or vote from anyone's phone. None of this is part of the interchange
file: it belongs to one laptop's room.
"""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission, people  # noqa: F401
from cocommission.model.base import Base, id_column, utcnow


class JoinCard(Base):
    """A participant's printed card to join the room with, usable once.

    Printing cards again replaces a participant's earlier card, so one card each is ever valid.
    """

    __tablename__ = "join_card"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True, unique=True
    )
    #: sha256 of the token the card's QR code carries.
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: sha256 of the short code printed to type, tied to the commission.
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: When a phone joined with the card; a used card joins no one again.
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class RoomPhone(Base):
    """A phone bound to one participant for the workshop, known by the secret in its cookie.

    A second phone for the same person revokes the first; the facilitator can revoke one too.
    """

    __tablename__ = "room_phone"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    #: sha256 of the secret the phone holds in its cookie.
    secret_digest: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
