"""Feedback sheets: their codes, questions, answers keyed back in, and the summary."""

from __future__ import annotations

import json
from datetime import date
from random import Random

import pytest
from sqlalchemy import select

from cocommission.model import AuditEntry, FeedbackResponse, Participant, QuestionKind, Workshop
from cocommission.services import commissions, feedback
from cocommission.services.audit import list_audit
from cocommission.services.changes import collect_changes
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken

ALPHABET = feedback.CODE_ALPHABET
SAMPLE_CODES = [feedback.make_sheet_code(Random(seed)) for seed in range(25)]


# --------------------------------------------------------------------------- sheet codes


def test_codes_use_only_unambiguous_characters():
    """Codes are 7 characters and never contain 0, O, 1, I or L."""
    assert len(ALPHABET) == 31
    for code in SAMPLE_CODES:
        assert len(code) == 7
        assert not set(code) & set("0O1IL")
        assert feedback.check_sheet_code(code) == code


def test_typed_code_is_normalised():
    """A code typed in lower case with spaces and dashes, as printed, is accepted."""
    code = SAMPLE_CODES[0]
    printed = feedback.format_sheet_code(code)
    assert printed == f"{code[:4]}-{code[4:]}"
    assert feedback.check_sheet_code(f"  {printed.lower()} ") == code
    assert feedback.check_sheet_code(" ".join(code)) == code


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_single_character_mistake_is_caught(code):
    """Replacing any one character of a code with any other character of the alphabet is refused."""
    for position in range(len(code)):
        for character in ALPHABET:
            if character == code[position]:
                continue
            typo = code[:position] + character + code[position + 1 :]
            with pytest.raises(
                InvalidInput, match="is not a sheet code; check the characters under the QR code"
            ):
                feedback.check_sheet_code(typo)


@pytest.mark.parametrize("code", SAMPLE_CODES)
def test_every_adjacent_swap_is_caught(code):
    """Swapping any two neighbouring, different characters of a code is refused."""
    swaps = 0
    for position in range(len(code) - 1):
        if code[position] == code[position + 1]:
            continue
        swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
        with pytest.raises(InvalidInput):
            feedback.check_sheet_code(swapped)
        swaps += 1
    assert swaps > 0


@pytest.mark.parametrize("text", ["", "ABC", "ABCDEFGH", "O0O0O0O", "ABCD-EF!"])
def test_malformed_code_is_refused(text):
    """Too short, too long or foreign characters are refused with the same helpful message."""
    with pytest.raises(InvalidInput, match="not a sheet code"):
        feedback.check_sheet_code(text)


# --------------------------------------------------------------------------- questions


@pytest.fixture
def commission_id(session) -> str:
    return commissions.create_commission(session, title="Youth justice fund").id


def _questions(session, commission_id: str) -> tuple[str, str, str]:
    faces = feedback.add_question(
        session, commission_id=commission_id, text="How did today feel?", kind=QuestionKind.FACES
    )
    yes_no = feedback.add_question(
        session, commission_id=commission_id, text="Were you listened to?", kind="yes_no"
    )
    words = feedback.add_question(
        session, commission_id=commission_id, text="What should change?", kind="text"
    )
    return faces.id, yes_no.id, words.id


def test_questions_move_and_unknown_kind_is_refused(session, commission_id):
    """Questions keep their printed order when moved; an unknown kind is refused."""
    faces, yes_no, words = _questions(session, commission_id)
    moved = feedback.move_question(session, question_id=words, position=1)
    assert [q.id for q in moved] == [words, faces, yes_no]
    assert [q.position for q in moved] == [1, 2, 3]
    with pytest.raises(InvalidInput, match="not a kind of question"):
        feedback.add_question(session, commission_id=commission_id, text="Stars?", kind="stars")


