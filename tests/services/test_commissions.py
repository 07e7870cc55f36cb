"""Creating commissions, their currencies and stages."""

from __future__ import annotations

import pytest

from cocommission.model import Stage
from cocommission.model.money import BRIXTON_POUND
from cocommission.services import commissions
from cocommission.services.audit import list_audit, verify_chain
from cocommission.services.errors import InvalidInput, NotFound, RuleBroken
from cocommission.services.perform import perform


def test_create_commission_keeps_budget_and_local_currency(session):
    """A new commission keeps its budget in pounds and pays honoraria in Brixton Pounds."""
    made = commissions.create_commission(
        session,
        title="  Youth justice fund  ",
        budget_minor=2_000_000,
        honorarium_rate_minor=1000,
        honorarium_currency=BRIXTON_POUND,
    )
    assert made.title == "Youth justice fund"
    assert made.budget_currency.code == "GBP"
    assert made.honorarium_currency.symbol == "B£"
    assert [c.code for c in commissions.list_currencies(session, commission_id=made.id)] == ["BXP", "GBP"]


def test_blank_title_is_refused(session):
    """A commission without a title is refused with a message saying so."""
    with pytest.raises(InvalidInput, match="needs a title"):
        commissions.create_commission(session, title="   ")


def test_duplicate_currency_is_refused(session):
    """Adding a currency code the commission already has is refused."""
    made = commissions.create_commission(session, title="Fund")
    with pytest.raises(RuleBroken, match="already has a currency"):
        commissions.add_currency(session, commission_id=made.id, currency=BRIXTON_POUND)
        commissions.add_currency(session, commission_id=made.id, currency=BRIXTON_POUND)


def test_unknown_stage_and_commission_are_refused(session):
    """Setting a stage that does not exist, or on a missing commission, names the problem."""
    made = commissions.create_commission(session, title="Fund")
    with pytest.raises(InvalidInput, match="not a stage"):
        commissions.set_stage(session, commission_id=made.id, stage="voting")
    with pytest.raises(NotFound, match="no commission"):
        commissions.set_stage(session, commission_id="missing", stage=Stage.TENDER)


def test_every_change_is_audited_in_an_unbroken_chain(database):
    """Each action appends one chained audit entry and reports what changed."""
    made = perform(database, commissions.create_commission, title="Fund").result
    performed = perform(database, commissions.set_stage, commission_id=made.id, stage=Stage.OUTCOMES)
    assert performed.result.stage is Stage.OUTCOMES
    assert performed.changes.touches("commission")
    assert made.id in performed.changes.commission_ids
    with database.unit_of_work() as session:
        assert [line.action for line in list_audit(session, commission_id=made.id)] == [
            "commission.created",
            "commission.stage",
        ]
        assert verify_chain(session, commission_id=made.id).first_broken is None


def test_failed_action_changes_nothing(database):
    """A refused action inside a unit of work leaves the database as it was."""
    made = perform(database, commissions.create_commission, title="Fund").result
    with pytest.raises(InvalidInput):
        perform(
            database, commissions.update_commission, commission_id=made.id, description="new", budget_minor=-5
        )
    with database.unit_of_work() as session:
        assert commissions.get_commission(session, commission_id=made.id).description == ""
        assert len(list_audit(session, commission_id=made.id)) == 1


def test_the_stage_reached_follows_the_work(session):
    """A new commission is at People; once outcome statements exist the work has reached Outcomes."""
    from cocommission.services.outcomes import add_outcome

    made = commissions.create_commission(session, title="Skate park fund")
    assert commissions.stage_reached(session, commission_id=made.id) is Stage.PEOPLE
    add_outcome(session, commission_id=made.id, text="Somewhere safe to go after school")
    assert commissions.stage_reached(session, commission_id=made.id) is Stage.OUTCOMES


def test_the_stage_reached_looks_at_tables_that_belong_to_a_commission():
    """The stage's work is found by table name (no mapped class needed): each name must be a real table."""
    from cocommission.model import whole_schema

    tables = whole_schema().tables
    for stage, table_name in commissions._STARTED_BY:
        assert "commission_id" in tables[table_name].c, (stage, table_name)
