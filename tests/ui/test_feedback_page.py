"""The Feedback & payments page: the honoraria ledger, and feedback sheets issued, keyed in and summarised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from random import Random

import pytest
from control_names import unnamed_controls
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QRadioButton, QTableView

from cocommission.model import HonorariumBasis, PaymentMethod, QuestionKind
from cocommission.model.money import BRIXTON_POUND
from cocommission.services import commissions, feedback, honoraria, participants
from cocommission.services.demo import find_or_create_example
from cocommission.services.payments import list_payments
from cocommission.services.perform import perform
from cocommission.services.workshops import add_workshop, list_workshops
from cocommission.ui.pages.feedback_page import FeedbackPage
from cocommission.ui.pages.feedback_questions_panel import COL_KIND, COL_TEXT
from cocommission.ui.pages.payments_panel import (
    COL_DUE_AWAITING,
    COL_DUE_EARNED,
    COL_DUE_OUTSTANDING,
    COL_DUE_PAID,
    COL_DUE_PERSON,
    COL_PAID_ON,
    COL_RECEIPT,
)
from cocommission.ui.pages.sheets_panel import COL_CODE, COL_FOR

# The offscreen platform cannot raise windows or grab the keyboard; it says so, and that is no fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def example(database) -> str:
    """The worked example: eight young people paid in Brixton Pounds, sheets issued and some returned."""
    return perform(database, find_or_create_example).result


def _show(show_page, commander, commission_id: str) -> FeedbackPage:
    return show_page(FeedbackPage(commander), commission_id, size=(1166, 618))


@pytest.fixture
def page(show_page, commander, example) -> FeedbackPage:
    return _show(show_page, commander, example)


def _texts(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _click_row(qtbot, table: QTableView, column: int, text: str) -> None:
    model = table.model()
    row = _texts(model, column).index(text)
    index = model.index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def _cell(table: QTableView, key_column: int, key: str, column: int) -> str:
    model = table.model()
    row = _texts(model, key_column).index(key)
    return model.index(row, column).data()


def _participant(commander, commission_id: str, pseudonym: str):
    return next(
        person
        for person in commander.read(participants.list_participants, commission_id=commission_id)
        if person.pseudonym == pseudonym
    )


def _wait_for_focus(qtbot, widget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` where the keyboard focus is, as a person at the keyboard would."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


# --------------------------------------------------------------------------- payments


def test_recording_a_payment_through_the_form_lowers_what_is_outstanding(qtbot, page, commander, example):
    """Record payment… starts at what the participant is owed; saving lists a receipt and clears the debt."""
    panel = page.payments_panel
    assert _cell(panel.due_table, COL_DUE_PERSON, "Ace", COL_DUE_OUTSTANDING) == "B£32.50"
    _click_row(qtbot, panel.due_table, COL_DUE_PERSON, "Ace")
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)

    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.participant.currentText() == "Ace"
    assert dialog.amount.text() == "B£32.50"
    assert dialog.method.currentText() == "Local currency"
    dialog.paid_on.setDate(QDate(2026, 3, 28))
    qtbot.keyClicks(dialog.note, "Workshop 4")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert _cell(panel.due_table, COL_DUE_PERSON, "Ace", COL_DUE_OUTSTANDING) == "B£0.00"
    assert _cell(panel.due_table, COL_DUE_PERSON, "Ace", COL_DUE_PAID) == "B£85.00"
    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", 1) == "Ace"
    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", 2) == "B£32.50"
    assert panel.selected_payment().receipt_number == "R-0009"
    assert "B£502.50 paid" in panel.totals.text()

    ace = _participant(commander, example, "Ace")
    recorded = commander.read(list_payments, commission_id=example, participant_id=ace.id)
    newest = recorded[-1]
    assert (newest.receipt_number, newest.amount_minor, newest.currency_code) == ("R-0009", 3250, "BXP")
    assert (newest.method, newest.paid_on, newest.note) == (
        PaymentMethod.LOCAL_CURRENCY,
        date(2026, 3, 28),
        "Workshop 4",
    )
    due = {line.pseudonym: line for line in commander.read(honoraria.honoraria_due, commission_id=example)}
    assert due["Ace"].outstanding_minor == 0


def test_a_payment_recorded_as_due_can_be_marked_paid(qtbot, page, commander, example):
    """A payment left "due" shows as Due and in the totals; Mark paid records the day it was handed over."""
    panel = page.payments_panel
    _click_row(qtbot, panel.due_table, COL_DUE_PERSON, "Tee")
    qtbot.keyClick(panel.due_table, Qt.Key.Key_Return)
    dialog = panel.dialog
    assert dialog.amount.text() == "B£32.50"
    qtbot.mouseClick(dialog.still_due, Qt.MouseButton.LeftButton)
    assert not dialog.paid_on.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", COL_PAID_ON) == "Due"
    assert _cell(panel.due_table, COL_DUE_PERSON, "Tee", COL_DUE_AWAITING) == "B£32.50"
    assert _cell(panel.due_table, COL_DUE_PERSON, "Tee", COL_DUE_OUTSTANDING) == "B£0.00"
    assert "B£32.50 due" in panel.totals.text()
    assert panel.mark_paid_button.isEnabled()

    panel.handed_over_on.setDate(QDate(2026, 4, 2))
    qtbot.mouseClick(panel.mark_paid_button, Qt.MouseButton.LeftButton)
    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", COL_PAID_ON) == "2 Apr 2026"
    assert not panel.mark_paid_button.isEnabled()
    assert "B£0.00 due" in panel.totals.text()
    tee = _participant(commander, example, "Tee")
    assert commander.read(list_payments, commission_id=example, participant_id=tee.id)[
        -1
    ].paid_on == date(2026, 4, 2)


def test_a_mistyped_amount_keeps_the_form_open_and_says_why(qtbot, page, commander, example, problems):
    """An amount that is not money is refused in words, and nothing is recorded."""
    panel = page.payments_panel
    qtbot.mouseClick(panel.record_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "twelve")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "is not an amount of money" in dialog.message.text()
    assert problems == []  # the form says it; the window behind it does not
    assert len(commander.read(list_payments, commission_id=example)) == 8
    dialog.reject()


def test_the_rate_is_typed_saved_with_enter_and_undone(qtbot, page, commander, example, problems):
    """A rate typed with Enter changes what everyone earned; Ctrl+Z puts it back; nonsense is refused."""
    rate = page.payments_panel.honorarium.rate
    rate.setFocus()
    rate.selectAll()
    qtbot.keyClicks(rate, "12")
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert commander.read(commissions.get_commission, commission_id=example).honorarium_rate_minor == 1200
    assert page.payments_panel.honorarium.summary.text() == "Participants earn B£12.00 per hour."
    assert _cell(page.payments_panel.due_table, COL_DUE_PERSON, "Ace", COL_DUE_EARNED) == "B£102.00"

    commander.undo_stack.undo()
    assert commander.read(commissions.get_commission, commission_id=example).honorarium_rate_minor == 1000
    assert rate.text() == "B£10.00"

    rate.selectAll()
    qtbot.keyClicks(rate, "ten")
    qtbot.keyClick(rate, Qt.Key.Key_Return)
    assert problems and "is not an amount of money" in problems[-1]
    assert commander.read(commissions.get_commission, commission_id=example).honorarium_rate_minor == 1000


def test_a_local_currency_is_added_and_chosen_per_session(qtbot, page, commander, example):
    """A local currency is added; choosing it keeps the rate's figure; paying per session counts workshops."""
    honorarium = page.payments_panel.honorarium
    qtbot.mouseClick(honorarium.add_currency_button, Qt.MouseButton.LeftButton)
    dialog = honorarium.dialog
    qtbot.keyClicks(dialog.code, "brp")
    qtbot.keyClicks(dialog.symbol, "£B")
    qtbot.keyClicks(dialog.name, "Bristol Pound")
    dialog.decimals.setValue(0)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    added = {c.code: c for c in commander.read(commissions.list_currencies, commission_id=example)}
    assert added["BRP"].symbol == "£B" and added["BRP"].decimals == 0 and added["BRP"].is_local
    assert honorarium.currency.findText("Bristol Pound (£B)") >= 0

    honorarium.currency.setFocus()
    honorarium.currency.setCurrentIndex(honorarium.currency.findData("BRP"))
    honorarium.currency.activated.emit(honorarium.currency.currentIndex())
    summary = commander.read(commissions.get_commission, commission_id=example)
    assert (summary.honorarium_currency.code, summary.honorarium_rate_minor) == ("BRP", 10)
    assert honorarium.summary.text() == "Participants earn £B10 per hour."

    honorarium.basis.setCurrentIndex(honorarium.basis.findData("session"))
    honorarium.basis.activated.emit(honorarium.basis.currentIndex())
    assert (
        commander.read(commissions.get_commission, commission_id=example).honorarium_basis
        is HonorariumBasis.SESSION
    )
    # Ace came to 4 workshops at £B10 each; nothing has been paid in this currency yet.
    assert _cell(page.payments_panel.due_table, COL_DUE_PERSON, "Ace", COL_DUE_OUTSTANDING) == "£B40"

    commander.undo_stack.undo()
    commander.undo_stack.undo()
    summary = commander.read(commissions.get_commission, commission_id=example)
    assert (summary.honorarium_currency.code, summary.honorarium_rate_minor) == (BRIXTON_POUND.code, 1000)
    assert summary.honorarium_basis is HonorariumBasis.HOUR


