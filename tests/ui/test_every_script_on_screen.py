"""Names and outcomes in every script the room writes are drawn from real glyphs, not empty boxes,
in the window and on the projector, from the fonts the app ships (a school laptop may have none)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout
from PySide6.QtWidgets import QApplication

from cocommission.ui.live.typography import Typography
from cocommission.ui.style import load_shipped_fonts

#: A name or outcome in each script, and the shipped family expected to draw it.
WRITTEN = (
    ("प्रियंका", "Noto Sans Devanagari"),
    ("عائشہ خان", "Noto Sans Arabic"),
    ("مريم", "Noto Sans Arabic"),
    ("রাহেলা বেগম", "Noto Sans Bengali"),
    ("ਗੁਰਪ੍ਰੀਤ ਕੌਰ", "Noto Sans Gurmukhi"),
    ("પ્રિયા પટેલ", "Noto Sans Gujarati"),
    ("தமிழ்செல்வி", "Noto Sans Tamil"),
    ("李小龙", "Droid Sans Fallback"),
    ("😀", "Symbola"),
)


def _glyph_runs(text: str, font: QFont) -> list[tuple[str, list[int]]]:
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return [(run.rawFont().familyName().casefold(), list(run.glyphIndexes())) for run in layout.glyphRuns()]


@pytest.fixture
def fallbacks(qapp) -> list[str]:
    return load_shipped_fonts()


@pytest.mark.parametrize(("text", "family"), WRITTEN)
def test_window_text_in_every_script_comes_from_a_shipped_font(fallbacks, text, family):
    """Each letter is a real glyph (never glyph 0, the empty box) of the shipped font for its script."""
    assert family in fallbacks
    runs = _glyph_runs(text, QApplication.font())
    letters = [(name, glyphs) for name, glyphs in runs if name != QApplication.font().family().casefold()]
    assert all(0 not in glyphs for _, glyphs in runs), runs
    assert family.casefold() in {name for name, _ in letters}, runs


@pytest.mark.parametrize(("text", "family"), WRITTEN)
def test_projector_text_in_every_script_comes_from_a_shipped_font(fallbacks, text, family):
    """The projector draws with its own fonts (by pixel size); they fall back the same way."""
    typography = Typography(QApplication.font().family())
    runs = _glyph_runs(text, typography.font(48, bold=True))
    assert all(0 not in glyphs for _, glyphs in runs), runs
    assert family.casefold() in {name for name, _ in runs}, runs
