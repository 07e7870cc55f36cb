"""The outcomes stage: the statements the group writes about what the service must achieve.

Statements are kept in one ordered list per commission (positions 1..n, no gaps, settled
statements included), which is the order the projector shows. The number people see is
another thing: only statements still in play (proposed or agreed) are numbered, 1..n in
list order, so the Outcomes page, the wall and a vote made from the statements (whose
options take the same order, and so the same numbers as keys on the console) all say "3"
for the same statement, and a merge or split renumbers with no gaps. Merged-away and
dropped statements keep their place in the list for the record, without a number.
Nothing is deleted except by Undo straight after a slip (taking back an addition, a merge
or a split that nothing builds on yet; the audit log keeps both steps), so every agreed
outcome can be traced back to the words people first wrote:

- Merging replaces two or more statements with a new one. The originals stay, with status
  ``merged`` and ``merged_into_id`` pointing at the new statement, which takes the place of
  the first of them in the list. A merged statement is settled: it cannot be edited, moved
  to another status or merged again; work on the statement it was merged into.
- Splitting replaces one statement with two or more new ones placed right after it. The
  original is marked ``dropped``; as statements have no "split from" field, the audit entry
  of the split records which statement each new one came from, and ``lineage`` reads it
  back from there.

Audit entries name statements by id only: their words can mention people.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cocommission.model import AuditEntry, Commission, OutcomeStatement, OutcomeStatus, VoteOption, new_id
from cocommission.services.audit import record
from cocommission.services.changes import note_change
from cocommission.services.errors import InvalidInput, RuleBroken
from cocommission.services.lookup import fetch
from cocommission.services.ordering import move_to, renumber
from cocommission.services.text import required_text

#: The audit action whose details say which statements a split made; ``lineage`` reads it back.
SPLIT_ACTION = "outcome.split"
#: Statuses a person may set directly; ``merged`` only ever comes from merging.
SETTABLE_STATUSES = (OutcomeStatus.PROPOSED, OutcomeStatus.AGREED, OutcomeStatus.DROPPED)
#: Statuses of statements still in play: the ones that are numbered, shown on the wall and voted on.
IN_PLAY = (OutcomeStatus.PROPOSED, OutcomeStatus.AGREED)


@dataclass(frozen=True)
class OutcomeRow:
    """An outcome statement as listed; ``merged_from`` holds the ids of statements merged into it."""

    id: str
    position: int
    text: str
    measure: str
    status: OutcomeStatus
    merged_into_id: str | None
    merged_from: tuple[str, ...]
    proposed_by: str
    #: The number people see (1..n over the statements in play); None once merged away or dropped.
    number: int | None = None


@dataclass(frozen=True)
class LineageNode:
    """A statement and the statements it came from, back to the words first written."""

    outcome: OutcomeRow
    #: How this statement fed the one above it: "merged", "split", or "" for the statement asked about.
    how: str
    sources: tuple[LineageNode, ...]


# --------------------------------------------------------------------------- reading


def _statements(session: Session, commission_id: str) -> list[OutcomeStatement]:
    return list(
        session.scalars(
            select(OutcomeStatement)
            .where(OutcomeStatement.commission_id == commission_id)
            .order_by(OutcomeStatement.position, OutcomeStatement.created_at, OutcomeStatement.id)
        )
    )


def _merged_from(statements: Sequence[OutcomeStatement]) -> dict[str, tuple[str, ...]]:
    """For each statement, the ids of those merged into it, in list order."""
    sources: dict[str, list[str]] = defaultdict(list)
    for statement in statements:
        if statement.merged_into_id is not None:
            sources[statement.merged_into_id].append(statement.id)
    return {target: tuple(ids) for target, ids in sources.items()}


def _numbers(statements: Sequence[OutcomeStatement]) -> dict[str, int]:
    """Each statement in play and its number: 1, 2, 3, … in list order, skipping merged and dropped ones."""
    in_play = (statement for statement in statements if statement.status in IN_PLAY)
    return {statement.id: number for number, statement in enumerate(in_play, start=1)}


@dataclass(frozen=True)
class _Listing:
    """What a row needs from the rest of its list: who was merged into it, and the numbers."""

    merged_from: dict[str, tuple[str, ...]]
    numbers: dict[str, int]

    @classmethod
    def of(cls, statements: Sequence[OutcomeStatement]) -> _Listing:
        return cls(_merged_from(statements), _numbers(statements))


def _row(statement: OutcomeStatement, listing: _Listing) -> OutcomeRow:
    merged_from = listing.merged_from
    return OutcomeRow(
        id=statement.id,
        position=statement.position,
        text=statement.text,
        measure=statement.measure,
        status=statement.status,
        merged_into_id=statement.merged_into_id,
        merged_from=merged_from.get(statement.id, ()),
        proposed_by=statement.proposed_by,
        number=listing.numbers.get(statement.id),
    )


def _row_of(session: Session, statement: OutcomeStatement) -> OutcomeRow:
    return _row(statement, _Listing.of(_statements(session, statement.commission_id)))


def get_outcome(session: Session, *, outcome_id: str) -> OutcomeRow:
    """One outcome statement as plain data."""
    return _row_of(session, fetch(session, OutcomeStatement, outcome_id, what="outcome statement"))


def list_outcomes(
    session: Session, *, commission_id: str, include_merged: bool = True
) -> tuple[OutcomeRow, ...]:
    """The commission's statements in list order; without the merged originals if asked."""
    fetch(session, Commission, commission_id, what="commission")
    statements = _statements(session, commission_id)
    listing = _Listing.of(statements)
    return tuple(
        _row(statement, listing)
        for statement in statements
        if include_merged or statement.status is not OutcomeStatus.MERGED
    )


