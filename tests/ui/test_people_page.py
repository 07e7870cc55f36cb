"""The People page: participants with consent and privacy, workshops with agendas and attendance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from control_names import unnamed_controls
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from cocommission.model.base import today
from cocommission.services.attendance import list_attendance
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant, get_participant, list_participants
from cocommission.services.perform import perform
from cocommission.services.workshops import add_workshop, get_workshop, list_workshops
from cocommission.ui import consent_dialog
from cocommission.ui.pages import agenda_panel, attendance_panel, participants_panel, workshops_panel
from cocommission.ui.pages.people_page import MAKE_WORKSHOPS_AFTER_MS, WORKSHOPS_TAB, PeoplePage

# The offscreen platform cannot raise windows or grab the keyboard; it says so, and that is not our fault.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

P = participants_panel


@dataclass(frozen=True)
class Setup:
    """A commission with Ash (consent given), Bo (no consent yet) and a 90-minute workshop."""

    commission_id: str
    ash: str
    bo: str
    workshop: str


def _build(session) -> Setup:
    cid = create_commission(
        session, title="Youth fund", budget_minor=2_000_000, honorarium_rate_minor=1200
    ).id
    ash = add_participant(
        session, commission_id=cid, pseudonym="Ash", full_name="Ashley Secret", consent_on=date(2026, 1, 5)
    ).id
    bo = add_participant(session, commission_id=cid, pseudonym="Bo").id
    workshop = add_workshop(session, commission_id=cid, title="First meeting", minutes=90).id
    return Setup(cid, ash, bo, workshop)


@pytest.fixture
def setup(database) -> Setup:
    return perform(database, _build).result


@pytest.fixture
def page(show_page, commander, setup) -> PeoplePage:
    return show_page(PeoplePage(commander), setup.commission_id, size=(1180, 620))


def _texts(model, column: int) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def _every_text(model) -> list[str]:
    """Everything the model would show or say in any cell, hidden columns included."""
    said = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.index(row, column).data(role)
                if value:
                    said.append(str(value))
    return said


def _participant(commander, setup, pseudonym: str):
    found = commander.read(list_participants, commission_id=setup.commission_id)
    return next(person for person in found if person.pseudonym == pseudonym)


def _select_row(table, row: int) -> None:
    table.setFocus()
    table.selectRow(row)


def _type_in_cell(qtbot, table, index, text: str) -> None:
    table.setFocus()
    table.setCurrentIndex(index)
    # The first key opens the editor in place of the old text; the rest go to the editor.
    qtbot.keyClicks(table, text[0])
    editor = table.indexWidget(index)
    assert editor is not None, "typing on the cell opens its editor"
    editor = editor.focusProxy() or editor
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits an editor's value on its next turn of the event loop.
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


def _spin_cell(qtbot, table, index, value: int) -> None:
    table.setFocus()
    table.setCurrentIndex(index)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.indexWidget(index)
    assert editor is not None, "F2 opens the minutes editor"
    editor.selectAll()
    qtbot.keyClicks(editor, str(value))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.indexWidget(index) is None)


# --------------------------------------------------------------------------- participants and privacy


def test_added_participant_shows_pseudonym_and_keeps_full_name_private(qtbot, page, commander, setup, monkeypatch):
    """A participant added through the form is listed by pseudonym; the full name appears only on request."""
    panel = page.participants_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.pseudonym, "Nova")
    qtbot.keyClicks(dialog.full_name, "Jordan Hidden")
    qtbot.keyClicks(dialog.contact, "07700 900123")
    qtbot.keyClicks(dialog.access_needs, "Large print")
    qtbot.keyClick(dialog.consent.check, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()

    assert "Nova" in _texts(panel.proxy, P.COL_PSEUDONYM)
    said = _every_text(panel.model)
    assert not any("Jordan Hidden" in text or "07700" in text for text in said)
    assert panel.table.isColumnHidden(P.COL_FULL_NAME)
    stored = _participant(commander, setup, "Nova")
    assert (stored.full_name, stored.contact) == ("Jordan Hidden", "07700 900123")
    assert stored.access_needs == "Large print"
    assert stored.consent_on == today() and stored.consent_complete
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Nova")
    assert panel.proxy.index(row, P.COL_CONSENT).data() == "Consent complete"

    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.show_names, Qt.MouseButton.LeftButton)
    assert panel.show_names.isChecked() and panel.show_names.text() == "Show full names"
    assert not panel.table.isColumnHidden(P.COL_FULL_NAME)
    assert panel.proxy.index(row, P.COL_FULL_NAME).data() == "Jordan Hidden"
    assert panel.proxy.index(row, P.COL_CONTACT).data() == "07700 900123"


def test_full_names_are_hidden_again_whenever_the_page_is_opened(qtbot, page, setup, monkeypatch):
    """"Show full names" is unticked every time the page is shown again, and the names leave the table."""
    panel = page.participants_panel
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.show_names, Qt.MouseButton.LeftButton)
    assert "Ashley Secret" in _every_text(panel.model)
    page.hide()
    page.show()
    qtbot.waitExposed(page)
    assert not panel.show_names.isChecked()
    assert "Ashley Secret" not in _every_text(panel.model)
    qtbot.mouseClick(panel.show_names, Qt.MouseButton.LeftButton)
    page.set_commission(setup.commission_id)
    assert not panel.show_names.isChecked()


def test_show_full_names_asks_first_and_shows_nothing_when_refused(qtbot, page, monkeypatch):
    """Ticking "Show full names" first asks, saying who could see the screen; No leaves the names out."""
    panel = page.participants_panel
    asked: list[str] = []

    def answer(parent, title, text, *args):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    qtbot.mouseClick(panel.show_names, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "projector" in asked[0] and "3 minutes" in asked[0]
    assert not panel.show_names.isChecked()
    assert "Ashley Secret" not in _every_text(panel.model)
    assert panel.table.isColumnHidden(P.COL_FULL_NAME)


def test_full_names_hide_themselves_after_three_minutes(qtbot, page, monkeypatch):
    """Shown names are hidden again when the three-minute timer runs out, and the tooltip says so."""
    panel = page.participants_panel
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    assert "3 minutes" in panel.show_names.toolTip()
    qtbot.mouseClick(panel.show_names, Qt.MouseButton.LeftButton)
    assert "Ashley Secret" in _every_text(panel.model)
    assert panel.names_timer.isActive() and panel.names_timer.interval() == 3 * 60 * 1000
    panel.names_timer.timeout.emit()
    assert not panel.show_names.isChecked()
    assert "Ashley Secret" not in _every_text(panel.model)


def test_full_names_hide_when_the_projector_opens(qtbot, page, commander, monkeypatch):
    """Opening the projector window hides full names at once."""
    from cocommission.ui.live.projector_window import ProjectorWindow

    panel = page.participants_panel
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.show_names, Qt.MouseButton.LeftButton)
    assert "Ashley Secret" in _every_text(panel.model)
    projector = ProjectorWindow(commander)
    qtbot.addWidget(projector)
    projector.place([])
    assert not panel.show_names.isChecked()
    assert "Ashley Secret" not in _every_text(panel.model)


def test_one_participant_is_counted_as_one_person(qtbot, database, commander, show_page):
    """A commission with one participant says "1 person", never "1 people"."""
    cid = perform(database, create_commission, title="Small fund").result.id
    perform(database, add_participant, commission_id=cid, pseudonym="Solo", consent_on=date(2026, 1, 5))
    page = show_page(PeoplePage(commander), cid)
    assert page.participants_panel.summary.text() == "1 person; 1 with consent complete; 0 withdrawn."


def test_names_are_listed_in_alphabetical_order_whatever_their_accents(qtbot, database, commander, show_page):
    """Łukasz is listed with the Ls and Zoë beside zoe, on the participants table and the register."""
    cid = perform(database, create_commission, title="Fund").result.id
    for name in ("zoe", "Łukasz", "Zoë", "Ángel", "mo"):
        perform(database, add_participant, commission_id=cid, pseudonym=name, consent_on=date(2026, 1, 5))
    perform(database, add_workshop, commission_id=cid, title="First", minutes=60)
    page = show_page(PeoplePage(commander), cid)
    assert _texts(page.participants_panel.proxy, P.COL_PSEUDONYM) == ["Ángel", "Łukasz", "mo", "zoe", "Zoë"]
    page.tabs.setCurrentWidget(page.workshops_panel)
    attendance = page.workshops_panel.attendance
    assert _texts(attendance.model, attendance_panel.COL_PSEUDONYM) == ["Ángel", "Łukasz", "mo", "zoe", "Zoë"]


def test_tab_moves_from_the_participants_table_to_the_next_control(qtbot, page):
    """Tab in the participants table leaves it, rather than walking cell by cell across the row."""
    table = page.participants_panel.table
    _select_row(table, 0)
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert not table.hasFocus()
    assert table.currentIndex().column() == P.COL_PSEUDONYM


def test_under_18_needs_guardian_consent_until_it_is_recorded(qtbot, page, commander, setup):
    """An under-18 without a guardian's consent reads "Needs guardian consent" until the form records it."""
    panel = page.participants_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.pseudonym, "Kiki")
    qtbot.keyClick(dialog.under_18, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.consent.check, Qt.Key.Key_Space)
    assert dialog.guardian_consent.isEnabled() and not dialog.guardian_consent.day.isEnabled()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Kiki")
    assert panel.proxy.index(row, P.COL_CONSENT).data() == "Needs guardian consent"
    assert panel.proxy.index(row, P.COL_UNDER_18).data() == "Yes"
    assert not _participant(commander, setup, "Kiki").can_take_part

    panel.select_participant(_participant(commander, setup, "Kiki").id)
    qtbot.mouseClick(panel.change_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog.pseudonym.text() == "Kiki" and not dialog.full_name.isEnabled()
    qtbot.keyClick(dialog.guardian_consent.check, Qt.Key.Key_Space)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Kiki")
    assert panel.proxy.index(row, P.COL_CONSENT).data() == "Consent complete"
    kiki = _participant(commander, setup, "Kiki")
    assert kiki.guardian_consent_on == today() and kiki.can_take_part


def test_pseudonym_changed_in_place_can_be_undone(qtbot, page, commander, setup):
    """A pseudonym typed in its cell is saved; undo brings the old one back in the table and the database."""
    panel = page.participants_panel
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Ash")
    _type_in_cell(qtbot, panel.table, panel.proxy.index(row, P.COL_PSEUDONYM), "Phoenix")
    assert "Phoenix" in _texts(panel.proxy, P.COL_PSEUDONYM)
    assert commander.read(get_participant, participant_id=setup.ash).pseudonym == "Phoenix"

    commander.undo_stack.undo()
    assert commander.read(get_participant, participant_id=setup.ash).pseudonym == "Ash"
    assert sorted(_texts(panel.proxy, P.COL_PSEUDONYM)) == ["Ash", "Bo"]


def test_language_and_access_needs_change_in_place(qtbot, page, commander, setup):
    """Language and access needs are typed straight into their cells and saved."""
    panel = page.participants_panel
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Bo")
    _type_in_cell(qtbot, panel.table, panel.proxy.index(row, P.COL_LANGUAGE), "Polish")
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Bo")
    _type_in_cell(qtbot, panel.table, panel.proxy.index(row, P.COL_ACCESS), "Step-free access")
    bo = commander.read(get_participant, participant_id=setup.bo)
    assert (bo.language, bo.access_needs) == ("Polish", "Step-free access")
    assert panel.proxy.index(row, P.COL_ACCESS).data() == "Step-free access"


def test_duplicate_pseudonym_is_refused_with_the_services_reason(qtbot, page, commander, setup, problems):
    """A pseudonym already taken (in any case) is refused in words; the form stays open, nothing is added."""
    panel = page.participants_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.pseudonym, "ash")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    # Said in the form, where it can be put right; the window behind it shows nothing.
    assert dialog.isVisible()
    assert dialog.message.text() == "The pseudonym 'ash' is already taken in this commission; choose another."
    assert problems == []
    assert len(commander.read(list_participants, commission_id=setup.commission_id)) == 2
    dialog.reject()

    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Bo")
    _type_in_cell(qtbot, panel.table, panel.proxy.index(row, P.COL_PSEUDONYM), "ASH")
    assert "already taken" in problems[-1]
    assert commander.read(get_participant, participant_id=setup.bo).pseudonym == "Bo"
    assert sorted(_texts(panel.proxy, P.COL_PSEUDONYM)) == ["Ash", "Bo"]
    assert commander.undo_stack.count() == 0


