"""The forms the pages open: fields, then a line saying what is wrong, then OK and Cancel.

OK is labelled with what it does ("Add bid", "Save changes"). The form checks what was typed
when OK is pressed, and the page then performs the action while the form is still open. A
refusal, the form's own or the services', is said inside the form only, where the person can put
it right, and the form stays open so nothing typed is lost; it closes once the action is done.
The window's banner behind it is left alone, so no message outlives the form it was about.
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
    #: Set by ``open_form``: the commander and the action to perform before the form may close.
    _until_done: tuple[Commander, Callable[[], object]] | None = None

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

    def accept(self) -> None:
        """Close once the page's action is done; if it was refused, say why here and stay open."""
        if self._until_done is None:
            super().accept()
            return
        commander, perform = self._until_done
        if self._performed_here(commander, perform):
            super().accept()

    def _performed_here(self, commander: Commander, perform: Callable[[], object]) -> bool:
        """Run ``perform`` with every refusal shown in this form; True when nothing was refused."""
        refused: list[str] = []

        def show(message: str) -> None:
            refused.append(message)
            self.show_problem(message)

        with commander.refusals_to(show):
            perform()
        return not refused


def open_form(dialog: FormDialog, commander: Commander, accepted: Callable[[], object]) -> None:
    """Open ``dialog`` without waiting for it; ``accepted`` performs the action when OK is pressed.

    The form stays open until ``accepted`` has run without a refusal (a refusal is shown inside
    the form), then closes and is deleted.
    """
    dialog._until_done = (commander, accepted)
    dialog.finished.connect(dialog.deleteLater)
    # open() rather than exec(): the window stays responsive and nothing waits in a nested loop.
    dialog.open()


def open_form_until_done(dialog: FormDialog, commander: Commander, perform: Callable[[dict], bool]) -> None:
    """Open ``dialog``, a form announcing ``submitted(values)``; it closes once ``perform(values)`` succeeds.

    A refusal by the services is shown inside the form only, which stays open so nothing typed is lost.
    """

    def submitted(values: dict) -> None:
        done = False

        def attempt() -> None:
            nonlocal done
            done = perform(values)

        if dialog._performed_here(commander, attempt) and done:
            dialog.accept()

    dialog.submitted.connect(submitted)
    dialog.finished.connect(dialog.deleteLater)
    # open() rather than exec(): the window stays responsive and nothing waits in a nested loop.
    dialog.open()
