"""The facilitator's live workshop console, on the laptop while the projector shows the wall.

At the top: the workshop being run, a button that puts the projector window
on the second screen, the scene buttons and the countdown. Below, three
tabs: voting (round controls, fast ballot entry, paper dots), equal voice
(the speaking-turn tracker and go-round), the agenda with its timers, and room
voting (participants voting from their own phones).
Everything is saved as it is done; the projector repaints from the
app-wide change signal once each action is committed.

The console keeps the keyboard while the projector is shown, and closing the
console takes the projector off the wall too, so the room is never left with
a full-screen wall and nothing on the laptop to drive it; it stops room voting
as well, freeing the port.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState
from cocommission.model.base import today
from cocommission.services.changes import Changes
from cocommission.services.commissions import get_commission
from cocommission.services.workshops import WorkshopRow, list_workshops
from cocommission.ui.commands import Commander
from cocommission.ui.flow_layout import FlowLayout
from cocommission.ui.live.agenda_timer_panel import AgendaTimerPanel
from cocommission.ui.live.projector_controls_panel import ProjectorControlsPanel
from cocommission.ui.live.room_panel import RoomPanel
from cocommission.ui.live.speaking_panel import SpeakingPanel
from cocommission.ui.live.vote_console_panel import VoteConsolePanel
from cocommission.ui.style import enlarge

if TYPE_CHECKING:
    from cocommission.ui.live.projector_window import ProjectorWindow

VOTING_TAB, VOICE_TAB, AGENDA_TAB, ROOM_TAB = range(4)


def settle_heap() -> None:
    """Collect garbage now, then set every object alive aside from later garbage collections.

    A full collection walks every object the app holds (well over 100,000 with a
    commission open) and stalls the window for most of 100 ms, every few dozen
    ballots during a live vote. What exists when the session starts — modules,
    widgets, the commission's data — is set aside, so later collections only walk
    what the session itself creates and stay a few milliseconds long.
    """
    gc.collect()
    gc.freeze()


def likely_workshop(workshops: tuple[WorkshopRow, ...], today: date) -> WorkshopRow | None:
    """The workshop most likely being run: today's, else the next one, else the latest."""
    dated = [w for w in workshops if w.held_on is not None]
    for workshop in dated:
        if workshop.held_on == today:
            return workshop
    upcoming = [w for w in dated if w.held_on is not None and w.held_on > today]
    if upcoming:
        return min(upcoming, key=lambda w: w.held_on or today)
    return workshops[-1] if workshops else None


