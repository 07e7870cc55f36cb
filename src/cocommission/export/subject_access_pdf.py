"""The subject access record as a readable PDF, for the young person who asked for it.

It prints the same record ``services.privacy.subject_access`` gathers (and the JSON holds),
section by section in plain words, so nothing is held about a person that they cannot read:
a feedback answer is the words they ticked or wrote under the question's own words, a vote is a
sentence naming the options ("You ranked Toast 1st, Crisps 2nd and Fruit 3rd."), and dates are
written out as in every other printed document. The reader may be 17: a number with no key
("…again?: 1") or a date as a computer writes it (2026-02-07) tells them nothing.

In an anonymous round nothing links the person to their ballot, so the record says only that
they voted.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, Paragraph

from cocommission.export.pdf_style import (
    PAGE_TEMPLATE,
    PdfPlan,
    data_table,
    day_text,
    document_styles,
    heading,
    key_value_table,
    markup,
    moment_text,
    spacer,
)
from cocommission.services.feedback import format_sheet_code
from cocommission.wording import in_documents, number_text

_FULL_WIDTH = 170 * mm
_NOTHING = "—"
#: Said of a round in which nothing links the person to what they chose.
ANONYMOUS_ROUND = "The round was anonymous, so what you chose is not linked to you."

#: A cell's words from one row of a section of the record.
Cell = Callable[[Mapping[str, Any]], str]


def _day(value: str | None) -> str:
    """The day of an ISO date, or of an ISO moment in this computer's time."""
    if not value:
        return _NOTHING
    return day_text(datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value))


def _moment(value: str | None) -> str:
    return moment_text(datetime.fromisoformat(value)) if value else _NOTHING


def _plain(field: str) -> Cell:
    def cell(item: Mapping[str, Any]) -> str:
        value = item.get(field)
        return _NOTHING if value is None or value == "" else str(value)

    return cell


def ballot_in_words(entry: Mapping[str, Any]) -> str:  # noqa: PLR0911 - one sentence for each way of voting
    """What the person chose in a round, as a sentence naming the options; only "You voted." and why
    when the round was anonymous."""
    if entry["anonymous_round"]:
        return f"You voted. {ANONYMOUS_ROUND}"
    choices = entry["choices"]
    if not choices:
        return "You voted. What you chose is not held."
    method = entry["method"]
    if method == "ranking":
        ranked = sorted(choices, key=lambda choice: choice["value"])
        places = [f"{c['option']} {in_documents.ordinal(c['value'])}" for c in ranked]
        return f"You ranked {in_documents.and_list(places)}."
    if method == "dots":
        dotted = [c for c in choices if c["value"]]
        if not dotted:
            return "You voted without putting a dot on any option."
        placed = [f"{c['value']} dot{'' if c['value'] == 1 else 's'} on {c['option']}" for c in dotted]
        return f"You put {in_documents.and_list(placed)}."
    if method == "approval":
        approved = [c["option"] for c in choices if c["value"]]
        if not approved:
            return "You approved none of the options."
        return f"You approved {in_documents.and_list(approved)}."
    scored = in_documents.and_list([f"{c['option']} {number_text(c['value'])}" for c in choices])
    scale = entry.get("scale")
    if scale:
        return f"You scored {scored}, on a scale from {scale['lowest']} to {scale['highest']}."
    return f"You scored {scored}."


def _time_there(minutes: int | None) -> str:
    """How long the person was at a workshop, in words ("2 hours 30 minutes"); "—" when not recorded."""
    return in_documents.spelled_duration(60 * minutes) if minutes else _NOTHING


def _sheet(item: Mapping[str, Any]) -> str:
    return "\n".join(part for part in (format_sheet_code(item["code"]), item.get("workshop")) if part)


_FEEDBACK_HEADING = "Feedback sheets"
#: The sections of the record, in print order: key, heading, columns (header, cell, width in mm).
_SECTIONS: tuple[tuple[str, str, tuple[tuple[str, Cell, float], ...]], ...] = (
    (
        "attendance",
        "Workshops attended",
        (
            ("Workshop", _plain("workshop"), 90),
            ("Date", lambda item: _day(item["date"]), 45),
            ("Time there", lambda item: _time_there(item["minutes"]), 35),
        ),
    ),
    (
        "payments",
        "Payments for taking part",
        (
            ("Receipt", _plain("receipt_number"), 30),
            ("Amount", _plain("amount"), 25),
            ("How paid", lambda item: str(item["method"]).replace("_", " "), 30),
            ("Paid on", lambda item: _day(item["paid_on"]) if item["paid_on"] else "Not yet paid", 35),
            ("Note", _plain("note"), 50),
        ),
    ),
    (
        "ballots",
        "Votes cast",
        (
            ("Round", _plain("round"), 45),
            ("When", lambda item: _moment(item["cast_at"]), 48),
            ("What you chose", ballot_in_words, 77),
        ),
    ),
    (
        "scores",
        "Scores given to bids",
        (
            ("Bid", _plain("bid"), 50),
            ("Criterion", _plain("criterion"), 55),
            ("Score", _plain("score"), 15),
            ("Comment", _plain("comment"), 50),
        ),
    ),
    (
        "conflicts_declared",
        "Conflicts of interest declared",
        (
            ("Bid", _plain("bid"), 55),
            ("When", lambda item: _day(item.get("declared_at")), 35),
            ("What was declared", _plain("nature"), 80),
        ),
    ),
    (
        "speaking_turns",
        "Speaking turns timed",
        (
            ("Workshop", _plain("workshop"), 80),
            ("When", lambda item: _moment(item["started_at"]), 50),
            ("How long", lambda item: in_documents.spelled_duration(item["seconds"]), 40),
        ),
    ),
    ("feedback_sheets", _FEEDBACK_HEADING, ()),
    (
        "join_cards",
        "Join cards printed for voting by phone",
        (
            ("Printed", lambda item: _moment(item["issued_at"]), 85),
            ("Used to join", lambda item: _moment(item["used_at"]) if item["used_at"] else "Not used", 85),
        ),
    ),
    (
        "room_phones",
        "Phones you voted from",
        (
            ("Joined", lambda item: _moment(item["joined_at"]), 85),
            ("Taken off", lambda item: _moment(item["revoked_at"]) if item["revoked_at"] else "Still joined", 85),
        ),
    ),
    (
        "audit_entries",
        "Entries in the commission's log that refer to you",
        (("When", lambda item: _moment(item["at"]), 48), ("What", _plain("summary"), 122)),
    ),
)


