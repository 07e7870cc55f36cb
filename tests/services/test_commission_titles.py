"""The commission list read without the mapped classes agrees with the full summaries."""

from __future__ import annotations

from datetime import UTC, datetime

from cocommission.model import Commission
from cocommission.model.base import told_as_of
from cocommission.services import commissions
from cocommission.services.commission_titles import COMMISSION, commission_titles
from cocommission.services.perform import perform


def test_the_light_table_names_columns_the_commission_table_has():
    assert {column.name for column in COMMISSION.columns} <= set(Commission.__table__.columns.keys())
    assert COMMISSION.name == Commission.__tablename__


def test_titles_come_in_the_order_and_with_the_ids_of_the_full_list(database):
    """Newest first, then by title where two were made at the same moment: as the welcome screen lists them."""
    with told_as_of(datetime(2026, 1, 5, 9, tzinfo=UTC)):
        perform(database, commissions.create_commission, title="Oldest fund")
    with told_as_of(datetime(2026, 3, 1, 9, tzinfo=UTC)):
        perform(database, commissions.create_commission, title="Zebra crossings")
        perform(database, commissions.create_commission, title="Arts in the park")
    perform(database, commissions.create_commission, title="Newest fund")
    with database.unit_of_work() as session:
        expected = [(summary.id, summary.title) for summary in commissions.list_commissions(session)]
    with database.reading() as connection:
        titles = [(row.id, row.title) for row in commission_titles(connection)]
    assert titles == expected
    assert [title for _, title in titles] == ["Newest fund", "Arts in the park", "Zebra crossings", "Oldest fund"]


def test_an_empty_database_lists_nothing(database):
    with database.reading() as connection:
        assert commission_titles(connection) == ()
