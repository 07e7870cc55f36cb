"""The criteria weights' total: one rule for the Criteria tab's total and for agreeing the tender."""

from __future__ import annotations

import pytest

from cocommission.model.scoring import weights_sum_to_100, weights_total
from cocommission.services import commissions, tender


@pytest.mark.parametrize(
    "weights", [[], [60, 35], [60, 40], [100], [33, 33, 34], [50, 50, 1], [0, 0, 100]]
)
def test_weights_check_is_the_scoring_rule_the_criteria_tab_shows(session, weights):
    """The stored weights' total and verdict are what ``weights_total``/``weights_sum_to_100`` say."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    tender.create_tender(session, commission_id=commission_id)
    tender.set_criteria(
        session,
        commission_id=commission_id,
        criteria=[(f"Criterion {n}", "", weight) for n, weight in enumerate(weights, start=1)],
    )
    total, ok = tender.weights_check(session, commission_id=commission_id)
    assert (total, ok) == (round(weights_total(weights)), weights_sum_to_100(weights))
    assert isinstance(total, int)
    assert ok is (sum(weights) == 100)