def _section(
    title: str, items: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, Cell, float]]
) -> list[Flowable]:
    styles = document_styles()
    flowables: list[Flowable] = [heading(title)]
    if not items:
        return [*flowables, Paragraph("Nothing is held.", styles.body)]
    rows = [[cell(item) for _, cell, _ in columns] for item in items]
    widths = [width * mm for _, _, width in columns]
    return [*flowables, data_table([header for header, _, _ in columns], rows, widths=widths)]


def _feedback_section(sheets: Sequence[Mapping[str, Any]]) -> list[Flowable]:
    """One row per answer, under the question's own words; a sheet not yet back says so."""
    styles = document_styles()
    flowables: list[Flowable] = [heading(_FEEDBACK_HEADING)]
    if not sheets:
        return [*flowables, Paragraph("Nothing is held.", styles.body)]
    rows = []
    for sheet in sheets:
        returned = _day(sheet["returned_at"]) if sheet["returned_at"] else "Not returned"
        if not sheet["answers"]:
            rows.append([_sheet(sheet), returned, _NOTHING, "No answers are held"])
        for number, answer in enumerate(sheet["answers"]):
            # The sheet is named once, on its first answer's row.
            about = [_sheet(sheet), returned] if number == 0 else ["", ""]
            rows.append([*about, answer["question"], answer["answer"] or "Left blank"])
    widths = [32 * mm, 30 * mm, 58 * mm, 50 * mm]
    return [*flowables, data_table(["Sheet", "Returned", "Question", "Your answer"], rows, widths=widths)]


def plan_subject_access(record: Mapping[str, Any]) -> PdfPlan:
    """The record gathered by ``services.privacy.subject_access``, ready to lay out."""
    styles = document_styles()
    person = record["participant"]
    commission = record["commission"]
    details = [
        ("Name", person["full_name"] or "— (erased or not given)"),
        ("Pseudonym shown on screens", person["pseudonym"]),
        ("Contact", person["contact"] or _NOTHING),
        ("Role", person["role"].replace("_", " ")),
        ("Under 18", "yes" if person["under_18"] else "no"),
        ("Consent given on", _day(person["consent_on"])),
        ("Guardian's consent on", _day(person["guardian_consent_on"])),
        ("Language", person["language"] or _NOTHING),
        ("Access needs", person["access_needs"] or _NOTHING),
        ("On the interview panel", "yes" if person["interview_panellist"] else "no"),
        ("Left the group on", _day(person["withdrawn_on"])),
        ("Details erased on", _moment(person["erased_at"])),
        ("Record id", person["id"]),
    ]
    story: list[Flowable] = [
        Paragraph(markup("Everything we hold about you"), styles.cover_title),
        Paragraph(
            markup(
                f"This is every piece of information CoCommission holds about you for “{commission['title']}”, "
                f"produced on {day_text(datetime.fromisoformat(record['produced_at']))}. If anything is "
                "wrong, tell your youth worker: you can ask for it to be corrected or erased."
            ),
            styles.body,
        ),
        spacer(4),
        NextPageTemplate(PAGE_TEMPLATE),
        heading("Your details"),
        key_value_table(details, widths=[55 * mm, 115 * mm]),
        spacer(2),
    ]
    for key, title, columns in _SECTIONS:
        if key == "feedback_sheets":
            story += _feedback_section(record[key])  # a row per answer, not per sheet
        else:
            story += _section(title, record[key], columns)
    questions = record["interview_questions_asked"]
    story.append(heading("Interview questions you asked"))
    story.append(
        data_table(["Question"], [[text] for text in questions], widths=[_FULL_WIDTH])
        if questions
        else Paragraph("Nothing is held.", styles.body)
    )
    return PdfPlan(
        story,
        commission_title=commission["title"],
        document_title="Subject access record",
        author="CoCommission",
        subject=f"Everything held about one participant of {commission['title']}",
    )
