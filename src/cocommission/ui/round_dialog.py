"""Drafting a new vote round: its rules and the options people will choose between.

The round is created only when the facilitator presses Create and the
services accept it; a refusal is shown inside the dialog only (the window's
banner behind it is left alone) and the dialog stays open so nothing typed
is lost.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.voting import RoundRow, create_round
from cocommission.ui.commands import Commander
from cocommission.ui.number_input import NotANumber
from cocommission.ui.pages.round_rules_panel import RoundRulesPanel


class RoundDialog(QDialog):
    """The "New round" form; ``created`` holds the new round once it has been saved."""

    def __init__(self, commander: Commander, commission_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id = commission_id
        self.created: RoundRow | None = None
        self.setWindowTitle(self.tr("New vote round"))
        self.rules = RoundRulesPanel(self)

        options_heading = QLabel(self.tr("Options people choose between:"), self)
        self.typed_options = QRadioButton(self.tr("Ty&pe the options, one per line"), self)
        self.from_outcomes = QRadioButton(self.tr("Use the &outcome statements (proposed and agreed)"), self)
        self.typed_options.setChecked(True)
        self._source = QButtonGroup(self)
        self._source.addButton(self.typed_options)
        self._source.addButton(self.from_outcomes)
        self.options = QPlainTextEdit(self)
        self.options.setAccessibleName(self.tr("Options, one per line"))
        self.options.setPlaceholderText(
            self.tr("Somewhere to go in the evenings\nHelp into work\nFeeling safe")
        )
        self.options.setTabChangesFocus(True)
        self.typed_options.toggled.connect(self.options.setEnabled)

        self.problem = QLabel(self)
        self.problem.setObjectName("formProblem")
        self.problem.setWordWrap(True)
        self.problem.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText(self.tr("Create round"))
        # Enter in the title (or any one-line field) creates the round.
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.create)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.rules)
        layout.addSpacing(8)
        layout.addWidget(options_heading)
        layout.addWidget(self.typed_options)
        layout.addWidget(self.options, 1)
        layout.addWidget(self.from_outcomes)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.rules.title.setFocus()

    def option_labels(self) -> list[str]:
        """The typed options, one per non-blank line."""
        if not self.typed_options.isChecked():
            return []
        return [line.strip() for line in self.options.toPlainText().splitlines() if line.strip()]

    def create(self) -> None:
        """Save the round; close on success, or say why not and stay open."""
        self.problem.hide()
        try:
            rules = self.rules.values()
        except NotANumber as refusal:
            self._show_problem(str(refusal))
            return
        # A refusal is said here, where the round can be put right, not on the window behind.
        with self.commander.refusals_to(self._show_problem):
            created = self.commander.run(
                create_round,
                initiator=self,
                commission_id=self.commission_id,
                options=self.option_labels(),
                from_outcomes=self.from_outcomes.isChecked(),
                **rules,
                cannot_undo=self.tr("a new round stays in the list as a draft until it is opened"),
            )
        if created is not None:
            self.created = created
            self.accept()

    def _show_problem(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
