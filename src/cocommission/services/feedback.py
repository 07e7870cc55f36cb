"""Paper feedback at the close: questions, printed sheets with codes, answers keyed in, and the summary.

Sheet codes
-----------
Every printed sheet carries a code, in its QR code and in print under it, so a
sheet scanned or typed back in finds its record. A code is 7 characters: 6 random
characters and a check character, all from the 31-character alphabet
``23456789ABCDEFGHJKMNPQRSTUVWXYZ``, which leaves out 0, O, 1, I and L because
they are easily mistaken for one another.

The check character makes ``7·c1 + 6·c2 + 5·c3 + 4·c4 + 3·c5 + 2·c6 + 1·check``
a multiple of 31, each character counting as its place in the alphabet (the
ISBN-10 method over this alphabet). Because 31 is prime and the weights 1–7 all
differ, every mistyped single character and every swap of two different
characters (adjacent or not) breaks the sum and is caught.

Codes are stored as the 7 characters alone and printed as ``ABCD-EFG`` (4, a
dash, 3) so they are easy to read aloud; typed codes may use either case, and
spaces and dashes anywhere are ignored.

A scanned sheet is marked returned straight away (``receive_sheets``); its answers are
keyed in afterwards, so ``SheetRow.answered`` tells "back, answers still to key in" from
"answers entered".

Answers are anonymous in the summary and the audit log: free text is listed
without the sheet or person it came from, and no answer ever goes into the audit log.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from random import Random, SystemRandom

from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import Session

from cocommission.model import (
    Commission,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSheet,
    Participant,
    QuestionKind,
    Workshop,
    new_id,
    utcnow,
)
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.checks import one_of, whole_number
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.lookup import fetch, unused_id
from cocommission.services.ordering import move_to, put_in_place, remove_from
from cocommission.services.text import required_text

#: Characters a sheet code is made of: no 0/O, 1/I or L, which people mix up.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
#: Random characters before the check character.
CODE_BODY_LENGTH = 6
CODE_LENGTH = CODE_BODY_LENGTH + 1
#: Most sheets one action may issue: more than any room will fill in, few enough to print.
MAX_SHEETS = 500
#: Attempts at an unused code before giving up; with 31**6 codes a clash is already rare.
_CODE_ATTEMPTS = 50

_MODULUS = len(CODE_ALPHABET)
_VALUE = {character: index for index, character in enumerate(CODE_ALPHABET)}
FACES = range(1, 6)
#: The words printed under the five faces, from the unhappy face (1) to the happy one (5).
FACE_WORDS = ("Not at all", "Not really", "In between", "Mostly", "Very much")
#: How a yes/no answer is stored.
YES, NO = 1, 0


def answer_in_words(kind: QuestionKind, number: int | None, text: str) -> str:
    """An answer as the person gave it on paper: the words under the face they ticked, "Yes" or "No",
    or what they wrote; empty when they left the question blank."""
    if kind is QuestionKind.FACES and number is not None and number in FACES:
        return FACE_WORDS[number - FACES[0]]
    if kind is QuestionKind.YES_NO and number in (YES, NO):
        return "Yes" if number == YES else "No"
    return text or ""


# --------------------------------------------------------------------------- sheet codes


def _weighted_sum(body: str) -> int:
    # Weights 7..2 for the body; the check character's weight is 1.
    return sum((CODE_LENGTH - index) * _VALUE[character] for index, character in enumerate(body))


def _check_character(body: str) -> str:
    return CODE_ALPHABET[-_weighted_sum(body) % _MODULUS]


def make_sheet_code(random: Random | None = None) -> str:
    """A new sheet code: 6 random characters and a check character (give ``random`` for repeatable codes)."""
    chooser = random if random is not None else SystemRandom()
    body = "".join(chooser.choice(CODE_ALPHABET) for _ in range(CODE_BODY_LENGTH))
    return body + _check_character(body)


def check_sheet_code(text: str) -> str:
    """The code typed or scanned, normalised to 7 capitals; InvalidInput when it is not a valid sheet code."""
    code = "".join(str(text or "").split()).replace("-", "").upper()
    if (
        len(code) != CODE_LENGTH
        or any(character not in _VALUE for character in code)
        or (_weighted_sum(code[:-1]) + _VALUE[code[-1]]) % _MODULUS != 0
    ):
        raise InvalidInput(f'"{text}" is not a sheet code; check the characters under the QR code.')
    return code


def format_sheet_code(code: str) -> str:
    """A stored code as printed on the sheet: ``ABCD-EFG``."""
    return f"{code[:4]}-{code[4:]}"


# --------------------------------------------------------------------------- plain rows


@dataclass(frozen=True)
class FeedbackQuestionRow:
    """A question printed on every feedback sheet."""

    id: str
    position: int
    text: str
    kind: QuestionKind


@dataclass(frozen=True)
class SheetRow:
    """One printed feedback sheet; ``participant_id`` is None on an anonymous sheet."""

    id: str
    code: str
    workshop_id: str | None
    participant_id: str | None
    returned_at: datetime | None = None
    #: Whether any answer from it has been keyed in; a scanned sheet is returned but not yet answered.
    answered: bool = False

    @property
    def printed_code(self) -> str:
        """The code as printed under the QR code."""
        return format_sheet_code(self.code)


@dataclass(frozen=True)
class QuestionSummary:
    """How one question was answered across the returned sheets.

    ``mean`` and ``face_counts`` (how many chose 1, 2, 3, 4, 5) are for faces
    questions; ``yes``/``no`` for yes/no questions; ``texts`` for text questions.
    """

    question_id: str
    position: int
    text: str
    kind: QuestionKind
    count: int
    mean: float | None
    face_counts: tuple[int, ...]
    yes: int
    no: int
    texts: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackSummary:
    """What the group said on its feedback sheets."""

    sheets_issued: int
    sheets_returned: int
    questions: tuple[QuestionSummary, ...]


def _question_row(question: FeedbackQuestion) -> FeedbackQuestionRow:
    return FeedbackQuestionRow(question.id, question.position, question.text, question.kind)


def _sheet_row(sheet: FeedbackSheet, *, answered: bool) -> SheetRow:
    return SheetRow(
        sheet.id, sheet.code, sheet.workshop_id, sheet.participant_id, sheet.returned_at, answered
    )


def _answered_sheet_ids(session: Session, sheets: Sequence[FeedbackSheet]) -> set[str]:
    """Which of these sheets have at least one answer keyed in, in one query."""
    if not sheets:
        return set()
    ids = [sheet.id for sheet in sheets]
    return set(
        session.scalars(
            select(FeedbackResponse.sheet_id).where(FeedbackResponse.sheet_id.in_(ids)).distinct()
        )
    )


def _sheet_rows(session: Session, sheets: Sequence[FeedbackSheet]) -> tuple[SheetRow, ...]:
    answered = _answered_sheet_ids(session, sheets)
    return tuple(_sheet_row(sheet, answered=sheet.id in answered) for sheet in sheets)


# --------------------------------------------------------------------------- questions


def _questions(session: Session, commission_id: str) -> list[FeedbackQuestion]:
    return list(
        session.scalars(
            select(FeedbackQuestion)
            .where(FeedbackQuestion.commission_id == commission_id)
            .order_by(FeedbackQuestion.position)
        )
    )


def _check_kind(kind: QuestionKind | str) -> QuestionKind:
    return one_of(QuestionKind, kind, "a kind of question")


def _has_answers(session: Session, question_id: str) -> bool:
    return bool(session.scalar(select(exists().where(FeedbackResponse.question_id == question_id))))


def add_question(
    session: Session,
    *,
    commission_id: str,
    text: str,
    kind: QuestionKind | str,
    question_id: str | None = None,
    position: int | None = None,
) -> FeedbackQuestionRow:
    """Add a question at the end of the sheet: faces (1–5), yes/no, or words.

    Undo puts a removed question back with its ``question_id`` and ``position``.
    """
    fetch(session, Commission, commission_id, what="commission")
    questions = _questions(session, commission_id)
    question = FeedbackQuestion(
        id=unused_id(session, FeedbackQuestion, question_id, what="question"),
        commission_id=commission_id,
        position=len(questions) + 1,
        text=required_text(text, "Write the question before adding it."),
        kind=_check_kind(kind),
    )
    session.add(question)
    put_in_place(questions, question, position)
    record(
        session,
        commission_id=commission_id,
        action="feedback_question.added",
        summary="Feedback question added",
        details={"question_id": question.id, "kind": question.kind.value},
        changed=("feedback_question", question.id),
    )
    return _question_row(question)


def update_question(
    session: Session, *, question_id: str, text: str | None = None, kind: QuestionKind | str | None = None
) -> FeedbackQuestionRow:
    """Change a question's words or kind; the kind is fixed once answers have come back."""
    question = fetch(session, FeedbackQuestion, question_id, what="feedback question")
    if text is not None:
        question.text = required_text(text, "A feedback question cannot be empty.")
    if kind is not None:
        new_kind = _check_kind(kind)
        if new_kind is not question.kind and _has_answers(session, question.id):
            raise RuleBroken("Sheets have already answered this question, so its kind cannot change.")
        question.kind = new_kind
    record(
        session,
        commission_id=question.commission_id,
        action="feedback_question.updated",
        summary="Feedback question changed",
        details={"question_id": question.id, "kind": question.kind.value},
        changed=("feedback_question", question.id),
    )
    return _question_row(question)


