"""Which committed changes wake the listening ballot pages (each then re-reads ``/api/round``).

A room of phones voting must not make every phone re-read the round after each ballot: the
page looks only at the round and its state, and no phone sees anyone's ballot before the
reveal, so sixty phones changing their votes would otherwise cost sixty reads per ballot.
The changes here are the ones the services really note, read from ``perform``.
"""

from __future__ import annotations

import pytest

from cocommission.room.app import concerns_phones
from cocommission.services.perform import perform
from cocommission.services.voting import cast_ballot, close_round, create_round, open_round, remove_ballot


def _opened(database, commission_id, *, anonymous):
    made = perform(
        database, create_round, commission_id=commission_id, title="Where the money goes", method="dots",
        options=["Youth club", "Sport"], anonymous=anonymous,
    ).result
    opening = perform(database, open_round, round_id=made.id)
    return made, opening.changes


@pytest.mark.parametrize("anonymous", [False, True])
def test_a_ballot_cast_or_changed_wakes_no_page(database, commission_id, people, anonymous):
    made, _ = _opened(database, commission_id, anonymous=anonymous)
    youth_club = made.options[0].id
    cast = perform(database, cast_ballot, round_id=made.id, participant_id=people.kiki, choices={youth_club: 3})
    assert cast.changes.touches("ballot")
    assert not concerns_phones(cast.changes, commission_id)
    again = perform(
        database, cast_ballot, round_id=made.id, participant_id=people.kiki, choices={youth_club: 2},
        replace_handle=cast.result.handle,
    )
    assert not concerns_phones(again.changes, commission_id)


def test_a_ballot_taken_back_wakes_no_page(database, commission_id, people):
    made, _ = _opened(database, commission_id, anonymous=False)
    perform(database, cast_ballot, round_id=made.id, participant_id=people.kiki, choices={made.options[0].id: 3})
    taken_back = perform(database, remove_ballot, round_id=made.id, participant_id=people.kiki)
    assert not concerns_phones(taken_back.changes, commission_id)


def test_a_round_opening_or_closing_wakes_the_pages(database, commission_id, people):
    made, opening = _opened(database, commission_id, anonymous=False)
    assert concerns_phones(opening, commission_id)
    assert concerns_phones(perform(database, close_round, round_id=made.id).changes, commission_id)
