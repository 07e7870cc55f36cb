"""The console's remote control for the projector: which scene the wall shows, and the countdown.

One button per scene (F2–F9 from anywhere in the console); the scene on the
wall stays highlighted. The vote scenes use the round chosen in the voting
part, the welcome scene the workshop chosen at the top. Results scenes stay
unavailable while a round's results are hidden, so the wall cannot give them
away before the reveal.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QPushButton,
    QWidget,
)

from cocommission.services.changes import Changes
from cocommission.services.errors import ServiceError
from cocommission.services.tender import get_tender
from cocommission.services.voting import RoundRow
from cocommission.ui.commands import Commander
from cocommission.ui.flow_layout import FlowLayout, together
from cocommission.ui.live.live_text import LiveText
from cocommission.ui.number_input import NotANumber, NumberBox, read_number
from cocommission.ui.settings import WALL_FONT_SCALES
from cocommission.ui.style import enlarge
from cocommission.wording import clock_text

if TYPE_CHECKING:
    from cocommission.ui.live.projector_window import ProjectorWindow

WELCOME, OUTCOMES, LIVE_VOTE, REVEAL, RANKING, TENDER_SECTION, BID_TOTALS, JOIN = (
    "welcome",
    "outcomes",
    "live_vote",
    "reveal",
    "ranking",
    "tender_section",
    "bid_totals",
    "join",
)
#: The longest countdown the console offers, in minutes: a whole workshop day.
_LONGEST_COUNTDOWN = 8 * 60


class ProjectorControlsPanel(QWidget):
    """Scene buttons and the countdown control; every action is a call on the projector window."""

    def __init__(
        self,
        commander: Commander,
        projector: ProjectorWindow | None,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self.projector = projector
        self.commission_id: str | None = None
        self.workshop_id: str | None = None
        self.round: RoundRow | None = None
        #: The address phones join at while room voting is on ("": off), for the Join scene.
        self.room_address = ""
        self.scene: str | None = None
        self._clock = clock
        self._deadline: float | None = None

        titles = {
            WELCOME: (self.tr("Welcome and agenda"), "F2"),
            OUTCOMES: (self.tr("Outcomes"), "F3"),
            LIVE_VOTE: (self.tr("Live vote"), "F4"),
            REVEAL: (self.tr("Reveal"), "F5"),
            RANKING: (self.tr("Ranking"), "F6"),
            TENDER_SECTION: (self.tr("Tender section"), "F7"),
            BID_TOTALS: (self.tr("Bid totals"), "F8"),
            JOIN: (self.tr("Join from phones"), "F9"),
        }
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QPushButton] = {}
        for scene, (title, key) in titles.items():
            button = QPushButton(self.tr("{title} ({key})").format(title=title, key=key), self)
            button.setCheckable(True)
            button.setToolTip(self.tr("Show “{title}” on the projector ({key})").format(title=title, key=key))
            button.clicked.connect(lambda _checked=False, scene=scene: self.show_scene(scene))
            self.group.addButton(button)
            self.buttons[scene] = button
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda scene=scene: self.show_scene(scene))
        section_label = QLabel(self.tr("Sec&tion:"), self)
        self.section_combo = QComboBox(self)
        self.section_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.section_combo.setMinimumContentsLength(16)
        section_label.setBuddy(self.section_combo)
        self.section_combo.activated.connect(self._section_picked)

        countdown_label = QLabel(self.tr("Count&down:"), self)
        self.minutes = NumberBox(self)
        self.minutes.setRange(1, _LONGEST_COUNTDOWN)
        self.minutes.setValue(10)
        self.minutes.setSuffix(self.tr(" min"))
        countdown_label.setBuddy(self.minutes)
        self.start_button = QPushButton(self.tr("Start"), self)
        self.start_button.setToolTip(self.tr("Start the countdown on the projector"))
        self.start_button.clicked.connect(self._start_typed_countdown)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setToolTip(self.tr("Stop the countdown on the projector"))
        self.stop_button.clicked.connect(self.stop_countdown)
        text_label = QLabel(self.tr("Wall te&xt:"), self)
        self.wall_text = NumberBox(self)
        low, high = WALL_FONT_SCALES
        self.wall_text.setRange(round(low * 100), round(high * 100))
        self.wall_text.setSingleStep(10)
        self.wall_text.setSuffix(self.tr(" %"))
        self.wall_text.setValue(round((projector.font_scale if projector is not None else 1.0) * 100))
        self.wall_text.setToolTip(
            self.tr("How large the projector draws its text: larger for a big room (100 % as designed)")
        )
        self.wall_text.setEnabled(projector is not None)
        text_label.setBuddy(self.wall_text)
        # Typing 150 goes 1, 15, 150: the wall follows once the number is finished (Enter or leaving the box).
        self.wall_text.setKeyboardTracking(False)
        self.wall_text.valueChanged.connect(self._wall_text_chosen)
        self.wall_text.refused.connect(self.commander.failed.emit)
        # Ticks every second: LiveText repaints without relaying out the console.
        self.remaining = LiveText(self)
        self.remaining.setMinimumWidth(self.fontMetrics().horizontalAdvance("0:00:00 left") * 2)
        enlarge(self.remaining, 1.2, bold=True)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)

        # The controls wrap onto more lines when the console is narrow (a small screen, or 200%).
        section = together(self, section_label, self.section_combo)
        countdown = together(self, countdown_label, self.minutes, self.start_button, self.stop_button, self.remaining)
        scenes = FlowLayout(self)
        scenes.setContentsMargins(0, 0, 0, 0)
        scenes.addWidget(QLabel(self.tr("On the projector:"), self))
        for scene in (WELCOME, OUTCOMES, LIVE_VOTE, REVEAL, RANKING, TENDER_SECTION):
            scenes.addWidget(self.buttons[scene])
        scenes.addWidget(section)
        scenes.addWidget(self.buttons[BID_TOTALS])
        scenes.addWidget(self.buttons[JOIN])
        scenes.addWidget(countdown)
        scenes.addWidget(together(self, text_label, self.wall_text))
        commander.bus.changes_applied.connect(self._on_changes)
        self._enable()

    # --- context ------------------------------------------------------------

    def set_commission(self, commission_id: str | None) -> None:
        """Drive scenes for another commission."""
        self.commission_id = commission_id
        self._load_sections()
        self._enable()

    def set_workshop(self, workshop_id: str | None) -> None:
        """The workshop whose agenda the welcome scene shows."""
        self.workshop_id = workshop_id
        if self.scene == WELCOME:
            self.show_scene(WELCOME)

    def set_round(self, vote_round: RoundRow | None) -> None:
        """The round the vote scenes show; when another round is chosen, the wall follows it."""
        before = self.round.id if self.round is not None else None
        self.round = vote_round
        self._enable()
        moved_on = vote_round is not None and vote_round.id != before
        if moved_on and self.scene in (LIVE_VOTE, REVEAL, RANKING):
            # The live vote is always safe to put up: a hidden round shows only who has voted.
            self.show_scene(LIVE_VOTE)

    def set_room_address(self, address: str) -> None:
        """The address phones join at ("" once room voting is off: a Join scene on the wall leaves it)."""
        self.room_address = address
        self._enable()
        if self.scene != JOIN or self.projector is None:
            return
        if address:
            self.projector.show_join(url=address)
        else:
            # An address no longer served must not stay on the wall.
            self.projector.show_blank()
            self.scene = None
            self.group.setExclusive(False)
            self.buttons[JOIN].setChecked(False)
            self.group.setExclusive(True)

    def _load_sections(self) -> None:
        chosen = self.section_combo.currentData()
        self.section_combo.clear()
        if self.commission_id is not None:
            try:
                tender = self.commander.read(get_tender, commission_id=self.commission_id)
            except ServiceError:
                tender = None
            for section in tender.sections if tender is not None else ():
                self.section_combo.addItem(f"{section.position}. {section.heading}", section.id)
        index = self.section_combo.findData(chosen)
        self.section_combo.setCurrentIndex(index if index >= 0 else 0 if self.section_combo.count() else -1)
        if not self.section_combo.count():
            self.section_combo.addItem(self.tr("No tender yet"), None)

    def _enable(self) -> None:
        has_projector = self.projector is not None
        has_commission = has_projector and self.commission_id is not None
        has_round = has_commission and self.round is not None
        # Results scenes wait for the reveal in a hidden round: the wall must not give the result away.
        results = has_round and self.round is not None and self.round.results_visible
        enabled = {
            WELCOME: has_commission,
            OUTCOMES: has_commission,
            LIVE_VOTE: has_round,
            REVEAL: results,
            RANKING: results,
            TENDER_SECTION: has_commission and self.section_combo.currentData() is not None,
            BID_TOTALS: has_commission,
            JOIN: has_projector and bool(self.room_address),
        }
        for scene, button in self.buttons.items():
            button.setEnabled(enabled[scene])
        self.section_combo.setEnabled(enabled[TENDER_SECTION])
        for widget in (self.minutes, self.start_button, self.stop_button):
            widget.setEnabled(has_projector)
        if not has_projector:
            self.setToolTip(self.tr("There is no projector window to drive."))

    # --- scenes -------------------------------------------------------------

    def show_scene(self, scene: str) -> bool:
        """Put ``scene`` on the projector; False (nothing changes) when it cannot be shown now."""
        button = self.buttons[scene]
        if not button.isEnabled() or self.projector is None or self.commission_id is None:
            return False
        projector, round_id = self.projector, self.round.id if self.round is not None else None
        if scene == WELCOME:
            projector.show_welcome(commission_id=self.commission_id, workshop_id=self.workshop_id)
        elif scene == OUTCOMES:
            projector.show_outcomes(commission_id=self.commission_id)
        elif scene == LIVE_VOTE and round_id is not None:
            projector.show_vote(round_id=round_id)
        elif scene == REVEAL and round_id is not None:
            projector.show_reveal(round_id=round_id)
        elif scene == RANKING and round_id is not None:
            projector.show_ranking(round_id=round_id)
        elif scene == TENDER_SECTION:
            projector.show_tender_section(section_id=self.section_combo.currentData())
        elif scene == BID_TOTALS:
            projector.show_bid_totals(commission_id=self.commission_id)
        elif scene == JOIN and self.room_address:
            projector.show_join(url=self.room_address)
        else:
            return False
        self.scene = scene
        button.setChecked(True)
        return True

    def _section_picked(self, _index: int) -> None:
        self._enable()
        # Picking another section while one is on the wall puts the new one up at once.
        if self.scene == TENDER_SECTION:
            self.show_scene(TENDER_SECTION)

    def show_reveal_of(self, round_id: str) -> None:
        """Show the reveal of a round just revealed from the voting part."""
        if self.round is not None and self.round.id == round_id:
            self.show_scene(REVEAL)

    # --- wall text ----------------------------------------------------------

    def _wall_text_chosen(self, percent: int) -> None:
        """Draw the wall's text at ``percent`` of its designed size; the projector keeps it as the setting."""
        if self.projector is not None:
            self.projector.set_font_scale(percent / 100)

    # --- countdown ----------------------------------------------------------

    def _start_typed_countdown(self) -> None:
        try:
            minutes = read_number(self.minutes)
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            return
        self.start_countdown(minutes * 60)

    def start_countdown(self, seconds: int) -> None:
        """Start the projector's countdown from ``seconds``, and mirror it here."""
        if self.projector is None:
            return
        self.projector.start_countdown(seconds)
        self._deadline = self._clock() + seconds
        self._ticker.start()
        self._tick()

    def stop_countdown(self) -> None:
        """Stop the projector's countdown."""
        if self.projector is None:
            return
        self.projector.stop_countdown()
        self._deadline = None
        self._ticker.stop()
        self.remaining.clear()

    def seconds_left(self) -> int | None:
        """Seconds left on the countdown, or None when none is running."""
        if self._deadline is None:
            return None
        return max(0, round(self._deadline - self._clock()))

    def _tick(self) -> None:
        left = self.seconds_left()
        if left is None:
            return
        if left == 0:
            self._ticker.stop()
            self.remaining.setText(self.tr("Time is up"))
        else:
            self.remaining.setText(self.tr("{clock} left").format(clock=clock_text(left)))

    # --- other changes --------------------------------------------------------

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if self.commission_id is None or not changes.touches("tender", "tender_section"):
            return
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        self._load_sections()
        self._enable()