def agreed_outcomes(session: Session, *, commission_id: str) -> tuple[OutcomeRow, ...]:
    """The statements the group has agreed, in list order."""
    return tuple(
        row
        for row in list_outcomes(session, commission_id=commission_id, include_merged=False)
        if row.status is OutcomeStatus.AGREED
    )


def _split_from(session: Session, commission_id: str) -> dict[str, str]:
    """For each statement made by a split, the id of the statement it was split from."""
    entries = session.scalars(
        select(AuditEntry.details_json).where(
            AuditEntry.commission_id == commission_id, AuditEntry.action == SPLIT_ACTION
        )
    )
    origins: dict[str, str] = {}
    for details_json in entries:
        details = json.loads(details_json)
        for made_id in details.get("new_outcome_ids", ()):
            origins[made_id] = details["outcome_id"]
    return origins


def lineage(session: Session, *, outcome_id: str) -> LineageNode:
    """The statement and, recursively, the statements merged into it or split to make it."""
    statement = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    statements = _statements(session, statement.commission_id)
    by_id = {s.id: s for s in statements}
    listing = _Listing.of(statements)
    merged_from = listing.merged_from
    split_from = _split_from(session, statement.commission_id)

    def node(current: OutcomeStatement, how: str, seen: frozenset[str]) -> LineageNode:
        seen = seen | {current.id}
        origins = [(source, "merged") for source in merged_from.get(current.id, ())]
        if current.id in split_from:
            origins.append((split_from[current.id], "split"))
        sources = tuple(
            node(by_id[source], kind, seen)
            for source, kind in origins
            if source in by_id and source not in seen
        )
        return LineageNode(_row(current, listing), how, sources)

    return node(statement, "", frozenset())


# --------------------------------------------------------------------------- checks


def _status(value: OutcomeStatus | str) -> OutcomeStatus:
    try:
        status = OutcomeStatus(value)
    except ValueError:
        status = None
    if status not in SETTABLE_STATUSES:
        names = ", ".join(s.value for s in SETTABLE_STATUSES)
        raise InvalidInput(
            f"{value!r} is not a status you can set; choose one of {names} (merge statements to merge them)."
        )
    return status


def _quoted(statement: OutcomeStatement) -> str:
    """A settled statement has no number, so a message names it by its first words."""
    words = " ".join(statement.text.split())
    return f"“{words if len(words) <= 40 else words[:39].rstrip() + '…'}”"


def _called(session: Session, statement: OutcomeStatement) -> str:
    """How an audit entry names a statement: by its number, never by its words (they can name people)."""
    number = _numbers(_statements(session, statement.commission_id)).get(statement.id)
    if number is not None:
        return f"Outcome statement {number}"
    return f"A {statement.status.value} outcome statement"


