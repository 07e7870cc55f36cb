"""Equal voice on the console: who is speaking, for how long, and who has not been heard yet.

A big button for each participant in the room (by pseudonym). Tap whoever
starts speaking: the previous speaker's turn ends and is saved with its
length. Stop ends the current turn. Beside the buttons, each person's share
of the speaking time and turns, the balance index and who has not spoken
yet — shown on the laptop only, never on the projector, so nobody is shamed
on the wall. A go-round steps through everyone, least heard first; anyone may
pass, which is recorded as a pass and never as speaking time. The facilitators
and commissioners are left out unless the facilitator includes them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model.scoring import SpeakingBalance, go_round_order
from cocommission.services.changes import Changes
from cocommission.services.collation import name_sort_key
from cocommission.services.speaking import (
    MAX_TURN_SECONDS,
    record_pass,
    record_speaking_turn,
)
from cocommission.services.speaking_views import read_speaking
from cocommission.services.workshops import get_workshop
from cocommission.ui.commands import Commander
from cocommission.ui.live.live_text import LiveText
from cocommission.ui.style import enlarge
from cocommission.ui.table_model import SORT_ROLE, Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.wording import clock_text

#: Buttons per row in the grid: big enough to tap, enough to fit fifteen people on a laptop.
_COLUMNS = 4
#: The kinds of change that alter who is in the room or how much they have spoken.
WATCHES = ("speaking_turn", "attendance", "participant", "workshop")
COL_NAME, COL_SHARE, COL_TIME, COL_TURNS, COL_PASSES = range(5)


class SpeakingPanel(QWidget):
    """The speaking-turn tracker, the balance of voices and the go-round."""

    def __init__(
        self,
        commander: Commander,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self.workshop_id: str | None = None
        self._clock = clock
        self._turn_limit = MAX_TURN_SECONDS
        self.balance: SpeakingBalance | None = None
        self.pseudonyms: dict[str, str] = {}
        self._can_speak: set[str] = set()
        #: Who is speaking now, and since when (the clock's reading and the wall time).
        self.speaker: str | None = None
        self._started: float = 0.0
        self._started_at: datetime | None = None
        self.go_round: list[str] = []
        self.go_position = -1
        #: Who passed in the go-round under way, in order.
        self.go_passed: list[str] = []
        self.buttons: dict[str, QPushButton] = {}

        # Ticks every second while someone speaks: LiveText repaints without relaying out the console.
        self.now_label = LiveText(self)
        enlarge(self.now_label, 1.4, bold=True)
        self.grid_host = QWidget()
        # Whoever is speaking must be obvious at a glance across the laptop: dark fill, white text.
        self.grid_host.setStyleSheet(
            "QPushButton:checked { background: #1f4e79; color: white; border: 3px solid #0b2740; }"
        )
        self.grid = QGridLayout(self.grid_host)
        self.grid.setSpacing(8)
        self.grid_area = QScrollArea(self)
        self.grid_area.setWidgetResizable(True)
        self.grid_area.setWidget(self.grid_host)
        self.grid_area.setAccessibleName(self.tr("Participants in the room"))
        self.stop_button = QPushButton(self.tr("&Stop speaking (Esc)"), self)
        self.stop_button.setMinimumHeight(48)
        self.stop_button.clicked.connect(self.stop)
        stop_shortcut = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        stop_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        stop_shortcut.activated.connect(self.stop)
        self.message = QLabel(self)
        self.message.setWordWrap(True)

        self.go_label = QLabel(self)
        self.go_label.setWordWrap(True)
        self.go_button = QPushButton(self.tr("Start go-&round"), self)
        self.go_button.setToolTip(self.tr("Give everyone a turn, least heard first"))
        self.go_button.clicked.connect(self.start_go_round)
        self.next_button = QPushButton(self.tr("&Next (N)"), self)
        self.next_button.setToolTip(self.tr("End this turn and hand over to the next person in the go-round"))
        self.next_button.clicked.connect(self.next_in_go_round)
        next_shortcut = QShortcut(QKeySequence(Qt.Key.Key_N), self)
        next_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        next_shortcut.activated.connect(self.next_in_go_round)
        self.pass_button = QPushButton(self.tr("P&ass (P)"), self)
        self.pass_button.setToolTip(
            self.tr("This person does not want to speak now: record a pass (not speaking time) and hand over")
        )
        self.pass_button.clicked.connect(self.pass_in_go_round)
        pass_shortcut = QShortcut(QKeySequence(Qt.Key.Key_P), self)
        pass_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        pass_shortcut.activated.connect(self.pass_in_go_round)
        self.end_go_button = QPushButton(self.tr("End go-round"), self)
        self.end_go_button.clicked.connect(self.end_go_round)
        self.include_staff = QCheckBox(self.tr("Include facilitators and commissioners"), self)
        self.include_staff.setToolTip(
            self.tr(
                "Left out by default: they run the room, so their talk would hide how evenly the young "
                "people were heard. Tick to give them buttons, go-round turns and a share of the balance."
            )
        )
        self.include_staff.toggled.connect(self._include_staff_toggled)

        self.shares_model = RowTableModel(
            [
                Column(
                    self.tr("Participant"),
                    lambda row: row.pseudonym,
                    sort_key=lambda row: name_sort_key(row.pseudonym),
                ),
                Column(
                    self.tr("Share of time"),
                    lambda row: f"{row.percent}%",
                    sort_key=lambda row: row.seconds,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(
                    self.tr("Speaking time"),
                    lambda row: clock_text(round(row.seconds)),
                    sort_key=lambda row: row.seconds,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(self.tr("Turns"), lambda row: row.turns, alignment=Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Passes"),
                    lambda row: row.passes,
                    tooltip=lambda _row: self.tr("Times they passed in a go-round; never counted as speaking"),
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
            ],
            self,
        )
        self.sorted_shares = QSortFilterProxyModel(self)
        self.sorted_shares.setSourceModel(self.shares_model)
        self.sorted_shares.setSortRole(SORT_ROLE)
        shares_label = QLabel(self.tr("Share of speak&ing time (laptop only, never on the projector):"), self)
        shares_label.setWordWrap(True)
        self.shares_view = make_table_view(
            self,
            self.sorted_shares,
            None,
            stretch_column=COL_NAME,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
            sort_column=COL_TIME,
        )
        shares_label.setBuddy(self.shares_view)
        self.balance_label = QLabel(self)
        self.balance_label.setWordWrap(True)
        enlarge(self.balance_label, 1.1, bold=True)
        self.not_heard_label = QLabel(self)
        self.not_heard_label.setWordWrap(True)
        self.not_heard_label.setObjectName("notHeard")

        tracker = QWidget(self)
        left = QVBoxLayout(tracker)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.now_label)
        left.addWidget(self.grid_area, 1)
        left.addWidget(self.stop_button)
        left.addWidget(self.message)
        go_box = QGroupBox(self.tr("Go-round"), self)
        go_layout = QVBoxLayout(go_box)
        go_layout.addWidget(self.go_label)
        go_buttons = QHBoxLayout()
        go_buttons.addWidget(self.go_button)
        go_buttons.addWidget(self.next_button)
        go_buttons.addWidget(self.pass_button)
        go_buttons.addWidget(self.end_go_button)
        go_buttons.addStretch(1)
        go_layout.addLayout(go_buttons)
        go_layout.addWidget(self.include_staff)
        left.addWidget(go_box)
        stats = QWidget(self)
        right = QVBoxLayout(stats)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.balance_label)
        right.addWidget(self.not_heard_label)
        right.addWidget(shares_label)
        right.addWidget(self.shares_view, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(tracker)
        splitter.addWidget(stats)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_speaker)
        commander.bus.changes_applied.connect(self._on_changes)
        self._show_speaker()
        self._show_go_round()

    # --- loading --------------------------------------------------------------

    def set_commission(self, commission_id: str | None) -> None:
        """Track another commission (a turn in progress is saved first)."""
        self.stop()
        self.end_go_round()
        self.commission_id = commission_id
        self.workshop_id = None
        self._turn_limit = MAX_TURN_SECONDS
        self.reload()

    def set_workshop(self, workshop_id: str | None) -> None:
        """Count turns in one workshop (None: across the whole commission)."""
        if workshop_id == self.workshop_id:
            return
        self.stop()
        self.end_go_round()
        self.workshop_id = workshop_id
        self._turn_limit = (
            MAX_TURN_SECONDS
            if workshop_id is None
            else self.commander.read(get_workshop, workshop_id=workshop_id).minutes * 60
        )
        self.reload()

    def reload(self) -> None:
        """Read who is in the room and how much each has spoken."""
        if self.commission_id is None:
            self.balance, self.pseudonyms, self._can_speak = None, {}, set()
            self._build_buttons([])
            self.shares_model.set_rows([])
            self._show_balance()
            return
        room = self.commander.read(
            read_speaking,
            commission_id=self.commission_id,
            workshop_id=self.workshop_id,
            include_running=self.include_staff.isChecked(),
        )
        self.balance, self.pseudonyms, self._can_speak = room.balance, room.pseudonyms, set(room.can_speak)
        self._build_buttons([share.participant_id for share in self.balance.shares])
        self.shares_model.set_rows(room.shares)
        self._show_balance()

    def _build_buttons(self, participant_ids: list[str]) -> None:
        if list(self.buttons) == participant_ids:
            for participant_id, button in self.buttons.items():
                self._shape_button(participant_id, button)
            return
        for button in self.buttons.values():
            self.grid.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        for number, participant_id in enumerate(participant_ids):
            button = QPushButton(self.pseudonyms.get(participant_id, ""), self.grid_host)
            button.setCheckable(True)
            button.setMinimumHeight(64)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            enlarge(button, 1.3, bold=True)
            button.clicked.connect(lambda _checked=False, who=participant_id: self.tap(who))
            self.grid.addWidget(button, number // _COLUMNS, number % _COLUMNS)
            self.buttons[participant_id] = button
            self._shape_button(participant_id, button)
        self.grid.setRowStretch(len(participant_ids) // _COLUMNS + 1, 1)

    def _shape_button(self, participant_id: str, button: QPushButton) -> None:
        allowed = participant_id in self._can_speak
        name = self.pseudonyms.get(participant_id, "")
        button.setEnabled(allowed)
        button.setChecked(participant_id == self.speaker)
        button.setToolTip(
            self.tr("Tap when {name} starts speaking; tap again to stop").format(name=name)
            if allowed
            else self.tr("{name} cannot have turns recorded: consent is missing or they have left").format(
                name=name
            )
        )

    def _mark_quiet(self, quiet: tuple[str, ...]) -> None:
        """Say on each button whether that person has been heard yet, so the quiet stand out."""
        for participant_id, button in self.buttons.items():
            name = self.pseudonyms.get(participant_id, "")
            button.setText(
                self.tr("{name}\nnot heard yet").format(name=name) if participant_id in quiet else name
            )

    def _show_balance(self) -> None:
        if self.balance is None or not self.balance.shares:
            self.balance_label.setText(self.tr("Nobody is in the room yet."))
            self.not_heard_label.clear()
            return
        if not any(share.seconds for share in self.balance.shares):
            # An index of 1.00 would claim everyone spoke equally when nobody has spoken at all.
            self.balance_label.setText(self.tr("No one has spoken yet."))
        else:
            self.balance_label.setText(
                self.tr("Balance index {index:.2f} (1.00: everyone spoke equally; 0: one person spoke).").format(
                    index=self.balance.balance_index
                )
            )
        quiet = self.not_heard()
        self._mark_quiet(quiet)
        if quiet:
            self.not_heard_label.setText(
                self.tr("Not heard yet: {names}").format(
                    names=", ".join(self.pseudonyms.get(p, "") for p in quiet)
                )
            )
        else:
            self.not_heard_label.setText(self.tr("Everyone has spoken."))

    def not_heard(self) -> tuple[str, ...]:
        """Participants who have not spoken yet, leaving out whoever is speaking now."""
        if self.balance is None:
            return ()
        return tuple(p for p in self.balance.not_heard if p != self.speaker)

    # --- turns ------------------------------------------------------------------

    def tap(self, participant_id: str) -> None:
        """``participant_id`` starts speaking: the current turn ends and is saved; tapping the speaker stops."""
        if participant_id == self.speaker:
            self.stop()
            return
        self.stop()
        if participant_id not in self._can_speak:
            self._show_speaker()
            return
        self.speaker = participant_id
        self._started = self._clock()
        self._started_at = datetime.now(UTC)
        self._ticker.start()
        self._show_speaker()
        self._show_balance()

    def stop(self) -> None:
        """End the current turn and save it with its length in seconds."""
        speaker, started_at = self.speaker, self._started_at
        if speaker is None or self.commission_id is None:
            return
        elapsed = self._clock() - self._started
        self.speaker, self._started_at = None, None
        self._ticker.stop()
        seconds = round(elapsed)
        name = self.pseudonyms.get(speaker, "")
        if seconds < 1:
            # A tap corrected at once is a mistake, not a turn.
            self.message.setText(
                self.tr("{name}'s turn was under a second, so it was not counted.").format(name=name)
            )
            self._show_speaker()
            self._show_balance()
            return
        if seconds > self._turn_limit:
            seconds = self._turn_limit
            self.message.setText(
                self.tr("{name}'s turn was longer than the workshop, so it was saved as {clock}.").format(
                    name=name, clock=clock_text(seconds)
                )
            )
        else:
            self.message.setText(
                self.tr("Saved {name}'s turn of {clock}.").format(name=name, clock=clock_text(seconds))
            )
        self.commander.run(
            record_speaking_turn,
            initiator=self,
            commission_id=self.commission_id,
            participant_id=speaker,
            seconds=seconds,
            workshop_id=self.workshop_id,
            started_at=started_at,
        )
        self.reload()
        self._show_speaker()

    def _show_speaker(self) -> None:
        if self.speaker is None:
            self.now_label.setText(self.tr("Nobody is speaking. Tap whoever starts."))
        else:
            elapsed = max(0, round(self._clock() - self._started))
            self.now_label.setText(
                self.tr("{name} is speaking — {clock}").format(
                    name=self.pseudonyms.get(self.speaker, ""), clock=clock_text(elapsed)
                )
            )
        for participant_id, button in self.buttons.items():
            button.setChecked(participant_id == self.speaker)
        self.stop_button.setEnabled(self.speaker is not None)

    # --- go-round -----------------------------------------------------------------

    def start_go_round(self) -> None:
        """Step through everyone who can speak, least heard first; the first person's turn starts."""
        if self.balance is None:
            return
        self.stop()
        order = [p for p in go_round_order(self.balance) if p in self._can_speak]
        if not order:
            self.go_label.setText(self.tr("Nobody in the room can have turns recorded."))
            return
        self.go_round, self.go_position, self.go_passed = order, 0, []
        self.tap(order[0])
        self._show_go_round()

    def next_in_go_round(self) -> None:
        """End this turn and start the next person's; after the last, the go-round ends."""
        if not self.go_round:
            return
        self.stop()
        self._hand_over()

    def pass_in_go_round(self) -> None:
        """The person whose turn it is passes: a pass is saved instead of their turn, and the next starts."""
        if not self.go_round or self.commission_id is None:
            return
        who = self.go_round[self.go_position]
        if self.speaker == who:
            # Their clock was running while they decided: that silence is not speaking time.
            self.speaker, self._started_at = None, None
            self._ticker.stop()
        passed = self.commander.run(
            record_pass,
            initiator=self,
            commission_id=self.commission_id,
            participant_id=who,
            workshop_id=self.workshop_id,
        )
        if passed is not None:
            self.go_passed.append(who)
            self.message.setText(
                self.tr("{name} passed; that is not counted as speaking.").format(name=self.pseudonyms.get(who, ""))
            )
        self.reload()
        self._hand_over()

    def _hand_over(self) -> None:
        """Start the next person's turn in the go-round, or finish it after the last."""
        self.go_position += 1
        if self.go_position >= len(self.go_round):
            spoke = len(self.go_round) - len(self.go_passed)
            passed = [self.pseudonyms.get(p, "") for p in self.go_passed]
            self.go_round, self.go_position, self.go_passed = [], -1, []
            self._show_go_round()
            if passed:
                self.go_label.setText(
                    self.tr("Go-round finished: {spoke} spoke, {passes} passed ({names}).").format(
                        spoke=spoke, passes=len(passed), names=", ".join(passed)
                    )
                )
            else:
                self.go_label.setText(self.tr("Go-round finished: everyone had a turn."))
            return
        self.tap(self.go_round[self.go_position])
        self._show_go_round()

    def end_go_round(self) -> None:
        """Leave the go-round (the current turn carries on until tapped or stopped)."""
        self.go_round, self.go_position, self.go_passed = [], -1, []
        self._show_go_round()

    def _include_staff_toggled(self, _included: bool) -> None:
        # Who is counted changes, so a go-round under way would hand turns to the wrong list.
        self.stop()
        self.end_go_round()
        self.reload()

    def _show_go_round(self) -> None:
        active = bool(self.go_round)
        self.next_button.setEnabled(active)
        self.pass_button.setEnabled(active)
        self.end_go_button.setEnabled(active)
        self.go_button.setEnabled(not active)
        if not active:
            self.go_label.setText(self.tr("A go-round gives everyone a turn, least heard first."))
            return
        names = [self.pseudonyms.get(p, "") for p in self.go_round]
        now = names[self.go_position]
        after = names[self.go_position + 1 :]
        text = self.tr("Now {name} ({position} of {count}).").format(
            name=now, position=self.go_position + 1, count=len(names)
        )
        if after:
            text += " " + self.tr("Then: {names}").format(names=", ".join(after))
        self.go_label.setText(text)

    # --- other changes -------------------------------------------------------------

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if self.commission_id is None or initiator is self or not changes.touches(*WATCHES):
            return
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        self.reload()
