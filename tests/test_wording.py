"""The shared words: how places, numbers, progress and round states read; translation reaches them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cocommission import wording
from cocommission.model import RoundState
from cocommission.model.tallies import NOT_SCORED
from cocommission.wording import (
    in_documents,
    install_translate,
    number_text,
    on_screen,
    place_order,
    translator,
    untranslated,
)

SRC = Path(__file__).resolve().parents[1] / "src" / "cocommission"


@pytest.fixture
def marked_translation():
    """A translation that shows which phrases went through it and in which context, undone afterwards."""
    seen: list[tuple[str, str]] = []

    def mark(context: str, text: str) -> str:
        seen.append((context, text))
        return f"«{text}»"

    previous = install_translate(mark)
    yield seen
    install_translate(previous)


def _expected_ending(place: int) -> str:
    """English ordinal endings, as a style guide states them: 11–13 take "th" whatever their last digit."""
    if place % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(place % 10, "th")


def test_ordinals_from_1_to_113_read_as_english_writes_them():
    for place in range(1, 114):
        assert on_screen.ordinal(place) == f"{place}{_expected_ending(place)}"
    shown = {n: on_screen.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112, 113)}
    assert shown == {
        1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th",
        21: "21st", 22: "22nd", 23: "23rd", 101: "101st", 111: "111th", 112: "112th", 113: "113th",
    }  # fmt: skip


def test_tied_places_share_a_place_marked_with_equals_and_the_next_place_is_skipped():
    ranking = (("a", "b"), ("c",), ("d", "e"), ("f",))
    expected = {"a": "=1st", "b": "=1st", "c": "3rd", "d": "=4th", "e": "=4th", "f": "6th"}
    assert on_screen.places(ranking) == expected
    assert in_documents.places(ranking) == expected
    assert place_order(ranking) == {"a": 1, "b": 1, "c": 3, "d": 4, "e": 4, "f": 6}
    assert on_screen.places(()) == {}


def test_progress_says_has_for_one_voter_and_have_for_any_other_number():
    assert on_screen.progress(0, 9) == "0 of 9 have voted"
    assert on_screen.progress(1, 9) == "1 of 9 has voted"
    assert on_screen.progress(7, 9) == "7 of 9 have voted"
    assert on_screen.progress(9, 9) == "9 of 9 have voted"


def test_numbers_read_whole_without_decimals_and_others_to_at_most_the_places_asked():
    assert number_text(12.0) == "12"
    assert number_text(2.5) == "2.5"
    assert number_text(2.125) == "2.12"
    assert number_text(0.625, most_decimals=1) == "0.6"
    assert number_text(3.04, most_decimals=1) == "3"
    assert number_text(-0.001) == "0"
    assert number_text(-1.5) == "-1.5"
    assert number_text(None) == ""


def test_lists_lengths_and_round_states_read_as_the_screens_show_them():
    assert on_screen.and_list([]) == ""
    assert on_screen.and_list(["A"]) == "A"
    assert on_screen.and_list(["A", "B", "C"]) == "A, B and C"
    assert [on_screen.duration(m) for m in (None, 45, 120, 150)] == ["", "45 min", "2 h", "2 h 30 min"]
    states = list(RoundState)
    assert [on_screen.round_state(s) for s in states] == ["Draft", "Open for voting", "Closed", "Revealed"]
    assert [on_screen.short_round_state(state) for state in states] == ["Draft", "Open", "Closed", "Revealed"]
    assert [on_screen.round_state_after_title(state) for state in RoundState] == [
        "not open yet", "open", "closed", "revealed",
    ]  # fmt: skip
    assert [in_documents.spelled_duration(s) for s in (0, 45, 60, 150, 3600, 11700)] == [
        "0 seconds", "45 seconds", "1 minute", "2 minutes 30 seconds", "1 hour", "3 hours 15 minutes",
    ]  # fmt: skip
    assert [in_documents.spelled_duration(m * 60, smallest="minute") for m in (0, 1, 45, 60, 150)] == [
        "0 minutes", "1 minute", "45 minutes", "1 hour", "2 hours 30 minutes",
    ]  # fmt: skip
    assert [in_documents.place_in_words(n) for n in (1, 2, 10, 11, 21)] == [
        "first place", "second place", "tenth place", "11th place", "21st place",
    ]  # fmt: skip


def test_an_installed_translation_reaches_words_on_screen_but_never_documents(marked_translation):
    assert on_screen.ordinal(2) == "«2nd»"
    assert on_screen.progress(7, 9) == "«7 of 9 have voted»"
    assert on_screen.places((("a", "b"),)) == {"a": "=«1st»", "b": "=«1st»"}
    assert translator("Leaving")("Stay") == "«Stay»"
    assert ("Wording", "{voted} of {eligible} have voted") in marked_translation
    assert ("Leaving", "Stay") in marked_translation

    marked_translation.clear()
    assert in_documents.ordinal(2) == "2nd"
    assert in_documents.and_list(["A", "B"]) == "A and B"
    assert marked_translation == []


def test_without_an_installed_translation_words_read_as_written():
    assert wording.translate("Anything", "Stay") == "Stay"
    assert untranslated("Anything", "Stay") == "Stay"


def test_the_desktop_app_puts_qt_translations_behind_the_words_on_screen(qapp):
    """A translator Qt has loaded changes what the wall and pages say, once the app has installed it."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from cocommission.ui.app import make_application

    class Bracketing(QTranslator):
        def translate(self, context, source_text, disambiguation=None, n=-1):
            return f"[{source_text}]" if context == "Wording" else ""

    bracketing = Bracketing()
    previous = install_translate(untranslated)
    try:
        make_application()
        QCoreApplication.installTranslator(bracketing)
        assert on_screen.progress(1, 9) == "[1 of 9 has voted]"
        assert in_documents.progress(1, 9) == "1 of 9 has voted"
    finally:
        QCoreApplication.removeTranslator(bracketing)
        install_translate(previous)


