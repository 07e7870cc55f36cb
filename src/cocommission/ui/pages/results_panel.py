"""A round's results: each option's place and score, ties shown as ties, and how the count went.

Results appear only when the round allows it: always for live rounds, after
the reveal for rounds hidden until then. Before that the panel says so and
shows only who has voted. A ranking round can be counted by any of the three
ranking methods to compare them; the count itself never breaks a tie, except
that an instant run-off follows the round's tie-break rule, and when that rule
needs a lot the panel says so and offers the facilitator a "Draw lots" button
once voting has closed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import COUNT_METHODS, CountMethod, RoundState, VoteMethod
from cocommission.model.tallies import TallyResult
from cocommission.services.errors import ServiceError
from cocommission.services.text import plural
from cocommission.services.voting import RoundRow, draw_lots, round_progress, tally_round
from cocommission.ui.commands import Commander
from cocommission.ui.pages.vote_words import count_name
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.wording import on_screen

COL_PLACE, COL_OPTION, COL_SCORE = range(3)


@dataclass(frozen=True)
class ResultRow:
    """One option's line in the results: its place (shared when tied) and its score."""

    id: str
    place: int
    tied: bool
    label: str
    score: float | None
    #: The score as the count shows it: exact enough to explain the order; empty when there is none.
    score_text: str = ""


def result_rows(result: TallyResult, labels: dict[str, str]) -> list[ResultRow]:
    """The count's tiers as table rows, best first, with competition places (1, =2, =2, 4)."""
    rows: list[ResultRow] = []
    place = 1
    for tier in result.ranking:
        for option_id in tier:
            score = None if result.scores is None else result.scores.get(option_id)
            text = result.score_texts.get(option_id, "")
            rows.append(
                ResultRow(option_id, place, len(tier) > 1, labels.get(option_id, option_id), score, text)
            )
        place += len(tier)
    return rows


class ResultsTableModel(RowTableModel):
    """Result rows, whose score column is headed by what the count measures (dots, points, wins…)."""

    def __init__(self, columns, parent=None) -> None:
        super().__init__(columns, parent)
        self._score_heading: str | None = None

    def set_score_heading(self, heading: str) -> None:
        """Name the score column after what the count measures."""
        if heading != self._score_heading:
            self._score_heading = heading
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_SCORE, COL_SCORE)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if (
            section == COL_SCORE
            and orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and self._score_heading
        ):
            return self._score_heading
        return super().headerData(section, orientation, role)


