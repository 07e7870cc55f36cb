"""The form for issuing feedback sheets for a workshop: one named sheet per ticked participant,
and any number of anonymous ones. Each sheet gets its own code to write or print on the paper."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from cocommission.services.feedback import MAX_SHEETS
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.number_input import NotANumber, NumberBox, read_number
from cocommission.wording import translator

tr = translator("IssueSheetsDialog")


def long_sheet_warning(pages: int) -> str:
    """What to tell the facilitator when the questions no longer fit one page; empty when they do.

    Said where sheets are written and issued, before printing: each extra page is another full print run.
    """
    if pages <= 1:
        return ""
    if pages == 2:
        return tr(
            "These questions do not fit on one page: each sheet will print on 2 pages, using twice the "
            "paper. Shorten or remove a question to fit one page.",
        )
    return tr(
        "These questions do not fit on one page: each sheet will print on {pages} pages. Shorten or "
        "remove a question to fit one page.",
    ).format(pages=pages)


@dataclass(frozen=True)
class SheetCandidate:
    """Someone who can be given a named sheet; ``usually_ticked`` for those paid to take part.

    ``has_sheet_for`` holds the workshops (None: no particular workshop) they already have a
    named sheet for, so they are not ticked for a second one by default.
    """

    id: str
    pseudonym: str
    usually_ticked: bool
    has_sheet_for: frozenset[str | None] = frozenset()


class IssueSheetsDialog(FormDialog):
    """Asks which workshop, who gets a named sheet and how many anonymous sheets; ``values`` once accepted."""

    def __init__(
        self,
        *,
        workshops: Sequence[tuple[str, str]],
        people: Sequence[SheetCandidate],
        workshop_id: str | None = None,
        pages_per_sheet: int = 1,
        parent: QWidget | None = None,
    ) -> None:
        """``pages_per_sheet`` is how many pages each sheet prints on; more than one is warned of."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Issue feedback sheets"))
        about = QLabel(
            self.tr(
                "Each sheet gets its own code. Named sheets are for handing to someone; anonymous sheets "
                "carry no name. What is written on any sheet is only ever shown without a name."
            ),
            self,
        )
        about.setWordWrap(True)
        self.pages_warning = QLabel(long_sheet_warning(pages_per_sheet), self)
        self.pages_warning.setObjectName("formWarning")
        self.pages_warning.setWordWrap(True)
        self.pages_warning.setVisible(pages_per_sheet > 1)
        self.workshop = QComboBox(self)
        self.workshop.addItem(self.tr("Not for one workshop"), None)
        for key, label in workshops:
            self.workshop.addItem(label, key)
        self.workshop.setCurrentIndex(max(0, self.workshop.findData(workshop_id)) if workshop_id else 0)
        self._candidates = tuple(people)
        self.people = QListWidget(self)
        self.people.setAccessibleName(self.tr("Participants who get a named sheet"))
        for person in self._candidates:
            item = QListWidgetItem(person.pseudonym, self.people)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        self._offer_sheets()
        self.workshop.currentIndexChanged.connect(self._offer_sheets)
        people_label = QLabel(self.tr("&Named sheets for:"), self)
        people_label.setBuddy(self.people)
        self.all_button = QPushButton(self.tr("Tick &everyone"), self)
        self.all_button.clicked.connect(lambda: self._tick_all(Qt.CheckState.Checked))
        self.none_button = QPushButton(self.tr("Tick n&obody"), self)
        self.none_button.clicked.connect(lambda: self._tick_all(Qt.CheckState.Unchecked))
        self.anonymous = NumberBox(self)
        self.anonymous.setRange(0, MAX_SHEETS)
        self.anonymous.setSuffix(self.tr(" sheets"))

        form = QFormLayout()
        form.addRow(self.tr("&Workshop:"), self.workshop)
        form.addRow(self.tr("Anon&ymous sheets:"), self.anonymous)
        tick_row = QHBoxLayout()
        tick_row.addWidget(self.all_button)
        tick_row.addWidget(self.none_button)
        tick_row.addStretch(1)
        self._lay_out(
            about,
            self.pages_warning,
            form,
            people_label,
            (self.people, 1),
            tick_row,
            ok_text=self.tr("Issue sheets"),
            on_ok=self._check_and_accept,
        )
        self.values: dict | None = None

    def _offer_sheets(self, *_args) -> None:
        # Ticked by default: people paid to take part who have no named sheet for this workshop yet.
        workshop_id = self.workshop.currentData()
        for number, person in enumerate(self._candidates):
            item = self.people.item(number)
            has_one = workshop_id in person.has_sheet_for
            item.setText(
                self.tr("{name} (already has a sheet)").format(name=person.pseudonym)
                if has_one
                else person.pseudonym
            )
            ticked = person.usually_ticked and not has_one
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)

    def _tick_all(self, state: Qt.CheckState) -> None:
        for number in range(self.people.count()):
            self.people.item(number).setCheckState(state)

    def ticked_ids(self) -> list[str]:
        """The participants ticked for a named sheet, in list order."""
        return [
            self.people.item(number).data(Qt.ItemDataRole.UserRole)
            for number in range(self.people.count())
            if self.people.item(number).checkState() == Qt.CheckState.Checked
        ]

    def _check_and_accept(self) -> None:
        named = self.ticked_ids()
        try:
            count = read_number(self.anonymous)
        except NotANumber as refusal:
            self._refuse(str(refusal), self.anonymous)
            return
        if not named and count == 0:
            self._refuse(
                self.tr("Tick who gets a named sheet, or say how many anonymous sheets to issue."),
                self.people,
            )
            return
        if len(named) + count > MAX_SHEETS:
            self._refuse(
                self.tr("Issue at most {most} sheets at a time.").format(most=MAX_SHEETS), self.anonymous
            )
            return
        self.values = {
            "workshop_id": self.workshop.currentData(),
            "participant_ids": named,
            "anonymous_count": count,
        }
        self.accept()
