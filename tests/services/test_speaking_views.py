"""What the equal-voice tracker reads, from the services without Qt."""

from __future__ import annotations

from datetime import date

from cocommission.model import Role
from cocommission.services import commissions, participants, speaking
from cocommission.services.speaking_views import ShareRow, read_speaking


def _person(session, commission_id: str, pseudonym: str, **fields) -> str:
    return participants.add_participant(session, commission_id=commission_id, pseudonym=pseudonym, **fields).id


def test_shares_are_whole_percents_that_add_up_to_100_beside_the_balance(session):
    """Three equal talkers read 34, 33 and 33 percent, never 33 + 33 + 33; passes are kept apart."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    consent = date(2026, 1, 10)
    ash, bo, cy = (_person(session, commission_id, name, consent_on=consent) for name in ("Ash", "Bo", "Cy"))
    for participant_id in (ash, bo, cy):
        speaking.record_speaking_turn(
            session, commission_id=commission_id, participant_id=participant_id, seconds=60
        )
    speaking.record_pass(session, commission_id=commission_id, participant_id=cy)

    room = read_speaking(session, commission_id=commission_id)
    assert room.balance == speaking.speaking_balance_for(session, commission_id=commission_id)
    assert sorted(row.percent for row in room.shares) == [33, 33, 34]
    assert [(row.pseudonym, row.seconds, row.turns, row.passes) for row in room.shares] == [
        ("Ash", 60, 1, 0),
        ("Bo", 60, 1, 0),
        ("Cy", 60, 1, 1),
    ]
    assert room.pseudonyms == {ash: "Ash", bo: "Bo", cy: "Cy"}


def test_nobody_has_spoken_yet_reads_zero_percent_each(session):
    """Before anyone speaks every share is 0%, not a made-up split."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    ash = _person(session, commission_id, "Ash", consent_on=date(2026, 1, 10))
    assert read_speaking(session, commission_id=commission_id).shares == (ShareRow(ash, "Ash", 0, 0, 0, 0),)


def test_only_people_with_consent_who_still_take_part_may_be_given_a_turn(session):
    """A person without consent is in the room's names but cannot be given a turn; staff only when asked."""
    commission_id = commissions.create_commission(session, title="Youth fund").id
    ready = _person(session, commission_id, "Ash", consent_on=date(2026, 1, 10))
    waiting = _person(session, commission_id, "Bo")
    staff = _person(session, commission_id, "Sam", role=Role.FACILITATOR, consent_on=date(2026, 1, 10))

    room = read_speaking(session, commission_id=commission_id)
    assert ready in room.can_speak and waiting not in room.can_speak
    assert staff not in {row.id for row in room.shares}
    assert room.pseudonyms[waiting] == "Bo"
    with_staff = read_speaking(session, commission_id=commission_id, include_running=True)
    assert staff in {row.id for row in with_staff.shares}
