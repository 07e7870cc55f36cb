"""Moderation: the panel's agreed score sits beside the individual scores."""

from __future__ import annotations

import pytest
from bids_fixtures import score, stored_scores
from sqlalchemy import select

from cocommission.model import ModeratedScore
from cocommission.services import moderation, scores
from cocommission.services.errors import InvalidInput


def test_moderation_keeps_the_original_scores_and_the_mean_before(session, setup):
    """A moderated score sits beside the unchanged individual scores and remembers their mean."""
    for panellist, value in ((setup.ash, 1), (setup.bo, 4), (setup.cy, 5)):
        score(session, panellist, setup.hub, setup.quality, value)
    with pytest.raises(InvalidInput, match="Give the reason the panel agreed this score."):
        moderation.moderate_score(session, bid_id=setup.hub, criterion_id=setup.quality, value=4, reason="  ")
    moderated = moderation.moderate_score(
        session, bid_id=setup.hub, criterion_id=setup.quality, value=4, reason="Ash misread the bid."
    )
    assert moderated.mean_before == pytest.approx(10 / 3)
    assert stored_scores(session) == [1, 4, 5]
    # Re-moderating replaces the agreed score and takes the mean afresh.
    scores.clear_score(session, bid_id=setup.hub, criterion_id=setup.quality, panellist_id=setup.ash)
    again = moderation.moderate_score(
        session, bid_id=setup.hub, criterion_id=setup.quality, value=5, reason="Agreed."
    )
    assert (again.value, again.mean_before) == (5, 4.5)
    assert len(session.scalars(select(ModeratedScore)).all()) == 1
    assert moderation.list_moderated_scores(session, commission_id=setup.commission_id) == (again,)
