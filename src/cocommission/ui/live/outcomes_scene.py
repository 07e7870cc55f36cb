"""The outcome statements the group is working with, numbered, as large as they fit.

The numbers are the statements' own (``OutcomeRow.number``), the ones the Outcomes
page shows and a vote made from the statements uses as its keys.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from cocommission.services import outcomes
from cocommission.services.outcomes import IN_PLAY, OutcomeRow
from cocommission.ui.commands import Commander
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


class OutcomesScene(Scene):
    """The commission's statements still in play (neither merged away nor dropped), in list order."""

    name = "outcomes"
    watches = ("outcome", "commission")

    def __init__(self, commander: Commander, host: SceneHost, *, commission_id: str, parent=None) -> None:
        super().__init__(commander, host, parent)
        self.commission_id = commission_id
        self.outcomes: tuple[OutcomeRow, ...] = ()

    def load(self) -> None:
        rows = self.commander.read(
            outcomes.list_outcomes, commission_id=self.commission_id, include_merged=False
        )
        # Who proposed a statement is never read onto the wall: only the words.
        self.outcomes = tuple(row for row in rows if row.status in IN_PLAY)

    def clear(self) -> None:
        self.outcomes = ()

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        top = draw_heading(canvas, rect, self.tr("What the service should achieve"))
        body = QRectF(rect.x(), top, rect.width(), rect.bottom() - top)
        if not self.outcomes:
            canvas.paragraph(
                body.x(),
                body.y(),
                body.width(),
                self.tr("No outcome statements yet"),
                canvas.type.px(48),
                colour=canvas.palette.quiet_text,
            )
            return
        items = [ListItem(str(row.number), row.text) for row in self.outcomes]
        draw_list(canvas, body, items, plan_list(canvas.type, items, body.width(), body.height()))
