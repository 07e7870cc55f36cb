"""The Tender page: starting the tender, writing sections, versions, criteria and agreeing it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from cocommission.model import OutcomeStatement, OutcomeStatus, TenderStatus
from cocommission.model.base import today
from cocommission.services import tender
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.ui.commands import Commander
from cocommission.ui.pages.tender_page import TenderPage
from cocommission.ui.pages.tender_sections_panel import PAUSE_BEFORE_SAVING_MS
from cocommission.ui.reopen_tender_dialog import ReopenTenderDialog
from cocommission.ui.workspace import Workspace

# The offscreen platform reports that it cannot pass size hints to a window system; that is not a fault.
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _commission(commander: Commander, database) -> str:
    """A commission with one agreed outcome statement and one still only proposed."""
    commission_id = commander.run(
        create_commission,
        title="Youth justice fund",
        description="Money for young people who have offended.",
        budget_minor=2_000_000,
    ).id
    # services/outcomes.py is still being written, so the statements go in through the ORM.
    with database.unit_of_work() as session:
        session.add(
            OutcomeStatement(
                commission_id=commission_id,
                position=1,
                text="Young people feel safe",
                measure="A survey every term",
                status=OutcomeStatus.AGREED,
            )
        )
        session.add(
            OutcomeStatement(
                commission_id=commission_id, position=2, text="More police", status=OutcomeStatus.PROPOSED
            )
        )
    return commission_id


def _show(qtbot, widget: QWidget) -> None:
    widget.resize(1280, 700)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


@pytest.fixture
def page(qtbot, commander) -> TenderPage:
    made = TenderPage(commander)
    qtbot.addWidget(made)
    _show(qtbot, made)
    return made


def _started(qtbot, page: TenderPage, commander: Commander, database) -> str:
    commission_id = _commission(commander, database)
    page.set_commission(commission_id)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    return commission_id


def _stored(commander: Commander, commission_id: str) -> tender.TenderRow:
    return commander.read(tender.get_tender, commission_id=commission_id)


def _stored_body(commander: Commander, commission_id: str, key: str) -> str:
    return next(s.body for s in _stored(commander, commission_id).sections if s.key == key)


def _list_texts(page: TenderPage) -> list[str]:
    model = page.sections.model
    return [model.index(n, 0).data() for n in range(model.rowCount())]


def _choose_section(qtbot, page: TenderPage, heading: str) -> None:
    number = next(n for n, text in enumerate(_list_texts(page)) if text.startswith(heading))
    rect = page.sections.list.visualRect(page.sections.model.index(number, 0))
    qtbot.mouseClick(page.sections.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert page.sections.heading.text() == heading


def _type_at_end(qtbot, editor: QPlainTextEdit, text: str) -> None:
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClick(editor, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    for number, line in enumerate(text.split("\n")):
        if number:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.keyClicks(editor, line)


def _add_criterion(qtbot, page: TenderPage, name: str, weight: int) -> None:
    panel = page.criteria
    qtbot.keyClicks(panel.new_name, name)
    panel.new_weight.selectAll()
    qtbot.keyClicks(panel.new_weight, str(weight))
    qtbot.keyClick(panel.new_name, Qt.Key.Key_Return)


def _press_enter_in_cell(qtbot, view: QAbstractItemView, index, editor: QWidget) -> None:
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits and closes a cell editor a moment after Enter (a queued call).
    qtbot.waitUntil(lambda: view.indexWidget(index) is None)


def _edit_weight(qtbot, page: TenderPage, row: int, weight: int, *, commit: bool = True) -> QSpinBox:
    view = page.criteria.view
    index = page.criteria.model.index(row, 2)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert isinstance(editor, QSpinBox)
    editor.selectAll()
    qtbot.keyClicks(editor, str(weight))
    if commit:
        _press_enter_in_cell(qtbot, view, index, editor)
    return editor


def test_empty_state_starts_the_tender_from_the_template(qtbot, page, commander, database, qtmodeltester):
    """With no tender the page offers to start one; starting fills the sections from the agreed outcomes."""
    commission_id = _commission(commander, database)
    page.set_commission(commission_id)
    assert page.stack.currentWidget() is page.empty_state
    assert page.start_button.isVisible()

    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)

    assert page.stack.currentWidget() is page.content
    # Sections filled in from criteria and people the commission does not have yet start empty, and say so.
    empty = {"evaluation", "co_production"}
    assert _list_texts(page) == [
        standard.heading + (" (no text yet)" if standard.key in empty else "") for standard in tender.STANDARD_SECTIONS
    ]
    assert _stored_body(commander, commission_id, "outcomes") == (
        "- Young people feel safe\n  Measured by: A survey every term"
    )
    _choose_section(qtbot, page, "The outcomes we want")
    assert "Young people feel safe" in page.sections.body.toPlainText()
    assert "More police" not in page.sections.body.toPlainText()
    assert page.details.title.text() == "Tender: Youth justice fund"
    assert page.details.duration.text() == "12 months"
    assert page.details.scale.text() == "0 to 5"
    qtmodeltester.check(page.sections.model)


def test_typed_text_is_saved_when_the_editor_loses_focus(qtbot, page, commander, database):
    """Typing in a section's text and moving to another field saves the text."""
    commission_id = _started(qtbot, page, commander, database)
    _choose_section(qtbot, page, "Background")

    _type_at_end(qtbot, page.sections.body, " They asked for somewhere safe.")
    assert _stored_body(commander, commission_id, "background") == "Money for young people who have offended."
    qtbot.mouseClick(page.sections.heading, Qt.MouseButton.LeftButton)

    assert _stored_body(commander, commission_id, "background") == (
        "Money for young people who have offended. They asked for somewhere safe."
    )
    assert page.sections.saved_state.text() == "Saved."
    assert page.sections.body.toPlainText().endswith("somewhere safe.")


