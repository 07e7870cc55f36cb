"""A secret round's ballots changed from two threads at once (the console and a phone): none is lost.

Changing an anonymous ballot rewrites every ballot of the round in a random order. If that rewrite
read the round's ballots while another voter's first ballot was being saved, writing them back
would drop the new one: a voter marked as voted whose ballot is gone. SQLite's driver begins a
transaction only at its first write, so the round is locked by a write before anything is read.
"""

from __future__ import annotations

import threading

from people_fixtures import person

from cocommission.services import commissions, voting
from cocommission.services.perform import perform, read


def test_a_ballot_changed_while_another_is_first_cast_loses_neither(database, monkeypatch):
    def setup(session):
        commission_id = commissions.create_commission(session, title="Youth fund").id
        return commission_id, person(session, commission_id, "Kiki"), person(session, commission_id, "Blaze")

    commission_id, kiki, blaze = perform(database, setup).result
    vote_round = perform(
        database, voting.create_round, commission_id=commission_id, title="Secret", method="approval",
        options=["Youth club", "Sport"], anonymous=True,
    ).result
    perform(database, voting.open_round, round_id=vote_round.id)
    first, second = (option.id for option in vote_round.options)
    handle = perform(database, voting.cast_ballot, round_id=vote_round.id, participant_id=kiki, choices=[first]).result.handle

    # The change pauses after reading the round's ballots, giving the other cast every chance to
    # be saved before it writes them back.
    read_them, other_saved = threading.Event(), threading.Event()
    shuffled = voting._shuffled

    def pause_in_the_change(rows):
        if threading.current_thread().name == "console":
            read_them.set()
            other_saved.wait(1.0)  # saved at once without the lock; with it, saved after this change
        return shuffled(rows)

    monkeypatch.setattr(voting, "_shuffled", pause_in_the_change)
    failures: list[BaseException] = []

    def change():
        try:
            perform(database, voting.cast_ballot, round_id=vote_round.id, participant_id=kiki, choices=[second],
                    replace_handle=handle)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)

    def cast():
        read_them.wait(10)
        try:
            perform(database, voting.cast_ballot, round_id=vote_round.id, participant_id=blaze, choices=[first])
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        other_saved.set()

    threads = [threading.Thread(target=change, name="console"), threading.Thread(target=cast, name="phone")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert failures == []
    ballots = read(database, lambda session: voting.list_ballots(session, round_id=vote_round.id))
    assert sorted(tuple(ballot.choices) for ballot in ballots) == sorted([(second,), (first,)])
