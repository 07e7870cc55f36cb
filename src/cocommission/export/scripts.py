"""Every script the room writes, printed as typed and copied out as typed.

Young people write their names and outcomes in Bengali, Gujarati, Punjabi (Gurmukhi), Urdu and
Arabic, Tamil, Hindi (Devanagari), Chinese, Polish, Somali and emoji. DejaVu Sans, the documents'
font, has none of the Indic or CJK letters, so this module gives every printed text a fallback
per script:

- ``runs`` splits text into runs, each in a shipped font that has its letters (Noto Sans for
  Arabic and the Indic scripts, Droid Sans Fallback for Chinese, Symbola for symbols and emoji,
  DejaVu Sans for everything else). Spaces, punctuation and marks stay in the run they sit in,
  so a word is never split between fonts.
- ``markup`` turns text into Paragraph markup with those runs in ``<font>`` tags, and
  ``draw_string``/``string_width`` do the same for text drawn straight on a canvas.
- Complex scripts are shaped with HarfBuzz (reportlab's own ``uharfbuzz`` support): conjuncts,
  vowel signs placed before their consonant and joined Arabic letters.
- Right-to-left text is put in visual order word by word (python-bidi, the Unicode
  bidirectional algorithm) and HarfBuzz lays each Arabic word out right to left. As the
  algorithm says, a paragraph is broken into lines in typed order and each line is then
  reordered on its own, so a long Arabic outcome that wraps reads from its first line down.
- Shaped text carries the characters it was shaped from as ``/ActualText``, so text copied or
  extracted from the PDF is what was typed; ToUnicode maps characters beyond U+FFFF (emoji)
  as UTF-16, so 😀 copies out as 😀.

``install`` hooks these into reportlab once per process (``pdf_style.register_fonts`` calls it).
reportlab 5.1 has the shaping but not the rest, so five of its functions are wrapped here, and
nowhere else: a paragraph's setup (shape only paragraphs that need it), its line breaking (turn
each line with right-to-left text into visual order), the shaping of a word
(one font and one direction at a time, and remember each cluster's characters), the drawing of
shaped text (ActualText) and the ToUnicode map (UTF-16 beyond U+FFFF); plus ``<font>`` keeping
the bold of the text around it. ``requirements.lock`` pins reportlab, so these stay in step.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bidi import get_display
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus import paraparser

from cocommission.resources import font_files

#: The documents' own font family; text it can show stays in it.
BASE_FAMILY = "DejaVuSans"


@dataclass(frozen=True)
class FallbackFont:
    """A shipped font family for one script: its files and whether its text needs shaping."""

    family: str
    regular: str
    bold: str | None
    shaped: bool
    #: The Unicode ranges this family is chosen for even where DejaVu Sans has a glyph.
    ranges: tuple[tuple[int, int], ...] = ()


FALLBACKS: tuple[FallbackFont, ...] = (
    FallbackFont(
        "NotoSansArabic",
        "NotoSansArabic-Regular.ttf",
        "NotoSansArabic-Bold.ttf",
        True,
        ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)),
    ),
    FallbackFont(
        "NotoSansDevanagari",
        "NotoSansDevanagari-Regular.ttf",
        "NotoSansDevanagari-Bold.ttf",
        True,
        ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF)),
    ),
    FallbackFont(
        "NotoSansBengali", "NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf", True, ((0x0980, 0x09FF),)
    ),
    FallbackFont(
        "NotoSansGurmukhi", "NotoSansGurmukhi-Regular.ttf", "NotoSansGurmukhi-Bold.ttf", True, ((0x0A00, 0x0A7F),)
    ),
    FallbackFont(
        "NotoSansGujarati", "NotoSansGujarati-Regular.ttf", "NotoSansGujarati-Bold.ttf", True, ((0x0A80, 0x0AFF),)
    ),
    FallbackFont(
        "NotoSansTamil", "NotoSansTamil-Regular.ttf", "NotoSansTamil-Bold.ttf", True, ((0x0B80, 0x0BFF),)
    ),
    FallbackFont(
        "DroidSansFallback",
        "DroidSansFallbackFull.ttf",
        None,
        False,
        (
            (0x2E80, 0x2FFF),
            (0x3000, 0x303F),
            (0x3040, 0x31FF),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0xAC00, 0xD7AF),
            (0xF900, 0xFAFF),
            (0xFF00, 0xFFEF),
            (0x20000, 0x2FFFF),
        ),
    ),
    # Emoji and symbols DejaVu Sans lacks; monochrome outlines, which PDF can draw and print.
    FallbackFont("SymbolaEmoji", "Symbola-Emoji.ttf", None, False),
)

_BY_FAMILY = {font.family: font for font in FALLBACKS}
#: Characters that belong to no one script: they join whichever run they sit in when its font has them.
_NEUTRAL_CATEGORIES = {"Zs", "Mn", "Me", "Mc", "Cf", "Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Nd", "Sk"}


def bold_name(family: str) -> str:
    return f"{family}-Bold"


def _path(file_name: str) -> Path:
    for path in font_files():
        if path.name == file_name:
            return path
    raise FileNotFoundError(f"The font {file_name} is missing from the resources folder.")


@cache
def _face(family: str) -> TTFont:
    """Register a fallback family (regular and bold) the first time a text needs it; the CJK font
    is 4 MB, so documents without Chinese never read it."""
    font = _BY_FAMILY[family]
    regular = TTFont(family, str(_path(font.regular)), shapable=font.shaped)
    pdfmetrics.registerFont(regular)
    bold = regular
    if font.bold:
        bold = TTFont(bold_name(family), str(_path(font.bold)), shapable=font.shaped)
        pdfmetrics.registerFont(bold)
    else:
        # A family without a bold face prints bold text in its regular weight rather than a box.
        pdfmetrics.registerFont(TTFont(bold_name(family), str(_path(font.regular)), shapable=font.shaped))
    pdfmetrics.registerFontFamily(
        family, normal=family, bold=bold_name(family), italic=family, boldItalic=bold_name(family)
    )
    return regular


@cache
def _base_glyphs() -> frozenset[int]:
    from cocommission.export.pdf_style import register_fonts

    register_fonts()
    return frozenset(pdfmetrics.getFont(BASE_FAMILY).face.charToGlyph)


@cache
def _glyphs(family: str) -> frozenset[int]:
    if family == BASE_FAMILY:
        return _base_glyphs()
    return frozenset(_face(family).face.charToGlyph)


@cache
def _preferred(code: int) -> str | None:
    for font in FALLBACKS:
        if any(low <= code <= high for low, high in font.ranges):
            return font.family
    return None


def _is_neutral(character: str) -> bool:
    return unicodedata.category(character) in _NEUTRAL_CATEGORIES


@cache
def _fallback_for(code: int) -> str:
    """The family to print a character in when it starts a run."""
    preferred = _preferred(code)
    if preferred and code in _glyphs(preferred):
        return preferred
    if code in _base_glyphs():
        return BASE_FAMILY
    for font in FALLBACKS:
        if font.family != preferred and not font.ranges and code in _glyphs(font.family):
            return font.family
    if preferred:
        return preferred
    return BASE_FAMILY


def runs(text: str) -> list[tuple[str, str]]:
    """``text`` as (family, text) runs, each family one that has every glyph of its run."""
    install()
    result: list[tuple[str, str]] = []
    family: str | None = None
    start = 0
    for index, character in enumerate(text):
        code = ord(character)
        if code < 0x0250 and family == BASE_FAMILY:  # the common case: Latin in a Latin run
            continue
        if family is not None and _is_neutral(character) and code in _glyphs(family):
            continue
        wanted = _fallback_for(code)
        if wanted != family:
            if family is not None and index > start:
                result.append((family, text[start:index]))
            family, start = wanted, index
    if family is not None and start < len(text):
        result.append((family, text[start:]))
    return result


def needs_fallback(text: str) -> bool:
    """Whether any character of ``text`` is outside DejaVu Sans or is in a script shaped elsewhere."""
    return any(ord(character) >= 0x0250 for character in text) and any(
        family != BASE_FAMILY for family, _ in runs(text)
    )


# --------------------------------------------------------------------------- right to left


def _is_rtl(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("R", "AL")


def has_rtl(text: str) -> bool:
    return not text.isascii() and any(_is_rtl(character) for character in text)


def visual_order(line: str) -> str:
    """One line as it is seen, left to right. The documents are English with names and outcomes
    written into them, so the line reads left to right, and each stretch of right-to-left writing
    (from its first Arabic or Urdu letter to its last, with the spaces, digits and punctuation
    between) is turned round as a whole, as if isolated: "2nd <name>; 3rd" keeps its order.
    Inside a stretch each word keeps its own letters in typed order: HarfBuzz lays the letters
    of a word out right to left as it joins them."""
    if not has_rtl(line):
        return line
    out: list[str] = []
    index = 0
    while index < len(line):
        if not _is_rtl(line[index]):
            out.append(line[index])
            index += 1
            continue
        end = last = index
        while end < len(line) and unicodedata.bidirectional(line[end]) != "L":
            if _is_rtl(line[end]):
                last = end
            end += 1
        end = last + 1
        while end < len(line) and _is_mark(line[end]):
            end += 1
        out.append(_right_to_left(line[index:end]))
        index = end
    return "".join(out)


def _right_to_left(stretch: str) -> str:
    """A stretch of right-to-left writing in visual order, its words' letters in typed order."""
    visual = get_display(stretch, base_dir="R")
    out: list[str] = []
    index = 0
    while index < len(visual):
        end = index
        while end < len(visual) and _is_mark(visual[end]):
            end += 1
        if end < len(visual) and _is_rtl(visual[end]):
            while end < len(visual) and (_is_rtl(visual[end]) or _is_mark(visual[end])):
                end += 1
            out.append(visual[index:end][::-1])
            index = end
        else:
            out.append(visual[index])
            index += 1
    return "".join(out)