class ConsoleWindow(QWidget):
    """The live workshop console: drives the projector, records votes and speaking turns."""

    def __init__(
        self, commander: Commander, projector: ProjectorWindow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self.projector = projector
        self.commission_id: str | None = None
        self.setWindowTitle(self.tr("Live workshop console"))

        self.heading = QLabel(self.tr("Live workshop"), self)
        enlarge(self.heading, 1.4, bold=True)
        workshop_label = QLabel(self.tr("&Workshop:"), self)
        self.workshop_combo = QComboBox(self)
        self.workshop_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.workshop_combo.setMinimumContentsLength(22)
        workshop_label.setBuddy(self.workshop_combo)
        self.workshop_combo.currentIndexChanged.connect(self._workshop_chosen)
        self.projector_button = QPushButton(self.tr("Show pro&jector"), self)
        self.projector_button.setToolTip(
            self.tr(
                "Put the projector window full screen on the second screen, or in a window when there is none"
            )
        )
        self.projector_button.clicked.connect(self.show_projector)
        self.projector_button.setEnabled(projector is not None)

        self.scenes = ProjectorControlsPanel(commander, projector, self)
        self.banner = QFrame(self)
        self.banner.setObjectName("messageBanner")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setWordWrap(True)
        self.banner_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        banner_layout.addWidget(self.banner_text, 1)
        self.banner.hide()

        self.voting = VoteConsolePanel(commander, self)
        self.voice = SpeakingPanel(commander, self)
        self.agenda = AgendaTimerPanel(commander, self)
        self.room = RoomPanel(commander, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.voting, self.tr("&Voting"))
        self.tabs.addTab(self.voice, self.tr("&Equal voice"))
        self.tabs.addTab(self.agenda, self.tr("A&genda and timer"))
        self.tabs.addTab(self.room, self.tr("&Room voting"))

        self.voting.round_changed.connect(self.scenes.set_round)
        self.voting.revealed.connect(self.scenes.show_reveal_of)
        self.room.address_changed.connect(self.scenes.set_room_address)
        self.agenda.item_started.connect(lambda seconds, _title: self.scenes.start_countdown(seconds))
        commander.failed.connect(self._show_problem)
        commander.succeeded.connect(self._show_note)
        commander.bus.changes_applied.connect(self._on_changes)

        # The heading wraps and the controls beside it move below it when the console is narrow.
        self.heading.setWordWrap(True)
        workshop = QWidget(self)
        workshop_row = QHBoxLayout(workshop)
        workshop_row.setContentsMargins(0, 0, 0, 0)
        workshop_row.addWidget(workshop_label)
        workshop_row.addWidget(self.workshop_combo)
        top = FlowLayout()
        top.addWidget(self.heading)
        top.addWidget(workshop)
        top.addWidget(self.projector_button)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.addLayout(top)
        layout.addWidget(self.scenes)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        # On a small screen or at 200% the console scrolls rather than running off the screen;
        # its size is chosen where it opens (live/placement.py).
        scroller = QScrollArea(self)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setWidgetResizable(True)
        scroller.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroller)

    # --- what it shows ------------------------------------------------------

    def set_commission(self, commission_id: str) -> None:
        """Run the live workshop for ``commission_id``."""
        self.commission_id = commission_id
        summary = self.commander.read(get_commission, commission_id=commission_id)
        self.heading.setText(self.tr("Live workshop: {title}").format(title=summary.title))
        self.scenes.set_commission(commission_id)
        self.voting.set_commission(commission_id)
        self.voice.set_commission(commission_id)
        self.agenda.set_commission(commission_id)
        self.room.set_commission(commission_id)
        self._load_workshops(choose_likely=True)
        # The keys typed first are usually a name: whose ballot it is.
        self.tabs.setCurrentWidget(self.voting)
        self.voting.search.setFocus()
        # The live session starts here: from now on the room should never see the laptop stall.
        settle_heap()

    def _load_workshops(self, *, choose_likely: bool) -> None:
        if self.commission_id is None:
            return
        workshops = self.commander.read(list_workshops, commission_id=self.commission_id)
        chosen = (
            getattr(likely_workshop(workshops, today()), "id", None)
            if choose_likely
            else self.workshop_combo.currentData()
        )
        blocked = self.workshop_combo.blockSignals(True)
        self.workshop_combo.clear()
        for workshop in workshops:
            when = workshop.held_on.strftime("%d %b") if workshop.held_on is not None else self.tr("no date")
            self.workshop_combo.addItem(
                self.tr("{number}. {title} ({when})").format(
                    number=workshop.number, title=workshop.title, when=when
                ),
                workshop.id,
            )
        self.workshop_combo.addItem(self.tr("No particular workshop"), None)
        index = self.workshop_combo.findData(chosen) if chosen is not None else -1
        self.workshop_combo.setCurrentIndex(index if index >= 0 else self.workshop_combo.count() - 1)
        self.workshop_combo.blockSignals(blocked)
        self._workshop_chosen(self.workshop_combo.currentIndex())

    def _workshop_chosen(self, index: int) -> None:
        workshop_id = self.workshop_combo.itemData(index) if index >= 0 else None
        self.scenes.set_workshop(workshop_id)
        self.voice.set_workshop(workshop_id)
        self.agenda.set_workshop(workshop_id)
        self.room.set_workshop(workshop_id)

    def workshop_id(self) -> str | None:
        """The workshop chosen at the top (None: no particular workshop)."""
        return self.workshop_combo.currentData()

    def show_projector(self) -> None:
        """Put the projector window on the second screen (or in a window when there is one screen).

        The console keeps the keyboard: the projector never asks for it, and where the window
        system gives a new window the keyboard anyway, the console takes it back.
        """
        if self.projector is not None:
            self.projector.place()
            self.activateWindow()

    # --- what leaving would lose ---------------------------------------------

    def round_on_the_wall(self) -> str | None:
        """A line about the vote round open now ("A vote round is open on the wall: …"), None when none is."""
        row = self.voting.round
        if row is None or row.state is not RoundState.OPEN:
            return None
        on_wall = self.projector is not None and self.projector.isVisible()
        progress = self.voting.voted_label.text()
        if on_wall:
            return self.tr("A vote round is open on the wall: “{title}” ({progress}).").format(
                title=row.title, progress=progress
            )
        return self.tr("A vote round is open: “{title}” ({progress}).").format(title=row.title, progress=progress)

    def unfinished_work(self) -> list[str]:
        """What closing the console would lose, one sentence each (empty when nothing would be)."""
        lost = []
        voting = self.voting
        pad = voting.pad
        if pad.participant_id is not None and pad.ballot is not None and not pad.ballot.is_empty():
            lost.append(
                self.tr("{name}'s ballot is keyed in on the console but not recorded.").format(name=pad.pseudonym)
            )
        if voting.paper.typed_not_added():
            lost.append(self.tr("Paper dots are typed on the console but not added to the count."))
        row = voting.round
        if row is not None and row.anonymous and row.state is RoundState.OPEN and voting.holds_handles():
            lost.append(
                self.tr(
                    "The anonymous ballots keyed in here can no longer be corrected or taken back once the "
                    "console closes."
                )
            )
        return lost

    # --- messages -----------------------------------------------------------

    def _show_problem(self, message: str) -> None:
        self._banner(message, "problem")

    def _show_note(self, message: str) -> None:
        self._banner(message, "note")

    def _banner(self, message: str, kind: str) -> None:
        self.banner.setProperty("kind", kind)
        # A changed dynamic property only restyles after the style is applied again.
        self.banner.style().unpolish(self.banner)
        self.banner.style().polish(self.banner)
        self.banner_text.setText(message)
        self.banner.show()

    # --- keeping up ---------------------------------------------------------

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if self.commission_id is None or not changes.touches("workshop", "commission"):
            return
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        if changes.touches("commission"):
            summary = self.commander.read(get_commission, commission_id=self.commission_id)
            self.heading.setText(self.tr("Live workshop: {title}").format(title=summary.title))
        if changes.touches("workshop"):
            self._load_workshops(choose_likely=False)

    def closeEvent(self, event: QCloseEvent) -> None:
        # A turn still being timed is saved rather than lost when the console closes.
        self.voice.stop()
        # Phones can no longer vote through a console that is gone: the server stops and frees its port.
        self.room.stop_room()
        # Without the console nothing drives the wall: it comes down too (Show projector puts it back).
        if self.projector is not None:
            self.projector.close()
        super().closeEvent(event)