def test_a_pause_in_typing_saves_without_leaving_the_editor(qtbot, page, commander, database):
    """A short pause in typing saves what was typed while the cursor stays in the text."""
    commission_id = _started(qtbot, page, commander, database)
    _choose_section(qtbot, page, "Timetable")
    _type_at_end(qtbot, page.sections.body, " Closing date: 1 March.")
    assert page.sections.saved_state.text() == "Saving when you pause…"

    qtbot.waitUntil(
        lambda: _stored_body(commander, commission_id, "timetable").endswith("Closing date: 1 March."),
        timeout=PAUSE_BEFORE_SAVING_MS + 2000,
    )
    assert page.sections.body.hasFocus()
    # The save did not move the cursor: typing carries on where it was.
    qtbot.keyClicks(page.sections.body, " Late bids are not read.")
    assert page.sections.body.toPlainText().endswith("Closing date: 1 March. Late bids are not read.")


def test_undo_puts_back_the_previous_text(qtbot, page, commander, database):
    """Ctrl+Z after a saved edit restores the section's previous text, on screen and in the database."""
    commission_id = _started(qtbot, page, commander, database)
    _choose_section(qtbot, page, "Background")
    _type_at_end(qtbot, page.sections.body, " Extra words.")
    qtbot.mouseClick(page.sections.heading, Qt.MouseButton.LeftButton)
    assert _stored_body(commander, commission_id, "background").endswith("Extra words.")

    commander.undo_stack.undo()

    assert _stored_body(commander, commission_id, "background") == "Money for young people who have offended."
    assert page.sections.body.toPlainText() == "Money for young people who have offended."
    commander.undo_stack.redo()
    assert page.sections.body.toPlainText().endswith("Extra words.")


