"""The moderation and totals tab of the bids page.

For each shortlisted bid and criterion: how many panellists scored it, their mean and
spread (marked when they disagree widely), and the score the panel agreed with its reason
and the mean it replaced. Below, the ranking of weighted totals and how they were worked out.
Only means and spreads are shown here, never which panellist gave which score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.services import moderation, scoring_rules
from cocommission.services.evaluation import BidEvaluation
from cocommission.services.moderation import ModerationRow
from cocommission.services.tender import CriterionRow
from cocommission.services.text import plural
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.form_dialog import open_form
from cocommission.ui.moderate_dialog import ModerateDialog
from cocommission.ui.pages.ranking_panel import RankingPanel
from cocommission.ui.table_model import Column, Index, RowTableModel
from cocommission.ui.table_view import make_table_view, select_row, selected_row
from cocommission.wording import number_text

(
    COL_BID,
    COL_CRITERION,
    COL_COUNT,
    COL_MEAN,
    COL_SPREAD,
    COL_AGREED,
    COL_MEAN_BEFORE,
    COL_REASON,
) = range(8)

#: Amber behind a wide spread; the text carries a "!" too, so colour is never the only sign.
FLAG_BACKGROUND = QColor("#ffd27f")
FLAG_TEXT = QColor("#3d2a00")


@dataclass(frozen=True)
class ModerationLine:
    """One bid on one criterion: the panel's mean and spread, and any agreed score."""

    id: str
    bid_id: str
    bid_title: str
    criterion_id: str
    criterion_name: str
    scores_count: int
    mean: float | None
    spread: float | None
    flagged: bool
    agreed: int | None
    mean_before: float | None
    reason: str


