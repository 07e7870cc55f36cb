"""The three lists the group puts in order behave alike, from the keyboard, and every change undoes.

The agenda, the interview questions and the questions on a feedback sheet are one panel made
from three specs; this walks each through the same steps a facilitator takes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cocommission.services import commissions, feedback, interview_questions, workshops
from cocommission.services.perform import perform
from cocommission.ui.pages.agenda_panel import AgendaPanel
from cocommission.ui.pages.feedback_questions_panel import FeedbackQuestionsPanel
from cocommission.ui.pages.ordered_list import COL_WORDS, OrderedListPanel
from cocommission.ui.pages.questions_panel import QuestionsPanel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@dataclass
class Shown:
    panel: OrderedListPanel
    #: Show the list as it is stored now, as the page does after every change.
    reload: Callable[[], None]
    #: The Edit menu's names for add, move and remove, as a facilitator reads them after "Undo".
    names: tuple[str, str, str]


def _agenda(commander, commission_id: str, workshop_id: str) -> Shown:
    panel = AgendaPanel(commander)
    return Shown(
        panel,
        lambda: panel.show_workshop(commander.read(workshops.get_workshop, workshop_id=workshop_id)),
        ("add agenda item 2", "move agenda item", "remove agenda item 2"),
    )


def _interview(commander, commission_id: str, workshop_id: str) -> Shown:
    panel = QuestionsPanel(commander)
    return Shown(
        panel,
        lambda: panel.show_questions(
            commission_id, commander.read(interview_questions.list_questions, commission_id=commission_id), [], []
        ),
        ("add question 2", "move question", "remove question 2"),
    )


def _sheet(commander, commission_id: str, workshop_id: str) -> Shown:
    panel = FeedbackQuestionsPanel(commander)
    return Shown(
        panel,
        lambda: panel.show_questions(
            commission_id, commander.read(feedback.list_questions, commission_id=commission_id)
        ),
        ("add sheet question 2", "move feedback question", "remove sheet question 2"),
    )


def _build(session) -> tuple[str, str]:
    made = commissions.create_commission(session, title="Youth fund").id
    return made, workshops.add_workshop(session, commission_id=made, title="Getting started", minutes=120).id


@pytest.mark.parametrize("make", [_agenda, _interview, _sheet], ids=["agenda", "interview", "sheet"])
def test_each_ordered_list_adds_moves_and_removes_from_the_keyboard_and_undoes_each_step(
    qtbot, database, commander, monkeypatch, make
):
    """Enter adds, Ctrl+Down moves the chosen item and keeps it chosen, Delete removes; Ctrl+Z undoes each."""
    shown = make(commander, *perform(database, _build).result)
    panel = shown.panel
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    with qtbot.waitActive(panel):  # the keys are shortcuts, which answer in the active window
        panel.activateWindow()
    shown.reload()

    def words() -> list[str]:
        return [panel.model.index(row, COL_WORDS).data() for row in range(panel.model.rowCount())]

    for text in ("Welcome", "Ground rules"):
        qtbot.keyClicks(panel.new_text, text)
        qtbot.keyClick(panel.new_text, Qt.Key.Key_Return)
        shown.reload()
    assert words() == ["Welcome", "Ground rules"]
    assert panel.new_text.text() == ""

    welcome = panel.model.rows()[0]
    panel.select_item(welcome.id)
    assert not panel.up_button.isEnabled() and panel.down_button.isEnabled()
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier)
    shown.reload()
    assert words() == ["Ground rules", "Welcome"]
    assert panel.selected_item().id == welcome.id
    assert panel.up_button.isEnabled() and not panel.down_button.isEnabled()

    asked: list[str] = []

    def answer(_parent, _title, text, *_args):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    shown.reload()
    assert words() == ["Ground rules"]
    assert "Welcome" in asked[0]

    stack = commander.undo_stack
    assert [stack.text(step) for step in range(1, stack.count())] == list(shown.names)
    stack.undo()
    shown.reload()
    assert words() == ["Ground rules", "Welcome"]
    stack.undo()
    shown.reload()
    assert words() == ["Welcome", "Ground rules"]
