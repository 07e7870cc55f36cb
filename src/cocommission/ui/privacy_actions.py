"""The app's privacy actions: erase a person, give them everything held about them, retention.

Each asks before doing anything that cannot be undone, runs through the Commander (one
committed action, announced on the bus), and then finishes the job outside the transaction:
the file is scrubbed of the erased words (``db.scrub.forget_erased_data``) and the undo history
is cleared, because an older "change details" step would otherwise hold the erased name and
could put it back.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from cocommission.db.scrub import forget_erased_data
from cocommission.export.files import write_atomically
from cocommission.services.participants import ParticipantRow
from cocommission.services.privacy import (
    erase_participant,
    find_name_mentions,
    subject_access,
)
from cocommission.ui.commands import Commander
from cocommission.ui.erase_review_dialog import EraseReviewDialog
from cocommission.ui.save_locations import slug
from cocommission.wording import translator

tr = translator("PrivacyActions")


def finish_erasure(parent: QWidget, commander: Commander) -> None:
    """After an erasure is committed: clear the undo history and scrub the erased words from the file."""
    commander.undo_stack.clear()
    try:
        forget_erased_data(commander.database)
    except Exception as exc:  # noqa: BLE001 - the erasure is committed; say what is left to do
        QMessageBox.warning(
            parent,
            tr("Erased, but old copies remain"),
            tr(
                "The details were erased, but the old copies in the database file and its backups could not "
                "be cleared ({problem}). Close other copies of CoCommission and try again from the command "
                "line: cocommission erase."
            ).format(problem=exc),
        )


def erase_person(parent: QWidget, commander: Commander, person: ParticipantRow) -> bool:
    """Ask, then erase one participant's personal details for good; True when done."""
    answer = QMessageBox.warning(
        parent,
        tr("Erase personal details"),
        tr(
            "Erase everything that identifies {name}?\n\n"
            "Their name, pseudonym, contact, age, consent dates, language and access needs, and the words "
            "of their score comments and declared conflicts, are removed for good, including from the "
            "backups. Their votes and scores stay, as an anonymous participant, so no count changes. "
            "If others typed their name anywhere, you see each place next and choose where it is taken out.\n\n"
            "This cannot be undone."
        ).format(name=person.pseudonym),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    mentions = commander.read(lambda session: find_name_mentions(session, participant_id=person.id))
    redact = None
    if mentions:
        review = EraseReviewDialog(person.pseudonym, mentions, parent)
        if review.exec() != QDialog.DialogCode.Accepted:
            return False
        redact = review.chosen()
    if commander.run(erase_participant, initiator=parent, participant_id=person.id, redact=redact) is None:
        return False
    finish_erasure(parent, commander)
    return True


def save_subject_access(parent: QWidget, commander: Commander, person: ParticipantRow) -> list[Path]:
    """Save everything held about a participant as a PDF to read and a JSON file beside it."""
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        tr("Save everything held about {name}").format(name=person.pseudonym),
        f"everything-held-about-{slug(person.pseudonym)}.pdf",
        tr("PDF (*.pdf)"),
    )
    if not chosen:
        return []
    pdf = Path(chosen).with_suffix(".pdf")
    data = pdf.with_suffix(".json")
    # Imported here: laying out a PDF loads reportlab, which the window does not need to start.
    from cocommission.export.subject_access_pdf import plan_subject_access

    record = commander.read(lambda session: subject_access(session, participant_id=person.id))
    try:
        write_atomically(pdf, plan_subject_access(record).render())
        write_atomically(data, json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8"))
    except Exception as exc:  # noqa: BLE001 - shown in words; nothing half-written thanks to write_atomically
        QMessageBox.warning(parent, tr("Not saved"), str(exc))
        return []
    QMessageBox.information(
        parent,
        tr("Saved"),
        tr("Saved {pdf} to read, and {data} with the same record as data.").format(
            pdf=pdf.name, data=data.name
        ),
    )
    return [pdf, data]