class ModerationTableModel(RowTableModel):
    """Moderation lines, with the spread cell marked amber where the panel disagrees widely."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == COL_SPREAD and 0 <= index.row() < self.rowCount():
            line: ModerationLine = self.row_at(index)
            if line.flagged and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(FLAG_BACKGROUND)
            if line.flagged and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(FLAG_TEXT)
        return super().data(index, role)


class ModerationPanel(QWidget):
    """Agree a moderated score with a reason, see the means it sits beside, and the resulting ranking."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self._max_score = scoring_rules.DEFAULT_SCALE_MAX
        self.dialog: ModerateDialog | None = None

        self.model = ModerationTableModel(
            [
                Column(self.tr("Bid"), lambda line: line.bid_title),
                Column(self.tr("Criterion"), lambda line: line.criterion_name),
                Column(
                    self.tr("Scores"), lambda line: line.scores_count, alignment=Qt.AlignmentFlag.AlignRight
                ),
                Column(
                    self.tr("Mean"),
                    lambda line: number_text(line.mean),
                    sort_key=lambda line: -1 if line.mean is None else line.mean,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Spread"),
                    self._spread_text,
                    sort_key=lambda line: -1 if line.spread is None else line.spread,
                    alignment=Qt.AlignmentFlag.AlignRight,
                    tooltip=self._spread_tooltip,
                ),
                Column(
                    self.tr("Agreed score"),
                    lambda line: "" if line.agreed is None else line.agreed,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Mean when agreed"),
                    lambda line: number_text(line.mean_before) if line.agreed is not None else "",
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(self.tr("Reason"), lambda line: line.reason, tooltip=lambda line: line.reason),
            ],
            self,
        )
        self.table = make_table_view(
            self,
            self.model,
            self.tr("Means, spreads and agreed scores"),
            stretch_column=COL_REASON,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        self.table.activated.connect(lambda _index: self.moderate_selected())

        self.moderate_button = QPushButton(self.tr("&Moderate…"), self)
        self.moderate_button.setToolTip(
            self.tr("Agree a score for the chosen bid and criterion, with the reason")
        )
        self.moderate_button.clicked.connect(self.moderate_selected)
        self.clear_button = QPushButton(self.tr("C&lear agreed score"), self)
        self.clear_button.setToolTip(self.tr("Go back to the mean of the panellists' scores (Ctrl+Z undoes)"))
        self.clear_button.clicked.connect(self.clear_selected)
        legend = QLabel(
            self.tr(
                "“!” and amber: the panellists disagree widely; talk it through before agreeing a score."
            ),
            self,
        )
        legend.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.moderate_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(legend, 1)

        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.table, 1)
        self.ranking = RankingPanel(self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.ranking)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.splitter)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def _spread_text(self, line: ModerationLine) -> str:
        text = number_text(line.spread)
        return f"{text} !" if line.flagged else text

    def _spread_tooltip(self, line: ModerationLine) -> str:
        if line.flagged:
            return self.tr("The panellists disagree widely on this; talk it through before agreeing a score.")
        return self.tr("Highest score minus lowest score")

    def show_evaluation(  # noqa: PLR0917 - the evaluation's parts, in the order the panel shows them
        self,
        titles: Mapping[str, str],
        criteria: Sequence[CriterionRow],
        evaluation: BidEvaluation | None,
        individual: BidEvaluation | None,
        moderated_rows: Sequence[ModerationRow],
        note: str = "",
    ) -> None:
        """Show each bid × criterion line and the ranking; with no evaluation, ``note`` says why."""
        chosen = self.selected_line()
        names = {criterion.id: criterion.name for criterion in criteria}
        agreed = {(row.bid_id, row.criterion_id): row for row in moderated_rows}
        lines = []
        if evaluation is not None:
            self._max_score = evaluation.max_score
            for result in evaluation.result.bids:
                for cell in result.criteria:
                    row = agreed.get((result.bid_id, cell.criterion_id))
                    lines.append(
                        ModerationLine(
                            id=f"{result.bid_id}:{cell.criterion_id}",
                            bid_id=result.bid_id,
                            bid_title=titles.get(result.bid_id, ""),
                            criterion_id=cell.criterion_id,
                            criterion_name=names.get(cell.criterion_id, ""),
                            scores_count=cell.scores_count,
                            mean=cell.mean,
                            spread=cell.spread,
                            flagged=evaluation.is_flagged(result.bid_id, cell.criterion_id),
                            agreed=row.value if row else None,
                            mean_before=row.mean_before if row else None,
                            reason=row.reason if row else "",
                        )
                    )
        self.model.set_rows(lines)
        if chosen is not None:
            self.select_line(chosen.bid_id, chosen.criterion_id)
        self.ranking.show_results(
            titles,
            evaluation.result if evaluation else None,
            individual.result if individual else None,
            note,
        )
        self._update_buttons()

    def selected_line(self) -> ModerationLine | None:
        """The bid and criterion chosen in the table, if any."""
        return selected_row(self.table)

    def select_line(self, bid_id: str, criterion_id: str) -> None:
        """Choose the line for ``bid_id`` on ``criterion_id``."""
        select_row(self.table, self.model, f"{bid_id}:{criterion_id}")

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_line()
        self.moderate_button.setEnabled(chosen is not None)
        self.clear_button.setEnabled(chosen is not None and chosen.agreed is not None)

    # --- moderating ------------------------------------------------------------

    def moderate_selected(self) -> None:
        """Open the form to agree a score for the chosen line."""
        line = self.selected_line()
        if line is None:
            return
        if line.mean is None:
            summary = self.tr("No panellist has scored this yet.")
        else:
            summary = plural(
                line.scores_count,
                self.tr("Mean of {count} score: {mean}; spread {spread}."),
                self.tr("Mean of {count} scores: {mean}; spread {spread}."),
                mean=number_text(line.mean),
                spread=number_text(line.spread),
            )
        start = (
            line.agreed if line.agreed is not None else int(line.mean + 0.5) if line.mean is not None else 0
        )
        dialog = ModerateDialog(
            bid_title=line.bid_title,
            criterion_name=line.criterion_name,
            summary=summary,
            max_score=self._max_score,
            value=start,
            reason=line.reason,
            parent=self,
        )
        self.dialog = dialog
        open_form(dialog, self.commander, lambda: self._agree(line, dialog.values))

    def _agree(self, line: ModerationLine, values: dict | None) -> None:
        if values is None:
            return
        cell = {"bid_id": line.bid_id, "criterion_id": line.criterion_id}
        undo = (
            ServiceCall(moderation.clear_moderation, cell)
            if line.agreed is None
            else ServiceCall(moderation.moderate_score, {**cell, "value": line.agreed, "reason": line.reason})
        )
        self.commander.edit(
            self.tr("Agree score {value}").format(value=values["value"]),
            do=ServiceCall(moderation.moderate_score, {**cell, **values}),
            undo=undo,
            initiator=self,
        )

    def clear_selected(self) -> None:
        """Remove the agreed score for the chosen line, so the mean counts again (undoable)."""
        line = self.selected_line()
        if line is None or line.agreed is None:
            return
        cell = {"bid_id": line.bid_id, "criterion_id": line.criterion_id}
        self.commander.edit(
            self.tr("Clear agreed score"),
            do=ServiceCall(moderation.clear_moderation, cell),
            undo=ServiceCall(moderation.moderate_score, {**cell, "value": line.agreed, "reason": line.reason}),
            initiator=self,
        )
