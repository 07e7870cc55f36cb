"""The decision record and evaluation report claim only what is recorded: a recommendation, every score given."""

from __future__ import annotations

from cocommission.export.decision_pdf import decision_pdf
from cocommission.export.evaluation_pdf import evaluation_pdf
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


def test_neither_record_claims_every_criterion_was_scored_when_scores_are_missing(database, example, pages):
    """A shortlisted bid nobody has scored yet: the evaluation and decision say scores are missing, not that all were given."""

    def shortlist_an_unscored_bid(session):
        online = next(bid.id for bid in bids.list_bids(session, commission_id=example) if bid.title.startswith("Online"))
        bids.set_shortlisted(session, bid_id=online, shortlisted=True)

    complete_decision = " ".join(pages(read(database, lambda s: decision_pdf(s, commission_id=example))))
    assert "Each shortlisted bid was scored out of 5 on every criterion." in complete_decision

    perform(database, shortlist_an_unscored_bid)
    for document in (decision_pdf, evaluation_pdf):
        text = " ".join(pages(read(database, lambda s, document=document: document(s, commission_id=example))))
        assert "Each shortlisted bid was scored" not in text
        assert "not every score has been given yet" in text
