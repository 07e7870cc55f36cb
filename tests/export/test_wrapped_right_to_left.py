"""A right-to-left outcome long enough to wrap reads from its first line to its last.

The Unicode bidirectional algorithm breaks a paragraph into lines in typed (logical) order and
then turns each line round on its own. Turning the whole text round first and wrapping after put
the first words of an Arabic sentence on its last line.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate

from cocommission.export import scripts
from cocommission.export.pdf_style import document_styles, markup

#: An Arabic outcome statement of about 25 words, as a young person might type it in a tender.
SENTENCE = (
    "نريد أن يكون للشباب مكان آمن ومفتوح كل مساء في الحي حيث يمكنهم اللقاء والتعلم "
    "واللعب مع أصدقائهم بعيدا عن الشارع وبدعم من عاملين يعرفونهم جيدا"
)
WORDS = SENTENCE.split()


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in word)


def _lines(paragraph: Paragraph, width: float) -> tuple[list[list[str]], list[str]]:
    """Each laid-out line's words, left to right as drawn, and the paragraph's words in the order
    typed (reportlab keeps them after breaking lines). A shaped Arabic word is compared as the
    glyphs HarfBuzz gave it, the same glyphs wherever it is placed."""
    paragraph.wrap(width, 10_000)
    assert paragraph.blPara.kind == 1
    lines = [
        "".join(str(getattr(frag, "text", "")) for frag in line.words).split()
        for line in paragraph.blPara.lines
    ]
    typed = ["".join(str(text) for _, text in word[1:]) for word in paragraph.frags]
    return lines, typed


def test_a_wrapped_arabic_sentence_reads_from_its_first_line_down_each_right_to_left():
    paragraph = Paragraph(markup(SENTENCE), document_styles().cell)
    lines, typed = _lines(paragraph, 45 * mm)
    assert len(lines) >= 3
    assert len(typed) == len(WORDS)
    # Each line, read right to left, carries the next words of the sentence, in the order typed.
    assert [word for line in lines for word in reversed(line)] == typed


def test_an_english_sentence_with_a_wrapped_arabic_outcome_keeps_the_english_in_place():
    text = f"Outcome 3: {SENTENCE} (agreed by 11 votes)"
    paragraph = Paragraph(markup(text), document_styles().cell)
    lines, typed = _lines(paragraph, 45 * mm)
    assert len(lines) >= 4
    assert lines[0][:2] == ["Outcome", "3:"]
    assert [word for line in lines for word in line][-4:] == ["(agreed", "by", "11", "votes)"]
    arabic = [word for line in lines for word in reversed([w for w in line if _is_arabic(w)])]
    assert arabic == [word for word in typed if _is_arabic(word)]
    assert len(arabic) == len(WORDS)


def test_a_printed_wrapped_arabic_sentence_starts_at_the_top_right(tmp_path: Path):
    """Read back from the PDF: the sentence's first word is on the first line, at its right."""
    words = _words_with_places(_narrow_pdf(tmp_path / "narrow.pdf", SENTENCE, 120 * mm))
    first = next(place for place in words if place[2] == WORDS[0])
    second = next(place for place in words if place[2] == WORDS[1])
    top = min(y for _, y, _ in words)
    assert first[1] == top, "the sentence's first word is on its first line"
    assert first[0] > second[0], "the first line reads right to left"
    last = next(place for place in words if place[2] == WORDS[-1])
    assert last[1] == max(y for _, y, _ in words), "the sentence's last word is on its last line"


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>')


def _narrow_pdf(path: Path, text: str, height: float) -> Path:
    """``text`` as one paragraph in a table cell's style on a page 50 mm wide inside its margins."""
    SimpleDocTemplate(
        str(path), pagesize=(70 * mm, height), leftMargin=10 * mm, rightMargin=10 * mm, topMargin=8 * mm,
        bottomMargin=8 * mm,
    ).build([Paragraph(markup(text), document_styles().cell)])
    return path


def _words_with_places(path: Path) -> list[tuple[float, float, str]]:
    """Every word pdftotext finds, with its left edge and top (points from the page's top).
    pdftotext -bbox gives an Arabic word's letters in drawn order, right to left: they are
    turned back to the order typed."""
    html = _bbox(path)
    found = []
    for x_min, y_min, word in _WORD.findall(html):
        word = word.strip("\u202a\u202b\u202c\u202d\u202e")
        found.append((float(x_min), round(float(y_min)), word[::-1]))
    return found


@pytest.mark.parametrize(
    "text",
    [
        "2nd مريم علي; 3rd",
        "مرحبا: 11 dots",
        "(مرحبا) and [علي]",
        "Vote: مريم 12, علي 3",
        "عدد 25 صوتا.",
        "بالعالم، «مريم» (علي)!",
        "مُحَمَّد",
        "عائشہ خان",
    ],
)
def test_a_line_that_does_not_wrap_is_ordered_as_a_header_line_is(text):
    """A short line comes out of the paragraph in the order ``visual_order`` gives a line drawn
    straight on the page (running headers): text put in that order first and laid out by
    reportlab alone is the same line."""
    style = document_styles().cell
    before = scripts._original_break_lines(Paragraph(markup(scripts.visual_order(text)), style), [10_000])
    after = Paragraph(markup(text), style).breakLines([10_000])
    assert len(after.lines) == 1
    drawn = ["".join(str(frag.text) for frag in lines.lines[0].words) for lines in (after, before)]
    assert drawn[0] == drawn[1]


def test_an_arabic_paragraph_split_over_two_pages_reads_on_from_one_page_to_the_next(tmp_path: Path):
    """The part carried to the next page is broken and turned afresh from the words as typed."""
    text = " ".join([SENTENCE] * 3)
    path = _narrow_pdf(tmp_path / "pages.pdf", text, 50 * mm)
    pages = _bbox(path)
    read: list[str] = []
    page_texts = pages.split("<page ")[1:]
    assert len(page_texts) >= 2
    for page in page_texts:
        lines: dict[int, list[tuple[float, str]]] = {}
        for x_min, y_min, word in _WORD.findall(page):
            lines.setdefault(round(float(y_min)), []).append((float(x_min), word[::-1]))
        for top in sorted(lines):
            read.extend(word for _, word in sorted(lines[top], reverse=True))
    assert read == text.split()


def _bbox(path: Path) -> str:
    """pdftotext's words with their boxes, page by page."""
    command = ["pdftotext", "-bbox", str(path), "-"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout
