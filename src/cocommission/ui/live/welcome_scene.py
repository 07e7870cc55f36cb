"""The wall as people arrive: the commission's name, today's agenda with minutes, the time and a countdown."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt

from cocommission.model.base import today as todays_date
from cocommission.services import commissions
from cocommission.services.workshops import AgendaItemRow, WorkshopRow, get_workshop, list_workshops
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
from cocommission.wording import clock_text, on_screen


def _todays_workshop(workshops: tuple[WorkshopRow, ...]) -> WorkshopRow | None:
    """The workshop on today or the next one coming; the last one when all are past."""
    today = todays_date()
    coming = [w for w in workshops if w.held_on is not None and w.held_on >= today]
    if coming:
        return min(coming, key=lambda w: (w.held_on, w.number))
    return workshops[-1] if workshops else None


class WelcomeScene(Scene):
    """Title, agenda (items and minutes), the clock and, when started, the countdown."""

    name = "welcome"
    watches = ("commission", "workshop")
    shows_clock = True

    def __init__(
        self,
        commander: Commander,
        host: SceneHost,
        *,
        commission_id: str,
        workshop_id: str | None = None,
        parent=None,
    ) -> None:
        super().__init__(commander, host, parent)
        self.commission_id = commission_id
        self.workshop_id = workshop_id
        self.title = ""
        self.workshop: WorkshopRow | None = None

    @property
    def agenda(self) -> tuple[AgendaItemRow, ...]:
        """The agenda items shown, in order."""
        return self.workshop.agenda if self.workshop is not None else ()

    def load(self) -> None:
        self.title = self.commander.read(commissions.get_commission, commission_id=self.commission_id).title
        if self.workshop_id is not None:
            self.workshop = self.commander.read(get_workshop, workshop_id=self.workshop_id)
        else:
            self.workshop = _todays_workshop(
                self.commander.read(list_workshops, commission_id=self.commission_id)
            )

    def clear(self) -> None:
        self.title, self.workshop = "", None

    def _workshop_line(self) -> str:
        if self.workshop is None:
            return ""
        if self.workshop.title:
            return self.tr("Workshop {number}: {title}").format(
                number=self.workshop.number, title=self.workshop.title
            )
        return self.tr("Workshop {number}").format(number=self.workshop.number)

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        t = canvas.type
        clock_width = rect.width() * 0.3
        left = QRectF(rect.x(), rect.y(), rect.width() - clock_width - t.length(64), rect.height())
        top = draw_heading(canvas, left, self.title, self._workshop_line())
        body = QRectF(left.x(), top, left.width(), rect.bottom() - top)
        if self.agenda:
            canvas.text(
                QRectF(body.x(), body.y(), body.width(), t.line_height(t.px(44), True)),
                self.tr("Agenda"),
                t.px(44),
                bold=True,
                colour=canvas.palette.quiet_text,
            )
            body.setTop(body.y() + t.line_height(t.px(44), True) + t.length(16))
            items = [
                ListItem(str(item.position), item.title, on_screen.duration(item.minutes))
                for item in self.agenda
            ]
            plan = plan_list(t, items, body.width(), body.height(), max_columns=1)
            draw_list(canvas, body, items, plan)
        self._draw_time(
            canvas, QRectF(rect.right() - clock_width, rect.y(), clock_width, rect.height()), moment
        )

    def _draw_time(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        t = canvas.type
        right = Qt.AlignmentFlag.AlignRight
        clock_size = t.px(120)
        clock_height = t.line_height(clock_size, True)
        canvas.text(
            QRectF(rect.x(), rect.y(), rect.width(), clock_height),
            moment.clock.toString("HH:mm"),
            clock_size,
            bold=True,
            align=right,
        )
        if moment.countdown_left is None:
            return
        label_size = t.px(44)
        label_height = t.line_height(label_size)
        count_size = t.px(150)
        count_height = t.line_height(count_size, True)
        y = rect.y() + rect.height() * 0.45
        if moment.countdown_left > 0:
            canvas.text(
                QRectF(rect.x(), y, rect.width(), label_height),
                self.tr("Time left"),
                label_size,
                colour=canvas.palette.quiet_text,
                align=right,
            )
            canvas.text(
                QRectF(rect.x(), y + label_height, rect.width(), count_height),
                clock_text(moment.countdown_left),
                count_size,
                bold=True,
                colour=canvas.palette.accent,
                align=right,
            )
        else:
            canvas.text(
                QRectF(rect.x(), y + label_height, rect.width(), count_height),
                self.tr("Time's up"),
                t.px(96),
                bold=True,
                colour=canvas.palette.accent,
                align=right,
            )
