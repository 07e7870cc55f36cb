"""The decision record, the evaluation report and the receipts carry the audit log's head."""

from __future__ import annotations

import pytest

from cocommission.export.decision_pdf import decision_pdf
from cocommission.export.evaluation_pdf import evaluation_pdf
from cocommission.export.receipts_pdf import receipts_pdf
from cocommission.services.audit import audit_head
from cocommission.services.perform import read


@pytest.mark.parametrize("document", [decision_pdf, evaluation_pdf, receipts_pdf])
def test_printed_record_ends_with_the_audit_head(database, example, pages, document):
    """The last page says how many entries the log had and the full hash of its last entry, and how to check it."""
    pdf = read(database, lambda session: document(session, commission_id=example))
    head = read(database, lambda session: audit_head(session, commission_id=example))
    assert head.entries > 100
    last = pages(pdf)[-1]
    assert f"Audit log: {head.entries:,} entries, head {head.hash}" in last
    assert f"audit verify {example} --expect {head.entries}:{head.hash}" in last.replace(" - ", "-")