def move_question(session: Session, *, question_id: str, position: int) -> tuple[FeedbackQuestionRow, ...]:
    """Move a question to ``position`` (1 is at the top of the sheet); the others close up around it."""
    question = fetch(session, FeedbackQuestion, question_id, what="feedback question")
    move_to(_questions(session, question.commission_id), question, position)
    record(
        session,
        commission_id=question.commission_id,
        action="feedback_question.moved",
        summary=f"Feedback question moved to position {position}",
        details={"question_id": question.id, "position": position},
        changed=("feedback_question", question.id),
    )
    return list_questions(session, commission_id=question.commission_id)


def remove_question(session: Session, *, question_id: str) -> tuple[FeedbackQuestionRow, ...]:
    """Remove a question no sheet has answered yet; the rest close up. Returns the questions left."""
    question = fetch(session, FeedbackQuestion, question_id, what="feedback question")
    if _has_answers(session, question.id):
        raise RuleBroken("Sheets have already answered this question, so it cannot be removed.")
    commission_id = question.commission_id
    remove_from(session, _questions(session, commission_id), question)
    record(
        session,
        commission_id=commission_id,
        action="feedback_question.removed",
        summary="Feedback question removed",
        details={"question_id": question_id},
        changed=("feedback_question", question_id),
    )
    return list_questions(session, commission_id=commission_id)


