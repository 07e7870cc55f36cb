"""Writing the tender with the group: its sections, saved versions, evaluation criteria and agreement.

A new tender starts from the standard template, with the sections the app
already knows about (background, agreed outcomes, budget, duration, criteria,
how it was co-produced) filled in and the rest given starter text to edit.
Once agreed, the tender is frozen until someone reopens it with a reason.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from cocommission.model import (
    Commission,
    EvaluationCriterion,
    ModeratedScore,
    OutcomeStatement,
    OutcomeStatus,
    Participant,
    Role,
    Score,
    Tender,
    TenderSection,
    TenderStatus,
    TenderVersion,
    Workshop,
    new_id,
    utcnow,
)
from cocommission.model.base import today
from cocommission.model.money import format_money
from cocommission.model.scoring import weights_sum_to_100, weights_total
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.checks import whole_number
from cocommission.services.commissions import currency_info
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.lookup import fetch, unused_id
from cocommission.services.ordering import move_to, put_in_place, remove_from
from cocommission.services.text import required_text
from cocommission.wording import in_documents


@dataclass(frozen=True)
class StandardSection:
    """A section every tender has: its key, its heading, the text it starts with and how to write it.

    ``starter`` is text a bidder can read as it stands; ``guidance`` tells the people writing the
    tender what belongs there. Guidance is shown in the editor while the section is empty and is
    never section content, so it can never be printed.
    """

    key: str
    heading: str
    starter: str = ""
    guidance: str = ""


STANDARD_SECTIONS: tuple[StandardSection, ...] = (
    StandardSection(
        "background",
        "Background",
        guidance="Explain why this service is being commissioned: who it is for, what the money is meant to "
        "change and what has been tried before.",
    ),
    StandardSection(
        "outcomes",
        "The outcomes we want",
        guidance="Filled in from the outcomes the group agreed on the Outcomes page.",
    ),
    StandardSection(
        "requirements",
        "What the service must do",
        "The service must work towards every outcome listed above and show how far it has got, using the "
        "measures the group agreed. It must be safe, welcoming and open to the young people it is for, and "
        "involve them in how it is run. It must report its progress to the commissioner and to the group "
        "at least every three months.",
    ),
    StandardSection(
        "beneficiaries",
        "Who will benefit and how many",
        "The service is for young people in the area who use this service. Tell us how many young people "
        "you expect to work with over the life of the service, and how you will reach those who are least "
        "likely to come forward.",
    ),
    StandardSection("budget", "Budget", "The commissioner will confirm the budget for this service."),
    StandardSection("duration", "How long the service runs"),
    StandardSection(
        "evaluation",
        "How bids will be judged",
        guidance="Filled in from the criteria and weights on the Criteria tab once the group has agreed them.",
    ),
    StandardSection(
        "how_to_bid",
        "How to bid",
        "Send a written bid of no more than six pages, or a short video, saying what you would do, who "
        "would run it and what it would cost. Tell us how young people would help run the service. "
        "Shortlisted bidders will be interviewed by a panel that includes young people who use the service.",
    ),
    StandardSection(
        "timetable",
        "Timetable",
        "Shortlisted bidders will be invited to an interview about two weeks after the closing date and told "
        "the decision within a week of their interview. The service is expected to start within a month of "
        "the decision.",
        guidance="The closing date set in the tender's details is printed first. Say when shortlisted bidders "
        "will be interviewed, when they will hear the decision and when the service starts.",
    ),
    StandardSection(
        "co_production",
        "How this tender was written",
        guidance="Filled in from the young people and service users taking part and the workshops held.",
    ),
)
STANDARD_KEYS = frozenset(section.key for section in STANDARD_SECTIONS)
_STANDARD = {section.key: section for section in STANDARD_SECTIONS}

#: Words earlier templates put into sections as text: instructions to the writer, or promises
#: ("listed here once…", "the closing date given with this tender") that no data kept.
_RETIRED_TEMPLATE_TEXT = (
    "Explain why this service is being commissioned: who it is for, what the money is meant to change "
    "and what has been tried before.",
    "The criteria and their weights will be listed here once the group has agreed them.",
    "Bids must arrive by the closing date given with this tender.",
)

#: Roles that run or watch the commission rather than take part in it as people who use the service.
_STAFF_ROLES = (Role.FACILITATOR, Role.COMMISSIONER, Role.OBSERVER)


@dataclass(frozen=True)
class SectionRow:
    """One section of the tender as shown for editing."""

    id: str
    key: str
    position: int
    heading: str
    body: str
    #: What belongs in the section, for the editor to show while it is empty; never printed.
    guidance: str = ""


@dataclass(frozen=True)
class TenderRow:
    """The tender and its sections in order."""

    id: str
    title: str
    status: TenderStatus
    scoring_scale_max: int
    duration_months: int
    agreed_at: datetime | None
    sections: tuple[SectionRow, ...]
    #: The last day bids are accepted; None until someone sets it.
    closing_date: date | None = None


@dataclass(frozen=True)
class VersionRow:
    """A saved snapshot of the tender."""

    id: str
    number: int
    name: str
    saved_at: datetime


@dataclass(frozen=True)
class SectionDiff:
    """How one section differs between two versions; ``change`` is added, removed, changed or same."""

    key: str
    heading: str
    change: str
    unified_diff_lines: tuple[str, ...]


@dataclass(frozen=True)
class CriterionRow:
    """A criterion bids are scored against, with its weight in whole percent."""

    id: str
    position: int
    name: str
    description: str
    weight: int


# --------------------------------------------------------------------------- plain rows


def _section_row(section: TenderSection) -> SectionRow:
    standard = _STANDARD.get(section.key)
    guidance = standard.guidance if standard is not None else ""
    return SectionRow(section.id, section.key, section.position, section.heading, section.body, guidance)


def _sections(session: Session, tender_id: str) -> list[TenderSection]:
    return list(
        session.scalars(
            select(TenderSection).where(TenderSection.tender_id == tender_id).order_by(TenderSection.position)
        )
    )


def _tender_row(session: Session, tender: Tender) -> TenderRow:
    return TenderRow(
        id=tender.id,
        title=tender.title,
        status=tender.status,
        scoring_scale_max=tender.scoring_scale_max,
        duration_months=tender.duration_months,
        agreed_at=tender.agreed_at,
        sections=tuple(_section_row(section) for section in _sections(session, tender.id)),
        closing_date=tender.closing_date,
    )


def _version_row(version: TenderVersion) -> VersionRow:
    return VersionRow(version.id, version.number, version.name, version.saved_at)


def _criterion_row(criterion: EvaluationCriterion) -> CriterionRow:
    return CriterionRow(
        criterion.id, criterion.position, criterion.name, criterion.description, criterion.weight
    )


# --------------------------------------------------------------------------- pre-filled text


def _counted(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _outcomes_text(session: Session, commission_id: str) -> str:
    outcomes = session.scalars(
        select(OutcomeStatement)
        .where(
            OutcomeStatement.commission_id == commission_id,
            OutcomeStatement.status == OutcomeStatus.AGREED,
        )
        .order_by(OutcomeStatement.position)
    )
    lines = []
    for outcome in outcomes:
        lines.append(f"- {outcome.text.strip()}")
        if outcome.measure.strip():
            lines.append(f"  Measured by: {outcome.measure.strip()}")
    return "\n".join(lines)


def _budget_text(session: Session, commission: Commission) -> str:
    if commission.budget_minor <= 0:
        return _STANDARD["budget"].starter
    currency = currency_info(session, commission_id=commission.id, code=commission.budget_currency_code)
    amount = format_money(commission.budget_minor, currency)
    return f"The budget for this service is {amount} in total. Bids must not ask for more than this."


def _duration_text(months: int) -> str:
    return f"The service runs for {_counted(months, 'month', 'months')}."


def _evaluation_text(session: Session, commission_id: str, scale_max: int) -> str:
    criteria = criteria_in_order(session, commission_id)
    if not criteria:
        # Nothing to say yet: the editor shows the section's guidance, and agreeing waits for criteria.
        return ""
    lines = [
        "Bids will be scored by a panel that includes young people who use the service. Each criterion "
        f"is scored out of {scale_max} and counts for the share of the total shown beside it:"
    ]
    for criterion in criteria:
        described = f": {criterion.description.strip()}" if criterion.description.strip() else ""
        lines.append(f"- {criterion.name} ({criterion.weight}%){described}")
    return "\n".join(lines)


def closing_sentence(closing_date: date) -> str:
    """The sentence the timetable opens with: the day bids must arrive by."""
    return f"Bids must reach us by {long_date(closing_date)}."


def long_date(day: date) -> str:
    """A day as a bidder reads it: 7 February 2026."""
    return f"{day.day} {day:%B %Y}"


def co_production_facts(session: Session, commission_id: str, *, until: date) -> tuple[int, int, bool, bool]:
    """Who wrote the tender with the commissioner, as the records show on ``until``.

    Returns the people who use the service (withdrawn ones asked to stop and are not counted),
    the workshops held by then, and whether the group has agreed outcomes and criteria.
    """
    people = (
        session.scalar(
            select(func.count(Participant.id)).where(
                Participant.commission_id == commission_id,
                Participant.role.not_in(_STAFF_ROLES),
                Participant.withdrawn_on.is_(None),
            )
        )
        or 0
    )
    workshops = (
        session.scalar(
            select(func.count(Workshop.id)).where(
                Workshop.commission_id == commission_id, Workshop.held_on <= until
            )
        )
        or 0
    )
    outcomes_agreed = bool(
        session.scalar(
            select(
                exists().where(
                    OutcomeStatement.commission_id == commission_id,
                    OutcomeStatement.status == OutcomeStatus.AGREED,
                )
            )
        )
    )
    return people, workshops, outcomes_agreed, bool(criteria_in_order(session, commission_id))


def what_the_group_did(outcomes_agreed: bool, criteria_agreed: bool) -> str:
    """What the co-authors did, naming only what the records show they did."""
    done = []
    if outcomes_agreed:
        done.append("chose the outcomes the service must achieve")
    done.append("helped write this document")
    if criteria_agreed:
        done.append("agreed how bids will be judged")
    return in_documents.and_list(done)


def _co_production_text(session: Session, commission_id: str, *, until: date) -> str:
    # Counts only: naming the young people here would put them in a public document.
    people, workshops, outcomes_agreed, criteria_agreed = co_production_facts(
        session, commission_id, until=until
    )
    if not people:
        return ""
    who = _counted(people, "person who uses", "people who use")
    over = f", over {_counted(workshops, 'workshop', 'workshops')}" if workshops else ""
    return (
        f"This tender was written together with {who} the service{over}. They "
        f"{what_the_group_did(outcomes_agreed, criteria_agreed)}."
    )


def _prefilled_bodies(session: Session, commission: Commission, tender: Tender) -> dict[str, str]:
    return {
        "background": commission.description.strip(),
        "outcomes": _outcomes_text(session, commission.id),
        "budget": _budget_text(session, commission),
        "duration": _duration_text(tender.duration_months),
        "evaluation": _evaluation_text(session, commission.id, tender.scoring_scale_max),
        "co_production": _co_production_text(session, commission.id, until=today()),
    }


# --------------------------------------------------------------------------- the tender


def _tender_for(session: Session, commission_id: str) -> Tender | None:
    return session.scalar(select(Tender).where(Tender.commission_id == commission_id))


def _require_draft(tender: Tender) -> None:
    if tender.status is TenderStatus.AGREED:
        raise RuleBroken("The tender has been agreed, so it cannot be changed; reopen it first.")


def _any_scores(session: Session, commission_id: str) -> bool:
    of_commission = select(EvaluationCriterion.id).where(EvaluationCriterion.commission_id == commission_id)
    return bool(
        session.scalar(select(exists().where(Score.criterion_id.in_(of_commission))))
        or session.scalar(select(exists().where(ModeratedScore.criterion_id.in_(of_commission))))
    )


def create_tender(session: Session, *, commission_id: str, title: str | None = None) -> TenderRow:
    """Start the commission's tender from the standard template, filled in from what the group has agreed."""
    commission = fetch(session, Commission, commission_id, what="commission")
    if _tender_for(session, commission_id) is not None:
        raise RuleBroken("This commission already has a tender; open it instead of starting another.")
    if title is None:
        title = f"Tender: {commission.title}"[:200]
    tender = Tender(
        id=new_id(),
        commission_id=commission_id,
        title=required_text(title, "The tender needs a title."),
        status=TenderStatus.DRAFT,
        scoring_scale_max=5,
        duration_months=12,
    )
    session.add(tender)
    bodies = _prefilled_bodies(session, commission, tender)
    for position, standard in enumerate(STANDARD_SECTIONS, start=1):
        session.add(
            TenderSection(
                tender_id=tender.id,
                key=standard.key,
                position=position,
                heading=standard.heading,
                body=bodies.get(standard.key, standard.starter),
            )
        )
    record(
        session,
        commission_id=commission_id,
        action="tender.created",
        summary="Tender started from the standard template",
        details={"tender_id": tender.id},
        changed=("tender", tender.id),
    )
    return _tender_row(session, tender)


