"""Writing the tender: template, sections, versions, criteria and agreement."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cocommission.model import (
    Bid,
    Bidder,
    OutcomeStatement,
    OutcomeStatus,
    Participant,
    Role,
    Score,
    TenderStatus,
    Workshop,
)
from cocommission.model.base import today
from cocommission.services import commissions, tender
from cocommission.services.errors import RuleBroken

TEMPLATE = [
    ("background", "Background"),
    ("outcomes", "The outcomes we want"),
    ("requirements", "What the service must do"),
    ("beneficiaries", "Who will benefit and how many"),
    ("budget", "Budget"),
    ("duration", "How long the service runs"),
    ("evaluation", "How bids will be judged"),
    ("how_to_bid", "How to bid"),
    ("timetable", "Timetable"),
    ("co_production", "How this tender was written"),
]


def _commission(session) -> str:
    return commissions.create_commission(
        session,
        title="Youth justice fund",
        description="Money for young people who have offended.",
        budget_minor=2_000_000,
    ).id


def _outcome(session, commission_id, position, text, *, status=OutcomeStatus.AGREED, measure=""):
    session.add(
        OutcomeStatement(
            commission_id=commission_id, position=position, text=text, measure=measure, status=status
        )
    )
    session.flush()


def _ready_tender(session) -> tuple[str, tender.TenderRow]:
    """A commission whose tender has everything it needs to be agreed."""
    commission_id = _commission(session)
    _outcome(session, commission_id, 1, "Young people feel safe on the estate")
    tender.set_criteria(
        session, commission_id=commission_id, criteria=[("Outcomes", "", 60), ("Value", "", 40)]
    )
    session.add(Participant(commission_id=commission_id, pseudonym="Writer", role=Role.YOUNG_PERSON))
    session.flush()
    made = tender.create_tender(session, commission_id=commission_id)
    tender.set_closing_date(session, tender_id=made.id, closing_date=today() + timedelta(days=21))
    return commission_id, tender.get_tender(session, commission_id=commission_id)


def _body(row: tender.TenderRow, key: str) -> str:
    return next(section.body for section in row.sections if section.key == key)


def test_new_tender_follows_the_template_with_only_agreed_outcomes(session):
    """A new tender has the standard sections in order, and its outcomes list only the agreed ones."""
    commission_id = _commission(session)
    _outcome(session, commission_id, 2, "Somewhere to go in the evenings", measure="Attendance each week")
    _outcome(session, commission_id, 1, "Young people feel safe on the estate")
    _outcome(session, commission_id, 3, "More police", status=OutcomeStatus.PROPOSED)
    _outcome(session, commission_id, 4, "Nothing to do", status=OutcomeStatus.DROPPED)
    _outcome(session, commission_id, 5, "Safe estate", status=OutcomeStatus.MERGED)

    made = tender.create_tender(session, commission_id=commission_id)

    assert [(s.key, s.heading) for s in made.sections] == TEMPLATE
    assert [s.position for s in made.sections] == list(range(1, 11))
    assert _body(made, "outcomes") == (
        "- Young people feel safe on the estate\n"
        "- Somewhere to go in the evenings\n"
        "  Measured by: Attendance each week"
    )
    assert _body(made, "background") == "Money for young people who have offended."
    assert "£20,000.00" in _body(made, "budget")
    assert _body(made, "duration") == "The service runs for 12 months."
    # Sections filled in from what the group has not agreed yet start empty, showing how to write them.
    assert [s.key for s in made.sections if not s.body.strip()] == ["evaluation", "co_production"]
    assert all(s.body.strip() or s.guidance for s in made.sections), "every section starts with text or guidance"


def test_co_production_section_counts_people_without_naming_them(session):
    """The co-production section counts young people and workshops held, never names them."""
    commission_id = _commission(session)
    people = (("Fox", Role.YOUNG_PERSON), ("Owl", Role.SERVICE_USER), ("Sam", Role.FACILITATOR))
    for pseudonym, role in people:
        session.add(
            Participant(
                commission_id=commission_id, pseudonym=pseudonym, full_name=f"{pseudonym} Smith", role=role
            )
        )
    session.add(Workshop(commission_id=commission_id, number=1, title="Outcomes", held_on=today()))
    next_week = today() + timedelta(days=7)
    session.add(Workshop(commission_id=commission_id, number=2, title="Later", held_on=next_week))
    made = tender.create_tender(session, commission_id=commission_id)
    text = _body(made, "co_production")
    assert "2 people who use the service, over 1 workshop." in text
    assert not any(name in text for name in ("Fox", "Owl", "Sam", "Smith"))


def test_second_tender_is_refused(session):
    """A commission has one tender; starting another is refused."""
    commission_id = _commission(session)
    tender.create_tender(session, commission_id=commission_id)
    with pytest.raises(RuleBroken, match="already has a tender"):
        tender.create_tender(session, commission_id=commission_id)


def test_editing_an_agreed_tender_is_refused_until_reopened(session):
    """Once agreed, sections cannot be edited; reopening with a reason allows it again."""
    _, made = _ready_tender(session)
    tender.agree_tender(session, tender_id=made.id)
    background = made.sections[0]
    with pytest.raises(RuleBroken, match="reopen it first"):
        tender.edit_section(session, section_id=background.id, body="New text")
    with pytest.raises(RuleBroken, match="reopen it first"):
        tender.add_section(session, tender_id=made.id, heading="Safeguarding")

    reopened = tender.reopen_tender(session, tender_id=made.id, reason="The budget changed")
    assert reopened.status is TenderStatus.DRAFT
    assert tender.edit_section(session, section_id=background.id, body="New text").body == "New text"


def test_versions_are_numbered_and_show_what_changed(session):
    """Saved versions count up, and a diff shows sections changed, added and removed."""
    _, made = _ready_tender(session)
    first = tender.save_version(session, tender_id=made.id, name="First draft")
    tender.edit_section(session, section_id=made.sections[0].id, body="Money for young people.")
    custom = tender.add_section(session, tender_id=made.id, heading="Safeguarding", body="Staff are checked.")
    second = tender.save_version(session, tender_id=made.id, name="After workshop 3")
    assert [(v.number, v.name) for v in tender.list_versions(session, tender_id=made.id)] == [
        (1, "First draft"),
        (2, "After workshop 3"),
    ]

    compared = tender.diff_versions(session, from_version_id=first.id, to_version_id=second.id)
    diffs = {d.key: d for d in compared}
    assert diffs["background"].change == "changed"
    assert "-Money for young people who have offended." in diffs["background"].unified_diff_lines
    assert "+Money for young people." in diffs["background"].unified_diff_lines
    assert diffs[custom.key].change == "added"
    assert diffs["budget"].change == "same" and diffs["budget"].unified_diff_lines == ()

    tender.remove_section(session, section_id=custom.id)
    against_draft = {d.key: d.change for d in tender.diff_versions(session, from_version_id=second.id)}
    assert against_draft[custom.key] == "removed"
    assert set(against_draft.values()) == {"same", "removed"}


def test_restoring_a_version_brings_back_its_sections(session):
    """Restoring a saved version puts back its text and removes sections added since."""
    _, made = _ready_tender(session)
    first = tender.save_version(session, tender_id=made.id, name="First draft")
    tender.edit_section(session, section_id=made.sections[0].id, body="Changed")
    tender.add_section(session, tender_id=made.id, heading="Safeguarding")
    restored = tender.restore_version(session, version_id=first.id)
    assert [(s.key, s.heading, s.body) for s in restored.sections] == list(
        tender.version_sections(session, version_id=first.id)
    )
    assert restored.sections[0].id == made.sections[0].id


def test_agreeing_needs_weights_adding_up_to_exactly_100(session):
    """Agreement is refused at 95% with the total named, and accepted at 100% as the version "Agreed"."""
    commission_id, made = _ready_tender(session)
    criteria = tender.set_criteria(
        session, commission_id=commission_id, criteria=[("Outcomes", "Meets them", 55), ("Value", "", 40)]
    )
    assert tender.weights_check(session, commission_id=commission_id) == (95, False)
    with pytest.raises(RuleBroken) as refused:
        tender.agree_tender(session, tender_id=made.id)
    assert refused.value.message == (
        "The tender cannot be agreed until these are put right:\n"
        "• The criteria weights add up to 95%; they must add up to 100%."
    )
    assert tender.get_tender(session, commission_id=commission_id).status is TenderStatus.DRAFT

    tender.update_criterion(session, criterion_id=criteria[1].id, weight=45)
    assert tender.weights_check(session, commission_id=commission_id) == (100, True)
    agreed = tender.agree_tender(session, tender_id=made.id)
    assert agreed.status is TenderStatus.AGREED and agreed.agreed_at is not None
    assert tender.list_versions(session, tender_id=made.id)[-1].name == "Agreed"


def test_agreeing_needs_text_in_every_standard_section(session):
    """An empty standard section blocks agreement and is named in the message."""
    _, made = _ready_tender(session)
    timetable = next(s for s in made.sections if s.key == "timetable")
    tender.edit_section(session, section_id=timetable.id, body="   ")
    with pytest.raises(RuleBroken, match='no text: "Timetable"'):
        tender.agree_tender(session, tender_id=made.id)


def test_criteria_cannot_change_once_bids_are_scored(session):
    """After a score is recorded, replacing or removing criteria is refused and they stay as they were."""
    commission_id, _ = _ready_tender(session)
    criteria = tender.list_criteria(session, commission_id=commission_id)
    panellist = Participant(commission_id=commission_id, pseudonym="Fox", is_panellist=True)
    bidder = Bidder(commission_id=commission_id, name="Talent show collective")
    session.add_all([panellist, bidder])
    session.flush()
    bid = Bid(commission_id=commission_id, bidder_id=bidder.id, title="Talent show", shortlisted=True)
    session.add(bid)
    session.flush()
    session.add(Score(bid_id=bid.id, criterion_id=criteria[0].id, panellist_id=panellist.id, value=4))
    session.flush()

    with pytest.raises(RuleBroken, match="already been scored"):
        tender.set_criteria(session, commission_id=commission_id, criteria=[("Anything", "", 100)])
    with pytest.raises(RuleBroken, match="already been scored"):
        tender.remove_criterion(session, criterion_id=criteria[1].id)
    assert tender.list_criteria(session, commission_id=commission_id) == criteria