def list_questions(session: Session, *, commission_id: str) -> tuple[FeedbackQuestionRow, ...]:
    """The feedback questions in the order they are printed."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_question_row(question) for question in _questions(session, commission_id))


# --------------------------------------------------------------------------- sheets


def _check_sheet_people(session: Session, commission_id: str, participant_ids: Sequence[str]) -> list[str]:
    ids = list(participant_ids)
    if len(set(ids)) != len(ids):
        raise InvalidInput("A participant is listed more than once; each person gets one sheet.")
    for participant_id in ids:
        participant = fetch(
            session, Participant, participant_id, what="participant", commission_id=commission_id
        )
        if participant.withdrawn_on is not None or participant.erased_at is not None:
            raise RuleBroken("A participant on the list has withdrawn from the commission; leave them out.")
    return ids


def _check_count(anonymous_count: int, named: int) -> int:
    whole_number(anonymous_count, "The number of anonymous sheets is a whole number, 0 or more.", low=0)
    if named + anonymous_count == 0:
        raise InvalidInput("Choose who the sheets are for, or how many anonymous sheets to print.")
    if named + anonymous_count > MAX_SHEETS:
        raise InvalidInput(f"Issue at most {MAX_SHEETS} sheets at a time.")
    return anonymous_count


def _unused_code(session: Session, taken: set[str], random: Random | None) -> str:
    for _ in range(_CODE_ATTEMPTS):
        code = make_sheet_code(random)
        # Codes are unique across every commission, so a sheet from any laptop finds its own record.
        if code not in taken and not session.scalar(select(exists().where(FeedbackSheet.code == code))):
            taken.add(code)
            return code
    raise RuleBroken("Could not find an unused sheet code; try again.")


def issue_sheets(
    session: Session,
    *,
    commission_id: str,
    workshop_id: str | None = None,
    participant_ids: Sequence[str] | None = None,
    anonymous_count: int = 0,
    random: Random | None = None,
) -> tuple[SheetRow, ...]:
    """Create a sheet per named participant plus ``anonymous_count`` anonymous ones, each with its own code.

    ``random`` makes the codes repeatable (for tests and examples); by default they come
    from the operating system's random source, so codes cannot be guessed.
    """
    fetch(session, Commission, commission_id, what="commission")
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
    named = _check_sheet_people(session, commission_id, participant_ids or ())
    count = _check_count(anonymous_count, len(named))
    if not _questions(session, commission_id):
        raise RuleBroken("There are no feedback questions yet; add at least one before issuing sheets.")
    taken: set[str] = set()
    sheets = []
    for participant_id in [*named, *([None] * count)]:
        sheet = FeedbackSheet(
            id=new_id(),
            commission_id=commission_id,
            workshop_id=workshop_id,
            participant_id=participant_id,
            code=_unused_code(session, taken, random),
        )
        session.add(sheet)
        sheets.append(sheet)
    record(
        session,
        commission_id=commission_id,
        action="feedback.sheets_issued",
        summary=f"{len(sheets)} feedback sheets issued ({len(named)} named, {count} anonymous)",
        details={"workshop_id": workshop_id, "sheet_ids": [sheet.id for sheet in sheets]},
    )
    for sheet in sheets:
        note_change(session, "feedback_sheet", sheet.id, commission_id=commission_id)
    return tuple(_sheet_row(sheet, answered=False) for sheet in sheets)


def find_sheet(session: Session, *, code: str, commission_id: str | None = None) -> SheetRow:
    """The sheet with the code typed or scanned; with ``commission_id``, only its sheets count."""
    checked = check_sheet_code(code)
    sheet = session.scalar(select(FeedbackSheet).where(FeedbackSheet.code == checked))
    if sheet is None or (commission_id is not None and sheet.commission_id != commission_id):
        raise NotFound(
            f"No feedback sheet has the code {format_sheet_code(checked)}; "
            "check it against the sheet, or that the sheet belongs to this commission."
        )
    return _sheet_rows(session, [sheet])[0]


def list_sheets(
    session: Session, *, commission_id: str, workshop_id: str | None = None
) -> tuple[SheetRow, ...]:
    """The commission's issued sheets (or one workshop's), by code."""
    fetch(session, Commission, commission_id, what="commission")
    query = select(FeedbackSheet).where(FeedbackSheet.commission_id == commission_id)
    if workshop_id is not None:
        query = query.where(FeedbackSheet.workshop_id == workshop_id)
    return _sheet_rows(session, list(session.scalars(query.order_by(FeedbackSheet.code))))


# --------------------------------------------------------------------------- scanned sheets


@dataclass(frozen=True)
class SheetsReceived:
    """Sheets marked returned from a scan: each once, in the order first given."""

    sheets: tuple[SheetRow, ...]
    #: Ids of the sheets that had already come back before (scanned or keyed in earlier).
    already_returned: frozenset[str]

    @property
    def newly_returned(self) -> int:
        """How many sheets this scan marked returned for the first time."""
        return len(self.sheets) - len(self.already_returned)


def _checked_codes(codes: Sequence[str]) -> list[str]:
    """The codes checked and normalised, each once, in the order given."""
    return list(dict.fromkeys(check_sheet_code(code) for code in codes))


def _sheets_by_code(
    session: Session, codes: Sequence[str], commission_id: str | None
) -> dict[str, FeedbackSheet]:
    query = select(FeedbackSheet).where(FeedbackSheet.code.in_(codes))
    if commission_id is not None:
        query = query.where(FeedbackSheet.commission_id == commission_id)
    return {sheet.code: sheet for sheet in session.scalars(query)}


def unknown_sheet_codes(
    session: Session, *, codes: Sequence[str], commission_id: str | None = None
) -> tuple[str, ...]:
    """Which of the codes (checked and normalised) match no issued sheet, or none of this commission's."""
    if commission_id is not None:
        fetch(session, Commission, commission_id, what="commission")
    checked = _checked_codes(codes)
    known = _sheets_by_code(session, checked, commission_id)
    return tuple(code for code in checked if code not in known)


