"""The voting part of the console: run a round and key in everyone's ballots, fast.

Choose a round; open, close and reveal it. Pick whose ballot it is from the
list of pseudonyms (type the first letters, or Up/Down, then Enter), press
the options' keys on the ballot pad and Enter to record it. The ballot is
committed before the projector shows it: the projector repaints from the
app-wide change signal, never from what is typed here. "Undo last entry"
takes back the newest ballot keyed in (or puts back the one it replaced).
Paper dot sheets are transcribed on the second tab.

In an anonymous round the database keeps who has voted apart from what was
chosen, and a ballot can be changed only through the secret handle returned
when it was cast. This console keeps the handles of the ballots keyed in here,
in memory only, for as long as it is open: so "Undo last entry" and keying a
correction work for those; anyone else who has voted cannot have their ballot
changed from here, and the pad says so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState, Visibility, VoteMethod
from cocommission.services.changes import Changes
from cocommission.services.people import list_participants
from cocommission.services.voting import (
    VOTING_ROLES,
    Choices,
    RoundRow,
    cast_ballot,
    close_round,
    list_ballots,
    list_rounds,
    open_round,
    remove_ballot,
    reveal_round,
    round_progress,
)
from cocommission.ui.commands import Commander
from cocommission.ui.flow_layout import FlowLayout
from cocommission.ui.live.ballot_pad import BallotPad
from cocommission.ui.live.live_text import LiveText
from cocommission.ui.live.paper_dots_panel import PaperDotsPanel
from cocommission.ui.style import enlarge

_PARTICIPANT_ROLE = Qt.ItemDataRole.UserRole
_VOTED_ROLE = Qt.ItemDataRole.UserRole + 1
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: The kinds of change that can alter what this panel shows.
WATCHES = ("ballot", "vote_round", "vote_option", "participant")


@dataclass(frozen=True)
class Entry:
    """A ballot keyed in on the console, and the ballot it replaced (None if it was the first)."""

    participant_id: str
    pseudonym: str
    previous: Choices | None


class VoteConsolePanel(QWidget):
    """Round controls, the participant list, the ballot pad and paper transcription."""

    #: The round chosen, or its state, changed (a RoundRow, or None).
    round_changed = Signal(object)
    #: The round's results were revealed from here: the projector should show them.
    revealed = Signal(str)

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self.rounds: tuple[RoundRow, ...] = ()
        self.round: RoundRow | None = None
        #: Everyone who may vote: (participant id, pseudonym), in list order.
        self.voters: list[tuple[str, str]] = []
        #: Who has voted in the current round.
        self.voted: set[str] = set()
        #: What each participant chose in the current round, where this console may know it: every
        #: ballot of a named round, and in an anonymous round only those keyed in here.
        self.ballots: dict[str, Choices] = {}
        #: (round id, participant id) -> the secret handle of an anonymous ballot keyed in here, and
        #: what it chose. Held in memory only: it is what lets this console change that ballot.
        self.handles: dict[tuple[str, str], str] = {}
        self._kept: dict[tuple[str, str], Choices] = {}
        #: Ballots keyed in here, newest last, for "Undo last entry".
        self.entries: list[Entry] = []
        self._pad_key: tuple | None = None
        self._typed = ""
        self._typed_at = 0.0

        round_label = QLabel(self.tr("&Round:"), self)
        self.round_combo = QComboBox(self)
        self.round_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.round_combo.setMinimumContentsLength(24)
        round_label.setBuddy(self.round_combo)
        self.round_combo.currentIndexChanged.connect(self._round_chosen)
        self.open_button = QPushButton(self.tr("&Open voting"), self)
        self.open_button.clicked.connect(self.open_current_round)
        self.close_button = QPushButton(self.tr("&Close voting"), self)
        self.close_button.clicked.connect(self.close_current_round)
        self.reveal_button = QPushButton(self.tr("Reveal resu&lts"), self)
        self.reveal_button.setToolTip(
            self.tr("Reveal the closed round's results and show them on the projector")
        )
        self.reveal_button.clicked.connect(self.reveal_current_round)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)

        whose_label = QLabel(self.tr("W&hose ballot (type a name, then Enter):"), self)
        whose_label.setWordWrap(True)
        self.participants = QListWidget(self)
        self.participants.setUniformItemSizes(True)
        self.participants.setSpacing(2)
        enlarge(self.participants, 1.2)
        whose_label.setBuddy(self.participants)
        self.participants.currentItemChanged.connect(self._participant_chosen)
        self.participants.itemDoubleClicked.connect(lambda _item: self.pad.setFocus())
        self.participants.installEventFilter(self)
        # Both change with every ballot: LiveText repaints them without relaying out the console.
        self.voted_label = LiveText(self)
        self._voted_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self._no_icon = QIcon()

        self.pad = BallotPad(self)
        self.pad.commit_requested.connect(self.record_ballot)
        self.pad.cancelled.connect(self.participants.setFocus)
        self.undo_button = QPushButton(self.tr("&Undo last entry (Ctrl+Z)"), self)
        self.undo_button.clicked.connect(self.undo_last_entry)
        undo_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_shortcut.activated.connect(self.undo_last_entry)
        self.status = LiveText(self)

        self.paper = PaperDotsPanel(commander, self)

        people_side = QWidget(self)
        people_layout = QVBoxLayout(people_side)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(whose_label)
        people_layout.addWidget(self.participants, 1)
        people_layout.addWidget(self.voted_label)
        pad_side = QWidget(self)
        pad_layout = QVBoxLayout(pad_side)
        pad_layout.setContentsMargins(0, 0, 0, 0)
        pad_layout.addWidget(self.pad, 1)
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.status, 1)
        undo_row.addWidget(self.undo_button)
        pad_layout.addLayout(undo_row)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(people_side)
        splitter.addWidget(pad_side)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(splitter, self.tr("&Ballots"))
        self.tabs.addTab(self.paper, self.tr("&Paper dots"))

        chosen_round = QWidget(self)
        round_choice = QHBoxLayout(chosen_round)
        round_choice.setContentsMargins(0, 0, 0, 0)
        round_choice.addWidget(round_label)
        round_choice.addWidget(self.round_combo, 1)
        # The round's buttons move below the round when the console is narrow (a small screen, 200%).
        round_row = FlowLayout()
        round_row.addWidget(chosen_round)
        round_row.addWidget(self.open_button)
        round_row.addWidget(self.close_button)
        round_row.addWidget(self.reveal_button)
        layout = QVBoxLayout(self)
        layout.addLayout(round_row)
        layout.addWidget(self.state_label)
        layout.addWidget(self.tabs, 1)
        self.setTabOrder(self.round_combo, self.participants)
        self.setTabOrder(self.participants, self.pad)
        commander.bus.changes_applied.connect(self._on_changes)
        # Kept connected for good: the refusal is shown on the pad too, right where the keys were typed.
        commander.failed.connect(self._note_refusal)
        self._refusal = ""
        self._show_round_state()

    # --- loading ----------------------------------------------------------

    def set_commission(self, commission_id: str | None) -> None:
        """Show another commission's rounds (None empties the panel)."""
        self.commission_id = commission_id
        self.round = None
        self.entries.clear()
        self.reload()

    def reload(self) -> None:
        """Read the rounds, the voters and the current round's ballots again, keeping what is chosen."""
        if self.commission_id is None:
            self.rounds, self.voters, self.ballots, self.voted = (), [], {}, set()
            self._fill_rounds(None)
            return
        self.rounds = self.commander.read(list_rounds, commission_id=self.commission_id)
        people = self.commander.read(
            list_participants, commission_id=self.commission_id, include_withdrawn=False
        )
        self.voters = [(p.id, p.pseudonym) for p in people if p.role in VOTING_ROLES]
        keep = self.round.id if self.round is not None else None
        if keep is None or all(row.id != keep for row in self.rounds):
            keep = self._default_round_id()
        self._fill_rounds(keep)

    def _default_round_id(self) -> str | None:
        """The round a facilitator most likely wants: the open one, else the newest that has begun."""
        for state in (RoundState.OPEN, RoundState.CLOSED, RoundState.REVEALED, RoundState.DRAFT):
            chosen = [row for row in self.rounds if row.state is state]
            if chosen:
                return chosen[0 if state is RoundState.OPEN else -1].id
        return None

    def _state_word(self, state: RoundState) -> str:
        return {
            RoundState.DRAFT: self.tr("not open yet"),
            RoundState.OPEN: self.tr("open"),
            RoundState.CLOSED: self.tr("closed"),
            RoundState.REVEALED: self.tr("revealed"),
        }[state]

    def _fill_rounds(self, round_id: str | None) -> None:
        blocked = self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for row in self.rounds:
            self.round_combo.addItem(f"{row.title} ({self._state_word(row.state)})", row.id)
        index = self.round_combo.findData(round_id) if round_id is not None else -1
        self.round_combo.setCurrentIndex(index)
        self.round_combo.blockSignals(blocked)
        self._use_round(next((row for row in self.rounds if row.id == round_id), None))

    def _round_chosen(self, index: int) -> None:
        round_id = self.round_combo.itemData(index)
        if self.round is not None and round_id != self.round.id:
            # Undo belongs to the round the entries were made in.
            self.entries.clear()
        self._use_round(next((row for row in self.rounds if row.id == round_id), None))

    def _use_round(self, row: RoundRow | None) -> None:
        """Make ``row`` the current round: its ballots, the participant list and the pad."""
        changed_round = self.round is None or row is None or row.id != self.round.id
        self.round = row
        self._read_ballots(row)
        if changed_round:
            self.entries.clear()
        self._fill_participants()
        pad_key = (
            (row.id, row.options, row.method) if row is not None and row.state is RoundState.OPEN else None
        )
        if pad_key != self._pad_key:
            self._pad_key = pad_key
            self.pad.set_round(row if pad_key is not None else None)
            self._participant_chosen(self.participants.currentItem(), None)
        self.paper.show_round(row)
        self._show_round_state()
        self.round_changed.emit(row)

    def _read_ballots(self, row: RoundRow | None) -> None:
        """Who has voted in ``row``, and what this console may know of their choices."""
        if row is None:
            self.voted, self.ballots = set(), {}
            return
        self.voted = {voter.participant_id for voter in self.commander.read(round_progress, round_id=row.id).voted}
        if row.anonymous:
            # Only ballots keyed in here, and still standing (a ballot taken back elsewhere is gone).
            self.ballots = {
                participant_id: choices
                for (round_id, participant_id), choices in self._kept.items()
                if round_id == row.id and participant_id in self.voted
            }
        else:
            self.ballots = {
                ballot.participant_id: ballot.choices
                for ballot in self.commander.read(list_ballots, round_id=row.id)
                if ballot.participant_id is not None
            }

    def locked(self, participant_id: str) -> bool:
        """Whether ``participant_id`` has voted in an anonymous round from another device or session,
        so this console cannot change their ballot."""
        return (
            self.round is not None
            and self.round.anonymous
            and participant_id in self.voted
            and (self.round.id, participant_id) not in self.handles
        )

    def _fill_participants(self) -> None:
        current = self.pad.participant_id
        blocked = self.participants.blockSignals(True)
        self.participants.clear()
        for participant_id, pseudonym in self.voters:
            item = QListWidgetItem(pseudonym)
            item.setData(_PARTICIPANT_ROLE, participant_id)
            self.participants.addItem(item)
            self._mark(item)
        rows = [n for n, (participant_id, _) in enumerate(self.voters) if participant_id == current]
        self.participants.setCurrentRow(rows[0] if rows else -1)
        self.participants.blockSignals(blocked)
        if not rows and current is not None:
            self.pad.start(None)
        self._show_counts()

    def _mark(self, item: QListWidgetItem) -> None:
        """Show by an icon (not in the text, so typing a name still finds it) who has voted."""
        voted = item.data(_PARTICIPANT_ROLE) in self.voted
        if item.data(_VOTED_ROLE) is voted:
            return
        item.setData(_VOTED_ROLE, voted)
        item.setIcon(self._voted_icon if voted else self._no_icon)
        item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, self.tr("has voted") if voted else "")
        item.setToolTip(self.tr("Has voted") if voted else self.tr("Has not voted yet"))

    def _show_counts(self) -> None:
        eligible = {participant_id for participant_id, _ in self.voters}
        voted = sum(1 for participant_id in self.voted if participant_id in eligible)
        self.voted_label.setText(
            self.tr("{voted} of {eligible} have voted").format(voted=voted, eligible=len(eligible))
        )
        last = self.entries[-1].pseudonym if self.entries else None
        self.undo_button.setEnabled(
            last is not None and self.round is not None and self.round.state is RoundState.OPEN
        )
        self.undo_button.setToolTip(
            self.tr("Take back {name}'s ballot, the last one entered here").format(name=last) if last else ""
        )

    def _show_round_state(self) -> None:
        row = self.round
        self.open_button.setEnabled(row is not None and row.state is RoundState.DRAFT)
        self.close_button.setEnabled(row is not None and row.state is RoundState.OPEN)
        self.reveal_button.setEnabled(row is not None and row.state is RoundState.CLOSED)
        self.participants.setEnabled(row is not None and row.state is RoundState.OPEN)
        if row is None:
            text = (
                self.tr("There is no vote round yet: set one up on the Priorities page.")
                if not self.rounds
                else ""
            )
        else:
            shown = (
                self.tr("results shown live")
                if row.visibility is Visibility.LIVE
                else self.tr("results hidden until the reveal")
            )
            method = {
                VoteMethod.DOTS: self.tr("Dots"),
                VoteMethod.RANKING: self.tr("Ranking"),
                VoteMethod.APPROVAL: self.tr("Approval"),
                VoteMethod.SCORE: self.tr("Score"),
            }[row.method]
            text = self.tr("{method} round, {state}; {shown}.").format(
                method=method, state=self._state_word(row.state), shown=shown
            )
            if row.state is RoundState.DRAFT:
                text += " " + self.tr("Open voting to start entering ballots.")
            elif row.state is RoundState.CLOSED:
                text += " " + self.tr("Voting has closed; reveal the results when the room is ready.")
        self.state_label.setText(text)
        self._show_counts()

    # --- choosing whose ballot ------------------------------------------------

    def _participant_chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            self.pad.start(None)
            return
        participant_id = item.data(_PARTICIPANT_ROLE)
        self.pad.start(
            participant_id,
            item.text(),
            has_voted=participant_id in self.voted,
            locked=self.locked(participant_id),
        )

    def select_participant(self, participant_id: str) -> bool:
        """Choose whose ballot the pad enters; False when they are not on the list."""
        for number in range(self.participants.count()):
            if self.participants.item(number).data(_PARTICIPANT_ROLE) == participant_id:
                self.participants.setCurrentRow(number)
                return True
        return False

    def find_participant(self, typed: str) -> bool:
        """Choose the first person whose pseudonym starts with ``typed`` (any case); False if nobody does."""
        wanted = typed.casefold()
        for number in range(self.participants.count()):
            if self.participants.item(number).text().casefold().startswith(wanted):
                self.participants.setCurrentRow(number)
                return True
        return False

    def _type_ahead(self, text: str) -> None:
        """Add a typed character to the name being looked for; a pause starts a new name."""
        now = time.monotonic()
        if now - self._typed_at > QApplication.keyboardInputInterval() / 1000:
            self._typed = ""
        self._typed_at = now
        # A character that makes no name on its own continuation starts a fresh search.
        if not self.find_participant(self._typed + text) and self.find_participant(text):
            self._typed = ""
        self._typed += text

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.participants
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            if event.key() in _ENTER_KEYS:
                # Enter means "this person": the keyboard moves to the pad for their options.
                self._typed = ""
                if self.participants.currentItem() is not None:
                    self.pad.setFocus()
                return True
            text = event.text()
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if plain and text and text.isprintable() and not text.isspace():
                # Qt's own type-ahead would carry on from the name typed for the last person.
                self._type_ahead(text)
                return True
        return super().eventFilter(watched, event)

    # --- ballots --------------------------------------------------------------

    def record_ballot(self) -> None:
        """Record the pad's ballot (one transaction), then move on to the next person on the list."""
        ballot, participant_id = self.pad.ballot, self.pad.participant_id
        if self.round is None or ballot is None or participant_id is None or self.locked(participant_id):
            return
        previous = self.ballots.get(participant_id)
        key = (self.round.id, participant_id)
        self._refusal = ""
        row = self.commander.run(
            cast_ballot,
            initiator=self,
            round_id=self.round.id,
            participant_id=participant_id,
            choices=ballot.choices(),
            replace_handle=self.handles.get(key),
        )
        if row is None:
            # The pending ballot stays, so the facilitator can put it right and press Enter again.
            self.pad.message.setText(self.tr("Not recorded: {why}").format(why=self._refusal))
            return
        self.ballots[participant_id] = row.choices
        self.voted.add(participant_id)
        if row.handle is not None:
            self.handles[key], self._kept[key] = row.handle, row.choices
        self.entries.append(Entry(participant_id, self.pad.pseudonym, previous))
        self.status.setText(self.tr("Recorded {name}'s ballot.").format(name=self.pad.pseudonym))
        current = self.participants.currentRow()
        self._mark(self.participants.item(current))
        self._show_counts()
        # Next person down the list, ready for Enter; typing a name picks someone else.
        self.participants.setCurrentRow(min(current + 1, self.participants.count() - 1))
        if current == self.participants.count() - 1:
            self._participant_chosen(self.participants.currentItem(), None)
        self._typed = ""
        self.participants.setFocus()

    def _note_refusal(self, message: str) -> None:
        self._refusal = message

    def undo_last_entry(self) -> None:
        """Take back the newest ballot entered here, or put back the ballot it replaced."""
        if not self.entries or self.round is None:
            return
        entry = self.entries[-1]
        key = (self.round.id, entry.participant_id)
        handle = self.handles.get(key)
        if entry.previous is None:
            done = self.commander.run(
                remove_ballot,
                initiator=self,
                round_id=self.round.id,
                participant_id=entry.participant_id,
                handle=handle,
            )
        else:
            done = self.commander.run(
                cast_ballot,
                initiator=self,
                round_id=self.round.id,
                participant_id=entry.participant_id,
                choices=entry.previous,
                replace_handle=handle,
            )
        if done is None:
            return
        self.entries.pop()
        if entry.previous is None:
            self.ballots.pop(entry.participant_id, None)
            self.voted.discard(entry.participant_id)
            self.handles.pop(key, None)
            self._kept.pop(key, None)
            self.status.setText(self.tr("Took back {name}'s ballot.").format(name=entry.pseudonym))
        else:
            self.ballots[entry.participant_id] = entry.previous
            if key in self._kept:
                self._kept[key] = entry.previous
            self.status.setText(self.tr("Put back {name}'s earlier ballot.").format(name=entry.pseudonym))
        for number in range(self.participants.count()):
            item = self.participants.item(number)
            if item.data(_PARTICIPANT_ROLE) == entry.participant_id:
                self._mark(item)
        self._show_counts()
        self._participant_chosen(self.participants.currentItem(), None)

    # --- the round's life -------------------------------------------------------

    def open_current_round(self) -> None:
        """Open the chosen round for voting (its rules and options freeze)."""
        if self.round is not None:
            self._moved(self.commander.run(open_round, initiator=self, round_id=self.round.id))
            self.participants.setFocus()

    def close_current_round(self) -> None:
        """Stop voting in the chosen round, after the facilitator confirms (it cannot reopen)."""
        if self.round is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Close voting"),
            self.tr("Close voting in “{title}”? A closed round cannot be opened again.").format(
                title=self.round.title
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._moved(self.commander.run(close_round, initiator=self, round_id=self.round.id))

    def reveal_current_round(self) -> None:
        """Reveal the closed round's results; the projector is asked to show them."""
        if self.round is None:
            return
        row = self.commander.run(reveal_round, initiator=self, round_id=self.round.id)
        self._moved(row)
        if row is not None:
            self.revealed.emit(row.id)

    def _moved(self, row: RoundRow | None) -> None:
        if row is None:
            return
        self.rounds = tuple(row if existing.id == row.id else existing for existing in self.rounds)
        self.round = row
        self._fill_rounds(row.id)

    # --- other people's changes -------------------------------------------------

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if self.commission_id is None or not changes.touches(*WATCHES):
            return
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        # What this panel did, it has already shown: rereading every ballot per entry would slow keying.
        if initiator is self or (isinstance(initiator, QWidget) and self.isAncestorOf(initiator)):
            return
        self.reload()
