"""The Outcomes page's list of statements: numbered, with status and where each came from.

Statements that are settled (merged into another) or set aside (dropped) stay in
the list for the record, in grey italics, with no number: the numbers are those
of the statements in play, the same the wall and the console's vote keys show
(``OutcomeRow.number``). Merged ones cannot be edited, because their words live
on in the statement they were merged into.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from cocommission.model import OutcomeStatus
from cocommission.services.outcome_views import StatementCounts, Statements
from cocommission.services.outcomes import OutcomeRow
from cocommission.ui.table_model import Column, Index, RowTableModel
from cocommission.wording import on_screen, translator

COL_NUMBER, COL_STATEMENT, COL_MEASURE, COL_STATUS, COL_CAME_FROM = range(5)

#: Text of statements that are settled (merged) or set aside (dropped): grey, still readable (6:1 on white).
SETTLED_TEXT = QColor("#5f5f5f")
#: Statuses of statements no longer in play, shown in grey italics.
SETTLED = (OutcomeStatus.MERGED, OutcomeStatus.DROPPED)

tr = translator("outcomes")


def status_text(status: OutcomeStatus) -> str:
    """A status in the user's words: "Proposed", "Agreed", "Merged", "Dropped"."""
    return {
        OutcomeStatus.PROPOSED: tr("Proposed"),
        OutcomeStatus.AGREED: tr("Agreed"),
        OutcomeStatus.MERGED: tr("Merged"),
        OutcomeStatus.DROPPED: tr("Dropped"),
    }[status]


def number_text(outcome: OutcomeRow) -> str:
    """How the laptop names a statement: its number, or its first words in quotes once merged or dropped."""
    if outcome.number is not None:
        return str(outcome.number)
    words = " ".join(outcome.text.split())
    return "“{}”".format(words if len(words) <= 40 else words[:39].rstrip() + "…")


def numbers_text(numbers: Sequence[int]) -> str:
    """[2, 5, 7] → "2, 5 and 7"."""
    return on_screen.and_list([str(n) for n in numbers])


def counts_text(counts: StatementCounts) -> str:
    """"11 statements, 5 agreed", noting how many merged and dropped statements are kept beside them."""
    if not counts.listed:
        return tr("No statements yet — type the first one above and press Enter.")
    statements = tr("1 statement") if counts.in_play == 1 else tr("{n} statements").format(n=counts.in_play)
    text = tr("{statements}, {agreed} agreed").format(statements=statements, agreed=counts.agreed)
    if counts.merged or counts.dropped:
        text += tr(" (also kept: {merged} merged, {dropped} dropped)").format(
            merged=counts.merged, dropped=counts.dropped
        )
    return text


#: The roles in which a settled statement looks apart: greyed and in italics.
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_SETTLED_LOOK_ROLES = frozenset((_FOREGROUND, int(Qt.ItemDataRole.FontRole)))


@lru_cache(maxsize=1)
def _settled_font() -> QFont:
    """The italic font of settled statements, made once (a view asks for it at every paint)."""
    font = QFont()
    font.setItalic(True)
    return font


@dataclass(frozen=True)
class StatementLine:
    """One line of the list: the statement and, in words, what it came from or became."""

    outcome: OutcomeRow
    came_from: str
    #: The number of the statement this one was merged into, while it is merged.
    merged_into: int | None

    @property
    def id(self) -> str:
        """The statement's id (the list's key)."""
        return self.outcome.id


def statement_lines(statements: Statements, *, include_merged: bool) -> list[StatementLine]:
    """The lines to show for a commission's ``statements``, with or without merged ones."""
    lines = []
    for row in statements.rows:
        if row.status is OutcomeStatus.MERGED and not include_merged:
            continue
        origin = statements.origins[row.id]
        parts = []
        if row.merged_from:
            # Merged-away statements have no number; "Where it came from" shows their words.
            parts.append(tr("Merged from {count} statements").format(count=origin.merged_from))
        if origin.split_from is not None:
            parts.append(tr("Split from {statement}").format(statement=number_text(origin.split_from)))
        if origin.merged_into is not None:
            parts.append(tr("Merged into {n}").format(n=origin.merged_into))
        lines.append(StatementLine(row, "; ".join(parts), origin.merged_into))
    return lines


class OutcomeTableModel(RowTableModel):
    """Statement lines in list order; words, measure and status can be edited except on merged lines."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(
            [
                Column(
                    tr("No."),
                    lambda line: line.outcome.number,
                    sort_key=lambda line: line.outcome.position,
                    alignment=Qt.AlignmentFlag.AlignRight,
                    tooltip=_number_tip,
                ),
                Column(
                    tr("Statement"), lambda line: line.outcome.text, editable=True, tooltip=_statement_tip
                ),
                Column(
                    tr("How success is measured"),
                    lambda line: line.outcome.measure,
                    editable=True,
                    tooltip=lambda line: tr("How the group will know this outcome is met"),
                ),
                Column(tr("Status"), lambda line: status_text(line.outcome.status), editable=True),
                Column(tr("Came from"), lambda line: line.came_from),
            ],
            parent,
        )

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The role first: a view asks every cell for many roles, and only these two are this model's own.
        if role in _SETTLED_LOOK_ROLES:
            number = index.row()  # -1 for an invalid index
            if 0 <= number < len(self._rows) and self._rows[number].outcome.status in SETTLED:
                return QBrush(SETTLED_TEXT) if role == _FOREGROUND else _settled_font()
            return None
        return RowTableModel.data(self, index, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.row_at(index).outcome.status is OutcomeStatus.MERGED:
            flags &= ~Qt.ItemFlag.ItemIsEditable
        return flags


def _number_tip(line: StatementLine) -> str:
    if line.outcome.number is None:
        return tr("Not numbered: only statements still in play are numbered, as on the wall and in votes")
    return tr("Statement {n}: the number the wall and the vote keys use").format(n=line.outcome.number)


def _statement_tip(line: StatementLine) -> str:
    status = line.outcome.status
    if status is OutcomeStatus.MERGED:
        if line.merged_into is not None:
            return tr("Merged into statement {n}; change that statement instead").format(n=line.merged_into)
        return tr("Merged into another statement; change that statement instead")
    if status is OutcomeStatus.DROPPED:
        return tr("Dropped; put it back to proposed to use it again")
    return tr("Double-click or start typing to change the words")