def _is_mark(character: str) -> bool:
    """Vowel marks and joiners, which take the direction of the letter they belong to."""
    return unicodedata.category(character) in ("Mn", "Me", "Cf")


# --------------------------------------------------------------------------- paragraphs and canvases


def markup(text: str) -> str:
    """Plain text made safe for a reportlab Paragraph, each script run in a font that has it;
    line breaks are kept. Bold and italic around it carry into the fallback fonts. The text stays
    in the order typed: right-to-left stretches are turned round line by line once the paragraph
    is broken into lines (``_break_lines``)."""
    if not needs_fallback(text):
        return escape(text).replace("\n", "<br/>")
    parts = []
    for family, run in runs(text):
        escaped = escape(run).replace("\n", "<br/>")
        parts.append(escaped if family == BASE_FAMILY else f'<font name="{family}">{escaped}</font>')
    return "".join(parts)


def _face_name(family: str, font_name: str) -> str:
    """The face of ``family`` matching the weight of ``font_name`` (a DejaVu face)."""
    if family == BASE_FAMILY:
        return font_name
    _face(family)
    return bold_name(family) if "Bold" in font_name else family


def _run_text(face: str, text: str, size: float) -> tuple[str, float]:
    """A run as reportlab draws it (shaped where the face needs it) and its width in points."""
    if face in _SHAPED_FACES:
        word = _shape_word([pdfmetrics.stringWidth(text, face, size), (_Frag(face, size), text)])
        parts = [part for _, part in word[1:]]
        if all(isinstance(part, ShapedStr) for part in parts):
            shaped = parts[0]
            for part in parts[1:]:
                shaped = shaped + part
            width = sum(glyph.x_advance for glyph in shaped.__shapeData__) * size / 1000
            return shaped, width
    return text, pdfmetrics.stringWidth(text, face, size)


