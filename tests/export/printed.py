"""Every printed document of a commission, made as the app makes them, for tests that check them all."""

from __future__ import annotations

from cocommission.db import Database
from cocommission.export.documents import DOCUMENTS
from cocommission.export.subject_access_pdf import plan_subject_access
from cocommission.services.participants import list_participants
from cocommission.services.perform import read
from cocommission.services.privacy import subject_access

#: Each document's own name by its command-line name; the subject access record is printed from
#: the Privacy page rather than the Print menu, so it is not in DOCUMENTS.
DOCUMENT_TITLES = {
    **{document.kind: document.title for document in DOCUMENTS},
    "subject-access": "Subject access record",
}


def every_pdf(database: Database, commission_id: str) -> dict[str, bytes]:
    """Every printed document of a commission by its command-line name, and the subject access
    record of its first participant as "subject-access"."""
    pdfs = {
        document.kind: read(database, lambda s, d=document: d.pdf(s, commission_id=commission_id))
        for document in DOCUMENTS
    }
    first = read(database, lambda s: list_participants(s, commission_id=commission_id))[0]
    record = read(database, lambda s: subject_access(s, participant_id=first.id))
    pdfs["subject-access"] = plan_subject_access(record).render()
    return pdfs
