"""A refusal is said where it can be put right: inside the form that asked, never on the window behind it.

The window's own banner says why a page's action was refused, and goes once the person moves to
another page or the next action succeeds.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from cocommission.services import bids, participants

PEOPLE, OUTCOMES, BIDS = 0, 1, 4


@pytest.fixture
def window(example_window):
    """The main window with the worked example open."""
    return example_window


def _retype(qtbot, field, text: str) -> None:
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_a_refused_bid_is_explained_in_its_form_and_nothing_is_left_on_the_window(qtbot, window):
    """A bid form's own refusal and the services' refusal show in the form; once fixed it closes, no banner."""
    workspace = window.workspace
    workspace.show_page(BIDS)
    panel = workspace.page_widgets[BIDS].bids_panel
    before = len(window.commander.read(bids.list_bids, commission_id=workspace.header.commission_id))
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.waitExposed(dialog)
    # A zero-width space pasted with the name: the form lets it through, the services refuse it.
    QApplication.clipboard().setText("Northside\u200bYouth Collective")
    dialog.bidder.lineEdit().setFocus()
    qtbot.keyClick(dialog.bidder.lineEdit(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.title, "Evening drop-in")
    qtbot.keyClicks(dialog.amount, "twenty")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "not an amount of money" in dialog.message.text()
    assert not workspace.banner.isVisible()

    _retype(qtbot, dialog.amount, "19,500")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.message.text().startswith("The bidder's name")
    assert not workspace.banner.isVisible()

    _retype(qtbot, dialog.bidder.lineEdit(), "Northside Youth Collective")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not (workspace.banner.isVisible() and workspace.banner.property("kind") == "problem")
    after = window.commander.read(bids.list_bids, commission_id=workspace.header.commission_id)
    assert len(after) == before + 1 and any(row.title == "Evening drop-in" for row in after)


def test_a_taken_pseudonym_is_explained_in_the_participant_form_only(qtbot, window):
    """A pseudonym already taken is refused inside the form; a free one closes it, and no banner shows."""
    workspace = window.workspace
    workspace.show_page(PEOPLE)
    panel = workspace.page_widgets[PEOPLE].participants_panel
    commission_id = workspace.header.commission_id
    taken = window.commander.read(participants.list_participants, commission_id=commission_id)[0].pseudonym
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.pseudonym, taken)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "already taken" in dialog.message.text()
    assert not workspace.banner.isVisible()

    _retype(qtbot, dialog.pseudonym, "Wren")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert not workspace.banner.isVisible()
    names = [row.pseudonym for row in window.commander.read(participants.list_participants, commission_id=commission_id)]
    assert "Wren" in names


def test_the_windows_banner_goes_when_the_person_moves_to_another_page(qtbot, window):
    """A page's refusal shows in the banner and goes when another page is chosen in the navigator."""
    workspace = window.workspace
    workspace.show_page(OUTCOMES)
    workspace.page_widgets[OUTCOMES].split_selected()
    assert workspace.banner.isVisible() and workspace.banner.text.text() == "Choose one statement to split."
    workspace.navigator.setFocus()
    qtbot.keyClick(workspace.navigator, Qt.Key.Key_Down)
    assert workspace.pages.currentIndex() == OUTCOMES + 1
    assert not workspace.banner.isVisible()


def test_the_windows_banner_goes_when_the_next_action_succeeds(qtbot, window):
    """After a refusal in the banner, the next action that is saved takes the refusal down."""
    workspace = window.workspace
    workspace.show_page(OUTCOMES)
    page = workspace.page_widgets[OUTCOMES]
    page.split_selected()
    assert workspace.banner.isVisible()
    qtbot.keyClicks(page.statement_input, "Young people can get help after 6pm")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert not workspace.banner.isVisible()
