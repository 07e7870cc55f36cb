"""The form for adding a participant, or changing one: pseudonym, private details, role, consent, language.

The pseudonym is what every screen shows. The full name and contact detail are
private: they are asked for here, marked as private, and never shown in a form for an
existing participant unless the facilitator has chosen to show full names.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from cocommission.model import Role
from cocommission.services.participants import ParticipantRow
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.optional_date import OptionalDateEdit
from cocommission.ui.role_names import ROLES, role_name


class ParticipantDialog(FormDialog):
    """Asks for a participant's details and announces them with ``submitted`` when they look right.

    The form stays open until the page has performed the change, so a refusal (a pseudonym
    already taken) can be put right without typing everything again; see ``show_problem``.
    """

    #: The details, as keyword arguments for add_participant / update_participant.
    submitted = Signal(dict)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        participant: ParticipantRow | None = None,
        show_private: bool = True,
    ) -> None:
        super().__init__(parent)
        self.participant = participant
        # For an existing participant the private details are shown (and changeable) only on request.
        self.private_shown = participant is None or show_private
        self.setWindowTitle(
            self.tr("Add a participant") if participant is None else self.tr("Change details")
        )

        self.pseudonym = QLineEdit(self)
        self.pseudonym.setMaxLength(80)
        self.pseudonym.setPlaceholderText(self.tr("The name shown on screen, e.g. Blaze"))
        self.full_name = QLineEdit(self)
        self.full_name.setMaxLength(200)
        self.contact = QLineEdit(self)
        self.contact.setMaxLength(200)
        if self.private_shown:
            self.full_name.setPlaceholderText(self.tr("Private, optional"))
            self.contact.setPlaceholderText(self.tr("Private, optional: phone, email or a worker's name"))
        else:
            hidden = self.tr("Hidden: tick “Show full names” to see or change it")
            for field in (self.full_name, self.contact):
                field.setPlaceholderText(hidden)
                field.setEnabled(False)
        self.role = QComboBox(self)
        for role in ROLES:
            self.role.addItem(role_name(role), role.value)
        self.under_18 = QCheckBox(self.tr("Under &18"), self)
        self.consent = OptionalDateEdit(self.tr("Consent given on"), self.tr("Date consent was given"), self)
        self.guardian_consent = OptionalDateEdit(
            self.tr("Parent or guardian consent given on"),
            self.tr("Date a parent or guardian gave consent"),
            self,
        )
        self.language = QLineEdit(self.tr("English"), self)
        self.language.setMaxLength(40)
        self.access_needs = QLineEdit(self)
        self.access_needs.setPlaceholderText(self.tr("e.g. Large print, step-free access, interpreter"))

        form = QFormLayout()
        form.addRow(self.tr("&Pseudonym:"), self.pseudonym)
        form.addRow(self.tr("&Full name (private):"), self.full_name)
        form.addRow(self.tr("C&ontact (private):"), self.contact)
        form.addRow(self.tr("&Role:"), self.role)
        form.addRow("", self.under_18)
        form.addRow(self.tr("&Consent:"), self.consent)
        form.addRow(self.tr("&Guardian consent:"), self.guardian_consent)
        form.addRow(self.tr("&Language:"), self.language)
        form.addRow(self.tr("&Access needs:"), self.access_needs)
        private_note = QLabel(
            self.tr("Private details are kept out of sight on screen unless you tick “Show full names”."),
            self,
        )
        private_note.setWordWrap(True)
        self._lay_out(
            form,
            private_note,
            ok_text=self.tr("Add participant") if participant is None else self.tr("Save changes"),
            on_ok=self._check_and_submit,
        )

        self.under_18.toggled.connect(self._under_18_changed)
        if participant is not None:
            self._fill(participant)
        self._under_18_changed(self.under_18.isChecked())

    def _fill(self, participant: ParticipantRow) -> None:
        self.pseudonym.setText(participant.pseudonym)
        if self.private_shown:
            self.full_name.setText(participant.full_name or "")
            self.contact.setText(participant.contact or "")
        self.role.setCurrentIndex(max(0, self.role.findData(Role(participant.role).value)))
        self.under_18.setChecked(participant.under_18)
        self.consent.set_value(participant.consent_on)
        self.guardian_consent.set_value(participant.guardian_consent_on)
        # The services keep a recorded consent: a person who no longer consents is withdrawn instead.
        reason = self.tr("Recorded consent stays on record; use Withdraw… if the person has left.")
        if participant.consent_on is not None:
            self.consent.keep_ticked(reason)
        if participant.guardian_consent_on is not None:
            self.guardian_consent.keep_ticked(reason)
        self.language.setText(participant.language)
        self.access_needs.setText(participant.access_needs)

    def _under_18_changed(self, under_18: bool) -> None:
        # A guardian's consent is asked for only for someone under 18, but one already recorded stays visible.
        self.guardian_consent.setEnabled(under_18 or self.guardian_consent.check.isChecked())

    def values(self) -> dict:
        """The details as typed, trimmed; private details only when they are shown."""
        values: dict = {
            "pseudonym": self.pseudonym.text().strip(),
            "role": Role(self.role.currentData()),
            "under_18": self.under_18.isChecked(),
            "consent_on": self.consent.value(),
            "guardian_consent_on": self.guardian_consent.value() if self.under_18.isChecked() else None,
            "language": self.language.text().strip(),
            "access_needs": self.access_needs.text().strip(),
        }
        if self.private_shown:
            values["full_name"] = self.full_name.text().strip()
            values["contact"] = self.contact.text().strip()
        if self.participant is not None and self.participant.guardian_consent_on is not None:
            values["guardian_consent_on"] = self.guardian_consent.value()
        return values

    def _check_and_submit(self) -> None:
        if not self.pseudonym.text().strip():
            self._refuse(self.tr("Give the participant a pseudonym to show on screen."), self.pseudonym)
            return
        if not self.language.text().strip():
            self._refuse(
                self.tr("Say which language the participant prefers, such as English."), self.language
            )
            return
        self.message.hide()
        self.submitted.emit(self.values())
