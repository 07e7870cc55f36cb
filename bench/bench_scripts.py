"""Benchmarks of printing names and outcomes in many scripts (fallback fonts, shaping, right to left).

Prints, as medians of several runs:
  tender_pdf_multilingual_ms — printing the tender of the example made with names and outcomes
  in eleven scripts (tests/export/multilingual.py), against tender_pdf_ms for the English one
  (target < 300);
  feedback_sheets_200_multilingual_ms — laying out 200 named sheets, the names and a question in
  those scripts (target < 2000);
  pdf_bytes_per_sheet_multilingual — the size of that PDF per sheet: the fallback fonts are
  embedded as subsets, so a sheet costs bytes, not the fonts' megabytes.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))

from common import median_ms, report, report_feedback_sheets
from tests.export.multilingual import FEEDBACK_QUESTIONS, TITLE, YOUNG_PEOPLE, create_multilingual_commission

from cocommission.db import open_database
from cocommission.export.tender_pdf import tender_pdf
from cocommission.services import commissions, feedback, participants
from cocommission.services.perform import perform, read

SHEETS = 200


def _commission_with_named_sheets(session) -> str:
    """200 sheets, each for a young person named in one of the scripts."""
    commission_id = commissions.create_commission(session, title=TITLE).id
    for text, kind in FEEDBACK_QUESTIONS:
        feedback.add_question(session, commission_id=commission_id, text=text, kind=kind)
    group = [
        participants.add_participant(
            session,
            commission_id=commission_id,
            pseudonym=f"{YOUNG_PEOPLE[number % len(YOUNG_PEOPLE)][0]} {number}",
        ).id
        for number in range(SHEETS)
    ]
    feedback.issue_sheets(session, commission_id=commission_id, participant_ids=group)
    return commission_id


def main() -> None:
    """Run the many-scripts benchmarks and print their figures."""
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench.sqlite")
        commission_id = create_multilingual_commission(database)

        def print_tender() -> None:
            read(database, lambda session: tender_pdf(session, commission_id=commission_id))

        report("tender_pdf_multilingual_ms", median_ms(print_tender, runs=5))

        sheets_id = perform(database, _commission_with_named_sheets).result
        report_feedback_sheets(database, sheets_id, sheets=SHEETS, suffix="_multilingual")
        database.close()


if __name__ == "__main__":
    main()
