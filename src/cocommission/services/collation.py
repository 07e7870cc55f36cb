"""Putting people's names in the order a reader expects: Łukasz with the Ls, Zoë beside zoe.

Python sorts by code point, so "Łukasz" (U+0141) came after "zoe" and "Ángel" after "Zara".
No collation library ships with the app, so the key folds each name to its base letters
(accents and case taken off, and the Latin letters that carry a stroke rather than an accent,
such as Ł, Ø and Đ, to their plain letter) and compares those first; the name itself breaks
ties, so the order never depends on which of two equal-looking names was typed first. It is
not a language's full collation (Swedish puts Å after Z), but it is what a mixed UK group reads
as alphabetical, on every screen, printout and command the same.
"""

from __future__ import annotations

from cocommission.services.text import folded


def name_sort_key(name: str) -> tuple[str, str, str]:
    """Sort key for a name: base letters first, then case-free, then the name itself."""
    return (folded(name), name.casefold(), name)