def _not_merged(statement: OutcomeStatement, doing: str) -> None:
    if statement.status is OutcomeStatus.MERGED:
        raise RuleBroken(
            f"The statement {_quoted(statement)} has been merged into another, so it cannot be {doing}; "
            "work on the statement it was merged into instead."
        )


def _live(statement: OutcomeStatement, doing: str) -> None:
    """Refuse to ``doing`` a statement that is merged or dropped, saying what to do instead."""
    _not_merged(statement, doing)
    if statement.status is OutcomeStatus.DROPPED:
        raise RuleBroken(
            f"The statement {_quoted(statement)} has been dropped, so it cannot be {doing}; "
            "set it back to proposed first."
        )


def _text(value: str) -> str:
    return required_text(value, 'Write the outcome, such as "Young people feel safe on the estate".')


def _proposed_by(value: str) -> str:
    cleaned = (value or "").strip()
    if len(cleaned) > 80:
        raise InvalidInput("Who proposed a statement is too long; keep it to 80 characters.")
    return cleaned


def _ids(outcome_ids: Sequence[str], at_least: int, what: str) -> list[str]:
    if isinstance(outcome_ids, str):
        raise InvalidInput(f"Give a list of the statements to {what}, not a single id.")
    ids = list(outcome_ids)
    if len(set(ids)) != len(ids):
        raise InvalidInput(f"A statement is listed more than once; list each statement to {what} once.")
    if len(ids) < at_least:
        raise InvalidInput(f"Choose at least {at_least} statements to {what}.")
    return ids


# --------------------------------------------------------------------------- changing


def _insert(session: Session, commission_id: str, new: Sequence[OutcomeStatement], index: int) -> None:
    """Put ``new`` statements into the list at ``index`` (0 is the top) and close up the numbering."""
    new_ids = {statement.id for statement in new}
    others = [s for s in _statements(session, commission_id) if s.id not in new_ids]
    others[index:index] = new
    renumber(others)


def _new_statement(
    commission_id: str, text: str, measure: str, proposed_by: str, statement_id: str | None = None
) -> OutcomeStatement:
    # Position 0 until _insert gives it its place; the column may not be empty.
    return OutcomeStatement(
        id=statement_id or new_id(),
        commission_id=commission_id,
        position=0,
        text=_text(text),
        measure=(measure or "").strip(),
        status=OutcomeStatus.PROPOSED,
        proposed_by=_proposed_by(proposed_by),
    )


def _unused_id(session: Session, statement_id: str | None) -> str | None:
    """``statement_id`` if no statement has it yet (Redo adds back the very statement Undo took away)."""
    if statement_id is not None and session.get(OutcomeStatement, statement_id) is not None:
        raise InvalidInput("That statement is already in the list; nothing was added.")
    return statement_id


def add_outcome(
    session: Session,
    *,
    commission_id: str,
    text: str,
    measure: str = "",
    proposed_by: str = "",
    outcome_id: str | None = None,
) -> OutcomeRow:
    """Add a proposed statement at the end of the list (``outcome_id``: the id it is to have)."""
    fetch(session, Commission, commission_id, what="commission")
    statement = _new_statement(commission_id, text, measure, proposed_by, _unused_id(session, outcome_id))
    count = len(_statements(session, commission_id))
    session.add(statement)
    _insert(session, commission_id, [statement], count)
    record(
        session,
        commission_id=commission_id,
        action="outcome.added",
        summary=f"{_called(session, statement)} added",
        details={"outcome_id": statement.id},
        changed=("outcome", statement.id),
    )
    return _row_of(session, statement)


def edit_outcome(
    session: Session,
    *,
    outcome_id: str,
    text: str | None = None,
    measure: str | None = None,
    status: OutcomeStatus | str | None = None,
) -> OutcomeRow:
    """Change a statement's words, how success is measured, or its status; None leaves it as it is."""
    statement = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    _not_merged(statement, "edited")
    called = _called(session, statement)
    if text is not None:
        statement.text = _text(text)
    if measure is not None:
        statement.measure = measure.strip()
    if status is not None:
        statement.status = _status(status)
    record(
        session,
        commission_id=statement.commission_id,
        action="outcome.edited",
        summary=f"{called} edited",
        details={"outcome_id": statement.id, "status": statement.status.value},
        changed=("outcome", statement.id),
    )
    return _row_of(session, statement)