def test_renaming_a_section_is_saved_and_shown_in_the_list(qtbot, page, commander, database):
    """A new heading, confirmed with Enter, is saved and shown in the list of sections."""
    commission_id = _started(qtbot, page, commander, database)
    _choose_section(qtbot, page, "Timetable")
    page.sections.heading.selectAll()
    qtbot.keyClicks(page.sections.heading, "When things happen")
    qtbot.keyClick(page.sections.heading, Qt.Key.Key_Return)

    assert [s.heading for s in _stored(commander, commission_id).sections if s.key == "timetable"] == [
        "When things happen"
    ]
    assert "When things happen" in _list_texts(page)
    assert page.sections.heading.text() == "When things happen"


def test_saved_version_compared_with_the_draft_lists_the_changed_section(
    qtbot, page, commander, database, monkeypatch, qtmodeltester
):
    """After saving a version and editing, the comparison marks that section changed and colours its lines."""
    commission_id = _started(qtbot, page, commander, database)
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("First draft", True))
    page.tabs.setCurrentWidget(page.versions)
    qtbot.mouseClick(page.versions.save_button, Qt.MouseButton.LeftButton)
    assert page.versions.model.rowCount() == 1
    assert page.versions.model.index(0, 1).data() == "First draft"
    qtmodeltester.check(page.versions.model)

    page.tabs.setCurrentWidget(page.sections)
    _choose_section(qtbot, page, "Background")
    _type_at_end(qtbot, page.sections.body, "\nA second paragraph.")
    page.tabs.setCurrentWidget(page.versions)
    qtbot.mouseClick(page.versions.compare_button, Qt.MouseButton.LeftButton)

    dialog = page.versions.diff_dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    changes = {model.index(n, 0).data(): model.index(n, 1).data() for n in range(model.rowCount())}
    assert changes["Background"] == "Changed"
    assert changes["Budget"] == "No change"
    assert dialog.to_choice.currentText() == "The current draft"
    qtmodeltester.check(dialog.model)
    document = dialog.changes.document()
    blocks = [document.findBlockByNumber(n) for n in range(document.blockCount())]
    added = next(block for block in blocks if block.text() == "+A second paragraph.")
    assert added.begin().fragment().charFormat().foreground().color().name() == "#1b6e3a"
    assert "+A second paragraph." in dialog.changes.toPlainText()
    assert len(commander.read(tender.list_versions, tender_id=_stored(commander, commission_id).id)) == 1
    dialog.close()


def test_restoring_a_version_brings_its_text_back(qtbot, page, commander, database, monkeypatch):
    """Restoring a chosen version, once confirmed, makes the sections what they were."""
    commission_id = _started(qtbot, page, commander, database)
    tender_row = _stored(commander, commission_id)
    background = next(s for s in tender_row.sections if s.key == "background")
    commander.run(tender.save_version, tender_id=tender_row.id, name="Before")
    commander.run(tender.edit_section, section_id=background.id, body="Rewritten.")
    assert page.sections.body.toPlainText() == "Rewritten."
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)

    page.tabs.setCurrentWidget(page.versions)
    page.versions.view.selectRow(0)
    qtbot.mouseClick(page.versions.restore_button, Qt.MouseButton.LeftButton)

    assert _stored_body(commander, commission_id, "background") == "Money for young people who have offended."
    assert page.sections.body.toPlainText() == "Money for young people who have offended."


def test_weights_total_follows_a_weight_as_it_is_edited(qtbot, page, commander, database, qtmodeltester):
    """The weights total turns from red 95% to green 100% as a weight is changed in the table."""
    commission_id = _started(qtbot, page, commander, database)
    page.tabs.setCurrentWidget(page.criteria)
    _add_criterion(qtbot, page, "Meets the outcomes", 60)
    _add_criterion(qtbot, page, "Value for money", 35)
    total = page.criteria.total
    assert total.objectName() == "weightsTotal"
    assert total.text() == "Weights add up to 95% — they must add up to 100%"
    assert total.property("ok") == "false"
    stored = commander.read(tender.list_criteria, commission_id=commission_id)
    assert [(r.name, r.weight) for r in stored] == [("Meets the outcomes", 60), ("Value for money", 35)]
    qtmodeltester.check(page.criteria.model)

    editor = _edit_weight(qtbot, page, 1, 40, commit=False)
    # Before it is saved, the total already shows where the weight being turned would take it.
    assert total.text() == "Weights add up to 100%"
    _press_enter_in_cell(qtbot, page.criteria.view, page.criteria.model.index(1, 2), editor)

    assert commander.read(tender.weights_check, commission_id=commission_id) == (100, True)
    assert total.text() == "Weights add up to 100%"
    assert total.property("ok") == "true"
    assert page.criteria.model.index(1, 2).data() == "40"
    commander.undo_stack.undo()
    assert total.text() == "Weights add up to 95% — they must add up to 100%"


