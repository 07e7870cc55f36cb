"""Where people type words: every free-text column of a commission, read from the model itself.

Erasure looks through these for the erased person's name, and the anonymised export lists them
for a person to read before publishing. The list is derived from the mapped tables — every
String and Text column that is not an id, a reference, a fixed choice or made by the app — so a
column added later is covered without anyone remembering to add it here.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Column, Enum, Select, String, Table, Text, select
from sqlalchemy.orm import Session

from cocommission.model import whole_schema

#: Columns the app fills in itself (codes, numbers, hashes, keys), never words a person typed.
MACHINE_MADE = frozenset(
    {
        "commission.budget_currency_code",
        "commission.honorarium_currency_code",
        "currency.code",
        "currency.symbol",
        "bid.currency_code",
        "payment.currency_code",
        "payment.receipt_number",
        "feedback_sheet.code",
        "tender_section.key",
        "ballot.handle_hash",
        # Room voting's keys, kept only as digests.
        "join_card.token_digest",
        "join_card.code_digest",
        "room_phone.secret_digest",
        # Option ids in the order a lot put them: scrubbing a name out of an id would break the lot.
        "vote_round.lot_order",
    }
)
#: Who a participant is: their own identity, erased with them and never a mention of someone else.
IDENTITY = frozenset({"participant.pseudonym", "participant.full_name", "participant.contact"})
#: The audit log is written once and never changed; its words are looked at on their own.
_SEPARATE_TABLES = frozenset({"audit_entry"})


@dataclass(frozen=True)
class FreeTextColumn:
    """One column people type into, and how to reach its rows from a commission."""

    table: Table
    column: Column

    @property
    def name(self) -> str:
        """``table.column``, as listed for review."""
        return f"{self.table.name}.{self.column.name}"


def _typed(table: Table, column: Column) -> bool:
    if not isinstance(column.type, String | Text) or isinstance(column.type, Enum):
        return False
    if column.primary_key or column.foreign_keys:
        return False
    return f"{table.name}.{column.name}" not in MACHINE_MADE


def free_text_columns(*, identity: bool = False) -> tuple[FreeTextColumn, ...]:
    """Every column people type words into, table by table; ``identity`` adds participants' own names."""
    found = []
    for table in whole_schema().sorted_tables:
        if table.name in _SEPARATE_TABLES:
            continue
        for column in table.columns:
            if _typed(table, column) and (identity or f"{table.name}.{column.name}" not in IDENTITY):
                found.append(FreeTextColumn(table, column))
    return tuple(found)


def _path_to_commission(table: Table) -> list[tuple[Column, Table]]:
    """The references to follow from ``table`` to the commission table (shortest first found)."""
    commission = whole_schema().tables["commission"]
    if table is commission:
        return []
    queue: deque[tuple[Table, list[tuple[Column, Table]]]] = deque([(table, [])])
    seen = {table.name}
    while queue:
        current, path = queue.popleft()
        for column in current.columns:
            for key in column.foreign_keys:
                parent = key.column.table
                if parent is commission:
                    return [*path, (column, parent)]
                if parent.name not in seen:
                    seen.add(parent.name)
                    queue.append((parent, [*path, (column, parent)]))
    raise LookupError(f"{table.name} does not belong to a commission")


def rows_of_commission(table: Table, commission_id: str) -> Select:
    """A query for ``table``'s rows (id and every column) in one commission."""
    query = select(table)
    path = _path_to_commission(table)
    if not path:
        return query.where(table.c.id == commission_id)
    child = table
    for column, parent in path[:-1]:
        query = query.join(parent, child.c[column.name] == parent.c.id)
        child = parent
    last_column, _ = path[-1]
    return query.where(child.c[last_column.name] == commission_id)


def commission_free_text(session: Session, commission_id: str) -> Iterator[tuple[FreeTextColumn, str, str]]:
    """Every non-empty free-text value in a commission: (column, row id, text)."""
    for column in free_text_columns():
        table = column.table
        for row in session.execute(rows_of_commission(table, commission_id)).mappings():
            text = row[column.column.name]
            if text:
                yield column, row["id"], text
