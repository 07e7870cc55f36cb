"""Honoraria receipts and a payments summary as a printable A4 PDF.

One page per participant who has payments recorded: a receipt for that person,
so it carries their full name (it is theirs to keep, and the worker's proof of
payment), the workshops they came to, each payment with its receipt number,
amount, currency and how it was paid, and lines for both of them to sign.

After the receipts, a payments summary for the commissioner's file. It names
nobody: participants appear by pseudonym, so the summary can be filed or shared
without the young people's names; the receipt pages hold the names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Table, TableStyle
from sqlalchemy.orm import Session

from cocommission.export.audit_line import audit_head_flowables
from cocommission.export.pdf_style import (
    FONT_BOLD,
    INK,
    PAGE_TEMPLATE,
    RULE,
    PdfPlan,
    bookmarked,
    data_table,
    day_text,
    document_styles,
    heading,
    key_value_table,
    markup,
    spacer,
)
from cocommission.model import HonorariumBasis, PaymentMethod
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services import attendance, commissions, honoraria
from cocommission.services.collation import name_sort_key
from cocommission.services.commissions import CommissionSummary
from cocommission.services.errors import InvalidInput
from cocommission.services.participants import ParticipantRow, list_participants
from cocommission.services.payments import PaymentRow, list_payments
from cocommission.services.workshops import WorkshopRow, list_workshops
from cocommission.wording import in_documents, number_text

_METHODS = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.LOCAL_CURRENCY: "Local currency",
    PaymentMethod.VOUCHER: "Voucher",
    PaymentMethod.BANK_TRANSFER: "Bank transfer",
}


def receipts_pdf(session: Session, *, commission_id: str) -> bytes:
    """The receipts and payments summary PDF's bytes (see ``plan_receipts``)."""
    return plan_receipts(session, commission_id=commission_id).render()


@dataclass(frozen=True)
class _Visit:
    """One workshop a participant came to, and how long they stayed."""

    workshop: WorkshopRow
    minutes: int


@dataclass(frozen=True)
class _Reading:
    """Everything the receipts and summary show, read in one go."""

    commission: CommissionSummary
    participants: dict[str, ParticipantRow]
    payments: tuple[PaymentRow, ...]
    visits: dict[str, list[_Visit]]
    workshops: dict[str, WorkshopRow]
    currencies: dict[str, CurrencyInfo]
    due: tuple[honoraria.HonorariumDue, ...]


def plan_receipts(session: Session, *, commission_id: str) -> PdfPlan:
    """One receipt page per paid participant, then a summary by pseudonym; refuses when nothing is recorded."""
    commission = commissions.get_commission(session, commission_id=commission_id)
    payments = list_payments(session, commission_id=commission_id)
    if not payments:
        raise InvalidInput(
            "No honorarium payments have been recorded yet, so there are no receipts to print; record "
            "payments on the Feedback & payments page first."
        )
    workshops = list_workshops(session, commission_id=commission_id)
    visits: dict[str, list[_Visit]] = defaultdict(list)
    for workshop in workshops:
        for line in attendance.list_attendance(session, workshop_id=workshop.id):
            if line.present and line.minutes is not None:
                visits[line.participant_id].append(_Visit(workshop, line.minutes))
    reading = _Reading(
        commission=commission,
        participants={row.id: row for row in list_participants(session, commission_id=commission_id)},
        payments=payments,
        visits=dict(visits),
        workshops={workshop.id: workshop for workshop in workshops},
        currencies={c.code: c for c in commissions.list_currencies(session, commission_id=commission_id)},
        due=honoraria.honoraria_due(session, commission_id=commission_id),
    )

    by_person: dict[str, list[PaymentRow]] = defaultdict(list)
    for payment in payments:  # already in receipt order, so each person's first receipt sets their place
        by_person[payment.participant_id].append(payment)
    story: list[Flowable] = []
    for participant_id, theirs in by_person.items():
        story += [*_receipt(reading, participant_id, theirs), PageBreak()]
    story += _summary(reading)
    story += audit_head_flowables(session, commission_id=commission_id)

    return PdfPlan(
        story,
        commission_title=commission.title,
        document_title="Honoraria receipts and payments summary",
        author=commission.commissioning_body or commission.title,
        subject=f"Honoraria receipts and payments summary: {commission.title}",
        first_template=PAGE_TEMPLATE,
    )


