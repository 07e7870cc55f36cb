"""Setting up a draft round: its rules and its options, each saved as soon as it changes.

Once a round opens the services freeze its rules and options, so this panel
then only shows them and says why they can no longer change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState, new_id
from cocommission.services.voting import (
    OptionRow,
    RoundRow,
    add_option,
    edit_option,
    remove_option,
    update_round_rules,
)
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.pages.round_rules_panel import RoundRulesPanel
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

COL_POSITION, COL_LABEL = range(2)


class RoundSetupPanel(QWidget):
    """Rules and options of one round; editable while the round is a draft."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.round: RoundRow | None = None
        self._rule_words = {
            "title": self.tr("Rename the round"),
            "method": self.tr("Change the way of voting"),
            "count_method": self.tr("Change how the round is counted"),
            "tie_break": self.tr("Change the rule for ties for fewest votes"),
            "dots_per_person": self.tr("Change the dots per person"),
            "max_dots_per_option": self.tr("Change the most dots on one option"),
            "score_min": self.tr("Change the lowest score"),
            "score_max": self.tr("Change the highest score"),
            "anonymous": self.tr("Change whether the round is anonymous"),
            "visibility": self.tr("Change when results are shown"),
        }
        self.frozen_note = QLabel(self)
        self.frozen_note.setWordWrap(True)
        self.rules = RoundRulesPanel(self)
        self.rules.edited.connect(self._rule_edited)
        self.rules.refused.connect(self._rule_refused)

        options_label = QLabel(self.tr("Opt&ions on the wall (double-click or F2 to reword):"), self)
        self.options_model = RowTableModel(
            [
                Column("#", lambda row: row.position, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Option"), lambda row: row.label, editable=True),
            ],
            self,
        )
        self.options_model.edit_requested.connect(self._option_reworded)
        self.options_view = make_table_view(
            self, self.options_model, self.tr("Options on the wall"), stretch_column=COL_LABEL
        )
        options_label.setBuddy(self.options_view)
        self.remove_shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.options_view)
        self.remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_shortcut.activated.connect(self.remove_selected_option)

        new_label = QLabel(self.tr("New o&ption:"), self)
        self.new_option = QLineEdit(self)
        self.new_option.setPlaceholderText(self.tr("Type an option and press Enter"))
        new_label.setBuddy(self.new_option)
        self.new_option.returnPressed.connect(self.add_typed_option)
        self.add_button = QPushButton(self.tr("&Add option"), self)
        self.add_button.clicked.connect(self.add_typed_option)
        self.remove_button = QPushButton(self.tr("&Remove option"), self)
        self.remove_button.setToolTip(self.tr("Take the selected option off this draft round (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected_option)

        adding = QHBoxLayout()
        adding.addWidget(new_label)
        adding.addWidget(self.new_option, 1)
        adding.addWidget(self.add_button)
        adding.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.frozen_note)
        layout.addWidget(self.rules)
        layout.addWidget(options_label)
        layout.addWidget(self.options_view, 1)
        layout.addLayout(adding)

    # --- showing ----------------------------------------------------------

    def show_round(self, row: RoundRow) -> None:
        """Show ``row``'s rules and options; allow changes only while it is a draft."""
        self.round = row
        draft = row.state is RoundState.DRAFT
        self.rules.show_round(row)
        self.rules.setEnabled(draft)
        selected = self._selected_option()
        self.options_model.set_rows(row.options)
        if selected is not None:
            number = self.options_model.row_number(selected.id)
            if number is not None:
                self.options_view.selectRow(number)
        self.options_view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            if draft
            else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        for widget in (self.new_option, self.add_button, self.remove_button):
            widget.setEnabled(draft)
        if draft:
            self.frozen_note.setText(
                self.tr(
                    "Everything here is saved as you change it. Rules and options freeze when voting opens."
                )
            )
        else:
            self.frozen_note.setText(
                self.tr(
                    "Voting has opened, so these rules and options are frozen and nobody can move the "
                    "goalposts. To vote with different ones, create a new round."
                )
            )

    def _selected_option(self) -> OptionRow | None:
        indexes = self.options_view.selectionModel().selectedRows()
        return self.options_model.row_at(indexes[0]) if indexes else None

    # --- editing ----------------------------------------------------------

    def _rule_refused(self, message: str) -> None:
        """A rule's box was left without a number in it: say so, and put back the rule in force."""
        self.commander.failed.emit(message)
        if self.round is not None:
            self.rules.show_round(self.round)

    def _rule_edited(self, rule: str) -> None:
        row = self.round
        if row is None or row.state is not RoundState.DRAFT:
            return
        new = self.rules.value(rule)
        old = getattr(row, rule)
        if (new.strip() if rule == "title" else new) == old:
            return
        do = {"round_id": row.id, rule: new}
        undo = {"round_id": row.id, rule: old}
        if rule == "method":
            # Undoing a change of method must bring back the count it had, not the method's default.
            do["count_method"] = self.rules.value("count_method")
            undo["count_method"] = row.count_method
        done = self.commander.edit(
            self._rule_words[rule],
            do=ServiceCall(update_round_rules, do),
            undo=ServiceCall(update_round_rules, undo),
            initiator=self,
        )
        if done is None:
            # Refused: put back what is saved, so the form never shows a rule that is not in force.
            self.rules.show_round(row)

    def _option_reworded(self, option: OptionRow, _column: int, label: object) -> None:
        if str(label).strip() == option.label:
            return
        self.commander.edit(
            self.tr("Reword option {n}").format(n=option.position),
            do=ServiceCall(edit_option, {"option_id": option.id, "label": str(label)}),
            undo=ServiceCall(edit_option, {"option_id": option.id, "label": option.label}),
            initiator=self,
            row=option.id,
        )

    def add_typed_option(self) -> None:
        """Add the typed option to the draft round and get ready for the next one."""
        if self.round is None or not self.new_option.isEnabled():
            return
        option_id = new_id()  # chosen here, so Redo adds back this very option
        added = self.commander.edit(
            self.tr("Add option {n}").format(n=len(self.round.options) + 1),
            do=ServiceCall(add_option, {"round_id": self.round.id, "label": self.new_option.text(),
                                        "option_id": option_id}),
            undo=ServiceCall(remove_option, {"option_id": option_id}),
            initiator=self,
            row=option_id,
        )
        if added is not None:
            self.new_option.clear()
            self.new_option.setFocus()

    def remove_selected_option(self) -> None:
        """Take the selected option off the draft round."""
        option = self._selected_option()
        if option is None or self.round is None or not self.remove_button.isEnabled():
            return
        removed = self.commander.edit(
            self.tr("Remove option {n}").format(n=option.position),
            do=ServiceCall(remove_option, {"option_id": option.id}),
            undo=ServiceCall(add_option, {
                "round_id": self.round.id, "label": option.label, "outcome_id": option.outcome_id,
                "option_id": option.id, "position": option.position,
            }),
            initiator=self,
            row=option.id,
        )
        if removed is not None:
            self.commander.succeeded.emit(
                self.tr("Removed “{label}” from the round.").format(label=option.label)
            )