def test_criterion_name_is_edited_in_place_and_removed_after_asking(
    qtbot, page, commander, database, monkeypatch
):
    """Typing over a criterion's name renames it; Delete removes it once confirmed."""
    commission_id = _started(qtbot, page, commander, database)
    page.tabs.setCurrentWidget(page.criteria)
    _add_criterion(qtbot, page, "Outcomes", 100)
    view = page.criteria.view
    index = page.criteria.model.index(0, 0)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, "Meets the outcomes")
    _press_enter_in_cell(qtbot, view, index, editor)
    assert [r.name for r in commander.read(tender.list_criteria, commission_id=commission_id)] == [
        "Meets the outcomes"
    ]

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    view.setFocus()
    view.setCurrentIndex(page.criteria.model.index(0, 0))
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert commander.read(tender.list_criteria, commission_id=commission_id) == ()
    assert page.criteria.model.rowCount() == 0


def _set_closing_date(qtbot, page: TenderPage, day: date) -> None:
    """Tick the closing date and pick ``day``, as the facilitator would."""
    closing = page.details.closing
    if not closing.check.isChecked():
        qtbot.mouseClick(closing.check, Qt.MouseButton.LeftButton, pos=QPoint(5, closing.check.height() // 2))
    closing.day.setDate(QDate(day.year, day.month, day.day))


def test_agreeing_is_refused_at_95_percent_and_then_freezes_the_editors(qtbot, commander, database):
    """Agreeing lists every problem in the banner; put right, it agrees and the editors become read-only."""
    workspace = Workspace(commander, [TenderPage])
    qtbot.addWidget(workspace)
    _show(qtbot, workspace)
    commission_id = _commission(commander, database)
    commander.run(add_participant, commission_id=commission_id, pseudonym="Fox")
    workspace.open_commission(commission_id)
    page = workspace.page_widgets[0]
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentWidget(page.criteria)
    _add_criterion(qtbot, page, "Meets the outcomes", 60)
    _add_criterion(qtbot, page, "Value for money", 35)

    qtbot.mouseClick(page.agree_button, Qt.MouseButton.LeftButton)

    assert workspace.banner.isVisible()
    assert workspace.banner.text.text() == (
        "The tender cannot be agreed until these are put right:\n"
        "• The criteria weights add up to 95%; they must add up to 100%.\n"
        "• The tender has no closing date; set the day bids must reach you by in the tender's details."
    )
    assert _stored(commander, commission_id).status is TenderStatus.DRAFT
    assert commander.read(tender.list_versions, tender_id=page.tender.id) == ()

    _edit_weight(qtbot, page, 1, 40)
    _set_closing_date(qtbot, page, today() + timedelta(days=28))
    qtbot.mouseClick(page.agree_button, Qt.MouseButton.LeftButton)

    assert _stored(commander, commission_id).status is TenderStatus.AGREED
    assert workspace.banner.text.text() == 'The tender is agreed and saved as a version called "Agreed".'
    assert page.status.text().startswith("Agreed by the group on")
    assert page.reopen_button.isVisible() and not page.agree_button.isVisible()
    assert page.sections.body.isReadOnly() and page.sections.heading.isReadOnly()
    assert page.details.title.isReadOnly() and page.details.duration.isReadOnly()
    assert not page.details.closing.check.isEnabled() and page.details.closing.day.isReadOnly()
    assert page.criteria.view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not page.criteria.add_button.isEnabled()
    assert not page.sections.add_button.isEnabled()
    assert [v.name for v in commander.read(tender.list_versions, tender_id=page.tender.id)] == ["Agreed"]


def test_the_closing_date_is_committed_when_picked_and_undone_with_ctrl_z(qtbot, commander, database, page):
    """Ticking offers four weeks ahead and stores it; a picked day is stored at once; Undo steps back through both."""
    commission_id = _started(qtbot, page, commander, database)
    offered = today() + timedelta(weeks=4)
    day = today() + timedelta(days=30)

    _set_closing_date(qtbot, page, day)

    assert _stored(commander, commission_id).closing_date == day
    assert page.details.closing.value() == day
    commander.undo_stack.undo()
    assert _stored(commander, commission_id).closing_date == offered
    assert page.details.closing.value() == offered
    commander.undo_stack.undo()
    assert _stored(commander, commission_id).closing_date is None
    assert page.details.closing.value() is None


def test_template_advice_is_the_editors_placeholder_not_the_sections_text(qtbot, commander, database, page):
    """A commission with no description starts an empty Background whose advice shows only as a placeholder."""
    commission_id = commander.run(create_commission, title="No description yet", budget_minor=100_000).id
    page.set_commission(commission_id)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    _choose_section(qtbot, page, "Background")

    assert page.sections.body.toPlainText() == ""
    assert page.sections.body.placeholderText().startswith("Explain why this service is being commissioned")
    assert _stored_body(commander, commission_id, "background") == ""



def test_reopening_asks_for_a_reason_and_makes_the_tender_editable(qtbot, page, commander, database):
    """Reopen… needs a written reason; once given, the tender is a draft again and can be edited."""
    commission_id = _commission(commander, database)
    commander.run(add_participant, commission_id=commission_id, pseudonym="Fox")
    page.set_commission(commission_id)
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    commander.run(tender.set_criteria, commission_id=commission_id, criteria=[("Outcomes", "", 100)])
    commander.run(
        tender.set_closing_date, tender_id=page.tender.id, closing_date=today() + timedelta(days=14)
    )
    qtbot.mouseClick(page.agree_button, Qt.MouseButton.LeftButton)
    assert page.reopen_button.isVisible()
    seen: dict[str, bool] = {}

    def give_reason() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReopenTenderDialog)
        seen["greyed out before a reason"] = not dialog.reopen_button.isEnabled()
        qtbot.keyClicks(dialog.reason_box, "The commissioner asked for a closing date.")
        seen["enabled with a reason"] = dialog.reopen_button.isEnabled()
        qtbot.mouseClick(dialog.reopen_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, give_reason)
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)

    assert seen == {"greyed out before a reason": True, "enabled with a reason": True}
    assert _stored(commander, commission_id).status is TenderStatus.DRAFT
    assert not page.sections.body.isReadOnly()
    assert page.agree_button.isVisible()


