"""A tender only says what the records show: no template instructions, no stale promises, a real closing date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cocommission.model import OutcomeStatement, OutcomeStatus, Participant, Role, TenderStatus
from cocommission.model.base import today
from cocommission.services import audit, commissions, tender
from cocommission.services.errors import InvalidInput, RuleBroken
from cocommission.services.tender import TenderNotReady


def _commission(session, *, description: str = "Money for young people who have offended.") -> str:
    commission_id = commissions.create_commission(
        session, title="Youth justice fund", description=description, budget_minor=2_000_000
    ).id
    session.add(
        OutcomeStatement(
            commission_id=commission_id, position=1, text="Young people feel safe", status=OutcomeStatus.AGREED
        )
    )
    session.add(Participant(commission_id=commission_id, pseudonym="Fox", role=Role.YOUNG_PERSON))
    session.flush()
    return commission_id


def _section(session, commission_id: str, key: str) -> tender.SectionRow:
    row = tender.get_tender(session, commission_id=commission_id)
    return next(section for section in row.sections if section.key == key)


def _agreeable(session, commission_id: str) -> tender.TenderRow:
    made = tender.create_tender(session, commission_id=commission_id)
    tender.set_criteria(session, commission_id=commission_id, criteria=[("Outcomes", "", 60), ("Value", "", 40)])
    tender.set_closing_date(session, tender_id=made.id, closing_date=today() + timedelta(days=20))
    return made


def test_template_instructions_are_guidance_never_section_text(session):
    """Without a description the background is empty and its instructions are only the editor's guidance."""
    commission_id = _commission(session, description="")
    made = tender.create_tender(session, commission_id=commission_id)
    background = _section(session, commission_id, "background")
    assert background.body == ""
    assert background.guidance.startswith("Explain why this service is being commissioned")
    assert all("Explain why" not in section.body for section in made.sections)
    assert all("closing date given with this tender" not in section.body for section in made.sections)


def test_criteria_agreed_after_the_tender_was_started_are_listed_in_how_bids_are_judged(session):
    """Section 7 lists the criteria and weights once agreed, instead of promising to list them later."""
    commission_id = _commission(session)
    tender.create_tender(session, commission_id=commission_id)
    assert "listed here once" not in _section(session, commission_id, "evaluation").body

    tender.set_criteria(
        session, commission_id=commission_id, criteria=[("Led by young people", "", 70), ("Value", "", 30)]
    )
    body = _section(session, commission_id, "evaluation").body
    assert "- Led by young people (70%)" in body and "- Value (30%)" in body

    tender_id = tender.get_tender(session, commission_id=commission_id).id
    tender.update_tender(session, tender_id=tender_id, scoring_scale_max=10)
    assert "scored out of 10" in _section(session, commission_id, "evaluation").body


def test_written_over_evaluation_text_is_kept_when_criteria_change(session):
    """The group's own words in section 7 are never overwritten when a criterion changes."""
    commission_id = _commission(session)
    tender.create_tender(session, commission_id=commission_id)
    tender.edit_section(
        session, section_id=_section(session, commission_id, "evaluation").id, body="Our own words."
    )
    tender.set_criteria(session, commission_id=commission_id, criteria=[("Value", "", 100)])
    assert _section(session, commission_id, "evaluation").body == "Our own words."


def test_closing_date_is_set_cleared_and_audited(session):
    """The closing date is stored on the tender, and setting or clearing it is in the audit log."""
    commission_id = _commission(session)
    made = tender.create_tender(session, commission_id=commission_id)
    day = date(2030, 2, 7)
    assert tender.set_closing_date(session, tender_id=made.id, closing_date=day).closing_date == day
    assert tender.get_tender(session, commission_id=commission_id).closing_date == day
    assert tender.set_closing_date(session, tender_id=made.id, closing_date=None).closing_date is None
    actions = [line.action for line in audit.list_audit(session, commission_id=commission_id)]
    assert actions.count("tender.closing_date_set") == 2
    with pytest.raises(InvalidInput, match="must be a day"):
        tender.set_closing_date(session, tender_id=made.id, closing_date="7 Feb")


