"""Answering the next question box as a person would: read it, then press one of its buttons by its words."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

#: How many turns of the event loop to look for the box before giving up (it normally opens at once).
_TRIES = 200


@dataclass
class Asked:
    """What the question box said, and the words on its buttons."""

    title: str = ""
    text: str = ""
    buttons: list[str] = field(default_factory=list)
    default: str = ""
    escape: str = ""


@contextmanager
def answering(press: str) -> Iterator[list[Asked]]:
    """Press the button whose words contain ``press`` on each question box opened inside the block.

    Yields the questions seen, so the test can check what the person was told.
    """
    seen: list[Asked] = []
    inside = True

    def answer(tries: int = _TRIES) -> None:
        if not inside:
            # A box opened after the block belongs to another answer.
            return
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if tries:
                QTimer.singleShot(0, lambda: answer(tries - 1))
            return
        buttons = box.buttons()
        asked = Asked(
            title=box.windowTitle(),
            text=" ".join(part for part in (box.text(), box.informativeText()) if part),
            buttons=[button.text() for button in buttons],
            default=box.defaultButton().text() if box.defaultButton() is not None else "",
            escape=box.escapeButton().text() if box.escapeButton() is not None else "",
        )
        seen.append(asked)
        chosen = [button for button in buttons if press in button.text().replace("&", "")]
        (chosen[0] if chosen else box.escapeButton() or buttons[0]).click()
        QTimer.singleShot(0, answer)

    QTimer.singleShot(0, answer)
    try:
        yield seen
    finally:
        inside = False
