"""Errors a user can act on: each message says what is wrong and what to do.

The CLI prints them on one line and exits 2; the desktop app shows them in the
window. Anything else escaping a service is a bug.
"""

from __future__ import annotations


class ServiceError(Exception):
    """A request the rules refuse; nothing has been changed."""

    @property
    def message(self) -> str:
        """The sentence to show the user."""
        return str(self.args[0]) if self.args else self.__class__.__name__


class NotFound(ServiceError):
    """The thing asked for does not exist (or belongs to another commission)."""


class RuleBroken(ServiceError):
    """The request breaks one of the commission's rules (a dot budget, a closed round, …)."""


class InvalidInput(ServiceError):
    """The request itself is malformed: an empty name, a negative amount, a bad date."""