def test_closing_date_cannot_change_once_agreed(session):
    """An agreed tender's closing date is frozen like the rest of it."""
    commission_id = _commission(session)
    made = _agreeable(session, commission_id)
    tender.agree_tender(session, tender_id=made.id)
    with pytest.raises(RuleBroken, match="reopen it first"):
        tender.set_closing_date(session, tender_id=made.id, closing_date=date(2031, 1, 1))


def test_agreeing_lists_every_problem_and_agrees_nothing(session):
    """Template text, a missing closing date, a stale claim and empty sections are all listed at once."""
    commission_id = _commission(session)
    made = tender.create_tender(session, commission_id=commission_id)
    background = _section(session, commission_id, "background")
    tender.edit_section(
        session,
        section_id=background.id,
        body="Explain why this service is being commissioned: who it is for, what the money is meant to change "
        "and what has been tried before.",
    )
    # The budget changes after the tender was filled in from it.
    commissions.update_commission(session, commission_id=commission_id, budget_minor=1_500_000)

    with pytest.raises(TenderNotReady) as refused:
        tender.agree_tender(session, tender_id=made.id)

    problems = refused.value.problems
    assert any("no evaluation criteria" in problem for problem in problems)
    assert any("no closing date" in problem for problem in problems)
    assert any('"Background" still holds the template' in problem for problem in problems)
    assert any('"Budget" does not match the records' in problem for problem in problems)
    assert any('"How bids will be judged"' in problem for problem in problems)
    assert all(f"• {problem}" in refused.value.message for problem in problems)
    assert tender.get_tender(session, commission_id=commission_id).status is TenderStatus.DRAFT
    assert tender.list_versions(session, tender_id=made.id) == ()


def test_a_closing_date_that_has_passed_stops_agreement(session):
    """A closing date of today or earlier is named as the problem; a later one lets the tender be agreed."""
    commission_id = _commission(session)
    made = _agreeable(session, commission_id)
    tender.set_closing_date(session, tender_id=made.id, closing_date=today())
    assert tender.tender_problems(session, tender_id=made.id) == (
        f"The closing date, {tender.long_date(today())}, is not after today; "
        "set a later day in the tender's details.",
    )
    tender.set_closing_date(session, tender_id=made.id, closing_date=today() + timedelta(days=1))
    assert tender.agree_tender(session, tender_id=made.id).status is TenderStatus.AGREED


def test_an_old_tender_promising_the_criteria_later_is_caught(session):
    """Stored text from an older template ("listed here once…") is listed as template text."""
    commission_id = _commission(session)
    made = _agreeable(session, commission_id)
    tender.edit_section(
        session,
        section_id=_section(session, commission_id, "evaluation").id,
        body="Bids will be scored by a panel that includes young people who use the service. The criteria "
        "and their weights will be listed here once the group has agreed them.",
    )
    problems = tender.tender_problems(session, tender_id=made.id)
    assert any('"How bids will be judged" still holds the template' in problem for problem in problems)


def test_words_added_around_filled_in_text_do_not_stop_agreement(session):
    """A sentence the group adds after the listed criteria is theirs; the criteria still match, so nothing is listed."""
    commission_id = _commission(session)
    made = _agreeable(session, commission_id)
    evaluation = _section(session, commission_id, "evaluation")
    tender.edit_section(session, section_id=evaluation.id, body=evaluation.body + "\nWe read every bid twice.")
    assert tender.tender_problems(session, tender_id=made.id) == ()

    tender.edit_section(session, section_id=evaluation.id, body=evaluation.body.replace("(60%)", "(70%)"))
    problems = tender.tender_problems(session, tender_id=made.id)
    assert problems == (
        '"How bids will be judged" does not match the records: it does not list the criteria, their weights '
        "and the scoring scale as they are now; rewrite it to match.",
    )