def test_form_asks_for_a_pseudonym_before_sending(qtbot, page, commander, setup, problems):
    """A form without a pseudonym says what is missing and sends nothing."""
    panel = page.participants_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.full_name, "Nameless Person")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Give the participant a pseudonym to show on screen."
    assert dialog.isVisible() and problems == []
    assert len(commander.read(list_participants, commission_id=setup.commission_id)) == 2


def test_withdraw_asks_first_then_records_today(qtbot, page, commander, setup, monkeypatch):
    """Withdraw… asks first; "No" changes nothing, "Yes" records today's date in the table and database."""
    panel = page.participants_panel
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def answer(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", answer)
    panel.select_participant(setup.ash)
    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert "Ash" in asked[0]
    assert commander.read(get_participant, participant_id=setup.ash).withdrawn_on is None

    qtbot.mouseClick(panel.withdraw_button, Qt.MouseButton.LeftButton)
    assert commander.read(get_participant, participant_id=setup.ash).withdrawn_on == today()
    row = _texts(panel.proxy, P.COL_PSEUDONYM).index("Ash")
    assert panel.proxy.index(row, P.COL_WITHDRAWN).data() != ""
    assert not panel.withdraw_button.isEnabled()
    # Someone who left and never came is no longer on any register.
    assert "Ash" not in _texts(page.workshops_panel.attendance.model, attendance_panel.COL_PSEUDONYM)


# --------------------------------------------------------------------------- workshops, agenda, attendance


def test_the_workshops_tab_is_made_when_chosen_showing_the_commission(qtbot, page, setup):
    """The page on screen as the app opens makes only the tab that shows; the other follows when chosen."""
    assert page._workshops_panel is None
    assert page.tabs.tabText(WORKSHOPS_TAB) == "W&orkshops && attendance"
    page.tabs.setCurrentIndex(WORKSHOPS_TAB)
    panel = page._workshops_panel
    assert panel is not None
    assert page.tabs.currentWidget() is panel
    assert page.tabs.tabText(WORKSHOPS_TAB) == "W&orkshops && attendance"
    assert _texts(panel.model, workshops_panel.COL_TITLE) == ["First meeting"]
    assert page.workshops_panel is panel  # made once


def test_the_workshops_tab_is_made_while_idle_with_what_the_page_read(qtbot, page, commander, setup):
    """Soon after the page is filled, the other tab is made off screen, so choosing it only paints it."""
    perform(commander.database, add_workshop, commission_id=setup.commission_id, title="Second", minutes=60)
    page.reload()
    idle = page._make_workshops_when_idle
    assert idle.isActive() and idle.interval() == MAKE_WORKSHOPS_AFTER_MS
    idle.timeout.emit()  # as the app goes idle
    assert page._workshops_panel is not None
    assert page.tabs.currentIndex() == 0
    assert page.tabs.widget(WORKSHOPS_TAB) is page._workshops_panel
    assert _texts(page._workshops_panel.model, workshops_panel.COL_TITLE) == ["First meeting", "Second"]


def test_a_closed_window_makes_no_workshops_tab_while_idle(qtbot, page):
    """Its database may have been let go of already."""
    page.window().close()
    page._make_workshops_when_idle.timeout.emit()
    assert page._workshops_panel is None


def test_add_workshop_through_form_shows_its_length(qtbot, page, commander, setup):
    """A workshop added through the form is listed with its length in hours and minutes, and chosen."""
    page.tabs.setCurrentWidget(page.workshops_panel)
    panel = page.workshops_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.title, "Agreeing the outcomes")
    qtbot.keyClicks(dialog.venue, "Youth centre")
    dialog.minutes.selectAll()
    qtbot.keyClicks(dialog.minutes, "150")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert _texts(panel.model, workshops_panel.COL_TITLE) == ["First meeting", "Agreeing the outcomes"]
    assert panel.model.index(1, workshops_panel.COL_LENGTH).data() == "2 h 30 min"
    assert panel.model.index(1, workshops_panel.COL_VENUE).data() == "Youth centre"
    stored = commander.read(list_workshops, commission_id=setup.commission_id)[1]
    assert (stored.number, stored.minutes, stored.held_on) == (2, 150, today())
    assert panel.selected_workshop().id == stored.id
    assert panel.agenda.heading.text() == "Agenda of workshop 2"


