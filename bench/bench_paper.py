"""Benchmarks of paper feedback: printing a big batch of sheets, and reading one scanned page back.

Prints, as medians of several runs:
  feedback_sheets_200_ms — reading and laying out the PDF of 200 issued sheets (the four
  questions of the example), what the facilitator waits for after pressing Print (target < 5000);
  pdf_bytes_per_sheet — the size of that PDF per sheet (fonts are embedded as subsets);
  scan_page_ms — reading the sheet code off one printed page drawn at 150 dpi and saved as a
  PNG file, opening the file included (target < 300).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import pypdfium2
from common import median_ms, report, report_feedback_sheets

from cocommission.db import open_database
from cocommission.export.scanning import scan_files
from cocommission.services import commissions, feedback
from cocommission.services.demo import FEEDBACK_QUESTIONS
from cocommission.services.perform import perform

SHEETS = 200


def _commission_with_sheets(session) -> str:
    commission_id = commissions.create_commission(session, title="Youth Justice Talent Fund").id
    for text, kind in FEEDBACK_QUESTIONS:
        feedback.add_question(session, commission_id=commission_id, text=text, kind=kind)
    feedback.issue_sheets(session, commission_id=commission_id, anonymous_count=SHEETS)
    return commission_id


def main() -> None:
    """Run both paper benchmarks and print their figures."""
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench.sqlite")
        commission_id = perform(database, _commission_with_sheets).result
        pdf = report_feedback_sheets(database, commission_id, sheets=SHEETS)
        database.close()

        document = pypdfium2.PdfDocument(pdf)
        if len(document) != SHEETS:
            raise SystemExit(f"expected {SHEETS} pages, got {len(document)}")
        page = Path(folder) / "scanned page.png"
        document[0].render(scale=150 / 72, grayscale=True).to_pil().save(page)
        document.close()

        def scan_page() -> None:
            (reading,) = scan_files([page])
            if reading.code is None:
                raise SystemExit(f"the page was not read: {reading.problem}")

        report("scan_page_ms", median_ms(scan_page, runs=7))


if __name__ == "__main__":
    main()
