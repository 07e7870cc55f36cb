"""The Outcomes stage: collecting the group's outcome statements, agreeing, merging and splitting them.

The facilitator types what young people call out into the box at the top and
presses Enter; the statement is saved at once and the box is ready for the
next. The list below keeps the group's order. Words, measures and statuses are
changed in place (Ctrl+Z undoes each change); statements that say the same thing
are merged and ones that say two things are split, and the panel beside the list
shows where the chosen statement came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import OutcomeStatus, new_id
from cocommission.services.lookalikes import outcomes_like
from cocommission.services.outcome_views import read_statements
from cocommission.services.outcomes import (
    SETTABLE_STATUSES,
    OutcomeRow,
    add_outcome,
    edit_outcome,
    lineage,
    merge_outcomes,
    move_outcome,
    remove_outcome,
    set_outcome_status,
    split_outcome,
    unmerge_outcomes,
    unsplit_outcome,
)
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.form_dialog import open_form
from cocommission.ui.lookalike_question import go_ahead_despite
from cocommission.ui.merge_dialog import MergeDialog
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.choice_delegate import ChoiceDelegate
from cocommission.ui.pages.lineage_panel import LineagePanel
from cocommission.ui.pages.outcome_table_model import (
    COL_MEASURE,
    COL_STATEMENT,
    COL_STATUS,
    OutcomeTableModel,
    StatementLine,
    counts_text,
    number_text,
    statement_lines,
    status_text,
)
from cocommission.ui.split_dialog import SplitDialog
from cocommission.ui.table_view import EDIT_IN_PLACE, make_table_view


class OutcomesPage(StagePage):
    """Type statements fast, change them in place, agree, drop, reorder, merge and split them."""

    title = "Outcomes"
    # Every change in services/outcomes.py is announced as "outcome".
    watches = ("outcome",)

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self._all: tuple[OutcomeRow, ...] = ()
        self._holding_reloads = False
        self._reload_held = False
        self._filling = False
        self.merge_dialog: MergeDialog | None = None
        self.split_dialog: SplitDialog | None = None

        self._build_entry()
        self._build_actions()
        self._build_table()
        self.lineage_panel = LineagePanel(self)
        self.lineage_panel.statement_chosen.connect(self.go_to_statement)

        table_side = QWidget(self)
        table_layout = QVBoxLayout(table_side)
        table_layout.setContentsMargins(0, 0, 0, 0)
        table_layout.addWidget(self.table_label)
        table_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(table_side)
        splitter.addWidget(self.lineage_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        self.body.addLayout(self.entry_layout)
        self.body.addLayout(self.actions_layout)
        self.body.addLayout(self.counts_layout)
        self.body.addWidget(splitter, 1)

        chain = [
            self.statement_input,
            self.measure_input,
            self.add_button,
            self.table,
            self.agree_button,
            self.drop_button,
            self.propose_button,
            self.up_button,
            self.down_button,
            self.merge_button,
            self.split_button,
            self.show_merged,
            self.lineage_panel.tree,
        ]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self._update_buttons()

    # --- building -------------------------------------------------------------

    def _build_entry(self) -> None:
        self.statement_input = QLineEdit(self)
        self.statement_input.setPlaceholderText(self.tr("Type what the group says, then press Enter"))
        self.statement_input.setMinimumHeight(36)
        self.statement_input.returnPressed.connect(self.add_statement)
        self.measure_input = QLineEdit(self)
        self.measure_input.setPlaceholderText(self.tr("For example: a survey every term"))
        self.measure_input.setMinimumHeight(36)
        self.measure_input.returnPressed.connect(self.add_statement)
        statement_label = QLabel(self.tr("New outcome s&tatement"), self)
        statement_label.setBuddy(self.statement_input)
        measure_label = QLabel(self.tr("&How success is measured (optional)"), self)
        measure_label.setBuddy(self.measure_input)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setMinimumHeight(36)
        self.add_button.setToolTip(self.tr("Add the statement at the end of the list (or press Enter)"))
        self.add_button.clicked.connect(self.add_statement)
        self.entry_layout = QGridLayout()
        self.entry_layout.addWidget(statement_label, 0, 0)
        self.entry_layout.addWidget(measure_label, 0, 1)
        self.entry_layout.addWidget(self.statement_input, 1, 0)
        self.entry_layout.addWidget(self.measure_input, 1, 1)
        self.entry_layout.addWidget(self.add_button, 1, 2)
        self.entry_layout.setColumnStretch(0, 3)
        self.entry_layout.setColumnStretch(1, 2)

    def _build_actions(self) -> None:
        def button(text: str, tip: str, slot) -> QPushButton:
            made = QPushButton(text, self)
            made.setToolTip(tip)
            made.setMinimumHeight(36)
            made.clicked.connect(slot)
            return made

        self.agree_button = button(
            self.tr("Ma&rk agreed"),
            self.tr("Mark the chosen statements as agreed by the group"),
            lambda: self.set_status(OutcomeStatus.AGREED),
        )
        self.drop_button = button(
            self.tr("Dro&p"),
            self.tr("Set the chosen statements aside (Delete); they stay in the list and can come back"),
            lambda: self.set_status(OutcomeStatus.DROPPED),
        )
        self.propose_button = button(
            self.tr("&Back to proposed"),
            self.tr("Put the chosen statements back to proposed, neither agreed nor dropped"),
            lambda: self.set_status(OutcomeStatus.PROPOSED),
        )
        self.up_button = button(
            self.tr("Move &up"),
            self.tr("Move the chosen statement up the list (Alt+Up)"),
            lambda: self.move(-1),
        )
        self.down_button = button(
            self.tr("Move do&wn"),
            self.tr("Move the chosen statement down the list (Alt+Down)"),
            lambda: self.move(+1),
        )
        self.merge_button = button(
            self.tr("&Merge…"),
            self.tr("Make one statement from several that say the same thing (Ctrl+click to choose them)"),
            self.merge_selected,
        )
        self.split_button = button(
            self.tr("Sp&lit…"),
            self.tr("Make two or more statements from one that says more than one thing"),
            self.split_selected,
        )
        self.actions_layout = QHBoxLayout()
        for widget in (self.agree_button, self.drop_button, self.propose_button):
            self.actions_layout.addWidget(widget)
        self.actions_layout.addSpacing(16)
        self.actions_layout.addWidget(self.up_button)
        self.actions_layout.addWidget(self.down_button)
        self.actions_layout.addSpacing(16)
        self.actions_layout.addWidget(self.merge_button)
        self.actions_layout.addWidget(self.split_button)
        self.actions_layout.addStretch(1)

        self.counts = QLabel(self)
        self.counts.setObjectName("outcomeCounts")
        font = self.counts.font()
        font.setBold(True)
        self.counts.setFont(font)
        # Shown by default: the group sees that merged words were kept, not thrown away.
        self.show_merged = QCheckBox(self.tr("Show merged stateme&nts"), self)
        self.show_merged.setChecked(True)
        self.show_merged.setToolTip(self.tr("Show the statements that were merged into others, in grey"))
        self.show_merged.toggled.connect(lambda _checked: self.reload())
        self.counts_layout = QHBoxLayout()
        self.counts_layout.addWidget(self.counts, 1)
        self.counts_layout.addWidget(self.show_merged)

    def _build_table(self) -> None:
        self.model = OutcomeTableModel(self)
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            self,
            self.model,
            self.tr("Outcome statements"),
            stretch_column=(COL_STATEMENT, COL_MEASURE),
            edit_triggers=EDIT_IN_PLACE,
            selection_mode=QAbstractItemView.SelectionMode.ExtendedSelection,
            rows_fit_contents=True,
        )
        self.status_delegate = ChoiceDelegate(lambda line: line.outcome.status, self.tr("Status"), self.table)
        self.status_delegate.set_choices([(status_text(status), status) for status in SETTABLE_STATUSES])
        self.table.setItemDelegateForColumn(COL_STATUS, self.status_delegate)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.table_label = QLabel(self.tr("&Outcome statements"), self)
        self.table_label.setBuddy(self.table)

        # Only while the list itself has focus: in a cell editor Alt+arrows and Delete belong to the text.
        for keys, slot in (
            (QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Up), lambda: self.move(-1)),
            (QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Down), lambda: self.move(+1)),
            (QKeySequence(QKeySequence.StandardKey.Delete), lambda: self.set_status(OutcomeStatus.DROPPED)),
        ):
            shortcut = QShortcut(keys, self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

    # --- loading --------------------------------------------------------------

    def reload(self) -> None:
        """Reload now, or once at the end when several statements are being changed together."""
        if self._holding_reloads:
            self._reload_held = True
            return
        super().reload()

    def unsaved_typing(self) -> str | None:
        """The statement typed in the box but not added yet, as leaving the app mentions it."""
        if not self.statement_input.text().strip():
            return None
        return self.tr("An outcome statement is half-typed on the Outcomes page.")

    @contextmanager
    def _one_reload(self) -> Iterator[None]:
        # Changing many statements would otherwise reload the whole list after each one.
        self._holding_reloads = True
        self._reload_held = False
        try:
            yield
        finally:
            self._holding_reloads = False
            if self._reload_held:
                self.reload()

    def load(self) -> None:
        """Read every statement and where each came from; show the list, the counts and the lineage."""
        assert self.commission_id is not None
        statements = self.commander.read(read_statements, commission_id=self.commission_id)
        self._all = statements.rows
        lines = statement_lines(statements, include_merged=self.show_merged.isChecked())
        selected = self.selected_ids()
        current = self._current_line()
        before = [line.id for line in self.model.rows()]
        self._filling = True
        try:
            self.model.set_rows(lines)
            if [line.id for line in lines] != before:
                # The list was rebuilt: choose again what was chosen, where it is now.
                self.select_statements(selected, current.id if current is not None else None)
        finally:
            self._filling = False
        self.counts.setText(counts_text(statements.counts))
        self._show_lineage()
        self._update_buttons()

    # --- choosing -----------------------------------------------------------

    def selected_lines(self) -> list[StatementLine]:
        """The chosen lines, in list order."""
        numbers = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(self.model.index(number, 0)) for number in numbers]

    def selected_ids(self) -> list[str]:
        """The ids of the chosen statements, in list order."""
        return [line.id for line in self.selected_lines()]

    def _current_line(self) -> StatementLine | None:
        current = self.table.currentIndex()
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row(), QModelIndex()):
            return self.model.row_at(current)
        chosen = self.selected_lines()
        return chosen[0] if chosen else None

    def select_statements(self, ids: Sequence[str], current_id: str | None = None) -> None:
        """Choose the statements with ``ids`` (those shown), the current one being ``current_id``."""
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for outcome_id in ids:
            number = self.model.row_number(outcome_id)
            if number is not None:
                selection.select(self.model.index(number, 0), self.model.index(number, last))
        selection_model = self.table.selectionModel()
        current = self.model.row_number(current_id) if current_id is not None else None
        if current is None and ids:
            current = self.model.row_number(ids[0])
        # One refresh of the lineage and buttons at the end, not one per step of choosing.
        filling, self._filling = self._filling, True
        try:
            if current is not None:
                index = self.model.index(current, COL_STATEMENT)
                selection_model.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.table.scrollTo(index)
            selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._filling = filling
        self._selection_changed()

    def go_to_statement(self, outcome_id: str) -> None:
        """Choose a statement in the list, showing merged statements if it is one of them."""
        if self.model.row_number(outcome_id) is None and not self.show_merged.isChecked():
            self.show_merged.setChecked(True)
        if self.model.row_number(outcome_id) is not None:
            self.select_statements([outcome_id], outcome_id)
            self.table.setFocus()

    def _selection_changed(self, *_args) -> None:
        if self._filling:
            return
        self._show_lineage()
        self._update_buttons()

    def _show_lineage(self) -> None:
        line = self._current_line()
        if line is None:
            self.lineage_panel.show_lineage(None)
            return
        node = self.commander.read(lineage, outcome_id=line.id)
        into = next((row for row in self._all if row.id == line.outcome.merged_into_id), None)
        self.lineage_panel.show_lineage(node, merged_into=into)

    def _update_buttons(self) -> None:
        lines = self.selected_lines()
        open_lines = [line for line in lines if line.outcome.status is not OutcomeStatus.MERGED]
        statuses = {line.outcome.status for line in open_lines}
        self.agree_button.setEnabled(bool(statuses - {OutcomeStatus.AGREED}))
        self.drop_button.setEnabled(bool(statuses - {OutcomeStatus.DROPPED}))
        self.propose_button.setEnabled(bool(statuses - {OutcomeStatus.PROPOSED}))
        number = self.model.row_number(lines[0].id) if len(lines) == 1 else None
        self.up_button.setEnabled(number is not None and number > 0)
        self.down_button.setEnabled(number is not None and number < self.model.rowCount() - 1)
        self.merge_button.setEnabled(len(lines) >= 2)
        self.split_button.setEnabled(len(lines) == 1)
        self.add_button.setEnabled(self.commission_id is not None)

    # --- adding and changing ----------------------------------------------------

    def add_statement(self) -> None:
        """Add what is typed as a new statement at the end, and clear the boxes for the next one."""
        if self.commission_id is None:
            return
        if not self._go_ahead_with_statement(self.statement_input.text()):
            self.statement_input.setFocus()
            return
        typed = {
            "commission_id": self.commission_id,
            "text": self.statement_input.text(),
            "measure": self.measure_input.text(),
            # Chosen here, so Redo adds back this very statement and later undos still find it.
            "outcome_id": new_id(),
        }
        number = len(self.model.rows()) + 1
        added = self.commander.edit(
            self.tr("Add statement {n}").format(n=number),
            do=ServiceCall(add_outcome, typed),
            undo=ServiceCall(remove_outcome, {"outcome_id": typed["outcome_id"]}),
            initiator=self,
            row=typed["outcome_id"],
        )
        if added is not None:
            self.statement_input.clear()
            self.measure_input.clear()
            self.select_statements([added.id], added.id)
        self.statement_input.setFocus()

    def _edit_requested(self, line: StatementLine, column: int, value: Any) -> None:
        outcome = line.outcome
        if column == COL_STATEMENT:
            # A statement is one line in the list and on the projector.
            text = " ".join(str(value or "").split())
            if text != outcome.text and self._go_ahead_with_statement(text, leaving_out=outcome.id):
                self._edit(outcome, self.tr("Change the words of statement {n}"), "text", text, outcome.text)
        elif column == COL_MEASURE:
            measure = str(value or "").strip()
            if measure != outcome.measure:
                what = self.tr("Change how statement {n} is measured")
                self._edit(outcome, what, "measure", measure, outcome.measure)
        elif column == COL_STATUS:
            self._set_statuses([outcome], OutcomeStatus(value))

    def _go_ahead_with_statement(self, text: str, *, leaving_out: str | None = None) -> bool:
        """Ask before words already on the list (case, accents and punctuation aside); True to go ahead."""
        if self.commission_id is None:
            return True
        found = self.commander.read(
            outcomes_like, commission_id=self.commission_id, text=text, leaving_out=leaving_out
        )
        return go_ahead_despite(
            self,
            found,
            title=self.tr("This statement is already on the list"),
            question=(
                self.tr("It has the same words as {existing}. Add it to the list again anyway?")
                if leaving_out is None
                else self.tr("It would have the same words as {existing}. Change it anyway?")
            ),
        )

    def _edit(self, outcome: OutcomeRow, what: str, field: str, new: str, old: str) -> None:
        self.commander.edit(
            what.format(n=number_text(outcome)),
            do=ServiceCall(edit_outcome, {"outcome_id": outcome.id, field: new}),
            undo=ServiceCall(edit_outcome, {"outcome_id": outcome.id, field: old}),
            initiator=self,
            row=outcome.id,
        )

    def set_status(self, status: OutcomeStatus) -> None:
        """Give every chosen statement (except merged ones) ``status``; one Ctrl+Z undoes it for them all."""
        lines = self.selected_lines()
        self._set_statuses([line.outcome for line in lines], status)

    def _set_statuses(self, outcomes: Sequence[OutcomeRow], status: OutcomeStatus) -> None:
        changing = [o for o in outcomes if o.status is not OutcomeStatus.MERGED and o.status is not status]
        if not changing:
            if any(o.status is OutcomeStatus.MERGED for o in outcomes):
                message = self.tr(
                    "A merged statement keeps its status; change the statement it was merged into instead."
                )
                self.commander.failed.emit(message)
            return
        what = {
            OutcomeStatus.AGREED: self.tr("Mark statement {n} agreed"),
            OutcomeStatus.DROPPED: self.tr("Drop statement {n}"),
            OutcomeStatus.PROPOSED: self.tr("Put statement {n} back to proposed"),
        }[status]
        stack = self.commander.undo_stack
        together = len(changing) > 1
        with self._one_reload():
            if together:
                stack.beginMacro(
                    self.tr("change the status of {count} statements").format(count=len(changing))
                )
            try:
                for outcome in changing:
                    self.commander.edit(
                        what.format(n=number_text(outcome)),
                        do=ServiceCall(set_outcome_status, {"outcome_id": outcome.id, "status": status}),
                        undo=ServiceCall(
                            set_outcome_status, {"outcome_id": outcome.id, "status": outcome.status}
                        ),
                        initiator=self,
                        row=outcome.id,
                    )
            finally:
                if together:
                    stack.endMacro()

    def move(self, step: int) -> None:
        """Move the one chosen statement up (-1) or down (+1) past the next statement shown."""
        lines = self.selected_lines()
        if len(lines) != 1:
            return
        line = lines[0]
        number = self.model.row_number(line.id)
        if number is None or not 0 <= number + step < self.model.rowCount():
            return
        # Positions count hidden merged statements too, so go to the neighbour's place, not one further.
        target = self.model.row_at(self.model.index(number + step, 0)).outcome.position
        old = line.outcome.position
        moved = self.commander.edit(
            self.tr("Move statement {n}").format(n=number_text(line.outcome)),
            do=ServiceCall(move_outcome, {"outcome_id": line.id, "to_position": target}),
            undo=ServiceCall(move_outcome, {"outcome_id": line.id, "to_position": old}),
            initiator=self,
            row=line.id,
        )
        if moved is not None:
            self.select_statements([line.id], line.id)

    # --- merging and splitting ------------------------------------------------

    def _refuse_settled(self, lines: Sequence[StatementLine], doing: str) -> bool:
        """Say why a merged or dropped statement cannot be ``doing``; True when one was found."""
        for line in lines:
            outcome = line.outcome
            if outcome.status is OutcomeStatus.MERGED:
                message = self.tr(
                    "Statement {n} has already been merged into another, so it cannot be {doing}; "
                    "use the statement it was merged into instead."
                )
            elif outcome.status is OutcomeStatus.DROPPED:
                message = self.tr(
                    "Statement {n} has been dropped, so it cannot be {doing}; put it back to proposed first."
                )
            else:
                continue
            self.commander.failed.emit(message.format(n=number_text(outcome), doing=doing))
            return True
        return False

    def merge_selected(self) -> None:
        """Open the form to merge the chosen statements into one."""
        lines = self.selected_lines()
        if len(lines) < 2:
            self.commander.failed.emit(
                self.tr("Choose two or more statements to merge (Ctrl+click to add one).")
            )
            return
        if self._refuse_settled(lines, self.tr("merged")):
            return
        self.merge_dialog = MergeDialog([line.outcome for line in lines], self)
        self._open(self.merge_dialog, self._merge_accepted)

    def _merge_accepted(self, dialog: QDialog) -> None:
        assert isinstance(dialog, MergeDialog)
        if dialog.values is None:
            return
        merged_id = new_id()
        originals = {line.id: line.outcome for line in self.model.rows()}
        statuses = {
            outcome_id: originals[outcome_id].status.value if outcome_id in originals else OutcomeStatus.PROPOSED.value
            for outcome_id in dialog.outcome_ids
        }
        numbers = sorted(originals[i].position for i in dialog.outcome_ids if i in originals)
        merged = self.commander.edit(
            self.tr("Merge statements {numbers}").format(numbers=", ".join(str(n) for n in numbers)),
            do=ServiceCall(
                merge_outcomes, {"outcome_ids": list(dialog.outcome_ids), "merged_id": merged_id, **dialog.values}
            ),
            undo=ServiceCall(unmerge_outcomes, {"outcome_id": merged_id, "statuses": statuses}),
            initiator=self,
            row=merged_id,
        )
        if merged is not None:
            self.select_statements([merged.id], merged.id)
            self.table.setFocus()

    def split_selected(self) -> None:
        """Open the form to split the chosen statement into two or more."""
        lines = self.selected_lines()
        if len(lines) != 1:
            self.commander.failed.emit(self.tr("Choose one statement to split."))
            return
        if self._refuse_settled(lines, self.tr("split")):
            return
        self.split_dialog = SplitDialog(lines[0].outcome, self)
        self._open(self.split_dialog, self._split_accepted)

    def _split_accepted(self, dialog: QDialog) -> None:
        assert isinstance(dialog, SplitDialog)
        if dialog.texts is None:
            return
        statement = dialog.statement
        part_ids = [new_id() for _ in dialog.texts]
        made = self.commander.edit(
            self.tr("Split statement {n}").format(n=statement.position),
            do=ServiceCall(
                split_outcome, {"outcome_id": statement.id, "texts": list(dialog.texts), "part_ids": part_ids}
            ),
            undo=ServiceCall(
                unsplit_outcome, {"outcome_id": statement.id, "part_ids": part_ids, "status": statement.status.value}
            ),
            initiator=self,
            row=statement.id,
        )
        if made:
            self.select_statements([row.id for row in made], made[0].id)
            self.table.setFocus()

    def _open(self, dialog: MergeDialog | SplitDialog, accepted) -> None:
        open_form(dialog, self.commander, lambda: accepted(dialog))
