"""Bids, the interview panel, conflicts of interest, scoring, moderation and evaluation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from cocommission.model import EvaluationCriterion, ModeratedScore, Participant, Score, Tender
from cocommission.model.money import BRIXTON_POUND
from cocommission.services import bids, commissions
from cocommission.services.audit import list_audit
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken


@dataclass(frozen=True)
class Setup:
    """A commission with two shortlisted bids, two criteria (60/40) and a panel of three."""

    commission_id: str
    hub: str
    sport: str
    quality: str
    price: str
    ash: str
    bo: str
    cy: str


def _participant(session, commission_id: str, pseudonym: str, *, panellist: bool = True) -> str:
    participant = Participant(commission_id=commission_id, pseudonym=pseudonym, is_panellist=panellist)
    session.add(participant)
    session.flush()
    return participant.id


def _criterion(session, commission_id: str, position: int, name: str, weight: int) -> str:
    criterion = EvaluationCriterion(commission_id=commission_id, position=position, name=name, weight=weight)
    session.add(criterion)
    session.flush()
    return criterion.id


def _bid(session, commission_id: str, title: str, *, shortlisted: bool = True) -> str:
    bidder = bids.add_bidder(session, commission_id=commission_id, name=f"{title} Ltd")
    bid = bids.add_bid(
        session, commission_id=commission_id, bidder_id=bidder.id, title=title, amount_minor=1_000_000
    )
    if shortlisted:
        bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
    return bid.id


@pytest.fixture
def setup(session) -> Setup:
    commission = commissions.create_commission(session, title="Youth justice fund")
    cid = commission.id
    session.add(Tender(commission_id=cid, title="Tender", scoring_scale_max=5))
    return Setup(
        commission_id=cid,
        hub=_bid(session, cid, "Youth Hub"),
        sport=_bid(session, cid, "Street Sport"),
        quality=_criterion(session, cid, 1, "Quality", 60),
        price=_criterion(session, cid, 2, "Price", 40),
        ash=_participant(session, cid, "Ash"),
        bo=_participant(session, cid, "Bo"),
        cy=_participant(session, cid, "Cy"),
    )


def _stored_scores(session) -> list[int]:
    return sorted(session.scalars(select(Score.value)))


def _score(session, panellist: str, bid: str, criterion: str, value: int):
    return bids.record_score(session, bid_id=bid, criterion_id=criterion, panellist_id=panellist, value=value)


# --------------------------------------------------------------------------- bids


def test_bid_is_listed_with_its_bidder_and_currency(session):
    """A bid in a local currency is listed with its bidder's name; only shortlisted ones on request."""
    made = commissions.create_commission(session, title="Fund", honorarium_currency=BRIXTON_POUND)
    bidder = bids.add_bidder(session, commission_id=made.id, name="  Talent Show Collective ")
    bid = bids.add_bid(
        session,
        commission_id=made.id,
        bidder_id=bidder.id,
        title="Talent show",
        amount_minor=1_500_000,
        currency_code="bxp",
        received_on=date(2025, 3, 1),
    )
    assert (bid.bidder_name, bid.currency_code, bid.shortlisted) == ("Talent Show Collective", "BXP", False)
    assert bids.list_bids(session, commission_id=made.id) == (bid,)
    assert bids.list_bids(session, commission_id=made.id, shortlisted_only=True) == ()
    bids.set_shortlisted(session, bid_id=bid.id, shortlisted=True)
    assert [b.title for b in bids.list_bids(session, commission_id=made.id, shortlisted_only=True)] == [
        "Talent show"
    ]


def test_bid_in_unknown_currency_or_without_title_is_refused(session):
    """A bid in a currency the commission does not use, or with no title, is refused and nothing is added."""
    made = commissions.create_commission(session, title="Fund")
    bidder = bids.add_bidder(session, commission_id=made.id, name="Hub")
    with pytest.raises(NotFound, match="no currency 'XYZ'"):
        bids.add_bid(
            session,
            commission_id=made.id,
            bidder_id=bidder.id,
            title="Hub",
            amount_minor=5,
            currency_code="XYZ",
        )
    with pytest.raises(InvalidInput, match="needs a title"):
        bids.add_bid(session, commission_id=made.id, bidder_id=bidder.id, title=" ", amount_minor=5)
    with pytest.raises(InvalidInput, match="needs a name"):
        bids.update_bidder(session, bidder_id=bidder.id, name="")
    assert bids.list_bids(session, commission_id=made.id) == ()