def get_tender(session: Session, *, commission_id: str) -> TenderRow:
    """The commission's tender with its sections in order."""
    fetch(session, Commission, commission_id, what="commission")
    tender = _tender_for(session, commission_id)
    if tender is None:
        raise NotFound("This commission has no tender yet; start one first.")
    return _tender_row(session, tender)


@contextmanager
def _generated_text_kept_in_step(session: Session, commission_id: str) -> Iterator[None]:
    """Rewrite the sections filled in from what changes inside, unless someone has written over them.

    A section still holding exactly what was filled in before the change is rewritten from the
    records after it, so "How bids will be judged" lists the criteria the group has just agreed
    instead of promising to list them later.
    """
    tender = _tender_for(session, commission_id)
    if tender is None or tender.status is TenderStatus.AGREED:
        yield
        return
    before = _kept_in_step(session, tender)
    yield
    session.flush()
    after = _kept_in_step(session, tender)
    for key, text in after.items():
        section = session.scalar(
            select(TenderSection).where(TenderSection.tender_id == tender.id, TenderSection.key == key)
        )
        if section is not None and text != before[key] and section.body == before[key]:
            section.body = text
            note_change(session, "tender_section", section.id, commission_id=commission_id)


def _kept_in_step(session: Session, tender: Tender) -> dict[str, str]:
    return {
        "evaluation": _evaluation_text(session, tender.commission_id, tender.scoring_scale_max),
        "duration": _duration_text(tender.duration_months),
        # It says whether the group has agreed how bids will be judged.
        "co_production": _co_production_text(session, tender.commission_id, until=today()),
    }


