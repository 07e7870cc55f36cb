"""The decision record says whether the group followed the recommendation only when one was recorded."""

from __future__ import annotations

from cocommission.export.decision_pdf import decision_pdf
from cocommission.services import bids, decision
from cocommission.services.perform import perform, read


def test_with_no_recommendation_the_record_does_not_say_it_was_followed(database, example, pages):
    """A decision recorded without a professional recommendation neither follows nor differs from one."""

    def decide_without_a_recommendation(session):
        talent = next(
            bid.id for bid in bids.list_bids(session, commission_id=example) if bid.title.startswith("Southside")
        )
        decision.record_decision(
            session,
            commission_id=example,
            funded=[(talent, 1_950_000)],
            professional_recommendation_id=None,
            professional_reasons="",
            group_reasons="It is run by young people.",
        )

    perform(database, decide_without_a_recommendation)
    first = pages(read(database, lambda s: decision_pdf(s, commission_id=example)))[0]

    assert "Follows the recommendation" not in first
    assert "Differs from the recommendation" not in first
    assert "No recommendation was recorded" in first
