"""Printing feedback sheets from the Documents menu while room voting is on: their QR codes open on phones."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import QWidget

from cocommission.export.documents import printed_document
from cocommission.export.sheet_qr import sheet_qr_payload
from cocommission.ui.background import cancel_background_work, wait_for_background_work
from cocommission.ui.documents_menu import DocumentsMenu

ROOM = "http://192.168.1.20:8470/"


@pytest.fixture(autouse=True)
def _no_work_left_behind():
    yield
    cancel_background_work()
    assert wait_for_background_work()


def _menu_printing(qtbot, commander, settings, example, room_address: str):
    """Print the feedback sheets from a Documents menu told ``room_address``; the plan it laid out."""
    sheets = printed_document("feedback-sheets")
    plans = []

    def prepare(session, **arguments):
        plan = sheets.prepare(session, **arguments)
        plans.append(plan)
        return plan

    host = QWidget()
    qtbot.addWidget(host)
    menu = DocumentsMenu(settings, host, documents=(replace(sheets, prepare=prepare),))
    menu.set_commission(commander, example)
    menu.set_room_address(room_address)
    menu.list_documents()
    menu.document_actions[0].trigger()
    qtbot.waitUntil(lambda: menu.task is None, timeout=30_000)
    assert menu.preview is not None
    menu.preview.close()
    (plan,) = plans
    return plan


def test_sheets_printed_while_room_voting_is_on_carry_the_rooms_link(qtbot, commander, settings, example):
    plan = _menu_printing(qtbot, commander, settings, example, ROOM)
    assert plan.sheets
    for sheet in plan.sheets:
        assert sheet.room_address == ROOM
        assert sheet_qr_payload(sheet.code, room_address=sheet.room_address).endswith(f":8470/feedback/{sheet.code}")


def test_sheets_printed_with_room_voting_off_keep_the_scanners_code(qtbot, commander, settings, example):
    plan = _menu_printing(qtbot, commander, settings, example, "")
    assert plan.sheets
    assert all(sheet.room_address is None for sheet in plan.sheets)


def test_other_documents_are_printed_as_before_while_room_voting_is_on(commander, example):
    tender = printed_document("tender")
    assert not tender.takes_room_address
    prepared = commander.read(tender.prepare_for_room, commission_id=example, room_address=ROOM)
    assert prepared.render().startswith(b"%PDF")
