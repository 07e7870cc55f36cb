"""The scoring tab of the bids page: one panellist's scores, bids down the side and criteria across.

Only the chosen panellist's scores are shown, so nobody at the table sees who gave which score
unless they look at that person's own grid. Cells of a bid the panellist has a declared conflict
of interest with are locked: greyed, marked and not editable.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from cocommission.services import scores, scoring_rules
from cocommission.services.scores import GridRow, ScoringProgress
from cocommission.services.tender import CriterionRow
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.number_input import NumberBox, NumberDelegate, whole_number_role
from cocommission.ui.table_view import EDIT_IN_PLACE, make_table_view

Index = QModelIndex | QPersistentModelIndex

LOCKED_BACKGROUND = QColor("#e4e4e4")
LOCKED_TEXT = QColor("#6b6b6b")


class ScoringGridModel(QAbstractTableModel):
    """One panellist's scores: a row per shortlisted bid, a column per criterion.

    Editing a cell is announced with ``score_requested(bid_id, criterion_id, value)``
    (``value`` None clears the score); the page performs it and refreshes the grid.
    """

    score_requested = Signal(str, str, object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._bids: tuple[tuple[str, str], ...] = ()
        self._criteria: tuple[CriterionRow, ...] = ()
        self._cells: dict[tuple[str, str], GridRow] = {}
        self.max_score = scoring_rules.DEFAULT_SCALE_MAX

    def set_grid(
        self,
        bid_rows: Sequence[tuple[str, str]],
        criteria: Sequence[CriterionRow],
        cells: Mapping[tuple[str, str], GridRow],
        max_score: int,
    ) -> None:
        """Show ``cells`` (keyed by bid and criterion) for ``bid_rows`` × ``criteria``.

        When the bids and criteria are the same as before, only the cells repaint, so an
        open editor, the current cell and the selection survive a refresh.
        """
        same_shape = [key for key, _ in bid_rows] == [key for key, _ in self._bids] and [
            c.id for c in criteria
        ] == [c.id for c in self._criteria]
        if not same_shape:
            self.beginResetModel()
        self._bids = tuple(bid_rows)
        self._criteria = tuple(criteria)
        self._cells = dict(cells)
        self.max_score = max_score
        if not same_shape:
            self.endResetModel()
        elif self._bids and self._criteria:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._bids) - 1, len(self._criteria) - 1))
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._criteria) - 1)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(self._bids) - 1)

    def cell(self, index: Index) -> GridRow | None:
        """The grid cell behind ``index`` (None before a panellist is chosen)."""
        if not index.isValid() or not (0 <= index.row() < len(self._bids)):
            return None
        return self._cells.get((self._bids[index.row()][0], self._criteria[index.column()].id))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._bids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._criteria)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._criteria):
            criterion = self._criteria[section]
            if role == Qt.ItemDataRole.DisplayRole:
                # Headers do not wrap by themselves; long criterion names would be cut off.
                name = "\n".join(textwrap.wrap(criterion.name, 26)) or criterion.name
                return self.tr("{name}\n({weight}%)").format(name=name, weight=criterion.weight)
            if role == Qt.ItemDataRole.ToolTipRole:
                return criterion.description or criterion.name
        if (
            orientation == Qt.Orientation.Vertical
            and 0 <= section < len(self._bids)
            and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
        ):
            return self._bids[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: PLR0911 - one answer for each Qt item role
        cell = self.cell(index)
        if cell is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.locked:
                return self.tr("Conflict")
            return "" if cell.value is None else str(cell.value)
        if role == Qt.ItemDataRole.EditRole:
            return cell.value
        if role == Qt.ItemDataRole.ToolTipRole:
            if cell.locked:
                return self.tr("Declared a conflict of interest")
            return self.tr("Score from 0 to {max}; type a number, or press Delete to clear it").format(
                max=self.max_score
            )
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if cell.locked and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(LOCKED_BACKGROUND)
        if cell.locked and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(LOCKED_TEXT)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        cell = self.cell(index)
        if cell is None:
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not cell.locked:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self.cell(index)
        if cell is None or cell.locked or role != Qt.ItemDataRole.EditRole:
            return False
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return False
        self.score_requested.emit(cell.bid_id, cell.criterion_id, value)
        return True


class ScoreDelegate(NumberDelegate):
    """A score from 0 to the top of the scale; typing a digit on a cell starts it, an empty cell opens empty.

    What is not on the scale (a letter, 7 on 0-5, 4.5) is refused through ``refused`` and the cell
    keeps what it had: an empty cell never becomes 0, "Unacceptable".
    """

    def __init__(self, model: ScoringGridModel, parent=None) -> None:
        super().__init__(
            current=whole_number_role,
            bounds=lambda _index: (0, model.max_score),
            accessible_name=self.tr("Score"),
            blank=True,
            parent=parent,
        )
        self._model = model

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        assert isinstance(editor, NumberBox)
        editor.setSuffix(self.tr(" out of {max}").format(max=self._model.max_score))
        return editor


class ScoringPanel(QWidget):
    """Choose a panellist, then type their score in each cell; every change can be undone."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self._grid: tuple[GridRow, ...] = ()
        self._progress: dict[str, ScoringProgress] = {}
        self._bid_rows: tuple[tuple[str, str], ...] = ()
        self._criteria: tuple[CriterionRow, ...] = ()
        self._max_score = scoring_rules.DEFAULT_SCALE_MAX

        self.panellist = QComboBox(self)
        panellist_label = QLabel(self.tr("Scores given &by:"), self)
        panellist_label.setBuddy(self.panellist)
        self.panellist.currentIndexChanged.connect(self._show_chosen)
        self.progress = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(panellist_label)
        top.addWidget(self.panellist)
        top.addSpacing(16)
        top.addWidget(self.progress, 1)

        self.model = ScoringGridModel(self)
        self.model.score_requested.connect(self._score_requested)
        # A grid of cells, one score each: the rows are named down the side and every column shares the width.
        self.table = make_table_view(
            self,
            self.model,
            self.tr("Scoring grid"),
            stretch_column=None,
            edit_triggers=EDIT_IN_PLACE,
            whole_rows=False,
            other_columns=QHeaderView.ResizeMode.Stretch,
            row_headers=True,
            rows_fit_contents=True,
        )
        self.table.verticalHeader().setMaximumWidth(320)
        self.scores = ScoreDelegate(self.model, self.table)
        self.scores.refused.connect(self.commander.failed)
        self.table.setItemDelegate(self.scores)
        clear = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.clear_current)

        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)

    # --- showing ------------------------------------------------------------

    def show_grid(
        self,
        grid: Sequence[GridRow],
        *,
        bid_rows: Sequence[tuple[str, str]],
        criteria: Sequence[CriterionRow],
        scorers: Sequence[tuple[str, str]],
        max_score: int,
        progress: Mapping[str, ScoringProgress],
    ) -> None:
        """Show the scoring grid; ``scorers`` are ``(panellist id, label)`` in the order to offer them,
        and ``progress`` how much of each one's part is scored."""
        self._grid = tuple(grid)
        self._progress = dict(progress)
        self._bid_rows = tuple(bid_rows)
        self._criteria = tuple(criteria)
        self._max_score = max_score
        kept = self.panellist.currentData()
        self.panellist.blockSignals(True)
        self.panellist.clear()
        for key, label in scorers:
            self.panellist.addItem(label, key)
        found = self.panellist.findData(kept) if kept is not None else -1
        self.panellist.setCurrentIndex(found if found >= 0 else 0 if scorers else -1)
        self.panellist.blockSignals(False)
        if not criteria:
            self.hint.setText(self.tr("There are no evaluation criteria yet; add them on the Tender page."))
        elif not bid_rows:
            self.hint.setText(self.tr("No bids are shortlisted yet; tick them on the Bids tab."))
        elif not scorers:
            self.hint.setText(self.tr("Nobody is on the interview panel yet; tick them on the Panel tab."))
        else:
            self.hint.setText(
                self.tr(
                    "Scores are 0 to {max}. Type a number on a cell, or double-click it; "
                    "Delete clears a score; "
                    "Ctrl+Z undoes. Grey cells: this panellist declared a conflict of interest with that bid."
                ).format(max=max_score)
            )
        self._show_chosen()

    def select_panellist(self, panellist_id: str) -> None:
        """Show the grid of the panellist with ``panellist_id``."""
        self.panellist.setCurrentIndex(self.panellist.findData(panellist_id))

    def _show_chosen(self, *_args) -> None:
        chosen = self.panellist.currentData()
        cells = {(row.bid_id, row.criterion_id): row for row in self._grid if row.panellist_id == chosen}
        self.model.set_grid(self._bid_rows if chosen else (), self._criteria, cells, self._max_score)
        if chosen is None:
            self.progress.clear()
        else:
            progress = self._progress.get(chosen, ScoringProgress(0, 0))
            self.progress.setText(
                self.tr("{name} has scored {done} of {total} cells.").format(
                    name=self.panellist.currentText(), done=progress.scored, total=progress.open
                )
            )

    # --- scoring --------------------------------------------------------------

    def _score_requested(self, bid_id: str, criterion_id: str, value: int | None) -> None:
        panellist_id = self.panellist.currentData()
        old = next(
            (
                row.value
                for row in self._grid
                if (row.panellist_id, row.bid_id, row.criterion_id) == (panellist_id, bid_id, criterion_id)
            ),
            None,
        )
        if panellist_id is None or value == old:
            return
        cell = {"bid_id": bid_id, "criterion_id": criterion_id, "panellist_id": panellist_id}
        do = (
            ServiceCall(scores.clear_score, cell)
            if value is None
            else ServiceCall(scores.record_score, {**cell, "value": value})
        )
        undo = (
            ServiceCall(scores.clear_score, cell)
            if old is None
            else ServiceCall(scores.record_score, {**cell, "value": old})
        )
        self.commander.edit(
            self.tr("Clear score") if value is None else self.tr("Score {value}").format(value=value),
            do=do,
            undo=undo,
            initiator=self,
        )

    def clear_current(self) -> None:
        """Clear the score in the current cell (Ctrl+Z brings it back)."""
        index = self.table.currentIndex()
        cell = self.model.cell(index)
        if cell is not None and not cell.locked and cell.value is not None:
            self.model.setData(index, None, Qt.ItemDataRole.EditRole)