def update_tender(
    session: Session,
    *,
    tender_id: str,
    title: str | None = None,
    scoring_scale_max: int | None = None,
    duration_months: int | None = None,
) -> TenderRow:
    """Change the tender's title, scoring scale or duration; arguments left as None stay as they are."""
    tender = fetch(session, Tender, tender_id, what="tender")
    _require_draft(tender)
    with _generated_text_kept_in_step(session, tender.commission_id):
        _update_details(session, tender, title, scoring_scale_max, duration_months)
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.updated",
        summary="Tender details changed",
        details={"tender_id": tender.id},
        changed=("tender", tender.id),
    )
    return _tender_row(session, tender)


def _update_details(
    session: Session, tender: Tender, title: str | None, scoring_scale_max: int | None, duration_months: int | None
) -> None:
    if title is not None:
        tender.title = required_text(title, "The tender needs a title.")
    if scoring_scale_max is not None:
        whole_number(scoring_scale_max, "Bids are scored out of a whole number from 1 to 10.", low=1, high=10)
        if scoring_scale_max != tender.scoring_scale_max and _any_scores(session, tender.commission_id):
            raise RuleBroken(
                "Bids have already been scored, so the scoring scale cannot change; "
                "changing it would silently change the results."
            )
        tender.scoring_scale_max = scoring_scale_max
    if duration_months is not None:
        tender.duration_months = whole_number(
            duration_months, "The service runs for a whole number of months from 1 to 120.", low=1, high=120
        )


