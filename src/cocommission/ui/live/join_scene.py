"""The wall while room voting is on: a large QR code of the room's address, and the address to type.

Participants at the back of the room must be able to scan the code with a
phone camera and read the address: the code fills most of the wall's height,
each of its squares drawn as a whole number of pixels with no smoothing, and
always dark on white with a quiet border (phone cameras read light-on-dark
codes badly, so a dark palette does not invert it). The wall shows nothing
else: never the PIN the facilitator reads out, and nothing about who has joined.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from cocommission.ui.commands import Commander
from cocommission.ui.live.scene import Canvas, Moment, Scene, SceneHost
from cocommission.ui.live.typography import Typography

#: The white border around the code, in squares: the four the QR standard asks for.
QUIET_ZONE = 4


@lru_cache(maxsize=4)
def qr_image(text: str) -> QImage:
    """``text`` as a QR code, one image pixel per square (quiet border included), black on white.

    Medium error correction keeps the squares large (a short address needs a small code)
    while a smudge or glare on part of the wall still scans.
    """
    # Loaded only when a Join scene is shown: starting the app need not load the QR code maker.
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=QUIET_ZONE)
    code.add_data(text)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    image = QImage(size, size, QImage.Format.Format_RGB32)
    white, black = QColor("#FFFFFF").rgb(), QColor("#000000").rgb()
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            image.setPixel(x, y, black if dark else white)
    return image


def shown_address(url: str) -> str:
    """The address as people type it: without the scheme's ``http://`` and the trailing slash."""
    shown = url.removeprefix("http://").removeprefix("https://")
    return shown.removesuffix("/")


def _largest_fitting(t: Typography, text: str, designs: tuple[int, ...], width: float) -> int:
    """The real size of the largest of ``designs`` at which bold ``text`` fits ``width`` on one line (else the smallest)."""
    for design in designs:
        if t.width(text, t.px(design), True) <= width:
            return t.px(design)
    return t.px(designs[-1])


class JoinScene(Scene):
    """The room's address as a QR code on the left and in large type on the right, with one line of help."""

    name = "join"

    def __init__(self, commander: Commander, host: SceneHost, *, url: str, parent=None) -> None:
        super().__init__(commander, host, parent)
        self.url = url

    def draw(self, canvas: Canvas, rect: QRectF, moment: Moment) -> None:
        t = canvas.type
        code = qr_image(self.url)
        # The largest whole number of screen pixels per square that fits the wall's height.
        side_limit = min(rect.height(), rect.width() * 0.5)
        scale = max(1, int(side_limit // code.width()))
        side = code.width() * scale
        square = QRectF(rect.x(), rect.y() + (rect.height() - side) / 2, side, side)
        painter = canvas.painter
        hints = painter.renderHints()
        # Sharp squares: no smoothing when the one-pixel-per-square image is scaled up.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(square, code)
        painter.setRenderHints(hints)

        gap = t.length(80)
        text_x = square.right() + gap
        width = rect.right() - text_x
        heading = self.tr("Vote from your phone")
        address = shown_address(self.url)
        # Each on one line, in the largest type that fits (the address must never break or be cut short).
        heading_size = _largest_fitting(t, heading, (72, 64, 56, 48, 40), width)
        address_size = _largest_fitting(t, address, (110, 100, 90, 80, 72, 64, 56, 48, 40), width)
        help_size = t.px(56)
        heading_height = t.line_height(heading_size, True)
        help_lines = t.wrap(self.instructions(), help_size, width)
        help_height = t.line_height(help_size) * len(help_lines)
        address_height = t.line_height(address_size, True)
        block = heading_height + t.length(40) + help_height + t.length(56) + address_height
        y = rect.y() + max(0.0, (rect.height() - block) / 2)
        canvas.text(QRectF(text_x, y, width, heading_height), heading, heading_size, bold=True)
        y += heading_height + t.length(40)
        y += canvas.paragraph(text_x, y, width, self.instructions(), help_size, colour=canvas.palette.quiet_text)
        y += t.length(56)
        canvas.paragraph(text_x, y, width, address, address_size, bold=True)

    def instructions(self) -> str:
        """The one line of help under the heading."""
        return self.tr("Scan to vote, or type this address")
