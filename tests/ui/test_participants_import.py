"""People › Participants › Import from spreadsheet…: a list saved as CSV comes in all at once, or not at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from cocommission.services import participants
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform
from cocommission.ui.pages import participants_panel
from cocommission.ui.pages.people_page import PeoplePage

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

EXAMPLE = Path(__file__).parents[2] / "docs" / "participants-example.csv"


def _build(session) -> str:
    commission_id = create_commission(session, title="Youth fund").id
    participants.add_participant(session, commission_id=commission_id, pseudonym="Ash")
    return commission_id


@pytest.fixture
def page(show_page, commander, database) -> PeoplePage:
    """The People page on a commission with one participant, Ash."""
    return show_page(PeoplePage(commander), perform(database, _build).result, size=(1180, 620))


def _choose_file(monkeypatch, path: Path | None) -> list[str]:
    """Answer the open-file dialog with ``path`` (None: cancelled); returns the dialog titles asked."""
    asked: list[str] = []

    def answer(parent, title, folder, filters):
        asked.append(title)
        return (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(answer))
    return asked


def _pseudonyms(panel) -> list[str]:
    return sorted(panel.proxy.index(row, participants_panel.COL_PSEUDONYM).data() for row in range(panel.proxy.rowCount()))


def test_importing_the_example_spreadsheet_lists_everyone_and_says_so(qtbot, page, commander, monkeypatch):
    """Choosing the example file adds its four people to the table, and a note says how many came in."""
    panel = page.participants_panel
    notes: list[str] = []
    commander.succeeded.connect(notes.append)
    asked = _choose_file(monkeypatch, EXAMPLE)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert asked == ["Import participants from a spreadsheet"]
    assert _pseudonyms(panel) == ["Ash", "Blaze", "Kit", "Nova", "Rook"]
    assert notes == ["Added 4 participants from participants-example.csv."]
    assert panel.selected_participant().pseudonym == "Blaze"


def test_a_spreadsheet_with_problems_adds_no_one_and_shows_why(qtbot, page, problems, monkeypatch, tmp_path):
    """A clash with someone already there is shown as the usual problem message, and no one is added."""
    panel = page.participants_panel
    clashing = tmp_path / "group.csv"
    clashing.write_text("Nickname,Under 18\nBo,yes\nash,no\n", "utf-8")
    _choose_file(monkeypatch, clashing)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert _pseudonyms(panel) == ["Ash"]
    assert len(problems) == 1
    assert problems[0].startswith("No one was added") and "Line 3: the pseudonym 'ash' is already taken" in problems[0]

    _choose_file(monkeypatch, None)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert len(problems) == 1 and _pseudonyms(panel) == ["Ash"]