def receive_sheets(
    session: Session, *, codes: Sequence[str], commission_id: str | None = None
) -> SheetsReceived:
    """Mark the sheets whose codes were scanned as returned; their answers are keyed in later.

    A sheet already returned keeps its first return time, so scanning a sheet twice changes
    nothing. With ``commission_id``, only that commission's sheets count. One code that
    matches no sheet refuses them all (NotFound lists every such code) and nothing is recorded.
    """
    if commission_id is not None:
        fetch(session, Commission, commission_id, what="commission")
    checked = _checked_codes(codes)
    if not checked:
        raise InvalidInput("There are no sheet codes to record; scan the returned sheets first.")
    found = _sheets_by_code(session, checked, commission_id)
    unknown = [format_sheet_code(code) for code in checked if code not in found]
    if unknown:
        whose = "this commission's" if commission_id is not None else "the"
        raise NotFound(
            f"No feedback sheet has the code{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"check the scans are of {whose} sheets printed from this database. Nothing was recorded."
        )
    sheets = [found[code] for code in checked]
    already = frozenset(sheet.id for sheet in sheets if sheet.returned_at is not None)
    now = utcnow()
    newly: dict[str, int] = {}
    for sheet in sheets:
        if sheet.id in already:
            continue
        sheet.returned_at = now
        newly[sheet.commission_id] = newly.get(sheet.commission_id, 0) + 1
        note_change(session, "feedback_sheet", sheet.id, commission_id=sheet.commission_id)
    scanned: dict[str, int] = {}
    for sheet in sheets:
        scanned[sheet.commission_id] = scanned.get(sheet.commission_id, 0) + 1
    for owner, count in scanned.items():
        marked = newly.get(owner, 0)
        if not marked:
            continue  # Everything was back already: nothing changed, so nothing to log.
        # Counts only: which sheets came back could point at the people they were for.
        record(
            session,
            commission_id=owner,
            action="feedback.sheets_received",
            summary=f"{marked} scanned feedback sheet{'' if marked == 1 else 's'} marked returned",
            details={"scanned": count, "newly_returned": marked},
        )
    return SheetsReceived(sheets=_sheet_rows(session, sheets), already_returned=already)


