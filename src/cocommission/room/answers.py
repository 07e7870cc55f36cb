"""How the room's routes answer: an HTML page, and the status for each kind of refusal.

Shared by the ballot routes (``app.py``) and the feedback routes (``feedback_routes.py``), so a
refusal means the same status wherever a phone meets it.
"""

from __future__ import annotations

from aiohttp import web

from cocommission.services.errors import NotFound, RuleBroken, ServiceError


class PhoneRefused(ServiceError):
    """The phone's cookie does not (or no longer) let it vote here: it must join again."""


def status_for(error: ServiceError) -> int:
    """The HTTP status for a refusal: 403 for a phone that must join, 404, 409 for a rule, 400 for input."""
    if isinstance(error, PhoneRefused):
        return 403
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, RuleBroken):
        return 409
    return 400


def html(text: str, status: int = 200) -> web.Response:
    """A page made on the laptop, as UTF-8 HTML."""
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8")
