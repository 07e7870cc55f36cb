"""The conflicts tab of the bids page: panellists declare a conflict of interest with a bid, and
withdraw it. A conflicted panellist cannot score that bid."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.conflicts import ConflictRow, declare_conflict, withdraw_conflict
from cocommission.services.text import plural
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.pages.choice_delegate import refill_choices
from cocommission.ui.pages.display import format_day
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, selected_row


@dataclass(frozen=True)
class ConflictLine:
    """A declared conflict as listed: who, which bid, and what the conflict is."""

    id: str
    panellist_id: str
    pseudonym: str
    bid_id: str
    bid_title: str
    nature: str
    declared_at: datetime


class ConflictsPanel(QWidget):
    """Declare a conflict (panellist, bid, what it is) and see or withdraw the ones declared."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self._scored: dict[tuple[str, str], int] = {}

        self.panellist = QComboBox(self)
        self.panellist.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.panellist.setMinimumContentsLength(12)
        panellist_label = QLabel(self.tr("&Panellist:"), self)
        panellist_label.setBuddy(self.panellist)
        self.bid = QComboBox(self)
        self.bid.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.bid.setMinimumContentsLength(12)
        bid_label = QLabel(self.tr("&Bid:"), self)
        bid_label.setBuddy(self.bid)
        self.nature = QLineEdit(self)
        self.nature.setPlaceholderText(self.tr("e.g. A close family member works there"))
        nature_label = QLabel(self.tr("Wha&t is the conflict?"), self)
        nature_label.setBuddy(self.nature)
        self.declare_button = QPushButton(self.tr("De&clare conflict"), self)
        self.declare_button.clicked.connect(self.declare)
        self.nature.returnPressed.connect(self.declare)
        form = QGridLayout()
        form.addWidget(panellist_label, 0, 0)
        form.addWidget(self.panellist, 0, 1)
        form.addWidget(bid_label, 0, 2)
        form.addWidget(self.bid, 0, 3)
        form.addWidget(nature_label, 1, 0)
        form.addWidget(self.nature, 1, 1, 1, 3)
        form.addWidget(self.declare_button, 1, 4)
        form.setColumnStretch(3, 1)

        self.model = RowTableModel(
            [
                Column(self.tr("Panellist"), lambda line: line.pseudonym),
                Column(self.tr("Bid"), lambda line: line.bid_title),
                Column(self.tr("Conflict"), lambda line: line.nature),
                Column(
                    self.tr("Declared"),
                    lambda line: format_day(line.declared_at.date()),
                    sort_key=lambda line: line.declared_at,
                ),
            ],
            self,
        )
        self.table = make_table_view(
            self, self.model, self.tr("Declared conflicts of interest"), stretch_column=2
        )
        self.withdraw_button = QPushButton(self.tr("Wit&hdraw conflict"), self)
        self.withdraw_button.setToolTip(
            self.tr(
                "The panellist may score the bid again; scores withdrawn when it was declared "
                "do not come back"
            )
        )
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.withdraw_button)
        buttons.addStretch(1)
        explain = QLabel(
            self.tr(
                "A panellist with a conflict of interest does not score that bid. "
                "Any scores they already gave it are withdrawn when the conflict is declared."
            ),
            self,
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def show_conflicts(
        self,
        conflicts: Sequence[ConflictRow],
        panellists: Sequence[tuple[str, str]],
        bid_titles: Mapping[str, str],
        pseudonyms: Mapping[str, str],
        scored: Mapping[tuple[str, str], int],
    ) -> None:
        """Show the declared conflicts; ``scored`` counts scores per (panellist, bid) for the warning."""
        self._scored = dict(scored)
        refill_choices(self.panellist, [(name, key) for key, name in panellists])
        refill_choices(self.bid, [(title, key) for key, title in bid_titles.items()])
        self.model.set_rows(
            [
                ConflictLine(
                    id=f"{row.panellist_id}:{row.bid_id}",
                    panellist_id=row.panellist_id,
                    pseudonym=pseudonyms.get(row.panellist_id, self.tr("(removed)")),
                    bid_id=row.bid_id,
                    bid_title=bid_titles.get(row.bid_id, ""),
                    nature=row.nature,
                    declared_at=row.declared_at,
                )
                for row in conflicts
            ],
        )
        self.declare_button.setEnabled(self.panellist.count() > 0 and self.bid.count() > 0)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        self.withdraw_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def declare(self) -> None:
        """Declare the conflict typed in the form, warning first if it withdraws scores already given."""
        panellist_id, bid_id = self.panellist.currentData(), self.bid.currentData()
        if panellist_id is None or bid_id is None:
            return
        given = self._scored.get((panellist_id, bid_id), 0)
        if given and self.nature.text().strip():
            answer = QMessageBox.question(
                self,
                self.tr("Declare conflict"),
                plural(
                    given,
                    self.tr(
                        "{name} has already given {count} score to this bid. Declaring the conflict withdraws "
                        "it, and it does not come back if the conflict is withdrawn later. Declare it?"
                    ),
                    self.tr(
                        "{name} has already given {count} scores to this bid. Declaring the conflict withdraws "
                        "them, and they do not come back if the conflict is withdrawn later. Declare it?"
                    ),
                    name=self.panellist.currentText(),
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        arguments = {"bid_id": bid_id, "panellist_id": panellist_id, "nature": self.nature.text()}
        if given:
            # The scores it withdraws do not come back, so the declaration stands.
            made = self.commander.run(
                declare_conflict, initiator=self, **arguments,
                cannot_undo=self.tr("the scores withdrawn with the declared conflict do not come back"),
            )
        else:
            made = self.commander.edit(
                self.tr("Declare {name}'s conflict").format(name=self.panellist.currentText()),
                do=ServiceCall(declare_conflict, arguments),
                undo=ServiceCall(withdraw_conflict, {"bid_id": bid_id, "panellist_id": panellist_id}),
                initiator=self,
            )
        if made is not None:
            self.nature.clear()

    def withdraw_selected(self) -> None:
        """Withdraw the chosen conflict, so the panellist may score that bid again."""
        line: ConflictLine | None = selected_row(self.table)
        if line is None:
            return
        self.commander.edit(
            self.tr("Withdraw {name}'s conflict").format(name=line.pseudonym),
            do=ServiceCall(withdraw_conflict, {"bid_id": line.bid_id, "panellist_id": line.panellist_id}),
            undo=ServiceCall(declare_conflict, {
                "bid_id": line.bid_id, "panellist_id": line.panellist_id, "nature": line.nature,
            }),
            initiator=self,
        )
