"""Lookalikes: adding "zoe" beside "Zoë", or a statement already listed, names the one there and asks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cocommission.services import commissions, outcomes, participants
from cocommission.services.perform import perform
from cocommission.ui.pages import outcome_table_model
from cocommission.ui.pages import participants_panel as P
from cocommission.ui.pages.outcomes_page import OutcomesPage
from cocommission.ui.pages.people_page import PeoplePage

pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


@pytest.fixture
def asked(monkeypatch):
    """Every question the window asks, answered with ``asked.answer`` (No unless a test says Yes)."""

    class Questions(list):
        answer = QMessageBox.StandardButton.No

    questions = Questions()

    def question(parent, title, text, *args, **kwargs):
        questions.append(text)
        return questions.answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return questions


def _build(session) -> str:
    cid = commissions.create_commission(session, title="Youth fund").id
    participants.add_participant(session, commission_id=cid, pseudonym="Zoë")
    participants.add_participant(session, commission_id=cid, pseudonym="Kai")
    outcomes.add_outcome(session, commission_id=cid, text="Young people feel safe on the estate")
    return cid


@pytest.fixture
def commission_id(database) -> str:
    return perform(database, _build).result


@pytest.fixture
def people_page(show_page, commander, commission_id) -> PeoplePage:
    return show_page(PeoplePage(commander), commission_id, size=(1180, 620))


def _pseudonyms(commander, commission_id) -> list[str]:
    rows = commander.read(participants.list_participants, commission_id=commission_id)
    return sorted(row.pseudonym for row in rows)


def _type_in_cell(qtbot, table, index, text: str) -> None:
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClicks(table, text[0])
    editor = table.indexWidget(index)
    assert editor is not None, "typing on the cell opens its editor"
    editor = editor.focusProxy() or editor
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


def test_adding_zoe_beside_zoe_with_an_accent_names_her_and_asks(
    qtbot, people_page, commander, commission_id, asked
):
    """ "zoe" waits until the facilitator says go ahead; the question names Zoë; the form keeps the typing."""
    panel = people_page.participants_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.pseudonym, "zoe")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "Zoë" in asked[0] and "zoe" in asked[0]
    assert dialog.isVisible() and dialog.pseudonym.text() == "zoe"
    assert _pseudonyms(commander, commission_id) == ["Kai", "Zoë"]

    asked.answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _pseudonyms(commander, commission_id) == ["Kai", "Zoë", "zoe"]


def test_a_name_unlike_any_other_is_added_without_a_question(
    qtbot, people_page, commander, commission_id, asked
):
    """ "Sam" is added straight away."""
    panel = people_page.participants_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(panel.dialog.pseudonym, "Sam")
    qtbot.mouseClick(panel.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert asked == []
    assert _pseudonyms(commander, commission_id) == ["Kai", "Sam", "Zoë"]


def test_renaming_someone_in_place_to_a_lookalike_asks_first(
    qtbot, people_page, commander, commission_id, asked
):
    """Kai renamed "ZOE" in the table names Zoë and, answered No, keeps Kai."""
    panel = people_page.participants_panel
    row = [panel.proxy.index(n, P.COL_PSEUDONYM).data() for n in range(panel.proxy.rowCount())].index("Kai")
    _type_in_cell(qtbot, panel.table, panel.proxy.index(row, P.COL_PSEUDONYM), "ZOE")
    assert len(asked) == 1 and "Zoë" in asked[0]
    assert _pseudonyms(commander, commission_id) == ["Kai", "Zoë"]


def test_an_imported_lookalike_is_reported(
    qtbot, people_page, commander, commission_id, monkeypatch, tmp_path
):
    """A spreadsheet bringing in "zoe" says, after adding, that zoe and Zoë look alike."""
    sheet = tmp_path / "people.csv"
    sheet.write_text("pseudonym\nzoe\nSam\n", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(sheet), "")))
    notes: list[str] = []
    commander.succeeded.connect(notes.append)
    qtbot.mouseClick(people_page.participants_panel.import_button, Qt.MouseButton.LeftButton)
    assert _pseudonyms(commander, commission_id) == ["Kai", "Sam", "Zoë", "zoe"]
    assert len(notes) == 1 and "Added 2 participants" in notes[0]
    assert "zoe" in notes[0].split("participants", 1)[1] and "Zoë" in notes[0]


@pytest.fixture
def outcomes_page(show_page, commander, commission_id) -> OutcomesPage:
    return show_page(OutcomesPage(commander), commission_id)


def _statements(commander, commission_id) -> list[str]:
    return [row.text for row in commander.read(outcomes.list_outcomes, commission_id=commission_id)]


def test_a_statement_already_on_the_list_is_named_and_asked_about(
    qtbot, outcomes_page, commander, commission_id, asked
):
    """The same words again name the statement there; No adds nothing and keeps the typing."""
    page = outcomes_page
    qtbot.keyClicks(page.statement_input, "young people feel safe on the estate!")
    qtbot.keyClick(page.statement_input, Qt.Key.Key_Return)
    assert len(asked) == 1 and "Young people feel safe on the estate" in asked[0]
    assert _statements(commander, commission_id) == ["Young people feel safe on the estate"]
    assert page.statement_input.text() == "young people feel safe on the estate!"

    asked.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(page.statement_input, Qt.Key.Key_Return)
    assert len(_statements(commander, commission_id)) == 2


def test_rewording_a_statement_into_another_asks_first(qtbot, outcomes_page, commander, commission_id, asked):
    """Changing a second statement's words to the first's, in place, asks and (No) keeps its own words."""
    commander.run(outcomes.add_outcome, commission_id=commission_id, text="Somewhere to go after school")
    page = outcomes_page
    page.reload()
    view = page.table
    index = view.model().index(1, outcome_table_model.COL_STATEMENT)
    _type_in_cell(qtbot, view, index, "Young people feel SAFE on the estate")
    assert len(asked) == 1 and "Young people feel safe on the estate" in asked[0]
    assert _statements(commander, commission_id) == [
        "Young people feel safe on the estate",
        "Somewhere to go after school",
    ]
