"""Paper feedback sheets: the questions, each printed sheet, and the answers keyed back in."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

# The tables this module's foreign keys name are mapped whenever its own are (see cocommission.model).
from cocommission.model import commission, people  # noqa: F401
from cocommission.model.base import Base, enum_column, id_column


class QuestionKind(enum.StrEnum):
    """How a feedback question is answered on paper."""

    FACES = "faces"
    YES_NO = "yes_no"
    TEXT = "text"


class FeedbackQuestion(Base):
    """A question printed on every feedback sheet of a commission."""

    __tablename__ = "feedback_question"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    kind: Mapped[QuestionKind] = mapped_column(enum_column(QuestionKind, "question_kind"))


class FeedbackSheet(Base):
    """One printed sheet, named by a short code with a check character for its QR code."""

    __tablename__ = "feedback_sheet"

    id: Mapped[str] = id_column()
    commission_id: Mapped[str] = mapped_column(ForeignKey("commission.id", ondelete="CASCADE"), index=True)
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshop.id", ondelete="SET NULL"), default=None)
    participant_id: Mapped[str | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), default=None
    )
    code: Mapped[str] = mapped_column(String(16), unique=True)
    returned_at: Mapped[datetime | None] = mapped_column(default=None)


class FeedbackResponse(Base):
    """One answer on a returned sheet: a number (faces 1–5, yes 1 / no 0) or words."""

    __tablename__ = "feedback_response"
    __table_args__ = (UniqueConstraint("sheet_id", "question_id"),)

    id: Mapped[str] = id_column()
    sheet_id: Mapped[str] = mapped_column(ForeignKey("feedback_sheet.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("feedback_question.id", ondelete="CASCADE"), index=True)
    answer_number: Mapped[int | None] = mapped_column(Integer, default=None)
    answer_text: Mapped[str] = mapped_column(Text, default="")
