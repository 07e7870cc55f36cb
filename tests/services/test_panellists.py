"""The interview panel: who may sit on it."""

from __future__ import annotations

from datetime import date

import pytest
from bids_fixtures import panel_member

from cocommission.model import Participant, Role
from cocommission.services import panellists, participants
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


def test_seats_are_offered_to_people_taking_part_and_staff_only_once_seated(session, setup):
    """Staff and people who have left are listed only while on the panel, so they can be taken off it."""
    cid = setup.commission_id
    dee = panel_member(session, cid, "Dee", panellist=False)
    gone = panel_member(session, cid, "Eve", panellist=False)
    session.get(Participant, gone).withdrawn_on = date(2025, 1, 1)
    left = setup.bo
    session.get(Participant, left).withdrawn_on = date(2025, 1, 1)
    boss = panel_member(session, cid, "Fay", panellist=False)
    session.get(Participant, boss).role = Role.COMMISSIONER
    seated_boss = panel_member(session, cid, "Gil")
    session.get(Participant, seated_boss).role = Role.FACILITATOR
    session.flush()
    seats = panellists.panel_seats(
        participants.list_participants(session, commission_id=cid),
        panellists.list_panellists(session, commission_id=cid),
    )
    assert [(seat.pseudonym, seat.on_panel, seat.withdrawn) for seat in seats] == [
        ("Ash", True, False),
        ("Bo", True, True),
        ("Cy", True, False),
        ("Dee", False, False),
        ("Gil", True, False),
    ]
    assert dee in {seat.participant_id for seat in seats}