def test_reopen_dialog_cannot_be_accepted_without_a_reason(qtbot):
    """The reopen dialog will not close with OK while the reason is blank."""
    dialog = ReopenTenderDialog()
    qtbot.addWidget(dialog)
    assert not dialog.reopen_button.isEnabled()
    qtbot.keyClicks(dialog.reason_box, "   ")
    assert not dialog.reopen_button.isEnabled()
    dialog.accept()
    assert dialog.result() != ReopenTenderDialog.DialogCode.Accepted


def test_own_sections_are_added_moved_and_removed(qtbot, page, commander, database, monkeypatch):
    """A section of one's own is added at the end, moved up, and removed after asking; standard ones stay."""
    commission_id = _started(qtbot, page, commander, database)
    assert not page.sections.remove_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Safeguarding", True))
    qtbot.mouseClick(page.sections.add_button, Qt.MouseButton.LeftButton)

    assert _list_texts(page)[-1] == "Safeguarding (no text yet)"
    assert page.sections.heading.text() == "Safeguarding"
    assert page.sections.remove_button.isEnabled()
    assert not page.sections.down_button.isEnabled()

    qtbot.mouseClick(page.sections.up_button, Qt.MouseButton.LeftButton)
    headings = [s.heading for s in _stored(commander, commission_id).sections]
    assert headings[-2:] == ["Safeguarding", "How this tender was written"]
    assert _list_texts(page)[-2] == "Safeguarding (no text yet)"
    assert page.sections.heading.text() == "Safeguarding"

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    page.sections.list.setFocus()
    qtbot.keyClick(page.sections.list, Qt.Key.Key_Delete)
    assert "Safeguarding" not in [s.heading for s in _stored(commander, commission_id).sections]
    assert page.sections.heading.text() == "How this tender was written"


