"""Every printed document carries names and outcomes in every script the room writes, drawn from
a font that has their letters, shaped, right to left where they are, and copied out as typed.

Text is read back with pdftotext, as a person copying from the PDF would get it. pdftotext marks
a right-to-left stretch with bidi embedding controls (U+202A–U+202E) and puts neutral characters
next to one (": 11", "; ") on the side its own reordering chooses, and it reads punctuation
between two Arabic phrases as left to right; those are pdftotext's, and are set aside here: each
name or outcome must come out whole, letters and words in the order typed.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph
from tests.export.multilingual import (
    CRITERIA,
    FEEDBACK_QUESTIONS,
    NAMES,
    OUTCOME_TEXTS,
    PSEUDONYMS,
    TITLE,
    create_multilingual_commission,
)
from tests.export.printed import every_pdf

from cocommission.db import Database, open_database
from cocommission.export import scripts
from cocommission.export.pdf_style import PAGE_TEMPLATE, PdfPlan, document_styles, markup
from cocommission.export.subject_access_pdf import plan_subject_access
from cocommission.model.people import Participant
from cocommission.services.outcomes import agreed_outcomes
from cocommission.services.participants import list_participants
from cocommission.services.perform import read
from cocommission.services.privacy import subject_access

#: One line in each script, as a young person might type it.
LINES = {
    "Bengali": "রাহেলা বেগম: শিক্ষা ও চাকরি",
    "Devanagari": "प्रियंका किताब क्षमा",
    "Gujarati": "પ્રિયા પટેલ શિક્ષણ",
    "Gurmukhi": "ਗੁਰਪ੍ਰੀਤ ਕੌਰ ਸਿੱਖਿਆ",
    "Tamil": "தமிழ்செல்வி ராஜா",
    # pdftotext reads a colon between two Arabic phrases as left to right and swaps the phrases
    # ("مرحبا بالعالم:مريم"): a limit of its reordering, so the line here has no inner punctuation.
    "Arabic": "مرحبا بالعالم يا مريم",
    "Urdu": "عائشہ خان",
    "Chinese": "李小龙 大人听取年轻人的意见",
    "Polish": "Łucja Wiśniewska, Zażółć gęślą jaźń",
    "Somali": "Cawaale Maxamed: Dhalinyarada waxay helaan shaqo",
    "Emoji": "Cawaale 😀 🎉 \u2764\ufe0f \U0001f468\u200d\U0001f469\u200d\U0001f467",  # a heart, a family
    "Arabic vowel marks": "مُحَمَّد",
    "Two scripts in one word": "Ravi(रवि) & <Priya>",
}

_BIDI_CONTROLS = re.compile("[\u202a-\u202e]")


def _extract(pdf: bytes, folder: Path, name: str = "document") -> str:
    path = folder / f"{name}.pdf"
    path.write_bytes(pdf)
    extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return _BIDI_CONTROLS.sub("", extracted.stdout)


def _words(text: str) -> str:
    return " ".join(text.split())


def _lines_pdf() -> bytes:
    styles = document_styles()
    story = [Paragraph(markup(line), styles.body) for line in LINES.values()]
    story += [Paragraph(markup(line), styles.heading2) for line in LINES.values()]
    return PdfPlan(
        story=story,
        commission_title=TITLE,
        document_title="Every script",
        author="CoCommission",
        subject="Names in every script",
        first_template=PAGE_TEMPLATE,
    ).render()


@pytest.mark.parametrize("script", LINES)
def test_a_line_in_each_script_copies_out_as_typed(script, tmp_path):
    """Each line (regular and bold) comes out of the PDF exactly as it was typed."""
    lines = [line.strip() for line in _extract(_lines_pdf(), tmp_path).splitlines() if line.strip()]
    assert lines.count(LINES[script]) == 2, lines


def test_an_emoji_copies_out_as_itself_not_as_a_greek_letter(tmp_path):
    """😀 is beyond U+FFFF: its ToUnicode entry is a UTF-16 pair, so it does not come out as "ὠ"."""
    text = _extract(_lines_pdf(), tmp_path)
    assert "😀" in text and "🎉" in text
    assert "ὠ" not in text


def test_the_running_header_prints_a_title_in_bengali(tmp_path):
    """The header drawn straight on the page uses the fallback fonts too, on every page."""
    text = _extract(_lines_pdf(), tmp_path)
    assert text.count(TITLE) >= 1


def test_every_letter_is_in_the_font_chosen_for_it():
    """No letter is left to a font without its glyph (which would print an empty box)."""
    for line in LINES.values():
        for family, run in scripts.runs(line):
            font_name = scripts._face_name(family, "DejaVuSans")
            glyphs = pdfmetrics.getFont(font_name).face.charToGlyph
            missing = [character for character in run if ord(character) not in glyphs]
            assert not missing, (family, run, missing)


def test_complex_scripts_are_shaped_and_english_is_left_alone():
    """Indic and Arabic text is set in fonts that shape it; English markup is what it always was."""
    assert markup("Zoë & <Ахмед>") == "Zoë &amp; &lt;Ахмед&gt;"
    families = {family for line in LINES.values() for family, _ in scripts.runs(line)}
    assert {
        "NotoSansBengali",
        "NotoSansDevanagari",
        "NotoSansGujarati",
        "NotoSansGurmukhi",
        "NotoSansTamil",
        "NotoSansArabic",
        "DroidSansFallback",
    } <= families


def test_only_paragraphs_with_indic_or_arabic_text_are_shaped():
    """Shaping sends a paragraph down reportlab's slower path: English and Chinese stay off it."""
    body = document_styles().body
    assert not Paragraph(markup("Young people feel safe — Zoë, Łucja"), body).style.shaping
    assert not Paragraph(markup("大人听取年轻人的意见"), body).style.shaping
    assert Paragraph(markup("রাহেলা বেগম"), body).style.shaping
    assert Paragraph(markup("Name: عائشہ خان"), body).style.shaping


