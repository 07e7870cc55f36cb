"""Stage 3, Priorities: the facilitator runs the group's vote rounds by hand.

On the left, the commission's rounds with how many have voted. On the right,
the chosen round: buttons that move it from draft to open, closed and
revealed (each disabled, with the reason in its tooltip, when it is not the
next step), and tabs to set it up, key in ballots, add paper tallies and see
the results.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState, Visibility, VoteMethod
from cocommission.services.voting import RoundRow, close_round, list_rounds, open_round, reveal_round
from cocommission.ui.commands import Commander
from cocommission.ui.pages.ballot_panel import BallotPanel
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.paper_tally_panel import PaperTallyPanel
from cocommission.ui.pages.results_panel import ResultsPanel
from cocommission.ui.pages.round_setup_panel import RoundSetupPanel
from cocommission.ui.pages.vote_words import short_count_name, short_method_name
from cocommission.ui.round_dialog import RoundDialog
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.wording import on_screen

COL_TITLE, COL_METHOD, COL_STATE, COL_VOTED = range(4)
TAB_SETUP, TAB_BALLOTS, TAB_PAPER, TAB_RESULTS = range(4)

#: The tab a round opens on in each state: what the facilitator most likely does next.
_TAB_FOR_STATE = {
    RoundState.DRAFT: TAB_SETUP,
    RoundState.OPEN: TAB_BALLOTS,
    RoundState.CLOSED: TAB_RESULTS,
    RoundState.REVEALED: TAB_RESULTS,
}


class PrioritiesPage(StagePage):
    """Vote rounds: draft, open, key in ballots and paper tallies, close, reveal and read the count."""

    title = "Priorities"
    watches = ("vote_round", "vote_option", "ballot", "paper_tally", "outcome", "participant")

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self.rounds: tuple[RoundRow, ...] = ()
        self.current: RoundRow | None = None
        self._shown: tuple[str, RoundState] | None = None

        rounds_label = QLabel(self.tr("&Vote rounds:"), self)
        self.rounds_model = RowTableModel(
            [
                Column(self.tr("Round"), lambda row: row.title, tooltip=lambda row: row.title),
                Column(self.tr("Voting"), self._method_text),
                Column(self.tr("State"), self._state_text, tooltip=self._state_tooltip),
                Column(self.tr("Voted"), self._voted_text),
            ],
            self,
        )
        # Long titles wrap onto a second line instead of being cut short.
        self.rounds_view = make_table_view(
            self,
            self.rounds_model,
            self.tr("Vote rounds"),
            stretch_column=COL_TITLE,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            rows_fit_contents=True,
        )
        self.rounds_view.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        rounds_label.setBuddy(self.rounds_view)
        self.new_button = QPushButton(self.tr("&New round…"), self)
        self.new_button.clicked.connect(self.new_round)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(rounds_label)
        left_layout.addWidget(self.rounds_view, 1)
        left_layout.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignLeft)

        self.empty_note = QLabel(
            self.tr(
                "No vote rounds yet. Press “New round…” to draft one: the group can dot-vote, rank, "
                "approve or score options such as the outcome statements."
            ),
            self,
        )
        self.empty_note.setWordWrap(True)
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)

        self.round_heading = QLabel(self)
        self.round_heading.setObjectName("roundHeading")
        self.round_heading.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open voting"), self)
        self.open_button.clicked.connect(self.open_current)
        self.close_button = QPushButton(self.tr("&Close voting"), self)
        self.close_button.clicked.connect(self.close_current)
        self.reveal_button = QPushButton(self.tr("Reveal re&sults"), self)
        self.reveal_button.clicked.connect(self.reveal_current)
        steps = QHBoxLayout()
        steps.addWidget(self.open_button)
        steps.addWidget(self.close_button)
        steps.addWidget(self.reveal_button)
        steps.addStretch(1)

        self.setup_panel = RoundSetupPanel(commander, self)
        self.ballot_panel = BallotPanel(commander, self)
        self.paper_panel = PaperTallyPanel(commander, self)
        self.results_panel = ResultsPanel(commander, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Round"))
        self.tabs.addTab(self.setup_panel, self.tr("Set up"))
        self.tabs.addTab(self.ballot_panel, self.tr("Ballots"))
        self.tabs.addTab(self.paper_panel, self.tr("Paper tallies"))
        self.tabs.addTab(self.results_panel, self.tr("Results"))

        detail = QWidget(self)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.round_heading)
        detail_layout.addLayout(steps)
        detail_layout.addWidget(self.tabs, 1)
        self.right = QStackedWidget(self)
        self.right.addWidget(self.empty_note)
        self.right.addWidget(detail)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([430, 720])
        self.body.addWidget(splitter, 1)

    # --- words ------------------------------------------------------------

    def _method_text(self, row: RoundRow) -> str:
        method = short_method_name(row.method)
        if row.method is VoteMethod.DOTS:
            return self.tr("{method}, {dots} each").format(method=method, dots=row.dots_per_person)
        if row.method is VoteMethod.RANKING:
            return self.tr("{method} ({count})").format(
                method=method, count=short_count_name(row.count_method)
            )
        return method

    @staticmethod
    def _results_hidden(row: RoundRow) -> bool:
        return row.visibility is Visibility.HIDDEN_UNTIL_REVEAL and row.state is not RoundState.REVEALED

    @staticmethod
    def _voted_text(row: RoundRow) -> str:
        return on_screen.progress(row.ballots_cast, row.eligible_voters)

    def _state_text(self, row: RoundRow) -> str:
        text = on_screen.short_round_state(row.state)
        return self.tr("{state}, hidden").format(state=text) if self._results_hidden(row) else text

    def _state_tooltip(self, row: RoundRow) -> str:
        if self._results_hidden(row):
            return self.tr("{state}; results hidden until you reveal them").format(
                state=on_screen.round_state(row.state)
            )
        return on_screen.round_state(row.state)

    # --- loading ----------------------------------------------------------

    def load(self) -> None:
        """Read the commission's rounds and show the chosen one (the newest, at first)."""
        assert self.commission_id is not None
        keep = self.current.id if self.current is not None else None
        self.rounds = self.commander.read(list_rounds, commission_id=self.commission_id)
        self.select_round(keep, fallback_to_newest=True)

    def select_round(self, round_id: str | None, *, fallback_to_newest: bool = False) -> None:
        """Refill the round list and choose ``round_id`` in it."""
        blocked = self.rounds_view.selectionModel().blockSignals(True)
        self.rounds_model.set_rows(self.rounds)
        number = self.rounds_model.row_number(round_id) if round_id is not None else None
        if number is None and fallback_to_newest and self.rounds:
            number = len(self.rounds) - 1
        if number is not None:
            self.rounds_view.selectRow(number)
        self.rounds_view.selectionModel().blockSignals(blocked)
        self._show_current()

    def _show_current(self) -> None:
        index = self.rounds_view.selectionModel().currentIndex()
        row: RoundRow | None = self.rounds_model.row_at(index) if index.isValid() else None
        self.current = row
        if row is None:
            self.right.setCurrentIndex(0)
            self._shown = None
            return
        self.right.setCurrentIndex(1)
        self.round_heading.setText(
            self.tr("{title} — {state}. {progress}.").format(
                title=row.title,
                state=on_screen.round_state(row.state),
                progress=self._voted_text(row),
            )
        )
        self._follow_state(row)
        self.setup_panel.show_round(row)
        self.ballot_panel.show_round(row, commission_id=self.commission_id or "")
        dots = row.method is VoteMethod.DOTS
        self.tabs.setTabVisible(TAB_PAPER, dots)
        if dots:
            self.paper_panel.show_round(row)
        self.results_panel.show_round(row)
        # Jump to the tab for the next job only when another round is chosen or this one moves on.
        if self._shown != (row.id, row.state):
            self._shown = (row.id, row.state)
            self.tabs.setCurrentIndex(_TAB_FOR_STATE[row.state])

    def _follow_state(self, row: RoundRow) -> None:
        """Enable only the next step of the round's life, and say in each tooltip why or why not."""
        state = row.state
        if state is RoundState.DRAFT and len(row.options) >= 2:
            self._step(self.open_button, True, self.tr("Start voting; the rules and options freeze"))
        elif state is RoundState.DRAFT:
            self._step(
                self.open_button, False, self.tr("A round needs at least 2 options before it can open")
            )
        elif state is RoundState.OPEN:
            self._step(self.open_button, False, self.tr("Voting is already open"))
        else:
            self._step(
                self.open_button,
                False,
                self.tr("A closed round cannot be reopened; create a new round to vote again"),
            )
        if state is RoundState.OPEN:
            self._step(self.close_button, True, self.tr("Stop voting; a closed round cannot be reopened"))
        elif state is RoundState.DRAFT:
            self._step(self.close_button, False, self.tr("Voting has not opened yet"))
        else:
            self._step(self.close_button, False, self.tr("Voting has already closed"))
        if state is RoundState.CLOSED:
            self._step(self.reveal_button, True, self.tr("Show the results to the group"))
        elif state is RoundState.REVEALED:
            self._step(self.reveal_button, False, self.tr("The results have already been revealed"))
        else:
            self._step(
                self.reveal_button,
                False,
                self.tr("Close voting before revealing the results, so nobody votes after seeing them"),
            )

    @staticmethod
    def _step(button: QPushButton, enabled: bool, why: str) -> None:
        button.setEnabled(enabled)
        button.setToolTip(why)

    # --- actions ----------------------------------------------------------

    def new_round(self) -> RoundRow | None:
        """Ask for a new round's rules and options; choose it once it is created."""
        if self.commission_id is None:
            return None
        dialog = RoundDialog(self.commander, self.commission_id, self)
        dialog.exec()
        created = dialog.created
        dialog.deleteLater()
        if created is not None:
            self.select_created(created)
        return created

    def select_created(self, created: RoundRow) -> None:
        """Show a round just created, on its set-up tab."""
        self.rounds = self.commander.read(list_rounds, commission_id=self.commission_id)
        self.select_round(created.id)

    def open_current(self) -> None:
        """Open the chosen round for voting."""
        if self.current is not None:
            row = self.current
            self.commander.run(
                open_round, initiator=self, round_id=row.id,
                cannot_undo=self.tr("“{title}” is open, so its options and rules are fixed").format(title=row.title),
            )

    def close_current(self) -> None:
        """Close voting in the chosen round once the facilitator confirms; it cannot be reopened."""
        row = self.current
        if row is None:
            return
        if row.ballots_cast < row.eligible_voters:
            question = self.tr(
                "Only {progress}. Close voting in “{title}” anyway? It cannot be reopened."
            ).format(progress=self._voted_text(row), title=row.title)
        else:
            question = self.tr(
                "Close voting in “{title}”? Nobody can vote in it afterwards and it cannot be reopened."
            ).format(title=row.title)
        answer = QMessageBox.question(self, self.tr("Close voting"), question)
        if answer == QMessageBox.StandardButton.Yes:
            self.commander.run(
                close_round, initiator=self, round_id=row.id,
                cannot_undo=self.tr("“{title}” is closed, and a closed round stays closed").format(title=row.title),
            )

    def reveal_current(self) -> None:
        """Reveal the chosen round's results."""
        if self.current is not None:
            row = self.current
            self.commander.run(
                reveal_round, initiator=self, round_id=row.id,
                cannot_undo=self.tr("the results of “{title}” have been shown").format(title=row.title),
            )
