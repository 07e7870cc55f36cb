"""Dots counted off paper: a wall chart or sheet where nobody knows who placed which dot.

The facilitator types the total on each option and where the sheet was; the
dots are added to the round's count (they are not ballots, so they do not
change who has voted). A line keyed in wrongly can be removed until the
results are revealed.
"""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QLocale, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState, new_id
from cocommission.services.text import plural
from cocommission.services.voting import (
    PaperTallyRow,
    RoundRow,
    list_paper_tallies,
    record_paper_tally,
    remove_paper_sheet,
    remove_paper_tally,
)
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.number_input import NumberBox
from cocommission.ui.pages.paper_dots import PaperDotsForm, takes_paper_dots
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

COL_OPTION, COL_DOTS, COL_SOURCE, COL_RECORDED = range(4)


class PaperTallyPanel(QWidget):
    """The paper tally form and the tallies recorded so far, for a dots round."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.round: RoundRow | None = None
        self._labels: dict[str, str] = {}

        self.state_note = QLabel(self)
        self.state_note.setWordWrap(True)
        intro = QLabel(
            self.tr(
                "Type the dots counted on each option of a wall chart or paper sheet. They add to the "
                "totals but are not ballots, so they do not change who has voted."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form = PaperDotsForm(
            commander,
            option_text=lambda _number, option: option.label,
            boxes_name=self.tr("Dots counted on each option"),
            source_label=self.tr("Where &the dots came from:"),
            button_text=self.tr("Record &paper tally"),
            parent=self,
        )
        self.form.record_requested.connect(self.record_tally)

        recorded_label = QLabel(self.tr("Paper tallies &recorded:"), self)
        self.tallies_model = RowTableModel(
            [
                Column(self.tr("Option"), lambda row: self._labels.get(row.option_id, "")),
                Column(self.tr("Dots"), lambda row: row.dots, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("From"), lambda row: row.source),
                Column(
                    self.tr("Recorded"), lambda row: self._when(row), sort_key=lambda row: row.recorded_at
                ),
            ],
            self,
        )
        self.tallies_view = make_table_view(
            self,
            self.tallies_model,
            self.tr("Paper tallies recorded"),
            stretch_column=COL_OPTION,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        self.tallies_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        recorded_label.setBuddy(self.tallies_view)
        self.remove_button = QPushButton(self.tr("Re&move line"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected line, keyed in wrongly (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        remove_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.tallies_view)
        remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_shortcut.activated.connect(self.remove_selected)

        entering = QWidget(self)
        left = QVBoxLayout(entering)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(intro)
        left.addWidget(self.form, 1)
        listing = QWidget(self)
        right = QVBoxLayout(listing)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(recorded_label)
        right.addWidget(self.tallies_view, 1)
        right.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(entering)
        splitter.addWidget(listing)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_note)
        layout.addWidget(splitter, 1)

    @property
    def spins(self) -> dict[str, NumberBox]:
        """The dots box of each option, by option id."""
        return self.form.spins

    @property
    def source(self) -> QLineEdit:
        """Where the sheet came from."""
        return self.form.source

    @property
    def record_button(self) -> QPushButton:
        """Records the sheet."""
        return self.form.record_button

    @staticmethod
    def _when(row: PaperTallyRow) -> str:
        local = QDateTime.fromSecsSinceEpoch(int(row.recorded_at.timestamp()))
        return QLocale().toString(local, QLocale.FormatType.ShortFormat)

    # --- loading ----------------------------------------------------------

    def show_round(self, row: RoundRow) -> None:
        """Show the form for ``row``'s options and the paper tallies it holds."""
        self.round = row
        self._labels = {option.id: option.label for option in row.options}
        self.form.show_round(row)
        self.tallies_model.set_rows(self.commander.read(list_paper_tallies, round_id=row.id))
        can_change = takes_paper_dots(row)
        self.form.set_usable(can_change)
        self.remove_button.setEnabled(can_change)
        if row.state is RoundState.DRAFT:
            self.state_note.setText(self.tr("Open the round before recording paper tallies."))
        elif row.state is RoundState.REVEALED:
            self.state_note.setText(
                self.tr("The results have been revealed, so the paper tallies can no longer change.")
            )
        self.state_note.setVisible(not can_change)

    # --- editing ----------------------------------------------------------

    def totals(self) -> dict[str, int]:
        """The dots typed on each option, leaving out the options with none."""
        return self.form.totals()

    def record_tally(self) -> None:
        """Add the typed sheet to the round's count and empty the form for the next sheet."""
        if self.round is None or not self.form.can_record():
            return
        totals = self.form.read_sheet()
        if totals is None:
            return
        # The lines' ids are chosen here, so Undo takes back this sheet and Redo adds the same lines again.
        line_ids = {option_id: new_id() for option_id in totals}
        added = self.commander.edit(
            self.tr("Add {dots} paper dots").format(dots=sum(totals.values())),
            do=ServiceCall(record_paper_tally, {
                "round_id": self.round.id, "totals": totals, "source": self.source.text(), "line_ids": line_ids,
            }),
            undo=ServiceCall(remove_paper_sheet, {"paper_tally_ids": list(line_ids.values())}),
            initiator=self,
            row=next(iter(line_ids.values()), None),
        )
        if added is not None:
            self.form.clear()
            self.commander.succeeded.emit(
                plural(
                    sum(totals.values()),
                    self.tr("Added {count} dot from paper."),
                    self.tr("Added {count} dots from paper."),
                )
            )

    def remove_selected(self) -> None:
        """Remove the selected line after the facilitator confirms it."""
        indexes = self.tallies_view.selectionModel().selectedRows()
        if not indexes or self.round is None or not self.remove_button.isEnabled():
            return
        line: PaperTallyRow = self.tallies_model.row_at(indexes[0])
        answer = QMessageBox.question(
            self,
            self.tr("Remove paper tally line"),
            self.tr("Remove the {dots} paper dots on “{option}”?").format(
                dots=line.dots, option=self._labels.get(line.option_id, "")
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.commander.edit(
                self.tr("Remove {dots} paper dots").format(dots=line.dots),
                do=ServiceCall(remove_paper_tally, {"paper_tally_id": line.id}),
                undo=ServiceCall(record_paper_tally, {
                    "round_id": self.round.id, "totals": {line.option_id: line.dots}, "source": line.source,
                    "line_ids": {line.option_id: line.id},
                }),
                initiator=self,
                row=line.id,
            )
