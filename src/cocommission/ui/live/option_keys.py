"""The key each option of a round is given on the console and shown beside it on the wall.

Each option has a key: 1–9, then A–Z, in wall order. The ballot pad presses an option with
it, the paper dots form and the console's undo name options by it, and the wall shows it, so
the facilitator and the room always call an option by the same key.
"""

from __future__ import annotations

#: The keys options are given, in wall order: the first nine are numbers, the rest letters.
OPTION_KEYS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def option_key(position: int) -> str:
    """The key for the option at ``position`` (0 first), or "" past the 35 keys there are."""
    return OPTION_KEYS[position] if 0 <= position < len(OPTION_KEYS) else ""


def key_position(text: str) -> int | None:
    """Which option (0 first) a typed character stands for, or None when it stands for none."""
    if len(text) != 1:
        return None
    found = OPTION_KEYS.find(text.upper())
    return None if found < 0 else found