# --------------------------------------------------------------------------- words and numbers




def _hours(minutes: int) -> str:
    return number_text(round(minutes / 60, 2))


def _money(reading: _Reading, amount_minor: int, code: str) -> str:
    currency = reading.currencies.get(code)
    return format_money(amount_minor, currency) if currency else f"{amount_minor} {code}"


def _currency_label(reading: _Reading, code: str) -> str:
    currency = reading.currencies.get(code)
    return currency.name if currency else code


def _currency_name(reading: _Reading, code: str) -> str:
    currency = reading.currencies.get(code)
    return f"{currency.name} ({currency.symbol}, {code})" if currency else code


def _amounts(reading: _Reading, by_code: dict[str, int]) -> str:
    """Amounts in several currencies, one per line; "—" when there is nothing."""
    lines = [_money(reading, amount, code) for code, amount in sorted(by_code.items()) if amount]
    return "\n".join(lines) or "—"


# --------------------------------------------------------------------------- one receipt


def _receipt(reading: _Reading, participant_id: str, payments: Sequence[PaymentRow]) -> list[Flowable]:
    styles = document_styles()
    participant = reading.participants.get(participant_id)
    # A receipt is for this person, so it carries the name they gave, not their pseudonym.
    name = participant.full_name if participant and participant.full_name else ""
    commission = reading.commission
    numbers = ", ".join(payment.receipt_number for payment in payments)
    facts = [
        ("Received by", name or "Name not recorded: write it on the line below"),
        ("Receipt " + ("number" if len(payments) == 1 else "numbers"), numbers),
        ("For", f"Taking part in the workshops of {commission.title}"),
    ]
    if commission.commissioning_body:
        facts.append(("Paid by", commission.commissioning_body))
    if commission.honorarium_rate_minor > 0:
        per = "an hour" if commission.honorarium_basis is HonorariumBasis.HOUR else "a workshop"
        rate = format_money(commission.honorarium_rate_minor, commission.honorarium_currency)
        facts.append(("Rate", f"{rate} {per}"))
    flowables: list[Flowable] = [
        # Named by number and person, folded: eight receipts' "Workshops attended" in a row help nobody.
        bookmarked(
            heading("Honorarium receipt"),
            f"Honorarium receipt {numbers}: {name or 'name not recorded'}",
            folded=True,
        ),
        key_value_table(facts, widths=[40 * mm, 130 * mm]),
        spacer(2),
        heading("Workshops attended", level=2),
    ]
    visits = reading.visits.get(participant_id, [])
    if visits:
        rows = [
            [
                f"{visit.workshop.number}. {visit.workshop.title}",
                day_text(visit.workshop.held_on) if visit.workshop.held_on else "—",
                in_documents.spelled_duration(visit.minutes * 60, smallest="minute"),
            ]
            for visit in visits
        ]
        total = sum(visit.minutes for visit in visits)
        rows.append(
            [
                f"{len(visits)} {'workshop' if len(visits) == 1 else 'workshops'}",
                "",
                in_documents.spelled_duration(total * 60, smallest="minute"),
            ]
        )
        flowables.append(
            data_table(
                ["Workshop", "Date", "Time there"],
                rows,
                widths=[95 * mm, 35 * mm, 40 * mm],
                highlight_rows=[len(rows) - 1],
            )
        )
    else:
        flowables.append(Paragraph("No workshop attendance is recorded.", styles.body))

    rows = []
    totals: dict[str, int] = defaultdict(int)
    for payment in payments:
        totals[payment.currency_code] += payment.amount_minor
        rows.append(
            [
                payment.receipt_number,
                _what_for(reading, payment),
                _money(reading, payment.amount_minor, payment.currency_code),
                _currency_label(reading, payment.currency_code),
                _METHODS.get(payment.method, str(payment.method)),
                day_text(payment.paid_on) if payment.paid_on else "Not yet paid",
            ]
        )
    for code, amount in sorted(totals.items()):
        rows.append(["Total", "", _money(reading, amount, code), _currency_label(reading, code), "", ""])
    flowables += [
        spacer(2),
        heading("Payments", level=2),
        data_table(
            ["Receipt", "For", "Amount", "Currency", "How paid", "Paid on"],
            rows,
            widths=[21 * mm, 41 * mm, 24 * mm, 28 * mm, 25 * mm, 31 * mm],
            numeric_columns=[2],
            highlight_rows=range(len(payments), len(rows)),
        ),
    ]
    due = next((row for row in reading.due if row.participant_id == participant_id), None)
    if due is not None and due.earned_minor and commission.honorarium_rate_minor > 0:
        # Payments are often recorded a few workshops at a time: say what the time attended has earned.
        earned = format_money(due.earned_minor, commission.honorarium_currency)
        outstanding = format_money(due.outstanding_minor, commission.honorarium_currency)
        flowables.append(spacer(1.5))
        flowables.append(
            Paragraph(
                markup(
                    f"Earned for the time attended, at the rate above: {earned}. "
                    + (
                        f"Still to be recorded and paid: {outstanding}."
                        if due.outstanding_minor
                        else "Nothing more is owed for it."
                    )
                ),
                styles.small,
            )
        )
    unpaid = [payment for payment in payments if not payment.paid]
    if unpaid:
        flowables.append(
            Paragraph(
                "A payment marked “Not yet paid” has been recorded but not handed over: sign for it only "
                "when you receive it.",
                styles.small,
            )
        )
    flowables += [spacer(6), _signatures(name)]
    return flowables