def test_answered_question_cannot_be_removed_or_change_kind(session, commission_id):
    """Once a sheet has answered a question it stays, with its kind; an unanswered one can go."""
    faces, yes_no, words = _questions(session, commission_id)
    (sheet,) = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=1)
    feedback.record_responses(session, sheet_id=sheet.id, answers={faces: 4})
    with pytest.raises(RuleBroken, match="cannot be removed"):
        feedback.remove_question(session, question_id=faces)
    with pytest.raises(RuleBroken, match="kind cannot change"):
        feedback.update_question(session, question_id=faces, kind=QuestionKind.TEXT)
    left = feedback.remove_question(session, question_id=yes_no)
    assert [(q.position, q.id) for q in left] == [(1, faces), (2, words)]


# --------------------------------------------------------------------------- sheets


def test_sheets_are_issued_to_people_and_anonymously(session, commission_id):
    """Named and anonymous sheets get distinct valid codes, and a code finds its sheet."""
    _questions(session, commission_id)
    workshop = Workshop(commission_id=commission_id, number=1, title="Closing session")
    people = [Participant(commission_id=commission_id, pseudonym=name) for name in ("Ash", "Bo")]
    session.add_all([workshop, *people])
    session.flush()
    sheets = feedback.issue_sheets(
        session,
        commission_id=commission_id,
        workshop_id=workshop.id,
        participant_ids=[p.id for p in people],
        anonymous_count=3,
    )
    assert [s.participant_id for s in sheets] == [people[0].id, people[1].id, None, None, None]
    assert len({s.code for s in sheets}) == 5
    assert all(feedback.check_sheet_code(s.code) == s.code for s in sheets)
    found = feedback.find_sheet(session, code=sheets[2].printed_code.lower())
    assert found == sheets[2] and found.workshop_id == workshop.id


def test_code_collision_is_retried(session, commission_id):
    """When the random source repeats a code, the next sheet gets a different one."""
    _questions(session, commission_id)
    (first,) = feedback.issue_sheets(
        session, commission_id=commission_id, anonymous_count=1, random=Random(7)
    )
    # The same seed would produce the same code first; the service must move on to a fresh one.
    (second,) = feedback.issue_sheets(
        session, commission_id=commission_id, anonymous_count=1, random=Random(7)
    )
    assert first.code != second.code
    batch = feedback.issue_sheets(
        session, commission_id=commission_id, anonymous_count=2, random=_Repeating()
    )
    assert len({s.code for s in batch}) == 2


class _Repeating(Random):
    """A random source that gives the same code twice before moving on."""

    def __init__(self) -> None:
        super().__init__(0)
        self._calls = 0

    def choice(self, seq):
        self._calls += 1
        # The first two codes (6 characters each) are identical.
        return seq[0] if self._calls <= 12 else super().choice(seq)


def test_unknown_code_and_empty_issue_are_refused(session, commission_id):
    """A valid but unissued code is not found; issuing no sheets, or without questions, is refused."""
    with pytest.raises(RuleBroken, match="no feedback questions"):
        feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=2)
    _questions(session, commission_id)
    with pytest.raises(InvalidInput, match="how many anonymous sheets"):
        feedback.issue_sheets(session, commission_id=commission_id)
    with pytest.raises(NotFound, match="No feedback sheet has the code"):
        feedback.find_sheet(session, code=SAMPLE_CODES[0])


def test_withdrawn_participant_gets_no_named_sheet(session, commission_id):
    """A named sheet for someone who has withdrawn is refused and no sheets are made."""
    _questions(session, commission_id)
    gone = Participant(commission_id=commission_id, pseudonym="Eve", withdrawn_on=date(2025, 1, 1))
    session.add(gone)
    session.flush()
    with pytest.raises(RuleBroken, match="withdrawn"):
        feedback.issue_sheets(
            session, commission_id=commission_id, participant_ids=[gone.id], anonymous_count=1
        )
    assert feedback.list_sheets(session, commission_id=commission_id) == ()


