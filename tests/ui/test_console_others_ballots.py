"""Ballots committed elsewhere (phones, another laptop) while the console runs: shown, cheaply.

A room voting from phones commits dozens of ballots a second; the console marks who has voted
once per turn of its event loop and reads nothing else (not the rounds, not the voters), so it
keeps turning over while the ballots come in.
"""

from __future__ import annotations

from cocommission.model.base import today
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.voting import cast_ballot, close_round, create_round, open_round
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.console_window import ConsoleWindow

PEOPLE = ("Ace", "Blaze", "Kiki", "Zo")


def _console(qtbot, database):
    commission_id = perform(database, create_commission, title="Talent Fund").result.id
    ids = [
        perform(database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today()).result.id
        for name in PEOPLE
    ]
    row = perform(
        database, create_round, commission_id=commission_id, title="What matters", method="dots",
        options=["Feel safe", "Jobs"], anonymous=False,
    ).result
    perform(database, open_round, round_id=row.id)
    commander = Commander(database, ChangeBus())
    console = ConsoleWindow(commander, None)
    qtbot.addWidget(console)
    console.set_commission(commission_id)
    console.show()
    qtbot.waitExposed(console)
    return console, commander, row, ids


def test_ballots_from_elsewhere_mark_voters_without_reading_the_rounds_again(qtbot, database):
    console, commander, row, ids = _console(qtbot, database)
    rounds, voters = console.voting.rounds, console.voting.voters
    elsewhere = object()
    for participant_id in ids[:3]:
        cast = perform(database, cast_ballot, round_id=row.id, participant_id=participant_id, choices={row.options[0].id: 2})
        assert cast.changes.ballots_only
        commander.bus.changes_applied.emit(cast.changes, elsewhere)
    qtbot.waitUntil(lambda: console.voting.voted_label.text() == "3 of 4 have voted")
    assert console.voting.ballots[ids[0]] == {row.options[0].id: 2}
    assert console.voting.rounds is rounds and console.voting.voters is voters


def test_a_round_closed_elsewhere_is_read_again_at_once(qtbot, database):
    console, commander, row, _ = _console(qtbot, database)
    closing = perform(database, close_round, round_id=row.id)
    assert not closing.changes.ballots_only
    commander.bus.changes_applied.emit(closing.changes, object())
    assert console.voting.round is not None and console.voting.round.state.value == "closed"


def test_the_window_s_header_reads_nothing_for_ballots(example_window, monkeypatch):
    """The commission's title, budget and stage do not change with a ballot: the header is not read again."""
    from cocommission.services.commissions import update_commission

    window = example_window
    commission_id = window.workspace.header.commission_id
    reads: list[object] = []
    monkeypatch.setattr(window.workspace.header, "load", lambda: reads.append(1))
    row = perform(
        window.commander.database, create_round, commission_id=commission_id, title="Phones", method="dots",
        options=["Feel safe", "Jobs"], anonymous=False,
    ).result
    perform(window.commander.database, open_round, round_id=row.id)
    voter = perform(
        window.commander.database, add_participant, commission_id=commission_id, pseudonym="Phone voter",
        consent_on=today(),
    ).result.id
    cast = perform(
        window.commander.database, cast_ballot, round_id=row.id, participant_id=voter, choices={row.options[0].id: 1}
    )
    window.bus.changes_applied.emit(cast.changes, object())
    assert reads == []
    renamed = perform(window.commander.database, update_commission, commission_id=commission_id, title="Talent Fund")
    window.bus.changes_applied.emit(renamed.changes, object())
    assert reads == [1]
