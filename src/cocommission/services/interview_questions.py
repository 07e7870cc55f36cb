"""Interview questions: what the panel asks each bidder, in order, who asks it and the criterion it explores."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import Commission, EvaluationCriterion, InterviewQuestion, Participant
from cocommission.services.audit import record
from cocommission.services.lookup import fetch, unused_id
from cocommission.services.ordering import move_to, put_in_place, remove_from
from cocommission.services.text import required_text


class Unchanged(enum.Enum):
    """Marks an optional argument the caller left alone, where None itself means "clear it"."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED


@dataclass(frozen=True)
class QuestionRow:
    """An interview question, who asks it and the criterion it explores."""

    id: str
    position: int
    text: str
    asked_by_id: str | None
    asked_by_pseudonym: str | None
    criterion_id: str | None


# --------------------------------------------------------------------------- interview questions


def _questions(session: Session, commission_id: str) -> list[InterviewQuestion]:
    return list(
        session.scalars(
            select(InterviewQuestion)
            .where(InterviewQuestion.commission_id == commission_id)
            .order_by(InterviewQuestion.position)
        )
    )


def _question_row(session: Session, question: InterviewQuestion) -> QuestionRow:
    asker = session.get(Participant, question.asked_by_id) if question.asked_by_id else None
    return QuestionRow(
        question.id,
        question.position,
        question.text,
        question.asked_by_id,
        asker.pseudonym if asker else None,
        question.criterion_id,
    )


def _check_asker(session: Session, commission_id: str, asked_by_id: str | None) -> str | None:
    if asked_by_id is not None:
        fetch(session, Participant, asked_by_id, what="participant", commission_id=commission_id)
    return asked_by_id


def _check_question_criterion(session: Session, commission_id: str, criterion_id: str | None) -> str | None:
    if criterion_id is not None:
        fetch(
            session,
            EvaluationCriterion,
            criterion_id,
            what="evaluation criterion",
            commission_id=commission_id,
        )
    return criterion_id


def add_question(
    session: Session,
    *,
    commission_id: str,
    text: str,
    asked_by_id: str | None = None,
    criterion_id: str | None = None,
    question_id: str | None = None,
    position: int | None = None,
) -> QuestionRow:
    """Add an interview question at the end, owned by the participant who will ask it.

    Undo puts a removed question back with its ``question_id`` and ``position``.
    """
    fetch(session, Commission, commission_id, what="commission")
    questions = _questions(session, commission_id)
    question = InterviewQuestion(
        id=unused_id(session, InterviewQuestion, question_id, what="question"),
        commission_id=commission_id,
        position=len(questions) + 1,
        text=required_text(text, "Write the question before adding it."),
        asked_by_id=_check_asker(session, commission_id, asked_by_id),
        criterion_id=_check_question_criterion(session, commission_id, criterion_id),
    )
    session.add(question)
    put_in_place(questions, question, position)
    record(
        session,
        commission_id=commission_id,
        action="interview_question.added",
        summary="Interview question added",
        details={"question_id": question.id, "asked_by_id": asked_by_id, "criterion_id": criterion_id},
        changed=("interview_question", question.id),
    )
    return _question_row(session, question)


def update_question(
    session: Session,
    *,
    question_id: str,
    text: str | None = None,
    asked_by_id: str | Unchanged | None = UNCHANGED,
    criterion_id: str | Unchanged | None = UNCHANGED,
) -> QuestionRow:
    """Change a question's words, who asks it or its criterion; None clears the asker or criterion."""
    question = fetch(session, InterviewQuestion, question_id, what="interview question")
    if text is not None:
        question.text = required_text(text, "An interview question cannot be empty.")
    if asked_by_id is not UNCHANGED:
        question.asked_by_id = _check_asker(session, question.commission_id, asked_by_id)
    if criterion_id is not UNCHANGED:
        question.criterion_id = _check_question_criterion(session, question.commission_id, criterion_id)
    record(
        session,
        commission_id=question.commission_id,
        action="interview_question.updated",
        summary="Interview question changed",
        details={
            "question_id": question.id,
            "asked_by_id": question.asked_by_id,
            "criterion_id": question.criterion_id,
        },
        changed=("interview_question", question.id),
    )
    return _question_row(session, question)


def move_question(session: Session, *, question_id: str, position: int) -> tuple[QuestionRow, ...]:
    """Move a question to ``position`` (1 is asked first); the others close up around it."""
    question = fetch(session, InterviewQuestion, question_id, what="interview question")
    move_to(_questions(session, question.commission_id), question, position)
    record(
        session,
        commission_id=question.commission_id,
        action="interview_question.moved",
        summary=f"Interview question moved to position {position}",
        details={"question_id": question.id, "position": position},
        changed=("interview_question", question.id),
    )
    return list_questions(session, commission_id=question.commission_id)


def remove_question(session: Session, *, question_id: str) -> tuple[QuestionRow, ...]:
    """Remove an interview question; the rest close up. Returns the questions left."""
    question = fetch(session, InterviewQuestion, question_id, what="interview question")
    commission_id = question.commission_id
    remove_from(session, _questions(session, commission_id), question)
    record(
        session,
        commission_id=commission_id,
        action="interview_question.removed",
        summary="Interview question removed",
        details={"question_id": question_id},
        changed=("interview_question", question_id),
    )
    return list_questions(session, commission_id=commission_id)


def list_questions(session: Session, *, commission_id: str) -> tuple[QuestionRow, ...]:
    """The interview questions in the order they will be asked."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_question_row(session, question) for question in _questions(session, commission_id))
