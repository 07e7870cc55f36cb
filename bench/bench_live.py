"""Benchmark of the live workshop, offscreen: a ballot keyed on the console until the wall shows it.

A commission of 60 young people (consent recorded) and an open dots round of
40 options (5 dots each, at most 3 on one option). The projector window
(1920×1080, shown) puts up the live vote; the console (1366×768, shown) then
takes 1,000 ballots the way a facilitator keys them — choose the person,
press option keys, Enter — cycling through the 60 people, so later ballots
replace earlier ones. The console asks before it replaces a ballot; here the
facilitator answers "Replace" at once (the time spent reading the question is
the person's, not the app's).

vote_to_projector_p95_ms — from choosing the participant on the console to the
projector's ``painted`` signal once the event loop has drawn the new bars; the
key presses, the durable commit and the projector's re-read are all inside it.
console_longest_frame_ms — the longest the event loop went without turning
over during those entries, measured by a 0 ms heartbeat timer.
"""

from __future__ import annotations

import math
import os
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PARTICIPANTS = 60
OPTIONS = 40
DOTS_PER_PERSON = 5
MOST_ON_ONE_OPTION = 3
ENTRIES = 1000
#: A paint that has not come this long after an entry is forced, so a lost update shows as a slow entry.
PAINT_GRACE_MS = 1000


def _build_commission(session) -> tuple[str, str]:
    """The commission, its 60 voters and the open round; (commission id, round id)."""
    from cocommission.services.commissions import create_commission
    from cocommission.services.participants import add_participant
    from cocommission.services.voting import create_round, open_round

    commission_id = create_commission(session, title="Benchmark: live vote").id
    for number in range(1, PARTICIPANTS + 1):
        add_participant(
            session,
            commission_id=commission_id,
            pseudonym=f"Young person {number:02d}",
            consent_on=date.today(),
        )
    vote_round = create_round(
        session,
        commission_id=commission_id,
        title="Which outcomes matter most?",
        method="dots",
        dots_per_person=DOTS_PER_PERSON,
        max_dots_per_option=MOST_ON_ONE_OPTION,
        options=[f"Outcome statement number {number}" for number in range(1, OPTIONS + 1)],
    )
    open_round(session, round_id=vote_round.id)
    return commission_id, vote_round.id


def _ballot_keys(chooser: random.Random) -> str:
    """The keys of one ballot: five dots on keyed options, never more than three on one."""
    from cocommission.ui.live.option_keys import OPTION_KEYS

    keys: list[str] = []
    while len(keys) < DOTS_PER_PERSON:
        key = chooser.choice(OPTION_KEYS[: min(OPTIONS, len(OPTION_KEYS))])
        if keys.count(key) < MOST_ON_ONE_OPTION:
            keys.append(key)
    return "".join(keys)


class Run:
    """Drives the entries from inside the event loop and keeps the timings."""

    def __init__(self, app, console, projector, voters: list[str]) -> None:
        from PySide6.QtCore import QTimer

        self.app = app
        self.console = console
        self.projector = projector
        self.voters = voters
        self.chooser = random.Random(20260207)
        self.latencies: list[float] = []
        self.longest_gap = 0.0
        self.entry = 0
        self.started = 0.0
        self.waiting = False
        self.last_beat = 0.0
        self.heartbeat = QTimer()
        self.heartbeat.setInterval(0)
        self.heartbeat.timeout.connect(self.beat)
        self.watchdog = QTimer()
        self.watchdog.setSingleShot(True)
        self.watchdog.setInterval(PAINT_GRACE_MS)
        self.watchdog.timeout.connect(self.projector.repaint)
        projector.painted.connect(self.painted)

    def beat(self) -> None:
        now = time.perf_counter()
        self.longest_gap = max(self.longest_gap, now - self.last_beat)
        self.last_beat = now

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        self.last_beat = time.perf_counter()
        self.heartbeat.start()
        QTimer.singleShot(0, self.enter_next)
        self.app.exec()

    def enter_next(self) -> None:
        """Key in one ballot on the console, as the facilitator would."""
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        voting = self.console.voting
        keys = _ballot_keys(self.chooser)
        self.started = time.perf_counter()
        voting.select_participant(self.voters[self.entry % len(self.voters)])
        for key in keys:
            QTest.keyClick(voting.pad, key)
        QTest.keyClick(voting.pad, Qt.Key.Key_Return)
        self.waiting = True
        self.watchdog.start()

    def painted(self) -> None:
        from PySide6.QtCore import QTimer

        if not self.waiting:
            return
        self.waiting = False
        self.watchdog.stop()
        self.latencies.append((time.perf_counter() - self.started) * 1000)
        self.entry += 1
        if self.entry < ENTRIES:
            QTimer.singleShot(0, self.enter_next)
        else:
            self.heartbeat.stop()
            # Not from inside the projector's paint: the paint must finish and reach the screen first.
            QTimer.singleShot(0, self.app.quit)


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def main() -> None:
    """Build the room, key in the ballots, print the two figures."""
    sys.path.insert(0, str(Path(__file__).parent))
    from common import report

    from cocommission.db import open_database
    from cocommission.services.perform import perform
    from cocommission.services.voting import list_ballots, tally_round
    from cocommission.ui.app import make_application
    from cocommission.ui.bus import ChangeBus
    from cocommission.ui.commands import Commander
    from cocommission.ui.live.console_window import ConsoleWindow
    from cocommission.ui.live.projector_window import ProjectorWindow

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench_live.sqlite")
        commission_id, round_id = perform(database, _build_commission).result
        app = make_application()
        commander = Commander(database, ChangeBus())
        problems: list[str] = []
        commander.failed.connect(problems.append)
        projector = ProjectorWindow(commander)
        projector.resize(1920, 1080)
        projector.show()
        console = ConsoleWindow(commander, projector)
        console.resize(1366, 768)
        console.show()
        console.set_commission(commission_id)
        if not console.scenes.show_scene("live_vote"):
            raise SystemExit("The console could not put the live vote on the projector.")
        app.processEvents()
        voters = [participant_id for participant_id, _ in console.voting.voters]
        console.voting._confirm_replacing = lambda _pseudonym: True  # the facilitator answers "Replace"
        run = Run(app, console, projector, voters)
        run.start()
        if problems or len(run.latencies) != ENTRIES:
            raise SystemExit(f"The entries did not all go through: {problems[:3]}")
        # The wall must show what was saved, or the timing means nothing.
        tally = commander.read(tally_round, round_id=round_id)
        shown = getattr(projector.current_scene(), "totals", None)
        if shown is not None and shown != {k: int(v) for k, v in (tally.scores or {}).items()}:
            raise SystemExit("The projector's totals do not match the tally.")
        if len(commander.read(list_ballots, round_id=round_id)) != PARTICIPANTS:
            raise SystemExit("Not every participant's ballot was saved.")
        # Let the last paints finish before the windows go, so Qt has nothing left to draw into them.
        app.processEvents()
        console.close()
        projector.close()
        console.deleteLater()
        projector.deleteLater()
        app.processEvents()
        database.close()
    report("vote_to_projector_p95_ms", percentile(run.latencies, 0.95))
    report("console_longest_frame_ms", run.longest_gap * 1000)


if __name__ == "__main__":
    main()
