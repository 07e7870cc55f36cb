"""The evaluation criteria bids are scored against, their weights, and whether the weights add up to 100%.

Criteria are edited in place in the table (double-click, or start typing), and
each change is one undoable edit. The total under the table follows a weight
as it is being changed, before it is even saved, so the group can see when
they have reached 100%.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import new_id
from cocommission.model.scoring import weights_sum_to_100, weights_total
from cocommission.services.tender import (
    CriterionRow,
    add_criterion,
    remove_criterion,
    update_criterion,
)
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.number_input import NotANumber, NumberBox, NumberDelegate, read_number, whole_number_role
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

COL_NAME, COL_DESCRIPTION, COL_WEIGHT = range(3)
_FIELDS = {COL_NAME: "name", COL_DESCRIPTION: "description", COL_WEIGHT: "weight"}

_EDITING = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


class CriteriaPanel(QWidget):
    """A table of criteria to edit in place, a row to add one, and the weights' total."""

    def __init__(
        self,
        commander: Commander,
        parent: QWidget | None = None,
        *,
        before_action: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self.editable = True
        self._before_action = before_action

        self.model = RowTableModel(
            [
                Column(self.tr("Criterion"), lambda row: row.name, editable=True),
                Column(self.tr("What it means"), lambda row: row.description, editable=True),
                Column(
                    self.tr("Weight %"),
                    lambda row: row.weight,
                    editable=True,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.view = make_table_view(
            self,
            self.model,
            self.tr("Evaluation criteria"),
            stretch_column=COL_DESCRIPTION,
            edit_triggers=_EDITING,
            column_widths={COL_NAME: 240},
            select_all_name=self.tr("Select every criterion"),
        )
        # A weight is edited in whole percent; the total follows it as it is typed, before it is saved.
        self.weights = NumberDelegate(
            current=whole_number_role,
            bounds=lambda _index: (0, 100),
            accessible_name=self.tr("Weight"),
            suffix=" %",
            parent=self.view,
        )
        self.weights.number_changing.connect(self._weight_changing)
        self.weights.refused.connect(self.commander.failed)
        self.weights.closeEditor.connect(
            lambda *_: self._show_total([row.weight for row in self.model.rows()])
        )
        self.view.setItemDelegateForColumn(COL_WEIGHT, self.weights)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_controls())
        table_label = QLabel(self.tr("Criteria — double-click a cell, or start typing, to change it"), self)
        table_label.setBuddy(self.view)

        self.total = QLabel(self)
        self.total.setObjectName("weightsTotal")
        self.total.setAccessibleName(self.tr("Weights total"))

        self.new_name = QLineEdit(self)
        self.new_name.setAccessibleName(self.tr("New criterion's name"))
        self.new_name.setPlaceholderText(self.tr("e.g. Young people help run it"))
        name_label = QLabel(self.tr("&New criterion:"), self)
        name_label.setBuddy(self.new_name)
        self.new_description = QLineEdit(self)
        self.new_description.setAccessibleName(self.tr("What the new criterion means"))
        description_label = QLabel(self.tr("Descri&ption:"), self)
        description_label.setBuddy(self.new_description)
        self.new_weight = NumberBox(self)
        self.new_weight.setRange(0, 100)
        self.new_weight.setSuffix(" %")
        self.new_weight.setAccessibleName(self.tr("New criterion's weight"))
        weight_label = QLabel(self.tr("Weig&ht:"), self)
        weight_label.setBuddy(self.new_weight)
        self.add_button = QPushButton(self.tr("Add cr&iterion"), self)
        self.remove_button = QPushButton(self.tr("Re&move criterion"), self)
        self.add_button.clicked.connect(self.add_criterion)
        self.remove_button.clicked.connect(self.remove_criterion)
        # Enter in any box of the "new criterion" row adds it, for fast entry.
        self.new_name.returnPressed.connect(self.add_criterion)
        self.new_description.returnPressed.connect(self.add_criterion)
        self.new_weight.lineEdit().returnPressed.connect(self.add_criterion)
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_criterion)

        adding = QHBoxLayout()
        adding.addWidget(name_label)
        adding.addWidget(self.new_name, 2)
        adding.addWidget(description_label)
        adding.addWidget(self.new_description, 3)
        adding.addWidget(weight_label)
        adding.addWidget(self.new_weight)
        adding.addWidget(self.add_button)
        below = QHBoxLayout()
        below.addWidget(self.total, 1)
        below.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(table_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(below)
        layout.addLayout(adding)
        self._update_controls()

    # --- showing ----------------------------------------------------------

    def show_criteria(self, commission_id: str, rows: Sequence[CriterionRow], *, editable: bool) -> None:
        """Show the criteria and the weights' total; ``editable`` False makes them read-only."""
        self.commission_id = commission_id
        self.editable = editable
        if [row.id for row in self.model.rows()] == [row.id for row in rows]:
            # Repaint rather than reset, so a selection (or an editor being closed) is left alone.
            for row in rows:
                self.model.update_row(row)
        else:
            self.model.set_rows(rows)
        self._show_total([row.weight for row in rows])
        self.view.setEditTriggers(_EDITING if editable else QAbstractItemView.EditTrigger.NoEditTriggers)
        self._update_controls()

    def _show_total(self, weights: Sequence[int]) -> None:
        """Say what ``weights`` add up to, by the same rule the tender is checked by before it is agreed."""
        ok = weights_sum_to_100(weights)
        if ok:
            self.total.setText(self.tr("Weights add up to 100%"))
        else:
            self.total.setText(
                self.tr("Weights add up to {total}% — they must add up to 100%").format(
                    total=round(weights_total(weights))
                )
            )
        self.total.setProperty("ok", "true" if ok else "false")
        # The style sheet colours the label by the "ok" property; repolish so it notices.
        self.total.style().unpolish(self.total)
        self.total.style().polish(self.total)

    def _weight_changing(self, row_number: int, value: int | None) -> None:
        rows = self.model.rows()
        if value is None or not 0 <= row_number < len(rows):
            return
        # The weight being typed stands in for the stored one.
        self._show_total([value if number == row_number else row.weight for number, row in enumerate(rows)])

    def _update_controls(self) -> None:
        for widget in (self.new_name, self.new_description, self.new_weight, self.add_button):
            widget.setEnabled(self.editable)
        self.remove_button.setEnabled(self.editable and self.view.currentIndex().isValid())

    # --- editing ----------------------------------------------------------

    def _edit_requested(self, row: CriterionRow, column: int, value: Any) -> None:
        field = _FIELDS[column]
        old = getattr(row, field)
        if column == COL_WEIGHT:
            value = int(value)
        else:
            value = str(value).strip()
        if value == old:
            return
        self.commander.edit(
            self.tr('Change criterion "{name}"').format(name=row.name),
            do=ServiceCall(update_criterion, {"criterion_id": row.id, field: value}),
            undo=ServiceCall(update_criterion, {"criterion_id": row.id, field: old}),
            initiator=self,
            row=row.id,
        )

    def add_criterion(self) -> None:
        """Add the criterion typed in the row below the table."""
        if self.commission_id is None or not self.editable:
            return
        self._before_action()
        try:
            weight = read_number(self.new_weight)
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            self.new_weight.setFocus()
            return
        criterion_id = new_id()  # chosen here, so Redo adds back this very criterion
        added = self.commander.edit(
            self.tr("Add criterion {n}").format(n=len(self.model.rows()) + 1),
            do=ServiceCall(add_criterion, {
                "commission_id": self.commission_id, "name": self.new_name.text(),
                "description": self.new_description.text(), "weight": weight,
                "criterion_id": criterion_id,
            }),
            undo=ServiceCall(remove_criterion, {"criterion_id": criterion_id}),
            initiator=self,
            row=criterion_id,
        )
        if added is None:
            return
        self.new_name.clear()
        self.new_description.clear()
        self.new_weight.setValue(0)
        self.new_name.setFocus()

    def remove_criterion(self) -> None:
        """Remove the chosen criterion, after asking."""
        index = self.view.currentIndex()
        if not index.isValid() or not self.editable:
            return
        row = self.model.row_at(index)
        answer = QMessageBox.question(
            self,
            self.tr("Remove criterion"),
            self.tr('Remove the criterion "{name}" ({weight}%)?').format(name=row.name, weight=row.weight),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._before_action()
            self.commander.edit(
                self.tr("Remove criterion {n}").format(n=row.position),
                do=ServiceCall(remove_criterion, {"criterion_id": row.id}),
                undo=ServiceCall(add_criterion, {
                    "commission_id": self.commission_id, "name": row.name, "description": row.description,
                    "weight": row.weight, "criterion_id": row.id, "position": row.position,
                }),
                initiator=self,
                row=row.id,
            )
