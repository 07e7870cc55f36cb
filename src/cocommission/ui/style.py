"""The window's look: larger type than a database tool, clear focus, readable messages."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from cocommission.resources import font_files

SHIPPED_FAMILY = "DejaVu Sans"

STYLE_SHEET = """
QLabel#pageHeading { padding-bottom: 6px; }
QLabel#formProblem { color: #9a1b1b; }
QLabel#formWarning {
    background: #fff4d6; border: 1px solid #b7791f; border-radius: 4px; padding: 6px; color: #5c3c00;
}
QLabel#encryptWarning { background: #fde8e8; border: 1px solid #c0392b; border-radius: 4px; padding: 8px; color: #7a1010; }
QLabel#weightsTotal[ok="false"] { color: #9a1b1b; font-weight: bold; }
QLabel#weightsTotal[ok="true"] { color: #1b6e3a; font-weight: bold; }
QFrame#messageBanner[kind="problem"] { background: #fde8e8; border: 1px solid #c0392b; border-radius: 4px; }
QFrame#messageBanner[kind="note"] { background: #e6f4ea; border: 1px solid #2e7d32; border-radius: 4px; }
QListWidget#stageNavigator::item { padding: 10px 12px; }
QListWidget#stageNavigator::item:selected { background: #1f4e79; color: white; }
QPushButton { padding: 6px 14px; }
*:focus { outline: 2px solid #1f4e79; }
"""


def enlarge(widget: QWidget, scale: float, *, bold: bool = False) -> None:
    """Draw ``widget``'s text ``scale`` times the app's font size, so headings grow with the system size."""
    font = QFont(widget.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    else:
        font.setPixelSize(round(font.pixelSize() * scale))
    font.setBold(bold)
    widget.setFont(font)


def load_shipped_fonts(*, prefer: bool = False) -> list[str]:
    """Register the fonts in resources/ so names in any script render even where the system has no fonts.

    The Noto, Droid Sans Fallback and Symbola families become fallbacks of the window's font and of
    DejaVu Sans: a name in Bengali, Gurmukhi, Arabic or Chinese, or an emoji, is drawn from them
    wherever the system font has no glyph, on the screen and on the projector alike, on
    computers whose system has no such fonts. With ``prefer`` (screenshots, machines without
    fonts) the shipped family also becomes the application font; otherwise the system's own font
    is kept. Returns the fallback families, in the order they are tried.
    """
    had_fonts = bool(QFontDatabase.families())
    fallbacks: list[str] = []
    for path in font_files():
        families = QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(path)))
        if not path.name.startswith("DejaVu"):
            fallbacks.extend(family for family in families if family not in fallbacks)
    if prefer or not had_fonts:
        font = QApplication.font()
        font.setFamily(SHIPPED_FAMILY)
        QApplication.setFont(font)
    for family in {SHIPPED_FAMILY, QApplication.font().family()}:
        known = QFont.substitutes(family)
        QFont.insertSubstitutions(family, [fallback for fallback in fallbacks if fallback not in known])
    emoji = [family for family in fallbacks if "Symbola" in family]
    if emoji and not QFontDatabase.applicationEmojiFontFamilies():
        # Qt draws emoji from this family when the system has no emoji font of its own.
        QFontDatabase.addApplicationEmojiFontFamily(emoji[0])
    return fallbacks


def apply_style(app: QApplication, *, font_scale: float, base_font: QFont) -> None:
    """Apply the style sheet and scale the system font (text follows the system size)."""
    font = QFont(base_font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * font_scale)
    app.setFont(font)
    app.setStyleSheet(STYLE_SHEET)