def test_workshop_length_changes_in_place_and_undoes(qtbot, page, commander, setup):
    """The length is changed in its cell with a minutes spin box; undo restores it."""
    page.tabs.setCurrentWidget(page.workshops_panel)
    panel = page.workshops_panel
    _spin_cell(qtbot, panel.table, panel.model.index(0, workshops_panel.COL_LENGTH), 120)
    assert panel.model.index(0, workshops_panel.COL_LENGTH).data() == "2 h"
    assert commander.read(get_workshop, workshop_id=setup.workshop).minutes == 120
    commander.undo_stack.undo()
    assert commander.read(get_workshop, workshop_id=setup.workshop).minutes == 90
    assert panel.model.index(0, workshops_panel.COL_LENGTH).data() == "1 h 30 min"


def test_agenda_items_added_with_enter_moved_changed_and_removed(qtbot, page, commander, setup, monkeypatch):
    """Agenda items are typed and added with Enter, moved down (and back by undo), re-timed and removed."""
    page.tabs.setCurrentWidget(page.workshops_panel)
    agenda = page.workshops_panel.agenda
    agenda.new_minutes.selectAll()
    qtbot.keyClicks(agenda.new_minutes, "10")
    qtbot.keyClicks(agenda.new_text, "Welcome")
    qtbot.keyClick(agenda.new_text, Qt.Key.Key_Return)
    qtbot.keyClicks(agenda.new_text, "Ground rules")
    qtbot.keyClick(agenda.new_text, Qt.Key.Key_Return)
    assert agenda.new_text.text() == ""
    assert _texts(agenda.model, agenda_panel.COL_TITLE) == ["Welcome", "Ground rules"]

    def stored() -> list[tuple[str, int]]:
        workshop = commander.read(get_workshop, workshop_id=setup.workshop)
        return [(item.title, item.minutes) for item in workshop.agenda]

    assert stored() == [("Welcome", 10), ("Ground rules", 10)]

    agenda.select_item(agenda.model.rows()[0].id)
    qtbot.mouseClick(agenda.down_button, Qt.MouseButton.LeftButton)
    assert _texts(agenda.model, agenda_panel.COL_TITLE) == ["Ground rules", "Welcome"]
    assert [t for t, _ in stored()] == ["Ground rules", "Welcome"]
    commander.undo_stack.undo()
    assert [t for t, _ in stored()] == ["Welcome", "Ground rules"]

    _spin_cell(qtbot, agenda.table, agenda.model.index(1, agenda_panel.COL_MINUTES), 25)
    assert stored() == [("Welcome", 10), ("Ground rules", 25)]
    assert agenda.model.index(1, agenda_panel.COL_MINUTES).data() == "25 min"
    assert agenda.total.text() == "The agenda adds up to 35 min of the workshop's 1 h 30 min."

    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    agenda.select_item(agenda.model.rows()[0].id)
    agenda.table.setFocus()
    qtbot.keyClick(agenda.table, Qt.Key.Key_Delete)
    assert stored() == [("Ground rules", 25)]
    assert _texts(agenda.model, agenda_panel.COL_TITLE) == ["Ground rules"]


