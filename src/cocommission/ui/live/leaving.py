"""Asking before the app leaves a live workshop: quitting, opening another commission or database.

Leaving closes the console and takes the projector off the wall. In the middle
of a vote, or with a ballot keyed in but not recorded, that must never happen
on one keystroke: the facilitator is asked first, told what would be lost, and
staying is the default, with everything typed left where it was.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from cocommission.ui.live.console_window import ConsoleWindow
from cocommission.wording import translator

_tr = translator("Leaving")


def reasons_to_stay(console: ConsoleWindow | None, also: Sequence[str] = ()) -> list[str]:
    """Why leaving now needs a question: the open round, then what would be lost; empty when nothing is live."""
    if console is None or not console.isVisible():
        return []
    round_line = console.round_on_the_wall()
    lost = console.unfinished_work() + list(also)
    if round_line is None and not lost:
        return []
    return ([round_line] if round_line is not None else []) + lost


def confirm_leaving(parent: QWidget, console: ConsoleWindow | None, *, leave_text: str, also: Sequence[str] = ()) -> bool:
    """True when nothing live would be cut short, or the facilitator chose ``leave_text`` over staying.

    ``also``: other unsaved typing in the app to mention (such as a half-typed outcome statement).
    """
    reasons = reasons_to_stay(console, also)
    if not reasons:
        return True
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Leave the live workshop?"),
        reasons[0],
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    details = "".join(f"• {reason}\n" for reason in reasons[1:])
    box.setInformativeText(
        (details + "\n" if details else "")
        + _tr("Leaving closes the console and takes the projector off the wall. Leave anyway?")
    )
    leave = box.addButton(leave_text, QMessageBox.ButtonRole.DestructiveRole)
    stay = box.addButton(_tr("&Stay in the workshop"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(stay)
    box.setEscapeButton(stay)
    box.exec()
    chosen = box.clickedButton()
    box.deleteLater()
    return chosen is leave