def set_closing_date(session: Session, *, tender_id: str, closing_date: date | None) -> TenderRow:
    """Set the last day bids are accepted (None clears it); the timetable is printed from it."""
    tender = fetch(session, Tender, tender_id, what="tender")
    _require_draft(tender)
    if closing_date is not None and (not isinstance(closing_date, date) or isinstance(closing_date, datetime)):
        raise InvalidInput("The closing date must be a day, such as 2026-03-27.")
    tender.closing_date = closing_date
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.closing_date_set",
        summary="Tender closing date set" if closing_date is not None else "Tender closing date cleared",
        details={"tender_id": tender.id, "closing_date": closing_date},
        changed=("tender", tender.id),
    )
    return _tender_row(session, tender)


# --------------------------------------------------------------------------- sections


def _section_and_tender(session: Session, section_id: str) -> tuple[TenderSection, Tender]:
    section = fetch(session, TenderSection, section_id, what="tender section")
    return section, session.get_one(Tender, section.tender_id)


def _section_by_key(session: Session, tender: Tender, key: str) -> TenderSection:
    section = session.scalar(
        select(TenderSection).where(TenderSection.tender_id == tender.id, TenderSection.key == key)
    )
    if section is None:
        raise NotFound(f"The tender has no section {key!r}; restore a version that has it.")
    return section


def edit_section(
    session: Session, *, section_id: str, heading: str | None = None, body: str | None = None
) -> SectionRow:
    """Change a section's heading or text; refused once the tender is agreed."""
    section, tender = _section_and_tender(session, section_id)
    _require_draft(tender)
    if heading is not None:
        section.heading = required_text(heading, "A section needs a heading.")
    if body is not None:
        section.body = body.strip()
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.section_edited",
        summary="Tender section edited",
        details={"tender_id": tender.id, "section_id": section.id, "key": section.key},
        changed=("tender_section", section.id),
    )
    return _section_row(section)


def _refresh_section(
    session: Session, *, tender_id: str, key: str, body: str, action: str, summary: str
) -> SectionRow:
    tender = fetch(session, Tender, tender_id, what="tender")
    _require_draft(tender)
    section = _section_by_key(session, tender, key)
    section.body = body
    record(
        session,
        commission_id=tender.commission_id,
        action=action,
        summary=summary,
        details={"tender_id": tender.id, "section_id": section.id},
        changed=("tender_section", section.id),
    )
    return _section_row(section)


def refresh_section_from_outcomes(session: Session, *, tender_id: str) -> SectionRow:
    """Rewrite the outcomes section from the outcome statements agreed now."""
    tender = fetch(session, Tender, tender_id, what="tender")
    body = _outcomes_text(session, tender.commission_id)
    if not body:
        raise RuleBroken(
            "No outcome statements have been agreed yet; agree some in the Outcomes stage first."
        )
    return _refresh_section(
        session,
        tender_id=tender_id,
        key="outcomes",
        body=body,
        action="tender.outcomes_refreshed",
        summary="Tender outcomes section rewritten from the agreed outcomes",
    )


def refresh_section_from_criteria(session: Session, *, tender_id: str) -> SectionRow:
    """Rewrite the "How bids will be judged" section from the current criteria and scoring scale."""
    tender = fetch(session, Tender, tender_id, what="tender")
    return _refresh_section(
        session,
        tender_id=tender_id,
        key="evaluation",
        body=_evaluation_text(session, tender.commission_id, tender.scoring_scale_max),
        action="tender.evaluation_refreshed",
        summary="Tender evaluation section rewritten from the criteria",
    )


def _custom_key(session: Session, tender_id: str, key: str | None) -> str:
    """A key of the facilitator's own that no section has had (or ``key``, putting back a removed section)."""
    if key is None:
        return f"custom_{new_id().replace('-', '')}"
    if key in STANDARD_KEYS or not key.startswith("custom_"):
        raise InvalidInput("Only a section of the facilitator's own can be put back.")
    if any(section.key == key for section in _sections(session, tender_id)):
        raise InvalidInput("That section is already in the tender; nothing was added.")
    return key