def _laid_out(text: str, font_name: str, size: float) -> list[tuple[str, Any, float]]:
    text = visual_order(text) if not text.isascii() else text
    if text.isascii():
        return [(font_name, text, pdfmetrics.stringWidth(text, font_name, size))]
    laid = []
    for family, run in runs(text):
        face = _face_name(family, font_name)
        drawn, width = _run_text(face, run, size)
        laid.append((face, drawn, width))
    return laid


def string_width(text: str, font_name: str, size: float) -> float:
    """The printed width of one line of ``text`` in points, with fallback fonts and shaping."""
    return sum(width for _, _, width in _laid_out(text, font_name, size))


def draw_string(
    canvas: Canvas, x: float, y: float, text: str, *, font_name: str, size: float, anchor: str = "start"
) -> float:
    """Draw one line of ``text`` with its left edge (``anchor="start"``), centre (``"middle"``) or
    right edge (``"end"``) at ``x``; returns its width. The canvas's fill colour is used."""
    laid = _laid_out(text, font_name, size)
    width = sum(run_width for _, _, run_width in laid)
    left = x - {"start": 0, "middle": width / 2, "end": width}[anchor]
    for face, drawn, run_width in laid:
        text_object = canvas.beginText(left, y)
        text_object.setFont(face, size)
        text_object.textOut(drawn)
        canvas.drawText(text_object)
        left += run_width
    return width