def test_refreshing_outcomes_rewrites_the_section_and_can_be_undone(qtbot, page, commander, database):
    """ "Refresh from agreed outcomes" picks up newly agreed outcomes; Ctrl+Z puts back the typed text."""
    commission_id = _started(qtbot, page, commander, database)
    _choose_section(qtbot, page, "The outcomes we want")
    assert page.sections.refresh_outcomes_button.isVisible()
    assert not page.sections.refresh_criteria_button.isVisible()
    _type_at_end(qtbot, page.sections.body, "\nOur own note.")
    with database.unit_of_work() as session:
        session.add(
            OutcomeStatement(
                commission_id=commission_id,
                position=3,
                text="Somewhere to go at night",
                status=OutcomeStatus.AGREED,
            )
        )

    qtbot.mouseClick(page.sections.refresh_outcomes_button, Qt.MouseButton.LeftButton)

    assert "- Somewhere to go at night" in page.sections.body.toPlainText()
    assert "Our own note." not in _stored_body(commander, commission_id, "outcomes")
    commander.undo_stack.undo()
    assert _stored_body(commander, commission_id, "outcomes").endswith("Our own note.")
    assert page.sections.body.toPlainText().endswith("Our own note.")


def test_refreshing_from_criteria_lists_them_with_weights(qtbot, page, commander, database):
    """ "Refresh from criteria" writes the criteria and weights into "How bids will be judged"."""
    commission_id = _started(qtbot, page, commander, database)
    criteria = [("Outcomes", "", 70), ("Cost", "", 30)]
    commander.run(tender.set_criteria, commission_id=commission_id, criteria=criteria)
    _choose_section(qtbot, page, "How bids will be judged")
    assert page.sections.refresh_criteria_button.isVisible()

    qtbot.mouseClick(page.sections.refresh_criteria_button, Qt.MouseButton.LeftButton)

    assert "- Outcomes (70%)" in _stored_body(commander, commission_id, "evaluation")
    assert "- Cost (30%)" in page.sections.body.toPlainText()


def test_details_are_saved_and_undoable(qtbot, page, commander, database):
    """Changing the duration, scale and title saves each one; undo puts the duration back."""
    commission_id = _started(qtbot, page, commander, database)
    details = page.details
    details.duration.setFocus()
    details.duration.selectAll()
    qtbot.keyClicks(details.duration, "18")
    qtbot.keyClick(details.duration, Qt.Key.Key_Return)
    details.scale.setFocus()
    qtbot.keyClick(details.scale, Qt.Key.Key_Up)
    details.title.selectAll()
    qtbot.keyClicks(details.title, "Talent fund: invitation to bid")
    qtbot.keyClick(details.title, Qt.Key.Key_Return)

    stored = _stored(commander, commission_id)
    assert (stored.duration_months, stored.scoring_scale_max, stored.title) == (
        18,
        6,
        "Talent fund: invitation to bid",
    )
    assert details.scale.text() == "0 to 6"
    commander.undo_stack.undo()
    commander.undo_stack.undo()
    commander.undo_stack.undo()
    assert _stored(commander, commission_id).duration_months == 12
    assert details.duration.text() == "12 months"


