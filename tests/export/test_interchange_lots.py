"""A run-off's tie-break rule and drawn lot travel in the interchange file, and a tampered lot is refused."""

from __future__ import annotations

import json

import pytest
from tests.export.test_count_numbers import _run_off_round

from cocommission.export.interchange import dumps, export_commission, import_commission
from cocommission.services import voting
from cocommission.services.errors import InvalidInput
from cocommission.services.perform import perform, read


@pytest.fixture
def drawn(database, example) -> tuple[str, dict]:
    """The example with a run-off settled by a lot, and its export."""
    round_id = perform(database, _run_off_round, commission_id=example, draw=True).result
    document = read(database, lambda s: json.loads(dumps(export_commission(s, commission_id=example))))
    return round_id, document


def _round_row(document: dict, round_id: str) -> dict:
    return next(row for row in document["tables"]["vote_round"] if row["id"] == round_id)


def test_a_drawn_lot_comes_back_with_its_round_and_the_count_agrees(database, drawn):
    """Imported as a copy, the round keeps its rule and lot, so its count names the same winner."""
    round_id, document = drawn
    before = read(database, lambda s: voting.tally_round(s, round_id=round_id))
    imported = perform(database, import_commission, document=document, new_ids=True).result
    copy_id = imported.id_map[round_id]
    after = read(database, lambda s: voting.tally_round(s, round_id=copy_id))
    labels = read(database, lambda s: {o.id: o.label for o in voting.get_round(s, round_id=copy_id).options})
    original = read(database, lambda s: {o.id: o.label for o in voting.get_round(s, round_id=round_id).options})
    assert [[labels[o] for o in tier] for tier in after.ranking] == [
        [original[o] for o in tier] for tier in before.ranking
    ]
    assert after.winner_known and after.lot_needed == ()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda order: json.dumps(json.loads(order)[:-1]),
        lambda order: json.dumps([*json.loads(order), json.loads(order)[0]]),
        lambda order: "not a list",
    ],
)
def test_a_lot_that_does_not_order_each_option_once_is_refused(database, drawn, tamper):
    """A lot missing an option, repeating one or not a list at all is a rule break: nothing is imported."""
    round_id, document = drawn
    row = _round_row(document, round_id)
    row["lot_order"] = tamper(row["lot_order"])
    with pytest.raises(InvalidInput, match="its lot (leaves out option|names option .* twice|is not a list)"):
        perform(database, import_commission, document=document, new_ids=True)