def test_only_shortlisted_bids_are_interviewed(session, setup):
    """An interview date is refused for a bid that is not shortlisted and kept for one that is."""
    longlisted = _bid(session, setup.commission_id, "Late bid", shortlisted=False)
    with pytest.raises(RuleBroken, match="shortlist this bid first"):
        bids.mark_interviewed(session, bid_id=longlisted, interviewed_on=date(2025, 4, 2))
    done = bids.mark_interviewed(session, bid_id=setup.hub, interviewed_on=date(2025, 4, 2))
    assert done.interviewed_on == date(2025, 4, 2)


# --------------------------------------------------------------------------- panel and questions


def test_withdrawn_participant_cannot_join_the_panel(session, setup):
    """A withdrawn participant is refused a panel seat; others join and appear on the panel list."""
    dee = _participant(session, setup.commission_id, "Dee", panellist=False)
    gone = _participant(session, setup.commission_id, "Eve", panellist=False)
    session.get(Participant, gone).withdrawn_on = date(2025, 1, 1)
    with pytest.raises(RuleBroken, match="withdrawn"):
        bids.set_panellist(session, participant_id=gone, is_panellist=True)
    bids.set_panellist(session, participant_id=dee, is_panellist=True)
    bids.set_panellist(session, participant_id=setup.cy, is_panellist=False)
    assert [p.pseudonym for p in bids.list_panellists(session, commission_id=setup.commission_id)] == [
        "Ash",
        "Bo",
        "Dee",
    ]


def test_interview_questions_keep_owner_and_order(session, setup):
    """Questions show who asks them, move and close up when one is removed."""
    first = bids.add_question(
        session, commission_id=setup.commission_id, text="Why you?", asked_by_id=setup.ash
    )
    second = bids.add_question(
        session,
        commission_id=setup.commission_id,
        text="How will we be involved?",
        criterion_id=setup.quality,
    )
    third = bids.add_question(session, commission_id=setup.commission_id, text="What does it cost?")
    assert first.asked_by_pseudonym == "Ash" and second.criterion_id == setup.quality
    moved = bids.move_question(session, question_id=third.id, position=1)
    assert [q.text for q in moved] == ["What does it cost?", "Why you?", "How will we be involved?"]
    left = bids.remove_question(session, question_id=first.id)
    assert [(q.position, q.text) for q in left] == [
        (1, "What does it cost?"),
        (2, "How will we be involved?"),
    ]
    changed = bids.update_question(session, question_id=second.id, asked_by_id=setup.bo, criterion_id=None)
    assert (changed.asked_by_pseudonym, changed.criterion_id) == ("Bo", None)


def test_question_asker_from_another_commission_is_refused(session, setup):
    """A question cannot be owned by someone from another commission."""
    other = commissions.create_commission(session, title="Other fund")
    stranger = _participant(session, other.id, "Stranger")
    with pytest.raises(NotFound, match="no participant"):
        bids.add_question(session, commission_id=setup.commission_id, text="Why?", asked_by_id=stranger)
    assert bids.list_questions(session, commission_id=setup.commission_id) == ()


# --------------------------------------------------------------------------- conflicts and scores


def test_conflicted_panellist_cannot_score_that_bid(session, setup):
    """After declaring a conflict, a panellist's score for that bid is refused, naming them by pseudonym."""
    bids.declare_conflict(session, bid_id=setup.hub, panellist_id=setup.ash, nature="My cousin works there.")
    assert bids.is_conflicted(session, bid_id=setup.hub, panellist_id=setup.ash)
    with pytest.raises(
        RuleBroken, match="Ash has declared a conflict of interest with this bid and cannot score it"
    ):
        _score(session, setup.ash, setup.hub, setup.quality, 4)
    assert _score(session, setup.ash, setup.sport, setup.quality, 4).value == 4


def test_declaring_a_conflict_withdraws_earlier_scores(session, setup):
    """Scores given before a conflict was declared are removed, and the audit says why without names."""
    _score(session, setup.ash, setup.hub, setup.quality, 5)
    _score(session, setup.ash, setup.hub, setup.price, 4)
    _score(session, setup.ash, setup.sport, setup.price, 2)
    _score(session, setup.bo, setup.hub, setup.quality, 3)
    bids.declare_conflict(session, bid_id=setup.hub, panellist_id=setup.ash, nature="I volunteer there.")
    left = {
        (r.panellist_id, r.bid_id, r.criterion_id): r.value
        for r in bids.scoring_grid(session, commission_id=setup.commission_id)
        if r.value is not None
    }
    assert left == {(setup.ash, setup.sport, setup.price): 2, (setup.bo, setup.hub, setup.quality): 3}
    last = list_audit(session, commission_id=setup.commission_id)[-1]
    assert last.action == "conflict.declared"
    assert "2 scores withdrawn because of a declared conflict" in last.summary
    assert "Ash" not in last.summary and "volunteer" not in last.summary
    conflicts = bids.list_conflicts(session, commission_id=setup.commission_id)
    assert [(c.bid_id, c.panellist_id, c.nature) for c in conflicts] == [
        (setup.hub, setup.ash, "I volunteer there.")
    ]