def test_ticking_attendance_saves_at_once_and_minutes_can_be_shortened(
    qtbot, page, commander, setup, problems
):
    """Space ticks someone present for the whole workshop; minutes shorten in place; unticking removes."""
    page.tabs.setCurrentWidget(page.workshops_panel)
    attendance = page.workshops_panel.attendance
    model = attendance.model
    assert _texts(model, attendance_panel.COL_PSEUDONYM) == ["Ash", "Bo"]

    def register() -> dict[str, tuple[bool, int | None]]:
        rows = commander.read(list_attendance, workshop_id=setup.workshop)
        return {row.pseudonym: (row.present, row.minutes) for row in rows}

    _select_row(attendance.table, 0)
    qtbot.keyClick(attendance.table, Qt.Key.Key_Space)
    assert register()["Ash"] == (True, 90)
    ticked = model.index(0, attendance_panel.COL_PRESENT).data(Qt.ItemDataRole.CheckStateRole)
    assert ticked == Qt.CheckState.Checked
    assert model.index(0, attendance_panel.COL_MINUTES).data() == "1 h 30 min"
    assert attendance.summary.text() == "1 of 2 here."

    _spin_cell(qtbot, attendance.table, model.index(0, attendance_panel.COL_MINUTES), 60)
    assert register()["Ash"] == (True, 60)
    assert model.index(0, attendance_panel.COL_NOTE).data() == "Left early"
    # Earnings follow attendance: an hour at £12 an hour.
    participants = page.participants_panel
    row = _texts(participants.proxy, P.COL_PSEUDONYM).index("Ash")
    assert participants.proxy.index(row, P.COL_EARNED).data() == "£12.00"

    _select_row(attendance.table, 0)
    qtbot.keyClick(attendance.table, Qt.Key.Key_Space)
    assert register()["Ash"] == (False, None)
    commander.undo_stack.undo()
    assert register()["Ash"] == (True, 60)

    # Bo has no consent yet: the tick is refused in words and nothing is recorded.
    assert model.index(1, attendance_panel.COL_NOTE).data() == "Needs consent"
    _select_row(attendance.table, 1)
    qtbot.keyClick(attendance.table, Qt.Key.Key_Space)
    assert problems == ["Record Bo's consent before recording their attendance."]
    assert register()["Bo"] == (False, None)