def add_section(
    session: Session,
    *,
    tender_id: str,
    heading: str,
    body: str = "",
    section_id: str | None = None,
    key: str | None = None,
    position: int | None = None,
) -> SectionRow:
    """Add a section of the facilitator's own at the end of the tender.

    Undo puts a removed section back with its ``section_id``, ``key`` and ``position``, so
    comparing versions still sees the same section.
    """
    tender = fetch(session, Tender, tender_id, what="tender")
    _require_draft(tender)
    heading = required_text(heading, "A section needs a heading.")
    sections = _sections(session, tender.id)
    # A key that is never reused, so comparing versions never mistakes a new section for an old one.
    section = TenderSection(
        id=unused_id(session, TenderSection, section_id, what="section"),
        tender_id=tender.id,
        key=_custom_key(session, tender.id, key),
        position=len(sections) + 1,
        heading=heading,
        body=body.strip(),
    )
    session.add(section)
    put_in_place(sections, section, position)
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.section_added",
        summary="Tender section added",
        details={"tender_id": tender.id, "section_id": section.id},
        changed=("tender_section", section.id),
    )
    return _section_row(section)


def remove_section(session: Session, *, section_id: str) -> TenderRow:
    """Remove a section the facilitator added; standard sections stay."""
    section, tender = _section_and_tender(session, section_id)
    _require_draft(tender)
    if section.key in STANDARD_KEYS:
        raise RuleBroken(f'"{section.heading}" is a standard section of every tender and cannot be removed.')
    remove_from(session, _sections(session, tender.id), section)
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.section_removed",
        summary="Tender section removed",
        details={"tender_id": tender.id, "section_id": section_id},
        changed=("tender_section", section_id),
    )
    return _tender_row(session, tender)


def move_section(session: Session, *, section_id: str, position: int) -> TenderRow:
    """Move a section to ``position`` (1 is the top); the others close up around it."""
    section, tender = _section_and_tender(session, section_id)
    _require_draft(tender)
    move_to(_sections(session, tender.id), section, position)
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.section_moved",
        summary=f"Tender section moved to position {position}",
        details={"tender_id": tender.id, "section_id": section.id, "position": position},
        changed=("tender_section", section.id),
    )
    return _tender_row(session, tender)


# --------------------------------------------------------------------------- versions


def _snapshot(session: Session, tender: Tender) -> str:
    sections = [{"key": s.key, "heading": s.heading, "body": s.body} for s in _sections(session, tender.id)]
    return json.dumps(sections, ensure_ascii=False)


def _add_version(session: Session, tender: Tender, name: str) -> TenderVersion:
    last = session.scalar(select(func.max(TenderVersion.number)).where(TenderVersion.tender_id == tender.id))
    version = TenderVersion(
        id=new_id(),
        tender_id=tender.id,
        number=(last or 0) + 1,
        name=name,
        sections_json=_snapshot(session, tender),
        saved_at=utcnow(),
    )
    session.add(version)
    return version


def save_version(session: Session, *, tender_id: str, name: str) -> VersionRow:
    """Save a named snapshot of every section, numbered 1, 2, 3…"""
    tender = fetch(session, Tender, tender_id, what="tender")
    version = _add_version(session, tender, required_text(name, "A saved version needs a name."))
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.version_saved",
        summary=f"Tender version {version.number} saved",
        details={"tender_id": tender.id, "version_id": version.id, "number": version.number},
        changed=("tender_version", version.id),
    )
    return _version_row(version)


def list_versions(session: Session, *, tender_id: str) -> tuple[VersionRow, ...]:
    """Every saved version of the tender, oldest first."""
    fetch(session, Tender, tender_id, what="tender")
    versions = session.scalars(
        select(TenderVersion).where(TenderVersion.tender_id == tender_id).order_by(TenderVersion.number)
    )
    return tuple(_version_row(version) for version in versions)


def _stored_sections(version: TenderVersion) -> tuple[tuple[str, str, str], ...]:
    return tuple((s["key"], s["heading"], s["body"]) for s in json.loads(version.sections_json))


def version_sections(session: Session, *, version_id: str) -> tuple[tuple[str, str, str], ...]:
    """The sections a version holds, in order, as (key, heading, body)."""
    return _stored_sections(fetch(session, TenderVersion, version_id, what="tender version"))


def _diff_section(
    key: str, old: tuple[str, str] | None, new: tuple[str, str] | None, from_label: str, to_label: str
) -> SectionDiff:
    # The heading is diffed as the first line so that a renamed section shows why it changed.
    old_lines = [f"# {old[0]}", *old[1].splitlines()] if old else []
    new_lines = [f"# {new[0]}", *new[1].splitlines()] if new else []
    if old is None:
        change = "added"
    elif new is None:
        change = "removed"
    else:
        change = "same" if old_lines == new_lines else "changed"
    lines = difflib.unified_diff(old_lines, new_lines, fromfile=from_label, tofile=to_label, lineterm="")
    heading = (new or old or (key, ""))[0]
    return SectionDiff(key, heading, change, tuple(lines) if change != "same" else ())


