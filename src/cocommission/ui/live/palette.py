"""Colours for the wall: high-contrast text and the colour-blind-safe Okabe–Ito hues for bars.

Okabe and Ito chose eight colours that people with any common kind of colour
blindness can still tell apart. The projector uses only those for anything
that carries meaning, and pairs them with text so colour is never the only cue.
Text is white on near-black or near-black on white: both stay readable when a
projector washes colours out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtGui import QColor

#: The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2008).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}


@dataclass(frozen=True)
class ProjectorPalette:
    """The colours one look of the wall uses, as ``#RRGGBB``."""

    name: str
    background: str
    #: Headings and everything people must read.
    text: str
    #: Secondary words (units, notes); still at least 7:1 against the background.
    quiet_text: str
    #: Dots and bars.
    bar: str
    #: The empty track a bar runs along, so short bars still show where the scale is.
    track: str
    #: What needs attention: the countdown, "results hidden", tied places.
    accent: str


#: White on near-black: less glare in a dim room and the default.
DARK = ProjectorPalette(
    name="dark",
    background="#111216",
    text="#FFFFFF",
    quiet_text="#D9D9D9",
    bar=OKABE_ITO["sky_blue"],
    track="#2B2D33",
    accent=OKABE_ITO["orange"],
)

#: Near-black on white: for bright rooms where a projector cannot get dark enough.
LIGHT = ProjectorPalette(
    name="light",
    background="#FFFFFF",
    text="#111111",
    quiet_text="#333333",
    bar=OKABE_ITO["blue"],
    track="#E6E6E6",
    accent=OKABE_ITO["vermillion"],
)

PALETTES: dict[str, ProjectorPalette] = {DARK.name: DARK, LIGHT.name: LIGHT}


@cache
def qcolor(hex_colour: str) -> QColor:
    """The QColor for ``#RRGGBB``, made once (painting asks for the same few colours every frame)."""
    return QColor(hex_colour)


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``: 0 for black, 1 for white."""
    colour = QColor(hex_colour)
    return 0.2126 * _linear(colour.red()) + 0.7152 * _linear(colour.green()) + 0.0722 * _linear(colour.blue())


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
