"""A whole number too large for any column is refused in words, never an overflow from the database driver."""

from __future__ import annotations

import pytest

from cocommission.services import commissions, voting
from cocommission.services.errors import InvalidInput


@pytest.mark.parametrize("rule", ["score_max", "dots_per_person"])
def test_a_huge_number_for_a_rule_is_refused_not_an_overflow(session, rule):
    """A score scale or dot budget of 10^20 is refused as InvalidInput instead of crashing on save."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    method = "score" if rule == "score_max" else "dots"
    with pytest.raises(InvalidInput):
        voting.create_round(
            session, commission_id=commission_id, title="Which?", method=method, options=["A", "B"],
            **{rule: 10**20, **({"max_dots_per_option": 10**20} if rule == "dots_per_person" else {})},
        )
        session.flush()