def set_outcome_status(session: Session, *, outcome_id: str, status: OutcomeStatus | str) -> OutcomeRow:
    """Mark a statement proposed, agreed or dropped."""
    statement = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    _not_merged(statement, "given another status")
    called = _called(session, statement)
    statement.status = _status(status)
    record(
        session,
        commission_id=statement.commission_id,
        action="outcome.status",
        summary=f"{called} marked {statement.status.value}",
        details={"outcome_id": statement.id, "status": statement.status.value},
        changed=("outcome", statement.id),
    )
    return _row_of(session, statement)


def move_outcome(session: Session, *, outcome_id: str, to_position: int) -> tuple[OutcomeRow, ...]:
    """Move a statement to ``to_position`` (1 is the top); the rest close up. Returns the whole list."""
    statement = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    move_to(_statements(session, statement.commission_id), statement, to_position)
    record(
        session,
        commission_id=statement.commission_id,
        action="outcome.moved",
        summary=f"Outcome statement moved to position {to_position}",
        details={"outcome_id": statement.id, "position": to_position},
        changed=("outcome", statement.id),
    )
    return list_outcomes(session, commission_id=statement.commission_id)


def merge_outcomes(
    session: Session, *, outcome_ids: Sequence[str], text: str, measure: str = "", merged_id: str | None = None
) -> OutcomeRow:
    """Replace two or more statements with one new one in the place of the first; the originals are kept.

    ``merged_id`` is the id the new statement is to have (Redo makes the very statement again).
    """
    ids = _ids(outcome_ids, 2, "merge")
    originals = [fetch(session, OutcomeStatement, i, what="outcome statement") for i in ids]
    commission_id = originals[0].commission_id
    if any(original.commission_id != commission_id for original in originals):
        raise InvalidInput("Only statements from the same commission can be merged.")
    for original in sorted(originals, key=lambda s: s.position):
        _live(original, "merged")
    merged = _new_statement(commission_id, text, measure, "", _unused_id(session, merged_id))
    index = _statements(session, commission_id).index(min(originals, key=lambda s: s.position))
    session.add(merged)
    _insert(session, commission_id, [merged], index)
    for original in originals:
        original.status = OutcomeStatus.MERGED
        original.merged_into_id = merged.id
    number = _numbers(_statements(session, commission_id))[merged.id]
    record(
        session,
        commission_id=commission_id,
        action="outcome.merged",
        summary=f"{len(originals)} outcome statements merged into statement {number}",
        details={"outcome_id": merged.id, "merged_ids": ids},
        changed=("outcome", merged.id),
    )
    for original in originals:
        note_change(session, "outcome", original.id, commission_id=commission_id)
    return _row_of(session, merged)


def split_outcome(
    session: Session, *, outcome_id: str, texts: Sequence[str], part_ids: Sequence[str] | None = None
) -> tuple[OutcomeRow, ...]:
    """Replace a statement with two or more new ones right after it; the original is marked dropped.

    ``part_ids`` are the ids the new statements are to have, one per text (Redo makes them again).
    """
    original = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    _live(original, "split")
    if isinstance(texts, str):
        raise InvalidInput("Give the words of each new statement as a list.")
    if len(list(texts)) < 2:
        raise InvalidInput("Split a statement into at least 2 new ones.")
    called = _called(session, original)
    ids = list(part_ids) if part_ids is not None else [None] * len(list(texts))
    if len(ids) != len(list(texts)):
        raise InvalidInput("Give one id for each new statement, or none.")
    parts = [
        _new_statement(original.commission_id, text, "", original.proposed_by, _unused_id(session, part_id))
        for text, part_id in zip(texts, ids, strict=True)
    ]
    index = _statements(session, original.commission_id).index(original) + 1
    session.add_all(parts)
    _insert(session, original.commission_id, parts, index)
    original.status = OutcomeStatus.DROPPED
    record(
        session,
        commission_id=original.commission_id,
        action=SPLIT_ACTION,
        summary=f"{called} split into {len(parts)}",
        details={"outcome_id": original.id, "new_outcome_ids": [part.id for part in parts]},
        changed=("outcome", original.id),
    )
    for part in parts:
        note_change(session, "outcome", part.id, commission_id=original.commission_id)
    listing = _Listing.of(_statements(session, original.commission_id))
    return tuple(_row(part, listing) for part in parts)