def _inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def _unnamed_controls(top: QWidget) -> list[str]:
    controls = (
        QAbstractButton,
        QLineEdit,
        QPlainTextEdit,
        QTextEdit,
        QComboBox,
        QAbstractSpinBox,
        QAbstractItemView,
    )
    unnamed = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, controls) or isinstance(widget, QHeaderView):
            continue
        if _inside(widget, (QAbstractSpinBox, QComboBox)):
            continue  # the line edit of a spin box, the drop-down list of a combo box: parts of a named control
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (text or widget.accessibleName()):
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    return unnamed


def test_every_control_has_a_name(qtbot, page, commander, database):
    """Every button, field, list and table on the page and its dialogs has visible text or an accessible name."""
    commission_id = _started(qtbot, page, commander, database)
    commander.run(tender.save_version, tender_id=_stored(commander, commission_id).id, name="First draft")
    page.versions.compare()
    reopen = ReopenTenderDialog()
    qtbot.addWidget(reopen)

    assert _unnamed_controls(page) == []
    assert _unnamed_controls(page.versions.diff_dialog) == []
    assert _unnamed_controls(reopen) == []
    page.versions.diff_dialog.close()


def test_the_page_fits_a_small_laptop_screen(qtbot, page, commander, database):
    """The page's smallest size fits in a 1366×768 window beside the stage list."""
    _started(qtbot, page, commander, database)
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - 220
    assert hint.height() <= 768 - 160


def test_comparing_a_version_with_itself_says_nothing_is_different(qtbot, page, commander, database):
    """Comparing a version with itself says nothing is different."""
    commission_id = _started(qtbot, page, commander, database)
    tender_id = _stored(commander, commission_id).id
    saved = commander.run(tender.save_version, tender_id=tender_id, name="Only")
    page.tabs.setCurrentWidget(page.versions)
    page.versions.compare()
    dialog = page.versions.diff_dialog
    dialog.to_choice.setCurrentIndex(dialog.to_choice.findData(saved.id))
    assert dialog.changes.toPlainText() == "Nothing is different: every section has the same text."
    dialog.close()


def test_choosing_another_section_saves_the_one_being_left(qtbot, page, commander, database):
    """Moving to another section before the pause is over saves the text typed and shows the new section."""
    commission_id = _started(qtbot, page, commander, database)
    _choose_section(qtbot, page, "Budget")
    _type_at_end(qtbot, page.sections.body, " Paid in two parts.")
    page.sections.heading.setText("Money")

    page.sections.list.setCurrentIndex(page.sections.model.index(8, 0))

    budget = next(s for s in _stored(commander, commission_id).sections if s.key == "budget")
    assert (budget.heading, budget.body.endswith("Paid in two parts.")) == ("Money", True)
    assert page.sections.heading.text() == "Timetable"
    assert page.sections.body.toPlainText().startswith("Shortlisted bidders will be invited")
    commander.undo_stack.undo()
    budget = next(s for s in _stored(commander, commission_id).sections if s.key == "budget")
    assert (budget.heading, budget.body.endswith("Paid in two parts.")) == ("Budget", False)


def test_an_empty_heading_is_refused_with_a_message_and_put_back(qtbot, page, commander, database):
    """Clearing a section's heading is refused with a readable message and the old heading comes back."""
    commission_id = _started(qtbot, page, commander, database)
    messages: list[str] = []
    commander.failed.connect(messages.append)
    _choose_section(qtbot, page, "Timetable")
    page.sections.heading.selectAll()
    qtbot.keyClick(page.sections.heading, Qt.Key.Key_Delete)
    qtbot.keyClick(page.sections.heading, Qt.Key.Key_Return)

    assert messages == ["A section needs a heading."]
    assert page.sections.heading.text() == "Timetable"
    assert "Timetable" in [s.heading for s in _stored(commander, commission_id).sections]
