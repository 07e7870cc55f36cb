"""Printing join cards from the People stage: ask, issue the cards, then preview them to print.

Issuing a card replaces the person's earlier one, so the facilitator is told that before
anything changes and chooses everyone who can vote or only the people chosen in the list.
The cards are issued in one committed action (``room_joining.issue_join_cards``) and laid out
from what it returned: their tokens and codes exist in plain only in this PDF, which the
preview prints (or saves, if the facilitator asks) and keeps nowhere else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from cocommission.services.commissions import get_commission
from cocommission.services.errors import ServiceError
from cocommission.services.participants import ParticipantRow
from cocommission.services.room_joining import issue_join_cards, joinable_participants
from cocommission.services.text import plural
from cocommission.ui.commands import Commander
from cocommission.ui.settings import Settings
from cocommission.wording import translator

if TYPE_CHECKING:
    from cocommission.ui.pdf_preview_dialog import PdfPreviewDialog

tr = translator("JoinCardsAction")

FILE_STEM = "join-cards"


#: The facilitator's answers: cards for everyone who can vote, or for those chosen in the list.
EVERYONE, CHOSEN = "everyone", "chosen"


def _where_to_join(address: str | None) -> str:
    """What the cards' QR codes will do: open the running room's ballot page, or nothing until room voting is on."""
    if address:
        return tr("Each card's QR code opens the ballot page at {address} while room voting is on there.").format(
            address=address
        )
    return tr(
        "Turn room voting on in the live console before printing, so each card's QR code opens the ballot page; "
        "printed now, the cards work by typing their code."
    )


def _ask(parent: QWidget, everyone: int, chosen: int, address: str | None) -> str | None:
    """Whom to print cards for (``EVERYONE`` or ``CHOSEN``), after saying what printing replaces; None to cancel."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(tr("Print join cards"))
    box.setText(tr("Print join cards for room voting?"))
    box.setInformativeText(
        tr(
            "Each card lets one person join the vote from their own phone, once. "
            "Any card printed for them before stops working, so hand out only the new cards. "
            "Phones that have already joined stay joined."
        )
        + " "
        + _where_to_join(address)
    )
    for_everyone = box.addButton(
        tr("Print for everyone who can vote ({count})").format(count=everyone), QMessageBox.ButtonRole.AcceptRole
    )
    for_chosen = (
        box.addButton(tr("Print for the chosen ({count})").format(count=chosen), QMessageBox.ButtonRole.AcceptRole)
        if chosen
        else None
    )
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    if box.clickedButton() is for_everyone:
        return EVERYONE
    if for_chosen is not None and box.clickedButton() is for_chosen:
        return CHOSEN
    return None


def print_join_cards(
    parent: QWidget,
    commander: Commander,
    *,
    commission_id: str,
    chosen: Sequence[ParticipantRow] = (),
    settings: Settings | None = None,
    room_address: str = "",
) -> PdfPreviewDialog | None:
    """Ask, issue new join cards and open their preview; returns the preview, or None when nothing was printed.

    ``room_address`` is where room voting is on (``http://HOST:PORT/``), or blank when it is off.
    """
    joinable = commander.read(joinable_participants, commission_id=commission_id)
    if not joinable:
        commander.failed.emit(
            tr("Nobody can vote yet: record the consent of the young people who vote, then print their cards.")
        )
        return None
    can_vote = {person.participant_id for person in joinable}
    chosen_ids = [person.id for person in chosen if person.id in can_vote]
    # Imported here: laying out and drawing a PDF loads reportlab and pdfium, which the window does not need to start.
    from cocommission.export.join_cards_pdf import join_cards_pdf
    from cocommission.export.join_cards_pdf import room_address as printed_address

    address = printed_address(room_address)
    answer = _ask(parent, len(joinable), len(chosen_ids), address)
    if answer is None:
        return None
    cards = commander.run(
        issue_join_cards,
        initiator=parent,
        commission_id=commission_id,
        participant_ids=chosen_ids if answer == CHOSEN else None,
        cannot_undo=tr("printed join cards replace the cards printed before"),
    )
    if not cards:
        return None
    from cocommission.ui.pdf_preview_dialog import PdfPreviewDialog, draw_pages

    commission = commander.read(get_commission, commission_id=commission_id)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        pages = draw_pages(join_cards_pdf(cards, commission_title=commission.title, address=address))
    except ServiceError as exc:
        commander.failed.emit(exc.message)
        return None
    finally:
        QApplication.restoreOverrideCursor()
    preview = PdfPreviewDialog(
        pages,
        document_title=tr("Join cards"),
        file_stem=FILE_STEM,
        commission_title=commission.title,
        settings=settings or Settings(),
        parent=parent,
    )
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    preview.saved.connect(commander.succeeded.emit)
    commander.succeeded.emit(
        plural(
            len(cards),
            tr("1 join card issued: print it and hand it to its owner. Their earlier card no longer works."),
            tr("{count} join cards issued: print them and hand each person their own. Earlier cards no longer work."),
        )
    )
    preview.open()
    return preview
