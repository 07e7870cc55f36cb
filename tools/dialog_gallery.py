"""Every dialog of the app, filled from a commission's data, for screenshots and reviews.

Each dialog is built exactly as its page builds it, so ``make screenshots`` shows what a
facilitator sees when they click the button.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QDialog, QWidget

from cocommission.export.documents import printed_document
from cocommission.services import bids, commissions, feedback, honoraria, outcomes, tender
from cocommission.services.participants import VOICE_ROLES, list_participants
from cocommission.services.workshops import list_workshops
from cocommission.ui.bid_dialog import BidDialog
from cocommission.ui.commands import Commander
from cocommission.ui.consent_dialog import ConsentDialog
from cocommission.ui.currency_dialog import CurrencyDialog
from cocommission.ui.encrypt_dialog import EncryptDialog
from cocommission.ui.issue_sheets_dialog import IssueSheetsDialog, SheetCandidate
from cocommission.ui.merge_dialog import MergeDialog
from cocommission.ui.moderate_dialog import ModerateDialog
from cocommission.ui.new_commission_dialog import NewCommissionDialog
from cocommission.ui.participant_dialog import ParticipantDialog
from cocommission.ui.passphrase_dialog import PassphraseDialog
from cocommission.ui.payment_dialog import PaymentDialog
from cocommission.ui.pdf_preview_dialog import PdfPreviewDialog, draw_pages
from cocommission.ui.reopen_tender_dialog import ReopenTenderDialog
from cocommission.ui.round_dialog import RoundDialog
from cocommission.ui.settings import Settings
from cocommission.ui.sheet_answers_dialog import SheetAnswersDialog
from cocommission.ui.split_dialog import SplitDialog
from cocommission.ui.version_diff_dialog import VersionDiffDialog
from cocommission.ui.workshop_dialog import WorkshopDialog


def example_dialogs(
    commander: Commander, commission_id: str, parent: QWidget, *, settings: Settings
) -> Iterator[tuple[str, QDialog]]:
    """(file-name stem, dialog) for each dialog, filled with ``commission_id``'s data."""
    read = commander.read
    summary = read(commissions.get_commission, commission_id=commission_id)
    statements = [row for row in read(outcomes.list_outcomes, commission_id=commission_id) if row.status != "merged"]
    workshops = read(list_workshops, commission_id=commission_id)
    participants = read(list_participants, commission_id=commission_id)
    young = [row for row in participants if row.role in VOICE_ROLES]
    due = read(honoraria.honoraria_due, commission_id=commission_id)
    shortlisted = read(bids.list_bids, commission_id=commission_id, shortlisted_only=True)
    criteria = read(tender.list_criteria, commission_id=commission_id)
    the_tender = read(tender.get_tender, commission_id=commission_id)
    versions = read(tender.list_versions, tender_id=the_tender.id)
    sheets = read(feedback.list_sheets, commission_id=commission_id)
    questions = read(feedback.list_questions, commission_id=commission_id)
    workshop_choices = [(row.id, row.title) for row in workshops]

    yield "new-commission", NewCommissionDialog(parent)
    yield "participant", ParticipantDialog(parent, participant=young[0], show_private=False)
    yield "record-consent", ConsentDialog(young[:4], parent)
    yield "workshop", WorkshopDialog(parent, workshop=workshops[0])
    yield "merge-statements", MergeDialog(statements[:2], parent)
    yield "split-statement", SplitDialog(statements[0], parent)
    yield "new-vote-round", RoundDialog(commander, commission_id, parent)
    yield "version-comparison", VersionDiffDialog(commander, versions, from_version_id=versions[0].id, parent=parent)
    yield "reopen-tender", ReopenTenderDialog(parent)
    yield "bid", BidDialog(read(bids.list_bidders, commission_id=commission_id), summary.budget_currency, parent,
                           bid=shortlisted[0])
    yield "moderate", ModerateDialog(bid_title=shortlisted[0].title, criterion_name=criteria[0].name,
                                     summary="Panel scores 5, 5, 4, 5, 5 (mean 4.8)",
                                     max_score=the_tender.scoring_scale_max, value=5, parent=parent)
    yield "payment", PaymentDialog(
        participants=[(row.id, row.pseudonym) for row in young],
        outstanding={row.participant_id: row.outstanding_minor for row in due},
        currencies=read(commissions.list_currencies, commission_id=commission_id),
        honorarium_currency=summary.honorarium_currency,
        workshops=workshop_choices,
        participant_id=young[0].id,
        parent=parent,
    )
    yield "local-currency", CurrencyDialog(parent)
    yield "issue-sheets", IssueSheetsDialog(
        workshops=workshop_choices,
        people=[SheetCandidate(id=row.id, pseudonym=row.pseudonym, usually_ticked=True) for row in young],
        parent=parent,
    )
    yield "sheet-answers", SheetAnswersDialog(sheet=sheets[-1], questions=questions,
                                              workshop_label=workshops[-1].title, parent=parent)
    yield "encrypt-database", EncryptDialog("cocommission.sqlite", parent)
    yield "passphrase", PassphraseDialog(
        "The passphrase does not open cocommission.sqlite; nothing was changed. Check it and try again.", parent
    )
    the_tender_pdf = printed_document("tender")
    preview = PdfPreviewDialog(
        # Drawn here rather than on the worker: the gallery shows the dialog as it opens, pages drawn.
        draw_pages(read(the_tender_pdf.prepare, commission_id=commission_id).render()),
        document_title=the_tender_pdf.title,
        file_stem=the_tender_pdf.file_stem,
        commission_title=summary.title,
        settings=settings,
        parent=parent,
    )
    yield "print-preview", preview
