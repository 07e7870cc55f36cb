"""The feedback & payments page's reading and its sheet counts, from the services without Qt."""

from __future__ import annotations

from datetime import datetime

import pytest

from cocommission.services import feedback, participants, payments, workshops
from cocommission.services.demo import find_or_create_example
from cocommission.services.feedback import SheetRow
from cocommission.services.feedback_views import SheetCounts, count_sheets, read_feedback_stage


@pytest.fixture
def example(session) -> str:
    """The worked example commission's id."""
    return find_or_create_example(session)


def test_a_sheet_counts_as_returned_once_it_is_back_answered_or_not():
    """Issued counts every sheet; returned counts those with a return time, keyed in yet or not."""
    back = datetime(2026, 3, 1, 12, 0)
    sheets = [
        SheetRow("1", "AAAA", None, None),
        SheetRow("2", "BBBB", None, None, returned_at=back),
        SheetRow("3", "CCCC", None, None, returned_at=back, answered=True),
    ]
    assert count_sheets(sheets) == SheetCounts(issued=3, returned=2)
    assert count_sheets(iter(sheets)) == SheetCounts(issued=3, returned=2)
    assert count_sheets([]) == SheetCounts(issued=0, returned=0)


def test_the_feedback_stage_reads_payments_and_feedback_together(session, example):
    """Every part of the stage is what its service says, and the sheet counts agree with the summary."""
    stage = read_feedback_stage(session, commission_id=example)
    assert stage.commission.id == example
    assert stage.participants == participants.list_participants(session, commission_id=example)
    assert stage.workshops == workshops.list_workshops(session, commission_id=example)
    assert stage.payments == payments.list_payments(session, commission_id=example)
    assert stage.totals == payments.payment_totals(session, commission_id=example)
    assert stage.questions == feedback.list_questions(session, commission_id=example)
    assert stage.sheets == feedback.list_sheets(session, commission_id=example)
    assert stage.summary_workshop_id is None
    whole = feedback.feedback_summary(session, commission_id=example)
    assert stage.summary == whole
    assert stage.sheet_counts == SheetCounts(issued=whole.sheets_issued, returned=whole.sheets_returned)
    assert 0 < stage.sheet_counts.returned < stage.sheet_counts.issued


def test_the_summary_covers_the_chosen_workshop_and_every_sheet_once_that_workshop_is_gone(session, example):
    """A workshop chosen for the summary is kept while it exists; an unknown one falls back to every sheet."""
    workshop = workshops.list_workshops(session, commission_id=example)[3]
    chosen = read_feedback_stage(session, commission_id=example, summary_workshop_id=workshop.id)
    assert chosen.summary_workshop_id == workshop.id
    assert chosen.summary == feedback.feedback_summary(
        session, commission_id=example, workshop_id=workshop.id
    )
    # The sheet list and its counts are always the whole commission's.
    assert chosen.sheet_counts == count_sheets(feedback.list_sheets(session, commission_id=example))

    gone = read_feedback_stage(session, commission_id=example, summary_workshop_id="no-such-workshop")
    assert gone.summary_workshop_id is None
    assert gone.summary == feedback.feedback_summary(session, commission_id=example)