# --------------------------------------------------------------------------- answers and summary


@pytest.mark.parametrize(
    ("question", "bad_value"),
    [("faces", 6), ("faces", 0), ("faces", "4"), ("yes_no", 2), ("words", 3)],
)
def test_responses_are_all_or_nothing(session, commission_id, question, bad_value):
    """One answer that does not fit its question refuses the whole sheet and keeps the earlier answers."""
    faces, yes_no, words = _questions(session, commission_id)
    ids = {"faces": faces, "yes_no": yes_no, "words": words}
    (sheet,) = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=1)
    feedback.record_responses(session, sheet_id=sheet.id, answers={faces: 3, yes_no: 1, words: "More food"})
    answers = {faces: 5, yes_no: 0, words: "Nothing"}
    answers[ids[question]] = bad_value
    with pytest.raises(InvalidInput, match="Question"):
        feedback.record_responses(session, sheet_id=sheet.id, answers=answers)
    kept = {
        (r.question_id, r.answer_number, r.answer_text) for r in session.scalars(select(FeedbackResponse))
    }
    assert kept == {(faces, 3, ""), (yes_no, 1, ""), (words, None, "More food")}


def test_responses_replace_earlier_answers_and_mark_the_sheet_returned(session, commission_id):
    """Keying a sheet in again replaces its answers; the sheet is marked returned and no answer is audited."""
    faces, yes_no, words = _questions(session, commission_id)
    (sheet,) = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=1)
    assert sheet.returned_at is None
    feedback.record_responses(session, sheet_id=sheet.id, answers={faces: 2, words: "Too long"})
    returned = feedback.record_responses(session, sheet_id=sheet.id, answers={faces: 4, yes_no: True})
    assert returned.returned_at is not None
    stored = {(r.question_id, r.answer_number) for r in session.scalars(select(FeedbackResponse))}
    assert stored == {(faces, 4), (yes_no, 1)}
    assert not any("Too long" in line.summary for line in list_audit(session, commission_id=commission_id))


def test_summary_gives_means_counts_and_unlinked_comments(session, commission_id):
    """The summary gives the faces mean and spread, yes/no counts and comments, for all or one workshop."""
    faces, yes_no, words = _questions(session, commission_id)
    workshop = Workshop(commission_id=commission_id, number=3, title="Closing session")
    session.add(workshop)
    session.flush()
    sheets = feedback.issue_sheets(
        session, commission_id=commission_id, workshop_id=workshop.id, anonymous_count=4
    )
    (elsewhere,) = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=1)
    for sheet, (face, yes, text) in zip(
        sheets[:3], [(5, 1, "Pizza"), (4, 1, ""), (2, 0, "art sessions")], strict=True
    ):
        feedback.record_responses(session, sheet_id=sheet.id, answers={faces: face, yes_no: yes, words: text})
    feedback.record_responses(session, sheet_id=elsewhere.id, answers={faces: 1})

    summary = feedback.feedback_summary(session, commission_id=commission_id, workshop_id=workshop.id)
    assert (summary.sheets_issued, summary.sheets_returned) == (4, 3)
    face_q, yes_q, text_q = summary.questions
    assert (face_q.count, face_q.mean, face_q.face_counts) == (3, pytest.approx(11 / 3), (0, 1, 0, 1, 1))
    assert (yes_q.yes, yes_q.no, yes_q.mean) == (2, 1, None)
    assert (text_q.count, text_q.texts) == (2, ("art sessions", "Pizza"))

    overall = feedback.feedback_summary(session, commission_id=commission_id)
    assert (overall.sheets_issued, overall.sheets_returned) == (5, 4)
    assert overall.questions[0].mean == pytest.approx(12 / 4)


# --------------------------------------------------------------------------- scanned sheets


