"""Every printed document of a commission, made as the app makes them, for tests that check them all."""

from __future__ import annotations

from cocommission.db import Database
from cocommission.export.documents import DOCUMENTS
from cocommission.export.join_cards_pdf import DOCUMENT_TITLE as JOIN_CARDS
from cocommission.export.join_cards_pdf import join_cards_pdf
from cocommission.export.subject_access_pdf import plan_subject_access
from cocommission.services.commissions import get_commission
from cocommission.services.participants import list_participants
from cocommission.services.perform import perform, read
from cocommission.services.privacy import subject_access
from cocommission.services.room_joining import issue_join_cards

#: Each document's own name by its command-line name; the subject access record is printed from
#: the Privacy page and the join cards from the People page rather than the Print menu (printing
#: cards issues new ones), so neither is in DOCUMENTS.
DOCUMENT_TITLES = {
    **{document.kind: document.title for document in DOCUMENTS},
    "subject-access": "Subject access record",
    "join-cards": JOIN_CARDS,
}


def every_pdf(database: Database, commission_id: str) -> dict[str, bytes]:
    """Every printed document of a commission by its command-line name, the subject access record
    of its first participant as "subject-access", and join cards for everyone who can vote as "join-cards"."""
    pdfs = {
        document.kind: read(database, lambda s, d=document: d.pdf(s, commission_id=commission_id))
        for document in DOCUMENTS
    }
    first = read(database, lambda s: list_participants(s, commission_id=commission_id))[0]
    record = read(database, lambda s: subject_access(s, participant_id=first.id))
    pdfs["subject-access"] = plan_subject_access(record).render()
    cards = perform(database, issue_join_cards, commission_id=commission_id).result
    commission = read(database, lambda s: get_commission(s, commission_id=commission_id))
    pdfs["join-cards"] = join_cards_pdf(
        cards, commission_title=commission.title, author=commission.commissioning_body or commission.title
    )
    return pdfs
