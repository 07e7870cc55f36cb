"""Translating words in module-level helpers, which have no ``self.tr``: one translator per context."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication


def translator(context: str) -> Callable[[str], str]:
    """A ``tr`` for module-level helpers: it translates text in ``context`` (their name for translators)."""

    def tr(text: str) -> str:
        return QCoreApplication.translate(context, text)

    return tr
