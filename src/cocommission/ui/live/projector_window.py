"""The window on the projector: one scene at a time, painted large for the back of the room.

The facilitator's console switches scenes with the ``show_*`` methods. The
window refreshes by itself: after each committed change that touches what the
current scene shows, only that scene reads its data again and the window
repaints, each in a turn of the event loop of its own, so the console keeps
answering keys while the wall catches up. Placed full screen on the second screen when there is one, it is a
resizable preview window otherwise.

It never takes the keyboard: the facilitator keys ballots into the console
while the wall changes, and a key press landing on the wall would be lost. So
the window does not accept focus, is shown without being activated, and is
never sent full screen with ``showFullScreen()`` (which activates the window).
Closing the console takes it off the wall.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from PySide6.QtCore import QRect, QRectF, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPainter, QScreen
from PySide6.QtWidgets import QWidget

from cocommission.services.changes import Changes
from cocommission.ui.commands import Commander
from cocommission.ui.live.bid_totals_scene import BidTotalsScene
from cocommission.ui.live.join_scene import JoinScene
from cocommission.ui.live.outcomes_scene import OutcomesScene
from cocommission.ui.live.palette import DARK, ProjectorPalette, qcolor
from cocommission.ui.live.placement import preview_geometry
from cocommission.ui.live.ranking_scene import RankingScene
from cocommission.ui.live.scene import BlankScene, Canvas, Moment, Scene
from cocommission.ui.live.tender_scene import TenderSectionScene
from cocommission.ui.live.typography import Typography
from cocommission.ui.live.vote_scene import VoteScene
from cocommission.ui.live.welcome_scene import WelcomeScene
from cocommission.ui.pacing import PacedCall
from cocommission.ui.settings import Settings
from cocommission.wording import clock_text

#: The preview's size until it is placed (see live/placement.py): the wall at half size.
PREVIEW_SIZE = (960, 540)


class ProjectorWindow(QWidget):
    """A separate top-level window showing one scene for the room."""

    #: Emitted at the end of every paint of the current scene.
    painted = Signal()

    def __init__(
        self,
        commander: Commander,
        *,
        font_scale: float | None = None,
        settings: Settings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowDoesNotAcceptFocus)
        # The console keeps the keyboard: showing, filling or clicking the wall never takes it.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.commander = commander
        self.setWindowTitle(self.tr("CoCommission: projector"))
        self.setAccessibleName(self.tr("Projector"))
        # The window fills every pixel itself, so Qt need not clear it first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumSize(320, 180)
        self.resize(*PREVIEW_SIZE)
        self._palette = DARK
        # The wall text size is a setting: the window opens at the size the room was last given.
        self._settings = settings
        if font_scale is None:
            font_scale = settings.wall_font_scale if settings is not None else 1.0
        self._typography = Typography(self.font().family(), font_scale)
        self._scene: Scene = BlankScene(commander, self, self)
        self._stale = False
        self._commission_id: str | None = None
        self._countdown_end: float | None = None
        #: The name of the screen the window was last sent to full screen on (None: windowed).
        self.placed_on: str | None = None
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        # Reads the scene again in a turn of its own after a change, so neither the action that made
        # the change nor the paint that shows it also carries the read: the console keeps turning over.
        # Read in a turn of its own, and in a busy room (ballots from phones) ten times a second at most.
        self._reader = PacedCall(self._read_when_shown, self)
        #: When the scene last began to read what it shows (``time.perf_counter()``): a paint shows
        #: every change committed before then.
        self.read_at = 0.0
        commander.bus.changes_applied.connect(self._on_changes)

    # ------------------------------------------------------------------ placing

    def place(self, screens: Sequence[QScreen] | None = None) -> None:
        """Full screen on the second screen when there is one (screens default QGuiApplication.screens()), else a windowed preview."""
        screens = list(QGuiApplication.screens()) if screens is None else list(screens)
        if len(screens) > 1:
            target = screens[1]
            if isinstance(target, QScreen):
                self.setScreen(target)
            self.setGeometry(target.geometry())
            # Not showFullScreen(): it activates the window, taking the keyboard from the console.
            states = self.windowState() & ~(Qt.WindowState.WindowMinimized | Qt.WindowState.WindowMaximized)
            self.setWindowState(states | Qt.WindowState.WindowFullScreen)
            self.setVisible(True)
            self.placed_on = target.name()
            return
        if self.isFullScreen():
            self.showNormal()
        self.placed_on = None
        self._place_preview(screens[0].availableGeometry() if screens else None)
        self.show()

    def _place_preview(self, area: QRect | None = None) -> None:
        # Beside the console, never over it: see live/placement.py.
        if area is None:
            area = (self.screen() or QGuiApplication.primaryScreen()).availableGeometry()
        self.setGeometry(preview_geometry(area))

    # ------------------------------------------------------------------ look

    @property
    def font_scale(self) -> float:
        """How much larger than designed the wall's text is drawn."""
        return self._typography.font_scale

    def set_font_scale(self, font_scale: float) -> None:
        """Draw the wall's text ``font_scale`` times the designed size, and keep it as the wall text setting."""
        self._typography = Typography(self._typography.family, font_scale)
        if self._settings is not None:
            self._settings.wall_font_scale = font_scale
        self.update()

    def set_palette(self, palette: ProjectorPalette) -> None:
        """Use ``palette`` (palette.DARK or palette.LIGHT) for the wall."""
        self._palette = palette
        self.update()

    # ------------------------------------------------------------------ scenes

    def current_scene(self) -> Scene:
        """The scene on the wall now, with its data up to date."""
        if self._stale:
            self._refresh()
        return self._scene

    def show_welcome(self, *, commission_id: str, workshop_id: str | None = None) -> None:
        """The commission's title, the workshop's agenda with minutes, the clock and any countdown."""
        self._commission_id = commission_id
        self._switch(
            WelcomeScene(
                self.commander, self, commission_id=commission_id, workshop_id=workshop_id, parent=self
            )
        )

    def show_outcomes(self, *, commission_id: str) -> None:
        """The outcome statements still in play, numbered."""
        self._commission_id = commission_id
        self._switch(OutcomesScene(self.commander, self, commission_id=commission_id, parent=self))

    def show_vote(self, *, round_id: str) -> None:
        """A round's bars of dots and "7 of 9 have voted"; for hidden rounds only who has voted."""
        self._switch(VoteScene(self.commander, self, round_id=round_id, parent=self))

    def show_reveal(self, *, round_id: str) -> None:
        """A round's bars growing to the true totals (at once if revealed, else when it is revealed)."""
        self._switch(VoteScene(self.commander, self, round_id=round_id, reveal=True, parent=self))

    def show_ranking(self, *, round_id: str, method: str | None = None) -> None:
        """A round's places, best first, ties shown as ties; ``method`` counts a ranking round another way."""
        self._switch(RankingScene(self.commander, self, round_id=round_id, method=method, parent=self))

    def show_tender_section(self, *, section_id: str) -> None:
        """One tender section's heading and words in large type."""
        self._switch(
            TenderSectionScene(
                self.commander, self, section_id=section_id, commission_hint=self._commission_id, parent=self
            )
        )

    def show_bid_totals(self, *, commission_id: str) -> None:
        """The shortlisted bids' weighted totals, never who scored what."""
        self._commission_id = commission_id
        self._switch(BidTotalsScene(self.commander, self, commission_id=commission_id, parent=self))

    def show_join(self, *, url: str) -> None:
        """The room's address as a large QR code and in large type, for phones to join room voting."""
        self._switch(JoinScene(self.commander, self, url=url, parent=self))

    def show_blank(self) -> None:
        """Only the app's name, quietly (an address no longer served leaves the wall)."""
        self._switch(BlankScene(self.commander, self, self))

    def _switch(self, scene: Scene) -> None:
        old = self._scene
        old.stop()
        old.deleteLater()
        self._scene = scene
        scene.needs_repaint.connect(self.update)
        self._stale = False
        scene.reload()
        self._update_ticker()
        self.update()

    # ------------------------------------------------------------------ time

    def start_countdown(self, seconds: int) -> None:
        """Count down ``seconds`` on the wall (the welcome scene shows it large, others in a corner)."""
        self._countdown_end = time.monotonic() + max(0, int(seconds))
        self._update_ticker()
        self.update()

    def stop_countdown(self) -> None:
        """Take the countdown off the wall."""
        self._countdown_end = None
        self._update_ticker()
        self.update()

    def countdown_left(self) -> int | None:
        """Whole seconds left on the countdown (0 when time is up), None when there is none."""
        if self._countdown_end is None:
            return None
        # Rounded up, so "0:00" appears only when time is really up.
        return max(0, int(-(-(self._countdown_end - time.monotonic()) // 1)))

    def _update_ticker(self) -> None:
        if self._scene.shows_clock or self._countdown_end is not None:
            self._ticker.start()
        else:
            self._ticker.stop()

    def _tick(self) -> None:
        self.update()

    # ------------------------------------------------------------------ refreshing

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if not changes.touches(*self._scene.watches):
            return
        # Read in the next turn of the event loop: several entries committed in one turn cost one read,
        # the console's keystroke returns at once, and a hidden window reads nothing until it is shown.
        self._stale = True
        if self.isVisible():
            self._reader.request()
        else:
            self.update()

    def _read_when_shown(self) -> None:
        """Read the changed scene in a turn of its own, then ask for the paint that shows it."""
        if self._stale and self.isVisible():
            self._refresh()
        # The paint, too, in a turn of its own.
        QTimer.singleShot(0, self, self.update)

    def _refresh(self) -> None:
        self._stale = False
        self.read_at = time.perf_counter()
        self._scene.reload()

    def showEvent(self, event) -> None:
        # Closing stopped the clock; a window shown again (place()) starts it again when the scene needs it.
        self._update_ticker()
        super().showEvent(event)
        self.commander.bus.projector_shown.emit()

    def closeEvent(self, event) -> None:
        self._ticker.stop()
        self._reader.stop()
        self._scene.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------------ painting

    def _moment(self) -> Moment:
        return Moment(QTime.currentTime(), self.countdown_left())

    def _paint_frame(self, painter: QPainter, size_rect: QRectF, scene: Scene) -> Canvas:
        self._typography.set_height(size_rect.height())
        canvas = Canvas(painter, self._typography, self._palette)
        painter.fillRect(size_rect, qcolor(self._palette.background))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        t = self._typography
        margin_x, margin_y = t.length(80), t.length(56)
        content = size_rect.adjusted(margin_x, margin_y, -margin_x, -margin_y)
        moment = self._moment()
        if moment.countdown_left is not None and not scene.shows_clock:
            # Other scenes keep the countdown in a corner band, so a timed vote still shows its time.
            size = t.px(44)
            height = t.line_height(size, True)
            band = QRectF(content.x(), content.bottom() - height, content.width(), height)
            content.setBottom(band.top() - t.length(16))
            text = (
                self.tr("Time left {time}").format(time=clock_text(moment.countdown_left))
                if moment.countdown_left
                else self.tr("Time's up")
            )
            canvas.text(
                band, text, size, bold=True, colour=self._palette.accent, align=Qt.AlignmentFlag.AlignRight
            )
        scene.paint(canvas, content, moment)
        return canvas

    def paintEvent(self, event) -> None:
        # A read already coming (a busy room's next paced read) brings its own paint: this one shows
        # what was read last, a moment old, rather than read again inside the paint and make the frame long.
        if self._stale and not self._reader.timer.isActive():
            self._refresh()
        painter = QPainter(self)
        self._paint_frame(painter, QRectF(self.rect()), self._scene)
        painter.end()
        self.painted.emit()

    def texts_of(self, scene: Scene) -> list[str]:
        """Every string ``scene`` draws at the window's size (painted off screen), in drawing order."""
        if scene is self._scene and self._stale:
            self._refresh()
        image = QImage(self.size(), QImage.Format.Format_RGB32)
        painter = QPainter(image)
        canvas = self._paint_frame(painter, QRectF(image.rect()), scene)
        painter.end()
        return canvas.texts

    def grab_scene(self, width: int = 1920, height: int = 1080) -> QImage:
        """The current scene painted at ``width`` × ``height`` (for screenshots and handouts)."""
        if self._stale:
            self._refresh()
        image = QImage(width, height, QImage.Format.Format_RGB32)
        painter = QPainter(image)
        self._paint_frame(painter, QRectF(image.rect()), self._scene)
        painter.end()
        return image