# --------------------------------------------------------------------------- returned sheets


def _unreturned_sheet(commander, commission_id: str):
    return next(
        sheet
        for sheet in commander.read(feedback.list_sheets, commission_id=commission_id)
        if sheet.returned_at is None
    )


def _open_sheet_by_code(qtbot, page, code: str):
    sheets = page.feedback_panel.sheets_panel
    page.tabs.setCurrentWidget(page.feedback_panel)
    sheets.code.setFocus()
    qtbot.keyClicks(sheets.code, code)
    qtbot.keyClick(sheets.code, Qt.Key.Key_Return)
    return sheets.dialog


def test_a_returned_sheet_is_keyed_in_by_code_and_keyboard_alone(qtbot, page, commander, example):
    """A sheet's code and Enter open its questions; Tab, arrows, Space and typing answer them; it counts."""
    sheet = _unreturned_sheet(commander, example)
    typed = sheet.printed_code.lower()
    dialog = _open_sheet_by_code(qtbot, page, typed)
    assert dialog is not None and dialog.isVisible()
    assert sheet.printed_code in dialog.windowTitle()
    questions = commander.read(feedback.list_questions, commission_id=example)
    assert [q.kind for q in questions] == [
        QuestionKind.FACES,
        QuestionKind.FACES,
        QuestionKind.YES_NO,
        QuestionKind.TEXT,
    ]
    first = dialog.first_answer_control()
    assert isinstance(first, QRadioButton) and first.text().startswith("1 ")
    _wait_for_focus(qtbot, first)

    # Question 1: move along the faces to 4 and pick it with Space.
    for _ in range(3):
        _key(qtbot, Qt.Key.Key_Right)
    assert QApplication.focusWidget().text().startswith("4 ")
    _key(qtbot, Qt.Key.Key_Space)
    # Question 2: Tab to it, pick 1 with Space, then the arrow carries the choice to 2.
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_Space)
    _key(qtbot, Qt.Key.Key_Right)
    # Question 3: Tab, then Space picks Yes.
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget().text() == "Yes"
    _key(qtbot, Qt.Key.Key_Space)
    # Question 4: Tab into the words and type them.
    _key(qtbot, Qt.Key.Key_Tab)
    assert isinstance(QApplication.focusWidget(), QPlainTextEdit)
    qtbot.keyClicks(QApplication.focusWidget(), "More music")
    assert dialog.answers() == {
        questions[0].id: 4,
        questions[1].id: 2,
        questions[2].id: 1,
        questions[3].id: "More music",
    }
    # Enter in the words field starts a new line; Ctrl+Enter saves the sheet.
    _key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not dialog.isVisible()

    summary = commander.read(feedback.feedback_summary, commission_id=example)
    assert (summary.sheets_issued, summary.sheets_returned) == (10, 6)
    listened, understood, again, change = summary.questions
    assert listened.count == 6 and listened.face_counts == (0, 0, 1, 3, 2)
    assert understood.face_counts == (0, 1, 1, 3, 1)
    assert (again.yes, again.no) == (5, 1)
    assert "More music" in change.texts
    assert commander.read(feedback.find_sheet, code=sheet.code).returned_at is not None

    sheets = page.feedback_panel.sheets_panel
    summary_panel = page.feedback_panel.summary_panel
    assert summary_panel.returned.text() == "6 of 10 sheets returned."
    assert "More music" in _texts(summary_panel.comments_model, 1)
    assert _texts(summary_panel.model, 2)[0] == "6"
    assert sheets.code.text() == "" and sheets.saved.isVisible()
    assert sheet.printed_code in sheets.saved.text()


