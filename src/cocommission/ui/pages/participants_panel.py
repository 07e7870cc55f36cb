"""The participants tab of the people page: who is taking part, their consent, language and access needs.

Screens show pseudonyms. Full names and contact details stay out of the table (not just
out of sight) until the facilitator ticks "Show full names" and confirms that nobody else can
see the screen. The tick is cleared every time the page is opened, when the projector window
opens and after three minutes, so the private details are never left on show by accident.

The People page is the one on screen when the app opens: the participant form, the questions it
asks before a change and the file chooser are loaded when first used, not with the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services.collation import name_sort_key
from cocommission.services.participants import (
    ParticipantCounts,
    ParticipantRow,
    add_participant,
    record_consent,
    still_taking_part,
    update_participant,
    withdraw_participant,
)
from cocommission.services.text import plural
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.flow_layout import FlowLayout
from cocommission.ui.pages.display import format_day
from cocommission.ui.role_names import role_name
from cocommission.ui.settings import Settings
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import (
    EDIT_IN_PLACE,
    make_table_view,
    selected_row,
    selected_rows,
    sorting_proxy,
)

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog

    from cocommission.ui.participant_dialog import ParticipantDialog

(
    COL_PSEUDONYM,
    COL_FULL_NAME,
    COL_CONTACT,
    COL_ROLE,
    COL_UNDER_18,
    COL_CONSENT,
    COL_LANGUAGE,
    COL_ACCESS,
    COL_PANELLIST,
    COL_WITHDRAWN,
    COL_EARNED,
) = range(11)

#: The columns edited in place, and the detail of update_participant each one changes.
_IN_PLACE = {COL_PSEUDONYM: "pseudonym", COL_LANGUAGE: "language", COL_ACCESS: "access_needs"}
#: Details that a blank clears, so "nothing before" is undone by sending "".
_CLEARABLE = frozenset({"full_name", "contact"})
#: How long full names stay on show before they hide themselves, in minutes.
NAMES_SHOWN_MINUTES = 3


class ConfirmingCheckBox(QCheckBox):
    """A check box that asks ``confirm()`` before a person ticks it; unticking never asks.

    Asking in ``nextCheckState`` (which only a click or Space calls) means the box is never
    ticked, not even for a moment, until the answer is yes; code can still tick it directly.
    """

    def __init__(self, text: str, confirm: Callable[[], bool], parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self._confirm = confirm

    def nextCheckState(self) -> None:
        if self.isChecked() or self._confirm():
            super().nextCheckState()


@dataclass(frozen=True)
class ParticipantLine:
    """One row of the table: the participant and the honorarium earned so far (None if not paid one)."""

    id: str
    person: ParticipantRow
    earned_minor: int | None


def consent_status(person: ParticipantRow) -> str:
    """Where a participant's consent stands, in words: complete, or what is still needed."""
    if person.erased:
        text = "Details erased"
    elif person.consent_on is None:
        text = "Needs consent"
    elif not person.consent_complete:
        text = "Needs guardian consent"
    else:
        text = "Consent complete"
    return QCoreApplication.translate("participants_panel", text)


