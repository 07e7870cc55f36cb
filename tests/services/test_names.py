"""Names hold no invisible characters that change how they are shown (right-to-left overrides and kin)."""

from __future__ import annotations

import pytest

from cocommission.services import bids, commissions, participants
from cocommission.services.errors import InvalidInput

#: A right-to-left override, its isolate cousin, a zero-width space, a byte-order mark, a soft hyphen.
HIDDEN = ["\u202e", "\u2067", "\u200b", "\ufeff", "\u00ad", "\x07"]


@pytest.fixture
def commission_id(session) -> str:
    """An empty commission."""
    return commissions.create_commission(session, title="Youth fund").id


@pytest.mark.parametrize("hidden", HIDDEN)
def test_a_pseudonym_or_full_name_with_an_invisible_character_is_refused(session, commission_id, hidden):
    """'Blaze' with U+202E inside would show reversed on the projector: refused, naming the character."""
    with pytest.raises(InvalidInput, match=f"U\\+{ord(hidden):04X}"):
        participants.add_participant(session, commission_id=commission_id, pseudonym=f"Bla{hidden}ze")
    with pytest.raises(InvalidInput, match="full name"):
        participants.add_participant(session, commission_id=commission_id, pseudonym="Blaze", full_name=f"Jordan{hidden} Ellis")
    person = participants.add_participant(session, commission_id=commission_id, pseudonym="Blaze")
    with pytest.raises(InvalidInput, match="invisible"):
        participants.update_participant(session, participant_id=person.id, pseudonym=f"Nova{hidden}")
    with pytest.raises(InvalidInput, match="invisible"):
        participants.update_participant(session, participant_id=person.id, full_name=f"{hidden}Amira")


@pytest.mark.parametrize("hidden", HIDDEN[:3])
def test_a_bidder_name_with_an_invisible_character_is_refused(session, commission_id, hidden):
    """A bidder's name with a direction override or zero-width space is refused, however the bidder is added."""
    with pytest.raises(InvalidInput, match="bidder's name"):
        bids.add_bidder(session, commission_id=commission_id, name=f"Youth{hidden} club")
    with pytest.raises(InvalidInput, match="bidder's name"):
        bids.add_bid_with_bidder(
            session, commission_id=commission_id, bidder_name=f"Youth{hidden} club", title="Club", amount_minor=1
        )
    bidder = bids.add_bidder(session, commission_id=commission_id, name="Youth club")
    with pytest.raises(InvalidInput, match="bidder's name"):
        bids.update_bidder(session, bidder_id=bidder.id, name=f"{hidden}Youth club")


@pytest.mark.parametrize("name", ["Zoë", "زهره\u200cای", "👩\u200d🎤 Star", "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f Lions", "مريم"])
def test_names_people_do_type_are_kept(session, commission_id, name):
    """Accents, Arabic, the joiners Persian and emoji need, and the England flag are all accepted as typed."""
    assert participants.add_participant(session, commission_id=commission_id, pseudonym=name, full_name=name).pseudonym == name
