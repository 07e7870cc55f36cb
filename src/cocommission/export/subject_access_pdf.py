"""The subject access record as a readable PDF, for the young person who asked for it.

It prints the same record ``services.privacy.subject_access`` gathers (and the JSON holds),
section by section in plain words, so nothing is held about a person that they cannot read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, NextPageTemplate, Paragraph

from cocommission.export.pdf_style import (
    PAGE_TEMPLATE,
    PdfPlan,
    data_table,
    document_styles,
    heading,
    key_value_table,
    markup,
    spacer,
)

_FULL_WIDTH = 170 * mm

#: The sections of the record, in print order: key, heading, columns (field, header).
_SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("attendance", "Workshops attended", (("workshop", "Workshop"), ("date", "Date"), ("minutes", "Minutes"))),
    (
        "payments",
        "Payments for taking part",
        (("receipt_number", "Receipt"), ("amount", "Amount"), ("method", "How paid"), ("paid_on", "Paid on"),
         ("note", "Note")),
    ),
    ("ballots", "Votes cast", (("round", "Round"), ("cast_at", "When"), ("choices", "Choices"))),
    ("scores", "Scores given to bids", (("bid", "Bid"), ("criterion", "Criterion"), ("score", "Score"),
                                        ("comment", "Comment"))),
    ("conflicts_declared", "Conflicts of interest declared", (("bid", "Bid"), ("nature", "What was declared"))),
    ("speaking_turns", "Speaking turns timed", (("workshop", "Workshop"), ("started_at", "When"),
                                                ("seconds", "Seconds"))),
    ("feedback_sheets", "Feedback sheets", (("code", "Sheet"), ("workshop", "Workshop"), ("answers", "Answers"))),
    ("audit_entries", "Entries in the commission's log that refer to you", (("at", "When"), ("summary", "What"))),
)


def _cell(field: str, item: Mapping[str, Any]) -> str:
    if field == "choices":
        if item.get("note"):
            return str(item["note"])
        return "; ".join(f"{choice['option']}: {choice['value']}" for choice in item["choices"])
    if field == "answers":
        return "; ".join(
            f"{answer['question']}: {answer['text'] or answer['number']}" for answer in item["answers"]
        ) or "not returned"
    value = item.get(field)
    if value is None or value == "":
        return "—"
    if field in ("cast_at", "started_at", "at"):
        return str(value)[:16].replace("T", " ")
    return str(value).replace("_", " ") if field == "method" else str(value)


def _section(title: str, items: Sequence[Mapping[str, Any]], columns: Sequence[tuple[str, str]]) -> list[Flowable]:
    styles = document_styles()
    flowables: list[Flowable] = [heading(title)]
    if not items:
        return [*flowables, Paragraph("Nothing is held.", styles.body)]
    width = _FULL_WIDTH / len(columns)
    rows = [[_cell(field, item) for field, _ in columns] for item in items]
    return [*flowables, data_table([header for _, header in columns], rows, widths=[width] * len(columns))]


def plan_subject_access(record: Mapping[str, Any]) -> PdfPlan:
    """The record gathered by ``services.privacy.subject_access``, ready to lay out."""
    styles = document_styles()
    person = record["participant"]
    commission = record["commission"]
    details = [
        ("Name", person["full_name"] or "— (erased or not given)"),
        ("Pseudonym shown on screens", person["pseudonym"]),
        ("Contact", person["contact"] or "—"),
        ("Role", person["role"].replace("_", " ")),
        ("Under 18", "yes" if person["under_18"] else "no"),
        ("Consent given on", person["consent_on"] or "—"),
        ("Guardian's consent on", person["guardian_consent_on"] or "—"),
        ("Language", person["language"] or "—"),
        ("Access needs", person["access_needs"] or "—"),
        ("On the interview panel", "yes" if person["interview_panellist"] else "no"),
        ("Left the group on", person["withdrawn_on"] or "—"),
        ("Details erased at", person["erased_at"] or "—"),
        ("Record id", person["id"]),
    ]
    story: list[Flowable] = [
        Paragraph(markup("Everything we hold about you"), styles.cover_title),
        Paragraph(
            markup(
                f"This is every piece of information CoCommission holds about you for “{commission['title']}”, "
                f"produced on {record['produced_at'][:10]}. If anything is wrong, tell your youth worker: "
                "you can ask for it to be corrected or erased."
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
