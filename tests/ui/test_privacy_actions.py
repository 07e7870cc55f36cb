"""Privacy in the app: erase a participant, save everything held about them, the retention reminder."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from cocommission.model.base import today
from cocommission.services import participants, workshops
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform, read
from cocommission.ui.main_window import MainWindow
from cocommission.ui.pages import participants_panel
from cocommission.ui.pages.people_page import PeoplePage
from cocommission.ui.stage_pages import STAGE_PAGES

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _build(session, *, retention_until=None):
    made = create_commission(session, title="Youth fund", retention_until=retention_until).id
    ash = participants.add_participant(
        session, commission_id=made, pseudonym="Ash", full_name="Ashley Secret", consent_on=date(2026, 1, 5)
    ).id
    return made, ash


@pytest.fixture
def page(show_page, commander, database):
    """The People page on a commission with Ash, Ash chosen in the table."""
    commission_id, ash = perform(database, _build).result
    shown = show_page(PeoplePage(commander), commission_id, size=(1180, 620))
    shown.participants_panel.select_participant(ash)
    return shown


def _pseudonyms(page) -> list[str]:
    model = page.participants_panel.model
    return [model.index(row, participants_panel.COL_PSEUDONYM).data() for row in range(model.rowCount())]


def test_erasing_from_the_privacy_menu_shows_an_erased_participant_and_clears_undo(
    page, commander, monkeypatch
):
    """After confirming, Ash shows as "Erased participant 1" and no undo step can bring the name back."""
    commander.edit(
        "Change language",
        do=participants_panel.ServiceCall(
            participants.update_participant, {"participant_id": page.participants_panel.selected_participant().id,
                                        "language": "Welsh"}
        ),
        undo=participants_panel.ServiceCall(
            participants.update_participant, {"participant_id": page.participants_panel.selected_participant().id,
                                        "language": "English"}
        ),
    )
    assert commander.undo_stack.count() == 1
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)

    page.participants_panel.erase_action.trigger()

    assert _pseudonyms(page) == ["Erased participant 1"]
    assert commander.undo_stack.count() == 0
    page.participants_panel.select_participant(page.participants_panel.model.rows()[0].person.id)
    assert not page.participants_panel.erase_action.isEnabled()


def test_cancelling_the_erasure_changes_nothing(page, monkeypatch):
    """Cancel at the warning leaves Ash as she was."""
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Cancel)
    page.participants_panel.erase_action.trigger()
    assert _pseudonyms(page) == ["Ash"]


def test_saving_everything_held_writes_a_pdf_and_json(page, tmp_path, monkeypatch):
    """"Save everything held about them…" writes the PDF to read and the JSON beside it."""
    target = tmp_path / "ash.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kwargs: QMessageBox.StandardButton.Ok)

    page.participants_panel.access_action.trigger()

    assert target.read_bytes().startswith(b"%PDF")
    record = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
    assert record["participant"]["full_name"] == "Ashley Secret"


def test_opening_a_commission_past_its_retention_date_offers_to_erase_everyone(
    qtbot, database, settings, monkeypatch
):
    """Past the retention date, opening the commission offers erasure; accepting it erases everyone."""
    commission_id, ash = perform(
        database, lambda s: _build(s, retention_until=today() - timedelta(days=1))
    ).result
    offered: list[str] = []

    def press_erase(box: QMessageBox) -> int:
        offered.append(box.text())
        (button,) = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole]
        button.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", press_erase)
    window = MainWindow(database, settings, STAGE_PAGES)
    qtbot.addWidget(window)
    window.open_commission(commission_id)

    assert "has passed" in offered[0]
    person = read(database, lambda s: participants.get_participant(s, participant_id=ash))
    assert person.erased and person.full_name is None


def test_erasing_shows_where_the_name_was_typed_and_redacts_only_the_ticked_places(
    page, commander, database, monkeypatch
):
    """The review lists each place Ash's name was typed, highlighted; an unticked place keeps its words."""
    from cocommission.model import Workshop
    from cocommission.ui.erase_review_dialog import EraseReviewDialog

    ash = page.participants_panel.selected_participant()

    def write(session):
        first = workshops.add_workshop(session, commission_id=_commission_of(database, ash.id), title="Ash's welcome")
        second = workshops.add_workshop(session, commission_id=_commission_of(database, ash.id), title="Planning")
        session.get(Workshop, second.id).venue = "Ashley's house"
        return first.id, second.id

    welcome, planning = perform(database, write).result
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    shown: list[EraseReviewDialog] = []

    def review(dialog: EraseReviewDialog) -> int:
        shown.append(dialog)
        untick = next(row for row, mention in enumerate(dialog.mentions) if mention.record_id == welcome)
        dialog.set_ticked(untick, False)
        return EraseReviewDialog.DialogCode.Accepted

    monkeypatch.setattr(EraseReviewDialog, "exec", review)
    page.participants_panel.erase_action.trigger()

    (dialog,) = shown
    where = [dialog.places.item(row, 0).text() for row in range(dialog.places.rowCount())]
    assert "Workshop: venue" in where and "Workshop: title" in where
    places = dialog.places
    words = [dialog.table.indexWidget(places.index(row, 1)).text() for row in range(places.rowCount())]
    assert any(">Ashley</span>'s house" in text for text in words), words
    titles = read(database, lambda s: {w.id: (w.title, w.venue) for w in s.query(Workshop)})
    assert titles[welcome] == ("Ash's welcome", "")
    assert titles[planning] == ("Planning", "[name removed]'s house")
    assert _pseudonyms(page) == ["Erased participant 1"]


def test_cancelling_the_review_erases_nothing(page, commander, database, monkeypatch):
    """Cancel in the review of where the name was typed leaves Ash and the words as they were."""
    from cocommission.ui.erase_review_dialog import EraseReviewDialog

    ash = page.participants_panel.selected_participant()
    perform(database, lambda s: workshops.add_workshop(s, commission_id=_commission_of(database, ash.id), title="Ash's welcome"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(EraseReviewDialog, "exec", lambda dialog: EraseReviewDialog.DialogCode.Rejected)
    page.participants_panel.erase_action.trigger()
    assert _pseudonyms(page) == ["Ash"]


def _commission_of(database, participant_id: str) -> str:
    from cocommission.model import Participant

    return read(database, lambda s: s.get(Participant, participant_id).commission_id)