class _Frag:
    """The least a fragment needs to be shaped: a font and a size."""

    def __init__(self, font_name: str, font_size: float) -> None:
        self.fontName = font_name
        self.fontSize = font_size


# --------------------------------------------------------------------------- hooks into reportlab


class _Glyph(ShapeData):
    """A shaped glyph that also knows the characters its piece was shaped from (or None when it
    continues a piece begun by an earlier glyph)."""

    actual: str | None


def _shaped_families() -> set[str]:
    return {name for font in FALLBACKS if font.shaped for name in (font.family, bold_name(font.family))}


_SHAPED_FACES: set[str] = set()


def _segments(word: list[Any]) -> list[list[Any]]:
    """A frag word cut where its font changes or where right-to-left letters start or stop, so
    each piece is shaped with one font in one direction."""
    pieces: list[tuple[Any, list[list[Any]]]] = []
    rtl = False
    for frag, text in word[1:]:
        for character in text:
            if not _is_mark(character):
                rtl = _is_rtl(character)
            key = (frag.fontName, rtl)
            if not pieces or pieces[-1][0] != key:
                pieces.append((key, [[frag, ""]]))
            parts = pieces[-1][1]
            if parts[-1][0] is not frag:
                parts.append([frag, ""])
            parts[-1][1] += character
    return [
        [sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in parts), *map(tuple, parts)]
        for _, parts in pieces
    ]


def _annotate(shaped: list[Any], original: str) -> None:
    """Give the first glyph of a shaped piece (one font, one direction, usually one word) the text
    it was shaped from, for ActualText; the rest of its glyphs continue that span.

    A span per piece rather than per cluster: a reader places zero-width vowel marks and their
    letters apart when each has a span of its own, and breaks the word there. Glyphs are drawn in
    visual order and a reader puts right-to-left text back into typed order by reversing it, so
    a right-to-left piece's text is given reversed, and comes out as typed."""
    actual: str | None = original[::-1] if has_rtl(original) else original
    for frag_index in range(1, len(shaped)):
        frag, part = shaped[frag_index]
        if not isinstance(part, ShapedStr):
            continue
        marked: Any = []  # reportlab's glyph tuples, each with its ActualText
        for glyph in part.__shapeData__:
            copy = _Glyph(*glyph)
            copy.actual, actual = actual, None
            marked.append(copy)
        shaped[frag_index] = type(shaped[frag_index])((frag, ShapedStr(str(part), shapeData=marked)))


_original_shape_word: Callable[..., Any] = ttfonts.shapeFragWord


