"""Phones asking to join with the PIN, waiting for the facilitator to let them in.

Whoever hears the PIN could otherwise join as someone who has not joined yet, and vote as them.
So in a room run from the console, the right PIN and a name only ask: the phone shows a waiting
page, the console lists "Kiki's phone is asking to join", and the phone joins only when the
facilitator, who can see who is holding it, lets it in.

Asking is kept in the server's memory only, like the PIN: a ticket (random, in an HttpOnly cookie
of the asking phone) names each request. Once let in, the phone's new secret waits here until the
phone next looks, then is handed over in its cookie and forgotten. The window's thread reads the
list and answers while the server's thread adds and hands over, so one lock guards it all.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

#: How long a request to join waits for the facilitator before the phone must ask again (seconds).
ASKING_SECONDS = 10 * 60
#: The most phones asking at once: a room holds a few dozen people.
MOST_ASKING = 200


@dataclass(frozen=True)
class Asking:
    """One phone asking to join: for whom, since when, and what the facilitator said."""

    ticket: str
    participant_id: str
    pseudonym: str
    asked_at: float
    #: The joined phone's secret, once let in (handed to the phone at its next look, then forgotten).
    secret: str | None = None
    #: Why the phone was not let in (turned away, or could no longer join), once it was not.
    refusal: str | None = None

    @property
    def waiting(self) -> bool:
        """Whether the facilitator has still to answer."""
        return self.secret is None and self.refusal is None


#: What the phone is told when the facilitator turns it away.
TURNED_AWAY = "The facilitator did not let this phone in. Ask them, or join with your card."


class Doorway:
    """The phones asking to join, in the order they asked; safe to use from any thread."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._asking: dict[str, Asking] = {}

    def ask(self, participant_id: str, pseudonym: str) -> str | None:
        """Note a phone asking to join as ``participant_id``; its ticket, or None when too many are asking.

        Someone asking again (a reload, a second phone) replaces their earlier request, so the
        facilitator sees each person once.
        """
        with self._lock:
            self._forget_old()
            for ticket, asking in list(self._asking.items()):
                if asking.participant_id == participant_id and asking.waiting:
                    del self._asking[ticket]
            if len(self._asking) >= MOST_ASKING:
                return None
            ticket = secrets.token_urlsafe(32)
            self._asking[ticket] = Asking(ticket, participant_id, pseudonym, self._clock())
            return ticket

    def waiting(self) -> list[Asking]:
        """The requests the facilitator has still to answer, first asked first."""
        with self._lock:
            self._forget_old()
            return [asking for asking in self._asking.values() if asking.waiting]

    def find(self, ticket: str | None) -> Asking | None:
        """The request with this ticket, while it lasts."""
        if not ticket:
            return None
        with self._lock:
            self._forget_old()
            return self._asking.get(ticket)

    def answer(self, ticket: str, *, secret: str | None = None, refusal: str | None = None) -> bool:
        """Record the facilitator's answer (the joined phone's secret, or why not); False when the request is gone."""
        with self._lock:
            asking = self._asking.get(ticket)
            if asking is None or not asking.waiting:
                return False
            self._asking[ticket] = replace(asking, secret=secret, refusal=refusal)
            return True

    def hand_over(self, ticket: str) -> Asking | None:
        """The answered request, taken out: the phone is told once, and its secret is kept no longer."""
        with self._lock:
            asking = self._asking.get(ticket)
            if asking is None or asking.waiting:
                return None
            del self._asking[ticket]
            return asking

    def clear(self) -> None:
        """Forget every request (the server has stopped)."""
        with self._lock:
            self._asking.clear()

    def _forget_old(self) -> None:
        oldest = self._clock() - ASKING_SECONDS
        for ticket in [ticket for ticket, asking in self._asking.items() if asking.asked_at < oldest]:
            del self._asking[ticket]
