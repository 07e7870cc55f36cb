"""What a unit of work changed, so views refresh only what they show.

Services note each change on the session as they make it; the caller reads
the collected ``Changes`` after the commit and announces them app-wide.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

_KEY = "cocommission.changes"

#: What casting, changing or taking back a ballot notes: the ballot, its audit entry, and the round
#: it was cast in (as the entry's record), though the round's state and options are as they were.
BALLOT_KINDS = frozenset({"ballot", "audit", "vote_round"})


@dataclass(frozen=True)
class Changes:
    """Kinds of record touched (``"participant"``, ``"ballot"``, …) and the ids of each."""

    commission_ids: frozenset[str] = frozenset()
    by_kind: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of record changed."""
        return frozenset(self.by_kind)

    def touches(self, *kinds: str) -> bool:
        """Whether any of ``kinds`` changed."""
        return any(kind in self.by_kind for kind in kinds)

    @property
    def ballots_only(self) -> bool:
        """Whether only ballots were cast, changed or taken back: every round is otherwise as it was.

        Views that show a round's state, options or voters read less after such a change, or nothing:
        many ballots come in at once when a room votes from phones.
        """
        return "ballot" in self.by_kind and self.kinds <= BALLOT_KINDS

    def __bool__(self) -> bool:
        return bool(self.by_kind)


def note_change(session: Session, kind: str, record_id: str, *, commission_id: str | None = None) -> None:
    """Remember that a record of ``kind`` changed in this unit of work."""
    pending = session.info.setdefault(_KEY, {"kinds": defaultdict(set), "commissions": set()})
    pending["kinds"][kind].add(record_id)
    if commission_id is not None:
        pending["commissions"].add(commission_id)


def collect_changes(session: Session) -> Changes:
    """Everything noted in this unit of work, and forget it."""
    pending = session.info.pop(_KEY, None)
    if not pending:
        return Changes()
    return Changes(
        commission_ids=frozenset(pending["commissions"]),
        by_kind={kind: frozenset(ids) for kind, ids in pending["kinds"].items()},
    )