def _shape_word(word: list[Any], *args: Any, **kwargs: Any) -> list[Any]:
    """Shape a paragraph word only when it has text in a font that needs shaping, one font and
    one direction at a time, and mark each cluster with the text it came from."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    frags = word[1:]
    if not any(getattr(frag, "fontName", None) in _SHAPED_FACES for frag, _ in frags):
        return word
    if any(hasattr(frag, "cbDefn") for frag, _ in frags):
        return word
    pieces = _segments(word)
    result: list[Any] = [0.0]
    changed = False
    for piece in pieces:
        font_name = piece[1][0].fontName
        if font_name not in _SHAPED_FACES:
            result[0] += piece[0]
            result.extend(piece[1:])
            continue
        original = "".join(text for _, text in piece[1:])
        shaped = _original_shape_word(piece, *args, force=True, **kwargs)
        changed = True
        _annotate(shaped, original)
        result[0] += shaped[0]
        result.extend(shaped[1:])
    if not changed:
        return word
    return ttfonts.makeShapedFragWord(word)(result)


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


_original_format_text = PDFTextObject._formatText


def _format_text(self: PDFTextObject, text: str) -> str:
    """reportlab's shaped text drawing, with each cluster wrapped in a marked-content span whose
    ActualText is the characters it was shaped from: a conjunct or joined Arabic letter copies out
    as the letters typed, in the order typed, not as the glyphs drawn."""
    if not isinstance(text, ShapedStr) or not any(isinstance(glyph, _Glyph) for glyph in text.__shapeData__):
        return _original_format_text(self, text)
    font = pdfmetrics.getFont(self._fontname)
    if not (font._dynamicFont and font.shapable):
        return _original_format_text(self, text)
    canvas = self._canvas
    state = (self._code, self._x, self._y)
    try:
        self._code = []
        add = self._code.append
        base_rise = self._rise
        size = self._fontsize
        data = text.__shapeData__
        position = 0
        open_span = False
        for subset, chunk in font.splitString(text, canvas._doc):
            if subset != self._curSubset:
                add(f"{font.getSubsetInternalName(subset, canvas._doc)} {fp_str(size)} Tf {fp_str(self._leading)} TL")
                self._curSubset = subset
            for offset, code in enumerate(chunk):
                glyph = data[position + offset]
                actual = getattr(glyph, "actual", None)
                if open_span and not isinstance(glyph, _Glyph):
                    # A space between words was never shaped: it copies out as itself.
                    add("EMC")
                    open_span = False
                if actual is not None:
                    if open_span:
                        add("EMC")
                    add(f"/Span <</ActualText {_actual_text(actual)}>> BDC")
                    open_span = True
                rise = base_rise + size * glyph.y_offset / 1000
                if rise != self._rise:
                    self.setRise(rise)
                add(_show_glyph(canvas, glyph, code))
            position += len(chunk)
        if open_span:
            add("EMC")
        if self._rise != base_rise:
            self.setRise(base_rise)
    finally:
        code = self._code
        self._code, self._x, self._y = state
    return " ".join(code)


def _show_glyph(canvas: Any, glyph: Any, code: int) -> str:
    """The TJ operator that draws one shaped glyph at its offsets and advances past it."""
    items = []
    if glyph.x_offset:
        items.append(fp_str(-glyph.x_offset))
    items.append(f"({canvas._escape(bytes([code]))})")
    after = glyph.width - glyph.x_advance + glyph.x_offset
    if after:
        items.append(fp_str(after))
    return f"[{' '.join(items)}] TJ"


def _to_unicode_cmap(font_name: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF written as UTF-16 surrogate pairs,
    as PDF requires (reportlab writes five hex digits, so 😀 U+1F600 copied out as U+1F60 "ὠ")."""
    cmap = _original_to_unicode(font_name, subset)
    if all(code <= 0xFFFF for code in subset):
        return cmap
    lines = cmap.split("\n")
    for index, code in enumerate(subset):
        if code > 0xFFFF:
            old = f"<{index:02X}> <{code:04X}>"
            new = f"<{index:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
            lines[lines.index(old)] = new
    return "\n".join(lines)


_original_to_unicode = ttfonts.makeToUnicodeCMap
_original_start_font = paraparser.ParaParser.start_font