def _add_people(commander, setup, names, **details) -> dict[str, str]:
    return {
        name: commander.run(add_participant, commission_id=setup.commission_id, pseudonym=name, **details).id
        for name in names
    }


def test_many_chosen_people_are_ticked_present_with_one_key_and_one_undo(qtbot, page, commander, setup, problems):
    """Choosing several lines and pressing Space ticks them all in one action, which one Ctrl+Z undoes."""
    _add_people(commander, setup, ("Cy", "Dee", "Eli"), consent_on=date(2026, 1, 5))
    page.tabs.setCurrentWidget(page.workshops_panel)
    attendance = page.workshops_panel.attendance
    table = attendance.table
    assert _texts(attendance.model, attendance_panel.COL_PSEUDONYM) == ["Ash", "Bo", "Cy", "Dee", "Eli"]
    table.setFocus()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(
        attendance.model.index(2, attendance_panel.COL_PSEUDONYM)).center())
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     table.visualRect(attendance.model.index(4, attendance_panel.COL_PSEUDONYM)).center())
    assert [line.pseudonym for line in attendance.selected_lines()] == ["Cy", "Dee", "Eli"]
    steps_before = commander.undo_stack.count()
    qtbot.keyClick(table, Qt.Key.Key_Space)
    present = {row.pseudonym for row in commander.read(list_attendance, workshop_id=setup.workshop) if row.present}
    assert present == {"Cy", "Dee", "Eli"}
    assert commander.undo_stack.count() == steps_before + 1
    assert attendance.summary.text() == "3 of 5 here."
    assert problems == []
    commander.undo_stack.undo()
    assert not any(row.present for row in commander.read(list_attendance, workshop_id=setup.workshop))


