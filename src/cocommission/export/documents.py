"""Every printed document, in one list: the command line and the app's Print menu both read it.

Each document is made in two steps. ``prepare(session, commission_id=…)`` reads what the
document needs from the database (quick; refuses with a ServiceError when there is nothing to
print yet) and returns something whose ``render()`` lays out the PDF without touching the
database. The app prepares on the GUI thread and renders on a worker; the command line does
both in a row. Adding a document here adds it to ``cocommission export`` and to the menu.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from cocommission.export.decision_pdf import plan_decision
from cocommission.export.evaluation_pdf import plan_evaluation
from cocommission.export.fallback_pack_pdf import plan_fallback_pack
from cocommission.export.feedback_sheets_pdf import plan_feedback_sheets
from cocommission.export.receipts_pdf import plan_receipts
from cocommission.export.tender_pdf import plan_tender
from cocommission.services.errors import InvalidInput


class Renderable(Protocol):
    """A document read from the database, ready to lay out."""

    def render(self) -> bytes: ...


@dataclass(frozen=True)
class PrintedDocument:
    """One kind of printed document."""

    #: Its name on the command line: ``cocommission export KIND``.
    kind: str
    #: Its name in menus and dialogs, in the user's words.
    title: str
    #: What the file is called when saved, before ``.pdf``.
    file_stem: str
    #: One line saying what it is for, shown as the menu item's tip.
    purpose: str
    prepare: Callable[..., Renderable]

    def pdf(self, session: Session, *, commission_id: str) -> bytes:
        """The document's PDF bytes, read and laid out in one go."""
        return self.prepare(session, commission_id=commission_id).render()


DOCUMENTS: tuple[PrintedDocument, ...] = (
    PrintedDocument(
        kind="tender",
        title="Tender",
        file_stem="tender",
        purpose="The invitation to bid, with the agreed outcomes, criteria and how the group took part.",
        prepare=plan_tender,
    ),
    PrintedDocument(
        kind="fallback-pack",
        title="Paper fallback pack",
        file_stem="paper-fallback-pack",
        purpose="An outcome poster for sticker dots, a tally sheet and instructions, for a workshop with no laptop.",
        prepare=plan_fallback_pack,
    ),
    PrintedDocument(
        kind="evaluation",
        title="Bid evaluation report",
        file_stem="bid-evaluation-report",
        purpose="Every panellist's scores by pseudonym, moderation and its reasons, conflicts, totals and ranking.",
        prepare=plan_evaluation,
    ),
    PrintedDocument(
        kind="decision",
        title="Decision record",
        file_stem="decision-record",
        purpose="The group's decision beside the professional's recommendation, with every count explained.",
        prepare=plan_decision,
    ),
    PrintedDocument(
        kind="feedback-sheets",
        title="Feedback sheets",
        file_stem="feedback-sheets",
        purpose="A page for each feedback sheet not yet returned, with its QR code, to hand out and fill in.",
        prepare=plan_feedback_sheets,
    ),
    PrintedDocument(
        kind="receipts",
        title="Honoraria receipts and payments summary",
        file_stem="honoraria-receipts",
        purpose="A receipt to sign for each person paid, then a summary of payments by pseudonym.",
        prepare=plan_receipts,
    ),
)


def printed_document(kind: str) -> PrintedDocument:
    """The document with this command-line name; InvalidInput naming the choices otherwise."""
    for document in DOCUMENTS:
        if document.kind == kind:
            return document
    choices = ", ".join(document.kind for document in DOCUMENTS)
    raise InvalidInput(f'There is no printed document called "{kind}"; choose one of {choices}.')
