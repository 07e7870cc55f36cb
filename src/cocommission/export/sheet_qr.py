"""What a feedback sheet's QR code holds, in one place: the printed sheets write it, the scanner reads it.

A sheet printed without room voting has a QR code holding ``CC:`` followed by the sheet's
7-character code, for example ``CC:ABCDEFG``. Capitals, digits and a colon are all in the QR
code's compact alphanumeric mode, so the symbol stays at its smallest size (21 × 21 modules)
even with a high level of error correction, and its modules can be printed large. The prefix
tells a CoCommission sheet apart from any other QR code that ends up on a scanned page (a
poster, a flyer, a parcel label).

A sheet printed while room voting is on holds the room server's address instead, with the
code at its end: ``http://192.168.1.20:8470/feedback/ABCDEFG``. A phone's camera opens it, and
the person answers the same questions on their phone; the scanner reads the code from it just
the same when the paper comes back. Such a link is told apart from other links on a page by
its shape: plain ``http`` to an address written as numbers (the room server is never reached
by a name), and a path that is ``/feedback/`` and the code, nothing more.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from cocommission.services.errors import InvalidInput
from cocommission.services.feedback import CODE_LENGTH, check_sheet_code

#: What every sheet's QR code starts with when room voting is off.
SHEET_QR_PREFIX = "CC:"
#: The room server's page for answering one sheet on a phone: this, then the code.
FEEDBACK_PATH = "/feedback/"

_PATH = re.compile(r"/feedback/([^/?#]*)/?", re.IGNORECASE)


def sheet_qr_payload(code: str, *, room_address: str | None = None) -> str:
    """The text to put in the QR code of the sheet with this (checked) code.

    ``CC:ABCDEFG``; or, given the room server's address (``http://HOST:PORT/``), the link a
    phone opens to answer the sheet there: ``http://HOST:PORT/feedback/ABCDEFG``.
    """
    checked = check_sheet_code(code)
    if not room_address:
        return SHEET_QR_PREFIX + checked
    return room_feedback_url(room_address, checked)


def room_feedback_url(room_address: str, code: str) -> str:
    """The link to answer sheet ``code`` on a phone, from the room server's address ``http://HOST:PORT/``."""
    return f"{check_room_address(room_address)}{FEEDBACK_PATH}{check_sheet_code(code)}"


def check_room_address(room_address: str) -> str:
    """The room server's address as ``http://HOST:PORT`` (no slash after); InvalidInput when it is not one."""
    wrong = InvalidInput(f"{room_address!r} is not the room server's address; it looks like http://192.168.1.20:8470/.")
    try:
        parts = urlsplit(room_address.strip())
        port = parts.port
    except ValueError:
        raise wrong from None
    if parts.scheme != "http" or not _numeric_host(parts.hostname) or port is None or parts.path not in ("", "/"):
        raise wrong
    return f"http://{parts.netloc}"


def sheet_code_from_qr(text: str) -> str | None:
    """The sheet code a QR code holds; None when it is not a CoCommission sheet's QR code.

    Reads both forms: ``CC:ABCDEFG`` and the room server's link ending ``/feedback/ABCDEFG``.
    Raises InvalidInput (from ``check_sheet_code``) when the text says it is a sheet's but the
    code in it fails its check: a damaged or doctored QR code.
    """
    payload = (text or "").strip()
    if payload.upper().startswith(SHEET_QR_PREFIX):
        code = payload[len(SHEET_QR_PREFIX) :]
    else:
        found = _code_in_link(payload)
        if found is None:
            return None
        code = found
    if len(code) > 2 * CODE_LENGTH:
        # Far too long to be a code with a mistake in it: someone else's text.
        return None
    return check_sheet_code(code)


def _code_in_link(text: str) -> str | None:
    """What stands where the code goes in a room server's feedback link; None for any other text."""
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() != "http" or not _numeric_host(parts.hostname) or port is None:
        return None
    if parts.query or parts.fragment:
        return None
    matched = _PATH.fullmatch(parts.path)
    return matched.group(1) if matched else None


def _numeric_host(host: str | None) -> bool:
    try:
        ipaddress.ip_address(host or "")
    except ValueError:
        return False
    return True
