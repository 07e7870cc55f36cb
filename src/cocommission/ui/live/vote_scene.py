"""A live vote on the wall: bars of dots per option and how many have voted; the reveal animates them in.

Every option carries the key the console records it with (1–9, then A–Z), in
every state of the round, so the room can say "three" and the facilitator
presses 3. For a round made from the outcome statements that is also the
statement's number on the Outcomes page and the outcomes scene.

Privacy: while a round's results are hidden the wall lists the options, how
many have voted and who (by pseudonym), never a total, and the tally is not
even read. Once results show, the wall shows totals only and no names at all:
with names beside changing bars, the room could tell who had just voted for what.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QVariantAnimation

from cocommission.model import CountMethod, RoundState, VoteMethod
from cocommission.model.tallies import TallyResult
from cocommission.services.text import plural
from cocommission.services.voting import RoundProgress, RoundRow
from cocommission.services.voting_views import read_vote
from cocommission.ui.commands import Commander
from cocommission.ui.live.bars import BarPlan, BarRow, draw_bars, plan_bars
from cocommission.ui.live.dot_layout import SMALLEST_DOT, DotLayout, plan_dots
from cocommission.ui.live.option_keys import option_key
from cocommission.ui.live.ranking_scene import tie_note
from cocommission.ui.live.scene import (
    Canvas,
    ListItem,
    Moment,
    Scene,
    SceneHost,
    draw_heading,
    draw_list,
    list_height,
    plan_list,
)
from cocommission.ui.live.typography import SMALLEST
from cocommission.wording import numbered_label, on_screen, wall_number

#: How long the bars take to grow at a reveal.
REVEAL_MILLISECONDS = 1000


class VoteScene(Scene):
    """One round: "7 of 9 have voted" and either the bars (results visible) or who has voted (hidden)."""

    name = "vote"
    watches = ("ballot", "paper_tally", "vote_round", "vote_option", "participant")

    def __init__(
        self, commander: Commander, host: SceneHost, *, round_id: str, reveal: bool = False, parent=None
    ) -> None:
        super().__init__(commander, host, parent)
        self.round_id = round_id
        self.reveal = reveal
        self.round: RoundRow | None = None
        self.progress: RoundProgress | None = None
        self.tally: TallyResult | None = None
        #: Option id -> the number its bar shows (dots, approvals, points or mean score); empty while hidden.
        self.totals: dict[str, float] = {}
        #: How far the reveal has grown the bars, 0 to 1.
        self.growth = 1.0
        #: How the dots were last laid out (None: solid bars, or nothing drawn yet).
        self.dot_layout: DotLayout | None = None
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(REVEAL_MILLISECONDS)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._grow)
        if reveal:
            self.name = "reveal"

    # ------------------------------------------------------------------ what is shown

    @property
    def results_visible(self) -> bool:
        """Whether the wall shows results: live rounds always, hidden ones once revealed."""
        return self.round is not None and self.round.results_visible

    @property
    def voted_count(self) -> int:
        """How many people have voted."""
        return self.progress.ballots_cast if self.progress is not None else 0

    @property
    def eligible(self) -> int:
        """How many people can vote."""
        return self.progress.eligible_voters if self.progress is not None else 0

    @property
    def voters(self) -> tuple[str, ...]:
        """The pseudonyms of who has voted, shown only while the results are hidden."""
        if self.progress is None or self.results_visible:
            return ()
        return tuple(voter.pseudonym for voter in self.progress.voted)

    @property
    def numbered_options(self) -> tuple[tuple[str, str], ...]:
        """Each option's key on the console (1–9, then A–Z) and its words, in the round's order."""
        if self.round is None:
            return ()
        return tuple((option_key(index), option.label) for index, option in enumerate(self.round.options))

    @property
    def animating(self) -> bool:
        """Whether the bars are still growing after a reveal."""
        return self._animation.state() is QVariantAnimation.State.Running

    # ------------------------------------------------------------------ reading

    def load(self) -> None:
        first = self.round is None
        was_hidden = not first and not self.results_visible
        self.round, self.progress, self.tally = self.commander.read(read_vote, round_id=self.round_id)
        if self.tally is None:
            self.totals = {}
            return
        scores = self.tally.scores or {}
        # An option nobody scored has no total: it gets no bar, rather than one at 0 on a -2..2 scale.
        self.totals = {
            option.id: _plain(scores[option.id]) for option in self.round.options if option.id in scores
        }
        # The facilitator revealed with one action on the laptop: the wall grows the bars by itself.
        if was_hidden or (self.reveal and first):
            self.start_reveal()

    def clear(self) -> None:
        self.round, self.progress, self.tally, self.totals = None, None, None, {}

    def start_reveal(self) -> None:
        """Grow the bars from nothing to the true totals over about a second."""
        self._animation.stop()
        self.growth = 0.0
        self._animation.start()

    def seek_reveal(self, milliseconds: int) -> None:
        """Hold the reveal at ``milliseconds`` into its growth (a still of the animation, for screenshots)."""
        self._animation.stop()
        self._animation.setCurrentTime(max(0, min(milliseconds, REVEAL_MILLISECONDS)))
        self._grow(self._animation.currentValue())

    def stop(self) -> None:
        self._animation.stop()
        self.growth = 1.0

    def _grow(self, value: float) -> None:
        self.growth = float(value)
        self.needs_repaint.emit()

    # ------------------------------------------------------------------ painting

    def nothing_to_show(self) -> str:
        return self.tr("This vote cannot be shown")

    def _instructions(self) -> str:
        assert self.round is not None
        r = self.round
        if r.method is VoteMethod.DOTS:
            return plural(r.dots_per_person, self.tr("Each person has {count} dot"), self.tr("Each person has {count} dots"))
        if r.method is VoteMethod.APPROVAL:
            return self.tr("Tick every option you like")
        if r.method is VoteMethod.SCORE:
            return self.tr("Mean scores, from {low} to {high}").format(low=r.score_min, high=r.score_max)
        if r.count_method is CountMethod.BORDA:
            return self.tr("Points: more for higher places")
        if r.count_method is CountMethod.SCHULZE:
            return self.tr("How many others each beats head to head")
        return self.tr("Counted by instant run-off")

    def _state_note(self) -> str:
        assert self.round is not None
        if self.round.state is RoundState.DRAFT:
            return self.tr("Voting opens soon")
        if self.round.state is RoundState.CLOSED and not self.results_visible:
            return self.tr("Voting has closed: the reveal comes next")
        if self.round.state in (RoundState.CLOSED, RoundState.REVEALED):
            return self.tr("Voting has closed")
        return ""

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        if self.round is None:
            return
        t = canvas.type
        top = draw_heading(canvas, rect, self.round.title, spaced=False)
        # One line under the title: how to vote (or where the round is) on the left, the count on the right.
        count_size = t.px(56)
        count_height = t.line_height(count_size, True)
        line = QRectF(rect.x(), top + t.length(8), rect.width(), count_height)
        count = on_screen.progress(self.voted_count, self.eligible)
        count_width = t.width(count, count_size, True)
        canvas.text(line, count, count_size, bold=True, align=Qt.AlignmentFlag.AlignRight)
        left = QRectF(line.x(), line.y(), line.width() - count_width - t.length(48), line.height())
        note = self._state_note()
        if note:
            canvas.text(left, note, t.px(44), bold=True, colour=canvas.palette.accent)
        else:
            canvas.text(left, self._instructions(), t.px(40), colour=canvas.palette.quiet_text)
        top = line.bottom() + t.length(40)
        body = QRectF(rect.x(), top, rect.width(), rect.bottom() - top)
        if not self.results_visible:
            self._draw_hidden(canvas, body)
        elif self.tally is not None and self.tally.scores is None:
            self._draw_places(canvas, body)
        else:
            self._draw_bars(canvas, body)

    def _draw_hidden(self, canvas: Canvas, rect: QRectF) -> None:
        """The options, numbered and in their own order (never by votes), then who has voted so far."""
        t = canvas.type
        y = rect.y()
        y += canvas.paragraph(
            rect.x(),
            y,
            rect.width(),
            self.tr("The results stay hidden until the reveal"),
            t.px(48),
            bold=True,
            colour=canvas.palette.accent,
            max_lines=1,
        )
        y += t.length(24)
        items = [ListItem(key, label) for key, label in self.numbered_options]
        if items:
            # The options come first: who has voted keeps one line beneath them, the list takes the rest.
            below = t.line_height(t.px(40)) + t.length(48)
            height = max(rect.bottom() - y - below, 0.0)
            room = QRectF(rect.x(), y, rect.width(), height)
            plan = plan_list(t, items, room.width(), room.height(), max_columns=3)
            draw_list(canvas, room, items, plan)
            y += list_height(t, plan, room.height()) + t.length(24)
        rest = QRectF(rect.x(), y, rect.width(), rect.bottom() - y)
        names = self.voters
        if not names:
            canvas.paragraph(
                rest.x(), rest.y(), rest.width(), self.tr("Nobody has voted yet"), t.px(40),
                colour=canvas.palette.quiet_text, max_lines=1,
            )
            return
        _draw_chips(canvas, rest, names, lead=self.tr("Voted so far:"))

    def _draw_places(self, canvas: Canvas, rect: QRectF) -> None:
        """Instant run-off has no single number per option: its places are shown instead, ties as ties."""
        assert self.round is not None and self.tally is not None
        labels = dict(zip((option.id for option in self.round.options), self.numbered_options, strict=True))
        placed = on_screen.places(self.tally.ranking)
        items = [
            ListItem(placed[option_id], numbered_label(*labels[option_id]))
            for tier in self.tally.ranking
            for option_id in tier
        ]
        if not items:
            return
        if self.tally.lot_needed:
            # The places are not final until the lot is drawn: say so beneath them, as the ranking scene does.
            t = canvas.type
            note_size = t.px(36)
            note_height = t.line_height(note_size)
            canvas.text(
                QRectF(rect.x(), rect.bottom() - note_height, rect.width(), note_height),
                tie_note(self.tally),
                note_size,
                colour=canvas.palette.quiet_text,
            )
            rect = QRectF(rect.x(), rect.y(), rect.width(), rect.height() - note_height - t.length(24))
        draw_list(canvas, rect, items, plan_list(canvas.type, items, rect.width(), rect.height()))

    def _draw_bars(self, canvas: Canvas, rect: QRectF) -> None:
        assert self.round is not None
        t = canvas.type
        options = self.round.options
        if not options:
            return
        rows = [BarRow(label, marker=key) for key, label in self.numbered_options]
        scale = _Scale(self.round, self.totals, self.growth)
        plan = plan_bars(t, rows, rect.width(), rect.height())
        value_size = plan.size
        texts = self.tally.score_texts if self.tally is not None else {}
        value_width = max(
            t.width(text, value_size, True)
            for text in [*(wall_number(v) for v in self.totals.values()), *texts.values(), "88"]
        ) + t.length(24)

        def bar_width(plan: BarPlan) -> float:
            # The room draw_bars leaves for a bar, less the number after it.
            room = plan.column_width - plan.marker_width
            return (room if plan.above else room - plan.label_width - t.length(28)) - value_width

        layout = None
        if scale.counted:
            smallest = t.length(SMALLEST_DOT)
            layout = plan_dots(
                scale.high, bar_width(plan), smallest=smallest, biggest=max(plan.bar_height, smallest)
            )
            if layout is not None and layout.height > plan.bar_height + 0.5:
                # Dots wrapped onto more lines (or bars too thin for a countable dot): taller bars, if they fit.
                taller = plan_bars(t, rows, rect.width(), rect.height(), bar_height=layout.height)
                layout = plan_dots(
                    scale.high, bar_width(taller), smallest=smallest, biggest=layout.diameter
                )
                if taller.fits and layout is not None and layout.height <= taller.bar_height + 0.5:
                    plan = taller
                else:
                    layout = None
        self.dot_layout = layout
        value_step = t.line_height(value_size, True)

        def draw_bar(index: int, region: QRectF) -> None:
            option_id = options[index].id
            middle = region.center().y()
            height = region.height()
            if option_id not in self.totals:
                canvas.text(
                    QRectF(region.x(), middle - value_step / 2, region.width(), value_step),
                    self.tr("not scored"),
                    value_size,
                )
                return
            value = self.totals[option_id]
            if layout is None:
                # Too many dots to count from the back (or not a count at all): a solid bar and its number.
                track = QRectF(region.x(), region.y(), region.width() - value_width, height)
                canvas.fill(track, canvas.palette.track, height / 4)
                length = track.width() * scale.fraction(value)
                if length > 0:
                    canvas.fill(QRectF(track.x(), track.y(), length, height), canvas.palette.bar, height / 4)
                end = track.x() + length
            else:
                shown = scale.dots(value)
                lines = layout.lines_for(shown)
                # One line sits in the middle of its bar; wrapped lines start at the top, the number beside the first.
                first = region.y() + layout.diameter / 2 if layout.lines > 1 else middle
                middle = first
                for line in range(lines):
                    count = min(layout.per_line, shown - line * layout.per_line)
                    centre = first + line * layout.step
                    canvas.dots(region.x(), centre, count, layout.diameter, layout.step, canvas.palette.bar)
                end = region.x() + min(shown, layout.per_line) * layout.step
            canvas.text(
                QRectF(end + t.length(12), middle - value_step / 2, value_width, value_step),
                # Once grown, the count's own text: exact enough to explain the order (0.625 above 0.615).
                texts.get(option_id, wall_number(value)) if self.growth >= 1 else wall_number(scale.grown(value)),
                value_size,
                bold=True,
            )

        draw_bars(canvas, rect, rows, plan, draw_bar)


def _plain(value: float) -> float:
    """Whole totals as ints (dots, approvals, points), so 12.0 reads and compares as 12."""
    return int(value) if float(value).is_integer() else float(value)


class _Scale:
    """How long a bar is for a value, and how many dots, as the reveal grows them."""

    def __init__(self, vote_round: RoundRow, totals: dict[str, float], growth: float) -> None:
        self.round = vote_round
        self.growth = growth
        self.counted = vote_round.method in (VoteMethod.DOTS, VoteMethod.APPROVAL)
        if vote_round.method is VoteMethod.SCORE:
            self.low, self.high = float(vote_round.score_min), float(vote_round.score_max)
        else:
            self.low, self.high = 0.0, float(max([*totals.values(), 1]))

    def fraction(self, value: float) -> float:
        """How much of the bar ``value`` fills, grown by the reveal."""
        if self.high <= self.low:
            return 0.0
        return max(0.0, min(1.0, (value - self.low) / (self.high - self.low))) * self.growth

    def dots(self, value: float) -> int:
        """How many dots to draw for ``value`` so far into the reveal."""
        return math.floor(value * self.growth + 1e-9)

    def grown(self, value: float) -> float:
        """The number to print so far into the reveal: it counts up to the true total."""
        if self.growth >= 1.0:
            return value
        if float(value).is_integer():
            return math.floor(value * self.growth + 1e-9)
        return round(value * self.growth, 1)


def _draw_chips(canvas: Canvas, rect: QRectF, names: tuple[str, ...], *, lead: str = "") -> None:
    """Pseudonyms as rounded labels flowing across the wall after ``lead``, smaller when there are many."""
    t = canvas.type
    for design in (60, 56, 52, 48, 44, 40, 36, 32, 28, SMALLEST, 22, 18):
        size = t.px(design)
        pad, gap = t.length(20), t.length(18)
        height = t.line_height(size) + t.length(12)
        lead_width = t.width(lead, size) + gap if lead else 0.0
        x, y = rect.x() + lead_width, rect.y()
        placed: list[tuple[QRectF, str]] = []
        for name in names:
            width = min(t.width(name, size) + 2 * pad, rect.width())
            if x > rect.x() and x + width > rect.right():
                x, y = rect.x(), y + height + gap
            placed.append((QRectF(x, y, width, height), name))
            x += width + gap
        if y + height <= rect.bottom() or design == 18:
            break
    if lead:
        canvas.text(
            QRectF(rect.x(), rect.y(), lead_width, height), lead, size, colour=canvas.palette.quiet_text
        )
    for chip, name in placed:
        if chip.bottom() > rect.bottom() + 0.5:
            break
        canvas.fill(chip, canvas.palette.track, chip.height() / 2)
        canvas.text(chip, name, size, align=Qt.AlignmentFlag.AlignHCenter)