# --------------------------------------------------------------------------- answers


def _checked_answer(question: FeedbackQuestion, answer: int | str) -> tuple[int | None, str] | None:
    """The answer as (number, text) to store, or None when left blank; InvalidInput when it does not fit."""
    where = f"Question {question.position}"
    if question.kind is QuestionKind.TEXT:
        if not isinstance(answer, str):
            raise InvalidInput(f"{where} is answered in words; {answer!r} is not text.")
        return (None, answer.strip()) if answer.strip() else None
    if question.kind is QuestionKind.YES_NO:
        # True/False are accepted as yes/no; anything else must be exactly 1 or 0.
        if not isinstance(answer, int) or answer not in (0, 1):
            raise InvalidInput(f"{where} is answered yes (1) or no (0); {answer!r} is neither.")
        return int(answer), ""
    message = f"{where} is answered with a face from 1 to 5; {answer!r} is not one of them."
    return whole_number(answer, message, low=FACES[0], high=FACES[-1]), ""


def record_responses(session: Session, *, sheet_id: str, answers: Mapping[str, int | str]) -> SheetRow:
    """Key in a returned sheet's answers, replacing any entered before; every answer is checked first.

    ``answers`` maps question id to a face 1–5, yes 1 / no 0, or words. One answer
    that does not fit its question refuses the whole sheet, so nothing is half-entered.
    """
    sheet = fetch(session, FeedbackSheet, sheet_id, what="feedback sheet")
    checked = {}
    for question_id, answer in answers.items():
        question = fetch(
            session,
            FeedbackQuestion,
            question_id,
            what="feedback question",
            commission_id=sheet.commission_id,
        )
        stored = _checked_answer(question, answer)
        if stored is not None:
            checked[question_id] = stored
    session.execute(delete(FeedbackResponse).where(FeedbackResponse.sheet_id == sheet.id))
    for question_id, (number, text) in checked.items():
        session.add(
            FeedbackResponse(
                id=new_id(),
                sheet_id=sheet.id,
                question_id=question_id,
                answer_number=number,
                answer_text=text,
            )
        )
    sheet.returned_at = utcnow()
    # Only counts: answers on a feedback sheet are anonymous and never go in the audit log.
    record(
        session,
        commission_id=sheet.commission_id,
        action="feedback.responses_recorded",
        summary=f"Feedback sheet answers entered ({len(checked)} answered)",
        details={"sheet_id": sheet.id, "answered": len(checked)},
        changed=("feedback_sheet", sheet.id),
    )
    return _sheet_row(sheet, answered=bool(checked))