def test_an_arabic_name_inside_an_english_line_keeps_its_place():
    """"2nd <name>; 3rd": the name is turned round as a whole and the English around it stays put."""
    assert scripts.visual_order("2nd مريم علي; 3rd") == "2nd علي مريم; 3rd"
    assert scripts.visual_order("مرحبا: 11 dots") == "مرحبا: 11 dots"


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory) -> Iterator[tuple[Database, str]]:
    folder = tmp_path_factory.mktemp("multilingual")
    database = open_database(folder / "commission.sqlite")
    yield database, create_multilingual_commission(database)
    database.close()


@pytest.fixture(scope="module")
def printed(multilingual, tmp_path_factory) -> dict[str, str]:
    """Every document's text as pdftotext reads it, whitespace made single spaces."""
    database, commission_id = multilingual
    folder = tmp_path_factory.mktemp("printed")
    return {kind: _words(_extract(pdf, folder, kind)) for kind, pdf in every_pdf(database, commission_id).items()}


def test_every_document_carries_the_title_in_bengali_and_no_broken_characters(printed):
    """Every document names the commission in its own script, and nothing copies out as a private
    glyph code or a replacement character."""
    for kind, text in printed.items():
        assert TITLE in text, kind
        assert not re.findall("[\ue000-\uf8ff\ufffd]", text), kind


def test_the_tender_lists_the_agreed_outcomes_as_written(printed, multilingual):
    database, commission_id = multilingual
    agreed = read(database, lambda s: agreed_outcomes(s, commission_id=commission_id))
    assert len(agreed) >= 4
    for outcome in agreed:
        assert outcome.text in printed["tender"]
    assert CRITERIA[0][0] in printed["tender"]


@pytest.mark.parametrize("kind", ["decision", "fallback-pack"])
def test_the_counts_and_the_paper_pack_list_every_outcome_as_written(printed, kind):
    for text in OUTCOME_TEXTS:
        assert text in printed[kind], text


def test_the_evaluation_names_the_panel_and_the_criteria_as_written(printed, multilingual):
    database, commission_id = multilingual

    def panel(session) -> list[str]:
        return [
            person.pseudonym
            for person in session.query(Participant).filter_by(commission_id=commission_id, is_panellist=True)
        ]

    panellists = read(database, panel)
    assert len(panellists) >= 4
    for pseudonym in panellists:
        assert pseudonym in printed["evaluation"]
    assert CRITERIA[0][0] in printed["evaluation"]


def test_receipts_carry_every_full_name_and_pseudonym_as_written(printed):
    """The receipt a young person signs has their name as they write it."""
    for text in (*NAMES, *PSEUDONYMS):
        assert text in printed["receipts"], text


def test_feedback_sheets_carry_the_question_and_the_names_as_written(printed):
    """The first five young people of the example returned their sheets; the rest are printed."""
    assert FEEDBACK_QUESTIONS[0][0] in printed["feedback-sheets"]
    for pseudonym in PSEUDONYMS[5:]:
        assert pseudonym in printed["feedback-sheets"], pseudonym


@pytest.mark.parametrize("pseudonym", ["عائشہ", "রাহেলা", "小龙", "தமிழ்செல்வி"])
def test_a_subject_access_record_carries_the_name_as_written(multilingual, pseudonym, tmp_path):
    database, commission_id = multilingual
    person = next(
        person
        for person in read(database, lambda s: list_participants(s, commission_id=commission_id))
        if person.pseudonym == pseudonym
    )
    record = read(database, lambda s: subject_access(s, participant_id=person.id))
    text = _words(_extract(plan_subject_access(record).render(), tmp_path))
    full_name = NAMES[PSEUDONYMS.index(pseudonym)]
    assert pseudonym in text
    assert full_name in text