def _start_font(self: Any, attributes: dict[str, str]) -> None:
    """A ``<font name=…>`` naming a fallback family keeps the bold and italic of the text around it."""
    outer = self._stack[-1]
    _original_start_font(self, attributes)
    name = attributes.get("name") or attributes.get("face")
    if name in _BY_FAMILY:
        inner = self._stack[-1]
        inner.bold, inner.italic = outer.bold, outer.italic


_original_setup = rl_paragraph.Paragraph._setup
_shaping_twins: weakref.WeakKeyDictionary[ParagraphStyle, ParagraphStyle] = weakref.WeakKeyDictionary()


def _setup(self: Any, *args: Any, **kwargs: Any) -> None:
    """A paragraph with text in an Indic or Arabic font is laid out with shaping; every other
    paragraph keeps reportlab's quicker unshaped path."""
    _original_setup(self, *args, **kwargs)
    style = self.style
    if getattr(style, "shaping", 0) or not any(
        getattr(frag, "fontName", None) in _SHAPED_FACES for frag in self.frags if not isinstance(frag, list)
    ):
        return
    twin = _shaping_twins.get(style)
    if twin is None:
        twin = _shaping_twins[style] = style.clone(f"{style.name}Shaped", shaping=1)
    self.style = twin


# --------------------------------------------------------------------------- right to left, per line


def _piece_width(frag: Any, text: Any) -> float:
    if isinstance(text, ShapedStr):
        return sum(glyph.x_advance for glyph in text.__shapeData__) * frag.fontSize / 1000
    return pdfmetrics.stringWidth(text, frag.fontName, frag.fontSize)


def _direction(text: str) -> str:
    """"R" for a piece with right-to-left letters, "L" for one with left-to-right letters, else
    "N" (spaces, digits, punctuation)."""
    if has_rtl(text):
        return "R"
    if any(unicodedata.bidirectional(character) == "L" for character in text):
        return "L"
    return "N"


def _typed(shaped: ShapedStr) -> str:
    """The characters a shaped piece was shaped from (``_annotate`` gave them to its first glyph)."""
    return "".join(glyph.actual for glyph in shaped.__shapeData__ if getattr(glyph, "actual", None))


def _turned(stretch: list[list[Any]]) -> list[list[Any]]:
    """A right-to-left stretch of [frag, text, space after] pieces in the order they are seen."""
    gaps = [piece[2] for piece in stretch]
    turned = []
    for position, (frag, text, _) in enumerate(reversed(stretch)):
        logical = len(stretch) - 1 - position
        # The gap after a piece seen is the gap before it as typed; the first piece typed
        # keeps the gap that followed the whole stretch.
        gap = gaps[logical - 1] if logical else gaps[-1]
        if not isinstance(text, ShapedStr):
            turned.append([frag, get_display(text, base_dir="R"), gap])
            continue
        typed = _typed(text)
        seen = get_display(typed, base_dir="R") if typed and not has_rtl(typed) else typed
        if seen == typed:
            turned.append([frag, text, gap])
            continue
        # Digits and punctuation in an Arabic font ("12," between two names): the
        # punctuation moves to the side the stretch reads from, so they are shaped again.
        reshaped = _shape_word([0.0, (frag, seen)])[1:]
        for number, (part_frag, part) in enumerate(reshaped):
            turned.append([part_frag, part, gap and number == len(reshaped) - 1])
    return turned


