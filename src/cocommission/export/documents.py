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
from importlib import import_module
from typing import TYPE_CHECKING, Protocol

from cocommission.services.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
    #: Whether it carries the room server's address while room voting is on (``prepare(room_address=…)``).
    takes_room_address: bool = False

    def pdf(self, session: Session, *, commission_id: str) -> bytes:
        """The document's PDF bytes, read and laid out in one go."""
        return self.prepare(session, commission_id=commission_id).render()

    def prepare_for_room(self, session: Session, *, commission_id: str, room_address: str | None) -> Renderable:
        """Read the document; one that takes the room's address gets it (None or empty: room voting is off)."""
        if self.takes_room_address and room_address:
            return self.prepare(session, commission_id=commission_id, room_address=room_address)
        return self.prepare(session, commission_id=commission_id)


def _planned_by(module: str, function: str) -> Callable[..., Renderable]:
    """``module.function``, imported when a document is first prepared.

    The list is read at start-up (the command line's choices, the Print menu); the layout
    modules load reportlab and qrcode, which only making a document needs.
    """

    def prepare(session: Session, *, commission_id: str, **options: str) -> Renderable:
        return getattr(import_module(f"cocommission.export.{module}"), function)(
            session, commission_id=commission_id, **options
        )

    prepare.__qualname__ = prepare.__name__ = function
    return prepare


DOCUMENTS: tuple[PrintedDocument, ...] = (
    PrintedDocument(
        kind="tender",
        title="Tender",
        file_stem="tender",
        purpose="The invitation to bid, with the agreed outcomes, criteria and how the group took part.",
        prepare=_planned_by("tender_pdf", "plan_tender"),
    ),
    PrintedDocument(
        kind="fallback-pack",
        title="Paper fallback pack",
        file_stem="paper-fallback-pack",
        purpose="An outcome poster for sticker dots, a tally sheet and instructions, for a workshop with no laptop.",
        prepare=_planned_by("fallback_pack_pdf", "plan_fallback_pack"),
    ),
    PrintedDocument(
        kind="evaluation",
        title="Bid evaluation report",
        file_stem="bid-evaluation-report",
        purpose="Every panellist's scores by pseudonym, moderation and its reasons, conflicts, totals and ranking.",
        prepare=_planned_by("evaluation_pdf", "plan_evaluation"),
    ),
    PrintedDocument(
        kind="decision",
        title="Decision record",
        file_stem="decision-record",
        purpose="The group's decision beside the professional's recommendation, with every count explained.",
        prepare=_planned_by("decision_pdf", "plan_decision"),
    ),
    PrintedDocument(
        kind="feedback-sheets",
        title="Feedback sheets",
        file_stem="feedback-sheets",
        purpose="A page for each feedback sheet not yet returned, with its QR code, to hand out and fill in.",
        prepare=_planned_by("feedback_sheets_pdf", "plan_feedback_sheets"),
        takes_room_address=True,
    ),
    PrintedDocument(
        kind="receipts",
        title="Honoraria receipts and payments summary",
        file_stem="honoraria-receipts",
        purpose="A receipt to sign for each person paid, then a summary of payments by pseudonym.",
        prepare=_planned_by("receipts_pdf", "plan_receipts"),
    ),
)


def printed_document(kind: str) -> PrintedDocument:
    """The document with this command-line name; InvalidInput naming the choices otherwise."""
    for document in DOCUMENTS:
        if document.kind == kind:
            return document
    choices = ", ".join(document.kind for document in DOCUMENTS)
    raise InvalidInput(f'There is no printed document called "{kind}"; choose one of {choices}.')
