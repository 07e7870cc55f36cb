"""The Bids & interviews page's read model: the rows each tab shows and the counts under them."""

from __future__ import annotations

from datetime import date

from bids_fixtures import panel_member, score, shortlisted_bid

from cocommission.model import Participant
from cocommission.services import commissions, conflicts, panellists
from cocommission.services.bids_stage import read_bids_stage
from cocommission.services.scores import ScoringProgress
from cocommission.services.scoring_rules import DEFAULT_SCALE_MAX


def test_the_bids_stage_reads_every_tab_with_its_counts(session, setup):
    """Seats, askers, scorers, scores given and progress come worked out, for the tabs to show."""
    cid = setup.commission_id
    shortlisted_bid(session, cid, "Late Bid", shortlisted=False)
    score(session, setup.ash, setup.hub, setup.quality, 4)
    score(session, setup.cy, setup.sport, setup.price, 1)
    conflicts.declare_conflict(session, bid_id=setup.hub, panellist_id=setup.bo, nature="Cousin runs it.")
    panellists.set_panellist(session, participant_id=setup.cy, is_panellist=False)
    gone = panel_member(session, cid, "Eve", panellist=False)
    session.get(Participant, gone).withdrawn_on = date(2025, 1, 1)
    session.flush()

    stage = read_bids_stage(session, commission_id=cid)

    assert [bid.title for bid in stage.bids] == ["Late Bid", "Street Sport", "Youth Hub"]
    assert [bid.title for bid in stage.shortlisted] == ["Street Sport", "Youth Hub"]
    assert [(seat.pseudonym, seat.on_panel) for seat in stage.seats] == [("Ash", True), ("Bo", True), ("Cy", False)]
    assert [person.pseudonym for person in stage.askers] == ["Ash", "Bo", "Cy"]
    assert [(s.pseudonym, s.on_panel) for s in stage.scorers] == [("Ash", True), ("Bo", True), ("Cy", False)]
    assert stage.scores_given == {(setup.ash, setup.hub): 1, (setup.cy, setup.sport): 1}
    assert stage.progress == {
        setup.ash: ScoringProgress(1, 4),
        setup.bo: ScoringProgress(0, 2),
        setup.cy: ScoringProgress(1, 4),
    }
    assert stage.max_score == 5
    assert stage.evaluation is not None and stage.individual is not None


def test_without_criteria_nothing_is_evaluated_and_the_scale_is_the_default(session):
    """No criteria yet: no evaluation (the page says so in words), an empty grid, the default scale."""
    cid = commissions.create_commission(session, title="Youth fund").id
    shortlisted_bid(session, cid, "Youth Hub")
    panel_member(session, cid, "Ash")
    stage = read_bids_stage(session, commission_id=cid)
    assert (stage.evaluation, stage.individual) == (None, None)
    assert (stage.grid, stage.scorers, stage.progress, stage.scores_given) == ((), (), {}, {})
    assert stage.max_score == DEFAULT_SCALE_MAX
