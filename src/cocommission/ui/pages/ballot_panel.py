"""Keying in ballots for an open round: who is voting, their ballot, and who has voted so far.

The facilitator picks a participant by pseudonym, types their ballot into the
form for the round's way of voting and records it. Recording again for
someone who has voted replaces their ballot; "Undo last entry" takes back the
newest ballot. In an anonymous round the panel never shows what anyone chose:
only who has voted.

In an anonymous round nothing stored links a person to their ballot: a ballot
can be replaced or taken back only through the secret handle returned when it
was cast. The panel keeps the handles of the ballots recorded here, in memory
only, so replacing and undoing work for those while the window is open; anyone
else who has voted cannot have their ballot changed, and the panel says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState
from cocommission.services.ballot_recording import record_ballot
from cocommission.services.collation import name_sort_key
from cocommission.services.voting import (
    BallotRow,
    RoundRow,
    list_ballots,
    remove_ballot,
    round_progress,
)
from cocommission.services.voting_views import list_voters
from cocommission.ui.commands import Commander
from cocommission.ui.number_input import NotANumber
from cocommission.ui.pages.ballot_entry_panel import BallotEntry, make_ballot_entry
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.wording import on_screen


@dataclass(frozen=True)
class VoterStatus:
    """Someone who can vote in the round, and whether they have."""

    id: str
    pseudonym: str
    voted: bool


class BallotPanel(QWidget):
    """Ballot entry for one round, with the list of who has voted."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.round: RoundRow | None = None
        self.entry: BallotEntry | None = None
        self._entry_key: tuple | None = None
        self._ballots: dict[str, BallotRow] = {}
        #: Who has voted in the round shown.
        self._voted: set[str] = set()
        #: The participant whose ballot "Undo last entry" takes back, if any.
        self._last: str | None = None
        #: (round id, participant id) -> the secret handle of an anonymous ballot recorded here, in
        #: the order recorded: held in memory only, it is what lets this panel change that ballot.
        self._handles: dict[tuple[str, str], str] = {}
        self._names: dict[str, str] = {}

        self.closed_note = QLabel(self)
        self.closed_note.setWordWrap(True)
        voter_label = QLabel(self.tr("Who &is voting:"), self)
        self.voter = QComboBox(self)
        self.voter.setAccessibleName(self.tr("Who is voting"))
        self.voter.setMinimumContentsLength(12)
        voter_label.setBuddy(self.voter)
        self.voter.currentIndexChanged.connect(self._voter_chosen)
        self.entry_area = QScrollArea(self)
        self.entry_area.setWidgetResizable(True)
        self.entry_area.setAccessibleName(self.tr("Ballot"))
        self.replace_note = QLabel(
            self.tr("Recording a ballot for someone who has already voted replaces their ballot."), self
        )
        self.replace_note.setWordWrap(True)
        self.record_button = QPushButton(self.tr("&Record ballot"), self)
        self.record_button.setDefault(True)
        self.record_button.clicked.connect(self.record_ballot)
        self.undo_button = QPushButton(self.tr("&Undo last entry"), self)
        self.undo_button.clicked.connect(self.undo_last_entry)
        record_shortcut = QShortcut(QKeySequence("Ctrl+Return"), self)
        record_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        record_shortcut.activated.connect(self.record_ballot)

        self.progress = QLabel(self)
        self.progress.setObjectName("voteProgress")
        voters_label = QLabel(self.tr("W&ho has voted:"), self)
        self.voters_model = RowTableModel(
            [
                Column(self.tr("Participant"), lambda row: row.pseudonym),
                Column(self.tr("Voted"), lambda row: self.tr("Yes") if row.voted else self.tr("Not yet")),
            ],
            self,
        )
        self.voters_view = make_table_view(
            self,
            self.voters_model,
            self.tr("Who has voted"),
            stretch_column=0,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            other_columns=QHeaderView.ResizeMode.Interactive,
        )
        self.voters_view.setToolTip(self.tr("Press Enter or double-click to enter that person's ballot"))
        self.voters_view.activated.connect(self._voter_activated)
        voters_label.setBuddy(self.voters_view)

        choose = QHBoxLayout()
        choose.addWidget(voter_label)
        choose.addWidget(self.voter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch(1)
        entering = QWidget(self)
        left = QVBoxLayout(entering)
        left.setContentsMargins(0, 0, 0, 0)
        left.addLayout(choose)
        left.addWidget(self.entry_area, 1)
        left.addWidget(self.replace_note)
        left.addLayout(buttons)
        watching = QWidget(self)
        right = QVBoxLayout(watching)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.progress)
        right.addWidget(voters_label)
        right.addWidget(self.voters_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(entering)
        splitter.addWidget(watching)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.closed_note)
        layout.addWidget(splitter, 1)

    # --- loading ----------------------------------------------------------

    def show_round(self, row: RoundRow, *, commission_id: str) -> None:
        """Show ``row``'s ballot form, the commission's voters and who has voted."""
        self.round = row
        # Withdrawn and erased people keep their rows for the record but can no longer vote.
        participants = self.commander.read(list_voters, commission_id=commission_id)
        progress = self.commander.read(round_progress, round_id=row.id)
        voted = {voter.participant_id for voter in progress.voted}
        self._voted = voted
        if row.anonymous:
            # Ballots name no one: only those recorded here can be changed, the newest undone.
            self._ballots = {}
            self._last = self._newest_here()
        else:
            ballots = [b for b in self.commander.read(list_ballots, round_id=row.id) if b.participant_id]
            self._ballots = {ballot.participant_id: ballot for ballot in ballots}
            newest = max((b for b in ballots if b.cast_at), key=lambda ballot: ballot.cast_at, default=None)
            self._last = newest.participant_id if newest is not None else None
        voters = sorted(
            (
                VoterStatus(person.participant_id, person.pseudonym, person.participant_id in voted)
                for person in participants
            ),
            key=lambda voter: name_sort_key(voter.pseudonym),
        )
        self._names = {voter.id: voter.pseudonym for voter in voters}
        self._names.update({voter.participant_id: voter.pseudonym for voter in progress.voted})
        self.progress.setText(on_screen.progress(progress.ballots_cast, progress.eligible_voters))
        self.voters_model.set_rows(voters)
        self._fill_voter_choice(voters)
        self._build_entry(row)
        self._follow_state()

    def _newest_here(self) -> str | None:
        """Whose anonymous ballot, of those recorded here and still standing, was recorded last."""
        if self.round is None:
            return None
        mine = [pid for (round_id, pid) in self._handles if round_id == self.round.id and pid in self._voted]
        return mine[-1] if mine else None

    def _fill_voter_choice(self, voters: list[VoterStatus]) -> None:
        current = self.voter.currentData()
        blocked = self.voter.blockSignals(True)
        self.voter.clear()
        for voter in voters:
            text = voter.pseudonym
            if voter.voted:
                text = self.tr("{name} — has voted").format(name=voter.pseudonym)
            self.voter.addItem(text, voter.id)
        index = self.voter.findData(current)
        self.voter.setCurrentIndex(index if index >= 0 else 0 if voters else -1)
        self.voter.blockSignals(blocked)
        self._follow_voter()

    def _build_entry(self, row: RoundRow) -> None:
        """Make a new ballot form only when the round's options or rules differ, keeping what is typed."""
        key = (
            row.id,
            row.method,
            row.options,
            row.dots_per_person,
            row.max_dots_per_option,
            row.score_min,
            row.score_max,
        )
        if key == self._entry_key and self.entry is not None:
            return
        self._entry_key = key
        self.entry = make_ballot_entry(row)
        self.entry_area.setWidget(self.entry)
        # A fresh form for the person already chosen: their ballot to correct, or an empty one.
        self._voter_chosen(self.voter.currentIndex())

    def _follow_state(self) -> None:
        row = self.round
        is_open = row is not None and row.state is RoundState.OPEN
        for widget in (self.voter, self.entry_area):
            widget.setEnabled(is_open)
        self.undo_button.setEnabled(is_open and self._last is not None)
        if row is None or is_open:
            self.closed_note.hide()
        else:
            self.closed_note.setText(
                self.tr("Open the round to start recording ballots.")
                if row.state is RoundState.DRAFT
                else self.tr("Voting has closed, so no more ballots can be recorded.")
            )
            self.closed_note.show()
        if self._last is not None:
            self.undo_button.setToolTip(
                self.tr("Take back {name}'s ballot, the last one recorded").format(
                    name=self._names.get(self._last, self.tr("someone"))
                )
            )
        else:
            self.undo_button.setToolTip(self.tr("No ballot has been recorded in this round yet"))
        self._follow_voter()

    # --- choosing a voter --------------------------------------------------

    def _voter_chosen(self, _index: int) -> None:
        self._follow_voter()
        if self.entry is None or self.round is None:
            return
        ballot = self._ballots.get(self.voter.currentData() or "")
        # An anonymous round never shows what a named person chose, not even to the facilitator.
        if ballot is not None and not self.round.anonymous:
            self.entry.set_choices(ballot.choices)
        else:
            self.entry.clear()

    def _locked(self, participant_id: str | None) -> bool:
        """Whether the person voted in an anonymous round from elsewhere, so their ballot cannot be changed here."""
        return (
            self.round is not None
            and self.round.anonymous
            and participant_id in self._voted
            and (self.round.id, participant_id) not in self._handles
        )

    def _follow_voter(self) -> None:
        participant_id = self.voter.currentData()
        name = self._names.get(participant_id, "")
        is_open = self.round is not None and self.round.state is RoundState.OPEN
        locked = self._locked(participant_id)
        self.record_button.setEnabled(is_open and not locked)
        if locked:
            self.record_button.setText(self.tr("&Record ballot"))
            self.replace_note.setText(
                self.tr(
                    "{name} has already voted in this anonymous round. Their ballot can only be changed from "
                    "the device or console session that cast it."
                ).format(name=name)
            )
        elif participant_id in self._voted:
            self.record_button.setText(self.tr("&Replace {name}'s ballot").format(name=name))
            self.replace_note.setText(
                self.tr("Recording a ballot for someone who has already voted replaces their ballot.")
            )
        else:
            self.record_button.setText(self.tr("&Record ballot"))
            self.replace_note.setText(
                self.tr("Recording a ballot for someone who has already voted replaces their ballot.")
            )

    def _voter_activated(self, index) -> None:
        voter: VoterStatus = self.voters_model.row_at(index)
        found = self.voter.findData(voter.id)
        if found >= 0 and self.voter.isEnabled():
            self.voter.setCurrentIndex(found)
            first = self.entry.first_input() if self.entry is not None else None
            (first or self.voter).setFocus()

    def choose_voter(self, participant_id: str) -> None:
        """Make ``participant_id`` the person whose ballot is being entered."""
        found = self.voter.findData(participant_id)
        if found >= 0:
            self.voter.setCurrentIndex(found)

    # --- recording ---------------------------------------------------------

    def record_ballot(self) -> None:
        """Record the form as the chosen person's ballot, then get ready for the next person."""
        if self.round is None or self.entry is None or not self.record_button.isEnabled():
            return
        participant_id = self.voter.currentData()
        if not participant_id:
            self.commander.failed.emit(self.tr("Choose who is voting first."))
            return
        name = self._names.get(participant_id, "")
        replacing = participant_id in self._voted
        key = (self.round.id, participant_id)
        try:
            draft = self.entry.draft()
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            return
        recorded = self.commander.run(
            record_ballot,
            initiator=self,
            ballot=draft.submission(participant_id=participant_id, replace_handle=self._handles.get(key)),
            # A vote belongs to the young person who gave it: it is taken back only on purpose.
            cannot_undo=self.tr("a ballot is taken back with “Undo last entry” beside it, never by Ctrl+Z"),
        )
        if recorded is None or recorded.ballot is None:
            return
        cast = recorded.ballot
        if cast.handle is not None:
            # Newest last, for "Undo last entry". The views were refreshed while the ballot was
            # saved, before its handle was known here: follow it now.
            self._handles.pop(key, None)
            self._handles[key] = cast.handle
            self._voted.add(participant_id)
            self._last = self._newest_here()
            self._follow_state()
        self.commander.succeeded.emit(
            self.tr("Replaced {name}'s ballot.").format(name=name)
            if replacing
            else self.tr("Recorded {name}'s ballot.").format(name=name)
        )
        self._next_voter(participant_id)

    def _next_voter(self, after: str) -> None:
        """Move on to the next person who has not voted yet, with an empty form."""
        ids = [self.voter.itemData(n) for n in range(self.voter.count())]
        start = ids.index(after) + 1 if after in ids else 0
        for participant_id in ids[start:] + ids[:start]:
            if participant_id not in self._voted:
                self.choose_voter(participant_id)
                break
        if self.entry is not None:
            self.entry.clear()
        self._follow_voter()
        self.voter.setFocus()

    def undo_last_entry(self) -> None:
        """Take back the newest ballot in the round, such as one keyed in for the wrong person."""
        if self.round is None or self._last is None:
            return
        participant_id = self._last
        name = self._names.get(participant_id, "")
        key = (self.round.id, participant_id)
        taken = self.commander.run(
            remove_ballot,
            initiator=self,
            round_id=self.round.id,
            participant_id=participant_id,
            handle=self._handles.get(key),
            cannot_undo=self.tr("a ballot taken back is given again by keying it in"),
        )
        if taken is not None:
            if self._handles.pop(key, None) is not None:
                self._voted.discard(participant_id)
                self._last = self._newest_here()
                self._follow_state()
            self.commander.succeeded.emit(self.tr("Took back {name}'s ballot.").format(name=name))
            self.choose_voter(participant_id)
            if self.entry is not None:
                self.entry.clear()
            self.voter.setFocus()
