"""The evaluation: weighted totals, ranking, and cells where the panel disagrees."""

from __future__ import annotations

import pytest
from bids_fixtures import score

from cocommission.services import commissions, moderation
from cocommission.services.errors import RuleBroken
from cocommission.services.evaluation import evaluate


def test_evaluate_ranks_by_weighted_total_using_moderated_scores(session, setup):
    """Moderation can change the winner; the individual-only view still shows the ranking before it."""
    for panellist in (setup.ash, setup.bo):
        score(session, panellist, setup.hub, setup.quality, 4)
        score(session, panellist, setup.hub, setup.price, 3)
        score(session, panellist, setup.sport, setup.quality, 3)
        score(session, panellist, setup.sport, setup.price, 5)
    # Hub: 4/5*60 + 3/5*40 = 72; Sport: 3/5*60 + 5/5*40 = 76.
    before = evaluate(session, commission_id=setup.commission_id)
    assert before.result.ranking == ((setup.sport,), (setup.hub,))
    assert {b.bid_id: b.weighted_total for b in before.result.bids} == {setup.hub: 72, setup.sport: 76}
    moderation.moderate_score(
        session, bid_id=setup.hub, criterion_id=setup.quality, value=5, reason="Strong references."
    )
    # Hub moderated: 5/5*60 + 24 = 84.
    after = evaluate(session, commission_id=setup.commission_id)
    assert after.result.ranking == ((setup.hub,), (setup.sport,))
    assert any("Youth Hub" in step for step in after.result.steps)
    individual = evaluate(session, commission_id=setup.commission_id, use_moderated=False)
    assert individual.result.ranking == ((setup.sport,), (setup.hub,))


def test_evaluate_flags_cells_where_the_panel_disagrees(session, setup):
    """A spread of more than 40% of the scale is flagged for discussion; a small one is not."""
    score(session, setup.ash, setup.hub, setup.quality, 0)
    score(session, setup.bo, setup.hub, setup.quality, 5)
    score(session, setup.ash, setup.hub, setup.price, 3)
    score(session, setup.bo, setup.hub, setup.price, 4)
    evaluation = evaluate(session, commission_id=setup.commission_id)
    assert evaluation.flagged == {(setup.hub, setup.quality)}
    assert evaluation.is_flagged(setup.hub, setup.quality) and not evaluation.is_flagged(
        setup.hub, setup.price
    )
    assert evaluation.max_score == 5


def test_evaluate_without_criteria_is_refused(session):
    """Evaluating before any criteria exist says to add them first."""
    made = commissions.create_commission(session, title="Fund")
    with pytest.raises(RuleBroken, match="no evaluation criteria"):
        evaluate(session, commission_id=made.id)
