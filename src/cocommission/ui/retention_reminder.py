"""The reminder shown on opening a commission whose retention date has passed.

It runs on every opening, so it loads the message box only when the date has passed, and the
erasing (``privacy_actions``) only when the person chooses to erase.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cocommission.services.commissions import get_commission
from cocommission.services.retention import retention_passed
from cocommission.ui.commands import Commander
from cocommission.ui.pages.display import format_day
from cocommission.wording import translator

# The same context as the other privacy actions: one set of translations for them all.
tr = translator("PrivacyActions")


def remind_retention(parent: QWidget, commander: Commander, commission_id: str) -> bool:
    """When the retention date has passed, offer to erase all personal data now; True if erased."""
    if not commander.read(lambda session: retention_passed(session, commission_id=commission_id)):
        return False
    from PySide6.QtWidgets import QMessageBox

    commission = commander.read(lambda session: get_commission(session, commission_id=commission_id))
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        tr("Retention date passed"),
        tr(
            "The group agreed to keep personal details for “{title}” until {day}. That date has passed.\n\n"
            "Erase every participant's personal details now? Votes, scores, payments and the decision "
            "stay, anonymously. This cannot be undone."
        ).format(title=commission.title, day=format_day(commission.retention_until)),
        parent=parent,
    )
    erase_button = box.addButton(tr("Erase personal details now"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(tr("Remind me next time"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not erase_button:
        return False
    from cocommission.services.privacy import erase_personal_data
    from cocommission.ui.privacy_actions import finish_erasure

    if commander.run(erase_personal_data, initiator=parent, commission_id=commission_id) is None:
        return False
    finish_erasure(parent, commander)
    return True