def test_grid_shows_locked_cells_for_conflicts(session, setup):
    """The scoring grid has a cell per panellist, bid and criterion, locked where a conflict is declared."""
    _score(session, setup.bo, setup.sport, setup.price, 3)
    bids.declare_conflict(session, bid_id=setup.sport, panellist_id=setup.cy, nature="Former employee.")
    grid = bids.scoring_grid(session, commission_id=setup.commission_id)
    assert len(grid) == 3 * 2 * 2
    locked = {(r.panellist_id, r.bid_id, r.criterion_id) for r in grid if r.locked}
    assert locked == {(setup.cy, setup.sport, setup.quality), (setup.cy, setup.sport, setup.price)}
    cell = next(
        r for r in grid if (r.panellist_id, r.bid_id, r.criterion_id) == (setup.bo, setup.sport, setup.price)
    )
    assert (cell.value, cell.locked) == (3, False)
    bids.withdraw_conflict(session, bid_id=setup.sport, panellist_id=setup.cy)
    assert not any(r.locked for r in bids.scoring_grid(session, commission_id=setup.commission_id))


def test_score_is_replaced_not_duplicated(session, setup):
    """Scoring the same cell again replaces the earlier score; clearing it empties the cell."""
    _score(session, setup.ash, setup.hub, setup.quality, 2)
    _score(session, setup.ash, setup.hub, setup.quality, 4)
    assert _stored_scores(session) == [4]
    bids.clear_score(session, bid_id=setup.hub, criterion_id=setup.quality, panellist_id=setup.ash)
    assert _stored_scores(session) == []


@pytest.mark.parametrize("value", [-1, 6, 2.5, True])
def test_score_outside_the_scale_is_refused(session, setup, value):
    """A score that is not a whole number from 0 to the tender's maximum is refused and nothing is stored."""
    with pytest.raises(InvalidInput, match="whole numbers from 0 to 5"):
        _score(session, setup.ash, setup.hub, setup.quality, value)
    assert _stored_scores(session) == []


def test_scale_follows_the_tender(session, setup):
    """With a tender scored out of 10, a 9 is accepted and an 11 refused."""
    session.scalars(select(Tender)).one().scoring_scale_max = 10
    assert _score(session, setup.ash, setup.hub, setup.quality, 9).value == 9
    with pytest.raises(InvalidInput, match="from 0 to 10"):
        _score(session, setup.ash, setup.hub, setup.quality, 11)


def test_only_panellists_score_shortlisted_bids_on_own_criteria(session, setup):
    """Scores from non-panellists, for unshortlisted bids or on another commission's criterion are refused."""
    dee = _participant(session, setup.commission_id, "Dee", panellist=False)
    with pytest.raises(RuleBroken, match="Dee is not on the interview panel"):
        _score(session, dee, setup.hub, setup.quality, 3)
    longlisted = _bid(session, setup.commission_id, "Late bid", shortlisted=False)
    with pytest.raises(RuleBroken, match="Only shortlisted bids are scored"):
        _score(session, setup.ash, longlisted, setup.quality, 3)
    other = commissions.create_commission(session, title="Other fund")
    foreign = _criterion(session, other.id, 1, "Quality", 100)
    with pytest.raises(NotFound, match="no evaluation criterion"):
        _score(session, setup.ash, setup.hub, foreign, 3)
    assert _stored_scores(session) == []


# --------------------------------------------------------------------------- moderation and evaluation


def test_moderation_keeps_the_original_scores_and_the_mean_before(session, setup):
    """A moderated score sits beside the unchanged individual scores and remembers their mean."""
    for panellist, value in ((setup.ash, 1), (setup.bo, 4), (setup.cy, 5)):
        _score(session, panellist, setup.hub, setup.quality, value)
    with pytest.raises(InvalidInput, match="Give the reason the panel agreed this score."):
        bids.moderate_score(session, bid_id=setup.hub, criterion_id=setup.quality, value=4, reason="  ")
    moderated = bids.moderate_score(
        session, bid_id=setup.hub, criterion_id=setup.quality, value=4, reason="Ash misread the bid."
    )
    assert moderated.mean_before == pytest.approx(10 / 3)
    assert _stored_scores(session) == [1, 4, 5]
    # Re-moderating replaces the agreed score and takes the mean afresh.
    bids.clear_score(session, bid_id=setup.hub, criterion_id=setup.quality, panellist_id=setup.ash)
    again = bids.moderate_score(
        session, bid_id=setup.hub, criterion_id=setup.quality, value=5, reason="Agreed."
    )
    assert (again.value, again.mean_before) == (5, 4.5)
    assert len(session.scalars(select(ModeratedScore)).all()) == 1
    assert bids.list_moderated_scores(session, commission_id=setup.commission_id) == (again,)


