"""Loading the program without collecting garbage on the way.

Starting CoCommission makes a great many objects (modules, classes, SQLAlchemy's tables and
mappers, the window's widgets) that live as long as the program does. Python's cyclic garbage
collector walks them again and again while they are being made, and finds nothing to free: a
noticeable part of the time to the first window, or to a command's answer. ``pause`` switches it
off while the program loads; ``resume`` switches it back on once the window is on screen or the
command is about to run. Only a pause made here is resumed here: a program that had switched
the collector off itself keeps it off. ``ending`` spares the process a last collection as it exits.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop collecting garbage until ``resume``, unless it is already stopped."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Collect garbage again, if ``pause`` stopped it."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def ending() -> None:
    """The process is about to end: keep the collector from walking everything it made once more.

    On the way out Python collects garbage one last time, over every object the program ever
    made (a long wait after a quick command: longer than listing the commissions itself), only
    to free memory the system takes back at once anyway. Freezing them first leaves that walk
    nothing to do. Only for a process that is ending: nothing frozen is ever collected again.
    """
    gc.freeze()
