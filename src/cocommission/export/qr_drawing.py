"""Drawing a QR code on a PDF page as vector shapes, so it stays sharp on any printer.

The feedback sheets and the join cards both draw their QR codes square by square from the
``qrcode`` package's matrix: one rectangle per run of dark modules, all in one path, so no
seams show between them.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas


def draw_qr_matrix(canvas: Canvas, matrix: list[list[bool]], *, left: float, top: float, module: float) -> float:
    """Draw ``matrix`` (quiet zone included) with its top-left corner at (left, top); returns its width."""
    count = len(matrix)
    path = canvas.beginPath()
    for row, cells in enumerate(matrix):
        column = 0
        while column < count:
            if not cells[column]:
                column += 1
                continue
            start = column
            while column < count and cells[column]:
                column += 1
            path.rect(left + start * module, top - (row + 1) * module, (column - start) * module, module)
    canvas.saveState()
    canvas.setFillColor(colors.black)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
    return module * count