def test_ticking_many_when_some_lack_consent_names_them_and_ticks_nobody(qtbot, page, commander, setup, problems):
    """If anyone chosen cannot be ticked, the one message names each of them and nobody is ticked."""
    _add_people(commander, setup, ("Cy",))
    page.tabs.setCurrentWidget(page.workshops_panel)
    attendance = page.workshops_panel.attendance
    attendance.table.setFocus()
    attendance.table.selectAll()
    qtbot.keyClick(attendance.table, Qt.Key.Key_Space)
    assert problems == [
        "Record Bo's consent before recording their attendance. "
        "Record Cy's consent before recording their attendance."
    ]
    assert not any(row.present for row in commander.read(list_attendance, workshop_id=setup.workshop))


def test_consent_is_recorded_for_every_chosen_participant_in_one_action(qtbot, page, commander, setup, monkeypatch):
    """Choose several people, Record consent…, one date: each of them has consent, in one saved action."""
    _add_people(commander, setup, ("Cy", "Dee"))
    panel = page.participants_panel
    panel.table.setFocus()
    panel.table.selectAll()
    assert panel.change_button.isEnabled() is False
    assert "one participant" in panel.change_button.toolTip()
    monkeypatch.setattr(consent_dialog.ConsentDialog, "exec", lambda dialog: dialog.accept() or 1)
    said: list[str] = []
    commander.succeeded.connect(said.append)
    qtbot.mouseClick(panel.consent_button, Qt.MouseButton.LeftButton)
    stored = {p.pseudonym: p.consent_on for p in commander.read(list_participants, commission_id=setup.commission_id)}
    assert stored == {"Ash": date(2026, 1, 5), "Bo": today(), "Cy": today(), "Dee": today()}
    assert said == ["Consent recorded for 3 people (Bo, Cy, Dee); Ash already had it."]


