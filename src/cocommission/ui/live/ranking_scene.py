"""A round's result as places, best first; tied options share a place ("=2nd") and are never split."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from cocommission.model import CountMethod
from cocommission.model.tallies import TallyResult
from cocommission.services.voting import RoundRow
from cocommission.services.voting_views import read_ranking
from cocommission.ui.commands import Commander
from cocommission.ui.live.option_keys import option_key
from cocommission.ui.live.scene import (
    Canvas,
    ListItem,
    Moment,
    Scene,
    SceneHost,
    draw_heading,
    draw_list,
    plan_list,
)
from cocommission.wording import numbered_label, on_screen, translator

_tr = translator("RankingScene")


def count_name(count: str) -> str:
    """How a result was counted, in the room's words."""
    return {
        CountMethod.DOTS.value: _tr("Counted by total dots"),
        CountMethod.BORDA.value: _tr("Counted by Borda points: more for higher places"),
        CountMethod.SCHULZE.value: _tr("Counted by Schulze: head-to-head wins"),
        CountMethod.IRV.value: _tr("Counted by instant run-off"),
        CountMethod.APPROVAL.value: _tr("Counted by how many ticked each option"),
        CountMethod.SCORE.value: _tr("Counted by mean score"),
    }.get(count, "")


def tie_note(tally: TallyResult) -> str:
    """What "=" means on the wall: a tie the group decides, or places an instant run-off's lot will settle."""
    if not tally.lot_needed:
        return _tr("“=” marks a tie. Ties are not broken: the group decides.")
    if tally.winner_known:
        return _tr("“=” marks places that wait for a lot the facilitator draws.")
    return _tr("No winner yet: “=” marks places that wait for a lot the facilitator draws.")


class RankingScene(Scene):
    """The places of a round's options, counted by the round's method or another suited to it."""

    name = "ranking"
    watches = ("ballot", "paper_tally", "vote_round", "vote_option")

    def __init__(
        self, commander: Commander, host: SceneHost, *, round_id: str, method: str | None = None, parent=None
    ) -> None:
        super().__init__(commander, host, parent)
        self.round_id = round_id
        self.method = method
        self.round: RoundRow | None = None
        self.tally: TallyResult | None = None
        self.voted_count = 0
        self.eligible = 0
        #: Option id -> its place ("1st", "=2nd"); empty while the results are hidden.
        self.places: dict[str, str] = {}

    @property
    def results_visible(self) -> bool:
        """Whether the wall may show the result yet."""
        return self.round is not None and self.round.results_visible

    @property
    def tiers(self) -> tuple[tuple[str, ...], ...]:
        """Option ids in tiers, best first; a tier of several is a tie."""
        return self.tally.ranking if self.tally is not None else ()

    def load(self) -> None:
        self.round, self.tally = self.commander.read(read_ranking, round_id=self.round_id, method=self.method)
        self.voted_count, self.eligible = self.round.ballots_cast, self.round.eligible_voters
        self.places = on_screen.places(self.tally.ranking) if self.tally is not None else {}

    def clear(self) -> None:
        self.round, self.tally, self.places = None, None, {}

    def nothing_to_show(self) -> str:
        return self.tr("This result cannot be shown")

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        if self.round is None:
            return
        t = canvas.type
        counted = self.tally.method if self.tally is not None else ""
        top = draw_heading(canvas, rect, self.round.title, count_name(counted))
        if self.tally is None:
            y = top + canvas.paragraph(
                rect.x(),
                top,
                rect.width(),
                self.tr("The results stay hidden until the reveal"),
                t.px(52),
                bold=True,
                colour=canvas.palette.accent,
            )
            canvas.paragraph(
                rect.x(),
                y + t.length(24),
                rect.width(),
                on_screen.progress(self.voted_count, self.eligible),
                t.px(48),
            )
            return
        # Each option keeps the key it had on the vote scene and the console, so "B" is still B here.
        labels = {
            option.id: numbered_label(option_key(index), option.label)
            for index, option in enumerate(self.round.options)
        }
        texts = self.tally.score_texts
        items = [
            ListItem(
                self.places[option_id],
                labels[option_id],
                on_screen.score_note(counted, texts[option_id]) if texts else "",
            )
            for tier in self.tally.ranking
            for option_id in tier
        ]
        bottom = rect.bottom()
        if self.tally.ties:
            note_size = t.px(36)
            note_height = t.line_height(note_size)
            bottom -= note_height
            canvas.text(
                QRectF(rect.x(), bottom, rect.width(), note_height),
                tie_note(self.tally),
                note_size,
                colour=canvas.palette.quiet_text,
            )
            bottom -= t.length(24)
        body = QRectF(rect.x(), top, rect.width(), bottom - top)
        if items:
            draw_list(canvas, body, items, plan_list(t, items, body.width(), body.height()))