class ParticipantsPanel(QWidget):
    """A table of participants: add them, change details in place or in a form, withdraw them."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        #: The preview of the join cards last printed, while it is open.
        self.join_cards_preview: QDialog | None = None
        self._currency: CurrencyInfo | None = None
        self.dialog: ParticipantDialog | None = None

        self.model = RowTableModel(
            [
                Column(
                    self.tr("Pseudonym"),
                    lambda line: line.person.pseudonym,
                    sort_key=lambda line: name_sort_key(line.person.pseudonym),
                    editable=True,
                ),
                Column(self.tr("Full name"), self._private(lambda person: person.full_name)),
                Column(self.tr("Contact"), self._private(lambda person: person.contact)),
                Column(self.tr("Role"), lambda line: role_name(line.person.role)),
                Column(self.tr("Under 18"), lambda line: self._yes_no(line.person.under_18)),
                Column(
                    self.tr("Consent"), lambda line: consent_status(line.person), tooltip=self._consent_dates
                ),
                Column(self.tr("Language"), lambda line: line.person.language, editable=True),
                Column(self.tr("Access needs"), lambda line: line.person.access_needs, editable=True),
                Column(self.tr("Panellist"), lambda line: self._yes_no(line.person.is_panellist)),
                Column(
                    self.tr("Withdrawn"),
                    lambda line: format_day(line.person.withdrawn_on),
                    sort_key=lambda line: line.person.withdrawn_on or date.min,
                ),
                Column(
                    self.tr("Earned so far"),
                    self._earned_text,
                    sort_key=lambda line: -1 if line.earned_minor is None else line.earned_minor,
                    tooltip=lambda _line: self.tr(
                        "Honorarium earned for the workshops attended; payments are recorded on the "
                        "Feedback & payments page."
                    ),
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table_view(
            self, self.proxy, self.tr("Participants"), stretch_column=COL_ACCESS, edit_triggers=EDIT_IN_PLACE
        )
        # Several people can be chosen, to record their consent together.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_PSEUDONYM, Qt.SortOrder.AscendingOrder)
        self.table.doubleClicked.connect(self._double_clicked)

        self.add_button = QPushButton(self.tr("&Add participant…"), self)
        self.add_button.clicked.connect(self.add_participant)
        self.import_button = QPushButton(self.tr("&Import from spreadsheet…"), self)
        self.import_button.setToolTip(
            self.tr(
                "Add everyone listed in a spreadsheet saved as CSV: a Pseudonym column, and any of Full name, "
                "Email, Phone, Role, Under 18, Consent date, Language, Access needs"
            )
        )
        self.import_button.clicked.connect(self.import_from_spreadsheet)
        self.change_button = QPushButton(self.tr("&Change details…"), self)
        self.change_button.setToolTip(
            self.tr("Change the chosen participant's role, age, consent or private details")
        )
        self.change_button.clicked.connect(self.change_participant)
        self.consent_button = QPushButton(self.tr("Record co&nsent…"), self)
        self.consent_button.setToolTip(
            self.tr("Record the day consent was given for every participant chosen (Shift or Ctrl and click)")
        )
        self.consent_button.clicked.connect(self.record_consent)
        self.withdraw_button = QPushButton(self.tr("Wit&hdraw…"), self)
        self.withdraw_button.setToolTip(self.tr("Record that the chosen participant has left the commission"))
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.privacy_button = QPushButton(self.tr("Pri&vacy"), self)
        self.privacy_button.setToolTip(
            self.tr("Give the chosen participant everything held about them, or erase their personal details")
        )
        privacy_menu = QMenu(self.privacy_button)
        self.access_action = privacy_menu.addAction(
            self.tr("Save everything held about them…"),
            lambda: self._with_chosen(self._save_subject_access),
        )
        self.erase_action = privacy_menu.addAction(
            self.tr("Erase their personal details…"),
            lambda: self._with_chosen(self._erase),
        )
        self.privacy_button.setMenu(privacy_menu)
        self.join_cards_button = QPushButton(self.tr("Print &join cards…"), self)
        self.join_cards_button.setToolTip(
            self.tr(
                "Print a card for each person who can vote, to join room voting from their phone. "
                "New cards replace the ones printed before."
            )
        )
        self.join_cards_button.clicked.connect(self.print_join_cards)
        self.show_names = ConfirmingCheckBox(self.tr("Show full names"), self._confirm_show_names, self)
        self.show_names.setToolTip(
            self.tr(
                "Show full names and contact details, after asking. They hide again after {minutes} minutes, "
                "when the projector opens and whenever this page is opened."
            ).format(minutes=NAMES_SHOWN_MINUTES)
        )
        self.show_names.toggled.connect(self._names_toggled)
        self.names_timer = QTimer(self)
        self.names_timer.setSingleShot(True)
        self.names_timer.setInterval(NAMES_SHOWN_MINUTES * 60 * 1000)
        self.names_timer.timeout.connect(self.hide_names)
        # Whatever goes on the wall, private details must not be on the laptop screen a projector may mirror.
        commander.bus.projector_shown.connect(self.hide_names)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        hint = QLabel(
            self.tr(
                "Double-click a pseudonym, language or access needs to change it; Ctrl+Z undoes a change."
            ),
            self,
        )
        hint.setWordWrap(True)

        buttons = FlowLayout()  # wraps onto a second line on a small screen or at 200%
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.consent_button)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(self.privacy_button)
        buttons.addWidget(self.join_cards_button)
        buttons.addStretch(1)
        buttons.addWidget(self.show_names)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(hint)
        self.setTabOrder(self.add_button, self.import_button)
        self.setTabOrder(self.import_button, self.change_button)
        self.setTabOrder(self.change_button, self.consent_button)
        self.setTabOrder(self.consent_button, self.withdraw_button)
        self.setTabOrder(self.withdraw_button, self.privacy_button)
        self.setTabOrder(self.privacy_button, self.join_cards_button)
        self.setTabOrder(self.join_cards_button, self.show_names)
        self.setTabOrder(self.show_names, self.table)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._names_toggled(False)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def show_participants(
        self,
        commission_id: str,
        participants: Sequence[ParticipantRow],
        counts: ParticipantCounts,
        earned: Mapping[str, int],
        currency: CurrencyInfo,
    ) -> None:
        """Show the participants, summed up by ``counts``; ``earned`` is the honorarium earned per participant id."""
        chosen = self.selected_participant()
        self.commission_id = commission_id
        self._currency = currency
        lines = {p.id: ParticipantLine(p.id, p, earned.get(p.id)) for p in participants}
        kept = [line.id for line in self.model.rows()]
        # The view sorts, so the model keeps its order while the same people are listed: a renamed
        # person moves in the view without a reset, which would tear down the cell editor being closed.
        same_people = set(kept) == set(lines)
        self.model.set_rows([lines[key] for key in kept] if same_people else list(lines.values()))
        if chosen is not None:
            self.select_participant(chosen.id)
        self.summary.setText(
            plural(
                counts.everyone,
                self.tr("{count} person; {complete} with consent complete; {withdrawn} withdrawn."),
                self.tr("{count} people; {complete} with consent complete; {withdrawn} withdrawn."),
                complete=counts.taking_part,
                withdrawn=counts.withdrawn,
            )
        )
        self._update_buttons()

    def hide_names(self) -> None:
        """Untick "Show full names" (privacy by default)."""
        self.show_names.setChecked(False)

    def _confirm_show_names(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Show full names"),
            self.tr(
                "Show every participant's full name and contact details?\n\n"
                "Anyone who can see this screen will see them: people in the room, and everyone watching "
                "the projector if it shows this screen. They hide again after {minutes} minutes."
            ).format(minutes=NAMES_SHOWN_MINUTES),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _names_toggled(self, shown: bool) -> None:
        if shown:
            self.names_timer.start()
        else:
            self.names_timer.stop()
        self.table.setColumnHidden(COL_FULL_NAME, not shown)
        self.table.setColumnHidden(COL_CONTACT, not shown)
        if self.model.rowCount():
            self.model.dataChanged.emit(
                self.model.index(0, COL_FULL_NAME), self.model.index(self.model.rowCount() - 1, COL_CONTACT)
            )

    def _private(self, detail: Callable[[ParticipantRow], str | None]) -> Callable[[ParticipantLine], str]:
        # Hidden columns can still be read by assistive tools, so the model itself holds nothing private.
        return lambda line: (detail(line.person) or "") if self.show_names.isChecked() else ""

    def _yes_no(self, value: bool) -> str:
        return self.tr("Yes") if value else self.tr("No")

    def _consent_dates(self, line: ParticipantLine) -> str:
        person = line.person
        said = [
            self.tr("Consent given {day}").format(day=format_day(person.consent_on))
            if person.consent_on
            else self.tr("No consent recorded yet")
        ]
        if person.under_18:
            said.append(
                self.tr("parent or guardian consent given {day}").format(
                    day=format_day(person.guardian_consent_on)
                )
                if person.guardian_consent_on
                else self.tr("no parent or guardian consent yet")
            )
        return "; ".join(said)

    def _earned_text(self, line: ParticipantLine) -> str:
        if line.earned_minor is None or self._currency is None:
            return self.tr("Not paid")
        return format_money(line.earned_minor, self._currency)

    def selected_participant(self) -> ParticipantRow | None:
        """The participant chosen in the table, if exactly one is chosen."""
        if len(self.table.selectionModel().selectedRows()) != 1:
            return None
        line: ParticipantLine | None = selected_row(self.table)
        return line.person if line is not None else None

    def selected_participants(self) -> list[ParticipantRow]:
        """Every participant chosen in the table, in the order shown."""
        return [line.person for line in selected_rows(self.table)]

    def select_participant(self, participant_id: str) -> None:
        """Choose the participant with ``participant_id`` in the table."""
        number = self.model.row_number(participant_id)
        if number is None:
            return
        index = self.proxy.mapFromSource(self.model.index(number, COL_PSEUDONYM))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def _update_buttons(self, *_args: Any) -> None:
        chosen = self.selected_participant()
        several = len(self.selected_participants()) > 1
        self.change_button.setEnabled(chosen is not None and not chosen.erased)
        # The form holds one person's private details; several people share only consent, recorded apart.
        self.change_button.setToolTip(
            self.tr("Choose one participant to change their details; for several, use Record consent…")
            if several
            else self.tr("Change the chosen participant's role, age, consent or private details")
        )
        self.consent_button.setEnabled(any(not person.erased for person in self.selected_participants()))
        self.privacy_button.setEnabled(chosen is not None)
        self.erase_action.setEnabled(chosen is not None and not chosen.erased)
        self.withdraw_button.setEnabled(chosen is not None and still_taking_part(chosen))

    # --- editing in place -------------------------------------------------------

    def _edit_requested(self, line: ParticipantLine, column: int, value: Any) -> None:
        detail = _IN_PLACE.get(column)
        if detail is None:
            return
        old = getattr(line.person, detail)
        new = str(value).strip()
        if new == old:
            return
        if detail == "pseudonym" and not self._go_ahead_with_name(self, new, leaving_out=line.id):
            return
        self.commander.edit(
            self.tr("Change {name}'s {what}").format(
                name=line.person.pseudonym, what=self.model.headerData(column, Qt.Orientation.Horizontal).lower()
            ),
            do=ServiceCall(update_participant, {"participant_id": line.id, detail: new}),
            undo=ServiceCall(update_participant, {"participant_id": line.id, detail: old}),
            initiator=self,
            row=line.id,
        )

    def _double_clicked(self, index: QModelIndex) -> None:
        # Columns that cannot be changed in place open the full form instead.
        if self.proxy.mapToSource(index).column() not in _IN_PLACE:
            self.change_participant()

    # --- the form ---------------------------------------------------------------

    def add_participant(self) -> None:
        """Open the form for a new participant; they are added when the form is accepted."""
        if self.commission_id is not None:
            from cocommission.ui.participant_dialog import ParticipantDialog

            self._open_dialog(ParticipantDialog(self))

    def change_participant(self) -> None:
        """Open the form for the chosen participant; the changes are made when it is accepted."""
        chosen = self.selected_participant()
        if chosen is not None and not chosen.erased:
            from cocommission.ui.participant_dialog import ParticipantDialog

            self._open_dialog(
                ParticipantDialog(self, participant=chosen, show_private=self.show_names.isChecked())
            )

    def _open_dialog(self, dialog: ParticipantDialog) -> None:
        from cocommission.ui.form_dialog import open_form_until_done

        self.dialog = dialog
        open_form_until_done(
            dialog,
            self.commander,
            lambda values: (
                self._add(values) if dialog.participant is None else self._change(dialog.participant, values)
            ),
        )

    def _go_ahead_with_name(
        self, parent: QWidget, pseudonym: str, full_name: str | None = None, *, leaving_out: str | None = None
    ) -> bool:
        """Ask before a name that reads like someone already here (by pseudonym only); True to go ahead."""
        if self.commission_id is None:
            return True
        from cocommission.services.lookalikes import participants_like

        found = self.commander.read(
            participants_like,
            commission_id=self.commission_id,
            pseudonym=pseudonym,
            full_name=full_name,
            leaving_out=leaving_out,
        )
        # Loaded on first use, so opening the app stays quick.
        from cocommission.ui.lookalike_question import go_ahead_despite

        return go_ahead_despite(
            parent,
            found,
            title=self.tr("Someone with a name like this is already here"),
            question=self.tr(
                "“{typed}” reads like {existing}, already in this commission. Two people can share a "
                "name; is “{typed}” someone else, to be added anyway?"
            ),
            typed=pseudonym,
        )

    def _add(self, values: dict) -> bool:
        assert self.commission_id is not None
        if not self._go_ahead_with_name(self.dialog or self, values["pseudonym"], values.get("full_name")):
            return False
        made = self.commander.run(
            add_participant, initiator=self, commission_id=self.commission_id, **values,
            cannot_undo=self.tr("a participant added stays on the list; withdraw them if they leave"),
        )
        if made is None:
            return False
        self.select_participant(made.id)
        return True

    def _change(self, person: ParticipantRow, values: dict) -> bool:
        before = {key: getattr(person, key) for key in values}
        for key in _CLEARABLE & before.keys():
            before[key] = before[key] or ""
        changed = {key: value for key, value in values.items() if value != before[key]}
        if not changed:
            return True
        if ({"pseudonym", "full_name"} & changed.keys()) and not self._go_ahead_with_name(
            self.dialog or self, values["pseudonym"], values.get("full_name"), leaving_out=person.id
        ):
            return False
        do = ServiceCall(update_participant, {"participant_id": person.id, **changed})
        if any(before[key] is None for key in changed):
            # A consent recorded for the first time cannot be un-recorded, so it is not offered for undo.
            return self.commander.run(
                do.service, initiator=self, **do.arguments,
                cannot_undo=self.tr("a consent or date recorded for the first time stays on record"),
            ) is not None
        undo = ServiceCall(
            update_participant, {"participant_id": person.id, **{key: before[key] for key in changed}}
        )
        done = self.commander.edit(
            self.tr("Change {name}'s details").format(name=person.pseudonym), do=do, undo=undo, initiator=self,
            row=person.id,
        )
        return done is not None

    def _with_chosen(self, action: Callable[[ParticipantRow], object]) -> None:
        chosen = self.selected_participant()
        if chosen is not None:
            action(chosen)

    # The privacy actions are loaded when first used: they are not needed to show the list.
    def _save_subject_access(self, person: ParticipantRow) -> None:
        from cocommission.ui.privacy_actions import save_subject_access

        save_subject_access(self, self.commander, person)

    def _erase(self, person: ParticipantRow) -> None:
        from cocommission.ui.privacy_actions import erase_person

        erase_person(self, self.commander, person)

    def print_join_cards(self) -> None:
        """Ask, then issue join cards for everyone who can vote (or those chosen) and preview them to print."""
        if self.commission_id is None:
            return
        # Loaded when first used: laying out cards needs reportlab, which showing the list does not.
        from cocommission.ui.join_cards_action import print_join_cards

        settings = getattr(self.window(), "settings", None)
        self.join_cards_preview = print_join_cards(
            self,
            self.commander,
            commission_id=self.commission_id,
            chosen=self.selected_participants(),
            settings=settings if isinstance(settings, Settings) else None,
            room_address=str(getattr(self.window(), "room_address", "") or ""),
        )

    # --- importing ----------------------------------------------------------------

    def import_from_spreadsheet(self) -> None:
        """Ask for a spreadsheet saved as CSV and add everyone in it, or no one if it has problems."""
        if self.commission_id is None:
            return
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import participants from a spreadsheet"),
            "",
            self.tr("Spreadsheets saved as CSV (*.csv *.txt);;All files (*)"),
        )
        if not path:
            return
        # Loaded on first use, so opening the app stays quick.
        from cocommission.export.participants_csv import import_participants_csv
        from cocommission.services.lookalikes import lookalike_participants

        imported = self.commander.run(
            import_participants_csv, initiator=self, commission_id=self.commission_id, path=Path(path),
            cannot_undo=self.tr("people imported from a spreadsheet stay on the list; withdraw any who leave"),
        )
        if imported is None:
            return
        count = len(imported.added)
        said = (
            self.tr("Added 1 participant from {file}.")
            if count == 1
            else self.tr("Added {count} participants from {file}.")
        ).format(count=count, file=Path(path).name)
        if imported.ignored_columns:
            said += " " + self.tr("Columns left out: {columns}.").format(columns=", ".join(imported.ignored_columns))
        alike = self.commander.read(
            lookalike_participants,
            commission_id=self.commission_id,
            participant_ids=[row.id for row in imported.added],
        )
        if alike:
            pairs = "; ".join(
                self.tr("“{one}” and “{other}”").format(one=one.shown, other=other.shown)
                for one, other in alike
            )
            said += " " + self.tr(
                "These names read alike: {pairs}. Check that they are different people."
            ).format(pairs=pairs)
        self.commander.succeeded.emit(said)
        self.select_participant(imported.added[0].id)

    # --- consent for many -------------------------------------------------------

    def record_consent(self) -> None:
        """Ask the day consent was given and record it for everyone chosen, as one saved action."""
        chosen = [person for person in self.selected_participants() if not person.erased]
        if not chosen:
            return
        # Loaded on first use, so opening the app stays quick.
        from cocommission.ui.consent_dialog import ConsentDialog

        dialog = ConsentDialog(chosen, self)
        if not dialog.exec():
            return
        recorded = self.commander.run(
            record_consent,
            initiator=self,
            participant_ids=[person.id for person in chosen],
            consent_on=dialog.consent_on(),
            guardian_consent_on=dialog.guardian_consent_on(),
            cannot_undo=self.tr("a consent recorded stays on record"),
        )
        if recorded is None:
            return
        had = [person.pseudonym for person in chosen if person.consent_on is not None]
        new = [person.pseudonym for person in chosen if person.consent_on is None]
        said = (
            plural(
                len(new),
                self.tr("Consent recorded for {count} person ({names})"),
                self.tr("Consent recorded for {count} people ({names})"),
                names=", ".join(new),
            )
            if new
            else self.tr("No new consent recorded")
        )
        if had:
            said += self.tr("; {names} already had it").format(names=", ".join(had))
        said += "."
        waiting = [person.pseudonym for person in recorded if not person.consent_complete]
        if waiting:
            said += " " + self.tr("Still needing a parent's or guardian's consent: {names}.").format(
                names=", ".join(waiting)
            )
        self.commander.succeeded.emit(said)

    # --- withdrawing --------------------------------------------------------------

    def withdraw_selected(self) -> None:
        """Record that the chosen participant has left today, once the facilitator confirms."""
        chosen = self.selected_participant()
        if chosen is None or chosen.withdrawn_on is not None or chosen.erased:
            return
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            self.tr("Withdraw participant"),
            self.tr(
                "Record that {name} has left the commission today?\n\n"
                "What they have done so far stays on record and they are still owed for the workshops "
                "they came to, but they can no longer be ticked as attending. This cannot be undone."
            ).format(name=chosen.pseudonym),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.commander.run(
                withdraw_participant, initiator=self, participant_id=chosen.id,
                cannot_undo=self.tr("{name} has left the commission, and that stays on record").format(
                    name=chosen.pseudonym
                ),
            )
