"""Benchmarks of the Qt-free core: counting votes, and moving a commission as JSON.

Prints, as medians of several runs:
  tally_dots_60x40_ms, tally_schulze_60x40_ms, tally_irv_60x40_ms — counting a
  round of 60 voters over 40 options, the largest room the live console plans for;
  open_database_ms — opening an existing database (schema checks included);
  open_encrypted_database_ms — the same database encrypted with a passphrase;
  encrypt_example_database_ms — encrypting it in place (checked copy, old bytes wiped);
  export_example_json_ms / import_example_json_ms — the example commission;
  tender_pdf_ms — printing the example's tender to PDF;
  tender_pdf_20_pages_ms — reading and printing a long tender (at least 20 pages, checked).
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import median_ms, report
from pypdf import PdfReader

from cocommission.db import open_database
from cocommission.db.encryption import encrypt_database
from cocommission.export.interchange import export_commission, import_commission
from cocommission.export.tender_pdf import tender_pdf
from cocommission.model.tallies import tally
from cocommission.services import commissions, tender
from cocommission.services.demo import CRITERIA, create_example_commission
from cocommission.services.perform import perform

#: Pages the long tender must reach; the benchmark refuses to report a figure for a shorter one.
LONG_TENDER_PAGES = 20


def _rounds(seed: int = 7):
    chooser = random.Random(seed)
    options = [f"option-{n}" for n in range(40)]
    dots = []
    for _ in range(60):
        ballot: dict[str, int] = {}
        for _ in range(5):
            pick = chooser.choice(options)
            ballot[pick] = ballot.get(pick, 0) + 1
        dots.append(ballot)
    rankings = [chooser.sample(options, 10) for _ in range(60)]
    return options, dots, rankings


def _long_tender(session) -> str:
    """A commission whose tender runs past 20 pages: many long sections of paragraphs and bullet lists."""
    commission = commissions.create_commission(
        session, title="Borough-wide youth services review", commissioning_body="Riverside Borough Council"
    )
    tender.set_criteria(session, commission_id=commission.id, criteria=CRITERIA)
    made = tender.create_tender(session, commission_id=commission.id)
    chooser = random.Random(11)
    words = [
        *("young", "people", "service", "outcomes", "evening", "sessions", "safe", "estate", "trust"),
        *("adults", "mentoring", "music", "sport", "training", "budget", "evidence", "report"),
        *("quarterly", "measure", "safeguarding", "families", "community", "volunteers"),
    ]
    for number in range(1, 10):
        paragraphs = []
        for _ in range(6):
            sentences = [
                " ".join(chooser.choice(words) for _ in range(14)).capitalize() + "." for _ in range(6)
            ]
            paragraphs.append(" ".join(sentences))
            paragraphs.append("\n".join(f"- {' '.join(chooser.sample(words, 9))}." for _ in range(4)))
        tender.add_section(
            session, tender_id=made.id, heading=f"Requirement area {number}", body="\n\n".join(paragraphs)
        )
    return commission.id


def main() -> None:
    """Run every core benchmark and print its figure."""
    options, dots, rankings = _rounds()
    report("tally_dots_60x40_ms", median_ms(lambda: tally("dots", options, ballots=dots)))
    report("tally_schulze_60x40_ms", median_ms(lambda: tally("schulze", options, ballots=rankings)))
    report("tally_irv_60x40_ms", median_ms(lambda: tally("irv", options, ballots=rankings)))

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        database = open_database(path)
        commission_id = perform(database, create_example_commission).result
        database.close()
        report("open_database_ms", median_ms(lambda: open_database(path).close()))

        encrypted = Path(folder) / "encrypted.sqlite"
        passphrase = "a benchmark passphrase"
        report(
            "encrypt_example_database_ms",
            median_ms(lambda: encrypt_database(encrypted, passphrase), setup=lambda: shutil.copyfile(path, encrypted), runs=5),
        )
        report("open_encrypted_database_ms", median_ms(lambda: open_database(encrypted, passphrase=passphrase).close()))

        database = open_database(path)
        holder = {}

        def export() -> None:
            with database.unit_of_work() as session:
                holder["document"] = export_commission(session, commission_id=commission_id)

        report("export_example_json_ms", median_ms(export))

        def import_copy() -> None:
            perform(database, import_commission, document=holder["document"], new_ids=True)

        report("import_example_json_ms", median_ms(import_copy))

        def print_tender() -> None:
            with database.unit_of_work() as session:
                tender_pdf(session, commission_id=commission_id)

        report("tender_pdf_ms", median_ms(print_tender, runs=5))

        long_id = perform(database, _long_tender).result
        with database.unit_of_work() as session:
            pages = len(PdfReader(io.BytesIO(tender_pdf(session, commission_id=long_id))).pages)
        if pages < LONG_TENDER_PAGES:
            raise SystemExit(f"The long tender has {pages} pages, fewer than {LONG_TENDER_PAGES}; lengthen it.")

        def print_long_tender() -> None:
            with database.unit_of_work() as session:
                tender_pdf(session, commission_id=long_id)

        report("tender_pdf_20_pages_ms", median_ms(print_long_tender, runs=5))
        report("tender_pdf_20_pages_count", pages)
        database.close()


if __name__ == "__main__":
    main()