def test_evaluate_ranks_by_weighted_total_using_moderated_scores(session, setup):
    """Moderation can change the winner; the individual-only view still shows the ranking before it."""
    for panellist in (setup.ash, setup.bo):
        _score(session, panellist, setup.hub, setup.quality, 4)
        _score(session, panellist, setup.hub, setup.price, 3)
        _score(session, panellist, setup.sport, setup.quality, 3)
        _score(session, panellist, setup.sport, setup.price, 5)
    # Hub: 4/5*60 + 3/5*40 = 72; Sport: 3/5*60 + 5/5*40 = 76.
    before = bids.evaluate(session, commission_id=setup.commission_id)
    assert before.result.ranking == ((setup.sport,), (setup.hub,))
    assert {b.bid_id: b.weighted_total for b in before.result.bids} == {setup.hub: 72, setup.sport: 76}
    bids.moderate_score(
        session, bid_id=setup.hub, criterion_id=setup.quality, value=5, reason="Strong references."
    )
    # Hub moderated: 5/5*60 + 24 = 84.
    after = bids.evaluate(session, commission_id=setup.commission_id)
    assert after.result.ranking == ((setup.hub,), (setup.sport,))
    assert any("Youth Hub" in step for step in after.result.steps)
    individual = bids.evaluate(session, commission_id=setup.commission_id, use_moderated=False)
    assert individual.result.ranking == ((setup.sport,), (setup.hub,))


def test_evaluate_flags_cells_where_the_panel_disagrees(session, setup):
    """A spread of more than 40% of the scale is flagged for discussion; a small one is not."""
    _score(session, setup.ash, setup.hub, setup.quality, 0)
    _score(session, setup.bo, setup.hub, setup.quality, 5)
    _score(session, setup.ash, setup.hub, setup.price, 3)
    _score(session, setup.bo, setup.hub, setup.price, 4)
    evaluation = bids.evaluate(session, commission_id=setup.commission_id)
    assert evaluation.flagged == {(setup.hub, setup.quality)}
    assert evaluation.is_flagged(setup.hub, setup.quality) and not evaluation.is_flagged(
        setup.hub, setup.price
    )
    assert evaluation.max_score == 5


def test_evaluate_without_criteria_is_refused(session):
    """Evaluating before any criteria exist says to add them first."""
    made = commissions.create_commission(session, title="Fund")
    with pytest.raises(RuleBroken, match="no evaluation criteria"):
        bids.evaluate(session, commission_id=made.id)


def test_bid_with_a_new_bidder_adds_both_and_reuses_a_known_bidder(session):
    """A bid from a new bidder name adds the bidder; the same name again (any case) reuses that bidder."""
    made = commissions.create_commission(session, title="Fund")
    first = bids.add_bid_with_bidder(
        session,
        commission_id=made.id,
        bidder_name=" Southside Collective ",
        organisation_type="Youth-led group",
        title="Talent show",
        amount_minor=1_950_000,
    )
    second = bids.add_bid_with_bidder(
        session,
        commission_id=made.id,
        bidder_name="southside collective",
        title="Summer show",
        amount_minor=500_000,
    )
    assert first.bidder_id == second.bidder_id
    assert [(b.name, b.organisation_type) for b in bids.list_bidders(session, commission_id=made.id)] == [
        ("Southside Collective", "Youth-led group")
    ]


def test_refused_bid_with_a_new_bidder_adds_nothing(database):
    """When the bid is refused, the new bidder named with it is not kept either."""
    from cocommission.services.perform import perform

    made = perform(database, commissions.create_commission, title="Fund").result
    with pytest.raises(InvalidInput, match="needs a title"):
        perform(
            database,
            bids.add_bid_with_bidder,
            commission_id=made.id,
            bidder_name="Hub",
            title=" ",
            amount_minor=5,
        )
    with database.unit_of_work() as session:
        assert bids.list_bidders(session, commission_id=made.id) == ()
