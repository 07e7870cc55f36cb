"""Adapters between services and the commander for undoable edits.

``Commander.edit`` treats a ``None`` result as a refusal and then keeps no undo
step. A few services (clearing a score, clearing a moderated score) finish with
nothing to return, so the pages call them through ``reporting_done``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any


def reporting_done(service: Callable[..., Any]) -> Callable[..., bool]:
    """``service`` that answers True once it has been performed (refusals still raise)."""

    @functools.wraps(service)
    def performed(session: Any, /, **arguments: Any) -> bool:
        service(session, **arguments)
        return True

    return performed
