"""How numbers, places, progress and round states read: one place for the words every part shares.

The wall, the pages, the printed documents and the spreadsheets all say "=2nd", "7 of 9 have
voted" and "1 h 30 min"; before, each had its own copy, and copies drift. This module is the one
copy. It imports nothing from the rest of the app and nothing from Qt, so the counting code,
the exports and the command line can use it as freely as the screens.

Translation is injected, not imported: :func:`translate` is the identity until the desktop app
installs Qt's translator at start-up (``cocommission.ui.translation.install``). Words on screen
(:data:`on_screen`) go through it; words in printed documents and spreadsheets
(:data:`in_documents`) never do, because those are always written in British English whatever
language the computer is set to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: ``(context, text) -> text``: the shape of Qt's ``QCoreApplication.translate``.
Translate = Callable[[str, str], str]


def untranslated(context: str, text: str) -> str:
    """The text as written: the translation before the app installs one, and always for documents."""
    return text


_installed: Translate = untranslated


def install_translate(translate_function: Translate) -> Translate:
    """Make ``translate_function`` the translation of every word on screen; returns the one it replaces."""
    global _installed
    previous, _installed = _installed, translate_function
    return previous


def translate(context: str, text: str) -> str:
    """``text`` in the language the app shows, for translators grouped under ``context``."""
    return _installed(context, text)


def translator(context: str) -> Callable[[str], str]:
    """A ``tr`` for code with no ``self.tr`` (module-level helpers): it translates within ``context``.

    It looks the translation up at each call, so a helper made at import time follows the
    translation installed later at start-up.
    """

    def tr(text: str) -> str:
        return _installed(context, text)

    return tr


# --------------------------------------------------------------------------- numbers (no words)


def number_text(value: float | None, *, most_decimals: int = 2) -> str:
    """A number for people: whole numbers bare, others to at most ``most_decimals`` places.

    ``12.0`` reads "12", ``2.50`` reads "2.5", a tiny negative reads "0" (never "-0"); the wall
    passes ``most_decimals=1``; no number reads "".
    """
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    text = f"{value:.{most_decimals}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def wall_number(value: float) -> str:
    """A number on the wall, read from across the room: whole numbers bare, others to one decimal place."""
    return number_text(value, most_decimals=1)


def place_order(ranking: Sequence[Sequence[str]]) -> dict[str, int]:
    """Each id's place as a number, from tiers best first; tied ids share it and the next is skipped.

    Places follow sports tables ("1, 2, 2, 4"): after two options tied second, the next is 4th.
    Ties are shown, never broken.
    """
    order: dict[str, int] = {}
    place = 1
    for tier in ranking:
        for key in tier:
            order[key] = place
        place += len(tier)
    return order


def clock_text(seconds: int) -> str:
    """A countdown as the wall and console show it: "9:05", or "1:02:00" past an hour."""
    seconds = max(0, seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def numbered_label(key: str, label: str) -> str:
    """An option's words after its key, where the key has no column of its own: "3. Help into work"."""
    return f"{key}. {label}" if key else label


# --------------------------------------------------------------------------- words


_ORDINAL_ENDINGS = {1: "{n}st", 2: "{n}nd", 3: "{n}rd"}

#: The units a spelled-out length of time uses, largest first: name, seconds, words for one and many.
_SPELLED_UNITS = (
    ("hour", 3600, ("{n} hour", "{n} hours")),
    ("minute", 60, ("{n} minute", "{n} minutes")),
    ("second", 1, ("{n} second", "{n} seconds")),
)

#: Each round state (a ``RoundState`` value) in words: in full, in a word for lists, and after a title.
_ROUND_STATE_WORDS = {
    "draft": ("Draft", "Draft", "not open yet"),
    "open": ("Open for voting", "Open", "open"),
    "closed": ("Closed", "Closed", "closed"),
    "revealed": ("Revealed", "Revealed", "revealed"),
}

#: What a count adds up, by count method (a ``CountMethod`` value): one of it, and many.
_COUNTED_THINGS = {
    "dots": ("1 dot", "{n} dots"),
    "borda": ("1 point", "{n} points"),
    "approval": ("1 tick", "{n} ticks"),
}

#: What a count gives an option no ballot scored (``tallies.NOT_SCORED``; this module imports nothing of the app's).
_NOT_SCORED = "not scored"

#: The places a count's account spells out in words; later places read "11th place".
_PLACE_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


