"""The Outcomes page's list and its counts, from the services without Qt."""

from __future__ import annotations

import pytest

from cocommission.model import OutcomeStatus
from cocommission.services import commissions, outcomes
from cocommission.services.demo import find_or_create_example
from cocommission.services.outcome_views import (
    StatementCounts,
    StatementOrigin,
    count_statements,
    read_statements,
)


@pytest.fixture
def example(session) -> str:
    """The worked example commission's id."""
    return find_or_create_example(session)


def _add(session, commission_id: str, *texts: str) -> list[str]:
    return [outcomes.add_outcome(session, commission_id=commission_id, text=text).id for text in texts]


def test_counts_leave_merged_and_dropped_statements_out_of_play_but_keep_them(session):
    """Merged and dropped statements are counted apart; only proposed and agreed ones are in play."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    assert read_statements(session, commission_id=commission_id).counts == StatementCounts(0, 0, 0, 0, 0)

    safe, jobs, music, sport = _add(
        session, commission_id, "Feel safe", "Find work", "Make music", "Play sport"
    )
    outcomes.set_outcome_status(session, outcome_id=safe, status=OutcomeStatus.AGREED)
    outcomes.set_outcome_status(session, outcome_id=sport, status=OutcomeStatus.DROPPED)
    outcomes.merge_outcomes(session, outcome_ids=[jobs, music], text="Find work making music")

    read = read_statements(session, commission_id=commission_id)
    counts = read.counts
    # Feel safe agreed, the merged statement proposed; Find work and Make music merged; Play sport dropped.
    assert counts == StatementCounts(listed=5, in_play=2, agreed=1, merged=2, dropped=1)
    # In play are exactly the numbered statements, as on the wall and the vote keys.
    rows = outcomes.list_outcomes(session, commission_id=commission_id, include_merged=True)
    assert counts.in_play == sum(1 for row in rows if row.number is not None)
    # The merged statement came from two; each original says the number it was merged into.
    merged = next(row for row in rows if row.merged_from)
    assert read.origins[merged.id].merged_from == 2
    assert read.origins[jobs].merged_into == read.origins[music].merged_into == merged.number
    assert read.origins[safe] == StatementOrigin(merged_from=0, split_from=None, merged_into=None)


def test_a_split_statement_says_which_statement_it_was_split_from(session):
    """Each part of a split names the original; other statements name nothing."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    whole, other = _add(session, commission_id, "Feel safe and find work", "Make music")
    parts = outcomes.split_outcome(session, outcome_id=whole, texts=["Feel safe", "Find work"])

    read = read_statements(session, commission_id=commission_id)
    split_from = {i: origin.split_from.id for i, origin in read.origins.items() if origin.split_from}
    assert split_from == {part.id: whole for part in parts}
    assert read.origins[other] == StatementOrigin(merged_from=0, split_from=None, merged_into=None)
    assert read.rows == outcomes.list_outcomes(session, commission_id=commission_id, include_merged=True)
    assert read.counts == count_statements(read.rows)
    assert read.counts.dropped == 1 and read.counts.in_play == 3


def test_the_example_counts_agree_with_its_statuses(session, example):
    """The worked example's counts are its statements' statuses, counted."""
    read = read_statements(session, commission_id=example)
    statuses = [row.status for row in read.rows]
    assert read.counts.listed == len(statuses) > 0
    assert read.counts.agreed == statuses.count(OutcomeStatus.AGREED) > 0
    assert read.counts.merged == statuses.count(OutcomeStatus.MERGED) > 0
    assert read.counts.in_play == len(statuses) - read.counts.merged - read.counts.dropped