def diff_versions(
    session: Session, *, from_version_id: str, to_version_id: str | None = None
) -> tuple[SectionDiff, ...]:
    """How each section changed between two versions (``to_version_id`` None means the current draft)."""
    old_version = fetch(session, TenderVersion, from_version_id, what="tender version")
    if to_version_id is None:
        tender = session.get_one(Tender, old_version.tender_id)
        new_sections = tuple((s.key, s.heading, s.body) for s in _sections(session, tender.id))
        to_label = "current draft"
    else:
        new_version = fetch(session, TenderVersion, to_version_id, what="tender version")
        if new_version.tender_id != old_version.tender_id:
            raise InvalidInput("Both versions must belong to the same tender.")
        new_sections = _stored_sections(new_version)
        to_label = f"version {new_version.number}: {new_version.name}"
    from_label = f"version {old_version.number}: {old_version.name}"
    old = {key: (heading, body) for key, heading, body in _stored_sections(old_version)}
    new = {key: (heading, body) for key, heading, body in new_sections}
    keys = [key for key, _, _ in new_sections] + [key for key in old if key not in new]
    return tuple(_diff_section(key, old.get(key), new.get(key), from_label, to_label) for key in keys)


def restore_version(session: Session, *, version_id: str) -> TenderRow:
    """Make the draft's sections what they were in a saved version; refused once agreed."""
    version = fetch(session, TenderVersion, version_id, what="tender version")
    tender = session.get_one(Tender, version.tender_id)
    _require_draft(tender)
    stored = _stored_sections(version)
    current = {section.key: section for section in _sections(session, tender.id)}
    wanted = {key for key, _, _ in stored}
    for key, unwanted in current.items():
        if key not in wanted:
            session.delete(unwanted)
    session.flush()
    # Sections kept their keys, so they are updated in place and keep their ids.
    for position, (key, heading, body) in enumerate(stored, start=1):
        section = current.get(key)
        if section is None:
            session.add(
                TenderSection(tender_id=tender.id, key=key, position=position, heading=heading, body=body)
            )
        else:
            section.position, section.heading, section.body = position, heading, body
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.version_restored",
        summary=f"Tender restored to version {version.number}",
        details={"tender_id": tender.id, "version_id": version.id, "number": version.number},
        changed=("tender", tender.id),
    )
    return _tender_row(session, tender)


# --------------------------------------------------------------------------- criteria


def criteria_in_order(session: Session, commission_id: str) -> list[EvaluationCriterion]:
    """The commission's evaluation criteria as mapped rows, in their order (for other services)."""
    return list(
        session.scalars(
            select(EvaluationCriterion)
            .where(EvaluationCriterion.commission_id == commission_id)
            .order_by(EvaluationCriterion.position)
        )
    )


def _require_criteria_changeable(session: Session, commission_id: str) -> None:
    tender = _tender_for(session, commission_id)
    if tender is not None:
        _require_draft(tender)
    if _any_scores(session, commission_id):
        raise RuleBroken(
            "Bids have already been scored against these criteria, so they cannot change; "
            "changing them would silently change the results."
        )


def _check_weight(weight: int) -> int:
    message = f"A criterion's weight is a whole percentage from 0 to 100; {weight!r} is not."
    return whole_number(weight, message, low=0, high=100)


def _checked_criterion(name: str, description: str, weight: int) -> tuple[str, str, int]:
    name = required_text(name, "Every criterion needs a name.")
    return name, (description or "").strip(), _check_weight(weight)


def _note_criteria(session: Session, commission_id: str, ids: Sequence[str]) -> None:
    for criterion_id in ids:
        note_change(session, "criterion", criterion_id, commission_id=commission_id)


def list_criteria(session: Session, *, commission_id: str) -> tuple[CriterionRow, ...]:
    """The commission's evaluation criteria in order."""
    fetch(session, Commission, commission_id, what="commission")
    return tuple(_criterion_row(criterion) for criterion in criteria_in_order(session, commission_id))


def set_criteria(
    session: Session, *, commission_id: str, criteria: Sequence[tuple[str, str, int]]
) -> tuple[CriterionRow, ...]:
    """Replace the criteria with (name, description, weight) in this order."""
    fetch(session, Commission, commission_id, what="commission")
    with _generated_text_kept_in_step(session, commission_id):
        _require_criteria_changeable(session, commission_id)
        checked = [_checked_criterion(*criterion) for criterion in criteria]
        names = [name.casefold() for name, _, _ in checked]
        if len(set(names)) != len(names):
            raise InvalidInput("Two criteria have the same name; give each criterion its own name.")
        # Criteria keeping their name keep their id, so interview questions linked to them stay linked.
        existing = {criterion.name.casefold(): criterion for criterion in criteria_in_order(session, commission_id)}
        touched = [criterion.id for criterion in existing.values()]
        for key, unwanted in existing.items():
            if key not in names:
                session.delete(unwanted)
        for position, (name, description, weight) in enumerate(checked, start=1):
            criterion = existing.get(name.casefold())
            if criterion is None:
                criterion = EvaluationCriterion(
                    id=new_id(),
                    commission_id=commission_id,
                    position=position,
                    name=name,
                    description=description,
                    weight=weight,
                )
                session.add(criterion)
                touched.append(criterion.id)
            else:
                criterion.position, criterion.name = position, name
                criterion.description, criterion.weight = description, weight
        session.flush()
        record(
            session,
            commission_id=commission_id,
            action="criteria.set",
            summary=f"Evaluation criteria replaced ({len(checked)} criteria)",
            details={"count": len(checked)},
        )
        _note_criteria(session, commission_id, touched)
        return list_criteria(session, commission_id=commission_id)


