"""What a feedback sheet's QR code holds, in one place: the printed sheets write it, the scanner reads it.

The QR code holds ``CC:`` followed by the sheet's 7-character code, for example
``CC:ABCDEFG``. Capitals, digits and a colon are all in the QR code's compact
alphanumeric mode, so the symbol stays at its smallest size (21 × 21 modules) even
with a high level of error correction, and its modules can be printed large. The
prefix tells a CoCommission sheet apart from any other QR code that ends up on a
scanned page (a poster, a flyer, a parcel label).
"""

from __future__ import annotations

from cocommission.services.feedback import CODE_LENGTH, check_sheet_code

#: What every sheet's QR code starts with.
SHEET_QR_PREFIX = "CC:"


def sheet_qr_payload(code: str) -> str:
    """The text to put in the QR code of the sheet with this (checked) code: ``CC:ABCDEFG``."""
    return SHEET_QR_PREFIX + check_sheet_code(code)


def sheet_code_from_qr(text: str) -> str | None:
    """The sheet code a QR code holds; None when it is not a CoCommission sheet's QR code.

    Raises InvalidInput (from ``check_sheet_code``) when the text says it is a sheet's
    but the code in it fails its check: a damaged or doctored QR code.
    """
    payload = (text or "").strip()
    if not payload.upper().startswith(SHEET_QR_PREFIX):
        return None
    code = payload[len(SHEET_QR_PREFIX) :]
    if len(code) > 2 * CODE_LENGTH:
        # Far too long to be a code with a mistake in it: someone else's "CC:" text.
        return None
    return check_sheet_code(code)