# --------------------------------------------------------------------------- summary


def _summarise_question(question: FeedbackQuestion, responses: Sequence[FeedbackResponse]) -> QuestionSummary:
    numbers = [r.answer_number for r in responses if r.answer_number is not None]
    is_faces = question.kind is QuestionKind.FACES
    is_yes_no = question.kind is QuestionKind.YES_NO
    # Sorted so the order of the comments gives away nothing about which sheet, or whose, they came from.
    texts = sorted((r.answer_text for r in responses if r.answer_text), key=str.casefold)
    return QuestionSummary(
        question_id=question.id,
        position=question.position,
        text=question.text,
        kind=question.kind,
        count=len(responses),
        mean=math.fsum(numbers) / len(numbers) if is_faces and numbers else None,
        face_counts=tuple(numbers.count(face) for face in FACES) if is_faces else (),
        yes=numbers.count(1) if is_yes_no else 0,
        no=numbers.count(0) if is_yes_no else 0,
        texts=tuple(texts) if question.kind is QuestionKind.TEXT else (),
    )


def feedback_summary(
    session: Session, *, commission_id: str, workshop_id: str | None = None
) -> FeedbackSummary:
    """How each question was answered across the returned sheets, for the commission or one workshop."""
    fetch(session, Commission, commission_id, what="commission")
    sheets = select(FeedbackSheet.id).where(FeedbackSheet.commission_id == commission_id)
    if workshop_id is not None:
        fetch(session, Workshop, workshop_id, what="workshop", commission_id=commission_id)
        sheets = sheets.where(FeedbackSheet.workshop_id == workshop_id)
    issued = session.scalar(select(func.count()).select_from(sheets.subquery())) or 0
    returned = (
        session.scalar(
            select(func.count()).select_from(sheets.where(FeedbackSheet.returned_at.is_not(None)).subquery())
        )
        or 0
    )
    responses: dict[str, list[FeedbackResponse]] = {}
    for response in session.scalars(select(FeedbackResponse).where(FeedbackResponse.sheet_id.in_(sheets))):
        responses.setdefault(response.question_id, []).append(response)
    questions = tuple(
        _summarise_question(question, responses.get(question.id, ()))
        for question in _questions(session, commission_id)
    )
    return FeedbackSummary(sheets_issued=issued, sheets_returned=returned, questions=questions)