def test_attendance_check_box_ticks_through_the_model(qtbot, page, commander, setup):
    """Ticking the Present check box (as a click does) records the person for the workshop's whole length."""
    page.tabs.setCurrentWidget(page.workshops_panel)
    model = page.workshops_panel.attendance.model
    assert model.setData(model.index(0, attendance_panel.COL_PRESENT), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    rows = commander.read(list_attendance, workshop_id=setup.workshop)
    assert [(row.pseudonym, row.present, row.minutes) for row in rows] == [
        ("Ash", True, 90),
        ("Bo", False, None),
    ]


# --------------------------------------------------------------------------- the whole page


def test_example_commission_shows_honoraria_earned_so_far(qtbot, database, commander, example):
    """The worked example lists each young person's earnings in Brixton Pounds and staff as not paid."""
    commission_id = example
    page = PeoplePage(commander)
    qtbot.addWidget(page)
    page.set_commission(commission_id)
    panel = page.participants_panel
    earned = dict(zip(_texts(panel.proxy, P.COL_PSEUDONYM), _texts(panel.proxy, P.COL_EARNED), strict=True))
    assert earned["Tee"] == "B£75.00"
    assert earned["Sam (youth worker)"] == "Not paid"
    assert _texts(page.workshops_panel.model, workshops_panel.COL_NUMBER) == ["1", "2", "3", "4"]
    assert page.workshops_panel.selected_workshop().number == 4


def test_every_model_passes_the_model_tester(qtbot, qtmodeltester, database, commander, example):
    """The participants, workshops, agenda and attendance models (and the sorted view) keep Qt's rules."""
    commission_id = example
    page = PeoplePage(commander)
    qtbot.addWidget(page)
    page.set_commission(commission_id)
    page.participants_panel.show_names.setChecked(True)
    workshops = page.workshops_panel
    for model in (
        page.participants_panel.model,
        page.participants_panel.proxy,
        workshops.model,
        workshops.agenda.model,
        workshops.attendance.model,
    ):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_every_control_is_named_and_the_page_fits_a_laptop(qtbot, page):
    """Every control, the forms' included, has a name a screen reader can say; the page fits 1366×768."""
    assert page.title == "People"
    assert unnamed_controls(page) == []
    qtbot.mouseClick(page.participants_panel.add_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(page.participants_panel.dialog) == []
    page.participants_panel.dialog.reject()
    page.tabs.setCurrentWidget(page.workshops_panel)
    qtbot.mouseClick(page.workshops_panel.add_button, Qt.MouseButton.LeftButton)
    assert unnamed_controls(page.workshops_panel.dialog) == []
    page.workshops_panel.dialog.reject()
    # What is left of a 1366×768 screen beside the navigator and below the header and title bar.
    hint = page.minimumSizeHint()
    assert hint.width() <= 1150 and hint.height() <= 560
