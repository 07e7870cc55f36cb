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