def add_criterion(
    session: Session,
    *,
    commission_id: str,
    name: str,
    description: str = "",
    weight: int = 0,
    criterion_id: str | None = None,
    position: int | None = None,
) -> CriterionRow:
    """Add a criterion at the end of the list (Undo puts one back with its ``criterion_id`` and ``position``)."""
    fetch(session, Commission, commission_id, what="commission")
    with _generated_text_kept_in_step(session, commission_id):
        _require_criteria_changeable(session, commission_id)
        name, description, weight = _checked_criterion(name, description, weight)
        existing = criteria_in_order(session, commission_id)
        if any(criterion.name.casefold() == name.casefold() for criterion in existing):
            raise InvalidInput(f"There is already a criterion called {name!r}; give this one another name.")
        criterion = EvaluationCriterion(
            id=unused_id(session, EvaluationCriterion, criterion_id, what="criterion"),
            commission_id=commission_id,
            position=len(existing) + 1,
            name=name,
            description=description,
            weight=weight,
        )
        session.add(criterion)
        put_in_place(existing, criterion, position)
        record(
            session,
            commission_id=commission_id,
            action="criterion.added",
            summary="Evaluation criterion added",
            details={"criterion_id": criterion.id, "weight": weight},
            changed=("criterion", criterion.id),
        )
        return _criterion_row(criterion)


def update_criterion(
    session: Session,
    *,
    criterion_id: str,
    name: str | None = None,
    description: str | None = None,
    weight: int | None = None,
) -> CriterionRow:
    """Change a criterion's name, description or weight; arguments left as None stay as they are."""
    criterion = fetch(session, EvaluationCriterion, criterion_id, what="criterion")
    with _generated_text_kept_in_step(session, criterion.commission_id):
        _require_criteria_changeable(session, criterion.commission_id)
        if name is not None:
            name = required_text(name, "Every criterion needs a name.")
            clash = session.scalar(
                select(EvaluationCriterion.id).where(
                    EvaluationCriterion.commission_id == criterion.commission_id,
                    EvaluationCriterion.id != criterion.id,
                    func.lower(EvaluationCriterion.name) == name.lower(),
                )
            )
            if clash:
                raise InvalidInput(f"There is already a criterion called {name!r}; give this one another name.")
            criterion.name = name
        if description is not None:
            criterion.description = description.strip()
        if weight is not None:
            criterion.weight = _check_weight(weight)
        record(
            session,
            commission_id=criterion.commission_id,
            action="criterion.updated",
            summary="Evaluation criterion changed",
            details={"criterion_id": criterion.id, "weight": criterion.weight},
            changed=("criterion", criterion.id),
        )
        return _criterion_row(criterion)


def remove_criterion(session: Session, *, criterion_id: str) -> tuple[CriterionRow, ...]:
    """Remove a criterion; the rest close up. Returns the criteria left."""
    criterion = fetch(session, EvaluationCriterion, criterion_id, what="criterion")
    commission_id = criterion.commission_id
    with _generated_text_kept_in_step(session, commission_id):
        _require_criteria_changeable(session, commission_id)
        remove_from(session, criteria_in_order(session, commission_id), criterion)
        record(
            session,
            commission_id=commission_id,
            action="criterion.removed",
            summary="Evaluation criterion removed",
            details={"criterion_id": criterion_id},
            changed=("criterion", criterion_id),
        )
        return list_criteria(session, commission_id=commission_id)


def weights_check(session: Session, *, commission_id: str) -> tuple[int, bool]:
    """The criteria weights' total in percent, and whether it is exactly 100."""
    fetch(session, Commission, commission_id, what="commission")
    weights = [criterion.weight for criterion in criteria_in_order(session, commission_id)]
    return round(weights_total(weights)), weights_sum_to_100(weights)


# --------------------------------------------------------------------------- agreeing


class TenderNotReady(RuleBroken):
    """The tender cannot be agreed yet; ``problems`` lists everything that stands in the way."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(f"• {problem}" for problem in self.problems)
        super().__init__(f"The tender cannot be agreed until these are put right:\n{listed}")


def _plain_words(text: str) -> str:
    return " ".join(text.split()).casefold()


def _template_text_left_in(sections: Sequence[TenderSection]) -> dict[str, str]:
    """Each section still holding the template's instructions, by id, with what to say about it."""
    instructions = [standard.guidance for standard in STANDARD_SECTIONS if standard.guidance]
    instructions += _RETIRED_TEMPLATE_TEXT
    problems = {}
    for section in sections:
        body = _plain_words(section.body)
        left = next((text for text in instructions if _plain_words(text) in body), None)
        if left is not None:
            opening = " ".join(left.split()[:6])
            problems[section.id] = (
                f'"{section.heading}" still holds the template\'s words ("{opening}…"); '
                "replace them with the group's own text."
            )
    return problems


#: How each section filled in from the records starts, and what has changed when it no longer matches.
_GENERATED_OPENINGS = {
    "budget": ("The budget for this service is ", "it does not give the budget as it is now"),
    "duration": ("The service runs for ", "it does not give how long the service runs as it is now"),
    "evaluation": (
        "Bids will be scored by a panel",
        "it does not list the criteria, their weights and the scoring scale as they are now",
    ),
    "co_production": (
        "This tender was written together with ",
        "it does not give the people, the workshops and what the group agreed as they are now",
    ),
}


