"""Strategies for hostile input and checks shared by the fuzz tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from hypothesis import strategies as st

from cocommission.db.backup import backup_sqlite_file

#: Text a careless or malicious file might hold: control characters, other scripts, emoji,
#: characters that end lines without being "\n", spreadsheet formulas and SQL.
NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\x00",
        "a\nb",
        "a\r\nb",
        "\u2028",
        "\x85",
        "\x1b[2J",
        "\ufeff",
        "\u202eevil",
        "Zoë Brontë",
        "Ñandú",
        "سلام",
        "🙂" * 5,
        "'; DROP TABLE participant; --",
        '"quoted"',
        "=1+1",
        '=HYPERLINK("http://example.org","x")',
        "@SUM(A1)",
        "+44 7700 900123",
        "-",
    ]
)
TEXT = st.one_of(
    NASTY_TEXT,
    st.text(max_size=30),
    st.text(st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "Zs"]), max_size=10),
    # Long, but short enough for Hypothesis to print a failing example (it warns above 30,000 characters).
    st.integers(min_value=300, max_value=25_000).map(lambda n: "x" * n),
)


def nested(depth: int) -> object:
    """A list inside a list, ``depth`` deep."""
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


#: Any JSON-ish value, including numbers no database stores and nesting no export has.
VALUE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([-1, 0, 1, 2**31 - 1, 2**31, -(2**31) - 1, 2**63, -(2**63) - 1, 10**30]),
    st.floats(),
    TEXT,
    st.uuids().map(str),
    st.sampled_from(
        [
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
            "2026-02-07T10:00:00",
            "2026-02-07T10:00:00+00:00",
            "2026-02-30",
            "2026-02-07",
            "0000-00-00",
        ]
    ),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.integers(min_value=1, max_value=100).map(nested),
)


def copy_database(template: Path, folder: Path) -> Path:
    """A consistent copy of a template database file in ``folder``."""
    return backup_sqlite_file(template, folder / template.name)


def database_contents(path: Path) -> list[str]:
    """Everything a database file holds, as SQL text: equal lists mean nothing was changed."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def one_line(message: str, *, limit: int = 1000) -> bool:
    """Whether a message is one readable line (no line break of any kind, not a wall of text)."""
    return len(message.splitlines()) == 1 and len(message) <= limit
