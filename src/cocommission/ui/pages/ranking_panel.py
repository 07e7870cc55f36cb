"""The weighted totals of the shortlisted bids, ranked, with every sum explained step by step.

Two totals stand side by side: the one that counts (using the panel's agreed, moderated
scores where there are any) and the one from individual scores only, so the effect of
moderation is visible. Ties are shown (``=1st``), never broken. Only totals appear here:
who gave which score is never shown in this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model.scoring import EvaluationResult
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.wording import number_text, on_screen, place_order

COL_PLACE, COL_BID, COL_TOTAL, COL_INDIVIDUAL_PLACE, COL_INDIVIDUAL_TOTAL, COL_COMPLETE = range(6)


@dataclass(frozen=True)
class RankLine:
    """One shortlisted bid's place and total, with and without the panel's agreed scores."""

    id: str
    title: str
    place: str
    place_number: int
    total: float
    individual_place: str
    individual_total: float
    complete: bool


class RankingPanel(QWidget):
    """A ranking table of weighted totals beside a read-only account of how they were worked out."""

    def __init__(self, parent: QWidget | None = None, *, orientation=Qt.Orientation.Horizontal) -> None:
        super().__init__(parent)
        self._steps: dict[bool, tuple[str, ...]] = {True: (), False: ()}
        self._note = ""
        self.model = RowTableModel(
            [
                Column(self.tr("Place"), lambda line: line.place, sort_key=lambda line: line.place_number),
                Column(self.tr("Bid"), lambda line: line.title),
                Column(
                    self.tr("Total"),
                    lambda line: number_text(line.total),
                    sort_key=lambda line: line.total,
                    alignment=Qt.AlignmentFlag.AlignRight,
                    tooltip=lambda line: self.tr("Using the panel's agreed scores where there are any"),
                ),
                Column(
                    self.tr("Place\n(individual only)"),
                    lambda line: line.individual_place,
                    tooltip=lambda line: self.tr(
                        "The place on the panellists' own scores, before moderation"
                    ),
                ),
                Column(
                    self.tr("Total\n(individual only)"),
                    lambda line: number_text(line.individual_total),
                    sort_key=lambda line: line.individual_total,
                    alignment=Qt.AlignmentFlag.AlignRight,
                    tooltip=lambda line: self.tr("The mean of panellists' own scores, before moderation"),
                ),
                Column(
                    self.tr("Fully scored"),
                    lambda line: self.tr("Yes") if line.complete else self.tr("No"),
                    tooltip=lambda line: (
                        "" if line.complete else self.tr("Some criteria have no score yet; they count 0")
                    ),
                ),
            ],
            self,
        )
        self.table = make_table_view(
            self,
            self.model,
            self.tr("Ranking of the shortlisted bids"),
            stretch_column=COL_BID,
            selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
        )

        self.view_choice = QComboBox(self)
        self.view_choice.addItem(self.tr("with the panel's agreed scores"), True)
        self.view_choice.addItem(self.tr("with individual scores only"), False)
        self.view_choice.currentIndexChanged.connect(self._show_steps)
        choice_label = QLabel(self.tr("E&xplain the sums:"), self)
        choice_label.setBuddy(self.view_choice)
        self.explanation = QPlainTextEdit(self)
        self.explanation.setReadOnly(True)
        self.explanation.setAccessibleName(self.tr("How the totals were worked out"))
        self.explanation.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

        table_side = QWidget(self)
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("Weighted totals"), table_side)
        heading.setObjectName("sectionHeading")
        table_layout.addWidget(heading)
        table_layout.addWidget(self.table, 1)
        steps_side = QWidget(self)
        steps_layout = QVBoxLayout(steps_side)
        steps_layout.setContentsMargins(0, 0, 0, 0)
        choice_row = QHBoxLayout()
        choice_row.addWidget(choice_label)
        choice_row.addWidget(self.view_choice, 1)
        steps_layout.addLayout(choice_row)
        steps_layout.addWidget(self.explanation, 1)
        self.splitter = QSplitter(orientation, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(table_side)
        self.splitter.addWidget(steps_side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    def show_results(
        self,
        titles: Mapping[str, str],
        moderated: EvaluationResult | None,
        individual: EvaluationResult | None,
        note: str = "",
    ) -> None:
        """Rank the bids; with no results, show ``note`` (why nothing can be worked out yet)."""
        self._note = note
        if moderated is None or individual is None:
            self.model.set_rows(())
            self._steps = {True: (), False: ()}
            self._show_steps()
            return
        place, number = on_screen.places(moderated.ranking), place_order(moderated.ranking)
        individual_place = on_screen.places(individual.ranking)
        individual_totals = {result.bid_id: result.weighted_total for result in individual.bids}
        lines = [
            RankLine(
                id=result.bid_id,
                title=titles.get(result.bid_id, ""),
                place=place.get(result.bid_id, ""),
                place_number=number.get(result.bid_id, 0),
                total=result.weighted_total,
                individual_place=individual_place.get(result.bid_id, ""),
                individual_total=individual_totals.get(result.bid_id, 0.0),
                complete=result.complete,
            )
            for result in moderated.bids
        ]
        lines.sort(key=lambda line: (line.place_number, line.title))
        self.model.set_rows(lines)
        self._steps = {True: moderated.steps, False: individual.steps}
        self._show_steps()

    def _show_steps(self, *_args) -> None:
        steps = self._steps[bool(self.view_choice.currentData())]
        self.explanation.setPlainText("\n".join(steps) if steps else self._note)
