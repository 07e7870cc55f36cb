"""Interview questions: who asks them, in what order, and from which commission."""

from __future__ import annotations

import pytest
from bids_fixtures import panel_member

from cocommission.services import commissions, interview_questions
from cocommission.services.errors import NotFound


def test_interview_questions_keep_owner_and_order(session, setup):
    """Questions show who asks them, move and close up when one is removed."""
    first = interview_questions.add_question(
        session, commission_id=setup.commission_id, text="Why you?", asked_by_id=setup.ash
    )
    second = interview_questions.add_question(
        session,
        commission_id=setup.commission_id,
        text="How will we be involved?",
        criterion_id=setup.quality,
    )
    third = interview_questions.add_question(session, commission_id=setup.commission_id, text="What does it cost?")
    assert first.asked_by_pseudonym == "Ash" and second.criterion_id == setup.quality
    moved = interview_questions.move_question(session, question_id=third.id, position=1)
    assert [q.text for q in moved] == ["What does it cost?", "Why you?", "How will we be involved?"]
    left = interview_questions.remove_question(session, question_id=first.id)
    assert [(q.position, q.text) for q in left] == [
        (1, "What does it cost?"),
        (2, "How will we be involved?"),
    ]
    changed = interview_questions.update_question(session, question_id=second.id, asked_by_id=setup.bo, criterion_id=None)
    assert (changed.asked_by_pseudonym, changed.criterion_id) == ("Bo", None)


def test_question_asker_from_another_commission_is_refused(session, setup):
    """A question cannot be owned by someone from another commission."""
    other = commissions.create_commission(session, title="Other fund")
    stranger = panel_member(session, other.id, "Stranger")
    with pytest.raises(NotFound, match="no participant"):
        interview_questions.add_question(session, commission_id=setup.commission_id, text="Why?", asked_by_id=stranger)
    assert interview_questions.list_questions(session, commission_id=setup.commission_id) == ()
