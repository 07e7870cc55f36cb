"""The interview panel: who may sit on it."""

from __future__ import annotations

from datetime import date

import pytest
from bids_stage import panel_member

from cocommission.model import Participant
from cocommission.services import panellists
from cocommission.services.errors import RuleBroken


def test_withdrawn_participant_cannot_join_the_panel(session, setup):
    """A withdrawn participant is refused a panel seat; others join and appear on the panel list."""
    dee = panel_member(session, setup.commission_id, "Dee", panellist=False)
    gone = panel_member(session, setup.commission_id, "Eve", panellist=False)
    session.get(Participant, gone).withdrawn_on = date(2025, 1, 1)
    with pytest.raises(RuleBroken, match="withdrawn"):
        panellists.set_panellist(session, participant_id=gone, is_panellist=True)
    panellists.set_panellist(session, participant_id=dee, is_panellist=True)
    panellists.set_panellist(session, participant_id=setup.cy, is_panellist=False)
    assert [p.pseudonym for p in panellists.list_panellists(session, commission_id=setup.commission_id)] == [
        "Ash",
        "Bo",
        "Dee",
    ]
