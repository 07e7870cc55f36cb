"""A workshop's agenda: items added, changed, moved and closing up."""

from __future__ import annotations

import pytest
from people_fixtures import commission_paid_by_the_hour, workshop

from cocommission.services import agenda
from cocommission.services.errors import InvalidInput


def test_agenda_items_move_and_close_up(session):
    """Agenda items are added at the end, can be moved and removed, and stay numbered 1..n."""
    cid = commission_paid_by_the_hour(session)
    wid = workshop(session, cid)
    items = [
        agenda.add_agenda_item(session, workshop_id=wid, title=title, minutes=minutes).id
        for title, minutes in (("Welcome", 20), ("Ideas", 60), ("Dot vote", 30), ("Pay", 10))
    ]
    moved = agenda.move_agenda_item(session, item_id=items[3], to_position=1)
    assert [(i.position, i.title) for i in moved.agenda] == [
        (1, "Pay"),
        (2, "Welcome"),
        (3, "Ideas"),
        (4, "Dot vote"),
    ]
    left = agenda.remove_agenda_item(session, item_id=items[1])
    assert [(i.position, i.title) for i in left.agenda] == [(1, "Pay"), (2, "Welcome"), (3, "Dot vote")]
    assert left.agenda_minutes == 60
    with pytest.raises(InvalidInput, match="from 1 to 3"):
        agenda.move_agenda_item(session, item_id=items[0], to_position=4)


def test_agenda_item_can_be_changed(session):
    """An agenda item's title and length can be changed; a blank title is refused."""
    cid = commission_paid_by_the_hour(session)
    item = agenda.add_agenda_item(session, workshop_id=workshop(session, cid), title="Recap")
    row = agenda.update_agenda_item(session, item_id=item.id, title="Recap of last time", minutes=15)
    assert (row.title, row.minutes) == ("Recap of last time", 15)
    with pytest.raises(InvalidInput, match="title"):
        agenda.update_agenda_item(session, item_id=item.id, title=" ")
