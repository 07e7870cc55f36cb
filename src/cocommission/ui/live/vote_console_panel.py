"""The voting part of the console: run a round and key in everyone's ballots, fast.

Choose a round; open, close and reveal it. Pick whose ballot it is by typing
the first letters of their pseudonym, or of a word in it (case and accents do
not matter: "luk" finds Łukasz), or Up/Down, then Enter; press the options'
keys on the ballot pad and Enter to record it. Typed letters that match no one
choose no one and say so, and keys typed before anyone is chosen stay in the
name box, in sight, rather than vanish or land on someone's ballot. Recording
over a ballot already in asks first, and keeping it is the default. The ballot
is committed before the projector shows it: the projector repaints from the
app-wide change signal, never from what is typed here. Paper dot sheets are
transcribed on the second tab. "Undo last entry" takes back the newest entry
made here, whatever it was (a ballot, a correction, a paper sheet), and says
which.

In an anonymous round the database keeps who has voted apart from what was
chosen, and a ballot can be changed only through the secret handle returned
when it was cast. This console keeps the handles of the ballots keyed in here,
in memory only, for as long as it is open: so "Undo last entry" and keying a
correction work for those; anyone else who has voted cannot have their ballot
changed from here, and the pad says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
from cocommission.services.ballot_recording import BallotSubmission, record_ballot
from cocommission.services.changes import Changes
from cocommission.services.text import name_match
from cocommission.services.voting import (
    Choices,
    PaperTallyRow,
    RoundRow,
    close_round,
    list_rounds,
    open_round,
    remove_ballot,
    remove_paper_sheet,
    reveal_round,
)
from cocommission.services.voting_views import list_voters, read_console_ballots, turnout
from cocommission.ui.commands import Commander
from cocommission.ui.flow_layout import FlowLayout
from cocommission.ui.live.ballot_pad import BallotPad
from cocommission.ui.live.live_text import LiveText
from cocommission.ui.live.option_keys import option_key
from cocommission.ui.live.paper_dots_panel import PaperDotsPanel
from cocommission.ui.pacing import PacedCall
from cocommission.ui.style import enlarge
from cocommission.wording import on_screen

_PARTICIPANT_ROLE = Qt.ItemDataRole.UserRole
_VOTED_ROLE = Qt.ItemDataRole.UserRole + 1
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Keys in the name box that move through the list of people instead.
_MOVE_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
#: The kinds of change that can alter what this panel shows.
WATCHES = ("ballot", "vote_round", "vote_option", "participant")


@dataclass(frozen=True)
class BallotEntry:
    """A ballot keyed in on the console, and the ballot it replaced (None if it was the first)."""

    participant_id: str
    pseudonym: str
    previous: Choices | None


@dataclass(frozen=True)
class PaperEntry:
    """A paper sheet added on the console: its lines, and how to name it ("30 paper dots for option 4 …")."""

    lines: tuple[PaperTallyRow, ...]
    described: str


Entry = BallotEntry | PaperEntry


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
        #: Ballots and paper sheets entered here in the current round, newest last, for "Undo last entry".
        self.entries: list[Entry] = []
        self._pad_key: tuple | None = None
        # Ballots from phones or another laptop: who has voted is read again soon, once however many
        # came in (ten times a second at most), and nothing else is (a room voting sends dozens a second).
        self._ballots_reader = PacedCall(self._read_others_ballots, self)

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
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("First letters of a name"))
        self.search.setClearButtonEnabled(True)
        enlarge(self.search, 1.2)
        whose_label.setBuddy(self.search)
        self.search.textChanged.connect(self._search_changed)
        self.search.installEventFilter(self)
        # Says when nobody matches: one line, repainted without relaying out the console.
        self.search_note = LiveText(self, lines=2, problem=True)
        self.participants = QListWidget(self)
        self.participants.setAccessibleName(self.tr("People who can vote"))
        self.participants.setUniformItemSizes(True)
        self.participants.setSpacing(2)
        enlarge(self.participants, 1.2)
        self.participants.currentItemChanged.connect(self._participant_chosen)
        self.participants.itemDoubleClicked.connect(lambda _item: self.pad.setFocus())
        self.participants.installEventFilter(self)
        # Both change with every ballot: LiveText repaints them without relaying out the console.
        self.voted_label = LiveText(self)
        self._voted_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        self._no_icon = QIcon()

        self.pad = BallotPad(self)
        self.pad.commit_requested.connect(self.record_ballot)
        self.pad.cancelled.connect(self.search.setFocus)
        self.pad.needs_a_name.connect(self._typed_before_choosing)
        self.undo_button = QPushButton(self.tr("&Undo last entry (Ctrl+Z)"), self)
        self.undo_button.clicked.connect(self.undo_last_entry)
        undo_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self)
        undo_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        undo_shortcut.activated.connect(self.undo_last_entry)
        self.status = LiveText(self)

        self.paper = PaperDotsPanel(commander, self)
        self.paper.sheet_recorded.connect(self._sheet_recorded)

        people_side = QWidget(self)
        people_layout = QVBoxLayout(people_side)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(whose_label)
        people_layout.addWidget(self.search)
        people_layout.addWidget(self.search_note)
        people_layout.addWidget(self.participants, 1)
        people_layout.addWidget(self.voted_label)
        pad_side = QWidget(self)
        pad_layout = QVBoxLayout(pad_side)
        pad_layout.setContentsMargins(0, 0, 0, 0)
        pad_layout.addWidget(self.pad, 1)
        # Below both tabs: the last entry may be a ballot or a paper sheet, and undo serves both.
        undo_row = QHBoxLayout()
        undo_row.addWidget(self.status, 1)
        undo_row.addWidget(self.undo_button)
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
        layout.addLayout(undo_row)
        self.setTabOrder(self.round_combo, self.search)
        self.setTabOrder(self.search, self.participants)
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
        voters = self.commander.read(list_voters, commission_id=self.commission_id)
        self.voters = [(voter.participant_id, voter.pseudonym) for voter in voters]
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

    def _fill_rounds(self, round_id: str | None) -> None:
        blocked = self.round_combo.blockSignals(True)
        self.round_combo.clear()
        for row in self.rounds:
            self.round_combo.addItem(f"{row.title} ({on_screen.round_state_after_title(row.state)})", row.id)
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
        read = self.commander.read(read_console_ballots, round_id=row.id)
        self.voted = set(read.voted)
        if row.anonymous:
            # Only ballots keyed in here, and still standing (a ballot taken back elsewhere is gone).
            self.ballots = {
                participant_id: choices
                for (round_id, participant_id), choices in self._kept.items()
                if round_id == row.id and participant_id in self.voted
            }
        else:
            self.ballots = dict(read.ballots)

    def holds_handles(self) -> bool:
        """Whether this console holds the secret handle of any ballot in the current round."""
        return self.round is not None and any(round_id == self.round.id for round_id, _ in self.handles)

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
        self._filter(self.search.text())
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
        counted = turnout((participant_id for participant_id, _ in self.voters), self.voted)
        self.voted_label.setText(
            self.tr("{voted} of {eligible} have voted").format(voted=counted.voted, eligible=counted.eligible)
        )
        last = self.entries[-1] if self.entries else None
        self.undo_button.setEnabled(last is not None and self._can_undo(last))
        self.undo_button.setToolTip(
            self.tr("Take back {entry}, the last entry made here").format(entry=self._entry_name(last))
            if last is not None
            else ""
        )

    def _can_undo(self, entry: Entry) -> bool:
        """Whether the round still takes ``entry`` back: ballots while it is open, paper until the reveal."""
        if self.round is None:
            return False
        if isinstance(entry, PaperEntry):
            return self.round.state in (RoundState.OPEN, RoundState.CLOSED)
        return self.round.state is RoundState.OPEN

    def _entry_name(self, entry: Entry) -> str:
        """The entry in a few words, such as "Kai's ballot" or "30 paper dots for option 4 (Music studio)"."""
        if isinstance(entry, PaperEntry):
            return entry.described
        if entry.previous is None:
            return self.tr("{name}'s ballot").format(name=entry.pseudonym)
        return self.tr("{name}'s correction").format(name=entry.pseudonym)

    def _show_round_state(self) -> None:
        row = self.round
        self.open_button.setEnabled(row is not None and row.state is RoundState.DRAFT)
        self.close_button.setEnabled(row is not None and row.state is RoundState.OPEN)
        self.reveal_button.setEnabled(row is not None and row.state is RoundState.CLOSED)
        self.participants.setEnabled(row is not None and row.state is RoundState.OPEN)
        self.search.setEnabled(self.participants.isEnabled())
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
                method=method, state=on_screen.round_state_after_title(row.state), shown=shown
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
                self.search.clear()
                self.participants.setCurrentRow(number)
                return True
        return False

    def find_participant(self, typed: str) -> bool:
        """Look for ``typed`` as the name box does; False (and nobody chosen) when no one matches."""
        self.search.setText(typed)
        return self.participants.currentItem() is not None

    def _filter(self, typed: str) -> list[int]:
        """Show only the people ``typed`` matches (everyone when it is empty); the rows shown, best match first."""
        ranked = []
        for number in range(self.participants.count()):
            item = self.participants.item(number)
            rank = 0 if not typed.strip() else name_match(item.text(), typed)
            item.setHidden(rank is None)
            if rank is not None:
                ranked.append((rank, number))
        return [number for _rank, number in sorted(ranked)]

    def _search_changed(self, typed: str) -> None:
        """Choose the first person whose name (or a word of it) starts with ``typed``; nobody when none does."""
        shown = self._filter(typed)
        if not typed.strip():
            self.search_note.clear()
            return
        if shown:
            self.search_note.clear()
            self.participants.setCurrentRow(shown[0])
            return
        # Choosing someone else "near enough" is how a ballot lands on the wrong person.
        self.participants.setCurrentRow(-1)
        if typed.strip().isdigit():
            self.search_note.setText(
                # Option keys typed before choosing: the name comes first, then the keys.
                self.tr("No one matches “{typed}”: type a name first. Esc clears.").format(typed=typed)
            )
        else:
            self.search_note.setText(
                self.tr("No one matches “{typed}”. Esc clears.").format(typed=typed)
            )

    def _typed_before_choosing(self, text: str) -> None:
        """Keys pressed on the pad before anyone was chosen: kept in the name box, in sight."""
        self.search.setFocus()
        self.search.insert(text)

    def _move_in_list(self, key: int) -> None:
        """Up/Down and Page Up/Down in the name box move through the people listed."""
        shown = [n for n in range(self.participants.count()) if not self.participants.item(n).isHidden()]
        if not shown:
            return
        current = self.participants.currentRow()
        at = shown.index(current) if current in shown else -1
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}[key]
        if at < 0:
            at = 0 if step > 0 else len(shown) - 1
        else:
            at = max(0, min(len(shown) - 1, at + step))
        self.participants.setCurrentRow(shown[at])

    def _take_chosen(self) -> None:
        """Enter: this person. The name box empties and the keyboard moves to the pad for their options."""
        if self.participants.currentItem() is None:
            return
        blocked = self.participants.blockSignals(True)
        self.search.clear()
        self.participants.blockSignals(blocked)
        self.participants.scrollToItem(self.participants.currentItem())
        self.pad.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: PLR0911 - one answer for each key the console handles
        if not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.ShortcutOverride and watched is self.search:
            # Ctrl+Z in the name box means "Undo last entry", as everywhere on the console.
            return event.matches(QKeySequence.StandardKey.Undo) or super().eventFilter(watched, event)
        if event.type() != QEvent.Type.KeyPress:
            return super().eventFilter(watched, event)
        key = event.key()
        if key in _ENTER_KEYS and watched in (self.search, self.participants):
            self._take_chosen()
            return True
        if watched is self.search:
            if key in _MOVE_KEYS:
                self._move_in_list(key)
                return True
            if key == Qt.Key.Key_Escape and self.search.text():
                self.search.clear()
                return True
        elif watched is self.participants:
            text = event.text()
            plain = not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
            )
            if plain and text and text.isprintable() and key != Qt.Key.Key_Space:
                # Typing on the list goes to the name box, where it can be seen and corrected.
                self.search.setFocus()
                self.search.insert(text)
                return True
        return super().eventFilter(watched, event)

    # --- ballots --------------------------------------------------------------

    def _confirm_replacing(self, pseudonym: str) -> bool:
        """Ask before a ballot already in is replaced; keeping it is the default (Enter and Esc)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Replace {name}'s ballot?").format(name=pseudonym),
            self.tr("{name} has already voted. Replace {name}'s ballot with the one keyed in now?").format(
                name=pseudonym
            ),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setInformativeText(self.tr("Their ballot stays as it was unless you choose to replace it."))
        replace = box.addButton(
            self.tr("&Replace {name}'s ballot").format(name=pseudonym), QMessageBox.ButtonRole.AcceptRole
        )
        keep = box.addButton(
            self.tr("&Keep {name}'s ballot").format(name=pseudonym), QMessageBox.ButtonRole.RejectRole
        )
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.exec()
        chosen = box.clickedButton()
        box.deleteLater()
        # The keys typed next belong to the console again, whatever the window system does after a box.
        self.window().activateWindow()
        return chosen is replace

    def record_ballot(self) -> None:
        """Record the pad's ballot (one transaction), then move on to the next person on the list."""
        ballot, participant_id = self.pad.ballot, self.pad.participant_id
        if self.round is None or ballot is None or participant_id is None or self.locked(participant_id):
            return
        pseudonym = self.pad.pseudonym
        if participant_id in self.voted and not self._confirm_replacing(pseudonym):
            self.pad.message.setText(
                self.tr("Nothing recorded: {name}'s ballot stays as it was. Esc starts again.").format(
                    name=pseudonym
                )
            )
            self.pad.setFocus()
            return
        previous = self.ballots.get(participant_id)
        key = (self.round.id, participant_id)
        self._refusal = ""
        recorded = self.commander.run(
            record_ballot,
            initiator=self,
            ballot=ballot.submission(participant_id=participant_id, replace_handle=self.handles.get(key)),
        )
        if recorded is None or recorded.ballot is None:
            # The pending ballot stays, so the facilitator can put it right and press Enter again.
            self.pad.message.setText(self.tr("Not recorded: {why}").format(why=self._refusal))
            return
        row = recorded.ballot
        self.ballots[participant_id] = row.choices
        self.voted.add(participant_id)
        if row.handle is not None:
            self.handles[key], self._kept[key] = row.handle, row.choices
        self.entries.append(BallotEntry(participant_id, pseudonym, previous))
        self.status.setText(self.tr("Recorded {name}'s ballot.").format(name=pseudonym))
        self.search.clear()
        current = self.participants.currentRow()
        self._mark(self.participants.item(current))
        self._show_counts()
        # Next person down the list, ready for Enter; typing a name picks someone else.
        self.participants.setCurrentRow(min(current + 1, self.participants.count() - 1))
        if current == self.participants.count() - 1:
            self._participant_chosen(self.participants.currentItem(), None)
        self.search.setFocus()

    def _note_refusal(self, message: str) -> None:
        self._refusal = message

    def _sheet_recorded(self, lines: tuple[PaperTallyRow, ...]) -> None:
        """A paper sheet was added on the Paper dots tab: it is the newest entry, for undo."""
        if self.round is None or not lines:
            return
        positions = {option.id: number for number, option in enumerate(self.round.options)}
        labels = {option.id: option.label for option in self.round.options}
        ordered = sorted(lines, key=lambda line: positions.get(line.option_id, len(positions)))
        total = sum(line.dots for line in ordered)
        if len(ordered) == 1:
            line = ordered[0]
            described = self.tr("{dots} paper dots for option {key} ({label})").format(
                dots=line.dots, key=option_key(positions.get(line.option_id, -1)), label=labels.get(line.option_id, "")
            )
        else:
            parts = ", ".join(
                self.tr("{dots} for option {key}").format(
                    dots=line.dots, key=option_key(positions.get(line.option_id, -1))
                )
                for line in ordered
            )
            described = self.tr("{dots} paper dots ({parts})").format(dots=total, parts=parts)
        self.entries.append(PaperEntry(tuple(ordered), described))
        self._show_counts()

    def undo_last_entry(self) -> None:
        """Take back the newest entry made here, whatever it was, and say which it was."""
        if not self.entries or self.round is None or not self._can_undo(self.entries[-1]):
            return
        entry = self.entries[-1]
        if isinstance(entry, PaperEntry):
            done = self.commander.run(
                remove_paper_sheet, initiator=self, paper_tally_ids=[line.id for line in entry.lines]
            )
            if done is None:
                return
            self.entries.pop()
            self.status.setText(self.tr("Took back: {entry}.").format(entry=entry.described))
            self._show_counts()
            return
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
                record_ballot,
                initiator=self,
                ballot=BallotSubmission(
                    round_id=self.round.id,
                    participant_id=entry.participant_id,
                    choices=entry.previous,
                    replace_handle=handle,
                ),
            )
        if done is None:
            return
        self.entries.pop()
        if entry.previous is None:
            self.ballots.pop(entry.participant_id, None)
            self.voted.discard(entry.participant_id)
            self.handles.pop(key, None)
            self._kept.pop(key, None)
            self.status.setText(self.tr("Took back: {name}'s ballot.").format(name=entry.pseudonym))
        else:
            self.ballots[entry.participant_id] = entry.previous
            if key in self._kept:
                self._kept[key] = entry.previous
            self.status.setText(
                self.tr("Took back: {name}'s correction; their earlier ballot is back.").format(
                    name=entry.pseudonym
                )
            )
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
            self.search.setFocus()

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
        if changes.ballots_only:
            self._ballots_reader.request()
            return
        self.reload()

    def _read_others_ballots(self) -> None:
        """Who has voted in the current round (and a named round's ballots), marked in the list."""
        if self.commission_id is None or self.round is None:
            return
        self._read_ballots(self.round)
        self._fill_participants()
