"""Asking before adding what reads like something already there ("zoe" beside "Zoë", a statement twice).

It is a question, not a refusal: two young people may share a first name, and a group may
mean two statements to stand apart. Answering No (the default, so a stray Enter adds nothing)
leaves what was typed where it was, to correct.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QMessageBox, QWidget

from cocommission.services.lookalikes import Lookalike
from cocommission.wording import on_screen, translator

tr = translator("LookalikeQuestion")


def listed(found: Sequence[Lookalike]) -> str:
    """The lookalikes as a sentence reads them: ``“Zoë”``, ``“Zoë” and “Zoe”``, ``“A”, “B” and “C”``."""
    return on_screen.and_list([tr("“{shown}”").format(shown=one.shown) for one in found])


def go_ahead_despite(
    parent: QWidget, found: Sequence[Lookalike], *, title: str, question: str, **words: str
) -> bool:
    """True when nothing is alike, or the person says to go ahead.

    ``question`` names the lookalikes as ``{existing}``, and may use ``words`` (such as ``{typed}``).
    """
    if not found:
        return True
    answer = QMessageBox.question(
        parent,
        title,
        question.format(existing=listed(found), **words),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