# --------------------------------------------------------------------------- taking back (Undo)


def _take_away(session: Session, statement: OutcomeStatement, doing: str) -> None:
    """Delete a statement nothing builds on yet, or say what does."""
    if statement.status is OutcomeStatus.MERGED:
        raise RuleBroken(
            f"The statement {_quoted(statement)} has since been merged into another, so it cannot be {doing}; "
            "undo the merge first."
        )
    if session.scalar(select(OutcomeStatement.id).where(OutcomeStatement.merged_into_id == statement.id).limit(1)):
        raise RuleBroken(f"Statements have since been merged into {_quoted(statement)}; undo that first.")
    made_from_it = [made for made, origin in _split_from(session, statement.commission_id).items()
                    if origin == statement.id and made != statement.id]
    if any(session.get(OutcomeStatement, made) is not None for made in made_from_it):
        raise RuleBroken(f"The statement {_quoted(statement)} has since been split; undo the split first.")
    if session.scalar(select(VoteOption.id).where(VoteOption.outcome_id == statement.id).limit(1)):
        raise RuleBroken(
            f"The statement {_quoted(statement)} is an option in a vote round, so it cannot be {doing}; "
            "drop it instead."
        )
    session.delete(statement)
    session.flush()


def _close_up(session: Session, commission_id: str) -> None:
    renumber(_statements(session, commission_id))


def remove_outcome(session: Session, *, outcome_id: str) -> None:
    """Take back a statement just added (Undo of adding it)."""
    statement = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    commission_id, called = statement.commission_id, _called(session, statement)
    _take_away(session, statement, "taken back")
    _close_up(session, commission_id)
    record(
        session,
        commission_id=commission_id,
        action="outcome.removed",
        summary=f"{called} taken back",
        details={"outcome_id": outcome_id},
        changed=("outcome", outcome_id),
    )


def unmerge_outcomes(session: Session, *, outcome_id: str, statuses: dict[str, str]) -> tuple[OutcomeRow, ...]:
    """Take back a merge (Undo): the merged statement goes, and its originals get back ``statuses`` (id → status)."""
    merged = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    originals = list(session.scalars(
        select(OutcomeStatement).where(OutcomeStatement.merged_into_id == merged.id)
    ))
    if not originals:
        raise RuleBroken(f"The statement {_quoted(merged)} was not made by a merge, so there is no merge to undo.")
    commission_id, called = merged.commission_id, _called(session, merged)
    for original in originals:
        original.merged_into_id = None
        original.status = OutcomeStatus(statuses.get(original.id, OutcomeStatus.PROPOSED.value))
    session.flush()
    _take_away(session, merged, "taken apart")
    _close_up(session, commission_id)
    record(
        session,
        commission_id=commission_id,
        action="outcome.unmerged",
        summary=f"Merge into {called[0].lower()}{called[1:]} taken back",
        details={"outcome_id": outcome_id, "merged_ids": sorted(original.id for original in originals)},
        changed=("outcome", outcome_id),
    )
    for original in originals:
        note_change(session, "outcome", original.id, commission_id=commission_id)
    return tuple(_row_of(session, original) for original in sorted(originals, key=lambda s: s.position))


def unsplit_outcome(session: Session, *, outcome_id: str, part_ids: Sequence[str], status: str) -> OutcomeRow:
    """Take back a split (Undo): the new statements go, and the original gets back ``status``."""
    original = fetch(session, OutcomeStatement, outcome_id, what="outcome statement")
    parts = [fetch(session, OutcomeStatement, part_id, what="outcome statement") for part_id in part_ids]
    if any(part.commission_id != original.commission_id for part in parts):
        raise InvalidInput("Only statements split from this one can be taken back with it.")
    for part in parts:
        _take_away(session, part, "taken back")
    original.status = OutcomeStatus(status)
    session.flush()
    called = _called(session, original)
    _close_up(session, original.commission_id)
    record(
        session,
        commission_id=original.commission_id,
        action="outcome.unsplit",
        summary=f"Split of {called[0].lower()}{called[1:]} taken back",
        details={"outcome_id": original.id, "part_ids": list(part_ids)},
        changed=("outcome", original.id),
    )
    for part_id in part_ids:
        note_change(session, "outcome", part_id, commission_id=original.commission_id)
    return _row_of(session, original)
