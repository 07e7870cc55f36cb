"""Feedback sheets answered on a phone: the sheet's QR code opens its questions while room voting is on.

The phone's answers are recorded by ``feedback.record_responses``, exactly as answers keyed in
from paper are: a sheet answered again (on paper, on the phone, or both) keeps only the latest
answers, and every answer is checked before anything is stored. The room server calls these
functions, each in its own unit of work, and tells the phone "thank you" only once committed.

A named sheet is the person's own: nothing here returns whose it is, and earlier answers are
never read back to a phone (whoever holds the paper could otherwise read them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cocommission.model import QuestionKind
from cocommission.services import feedback
from cocommission.services.errors import InvalidInput, NotFound
from cocommission.services.feedback import FACE_WORDS, FACES, NO, YES, FeedbackQuestionRow

#: The longest answer in words a phone may send for one question (a sheet has four ruled lines).
MAX_WORDS_ANSWER = 2000


@dataclass(frozen=True)
class PhoneSheet:
    """What a phone shows of a feedback sheet: its printed code and the questions, never whose it is."""

    code: str
    printed_code: str
    questions: tuple[FeedbackQuestionRow, ...]
    #: Whether answers from this sheet are in already (keyed in, or sent from a phone): sending replaces them.
    answered: bool


@dataclass(frozen=True)
class PhoneAnswers:
    """Answers sent from a phone, recorded: how many questions were answered, and whether earlier answers went."""

    #: The sheet's code, checked and normalised.
    code: str
    answered: int
    replaced: bool


def _sheet(session: Session, code: str, commission_id: str) -> feedback.SheetRow:
    try:
        return feedback.find_sheet(session, code=code, commission_id=commission_id)
    except NotFound:
        raise NotFound(
            "This feedback sheet is not part of this room's vote. Check you scanned the right sheet."
        ) from None
    except InvalidInput:
        raise InvalidInput(
            "That feedback sheet's code is not right. Scan the QR code on the sheet again."
        ) from None


def phone_sheet(session: Session, *, code: str, commission_id: str) -> PhoneSheet:
    """The sheet with this code, if it is one of the commission's: its questions, in printed order."""
    sheet = _sheet(session, code, commission_id)
    questions = feedback.list_questions(session, commission_id=commission_id)
    if not questions:
        raise NotFound("This feedback sheet has no questions yet. Ask the facilitator.")
    return PhoneSheet(sheet.code, sheet.printed_code, questions, sheet.answered)


def answer_from_phone(
    session: Session, *, code: str, commission_id: str, answers: Mapping[str, str]
) -> PhoneAnswers:
    """Record the answers a phone sent for a sheet, as keyed-in paper answers are recorded.

    ``answers`` maps question id to what the form sent: a face ``1``–``5``, ``yes``/``no``, or
    words; a question left out or blank is not answered. A question of another commission, an
    answer out of range, or no answer at all is refused, and nothing is recorded.
    """
    sheet = _sheet(session, code, commission_id)
    questions = {row.id: row for row in feedback.list_questions(session, commission_id=commission_id)}
    unknown = [question_id for question_id in answers if question_id not in questions]
    if unknown:
        raise InvalidInput("These questions are not on this sheet any more. Open the sheet again and answer.")
    parsed: dict[str, int | str] = {}
    for question_id, sent in answers.items():
        value = _parsed(questions[question_id], sent)
        if value is not None:
            parsed[question_id] = value
    if not parsed:
        raise InvalidInput("Answer at least one question, then send.")
    recorded = feedback.record_responses(session, sheet_id=sheet.id, answers=parsed)
    assert recorded.answered
    return PhoneAnswers(code=sheet.code, answered=len(parsed), replaced=sheet.answered)


def _parsed(question: FeedbackQuestionRow, sent: str) -> int | str | None:
    """What a form field holds, as ``record_responses`` takes it; None when left blank."""
    text = sent.strip()
    if not text:
        return None
    where = f"Question {question.position}"
    kind = QuestionKind(question.kind)
    if kind is QuestionKind.TEXT:
        if len(text) > MAX_WORDS_ANSWER:
            raise InvalidInput(f"{where}: that is too long. Keep it under {MAX_WORDS_ANSWER} characters.")
        return text
    if kind is QuestionKind.YES_NO:
        choice = {"yes": YES, "no": NO}.get(text.casefold())
        if choice is None:
            raise InvalidInput(f"{where} is answered yes or no. Choose one.")
        return choice
    if text.isdecimal() and len(text) == 1 and int(text) in FACES:  # not "²", which int() cannot read
        return int(text)
    raise InvalidInput(f"{where} is answered by choosing one of: {', '.join(FACE_WORDS)}.")