def _claims_unsupported(
    session: Session, commission: Commission, tender: Tender, sections: Sequence[TenderSection]
) -> list[str]:
    """Sections still holding text filled in from the records that the records no longer bear out."""
    current = _prefilled_bodies(session, commission, tender)
    problems = []
    for section in sections:
        body = section.body.strip()
        if section.key == "outcomes":
            listed = [line[2:].strip() for line in body.splitlines() if line.startswith("- ")]
            agreed = {line[2:].strip() for line in current["outcomes"].splitlines() if line.startswith("- ")}
            if listed and set(listed) != agreed:
                problems.append(
                    f'"{section.heading}" lists outcomes that are not the ones the group agreed; '
                    "refresh it from the agreed outcomes."
                )
            continue
        opening = _GENERATED_OPENINGS.get(section.key)
        # Words the group added around the filled-in text are theirs; only the filled-in claims are checked.
        if opening is None or opening[0] not in body or (current[section.key] and current[section.key] in body):
            continue
        if section.key == "co_production" and any(
            text and text in body for text in _co_production_texts_so_far(session, commission.id)
        ):
            continue
        if section.key == "evaluation" and not current["evaluation"]:
            reason = "there are no criteria yet"
        else:
            reason = opening[1]
        problems.append(f'"{section.heading}" does not match the records: {reason}; rewrite it to match.')
    return problems


def _co_production_texts_so_far(session: Session, commission_id: str) -> set[str]:
    """The statement as it read on each workshop day up to today.

    "Over 3 workshops" stays true after a fourth is held: the tender was written over the first three.
    """
    days = session.scalars(
        select(Workshop.held_on).where(Workshop.commission_id == commission_id, Workshop.held_on <= today())
    )
    return {_co_production_text(session, commission_id, until=day) for day in {*days, today()}}


def _closing_date_problems(tender: Tender) -> list[str]:
    if tender.closing_date is None:
        return ["The tender has no closing date; set the day bids must reach you by in the tender's details."]
    if tender.closing_date <= today():
        return [
            f"The closing date, {long_date(tender.closing_date)}, is not after today; "
            "set a later day in the tender's details."
        ]
    return []


def tender_problems(session: Session, *, tender_id: str) -> tuple[str, ...]:
    """Everything that stops the tender being agreed, in words the facilitator can act on; empty when ready.

    A tender is a public document: it may not carry the template's instructions, promise
    what the records do not show, or leave bidders without a closing date still to come.
    """
    tender = fetch(session, Tender, tender_id, what="tender")
    commission = session.get_one(Commission, tender.commission_id)
    problems: list[str] = []
    if not criteria_in_order(session, tender.commission_id):
        problems.append("The tender has no evaluation criteria; add them on the Criteria tab.")
    else:
        total, ok = weights_check(session, commission_id=tender.commission_id)
        if not ok:
            problems.append(f"The criteria weights add up to {total}%; they must add up to 100%.")
    problems += _closing_date_problems(tender)
    sections = _sections(session, tender.id)
    bodies = {section.key: section for section in sections}
    empty = [
        bodies[standard.key].heading if standard.key in bodies else standard.heading
        for standard in STANDARD_SECTIONS
        if standard.key not in bodies or not bodies[standard.key].body.strip()
    ]
    if empty:
        listed = ", ".join(f'"{heading}"' for heading in empty)
        problems.append(f"These sections have no text: {listed}; write them.")
    template = _template_text_left_in(sections)
    problems += template.values()
    problems += _claims_unsupported(session, commission, tender, [s for s in sections if s.id not in template])
    return tuple(problems)


def agree_tender(session: Session, *, tender_id: str) -> TenderRow:
    """Mark the tender agreed by the group and save it as the version "Agreed"."""
    tender = fetch(session, Tender, tender_id, what="tender")
    if tender.status is TenderStatus.AGREED:
        raise RuleBroken("The tender is already agreed.")
    problems = tender_problems(session, tender_id=tender.id)
    if problems:
        raise TenderNotReady(problems)
    tender.status = TenderStatus.AGREED
    tender.agreed_at = utcnow()
    version = _add_version(session, tender, "Agreed")
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.agreed",
        summary=f"Tender agreed and saved as version {version.number}",
        details={"tender_id": tender.id, "version_id": version.id},
        changed=("tender", tender.id),
    )
    note_change(session, "tender_version", version.id, commission_id=tender.commission_id)
    return _tender_row(session, tender)


def reopen_tender(session: Session, *, tender_id: str, reason: str) -> TenderRow:
    """Put an agreed tender back to draft so it can be changed; the reason is kept in the audit log."""
    tender = fetch(session, Tender, tender_id, what="tender")
    reason = required_text(
        reason, "Say why the tender is being reopened; the reason is kept in the audit log."
    )
    if tender.status is not TenderStatus.AGREED:
        raise RuleBroken("The tender is still a draft, so there is nothing to reopen.")
    tender.status = TenderStatus.DRAFT
    tender.agreed_at = None
    record(
        session,
        commission_id=tender.commission_id,
        action="tender.reopened",
        summary="Tender reopened for changes",
        details={"tender_id": tender.id, "reason": reason},
        changed=("tender", tender.id),
    )
    return _tender_row(session, tender)
