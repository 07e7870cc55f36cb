"""The forms the pages open: fields, then a line saying what is wrong, then OK and Cancel.

OK is labelled with what it does ("Add bid", "Save changes"). The form checks what was typed
when OK is pressed; a refusal is said inside the form, and through ``problem`` for the
window's banner (which the form may be covering), and the form stays open so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from cocommission.ui.commands import Commander


class FormDialog(QDialog):
    """A form; subclasses make their fields, then call ``_lay_out`` to add the problem line and buttons."""

    #: A readable reason the form was not accepted (also shown inside the form).
    problem = Signal(str)

    message: QLabel
    ok_button: QPushButton

    def _lay_out(
        self, *parts: QWidget | QLayout | tuple[QWidget, int], ok_text: str, on_ok: Callable[[], None]
    ) -> None:
        """Stack ``parts`` (a widget and its stretch as a pair), then the problem line, then OK and Cancel.

        Called after the fields are made, so OK and Cancel come after them when tabbing.
        """
        self.message = QLabel(self)
        self.message.setObjectName("formProblem")
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(on_ok)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in parts:
            if isinstance(part, tuple):
                layout.addWidget(*part)
            elif isinstance(part, QLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def show_problem(self, message: str) -> None:
        """Say inside the form why it was not accepted."""
        self.message.setText(message)
        self.message.show()

    def _refuse(self, message: str, field: QWidget) -> None:
        """Say why the form cannot be accepted, here and through ``problem``, and go to ``field``."""
        self.show_problem(message)
        self.problem.emit(message)
        field.setFocus()


def open_form(dialog: FormDialog, commander: Commander, accepted: Callable[[], None]) -> None:
    """Open ``dialog`` without waiting for it; its refusals go to the window's banner too.

    ``accepted`` runs when the form is accepted; the dialog is deleted once it closes.
    """
    dialog.problem.connect(commander.failed)
    dialog.accepted.connect(accepted)
    dialog.finished.connect(dialog.deleteLater)
    # open() rather than exec(): the window stays responsive and nothing waits in a nested loop.
    dialog.open()


def open_form_until_done(dialog: FormDialog, commander: Commander, perform: Callable[[dict], bool]) -> None:
    """Open ``dialog``, a form announcing ``submitted(values)``; it closes once ``perform(values)`` succeeds.

    A refusal by the services is shown inside the form too, which stays open so nothing typed is lost.
    """

    def submitted(values: dict) -> None:
        commander.failed.connect(dialog.show_problem)
        try:
            done = perform(values)
        finally:
            commander.failed.disconnect(dialog.show_problem)
        if done:
            dialog.accept()

    dialog.problem.connect(commander.failed)
    dialog.submitted.connect(submitted)
    dialog.finished.connect(dialog.deleteLater)
    # open() rather than exec(): the window stays responsive and nothing waits in a nested loop.
    dialog.open()
