"""Conflicts of interest: a conflicted panellist cannot score the bid, and earlier scores are withdrawn."""

from __future__ import annotations

import pytest
from bids_fixtures import score

from cocommission.services import scores
from cocommission.services.audit import list_audit
from cocommission.services.conflicts import declare_conflict, is_conflicted, list_conflicts
from cocommission.services.errors import RuleBroken


def test_conflicted_panellist_cannot_score_that_bid(session, setup):
    """After declaring a conflict, a panellist's score for that bid is refused, naming them by pseudonym."""
    declare_conflict(session, bid_id=setup.hub, panellist_id=setup.ash, nature="My cousin works there.")
    assert is_conflicted(session, bid_id=setup.hub, panellist_id=setup.ash)
    with pytest.raises(
        RuleBroken, match="Ash has declared a conflict of interest with this bid and cannot score it"
    ):
        score(session, setup.ash, setup.hub, setup.quality, 4)
    assert score(session, setup.ash, setup.sport, setup.quality, 4).value == 4


def test_declaring_a_conflict_withdraws_earlier_scores(session, setup):
    """Scores given before a conflict was declared are removed, and the audit says why without names."""
    score(session, setup.ash, setup.hub, setup.quality, 5)
    score(session, setup.ash, setup.hub, setup.price, 4)
    score(session, setup.ash, setup.sport, setup.price, 2)
    score(session, setup.bo, setup.hub, setup.quality, 3)
    declare_conflict(session, bid_id=setup.hub, panellist_id=setup.ash, nature="I volunteer there.")
    left = {
        (r.panellist_id, r.bid_id, r.criterion_id): r.value
        for r in scores.scoring_grid(session, commission_id=setup.commission_id)
        if r.value is not None
    }
    assert left == {(setup.ash, setup.sport, setup.price): 2, (setup.bo, setup.hub, setup.quality): 3}
    last = list_audit(session, commission_id=setup.commission_id)[-1]
    assert last.action == "conflict.declared"
    assert "2 scores withdrawn because of a declared conflict" in last.summary
    assert "Ash" not in last.summary and "volunteer" not in last.summary
    conflicts = list_conflicts(session, commission_id=setup.commission_id)
    assert [(c.bid_id, c.panellist_id, c.nature) for c in conflicts] == [
        (setup.hub, setup.ash, "I volunteer there.")
    ]