def test_scanned_sheets_are_marked_returned_once_with_counts_in_the_audit(session, commission_id):
    """Receiving scanned codes marks those sheets returned, once; the audit log gives counts, never codes."""
    _questions(session, commission_id)
    people = [Participant(commission_id=commission_id, pseudonym=name) for name in ("Ash", "Bo")]
    session.add_all(people)
    session.flush()
    first, second, anonymous = feedback.issue_sheets(
        session, commission_id=commission_id, participant_ids=[p.id for p in people], anonymous_count=1
    )
    collect_changes(session)

    received = feedback.receive_sheets(
        session, codes=[first.printed_code.lower(), anonymous.code, first.code], commission_id=commission_id
    )

    assert [sheet.id for sheet in received.sheets] == [first.id, anonymous.id]
    assert all(sheet.returned_at is not None and not sheet.answered for sheet in received.sheets)
    assert (received.newly_returned, received.already_returned) == (2, frozenset())
    assert collect_changes(session).by_kind["feedback_sheet"] == {first.id, anonymous.id}
    returned = {s.id for s in feedback.list_sheets(session, commission_id=commission_id) if s.returned_at}
    assert returned == {first.id, anonymous.id}
    (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.sheets_received"))
    assert entry.summary == "2 scanned feedback sheets marked returned"
    assert json.loads(entry.details_json) == {"scanned": 2, "newly_returned": 2}

    when = feedback.find_sheet(session, code=first.code).returned_at
    again = feedback.receive_sheets(session, codes=[first.code, second.code])
    assert again.already_returned == {first.id} and again.newly_returned == 1
    assert feedback.find_sheet(session, code=first.code).returned_at == when
    audit_before = len(list_audit(session, commission_id=commission_id))
    feedback.receive_sheets(session, codes=[first.code, second.code])
    assert len(list_audit(session, commission_id=commission_id)) == audit_before


def test_an_unknown_scanned_code_refuses_them_all(session, commission_id):
    """One code matching no sheet (or another commission's) refuses the lot, naming each, and records nothing."""
    _questions(session, commission_id)
    (ours,) = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=1)
    other = commissions.create_commission(session, title="Another fund").id
    _questions(session, other)
    (theirs,) = feedback.issue_sheets(session, commission_id=other, anonymous_count=1)
    stranger = next(code for code in SAMPLE_CODES if code not in (ours.code, theirs.code))

    with pytest.raises(NotFound) as refused:
        feedback.receive_sheets(session, codes=[ours.code, stranger, theirs.code], commission_id=commission_id)
    assert feedback.format_sheet_code(stranger) in refused.value.message
    assert theirs.printed_code in refused.value.message
    assert ours.printed_code not in refused.value.message
    assert feedback.find_sheet(session, code=ours.code).returned_at is None
    assert feedback.unknown_sheet_codes(
        session, codes=[ours.code, stranger, theirs.code], commission_id=commission_id
    ) == (stranger, theirs.code)
    assert feedback.unknown_sheet_codes(session, codes=[ours.code, theirs.code]) == ()
    with pytest.raises(InvalidInput, match="not a sheet code"):
        feedback.receive_sheets(session, codes=[ours.code[:-1]])
    with pytest.raises(InvalidInput, match="no sheet codes"):
        feedback.receive_sheets(session, codes=[])


def test_a_sheet_tells_scanned_from_answered(session, commission_id):
    """A scanned sheet is returned but not answered until its answers are keyed in."""
    faces, _, _ = _questions(session, commission_id)
    scanned, blank = feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=2)
    feedback.receive_sheets(session, codes=[scanned.code])
    assert feedback.find_sheet(session, code=scanned.code).answered is False
    assert feedback.record_responses(session, sheet_id=scanned.id, answers={faces: 5}).answered is True
    rows = {row.id: row for row in feedback.list_sheets(session, commission_id=commission_id)}
    assert rows[scanned.id].answered and rows[scanned.id].returned_at is not None
    assert not rows[blank.id].answered and rows[blank.id].returned_at is None
