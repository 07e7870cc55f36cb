"""Refreshing a table of plain rows without resetting it when only the values changed.

A reset closes any open cell editor and loses the current cell and selection. Pages reload
after every committed edit, often while the edited cell's editor is still being closed, so
when the same rows come back (same ids, same order) only the changed ones are repainted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cocommission.ui.table_model import RowTableModel


def refresh_rows(model: RowTableModel, rows: Sequence[Any]) -> None:
    """Show ``rows`` (each with an ``id``): repaint changed rows in place, or reset when rows come or go."""
    current = model.rows()
    if [row.id for row in current] != [row.id for row in rows]:
        model.set_rows(rows)
        return
    for old, new in zip(current, rows, strict=True):
        if old != new:
            model.update_row(new)
