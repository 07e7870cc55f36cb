"""The worked example: a youth justice fund decided by the young people it is for.

It follows a real story. A council had £20,000 for a service for young people
who had offended. It recruited eight of them, paid them per hour in Brixton
Pounds across four workshops, and together they defined the outcomes, wrote
the tender, interviewed three shortlisted bidders and chose to fund a
youth-run talent show — not the commissioning manager's first choice.

Every record is made through the services, so the example obeys every rule a
real commission does. Names are invented; some are deliberately written in
other scripts and with accents so that screens and print can be checked.

The story is told day by day (``told_as_of``), in the order it happened, so every
date and timestamp it leaves agrees with every other: consent before the first
workshop, the tender agreed before bids arrive and closing after that, a
conflict of interest declared before the panel scores, and the decision last.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from cocommission.model import (
    HonorariumBasis,
    OutcomeStatus,
    PaymentMethod,
    QuestionKind,
    Role,
    Stage,
    Visibility,
)
from cocommission.model.base import told_as_of
from cocommission.model.money import BRIXTON_POUND, POUND_STERLING
from cocommission.services import (
    attendance,
    bids,
    commissions,
    conflicts,
    decision,
    feedback,
    honoraria,
    interview_questions,
    moderation,
    outcomes,
    panellists,
    participants,
    payments,
    speaking,
    tender,
    voting,
)
from cocommission.services.agenda import add_agenda_item
from cocommission.services.example import COMMISSIONING_BODY, TITLE

# Where the tests and older callers look for it; "Open the example" imports it from ``example``.
from cocommission.services.example import find_or_create_example as find_or_create_example
from cocommission.services.scores import record_score
from cocommission.services.workshops import add_workshop

# The story's calendar: Saturday workshops, the tender out between the third and the fourth.
FIRST_WORKSHOP = date(2026, 2, 7)
CONSENT_DAY = FIRST_WORKSHOP - timedelta(days=10)
WORKSHOP_DAYS = (FIRST_WORKSHOP, date(2026, 2, 21), date(2026, 3, 7), date(2026, 4, 11))
TENDER_AGREED_DAY = WORKSHOP_DAYS[2]
CLOSING_DATE = date(2026, 3, 27)
BIDS_RECEIVED_DAY = date(2026, 3, 18)
SHORTLIST_DAY = date(2026, 3, 31)
DECISION_DAY = WORKSHOP_DAYS[3]

#: (pseudonym, private full name, under 18, language, access needs)
YOUNG_PEOPLE = (
    ("Blaze", "Marcus Okoro", False, "English", ""),
    ("Kiki", "Keisha Campbell", True, "English", ""),
    ("Zo", "Zoë Adeyemi", True, "English", "Prefers written instructions"),
    ("Luka", "Łukasz Nowak", False, "Polish", ""),
    ("Ngozi", "Ngozi Eze", False, "English", ""),
    ("Ace", "Ахмед Алиев", True, "Russian", "Interpreter for workshop 1"),
    ("Jay-M", "Jamal Morrison", False, "English", "Step-free access"),
    ("Tee", "Tia Brown", True, "English", ""),
)

WORKSHOPS: tuple[tuple[str, *tuple[tuple[str, int], ...]], ...] = (
    (
        "Getting to know each other and what matters",
        ("Welcome and ground rules", 20),
        ("What would make a difference?", 60),
        ("Dot vote", 30),
        ("Pay and close", 10),
    ),
    (
        "Agreeing the outcomes",
        ("Recap", 15),
        ("Merging similar outcomes", 45),
        ("Ranking the top five", 45),
        ("Pay and close", 15),
    ),
    (
        "Writing the tender together",
        ("What bidders need to know", 30),
        ("Criteria and weights", 60),
        ("Interview questions", 45),
    ),
    ("Interviews and the decision", ("Interviews", 120), ("Scoring and moderation", 45), ("Decision", 30)),
)

OUTCOMES = (
    (
        "Young people feel safe on the estate",
        "Fewer young people say they avoid places because they feel unsafe",
    ),
    (
        "Young people have somewhere to go in the evenings",
        "Evening sessions held each week and how many come",
    ),
    ("Young people find out what they are good at", "Young people can name a skill they have built"),
    ("Fewer young people get in trouble with the police again", "Re-offending among those who take part"),
    ("Young people are listened to by adults in charge", "Young people say adults acted on what they said"),
    ("Young people get help into work or training", "Number starting work, college or an apprenticeship"),
    ("Young people show their talent to the community", "Performances or shows held and audience numbers"),
    ("Young people trust at least one adult", "Young people can name an adult they trust"),
    ("Parents and carers are involved", "Parents or carers who come to an event"),
    ("Young people lead parts of the project themselves", "Share of sessions planned or run by young people"),
    ("Young people have a voice", ""),
    ("Young people's ideas are heard by the council", ""),
)
#: The two statements (by index above) the group merged into one, and the words they agreed.
MERGED = (
    (10, 11),
    "Young people's voices shape decisions that affect them",
    "Decisions the council changed after hearing young people",
)

CRITERIA = (
    ("Designed and led by young people", "How far young people plan, run and lead the service", 30),
    (
        "Reaches young people in the youth justice system",
        "A realistic plan to reach and keep the young people this is for",
        25,
    ),
    ("Safe and trusted adults", "Safeguarding, and adults young people will trust", 20),
    ("Value for money", "What the budget buys, and how much reaches young people", 15),
    ("Measuring the outcomes", "How the bidder will show the agreed outcomes are being met", 10),
)

#: (bidder, organisation type, bid title, summary, amount in pounds, shortlisted)
BIDS = (
    (
        "Southside Youth Collective",
        "Youth-led group",
        "Southside Stars: a talent show run by local youth",
        "Twelve weeks of workshops in music, dance, spoken word and production, ending in a show young people run "
        "themselves, with mentors who have lived experience of the youth justice system.",
        19_500,
        True,
    ),
    (
        "Pathways Mentoring CIC",
        "Community interest company",
        "Mentoring for Change",
        "One-to-one mentoring for 20 young people by trained volunteer mentors over nine months.",
        20_000,
        True,
    ),
    (
        "Active Estates Trust",
        "Charity",
        "Friday Night Street Sport",
        "Weekly football and basketball nights on the estate with youth workers and a coaching pathway.",
        18_000,
        True,
    ),
    (
        "MindWorks Ltd",
        "Company",
        "Online Skills for Life",
        "A twelve-module online course on managing emotions and choices, with certificates.",
        20_000,
        False,
    ),
)

INTERVIEW_QUESTIONS = (
    ("How will young people be in charge, not just taking part?", 0),
    ("What will you do when a young person stops turning up?", 1),
    ("How will young people know they can trust your staff?", 2),
    ("How much of the money reaches young people directly?", 3),
    ("How will you show us it worked?", 4),
)

FEEDBACK_QUESTIONS = (
    ("I felt listened to today", QuestionKind.FACES),
    ("I understood what we decided", QuestionKind.FACES),
    ("Would you take part in something like this again?", QuestionKind.YES_NO),
    ("What should we change next time?", QuestionKind.TEXT),
)


def _at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def create_example_commission(session: Session) -> str:
    """Create the worked example commission and return its id."""
    with told_as_of(_at(CONSENT_DAY, 10)):
        commission = commissions.create_commission(
            session,
            title=TITLE,
            service_area="Youth justice — prevention and diversion",
            commissioning_body=COMMISSIONING_BODY,
            description=(
                "The council has £20,000 for a service for young people aged 14 to 19 who have been in trouble "
                "with the police. Instead of deciding for them, it asked eight young people with experience of "
                "the youth justice system to decide what the service should achieve and who should run it."
            ),
            budget_minor=2_000_000,
            budget_currency=POUND_STERLING,
            honorarium_rate_minor=1000,
            honorarium_currency=BRIXTON_POUND,
            honorarium_basis=HonorariumBasis.HOUR,
            retention_until=date(2028, 3, 31),
        )
        cid = commission.id
        group = _people(session, cid)
        workshops = _workshops(session, cid)
        session.flush()
    with told_as_of(_at(WORKSHOP_DAYS[0])):
        _attendance(session, workshops, group, 0)
        agreed = _outcomes(session, cid)
        dots = _dot_vote(session, cid, group, workshops, agreed)
        session.flush()
    with told_as_of(_at(WORKSHOP_DAYS[1])):
        _attendance(session, workshops, group, 1)
        _ranking(session, cid, group, workshops, live_outcomes=agreed, dots=dots)
        _speaking(session, cid, group, workshops)
        session.flush()
    with told_as_of(_at(TENDER_AGREED_DAY)):
        _attendance(session, workshops, group, 2)
        _payments(session, cid, workshops[:3])
        _tender(session, cid)
        session.flush()
    with told_as_of(_at(BIDS_RECEIVED_DAY, 12)):
        bid_ids = _bids(session, cid)
        session.flush()
    with told_as_of(_at(SHORTLIST_DAY, 12)):
        _shortlist(session, cid, group, bid_ids)
        session.flush()
    with told_as_of(_at(DECISION_DAY, 11)):
        _attendance(session, workshops, group, 3)
        _interviews_and_scores(session, cid, group, bid_ids)
        _decision(session, cid, bid_ids)
        _feedback(session, cid, group, workshops)
        commissions.set_stage(session, commission_id=cid, stage=Stage.FEEDBACK)
        session.flush()
    return cid


def _people(session: Session, cid: str) -> list[str]:
    ids = []
    for pseudonym, full_name, under_18, language, access in YOUNG_PEOPLE:
        row = participants.add_participant(
            session,
            commission_id=cid,
            pseudonym=pseudonym,
            full_name=full_name,
            role=Role.YOUNG_PERSON,
            under_18=under_18,
            consent_on=CONSENT_DAY,
            guardian_consent_on=CONSENT_DAY + timedelta(days=2) if under_18 else None,
            language=language,
            access_needs=access,
        )
        ids.append(row.id)
    participants.add_participant(
        session,
        commission_id=cid,
        pseudonym="Sam (youth worker)",
        role=Role.FACILITATOR,
        consent_on=CONSENT_DAY,
    )
    participants.add_participant(
        session,
        commission_id=cid,
        pseudonym="Commissioning manager",
        role=Role.COMMISSIONER,
        consent_on=CONSENT_DAY,
    )
    return ids


def _workshops(session: Session, cid: str) -> list[str]:
    ids = []
    for (title, *agenda), held_on in zip(WORKSHOPS, WORKSHOP_DAYS, strict=True):
        row = add_workshop(
            session,
            commission_id=cid,
            title=title,
            held_on=held_on,
            venue="Loughborough Junction Youth Centre",
            minutes=sum(item_minutes for _, item_minutes in agenda),
        )
        for item_title, item_minutes in agenda:
            add_agenda_item(session, workshop_id=row.id, title=item_title, minutes=item_minutes)
        ids.append(row.id)
    return ids


def _attendance(session: Session, workshops: list[str], group: list[str], number: int) -> None:
    """Who came to workshop ``number`` (from 0), recorded on the day."""
    minutes = sum(item_minutes for _, item_minutes in WORKSHOPS[number][1:])
    # Everyone came to every workshop except Tee (missed workshop 2) and Ace (left workshop 3 early).
    for person_number, participant_id in enumerate(group):
        if number == 1 and person_number == 7:
            continue
        attended = minutes - 60 if (number == 2 and person_number == 5) else None
        attendance.set_attendance(
            session, workshop_id=workshops[number], participant_id=participant_id, present=True, minutes=attended
        )


def _payments(session: Session, cid: str, paid_for: list[str]) -> None:
    """Workshops one to three are paid in Brixton Pounds at the third; the fourth is still owed."""
    for due in honoraria.honoraria_due(session, commission_id=cid):
        paid_minor = 0
        for workshop_id in paid_for:
            for line in attendance.list_attendance(session, workshop_id=workshop_id):
                if line.participant_id == due.participant_id and line.present:
                    paid_minor += (line.minutes or 0) * 1000 // 60
        if paid_minor:
            payments.record_payment(
                session,
                commission_id=cid,
                participant_id=due.participant_id,
                amount_minor=paid_minor,
                currency_code=BRIXTON_POUND.code,
                method=PaymentMethod.LOCAL_CURRENCY,
                paid_on=TENDER_AGREED_DAY,
                note="Workshops 1 to 3",
            )


def _outcomes(session: Session, cid: str) -> list[str]:
    ids = [
        outcomes.add_outcome(session, commission_id=cid, text=text, measure=measure).id
        for text, measure in OUTCOMES
    ]
    (first, second), text, measure = MERGED
    merged = outcomes.merge_outcomes(
        session, outcome_ids=[ids[first], ids[second]], text=text, measure=measure
    )
    live = [outcome_id for n, outcome_id in enumerate(ids) if n not in (first, second)] + [merged.id]
    return live


def _dot_vote(
    session: Session, cid: str, group: list[str], workshops: list[str], live_outcomes: list[str]
) -> voting.RoundRow:
    """Workshop 1: everyone places their dots; the count stays hidden until the next workshop."""
    dots = voting.create_round(
        session,
        commission_id=cid,
        title="Which outcomes matter most?",
        method="dots",
        dots_per_person=5,
        max_dots_per_option=3,
        anonymous=True,
        visibility=Visibility.HIDDEN_UNTIL_REVEAL,
        workshop_id=workshops[0],
        from_outcomes=True,
    )
    voting.open_round(session, round_id=dots.id)
    by_outcome = {option.outcome_id: option.id for option in dots.options}
    spread = (
        (2, 6, 0),
        (6, 2, 3),
        (0, 4, 9),
        (6, 3, 10),
        (3, 6, 4),
        (0, 10, 2),
        (6, 7, 2),
        (2, 6, 4),
    )
    for participant_id, (a, b, c) in zip(group, spread, strict=True):
        choices = {
            by_outcome[live_outcomes[a]]: 2,
            by_outcome[live_outcomes[b]]: 2,
            by_outcome[live_outcomes[c]]: 1,
        }
        voting.cast_ballot(session, round_id=dots.id, participant_id=participant_id, choices=choices)
    voting.close_round(session, round_id=dots.id)
    return dots


def _ranking(
    session: Session,
    cid: str,
    group: list[str],
    workshops: list[str],
    *,
    live_outcomes: list[str],
    dots: voting.RoundRow,
) -> None:
    """Workshop 2: the wall chart is added, the dots revealed, the top five agreed and ranked."""
    by_outcome = {option.outcome_id: option.id for option in dots.options}
    # The wall chart by the door collected dots from young people who dropped in during the fortnight.
    voting.record_paper_tally(
        session,
        round_id=dots.id,
        totals={
            by_outcome[live_outcomes[6]]: 4,
            by_outcome[live_outcomes[2]]: 3,
            by_outcome[live_outcomes[0]]: 2,
        },
        source="Wall chart in the youth centre",
    )
    voting.reveal_round(session, round_id=dots.id)

    result = voting.tally_round(session, round_id=dots.id)
    option_outcome = {option.id: option.outcome_id for option in dots.options if option.outcome_id is not None}
    top_five = [option_outcome[option] for tier in result.ranking for option in tier if option in option_outcome][:5]
    for outcome_id in top_five:
        outcomes.set_outcome_status(session, outcome_id=outcome_id, status=OutcomeStatus.AGREED)

    ranking = voting.create_round(
        session,
        commission_id=cid,
        title="Rank the five agreed outcomes",
        method="ranking",
        count_method="schulze",
        anonymous=True,
        visibility=Visibility.LIVE,
        workshop_id=workshops[1],
        from_outcomes=False,
        options=(),
    )
    for outcome_id in top_five:
        voting.add_option(session, round_id=ranking.id, outcome_id=outcome_id)
    ranking = voting.get_round(session, round_id=ranking.id)
    voting.open_round(session, round_id=ranking.id)
    options = [option.id for option in ranking.options]
    orders = (
        (0, 1, 2, 3, 4),
        (1, 0, 2, 4, 3),
        (0, 2, 1, 3, 4),
        (2, 0, 1, 4, 3),
        (0, 1, 3, 2, 4),
        (1, 2, 0, 3, 4),
        (0, 1, 2, 4, 3),
    )
    for participant_id, order in zip(group, orders, strict=False):
        voting.cast_ballot(
            session, round_id=ranking.id, participant_id=participant_id, choices=[options[n] for n in order]
        )
    voting.close_round(session, round_id=ranking.id)
    voting.reveal_round(session, round_id=ranking.id)


def _tender(session: Session, cid: str) -> None:
    tender.set_criteria(session, commission_id=cid, criteria=CRITERIA)
    made = tender.create_tender(
        session, commission_id=cid, title="Youth Justice Talent Fund: invitation to bid"
    )
    sections = {section.key: section for section in made.sections}
    tender.save_version(session, tender_id=made.id, name="First draft")
    tender.edit_section(
        session,
        section_id=sections["requirements"].id,
        body=(
            "- Young people must plan and lead at least half of the sessions.\n"
            "- Sessions take place in the evenings or at weekends, on or near the estate.\n"
            "- Staff and volunteers have up-to-date safeguarding training and DBS checks.\n"
            "- At least 30 young people aged 14 to 19 in contact with the youth justice service take part.\n"
            "- The provider reports every three months against the agreed outcomes."
        ),
    )
    tender.edit_section(
        session,
        section_id=sections["beneficiaries"].id,
        body="At least 30 young people aged 14 to 19 who have been in contact with the youth justice service, "
        "and their families and neighbours who come to events.",
    )
    tender.edit_section(
        session,
        section_id=sections["how_to_bid"].id,
        body="Send a proposal of no more than six pages, or a video of up to ten minutes, to the Youth Justice "
        "Service by the closing date. Shortlisted bidders will be interviewed by a panel of young people.",
    )
    tender.edit_section(
        session,
        section_id=sections["timetable"].id,
        body=f"Shortlisted bidders hear by {tender.long_date(SHORTLIST_DAY)}. Interviews "
        f"{tender.long_date(DECISION_DAY)}, with the decision the same day. Service starts 1 June 2026.",
    )
    tender.set_closing_date(session, tender_id=made.id, closing_date=CLOSING_DATE)
    tender.save_version(session, tender_id=made.id, name="After workshop 3")
    tender.agree_tender(session, tender_id=made.id)


def _bids(session: Session, cid: str) -> dict[str, str]:
    """The bids, all in before the closing date."""
    bid_ids = {}
    for bidder_name, kind, title, summary, pounds, _shortlisted in BIDS:
        bidder = bids.add_bidder(session, commission_id=cid, name=bidder_name, organisation_type=kind)
        bid = bids.add_bid(
            session,
            commission_id=cid,
            bidder_id=bidder.id,
            title=title,
            summary=summary,
            amount_minor=pounds * 100,
            received_on=BIDS_RECEIVED_DAY,
        )
        bid_ids[bidder_name] = bid.id
    return bid_ids


def _shortlist(session: Session, cid: str, group: list[str], bid_ids: dict[str, str]) -> None:
    """After the closing date: the shortlist, the panel and the questions the group will ask."""
    criteria = [row.id for row in tender.list_criteria(session, commission_id=cid)]
    for bidder_name, _kind, _title, _summary, _pounds, shortlisted in BIDS:
        if shortlisted:
            bids.set_shortlisted(session, bid_id=bid_ids[bidder_name], shortlisted=True)
    for text, criterion in INTERVIEW_QUESTIONS:
        interview_questions.add_question(
            session,
            commission_id=cid,
            text=text,
            asked_by_id=group[criterion],
            criterion_id=criteria[criterion],
        )
    for participant_id in group[:5]:
        panellists.set_panellist(session, participant_id=participant_id, is_panellist=True)


def _interviews_and_scores(session: Session, cid: str, group: list[str], bid_ids: dict[str, str]) -> None:
    """Workshop 4: a conflict is declared before anyone scores, then the interviews, scores and moderation."""
    criteria = [row.id for row in tender.list_criteria(session, commission_id=cid)]
    panel = group[:5]
    # Kiki's cousin coaches at the street sport nights: she declared it and did not score that bid.
    conflicts.declare_conflict(
        session,
        bid_id=bid_ids["Active Estates Trust"],
        panellist_id=panel[1],
        nature="A close family member coaches for this organisation.",
    )
    for bidder_name, _kind, _title, _summary, _pounds, shortlisted in BIDS:
        if shortlisted:
            bids.mark_interviewed(session, bid_id=bid_ids[bidder_name], interviewed_on=DECISION_DAY)
    talent, mentoring, sport = (
        bid_ids[name]
        for name in ("Southside Youth Collective", "Pathways Mentoring CIC", "Active Estates Trust")
    )
    scores = {
        talent: ((5, 4, 3, 3, 3), (5, 4, 4, 3, 2), (4, 3, 3, 4, 3), (5, 5, 4, 3, 3), (5, 4, 3, 4, 2)),
        mentoring: ((2, 4, 5, 4, 5), (3, 4, 4, 4, 4), (2, 5, 5, 3, 5), (3, 4, 4, 4, 4), (1, 4, 5, 4, 5)),
        sport: ((3, 3, 4, 4, 2), None, (4, 4, 3, 4, 2), (3, 3, 4, 5, 3), (4, 4, 3, 4, 2)),
    }
    for bid_id, by_panellist in scores.items():
        for panellist_id, values in zip(panel, by_panellist, strict=True):
            if values is None:
                continue
            for criterion_id, value in zip(criteria, values, strict=True):
                record_score(
                    session, bid_id=bid_id, criterion_id=criterion_id, panellist_id=panellist_id, value=value
                )
    moderation.moderate_score(
        session,
        bid_id=mentoring,
        criterion_id=criteria[0],
        value=2,
        reason="The panel agreed young people advise the mentors but do not lead anything.",
    )
    moderation.moderate_score(
        session,
        bid_id=talent,
        criterion_id=criteria[4],
        value=3,
        reason="After discussion the panel accepted the audience survey and sign-up records "
        "as a fair way to measure the outcomes.",
    )


def _decision(session: Session, cid: str, bid_ids: dict[str, str]) -> None:
    decision.record_decision(
        session,
        commission_id=cid,
        funded=[(bid_ids["Southside Youth Collective"], 1_950_000)],
        professional_recommendation_id=bid_ids["Pathways Mentoring CIC"],
        professional_reasons="Mentoring has the strongest evidence for reducing re-offending and the most "
        "experienced safeguarding team.",
        group_reasons="Southside Stars is run by young people like us, gives us something to be proud of in "
        "front of the community, and its mentors have been through the system themselves. It scored highest "
        "after moderation.",
        dissent="Two panel members preferred Mentoring for Change because it reaches young people one to one; "
        "they agreed to support the group's decision.",
        how_decided="Weighted scores from five young panellists after moderation, then a discussion and a show "
        "of hands (6 for, 2 against).",
        decided_on=DECISION_DAY,
    )


def _feedback(session: Session, cid: str, group: list[str], workshops: list[str]) -> None:
    questions = [
        feedback.add_question(session, commission_id=cid, text=text, kind=kind).id
        for text, kind in FEEDBACK_QUESTIONS
    ]
    sheets = feedback.issue_sheets(
        session, commission_id=cid, workshop_id=workshops[3], participant_ids=group, anonymous_count=2
    )
    answers = (
        (5, 4, 1, "More food!"),
        (4, 4, 1, ""),
        (5, 5, 1, "Start earlier in the year"),
        (3, 4, 1, ""),
        (4, 3, 0, "The interviews were long"),
    )
    for sheet, (listened, understood, again, change) in zip(sheets, answers, strict=False):
        feedback.record_responses(
            session,
            sheet_id=sheet.id,
            answers={
                questions[0]: listened,
                questions[1]: understood,
                questions[2]: again,
                questions[3]: change,
            },
        )


def _speaking(session: Session, cid: str, group: list[str], workshops: list[str]) -> None:
    # Workshop 2: Blaze and Jay-M did most of the talking; Tee was absent and Zo barely spoke.
    seconds = (420, 180, 30, 150, 200, 120, 380, 0)
    started = _at(WORKSHOP_DAYS[1])
    for participant_id, spoken in zip(group, seconds, strict=True):
        if spoken:
            speaking.record_speaking_turn(
                session,
                commission_id=cid,
                participant_id=participant_id,
                seconds=spoken,
                workshop_id=workshops[1],
                started_at=started,
            )
            started += timedelta(seconds=spoken + 30)
