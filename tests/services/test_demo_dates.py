"""The worked example's dates tell one story: nothing happens before what it depends on, or after today."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from cocommission.model import (
    AuditEntry,
    Ballot,
    Bid,
    Commission,
    ConflictDeclaration,
    Decision,
    FeedbackSheet,
    ModeratedScore,
    Participant,
    Payment,
    Score,
    SpeakingTurn,
    Tender,
    TenderVersion,
    VoteRound,
    Workshop,
)
from cocommission.model.base import today
from cocommission.services import attendance, honoraria
from cocommission.services.demo import find_or_create_example


@pytest.fixture
def example(session) -> str:
    cid = find_or_create_example(session)
    session.flush()
    return cid


def _all(session, model, cid):
    return list(session.scalars(select(model).where(model.commission_id == cid)))


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def test_every_date_in_the_example_is_on_or_before_today(session, example):
    """Nothing in the example is dated in the future."""
    audit = _all(session, AuditEntry, example)
    assert audit and all(_day(entry.at) <= today() for entry in audit)


def test_the_audit_log_runs_forward_in_time(session, example):
    """Each audit entry is no earlier than the one before it: the example was recorded in the order it happened."""
    entries = sorted(_all(session, AuditEntry, example), key=lambda entry: entry.sequence)
    times = [entry.at for entry in entries]
    assert times == sorted(times)


def test_consent_comes_before_the_first_workshop_and_rounds_run_on_their_workshop_day(session, example):
    """Consent is given before anyone takes part; each round opens, closes and reveals in order, not before its workshop."""
    workshops = {w.id: w for w in _all(session, Workshop, example)}
    first = min(w.held_on for w in workshops.values())
    commission = session.get(Commission, example)
    for person in _all(session, Participant, example):
        assert person.consent_on is not None and _day(commission.created_at) <= person.consent_on <= first
        if person.guardian_consent_on is not None:
            assert person.guardian_consent_on <= first
    for vote_round in _all(session, VoteRound, example):
        held = workshops[vote_round.workshop_id].held_on
        stamps = [vote_round.opened_at, vote_round.closed_at, vote_round.revealed_at]
        assert all(stamp is not None for stamp in stamps)
        assert stamps == sorted(stamps)
        assert _day(vote_round.opened_at) == held
        ballots = session.scalars(select(Ballot).where(Ballot.round_id == vote_round.id))
        # Anonymous ballots keep no time at all; named ones are cast while the round is open.
        timed = [ballot.cast_at for ballot in ballots if ballot.cast_at is not None]
        assert all(vote_round.opened_at <= cast <= vote_round.closed_at for cast in timed)
    for turn in _all(session, SpeakingTurn, example):
        assert _day(turn.started_at) == workshops[turn.workshop_id].held_on


def test_payments_pay_only_for_workshops_already_held(session, example):
    """Every payment is handed over no earlier than the workshops it pays for: never more than was earned by then."""
    commission = session.get(Commission, example)
    workshops = _all(session, Workshop, example)
    payments = _all(session, Payment, example)
    assert payments
    for payment in payments:
        assert payment.paid_on is not None
        minutes = sum(
            line.minutes or 0
            for workshop in workshops
            if workshop.held_on <= payment.paid_on
            for line in attendance.list_attendance(session, workshop_id=workshop.id)
            if line.participant_id == payment.participant_id and line.present
        )
        sessions = sum(
            1
            for workshop in workshops
            if workshop.held_on <= payment.paid_on
            for line in attendance.list_attendance(session, workshop_id=workshop.id)
            if line.participant_id == payment.participant_id and line.present
        )
        earned = honoraria.earned_minor(
            basis=commission.honorarium_basis,
            rate_minor=commission.honorarium_rate_minor,
            sessions=sessions,
            minutes=minutes,
        )
        assert payment.amount_minor <= earned


def test_the_tender_closes_after_it_is_agreed_and_bids_arrive_before_it_closes(session, example):
    """Agreed, then open for bids until the closing date, then interviews, then the decision."""
    tender = session.scalar(select(Tender).where(Tender.commission_id == example))
    versions = list(session.scalars(select(TenderVersion).where(TenderVersion.tender_id == tender.id)))
    decision = session.scalar(select(Decision).where(Decision.commission_id == example))
    assert tender.closing_date is not None and tender.agreed_at is not None
    assert all(version.saved_at <= tender.agreed_at for version in versions)
    assert _day(tender.agreed_at) < tender.closing_date
    workshops = sorted(w.held_on for w in _all(session, Workshop, example))
    assert workshops[0] <= _day(tender.agreed_at)
    for bid in _all(session, Bid, example):
        assert _day(tender.agreed_at) <= bid.received_on <= tender.closing_date
        if bid.interviewed_on is not None:
            assert tender.closing_date < bid.interviewed_on <= decision.decided_on
    assert decision.decided_on <= today()


def test_conflicts_are_declared_before_scoring_and_everything_is_scored_before_the_decision(session, example):
    """A conflict is declared before any score is given; scores and moderation come before the decision."""
    bids = {bid.id for bid in _all(session, Bid, example)}
    scores = [score for score in session.scalars(select(Score)) if score.bid_id in bids]
    moderated = [m for m in session.scalars(select(ModeratedScore)) if m.bid_id in bids]
    conflicts = [c for c in session.scalars(select(ConflictDeclaration)) if c.bid_id in bids]
    decision = session.scalar(select(Decision).where(Decision.commission_id == example))
    assert scores and moderated and conflicts
    for conflict in conflicts:
        assert all(conflict.declared_at <= score.scored_at for score in scores)
        assert _day(conflict.declared_at) <= decision.decided_on
    for score in scores:
        assert _day(score.scored_at) <= decision.decided_on
    for moderation in moderated:
        same = [s.scored_at for s in scores if (s.bid_id, s.criterion_id) == (moderation.bid_id, moderation.criterion_id)]
        assert all(stamp <= moderation.moderated_at for stamp in same)
        assert _day(moderation.moderated_at) <= decision.decided_on


def test_feedback_is_returned_on_or_after_its_workshop(session, example):
    """Feedback sheets come back no earlier than the workshop they are about."""
    workshops = {w.id: w.held_on for w in _all(session, Workshop, example)}
    returned = [sheet for sheet in _all(session, FeedbackSheet, example) if sheet.returned_at is not None]
    assert returned
    assert all(_day(sheet.returned_at) >= workshops[sheet.workshop_id] for sheet in returned)
