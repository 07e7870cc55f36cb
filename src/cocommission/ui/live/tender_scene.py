"""One section of the tender in large type, as the group writes it together."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from cocommission.services.tender_views import find_section
from cocommission.ui.commands import Commander
from cocommission.ui.live.scene import Canvas, Moment, Scene, SceneHost
from cocommission.ui.live.typography import SMALLEST

_BODY_SIZES = (56, 52, 48, 44, 40, 36, 32, 30, 28, SMALLEST)


def _readable(body: str) -> str:
    """The body as the wall shows it: Markdown-style list marks become bullets."""
    lines = []
    for line in body.splitlines():
        stripped = line.lstrip()
        if stripped[:2] in ("- ", "* "):
            line = line[: len(line) - len(stripped)] + "• " + stripped[2:]
        lines.append(line)
    return "\n".join(lines).strip()


class TenderSectionScene(Scene):
    """The section's heading and its words, wrapped, as large as they fit (two columns for long sections)."""

    name = "tender"
    watches = ("tender", "tender_section")

    def __init__(
        self,
        commander: Commander,
        host: SceneHost,
        *,
        section_id: str,
        commission_hint: str | None = None,
        parent=None,
    ) -> None:
        super().__init__(commander, host, parent)
        self.section_id = section_id
        self.commission_id = commission_hint
        self.tender_title = ""
        self.heading = ""
        self.body = ""

    def load(self) -> None:
        self.commission_id, self.tender_title, section = self.commander.read(
            find_section, section_id=self.section_id, commission_hint=self.commission_id
        )
        self.heading, self.body = section.heading, section.body

    def clear(self) -> None:
        self.tender_title, self.heading, self.body = "", "", ""

    def nothing_to_show(self) -> str:
        return self.tr("This part of the tender cannot be shown")

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        t = canvas.type
        y = rect.y()
        y += canvas.paragraph(
            rect.x(),
            y,
            rect.width(),
            self.tender_title,
            t.px(36),
            colour=canvas.palette.quiet_text,
            max_lines=1,
        )
        y += t.length(8)
        y += canvas.paragraph(rect.x(), y, rect.width(), self.heading, t.px(72), bold=True, max_lines=2)
        y += t.length(36)
        body = QRectF(rect.x(), y, rect.width(), rect.bottom() - y)
        text = _readable(self.body)
        if not text:
            canvas.paragraph(
                body.x(),
                body.y(),
                body.width(),
                self.tr("Nothing written here yet"),
                t.px(48),
                colour=canvas.palette.quiet_text,
            )
            return
        size, columns = self._fit(canvas, text, body)
        gap = t.length(72)
        width = (body.width() - gap * (columns - 1)) / columns
        step = t.line_height(size)
        lines = t.wrap(text, size, width)
        per_column = max(1, int(body.height() // step))
        shown = lines[: per_column * columns]
        if len(lines) > len(shown):
            # More than fits even at the smallest size: say so rather than cut off silently.
            shown = (*shown[:-1], t.elide(shown[-1] + " …", size, width))
        for index, line in enumerate(shown):
            column, row = divmod(index, per_column)
            canvas.text(
                QRectF(body.x() + column * (width + gap), body.y() + row * step, width, step), line, size
            )

    @staticmethod
    def _fit(canvas: Canvas, text: str, body: QRectF) -> tuple[int, int]:
        """The largest size at which the text fits, in one column while it stays large, else two."""
        t = canvas.type
        gap = t.length(72)
        for columns, sizes in ((1, [s for s in _BODY_SIZES if s >= 40]), (2, list(_BODY_SIZES))):
            width = (body.width() - gap * (columns - 1)) / columns
            for design in sizes:
                size = t.px(design)
                per_column = int(body.height() // t.line_height(size))
                if len(t.wrap(text, size, width)) <= per_column * columns:
                    return size, columns
        return t.px(_BODY_SIZES[-1]), 2