class ResultsPanel(QWidget):
    """The results of one round, or a note that they are hidden until the reveal."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.round: RoundRow | None = None
        self.result: TallyResult | None = None
        self._count_for: str | None = None

        self.hidden_note = QLabel(self.tr("Results are hidden until you reveal them."), self)
        self.hidden_note.setObjectName("resultsHidden")
        self.hidden_note.setWordWrap(True)
        self.voted = QLabel(self)
        self.voted.setWordWrap(True)
        self.count_label = QLabel(self.tr("Count &by:"), self)
        self.count_method = QComboBox(self)
        self.count_method.setAccessibleName(self.tr("Count by"))
        for count in COUNT_METHODS[VoteMethod.RANKING]:
            self.count_method.addItem(count_name(count), count.value)
        self.count_label.setBuddy(self.count_method)
        self.count_method.activated.connect(lambda _index: self._count())
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.lot_note = QLabel(self)
        self.lot_note.setObjectName("lotNeeded")
        self.lot_note.setWordWrap(True)
        self.draw_lots_button = QPushButton(self.tr("Draw &lots"), self)
        self.draw_lots_button.clicked.connect(self.draw_lots)

        self.results_model = ResultsTableModel(
            [
                Column(
                    self.tr("Place"),
                    lambda row: ("=" if row.tied else "") + on_screen.ordinal(row.place),
                    sort_key=lambda row: row.place,
                ),
                Column(self.tr("Option"), lambda row: row.label),
                Column(
                    self.tr("Score"), self._score_text, alignment=Qt.AlignmentFlag.AlignRight
                ),
            ],
            self,
        )
        self.results_view = make_table_view(
            self,
            self.results_model,
            self.tr("Results"),
            stretch_column=COL_OPTION,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
        )
        steps_label = QLabel(self.tr("How the count was done, step by step:"), self)
        self.steps = QPlainTextEdit(self)
        self.steps.setReadOnly(True)
        self.steps.setAccessibleName(self.tr("How the count was done, step by step"))
        steps_label.setBuddy(self.steps)

        counting = QHBoxLayout()
        counting.addWidget(self.count_label)
        counting.addWidget(self.count_method, 1)
        self.shown = QWidget(self)
        shown_layout = QVBoxLayout(self.shown)
        shown_layout.setContentsMargins(0, 0, 0, 0)
        shown_layout.addLayout(counting)
        shown_layout.addWidget(self.summary)
        lot = QHBoxLayout()
        lot.addWidget(self.lot_note, 1)
        lot.addWidget(self.draw_lots_button)
        shown_layout.addLayout(lot)
        explanation = QWidget(self)
        explanation_layout = QVBoxLayout(explanation)
        explanation_layout.setContentsMargins(0, 0, 0, 0)
        explanation_layout.addWidget(steps_label)
        explanation_layout.addWidget(self.steps, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self.shown)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.results_view)
        splitter.addWidget(explanation)
        shown_layout.addWidget(splitter, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hidden_note)
        layout.addWidget(self.voted)
        layout.addWidget(self.shown, 1)

    def show_round(self, row: RoundRow) -> None:
        """Show ``row``'s results if they may be seen, else only who has voted."""
        if self.round is None or self.round.id != row.id or self.round.count_method != row.count_method:
            # Another round, or this draft's count was changed: start from the round's own count method.
            self._count_for = None
        self.round = row
        ranking = row.method is VoteMethod.RANKING
        self.count_label.setVisible(ranking)
        self.count_method.setVisible(ranking)
        if self._count_for is None:
            self._count_for = row.count_method.value
            self.count_method.setCurrentIndex(max(0, self.count_method.findData(row.count_method.value)))
        progress = self.commander.read(round_progress, round_id=row.id)
        line = on_screen.progress(progress.ballots_cast, progress.eligible_voters)
        names = ", ".join(voter.pseudonym for voter in progress.voted)
        self.voted.setText(
            self.tr("{progress}: {names}.").format(progress=line, names=names) if names else line
        )
        visible = row.results_visible
        self.hidden_note.setVisible(not visible)
        self.shown.setVisible(visible)
        if visible:
            self._count()
        else:
            self._clear_count()

    def _clear_count(self) -> None:
        self.result = None
        self.results_model.set_rows([])
        self.steps.clear()
        self.summary.clear()
        self._show_lot(None)

    def _count(self) -> None:
        row = self.round
        if row is None or not row.results_visible:
            return
        if row.method is VoteMethod.RANKING:
            self._count_for = self.count_method.currentData()
        method = self._count_for if row.method is VoteMethod.RANKING else None
        try:
            result = self.commander.read(tally_round, round_id=row.id, method=method)
        except ServiceError as exc:
            # Only a round changed outside the app gets here: show no count, and say which row is wrong.
            self._clear_count()
            self.commander.failed.emit(exc.message)
            return
        self.result = result
        labels = {option.id: option.label for option in row.options}
        self.results_model.set_rows(result_rows(result, labels))
        self.results_model.set_score_heading(self._score_heading(CountMethod(result.method)))
        self.steps.setPlainText("\n".join(result.steps))
        self.steps.moveCursor(QTextCursor.MoveOperation.Start)
        self._show_lot(result)
        if result.lot_needed:
            counted = plural(
                result.ballots_counted,
                self.tr("Counted {count} ballot."),
                self.tr("Counted {count} ballots."),
            )
            self.summary.setText(
                counted
                + " "
                + (
                    self.tr("Options sharing a place (=) wait for the lot.")
                    if result.winner_known
                    else self.tr("No winner yet: the options sharing first place (=) wait for the lot.")
                )
            )
        elif result.ties:
            self.summary.setText(
                plural(
                    result.ballots_counted,
                    self.tr("Counted {count} ballot."),
                    self.tr("Counted {count} ballots."),
                )
                + " "
                + self.tr("Ties are shown as ties (=) and are not broken: the group decides between tied options.")
            )
        else:
            self.summary.setText(
                plural(result.ballots_counted, self.tr("Counted {count} ballot."), self.tr("Counted {count} ballots."))
            )

    def _show_lot(self, result: TallyResult | None) -> None:
        """Say when the count waits for a lot, and offer the draw once voting has closed."""
        row = self.round
        needed = result is not None and row is not None and bool(result.lot_needed)
        self.lot_note.setVisible(needed)
        self.draw_lots_button.setVisible(needed)
        if not needed:
            return
        labels = {option.id: option.label for option in row.options}
        tied = on_screen.and_list([labels.get(option_id, option_id) for option_id in result.lot_needed])
        stake = (
            self.tr("It decides the order of places below the winner.")
            if result.winner_known
            else self.tr("It decides who wins, so no winner is declared until it is drawn.")
        )
        closed = row.state in (RoundState.CLOSED, RoundState.REVEALED)
        self.lot_note.setText(
            self.tr(
                "A lot is needed: {tied} tie for fewest votes and the round's rule leaves it to the lot."
            ).format(tied=tied)
            + " "
            + stake
            + ("" if closed else " " + self.tr("Draw lots once voting has closed."))
        )
        self.draw_lots_button.setEnabled(closed)
        self.draw_lots_button.setToolTip(
            self.tr("Draw the lot now, with the group watching; it is kept and cannot be drawn again.")
            if closed
            else self.tr("Close voting first, so the lot is drawn after the last vote is in.")
        )

    def draw_lots(self) -> None:
        """Draw the lot the count waits for, once the facilitator confirms; it is kept for good."""
        row = self.round
        if row is None or self.result is None or not self.result.lot_needed:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Draw lots"),
            self.tr(
                "Draw lots for “{title}” now? The computer puts the options in a random order and the "
                "count follows it. The draw is kept and cannot be made again."
            ).format(title=row.title),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        drawn = self.commander.run(
            draw_lots,
            initiator=self,
            round_id=row.id,
            cannot_undo=self.tr("the lot drawn for “{title}” stands, so every count agrees").format(
                title=row.title
            ),
        )
        if drawn is not None:
            self.round = drawn
            self._count()

    def _score_text(self, row: ResultRow) -> str:
        """The row's number as the count shows it; an option nobody scored says so rather than 0."""
        if row.score_text and row.score is None:
            return self.tr("not scored")
        return row.score_text or "—"

    def _score_heading(self, count: CountMethod) -> str:
        return {
            CountMethod.DOTS: self.tr("Dots"),
            CountMethod.BORDA: self.tr("Points"),
            CountMethod.SCHULZE: self.tr("Head-to-head wins"),
            CountMethod.IRV: self.tr("Score"),
            CountMethod.APPROVAL: self.tr("Approvals"),
            CountMethod.SCORE: self.tr("Mean score"),
        }[count]