def _what_for(reading: _Reading, payment: PaymentRow) -> str:
    workshop = reading.workshops.get(payment.workshop_id) if payment.workshop_id else None
    if workshop is not None:
        return f"Workshop {workshop.number}: {workshop.title}"
    return payment.note or "Honorarium"


def _signatures(name: str) -> Table:
    """Lines for the person paid and the worker who paid them to sign and date."""
    styles = document_styles()
    label = styles.cell.clone("SignLabel", fontName=FONT_BOLD)
    header = styles.cell_header

    def line(text: str) -> Paragraph:
        return Paragraph(markup(text), styles.cell)

    data = [
        [
            Paragraph("Received by (the person paid)", header),
            "",
            "",
            Paragraph("Paid by (the worker)", header),
            "",
        ],
        [Paragraph("Name", label), line(name), "", Paragraph("Name", label), ""],
        [Paragraph("Signature", label), "", "", Paragraph("Signature", label), ""],
        [Paragraph("Date", label), "", "", Paragraph("Date", label), ""],
    ]
    table = Table(
        data,
        colWidths=[25 * mm, 55 * mm, 10 * mm, 25 * mm, 55 * mm],
        rowHeights=[None, 12 * mm, 14 * mm, 12 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (1, 0)),
                ("SPAN", (3, 0), (4, 0)),
                ("BACKGROUND", (0, 0), (1, 0), INK),
                ("BACKGROUND", (3, 0), (4, 0), INK),
                ("VALIGN", (0, 1), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 1), (1, -1), 0.75, RULE),
                ("LINEBELOW", (4, 1), (4, -1), 0.75, RULE),
            ]
        )
    )
    return table


# --------------------------------------------------------------------------- the summary


