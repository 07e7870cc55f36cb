"""The shortlisted bids' weighted totals as bars, best first, ties shown as ties.

Only the totals reach the wall: never a panellist's own score, nor who scored what.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt

from cocommission.model.scoring import BidResult
from cocommission.services.bid_views import read_bid_totals
from cocommission.services.bids import BidRow
from cocommission.ui.commands import Commander
from cocommission.ui.live.bars import BarRow, draw_bars, plan_bars
from cocommission.ui.live.scene import Canvas, Moment, Scene, SceneHost, draw_heading
from cocommission.wording import on_screen, wall_number


class BidTotalsScene(Scene):
    """Each shortlisted bid's place, title, organisation and weighted total out of 100."""

    name = "bids"
    watches = ("bid", "bidder", "score", "moderated_score", "criterion", "conflict", "tender")

    def __init__(self, commander: Commander, host: SceneHost, *, commission_id: str, parent=None) -> None:
        super().__init__(commander, host, parent)
        self.commission_id = commission_id
        self.bids: dict[str, BidRow] = {}
        self.results: tuple[BidResult, ...] = ()
        self.ranking: tuple[tuple[str, ...], ...] = ()
        #: Bid id -> weighted total (out of 100 when the weights add up to 100).
        self.totals: dict[str, float] = {}
        #: Bid id -> place ("1st", "=2nd").
        self.places: dict[str, str] = {}

    def load(self) -> None:
        evaluation, shortlisted = self.commander.read(read_bid_totals, commission_id=self.commission_id)
        self.bids = {bid.id: bid for bid in shortlisted}
        self.results = evaluation.result.bids
        self.ranking = evaluation.result.ranking
        self.totals = {result.bid_id: result.weighted_total for result in self.results}
        self.places = on_screen.places(self.ranking)

    def clear(self) -> None:
        self.bids, self.results, self.ranking, self.totals, self.places = {}, (), (), {}, {}

    def nothing_to_show(self) -> str:
        return self.tr("The bid scores are not ready to show yet")

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        t = canvas.type
        top = draw_heading(
            canvas, rect, self.tr("Bid scores"), self.tr("Weighted totals out of 100 from the panel's scores")
        )
        order = [bid_id for tier in self.ranking for bid_id in tier if bid_id in self.bids]
        if not order:
            canvas.paragraph(
                rect.x(),
                top,
                rect.width(),
                self.tr("No bids have been shortlisted yet"),
                t.px(48),
                colour=canvas.palette.quiet_text,
            )
            return
        complete = {result.bid_id: result.complete for result in self.results}
        has_ties = any(len(tier) > 1 for tier in self.ranking)
        bottom = rect.bottom()
        if has_ties or not all(complete.values()):
            note_size = t.px(36)
            note_height = t.line_height(note_size)
            bottom -= note_height
            notes = []
            if has_ties:
                notes.append(self.tr("“=” marks a tie. Ties are not broken: the panel decides."))
            if not all(complete.values()):
                notes.append(self.tr("* still being scored"))
            canvas.text(
                QRectF(rect.x(), bottom, rect.width(), note_height),
                "   ".join(notes),
                note_size,
                colour=canvas.palette.quiet_text,
            )
            bottom -= t.length(24)
        body = QRectF(rect.x(), top, rect.width(), bottom - top)
        rows = [
            BarRow(self.bids[bid_id].title, self.places[bid_id], self.bids[bid_id].bidder_name)
            for bid_id in order
        ]
        plan = plan_bars(t, rows, body.width(), body.height(), bold=True)
        high = max([100.0, *self.totals.values()])
        value_size = plan.size
        value_width = t.width("100.0*", value_size, True) + t.length(24)
        value_step = t.line_height(value_size, True)

        def draw_bar(index: int, region: QRectF) -> None:
            bid_id = order[index]
            height = region.height()
            track = QRectF(region.x(), region.y(), region.width() - value_width, height)
            canvas.fill(track, canvas.palette.track, height / 4)
            length = track.width() * max(0.0, self.totals[bid_id]) / high
            if length > 0:
                canvas.fill(QRectF(track.x(), track.y(), length, height), canvas.palette.bar, height / 4)
            mark = "" if complete.get(bid_id, True) else "*"
            canvas.text(
                QRectF(
                    region.right() - value_width,
                    region.center().y() - value_step / 2,
                    value_width,
                    value_step,
                ),
                wall_number(self.totals[bid_id]) + mark,
                value_size,
                bold=True,
                align=Qt.AlignmentFlag.AlignRight,
            )

        draw_bars(canvas, body, rows, plan, draw_bar)