def _visual_words(words: list[Any]) -> list[Any] | None:
    """One line's frag words (typed order) in the order they are seen, left to right, as
    ``visual_order`` orders a line of text: each right-to-left stretch, from its first
    right-to-left piece to its last, is turned round as a whole, the spaces between its words
    going with it. A shaped piece keeps its glyphs (HarfBuzz laid them out right to left); an
    unshaped piece inside a stretch (a bracket, a colon) is put in visual order and mirrored.
    None when the line has something other than text (an image), which is left as it is."""
    pieces: list[list[Any]] = []  # [frag, text, space after]
    for word in words:
        items = word[1:]
        for index, (frag, text) in enumerate(items):
            if hasattr(frag, "cbDefn"):
                return None
            is_last = index == len(items) - 1
            pieces.append([frag, text, is_last and isinstance(word, rl_paragraph._HSFrag)])
    directions = [_direction(str(text)) for _, text, _ in pieces]
    index = 0
    while index < len(pieces):
        if directions[index] != "R":
            index += 1
            continue
        end = last = index
        while end < len(pieces) and directions[end] != "L":
            if directions[end] == "R":
                last = end
            end += 1
        pieces[index : last + 1] = _turned(pieces[index : last + 1])
        index = last + 1
    # The words were shaped when the line was first broken: marked as shaped, they are not
    # shaped again (their text is now glyphs).
    spaced = ttfonts.makeShapedFragWord(rl_paragraph._HSFrag())
    unspaced = ttfonts.makeShapedFragWord([])
    visual: list[Any] = []
    current: list[Any] = [0.0]
    for frag, text, gap in pieces:
        current[0] += _piece_width(frag, text)
        current.append((frag, text))
        if gap:
            visual.append(spaced(current))
            current = [0.0]
    if len(current) > 1:
        visual.append(unspaced(current))
    return visual


def _line_letters(frags: list[Any]) -> list[str]:
    """The letters a line draws, in any order: turning a line round must keep every one."""
    return sorted("".join(str(getattr(frag, "text", "")) for frag in frags).replace(" ", ""))


def _turn_line(paragraph: Any, line: Any, words: list[Any]) -> None:
    """Lay one broken line's words out again in visual order, in reportlab's own way (a copy of
    the paragraph given only those words, on a line wide enough for them all)."""
    visual = _visual_words(words)
    if visual is None:
        return
    copy = rl_paragraph.Paragraph.__new__(type(paragraph))
    copy.__dict__.update(paragraph.__dict__)
    copy.frags = visual
    copy.bulletText = None
    laid = _original_break_lines(copy, [1e9]).lines
    if len(laid) != 1:
        return
    ending = [frag for frag in line.words[-1:] if getattr(frag, "_fkind", None) == rl_paragraph._FK_BREAK]
    turned = laid[0].words + ending
    if _line_letters(turned) == _line_letters(line.words):
        line.words = turned


_original_break_lines = rl_paragraph.Paragraph.breakLines


def _break_lines(self: Any, width: Any) -> Any:
    """reportlab's line breaking, then each line with right-to-left text turned into the order
    it is seen. The Unicode bidirectional algorithm's rule: lines are broken in the order typed
    and each line is reordered on its own, so a right-to-left sentence that wraps reads from its
    first line down. The paragraph's frag words stay in typed order, so a paragraph split over
    two frames or re-wrapped in a table cell is broken afresh and reordered again."""
    lines = _original_break_lines(self, width)
    if getattr(lines, "kind", None) == 0:
        for index, (extra, words) in enumerate(lines.lines):
            if any(has_rtl(str(word)) for word in words):
                lines.lines[index] = (extra, visual_order(" ".join(map(str, words))).split(" "))
        return lines
    if not any(has_rtl(str(getattr(frag, "text", ""))) for line in lines.lines for frag in line.words):
        return lines
    words = self.frags
    for index, line in enumerate(lines.lines):
        if not any(has_rtl(str(getattr(frag, "text", ""))) for frag in line.words):
            continue
        stop = lines.lines[index + 1].sFW if index + 1 < len(lines.lines) else len(words)
        own = [
            word
            for word in words[line.sFW : stop]
            if not isinstance(word, rl_paragraph._InjectedFrag)
            and getattr(word[1][0], "_fkind", None) != rl_paragraph._FK_BREAK
        ]
        _turn_line(self, line, own)
    return lines



@cache
def install() -> None:
    """Hook the fallback fonts, shaping and ActualText into reportlab (once per process)."""
    _SHAPED_FACES.update(_shaped_families())
    rl_paragraph.Paragraph._setup = _setup
    rl_paragraph.Paragraph.breakLines = _break_lines
    rl_paragraph.shapeFragWord = _shape_word
    PDFTextObject._formatText = _format_text
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    paraparser.ParaParser.start_font = _start_font

