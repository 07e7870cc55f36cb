"""The commissions in a database by id and title, read without the mapped classes.

``cocommission list`` prints only these two columns and exits; loading every mapped class and
summarising each commission (its currencies, its stage) would take longer than the rest of the
command. The rows come newest first, as ``commissions.list_commissions`` gives them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, column, select, table

#: The ``commission`` table's columns this read needs (the mapped class is ``model.Commission``).
COMMISSION = table("commission", column("id"), column("title"), column("created_at"))


@dataclass(frozen=True)
class CommissionTitle:
    """A commission as a list names it."""

    id: str
    title: str


def commission_titles(connection: Connection) -> tuple[CommissionTitle, ...]:
    """Every commission in the database, newest first (then by title)."""
    rows = connection.execute(
        select(COMMISSION.c.id, COMMISSION.c.title).order_by(COMMISSION.c.created_at.desc(), COMMISSION.c.title)
    )
    return tuple(CommissionTitle(id=row.id, title=row.title) for row in rows)