# --------------------------------------------------------------------------- one place for each


#: Words that once had a copy in each part of the app; each may now be defined only in wording.py.
_SHARED_WORDS = {
    "ordinal", "places", "place_labels", "place_sort_key", "place_order", "progress_text", "join_names",
    "and_list", "format_minutes", "minutes_text", "duration", "format_number", "clock_text",
    "state_name", "short_state_name", "round_state",
}  # fmt: skip


def test_each_shared_word_is_defined_once_in_the_wording_module():
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.lstrip("_") in _SHARED_WORDS:
                found.setdefault(node.name.lstrip("_"), []).append(path.relative_to(SRC).as_posix())
    elsewhere = {name: paths for name, paths in found.items() if paths != ["wording.py"]}
    assert elsewhere == {}, "Use cocommission.wording instead of a copy: " + repr(elsewhere)
    assert {"ordinal", "places"} <= found.keys()


def test_the_wording_module_is_a_leaf_that_needs_neither_qt_nor_the_rest_of_the_app():
    tree = ast.parse((SRC / "wording.py").read_text(encoding="utf-8"))
    imported = {
        alias.name if isinstance(node, ast.Import) else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (node.names if isinstance(node, ast.Import) else [node])
    }
    assert imported <= {"__future__", "collections.abc"}


#: Module-level helpers that still call Qt's translate directly, each awaiting its page's rework.
_DIRECT_QT_TRANSLATE_LEFT = {"ui/pages/participants_panel.py", "ui/pages/feedback_questions_panel.py"}


def test_code_without_self_tr_translates_through_one_translator():
    """Widgets use ``self.tr``; everything else ``cocommission.wording.translator`` (docs/architecture.md)."""
    offenders = []
    for path in sorted(SRC.rglob("*.py")):
        relative = str(path.relative_to(SRC).as_posix())
        text = path.read_text(encoding="utf-8")
        if "QMessageBox.tr" in text or "def _tr(" in text or "QCoreApplication.translate(" in text and relative not in _DIRECT_QT_TRANSLATE_LEFT:
            offenders.append(relative)
    assert offenders == []


@pytest.mark.parametrize(
    ("count", "value", "said"),
    [
        ("dots", "1", "1 dot"),
        ("dots", 11.0, "11 dots"),
        ("borda", "14", "14 points"),
        ("approval", "1", "1 tick"),
        ("approval", 7, "7 ticks"),
        ("score", "3.5", "mean 3.5"),
        ("schulze", "2", "beats 2"),
        ("irv", "4", ""),
        ("score", NOT_SCORED, "not scored"),
    ],
)
def test_what_a_place_got_is_said_with_its_unit_the_same_on_the_wall_and_on_a_phone(count, value, said):
    assert on_screen.score_note(count, value) == said
    assert in_documents.score_note(count, value) == said
