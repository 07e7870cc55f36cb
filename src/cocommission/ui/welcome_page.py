"""The first screen: the commissions in this database, a new one, or the worked example."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model.money import format_money
from cocommission.services.commissions import CommissionSummary
from cocommission.ui.style import enlarge


class WelcomePage(QWidget):
    """Start here: pick a commission, start a new one, or open the example."""

    open_requested = Signal(str)
    new_requested = Signal()
    example_requested = Signal()
    open_database_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(self.tr("CoCommission"), self)
        title.setObjectName("welcomeTitle")
        enlarge(title, 2.0, bold=True)
        blurb = QLabel(
            self.tr(
                "Decide with the people a service is for how its money is spent: outcomes, votes, "
                "the tender, interviews and the decision."
            ),
            self,
        )
        blurb.setWordWrap(True)
        enlarge(blurb, 1.15)
        self.location = QLabel(self)
        self.location.setObjectName("databaseLocation")
        self.location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        recent_label = QLabel(self.tr("&Commissions in this database"), self)
        self.commissions = QListWidget(self)
        self.commissions.setAccessibleName(self.tr("Commissions in this database"))
        recent_label.setBuddy(self.commissions)
        self.commissions.itemActivated.connect(self._open_item)
        enlarge(self.commissions, 1.2)

        self.open_button = QPushButton(self.tr("&Open"), self)
        self.open_button.clicked.connect(self._open_current)
        self.new_button = QPushButton(self.tr("&New commission…"), self)
        self.new_button.clicked.connect(self.new_requested)
        self.example_button = QPushButton(self.tr("Open the e&xample"), self)
        self.example_button.setToolTip(
            self.tr("Adds the worked example commission to this database and opens it")
        )
        self.example_button.clicked.connect(self.example_requested)
        self.database_button = QPushButton(self.tr("Open another data&base…"), self)
        self.database_button.clicked.connect(self.open_database_requested)

        buttons = QHBoxLayout()
        for button in (self.open_button, self.new_button, self.example_button, self.database_button):
            button.setMinimumHeight(40)
            buttons.addWidget(button)
        buttons.addStretch(1)

        column = QVBoxLayout()
        column.addWidget(title)
        column.addWidget(blurb)
        column.addSpacing(12)
        column.addWidget(recent_label)
        column.addWidget(self.commissions, 1)
        column.addLayout(buttons)
        column.addWidget(self.location)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 4)
        outer.addStretch(1)

    def show_commissions(self, commissions: tuple[CommissionSummary, ...], database_label: str) -> None:
        """List ``commissions``, newest first, and say which database they are in."""
        self.commissions.clear()
        for commission in commissions:
            budget = format_money(commission.budget_minor, commission.budget_currency)
            item = QListWidgetItem(
                self.tr("{title} — {budget} — stage: {stage}").format(
                    title=commission.title, budget=budget, stage=commission.stage.value
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, commission.id)
            self.commissions.addItem(item)
        if commissions:
            self.commissions.setCurrentRow(0)
        self.open_button.setEnabled(bool(commissions))
        self.location.setText(self.tr("Database: {location}").format(location=database_label))

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_current(self) -> None:
        item = self.commissions.currentItem()
        if item is not None:
            self._open_item(item)
