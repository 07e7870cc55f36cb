"""Shared helpers for benchmarks: medians of repeated timings, printed as ``name value`` lines."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], *, runs: int = 7, setup: Callable[[], object] | None = None) -> float:
    """The median wall-clock time of ``action`` in milliseconds over ``runs`` runs."""
    timings = []
    for _ in range(runs):
        if setup is not None:
            setup()
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def report(name: str, value: float) -> None:
    """Print one figure the way ``make bench`` promises: ``name value``."""
    print(f"{name} {value:.1f}", flush=True)


def report_feedback_sheets(database: object, commission_id: str, *, sheets: int, suffix: str = "") -> bytes:
    """Time laying out a commission's feedback sheets and report the median and the bytes per sheet.

    Both the English and the many-scripts benchmarks print sheets the same way, so the figures compare.
    Returns the last PDF printed, for benchmarks that go on to scan it.
    """
    from cocommission.export.feedback_sheets_pdf import plan_feedback_sheets
    from cocommission.services.perform import read

    holder: dict[str, bytes] = {}

    def print_sheets() -> None:
        plan = read(database, lambda session: plan_feedback_sheets(session, commission_id=commission_id))
        holder["pdf"] = plan.render()

    report(f"feedback_sheets_{sheets}{suffix}_ms", median_ms(print_sheets, runs=3))
    report(f"pdf_bytes_per_sheet{suffix}", len(holder["pdf"]) / sheets)
    return holder["pdf"]
