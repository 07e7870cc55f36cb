"""Scores: the scoring grid, the scale, and who may score what."""

from __future__ import annotations

import pytest
from bids_fixtures import criterion, panel_member, score, shortlisted_bid, stored_scores
from sqlalchemy import select

from cocommission.model import Tender
from cocommission.services import commissions, conflicts, panellists, scores
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken


def test_grid_shows_locked_cells_for_conflicts(session, setup):
    """The scoring grid has a cell per panellist, bid and criterion, locked where a conflict is declared."""
    score(session, setup.bo, setup.sport, setup.price, 3)
    conflicts.declare_conflict(session, bid_id=setup.sport, panellist_id=setup.cy, nature="Former employee.")
    grid = scores.scoring_grid(session, commission_id=setup.commission_id)
    assert len(grid) == 3 * 2 * 2
    locked = {(r.panellist_id, r.bid_id, r.criterion_id) for r in grid if r.locked}
    assert locked == {(setup.cy, setup.sport, setup.quality), (setup.cy, setup.sport, setup.price)}
    cell = next(
        r for r in grid if (r.panellist_id, r.bid_id, r.criterion_id) == (setup.bo, setup.sport, setup.price)
    )
    assert (cell.value, cell.locked) == (3, False)
    conflicts.withdraw_conflict(session, bid_id=setup.sport, panellist_id=setup.cy)
    assert not any(r.locked for r in scores.scoring_grid(session, commission_id=setup.commission_id))


def test_score_is_replaced_not_duplicated(session, setup):
    """Scoring the same cell again replaces the earlier score; clearing it empties the cell."""
    score(session, setup.ash, setup.hub, setup.quality, 2)
    score(session, setup.ash, setup.hub, setup.quality, 4)
    assert stored_scores(session) == [4]
    scores.clear_score(session, bid_id=setup.hub, criterion_id=setup.quality, panellist_id=setup.ash)
    assert stored_scores(session) == []


@pytest.mark.parametrize("value", [-1, 6, 2.5, True])
def test_score_outside_the_scale_is_refused(session, setup, value):
    """A score that is not a whole number from 0 to the tender's maximum is refused and nothing is stored."""
    with pytest.raises(InvalidInput, match="whole numbers from 0 to 5"):
        score(session, setup.ash, setup.hub, setup.quality, value)
    assert stored_scores(session) == []


def test_scale_follows_the_tender(session, setup):
    """With a tender scored out of 10, a 9 is accepted and an 11 refused."""
    session.scalars(select(Tender)).one().scoring_scale_max = 10
    assert score(session, setup.ash, setup.hub, setup.quality, 9).value == 9
    with pytest.raises(InvalidInput, match="from 0 to 10"):
        score(session, setup.ash, setup.hub, setup.quality, 11)


def test_only_panellists_score_shortlisted_bids_on_own_criteria(session, setup):
    """Scores from non-panellists, for unshortlisted bids or on another commission's criterion are refused."""
    dee = panel_member(session, setup.commission_id, "Dee", panellist=False)
    with pytest.raises(RuleBroken, match="Dee is not on the interview panel"):
        score(session, dee, setup.hub, setup.quality, 3)
    longlisted = shortlisted_bid(session, setup.commission_id, "Late bid", shortlisted=False)
    with pytest.raises(RuleBroken, match="Only shortlisted bids are scored"):
        score(session, setup.ash, longlisted, setup.quality, 3)
    other = commissions.create_commission(session, title="Other fund")
    foreign = criterion(session, other.id, 1, "Quality", 100)
    with pytest.raises(NotFound, match="no evaluation criterion"):
        score(session, setup.ash, setup.hub, foreign, 3)
    assert stored_scores(session) == []


def test_progress_counts_only_the_cells_a_panellist_may_score(session, setup):
    """Locked cells (a declared conflict) are neither open nor scored; a score fills an open cell."""
    score(session, setup.ash, setup.hub, setup.quality, 4)
    score(session, setup.ash, setup.sport, setup.price, 2)
    conflicts.declare_conflict(session, bid_id=setup.sport, panellist_id=setup.bo, nature="Sister works there.")
    grid = scores.scoring_grid(session, commission_id=setup.commission_id)
    progress = scores.scoring_progress(grid)
    assert progress[setup.ash] == scores.ScoringProgress(scored=2, open=4)
    assert progress[setup.bo] == scores.ScoringProgress(scored=0, open=2)
    assert progress[setup.cy] == scores.ScoringProgress(scored=0, open=4)
    assert scores.scores_given(grid) == {(setup.ash, setup.hub): 1, (setup.ash, setup.sport): 1}


def test_scorers_follow_the_grid_and_say_who_has_left_the_panel(session, setup):
    """Someone taken off the panel after scoring keeps their row, marked as no longer on the panel."""
    score(session, setup.cy, setup.hub, setup.quality, 4)
    panellists.set_panellist(session, participant_id=setup.cy, is_panellist=False)
    grid = scores.scoring_grid(session, commission_id=setup.commission_id)
    names = {setup.ash: "Ash", setup.bo: "Bo", setup.cy: "Cy"}
    on_panel = {row.id for row in panellists.list_panellists(session, commission_id=setup.commission_id)}
    assert scores.scorers(grid, names, on_panel) == (
        scores.Scorer(setup.ash, "Ash", True),
        scores.Scorer(setup.bo, "Bo", True),
        scores.Scorer(setup.cy, "Cy", False),
    )
