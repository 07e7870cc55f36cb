"""Printing join cards from the People stage: asked first, then issued and previewed to print."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import func, select
from tests.ui.answering import answering

from cocommission.model import JoinCard
from cocommission.services import commissions
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform, read
from cocommission.ui.pages.people_page import PeoplePage


def _people_page(window) -> PeoplePage:
    (number,) = [n for n, page in enumerate(window.workspace.page_widgets) if isinstance(page, PeoplePage)]
    window.workspace.show_page(number)
    return window.workspace.page_widgets[number]


def _cards(database) -> int:
    return read(database, lambda session: session.scalar(select(func.count()).select_from(JoinCard)))


def _preview_text(panel) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(panel.join_cards_preview.pages.pdf)).pages)


def test_the_cards_are_issued_for_everyone_after_saying_earlier_cards_stop_working(qtbot, example_window, database):
    panel = _people_page(example_window).participants_panel
    said: list[str] = []
    example_window.commander.succeeded.connect(said.append)
    with answering("Print for everyone") as asked:
        qtbot.mouseClick(panel.join_cards_button, Qt.MouseButton.LeftButton)
    (question,) = asked
    assert "Any card printed for them before stops working" in question.text
    assert question.escape == question.default and "Cancel" in question.default
    assert _cards(database) == 8
    preview = panel.join_cards_preview
    assert preview is not None and preview.isVisible()
    assert preview.pages.page_count == 1
    text = _preview_text(panel)
    assert "Kiki" in text and "Keisha Campbell" not in text
    assert any("8 join cards issued" in message for message in said)
    preview.close()


def test_printing_for_the_chosen_person_replaces_only_their_card(qtbot, example_window, database):
    panel = _people_page(example_window).participants_panel
    with answering("Print for everyone"):
        qtbot.mouseClick(panel.join_cards_button, Qt.MouseButton.LeftButton)
    panel.join_cards_preview.close()
    before = read(database, lambda s: {card.participant_id: card.token_digest for card in s.scalars(select(JoinCard))})
    kiki = next(line.person for line in panel.model.rows() if line.person.pseudonym == "Kiki")
    panel.select_participant(kiki.id)
    with answering("Print for the chosen") as asked:
        qtbot.mouseClick(panel.join_cards_button, Qt.MouseButton.LeftButton)
    assert "Print for the chosen (1)" in asked[0].buttons
    after = read(database, lambda s: {card.participant_id: card.token_digest for card in s.scalars(select(JoinCard))})
    assert {who for who in after if after[who] != before[who]} == {kiki.id}
    text = _preview_text(panel)
    assert "Kiki" in text and "Blaze" not in text
    panel.join_cards_preview.close()


def test_cancelling_issues_nothing(qtbot, example_window, database):
    panel = _people_page(example_window).participants_panel
    with answering("Cancel"):
        qtbot.mouseClick(panel.join_cards_button, Qt.MouseButton.LeftButton)
    assert _cards(database) == 0
    assert panel.join_cards_preview is None


def test_with_nobody_who_can_vote_the_page_says_what_to_do(qtbot, show_page, commander, problems, database):
    def make(session):
        cid = commissions.create_commission(session, title="Youth fund").id
        add_participant(session, commission_id=cid, pseudonym="Kiki")  # no consent yet
        return cid

    commission_id = perform(database, make).result
    page = show_page(PeoplePage(commander), commission_id)
    with answering("Print for everyone") as asked:
        qtbot.mouseClick(page.participants_panel.join_cards_button, Qt.MouseButton.LeftButton)
    assert asked == []
    assert problems == ["Nobody can vote yet: record the consent of the young people who vote, then print their cards."]
    assert _cards(database) == 0


def test_while_room_voting_is_on_each_card_opens_the_ballot_page_from_its_qr_code(qtbot, example_window, database):
    """Cards printed with room voting on carry the room's address, so a phone's camera can join with them."""
    from tests.ui.test_room_panel import LOOPBACK

    example_window.open_live_console()
    room = example_window.console.room
    assert room.choose_address(LOOPBACK) and room.start_room()
    url = room.address.text().removeprefix("http://").rstrip("/")
    panel = _people_page(example_window).participants_panel
    try:
        with answering("Print for everyone") as asked:
            qtbot.mouseClick(panel.join_cards_button, Qt.MouseButton.LeftButton)
        (question,) = asked
        assert url in question.text
        assert url in _preview_text(panel)
        panel.join_cards_preview.close()
        room.stop_room()
        with answering("Print for everyone") as asked:
            qtbot.mouseClick(panel.join_cards_button, Qt.MouseButton.LeftButton)
        (question,) = asked
        assert "Turn room voting on" in question.text
        assert url not in _preview_text(panel)
        panel.join_cards_preview.close()
    finally:
        example_window.close_live_console()
        example_window.commander.undo_stack.clear()
