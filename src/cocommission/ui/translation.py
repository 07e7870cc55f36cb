"""Putting Qt's translations behind the app's words: :func:`install` runs once, at start-up.

The words themselves are translated through ``cocommission.wording`` (``translator(context)``
for module-level helpers, ``on_screen`` for the shared phrases), which knows nothing of Qt;
this is the one place that hands it Qt's ``QCoreApplication.translate``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from cocommission.wording import install_translate


def install() -> None:
    """Translate every word on screen with the translators Qt has loaded (as written when none is)."""
    install_translate(QCoreApplication.translate)