def test_enter_on_a_choice_saves_and_blank_questions_stay_blank(qtbot, page, commander, example):
    """Digits pick a face, Delete clears a choice, and Enter on a choice saves only what was answered."""
    sheet = _unreturned_sheet(commander, example)
    dialog = _open_sheet_by_code(qtbot, page, sheet.code)
    questions = commander.read(feedback.list_questions, commission_id=example)
    _wait_for_focus(qtbot, dialog.first_answer_control())
    _key(qtbot, Qt.Key.Key_5)
    assert dialog.choices[questions[0].id].checkedId() == 5
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_3)
    _key(qtbot, Qt.Key.Key_Delete)
    assert dialog.choices[questions[1].id].checkedId() == -1
    _key(qtbot, Qt.Key.Key_Tab)
    _key(qtbot, Qt.Key.Key_N)
    _key(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible()

    summary = commander.read(feedback.feedback_summary, commission_id=example)
    listened, understood, again, change = summary.questions
    assert listened.face_counts == (0, 0, 1, 2, 3)
    assert understood.count == 5
    assert (again.yes, again.no) == (4, 2)
    assert change.count == 3


def test_a_scanned_sheet_opens_without_claiming_answers_were_entered(qtbot, page, commander, example):
    """A sheet scanned back but not keyed in opens without "answers were entered"; a keyed-in one says so."""
    scanned = _unreturned_sheet(commander, example)
    commander.run(feedback.receive_sheets, codes=[scanned.code])
    dialog = _open_sheet_by_code(qtbot, page, scanned.code)
    assert dialog is not None and dialog.isVisible()
    assert not dialog.replacing.isVisible() and "were entered" not in dialog.replacing.text()
    dialog.reject()

    answered = next(
        sheet for sheet in commander.read(feedback.list_sheets, commission_id=example) if sheet.answered
    )
    dialog = _open_sheet_by_code(qtbot, page, answered.code)
    assert dialog.replacing.isVisible() and "were entered on" in dialog.replacing.text()
    dialog.reject()


def test_a_mistyped_code_is_refused_and_opens_nothing(qtbot, page, commander, example, problems):
    """A code with one character wrong is refused in words; no form opens and nothing changes."""
    sheet = _unreturned_sheet(commander, example)
    wrong = ("3" if sheet.code[0] != "3" else "4") + sheet.code[1:]
    dialog = _open_sheet_by_code(qtbot, page, wrong)
    sheets = page.feedback_panel.sheets_panel
    assert dialog is None
    assert problems[-1] == f'"{wrong}" is not a sheet code; check the characters under the QR code.'
    assert sheets.code_problem.isVisible() and sheets.code_problem.text() == problems[-1]
    assert sheets.code.text() == wrong and sheets.code.selectedText() == wrong
    assert commander.read(feedback.feedback_summary, commission_id=example).sheets_returned == 5

    # A well-formed code that belongs to no sheet is refused too.
    unused = next(
        code
        for code in (feedback.make_sheet_code(Random(seed)) for seed in range(100))
        if code not in {s.code for s in commander.read(feedback.list_sheets, commission_id=example)}
    )
    sheets.code.clear()
    _open_sheet_by_code(qtbot, page, unused)
    assert sheets.dialog is None
    assert problems[-1].startswith(f"No feedback sheet has the code {feedback.format_sheet_code(unused)}")


# --------------------------------------------------------------------------- questions and issuing


@dataclass(frozen=True)
class Group:
    """A new commission with three young people, one workshop and no feedback questions yet."""

    commission_id: str
    workshop_id: str
    people: dict[str, str]


def _build_group(session) -> Group:
    cid = commissions.create_commission(session, title="Youth fund", honorarium_rate_minor=1000).id
    made = {
        name: participants.add_participant(
            session, commission_id=cid, pseudonym=name, consent_on=date(2026, 1, 5)
        ).id
        for name in ("Ash", "Bo", "Cy")
    }
    workshop = add_workshop(session, commission_id=cid, title="Getting started", minutes=120).id
    return Group(cid, workshop, made)


@pytest.fixture
def group(database) -> Group:
    return perform(database, _build_group).result


def test_questions_are_added_with_enter_edited_in_place_moved_and_removed(
    qtbot, show_page, commander, group, monkeypatch
):
    """Questions are added with Enter, reworded in place (Ctrl+Z undoes), moved, and removed if confirmed."""
    page = _show(show_page, commander, group.commission_id)
    page.tabs.setCurrentWidget(page.feedback_panel)
    panel = page.feedback_panel.questions_panel
    for text, kind in (("How was today?", "Faces, 1 to 5"), ("Would you come again?", "Yes or no")):
        panel.new_kind.setCurrentIndex(panel.new_kind.findText(kind))
        qtbot.keyClicks(panel.new_text, text)
        qtbot.keyClick(panel.new_text, Qt.Key.Key_Return)
    assert _texts(panel.model, COL_TEXT) == ["How was today?", "Would you come again?"]
    assert _texts(panel.model, COL_KIND) == ["Faces, 1 to 5", "Yes or no"]
    assert panel.new_text.text() == ""

    # F2 opens the cell for typing, as a double-click does; Enter saves.
    index = panel.model.index(0, COL_TEXT)
    panel.table.setFocus()
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(index)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "How did today feel?")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.table.indexWidget(index) is None)

    def read():
        return commander.read(feedback.list_questions, commission_id=group.commission_id)

    assert read()[0].text == "How did today feel?"
    assert _texts(panel.model, COL_TEXT)[0] == "How did today feel?"
    commander.undo_stack.undo()
    assert read()[0].text == "How was today?"

    panel.select_item(read()[1].id)
    qtbot.mouseClick(panel.up_button, Qt.MouseButton.LeftButton)
    assert [q.text for q in read()] == ["Would you come again?", "How was today?"]
    assert _texts(panel.model, COL_TEXT) == ["Would you come again?", "How was today?"]

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    panel.select_item(read()[0].id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [q.text for q in read()] == ["How was today?"]
    assert _texts(panel.model, COL_TEXT) == ["How was today?"]


def test_the_kind_of_an_answered_question_cannot_change(qtbot, page, commander, example, problems):
    """Changing how an already answered question is answered is refused in words and nothing changes."""
    panel = page.feedback_panel.questions_panel
    index = panel.model.index(0, COL_KIND)
    panel.table.setFocus()
    panel.table.setCurrentIndex(index)
    qtbot.keyClick(panel.table, Qt.Key.Key_F2)
    editor = panel.table.indexWidget(index)
    assert editor is not None
    editor.setCurrentIndex(editor.findText("In their own words"))
    editor.activated.emit(editor.currentIndex())
    assert problems[-1] == "Sheets have already answered this question, so its kind cannot change."
    assert commander.read(feedback.list_questions, commission_id=example)[0].kind is QuestionKind.FACES
    assert _texts(panel.model, COL_KIND)[0] == "Faces, 1 to 5"


def test_issuing_sheets_lists_their_codes(qtbot, show_page, commander, group):
    """Issue sheets… makes a named sheet per ticked person, plus anonymous ones, and lists the codes."""
    commander.run(
        feedback.add_question, commission_id=group.commission_id, text="How was today?", kind="faces"
    )
    page = _show(show_page, commander, group.commission_id)
    page.tabs.setCurrentWidget(page.feedback_panel)
    sheets = page.feedback_panel.sheets_panel
    qtbot.mouseClick(sheets.issue_button, Qt.MouseButton.LeftButton)
    dialog = sheets.issue_dialog
    assert dialog.workshop.currentData() == group.workshop_id
    assert dialog.ticked_ids() == [group.people["Ash"], group.people["Bo"], group.people["Cy"]]
    dialog.people.item(1).setCheckState(Qt.CheckState.Unchecked)
    dialog.anonymous.selectAll()
    qtbot.keyClicks(dialog.anonymous, "2")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    issued = commander.read(feedback.list_sheets, commission_id=group.commission_id)
    assert len(issued) == 4
    assert {s.participant_id for s in issued} == {group.people["Ash"], group.people["Cy"], None}
    assert all(s.workshop_id == group.workshop_id for s in issued)
    assert sorted(_texts(sheets.proxy, COL_CODE)) == sorted(s.printed_code for s in issued)
    assert sorted(_texts(sheets.proxy, COL_FOR)) == ["Anonymous", "Anonymous", "Ash", "Cy"]
    assert all(s.printed_code in sheets.issued.text() for s in issued)
    assert len(sheets.table.selectionModel().selectedRows()) == 4


def test_questions_too_long_for_one_page_are_warned_of_before_sheets_are_issued(
    qtbot, show_page, commander, group
):
    """Adding the question that pushes a sheet on to a second page warns beside the questions and in
    the issuing form, before anything is printed; taking it away again clears the warning."""
    page = _show(show_page, commander, group.commission_id)
    page.tabs.setCurrentWidget(page.feedback_panel)
    panel = page.feedback_panel.questions_panel
    long_words = "What did you think of how we listened to everyone in the group today, and what would help more?"
    panel.new_kind.setCurrentIndex(panel.new_kind.findText("In their own words"))
    # Four questions answered in writing, two lines each, fit one page; a fifth does not.
    for number in range(1, 6):
        assert panel.pages_warning.isHidden()
        qtbot.keyClicks(panel.new_text, f"{long_words} ({number})")
        qtbot.keyClick(panel.new_text, Qt.Key.Key_Return)

    warning = "each sheet will print on 2 pages, using twice the paper"
    assert not panel.pages_warning.isHidden()
    assert warning in panel.pages_warning.text()
    sheets = page.feedback_panel.sheets_panel
    qtbot.mouseClick(sheets.issue_button, Qt.MouseButton.LeftButton)
    assert not sheets.issue_dialog.pages_warning.isHidden()
    assert warning in sheets.issue_dialog.pages_warning.text()
    sheets.issue_dialog.reject()

    commander.undo_stack.undo()
    assert panel.pages_warning.isHidden()
    qtbot.mouseClick(sheets.issue_button, Qt.MouseButton.LeftButton)
    assert sheets.issue_dialog.pages_warning.isHidden()
    sheets.issue_dialog.reject()


def test_people_who_already_have_a_sheet_are_not_ticked_again(qtbot, page):
    """In the example all have a sheet for the last workshop, so nobody is ticked for another one there."""
    sheets = page.feedback_panel.sheets_panel
    qtbot.mouseClick(sheets.issue_button, Qt.MouseButton.LeftButton)
    dialog = sheets.issue_dialog
    assert dialog.workshop.currentText() == "4. Interviews and the decision"
    assert dialog.ticked_ids() == []
    assert dialog.people.item(0).text() == "Ace (already has a sheet)"
    dialog.workshop.setCurrentIndex(dialog.workshop.findText("3. Writing the tender together"))
    assert len(dialog.ticked_ids()) == 8
    assert dialog.people.item(0).text() == "Ace"
    dialog.reject()


def test_issuing_nothing_is_refused_in_the_form(qtbot, show_page, commander, group, problems):
    """With nobody ticked and no anonymous sheets the form says what to do and issues nothing."""
    commander.run(
        feedback.add_question, commission_id=group.commission_id, text="How was today?", kind="faces"
    )
    page = _show(show_page, commander, group.commission_id)
    sheets = page.feedback_panel.sheets_panel
    qtbot.mouseClick(sheets.issue_button, Qt.MouseButton.LeftButton)
    dialog = sheets.issue_dialog
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text() == "Tick who gets a named sheet, or say how many anonymous sheets to issue."
    assert problems == []
    assert commander.read(feedback.list_sheets, commission_id=group.commission_id) == ()
    dialog.reject()


def test_the_summary_can_be_narrowed_to_one_workshop(qtbot, page, commander, example):
    """Choosing a workshop summarises only its sheets; every workshop brings all of them back."""
    summary_panel = page.feedback_panel.summary_panel
    workshops = commander.read(list_workshops, commission_id=example)
    summary_panel.workshop.setCurrentIndex(summary_panel.workshop.findData(workshops[0].id))
    summary_panel.workshop.activated.emit(summary_panel.workshop.currentIndex())
    assert summary_panel.workshop_id() == workshops[0].id
    assert summary_panel.returned.text() == "0 of 0 sheets returned."
    assert summary_panel.comments_model.rowCount() == 0
    summary_panel.workshop.setCurrentIndex(0)
    summary_panel.workshop.activated.emit(0)
    assert summary_panel.returned.text() == "5 of 10 sheets returned."
    assert summary_panel.comments_model.rowCount() == 3


def test_the_summary_never_names_who_wrote_what(qtbot, page, commander, example):
    """Written answers are listed with their question only, never beside a pseudonym."""
    summary_panel = page.feedback_panel.summary_panel
    pseudonyms = {
        person.pseudonym for person in commander.read(participants.list_participants, commission_id=example)
    }
    shown = [
        summary_panel.comments_model.index(row, column).data()
        for row in range(summary_panel.comments_model.rowCount())
        for column in range(summary_panel.comments_model.columnCount())
    ]
    assert "More food!" in shown
    assert not pseudonyms & set(shown)


# --------------------------------------------------------------------------- models, names and size


def test_every_model_on_the_page_passes_the_model_tester(qtmodeltester, page):
    """Each Qt model on the page behaves as Qt expects, filled with the worked example."""
    payments = page.payments_panel
    feedback_panel = page.feedback_panel
    for model in (
        payments.due_model,
        payments.due_proxy,
        payments.payments_model,
        payments.payments_proxy,
        feedback_panel.questions_panel.model,
        feedback_panel.sheets_panel.model,
        feedback_panel.sheets_panel.proxy,
        feedback_panel.summary_panel.model,
        feedback_panel.summary_panel.comments_model,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_every_control_has_a_name_a_screen_reader_can_read(qtbot, page, commander, example):
    """Every button, field, list and table on the page and in its forms has visible text or a name."""
    assert unnamed_controls(page) == []
    payments = page.payments_panel
    qtbot.mouseClick(payments.record_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(payments.dialog) == []
    payments.dialog.reject()
    qtbot.mouseClick(payments.honorarium.add_currency_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(payments.honorarium.dialog) == []
    payments.honorarium.dialog.reject()
    sheets = page.feedback_panel.sheets_panel
    page.tabs.setCurrentWidget(page.feedback_panel)
    qtbot.mouseClick(sheets.issue_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(sheets.issue_dialog) == []
    sheets.issue_dialog.reject()
    sheets.open_answers(_unreturned_sheet(commander, example))
    assert unnamed_controls(sheets.dialog) == []
    sheets.dialog.reject()


def test_page_fits_a_small_laptop_screen(page):
    """The page and its forms ask for no more room than a 1366×768 screen leaves them."""
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - 200 and hint.height() <= 768 - 150


def test_recording_a_payment_due_and_marking_it_paid_are_undone(qtbot, page, commander, example):
    """Mark paid is taken back by one Undo (due again), and the payment due by another (gone, receipt number free)."""
    panel = page.payments_panel
    _click_row(qtbot, panel.due_table, COL_DUE_PERSON, "Tee")
    qtbot.keyClick(panel.due_table, Qt.Key.Key_Return)
    qtbot.mouseClick(panel.dialog.still_due, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(panel.dialog.ok_button, Qt.MouseButton.LeftButton)
    assert commander.undo_stack.undoText() == "record a payment due"
    panel.handed_over_on.setDate(QDate(2026, 4, 2))
    qtbot.mouseClick(panel.mark_paid_button, Qt.MouseButton.LeftButton)
    assert commander.undo_stack.undoText() == "mark payment R-0009 paid"

    commander.undo()
    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", COL_PAID_ON) == "Due"
    commander.redo()
    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", COL_PAID_ON) == "2 Apr 2026"
    commander.undo()
    commander.undo()
    assert "R-0009" not in _texts(panel.payments_table.model(), COL_RECEIPT)
    commander.redo()
    assert _cell(panel.payments_table, COL_RECEIPT, "R-0009", COL_PAID_ON) == "Due"
