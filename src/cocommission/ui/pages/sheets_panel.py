"""Feedback sheets: issuing them with their codes, and keying returned ones back in by code.

Codes are listed as printed (``ABCD-EFG``) so they can be written on paper. To enter a
returned sheet, type its code under "Sheet code" and press Enter: a mistyped code is refused
with a readable message and opens nothing; a good one opens the sheet's questions. Or scan
the returned pile: "Scan returned sheets…" reads each sheet's QR code, marks it returned and
opens the forms one after another.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services import feedback
from cocommission.services.errors import ServiceError
from cocommission.services.feedback import FeedbackQuestionRow, SheetRow
from cocommission.services.feedback_views import SheetCounts
from cocommission.services.participants import VOICE_ROLES, ParticipantRow
from cocommission.services.text import plural
from cocommission.ui.commands import Commander
from cocommission.ui.flow_layout import FlowLayout, together
from cocommission.ui.form_dialog import open_form
from cocommission.ui.issue_sheets_dialog import IssueSheetsDialog, SheetCandidate
from cocommission.ui.pages.display import format_day
from cocommission.ui.sheet_answers_dialog import SheetAnswersDialog
from cocommission.ui.sheet_scanning import ScanOutcome, SheetScanner, describe
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, sorting_proxy

COL_CODE, COL_FOR, COL_RETURNED, COL_WORKSHOP = range(4)
#: How many newly issued codes are spelled out above the table; the rest are highlighted in it.
CODES_SPELLED_OUT = 24


class SheetsPanel(QGroupBox):
    """Issue sheets for a workshop; type a returned sheet's code and press Enter to key in its answers."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Sheets"))
        self.commander = commander
        self.commission_id: str | None = None
        self._questions: tuple[FeedbackQuestionRow, ...] = ()
        self._workshops: dict[str, str] = {}
        self._participants: tuple[ParticipantRow, ...] = ()
        self._pseudonyms: dict[str, str] = {}
        self.issue_dialog: IssueSheetsDialog | None = None
        self.dialog: SheetAnswersDialog | None = None

        self.issue_button = QPushButton(self.tr("&Issue sheets…"), self)
        self.issue_button.setToolTip(
            self.tr("Make a sheet with its own code for each person, or anonymous ones")
        )
        self.issue_button.clicked.connect(self.open_issue_dialog)
        self.issued = QLabel(self)
        self.issued.setObjectName("issuedCodes")
        self.issued.setWordWrap(True)
        self.issued.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.issued.hide()

        self.code = QLineEdit(self)
        self.code.setPlaceholderText(self.tr("e.g. ABCD-EFG, then Enter"))
        self.code.setMaxLength(20)
        code_label = QLabel(self.tr("Sheet &code:"), self)
        code_label.setBuddy(self.code)
        self.enter_button = QPushButton(self.tr("Enter a&nswers"), self)
        self.enter_button.setToolTip(self.tr("Open the sheet with this code to key in its answers"))
        self.code.returnPressed.connect(self.enter_code)
        self.enter_button.clicked.connect(self.enter_code)
        self.scan_button = QPushButton(self.tr("&Scan returned sheets…"), self)
        self.scan_button.setToolTip(
            self.tr("Read the QR codes on scanned sheets (PDF or pictures) and mark those sheets returned")
        )
        self.scanner = SheetScanner(commander, self, lambda: self.commission_id)
        self.scan_button.clicked.connect(self.scanner.choose_and_scan)
        self.scanner.finished.connect(self._scanned)
        #: Sheets from the last scan still waiting for their answers to be keyed in.
        self.to_key_in: list[SheetRow] = []
        self.code_problem = QLabel(self)
        self.code_problem.setObjectName("formProblem")
        self.code_problem.setWordWrap(True)
        self.code_problem.hide()
        self.saved = QLabel(self)
        self.saved.setWordWrap(True)
        self.saved.hide()
        self.code.textEdited.connect(lambda _text: self.code_problem.hide())

        self.model = RowTableModel(
            [
                Column(self.tr("Code"), lambda row: row.printed_code),
                Column(
                    self.tr("For"),
                    lambda row: (
                        self._pseudonyms.get(row.participant_id, "?")
                        if row.participant_id
                        else self.tr("Anonymous")
                    ),
                ),
                Column(
                    self.tr("Returned"),
                    lambda row: format_day(row.returned_at.date()) if row.returned_at else self.tr("Not yet"),
                    sort_key=lambda row: row.returned_at.isoformat() if row.returned_at else "",
                ),
                Column(
                    self.tr("Workshop"),
                    lambda row: self._workshops.get(row.workshop_id or "", ""),
                    tooltip=lambda row: self._workshops.get(row.workshop_id or "", ""),
                ),
            ],
            self,
        )
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table_view(
            self,
            self.proxy,
            self.tr("Feedback sheets issued"),
            stretch_column=COL_WORKSHOP,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
            word_wrap=False,
            sort_column=COL_CODE,
        )
        self.table.doubleClicked.connect(self._double_clicked)
        self.count = QLabel(self)

        # Wraps onto more lines when the page is narrow (a small screen, 200%).
        code_row = FlowLayout()
        code_row.addWidget(together(self, code_label, self.code, stretch=self.code))
        code_row.addWidget(self.enter_button)
        code_row.addWidget(self.scan_button)
        issue_row = QHBoxLayout()
        issue_row.addWidget(self.issue_button)
        issue_row.addWidget(self.count, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(code_row)
        layout.addWidget(self.code_problem)
        layout.addWidget(self.saved)
        layout.addLayout(issue_row)
        layout.addWidget(self.issued)
        layout.addWidget(self.table, 1)

    # --- showing ------------------------------------------------------------

    def show_sheets(
        self,
        commission_id: str,
        *,
        sheets: Sequence[SheetRow],
        counts: SheetCounts,
        questions: Sequence[FeedbackQuestionRow],
        workshops: Mapping[str, str],
        participants: Sequence[ParticipantRow],
    ) -> None:
        """Show the issued sheets; ``workshops`` names workshops by id, latest last."""
        self.commission_id = commission_id
        self._questions = tuple(questions)
        self._participants = tuple(participants)
        pseudonyms = {person.id: person.pseudonym for person in participants}
        renamed = (dict(workshops), pseudonyms) != (self._workshops, self._pseudonyms)
        self._workshops = dict(workshops)
        self._pseudonyms = pseudonyms
        if renamed:
            self.model.set_rows(sheets)
        else:
            self.model.set_rows(sheets)
        self.count.setText(
            self.tr("{returned} of {issued} sheets returned").format(
                returned=counts.returned, issued=counts.issued
            )
        )

    def select_sheets(self, sheet_ids: Sequence[str]) -> None:
        """Highlight the sheets with ``sheet_ids`` and bring the first into view."""
        selection = QItemSelection()
        first: QModelIndex | None = None
        for key in sheet_ids:
            number = self.model.row_number(key)
            if number is None:
                continue
            index = self.proxy.mapFromSource(self.model.index(number, 0))
            selection.select(index, index)
            if first is None or index.row() < first.row():
                first = index
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)
        if first is not None:
            self.table.scrollTo(first)

    # --- issuing --------------------------------------------------------------

    def open_issue_dialog(self) -> None:
        """Open the form for issuing sheets; they are made when it is accepted."""
        if self.commission_id is None:
            return
        has_sheet_for: dict[str, set[str | None]] = {}
        for sheet in self.model.rows():
            if sheet.participant_id is not None:
                has_sheet_for.setdefault(sheet.participant_id, set()).add(sheet.workshop_id)
        candidates = [
            SheetCandidate(
                person.id,
                person.pseudonym,
                usually_ticked=person.role in VOICE_ROLES,
                has_sheet_for=frozenset(has_sheet_for.get(person.id, ())),
            )
            for person in self._participants
            if person.withdrawn_on is None and not person.erased
        ]
        latest = next(reversed(self._workshops), None) if self._workshops else None
        # Imported here: measuring a sheet lays it out with reportlab, which starting the window does not need.
        from cocommission.export.feedback_sheets_pdf import pages_per_sheet

        dialog = IssueSheetsDialog(
            workshops=list(self._workshops.items()),
            people=candidates,
            workshop_id=latest,
            pages_per_sheet=pages_per_sheet(self._questions),
            parent=self,
        )
        self.issue_dialog = dialog
        open_form(dialog, self.commander, lambda: self._issue_accepted(dialog))

    def _issue_accepted(self, dialog: IssueSheetsDialog) -> None:
        if dialog.values is None or self.commission_id is None:
            return
        made = self.commander.run(
            feedback.issue_sheets, initiator=self, commission_id=self.commission_id, **dialog.values,
            cannot_undo=self.tr("issued sheets carry printed codes"),
        )
        if not made:
            return
        codes = [
            self.tr("{code} ({name})").format(
                code=sheet.printed_code, name=self._pseudonyms.get(sheet.participant_id, "?")
            )
            if sheet.participant_id
            else sheet.printed_code
            for sheet in made
        ]
        listed = ", ".join(codes[:CODES_SPELLED_OUT])
        if len(codes) > CODES_SPELLED_OUT:
            listed = self.tr("{listed} and {more} more").format(
                listed=listed, more=len(codes) - CODES_SPELLED_OUT
            )
        self.issued.setText(
            plural(
                len(made),
                self.tr("{count} sheet issued; write its code on it: {codes}. It is highlighted below."),
                self.tr("{count} sheets issued; write each code on its sheet: {codes}. They are highlighted below."),
                codes=listed,
            )
        )
        self.issued.show()
        self.select_sheets([sheet.id for sheet in made])

    # --- entering returned sheets ---------------------------------------------

    def enter_code(self) -> None:
        """Find the sheet with the typed code and open its questions, or say why the code is refused."""
        if self.commission_id is None or not self.code.text().strip():
            return
        try:
            sheet = self.commander.read(
                feedback.find_sheet, code=self.code.text(), commission_id=self.commission_id
            )
        except ServiceError as exc:
            self.code_problem.setText(exc.message)
            self.code_problem.show()
            self.saved.hide()
            self.commander.failed.emit(exc.message)
            self.code.selectAll()
            self.code.setFocus()
            return
        self.code_problem.hide()
        self.open_answers(sheet)

    def _double_clicked(self, index: QModelIndex) -> None:
        self.open_answers(self.model.row_at(self.proxy.mapToSource(index)))

    def open_answers(self, sheet: SheetRow) -> None:
        """Open the form for keying in ``sheet``'s answers."""
        dialog = SheetAnswersDialog(
            sheet=sheet,
            questions=self._questions,
            workshop_label=self._workshops.get(sheet.workshop_id or "", ""),
            parent=self,
        )
        self.dialog = dialog
        dialog.accepted.connect(lambda: self._answers_accepted(dialog))
        dialog.rejected.connect(self._back_to_code)
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._key_in_next)
        dialog.open()

    def _answers_accepted(self, dialog: SheetAnswersDialog) -> None:
        saved = self.commander.run(
            feedback.record_responses, initiator=self, sheet_id=dialog.sheet.id, answers=dialog.answers(),
            cannot_undo=self.tr("a sheet's answers are corrected by keying the sheet in again"),
        )
        if saved is None:
            self._back_to_code()
            return
        self.saved.setText(
            self.tr("Answers saved for sheet {code}. Type the next code.").format(code=saved.printed_code)
        )
        self.saved.show()
        self.code.clear()
        self.code.setFocus()

    # --- scanned sheets ------------------------------------------------------------

    def _scanned(self, outcome: ScanOutcome) -> None:
        """Say what the scan found; offer to key in the answers of the sheets it brought back."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Scan returned sheets"), describe(outcome), parent=self)
        if outcome.problems:
            box.setIcon(QMessageBox.Icon.Warning)
        waiting = [sheet for sheet in outcome.sheets if not sheet.answered]
        key_in = None
        if waiting:
            key_in = box.addButton(
                self.tr("Key in {count} sheets' answers now").format(count=len(waiting)),
                QMessageBox.ButtonRole.AcceptRole,
            )
            box.addButton(self.tr("Later"), QMessageBox.ButtonRole.RejectRole)
        else:
            box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        if key_in is not None and box.clickedButton() is key_in:
            self.to_key_in = waiting
            self._key_in_next()

    def _key_in_next(self, result: int = QDialog.DialogCode.Accepted) -> None:
        """Open the next scanned sheet's form, if any are waiting; Escape on a form stops the round."""
        if result == QDialog.DialogCode.Rejected:
            self.to_key_in.clear()
        elif self.to_key_in:
            self.open_answers(self.to_key_in.pop(0))

    def _back_to_code(self) -> None:
        self.code.selectAll()
        self.code.setFocus()
