"""How big the wall's dots can be: one line of sticky dots per option, wrapped onto more lines when needed.

A dot the back row cannot count is worse than no dot: below the smallest size
the vote scene draws a solid bar with the number instead. This module is plain
arithmetic (no Qt), so the rule "never smaller than 28 px on a 1080p wall" can
be tested on its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: The smallest dot, in design pixels of a 1080-pixel-high wall: about 8 cm on a 3 m screen.
SMALLEST_DOT = 28
#: Space between dots, as a share of the distance from one dot's centre to the next.
GAP_SHARE = 0.2
#: Dots are laid out as if there were at least this many, so the first votes do not show as giant discs.
ROOM_FOR_AT_LEAST = 10
#: The most lines one option's dots may wrap onto before a solid bar is drawn instead.
MOST_LINES = 3


@dataclass(frozen=True)
class DotLayout:
    """Dots of ``diameter``, ``step`` apart (centre to centre, along a line and down), ``per_line`` to a line."""

    diameter: float
    step: float
    per_line: int
    lines: int

    @property
    def height(self) -> float:
        """How tall the dots of the largest total stand."""
        return (self.lines - 1) * self.step + self.diameter

    def lines_for(self, count: int) -> int:
        """How many lines ``count`` dots take."""
        return math.ceil(count / self.per_line) if count > 0 else 0


def plan_dots(
    largest: float, width: float, *, smallest: float, biggest: float, most_lines: int = MOST_LINES
) -> DotLayout | None:
    """The biggest dots (no bigger than ``biggest``) for ``largest`` dots in ``width``, on as few lines as can be.

    Each option's dots stay on one line while the dots can be at least ``smallest``
    across; past that they wrap onto up to ``most_lines`` lines. None: even then
    they would be smaller than ``smallest``, so a solid bar with the number suits better.
    """
    count = max(math.ceil(largest), ROOM_FOR_AT_LEAST)
    if width <= 0 or biggest < smallest:
        return None
    for lines in range(1, most_lines + 1):
        per_line = math.ceil(count / lines)
        # per_line dots need (per_line - 1) steps plus one diameter: width = step * (per_line - GAP_SHARE).
        step = width / (per_line - GAP_SHARE)
        diameter = min(biggest, step * (1 - GAP_SHARE))
        if diameter >= smallest - 1e-9:
            return DotLayout(diameter, diameter / (1 - GAP_SHARE), per_line, math.ceil(largest / per_line) or 1)
    return None