class Words:
    """The shared phrases in one language: ``tr`` turns each English phrase into that language."""

    def __init__(self, tr: Callable[[str], str]) -> None:
        self.tr = tr

    def ordinal(self, place: int) -> str:
        """1 → 1st, 2 → 2nd, 3 → 3rd, 11 → 11th, 12 → 12th, 13 → 13th, 21 → 21st, 111 → 111th."""
        pattern = "{n}th" if 10 <= place % 100 <= 20 else _ORDINAL_ENDINGS.get(place % 10, "{n}th")
        return self.tr(pattern).format(n=place)

    def place_in_words(self, place: int) -> str:
        """ "first place" … "tenth place", then "11th place" and so on."""
        if place <= len(_PLACE_WORDS):
            return self.tr(f"{_PLACE_WORDS[place - 1]} place")
        return self.tr("{nth} place").format(nth=self.ordinal(place))

    def places(self, ranking: Sequence[Sequence[str]]) -> dict[str, str]:
        """Each id's place from tiers best first: "1st", "2nd", ties share it as "=3rd" (1, 2, =3, =3, 5)."""
        tier_sizes = {key: len(tier) for tier in ranking for key in tier}
        return {
            key: ("=" if tier_sizes[key] > 1 else "") + self.ordinal(place)
            for key, place in place_order(ranking).items()
        }

    def and_list(self, names: Sequence[str]) -> str:
        """'A', 'A and B', 'A, B and C': names as a sentence lists them."""
        if len(names) <= 1:
            return "".join(names)
        return self.tr("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])

    def progress(self, voted: int, eligible: int) -> str:
        """ "7 of 9 have voted", "1 of 9 has voted"."""
        if voted == 1:
            return self.tr("{voted} of {eligible} has voted").format(voted=voted, eligible=eligible)
        return self.tr("{voted} of {eligible} have voted").format(voted=voted, eligible=eligible)

    def duration(self, minutes: int | None) -> str:
        """``150`` → "2 h 30 min", ``120`` → "2 h", ``45`` → "45 min"; no length reads as ""."""
        if minutes is None:
            return ""
        hours, rest = divmod(minutes, 60)
        if hours and rest:
            return self.tr("{h} h {m} min").format(h=hours, m=rest)
        if hours:
            return self.tr("{h} h").format(h=hours)
        return self.tr("{m} min").format(m=rest)

    def spelled_duration(self, seconds: int, *, smallest: str = "second") -> str:
        """A length of time in whole words, down to the ``smallest`` unit ("hour", "minute" or "second").

        "45 seconds", "2 minutes 30 seconds", "3 hours 15 minutes"; nothing at all reads "0 seconds"
        (or "0 minutes" when minutes are the smallest unit).
        """
        units = _SPELLED_UNITS[: [name for name, _, _ in _SPELLED_UNITS].index(smallest) + 1]
        rest = int(seconds)
        parts = []
        for _, size, (one, many) in units:
            count, rest = divmod(rest, size)
            if count:
                parts.append(self.tr(one if count == 1 else many).format(n=count))
        return " ".join(parts) or self.tr(units[-1][2][1]).format(n=0)

    def score_note(self, count: str, value: float | str) -> str:
        """The number behind a place, with its unit ("12 dots", "14 points"), for a count method (a ``CountMethod`` value).

        ``value`` may be the count's own text for the number (``TallyResult.score_texts``), which is
        exact enough to explain the order, or "not scored" (``tallies.NOT_SCORED``) for an option no
        ballot scored. The wall and a phone's results say it the same way.
        """
        if value == _NOT_SCORED:
            return self.tr("not scored")
        shown = value if isinstance(value, str) else wall_number(value)
        if count in _COUNTED_THINGS:
            one, many = _COUNTED_THINGS[count]
            return self.tr(one) if shown == "1" else self.tr(many).format(n=shown)
        if count == "score":
            return self.tr("mean {n}").format(n=shown)
        if count == "schulze":
            return self.tr("beats {n}").format(n=shown)
        return ""

    def round_state(self, state: str) -> str:
        """Where a round is in its life (a ``RoundState``), as the round's rules say it: "Open for voting"."""
        return self.tr(_ROUND_STATE_WORDS[state][0])

    def short_round_state(self, state: str) -> str:
        """Where a round is in its life, in a word, for lists: "Open"."""
        return self.tr(_ROUND_STATE_WORDS[state][1])

    def round_state_after_title(self, state: str) -> str:
        """Where a round is, in the small words that follow its title in a list: "Budget (open)"."""
        return self.tr(_ROUND_STATE_WORDS[state][2])


#: Words on screens and on the wall, in the language the app shows.
on_screen = Words(translator("Wording"))

#: Words in printed documents and spreadsheets: always British English, never translated.
in_documents = Words(lambda text: untranslated("Wording", text))
