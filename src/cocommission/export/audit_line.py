"""The closing line of a printed record that pins the audit log as it stood when it was printed.

The decision record, the evaluation report and the receipts end with the audit log's entry
count and the hash of its last entry. Kept with the paper, it lets anyone check later, with
``cocommission audit verify ID --expect N:HASH``, that no entry was cut off or rewritten since.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Paragraph
from sqlalchemy.orm import Session

from cocommission.export.pdf_style import document_styles, markup, spacer
from cocommission.services.audit import audit_head


def audit_head_flowables(session: Session, *, commission_id: str) -> list[Flowable]:
    """A small closing paragraph: "Audit log: N entries, head HASH" and how to check it."""
    head = audit_head(session, commission_id=commission_id)
    styles = document_styles()
    return [
        spacer(6),
        Paragraph(f"<b>{markup(head.line())}</b>", styles.small),
        Paragraph(
            markup(
                "To check that the audit log has not been cut short or rewritten since this was printed, run "
                f"“cocommission audit verify {commission_id} --expect {head.entries}:{head.hash}”."
            ),
            styles.small,
        ),
    ]