def _summary(reading: _Reading) -> list[Flowable]:
    styles = document_styles()
    honorarium = reading.commission.honorarium_currency
    paid: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unpaid: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for payment in reading.payments:
        (paid if payment.paid else unpaid)[payment.participant_id][payment.currency_code] += (
            payment.amount_minor
        )
    not_recorded = {row.participant_id: row.outstanding_minor for row in reading.due if row.outstanding_minor}
    listed = {payment.participant_id for payment in reading.payments} | set(not_recorded)

    def pseudonym(participant_id: str) -> str:
        participant = reading.participants.get(participant_id)
        return participant.pseudonym if participant else "A participant"

    rows = []
    for participant_id in sorted(listed, key=lambda pid: (name_sort_key(pseudonym(pid)), pid)):
        visits = reading.visits.get(participant_id, [])
        rows.append(
            [
                pseudonym(participant_id),
                str(len(visits)),
                _hours(sum(visit.minutes for visit in visits)),
                _amounts(reading, paid.get(participant_id, {})),
                _amounts(reading, unpaid.get(participant_id, {})),
                _amounts(reading, {honorarium.code: not_recorded.get(participant_id, 0)}),
            ]
        )

    codes = sorted(
        {payment.currency_code for payment in reading.payments}
        | ({honorarium.code} if not_recorded else set())
    )
    currency_rows = []
    paid_lines, owed_lines = [], []
    for code in codes:
        paid_total = sum(by_code.get(code, 0) for by_code in paid.values())
        unpaid_total = sum(by_code.get(code, 0) for by_code in unpaid.values())
        later = sum(not_recorded.values()) if code == honorarium.code else 0
        currency_rows.append(
            [
                _currency_name(reading, code),
                _money(reading, paid_total, code),
                _money(reading, unpaid_total, code),
                _money(reading, later, code),
                _money(reading, unpaid_total + later, code),
            ]
        )
        paid_lines.append(_money(reading, paid_total, code))
        owed_lines.append(_money(reading, unpaid_total + later, code))

    sessions = sum(len(reading.visits.get(pid, [])) for pid in listed)
    minutes = sum(visit.minutes for pid in listed for visit in reading.visits.get(pid, []))
    rows.append(
        [
            "All participants",
            str(sessions),
            _hours(minutes),
            _amounts(reading, {code: sum(b.get(code, 0) for b in paid.values()) for code in codes}),
            _amounts(reading, {code: sum(b.get(code, 0) for b in unpaid.values()) for code in codes}),
            _amounts(reading, {honorarium.code: sum(not_recorded.values())}),
        ]
    )
    return [
        heading("Payments summary"),
        Paragraph(
            markup(
                "Participants are shown by pseudonym, so this summary can be filed or shared without naming "
                "them; their names are on their own receipts. “Paid” has been handed over. “Recorded, not yet "
                "paid” has a receipt number but has not been handed over. “Earned, not yet recorded” is what "
                f"attendance at the commission's rate says each person is owed in {honorarium.name} beyond the "
                f"payments recorded in {honorarium.name}; payments in other currencies are not set against it."
            ),
            styles.body,
        ),
        data_table(
            [
                "Participant",
                "Sessions",
                "Hours",
                "Paid",
                "Recorded, not yet paid",
                "Earned, not yet recorded",
            ],
            rows,
            widths=[34 * mm, 23 * mm, 17 * mm, 30 * mm, 33 * mm, 33 * mm],
            numeric_columns=[1, 2, 3, 4, 5],
            highlight_rows=[len(rows) - 1],
        ),
        spacer(4),
        heading("Totals per currency", level=2),
        data_table(
            ["Currency", "Paid", "Recorded, not yet paid", "Earned, not yet recorded", "Still owed"],
            currency_rows,
            widths=[46 * mm, 30 * mm, 32 * mm, 32 * mm, 30 * mm],
            numeric_columns=[1, 2, 3, 4],
        ),
        spacer(3),
        Paragraph(
            markup(f"Paid so far: {', '.join(paid_lines)}. Still owed: {', '.join(owed_lines)}."),
            styles.body,
        ),
    ]
