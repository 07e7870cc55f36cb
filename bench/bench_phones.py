"""Benchmark of room voting: 60 phones casting and changing ballots while the app runs, offscreen.

The whole app runs in this process as a facilitator has it: the main window with the worked
example open, the live console and the projector window (showing the live vote), and room
voting started the way the console starts it (its room panel when the console has one, else a
``RoomServer`` on 127.0.0.1 whose ``on_change`` only re-emits the change through a queued Qt
signal, as docs/room-voting.md says). The example gets 60 more young people (consent recorded),
join cards for them, and an open named dots round on its outcome statements.

The phones are real HTTP clients over loopback in a separate process (this script run with
``--phones``), one ``aiohttp.ClientSession`` each with its own cookies. A separate process rather
than a thread: the laptop's process already holds the GUI thread and the room server's thread,
which share one interpreter lock; phones in a third thread would take that lock too, and their
own work would show up as the server's latency and the console's stalls. On their own process
the phones cost what real phones cost the laptop: nothing but the requests.

Each phone does what a phone's browser does with ``ballot.js``: opens its join card's address
(``GET /join/{token}``, keeping the cookie), follows the redirect to ``/vote``, loads the
stylesheet and script the page names, listens on ``/events`` and re-reads ``/api/round`` whenever
told to (and when the stream opens), then sends ballots to ``POST /api/ballot`` with the page's
CSRF token in ``X-CSRF-Token`` and a fresh submission id after each acknowledged one. In each
10-second burst every phone sends its first ballot within the first second (the room voting as
the round opens), then changes it after a pause of 1 to 3 seconds, again and again: about 30
ballots a second from the room, far more than a room changes its mind, yet what each phone does
is what a person can do. Three bursts run one after another on the same window and phones;
the figures are their medians, and the lost and doubled counts their largest.

phone_vote_ack_p95_ms — from sending a ballot to its acknowledgement (``{"state": "in"}``), the
commit inside it.
phone_votes_lost, phone_votes_doubled — after each burst, for each phone that got an
acknowledgement, its last acknowledged choices must be its ballot stored in the (named) round:
a phone whose ballot is missing or different is a lost vote; ballots or voters stored beyond one
per acknowledged phone are doubled votes.
phone_to_projector_p95_ms — from a ballot's acknowledgement to the projector's ``painted`` signal
after the window heard of that ballot's commit (a change naming the phone's ballot; the k-th
such change is the phone's k-th acknowledged ballot) whose scene began to be read after the window
heard of it (``ProjectorWindow.read_at``), so that paint shows the ballot; one painted before the
phone heard its acknowledgement counts as 0. Both processes read the same monotonic clock (``perf_counter``).
console_longest_frame_ms_during_phones — the longest the GUI thread went without turning over
during the bursts (until the last phone has its last answer), measured as bench_live.py measures console_longest_frame_ms, but with a 5 ms
precise timer instead of a 0 ms one: a 0 ms timer keeps the GUI thread always busy in Python and
would take the interpreter lock from the room server's thread, slowing what is measured.
phone_vote_laptop_cpu_ms — the processor time the laptop's process (window, console, projector and
room server together) spent per acknowledged ballot during the bursts: what a busy machine changes
least, where the wall-clock figures above are the ones a room feels.
ballot_page_bytes — the first load of the ballot page as a phone makes it: the page and
everything it references (stylesheet, script, and anything those name), headers and bodies as
they come over the wire.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PHONES = 60
BURSTS = 3
BURST_SECONDS = 10.0
#: Each phone sends its first ballot within this long of a burst starting.
FIRST_BALLOT_WITHIN = 1.0
#: A phone's pause between an acknowledgement and its next, changed ballot.
PAUSE_SECONDS = (1.0, 3.0)
DOTS_PER_PERSON = 5
MOST_ON_ONE_OPTION = 3
#: How often the heartbeat looks at the GUI thread (a precise timer; see the module's docstring).
HEARTBEAT_MS = 5
#: How long after a burst the window gets to paint the last ballots before the figures are taken.
SETTLE_SECONDS = 1.5


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` fall (nearest rank)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


# ====================================================================== the phones (their own process)


class _PageReader(HTMLParser):
    """What a phone's browser finds in a page: the assets it loads and the ballot form's fields."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.fields: dict[str, str] = {}
        self.method = ""
        self.budget = 0
        self.cap = 0
        self.body: dict[str, str] = {}
        self.option_fields: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and found.get("href"):
            self.assets.append(found["href"])
        elif tag in ("script", "img") and found.get("src"):
            self.assets.append(found["src"])
        elif tag == "body":
            self.body = found
        elif tag == "form" and "ballot" in found.get("class", "").split():
            self.method = found.get("data-method", "")
            self.budget = int(found.get("data-budget", "0"))
            self.cap = int(found.get("data-cap", "0"))
        elif tag == "input" and found.get("name"):
            self.fields[found["name"]] = found.get("value", "")
            if found["name"].startswith("dots."):
                self.option_fields.append(found["name"].removeprefix("dots."))


def _wire_bytes(response, body: bytes) -> int:
    """The response as it came over the wire: status line, headers and body."""
    status_line = len(f"HTTP/1.1 {response.status} {response.reason}\r\n")
    headers = sum(len(name) + len(value) + 4 for name, value in response.raw_headers)
    return status_line + headers + 2 + len(body)


class Phone:
    """One phone: its browser's cookies, the page it shows, and what it sent and heard back."""

    def __init__(self, number: int, base: str, token: str, participant_id: str) -> None:
        self.number = number
        self.base = base
        self.origin = base.rstrip("/")
        self.token = token
        self.participant_id = participant_id
        self.page = _PageReader()
        self.submission = ""
        self.session = None
        self.listening: asyncio.Task | None = None
        self.first_load_bytes = 0
        self.chooser = random.Random(20261203 + number)

    async def open(self) -> None:
        """Scan the join card: join, follow on to the ballot, load its assets, start listening."""
        import aiohttp

        # The laptop is an address, not a name: a browser keeps its cookies, aiohttp must be told to.
        self.session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True), timeout=aiohttp.ClientTimeout(total=15)
        )
        async with self.session.get(urljoin(self.base, f"join/{self.token}"), allow_redirects=False) as joined:
            answer = await joined.read()
            if joined.status != 303:
                problem = re.findall(rb'class="problem"[^>]*>([^<]*)', answer)
                raise SystemExit(f"Phone {self.number} could not join ({joined.status}): {problem}")
            location = joined.headers["Location"]
        self.first_load_bytes = await self.load(urljoin(self.base, location))
        self.listening = asyncio.create_task(self.listen())

    async def load(self, address: str) -> int:
        """Load the ballot page and everything it references, as a browser does; bytes received."""
        async with self.session.get(address) as response:
            body = await response.read()
            received = _wire_bytes(response, body)
        page = _PageReader()
        page.feed(body.decode("utf-8"))
        if page.method != "dots" or "csrf" not in page.fields:
            raise SystemExit(f"Phone {self.number} was not shown the dots ballot: {body[:300]!r}")
        self.page = page
        self.submission = page.fields["submission"]
        for asset in page.assets:
            received += await self._asset(urljoin(address, asset))
        return received

    async def _asset(self, address: str) -> int:
        async with self.session.get(address) as response:
            body = await response.read()
            if response.status != 200:
                raise SystemExit(f"{address} answered {response.status}")
            received = _wire_bytes(response, body)
            if response.content_type == "text/css":
                # What the stylesheet itself names (fonts, pictures) a browser fetches too.
                for named in re.findall(rb"url\(\s*['\"]?([^'\")]+)", body):
                    if not named.startswith(b"data:"):
                        received += await self._asset(urljoin(address, named.decode()))
            return received

    async def listen(self) -> None:
        """``ballot.js``'s EventSource: re-read the round when the stream opens and on each ``round`` event."""
        async with self.session.get(urljoin(self.base, "events"), timeout=None) as stream:
            await self.look_again()
            async for line in stream.content:
                if line.startswith(b"event: round"):
                    await self.look_again()

    async def look_again(self) -> None:
        """``lookAgain()``: read ``/api/round``; a different round or state reloads the page."""
        async with self.session.get(urljoin(self.base, "api/round"), headers={"Accept": "application/json"}) as got:
            answer = await got.json() if got.status == 200 else None
        if answer is None:
            return
        if (answer.get("round") or "") != self.page.body.get("data-round") or answer.get(
            "state"
        ) != self.page.body.get("data-state"):
            await self.load(urljoin(self.base, "vote"))

    def choose(self) -> dict[str, int]:
        """A ballot as a person taps it: five dots, never more than three on one option."""
        dots: dict[str, int] = {}
        while sum(dots.values()) < self.page.budget:
            option = self.chooser.choice(self.page.option_fields)
            if dots.get(option, 0) < self.page.cap:
                dots[option] = dots.get(option, 0) + 1
        return dots

    async def send(self, choices: dict[str, int]) -> dict:
        """``POST /api/ballot`` as the script sends it; what was sent and when it was answered."""
        body = {"round": self.page.fields["round"], "submission": self.submission, "choices": choices}
        headers = {
            "Accept": "application/json",
            "X-CSRF-Token": self.page.fields["csrf"],
            "Origin": self.origin,
        }
        sent = time.perf_counter()
        try:
            async with self.session.post(urljoin(self.base, "api/ballot"), json=body, headers=headers) as got:
                answer = await got.json()
                status = got.status
        except Exception as exc:  # noqa: BLE001 - a ballot that got no answer is counted, not fatal
            answer, status = {"message": type(exc).__name__}, 0
        answered = time.perf_counter()
        acknowledged = status == 200 and answer.get("state") == "in"
        if acknowledged:
            # The script's next ballot gets a new id; a retry of this one would keep it.
            self.submission = os.urandom(16).hex()
        return {
            "phone": self.number,
            "sent": sent,
            "answered": answered,
            "acknowledged": acknowledged,
            "replayed": bool(answer.get("replayed")),
            "status": status,
            "message": answer.get("message"),
            "choices": choices,
        }

    async def burst(self, ends: float) -> list[dict]:
        """Vote within the first second, then keep changing the vote until the burst ends."""
        await asyncio.sleep(self.chooser.uniform(0, FIRST_BALLOT_WITHIN))
        sent = []
        while time.perf_counter() < ends:
            sent.append(await self.send(self.choose()))
            await asyncio.sleep(self.chooser.uniform(*PAUSE_SECONDS))
        return sent

    async def close(self) -> None:
        if self.listening is not None:
            self.listening.cancel()
        if self.session is not None:
            await self.session.close()


async def _run_phones(base: str, cards: list[tuple[str, str]]) -> None:
    """Join every phone, say ``ready``, then run a burst for each ``go`` read from stdin."""
    phones = [Phone(number, base, token, participant) for number, (token, participant) in enumerate(cards)]
    await asyncio.gather(*(phone.open() for phone in phones))
    print(json.dumps({"ready": True, "first_load_bytes": phones[0].first_load_bytes}), flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if line.strip() != "go":
            break
        ends = time.perf_counter() + BURST_SECONDS
        sent = await asyncio.gather(*(phone.burst(ends) for phone in phones))
        print(json.dumps({"ballots": [ballot for ballots in sent for ballot in ballots]}), flush=True)
    await asyncio.gather(*(phone.close() for phone in phones))


def phones_main(base: str, cards_file: str) -> None:
    """The phones' process: ``bench_phones.py --phones URL CARDS.json``."""
    cards = [tuple(card) for card in json.loads(Path(cards_file).read_text())]
    asyncio.run(_run_phones(base, cards))  # type: ignore[arg-type]


# ====================================================================== the laptop (this process)


def _build_room(session) -> tuple[str, str, list[tuple[str, str]]]:
    """The example with 60 more voters, their join cards and an open named dots round.

    (commission id, round id, [(card token, participant id)]).
    """
    from cocommission.services.attendance import set_attendance
    from cocommission.services.demo import create_example_commission
    from cocommission.services.participants import add_participant
    from cocommission.services.room_joining import issue_join_cards
    from cocommission.services.voting import create_round, open_round
    from cocommission.services.workshops import list_workshops

    commission_id = create_example_commission(session)
    people = [
        add_participant(
            session, commission_id=commission_id, pseudonym=f"Phone voter {number:02d}", consent_on=date.today()
        ).id
        for number in range(1, PHONES + 1)
    ]
    # They came to every workshop: whichever the console takes as today's, they are on its register.
    for workshop in list_workshops(session, commission_id=commission_id):
        for participant_id in people:
            set_attendance(session, workshop_id=workshop.id, participant_id=participant_id, present=True)
    vote_round = create_round(
        session,
        commission_id=commission_id,
        title="Which outcomes matter most? (phones)",
        method="dots",
        dots_per_person=DOTS_PER_PERSON,
        max_dots_per_option=MOST_ON_ONE_OPTION,
        anonymous=False,
        from_outcomes=True,
    )
    open_round(session, round_id=vote_round.id)
    cards = issue_join_cards(session, commission_id=commission_id, participant_ids=people)
    return commission_id, vote_round.id, [(card.token, card.participant_id) for card in cards]


def _start_room_voting(window, console):
    """Room voting on, as the console turns it on; the server and the address phones open."""
    from PySide6.QtCore import QObject, Qt, Signal

    panel = getattr(console, "room", None)
    if panel is not None and hasattr(panel, "start_room"):
        # The console's own room panel, on the laptop's loopback address.
        if not panel.choose_address("127.0.0.1") or not panel.start_room():
            raise SystemExit("The console could not turn room voting on.")
        return panel.server, panel
    from cocommission.room.server import RoomServer

    commander = window.commander

    class ChangeRelay(QObject):
        """The server's commits, carried to the GUI thread by a queued signal (docs/room-voting.md)."""

        arrived = Signal(object)

    relay = ChangeRelay(console)
    relay.arrived.connect(
        lambda changes: commander.bus.changes_applied.emit(changes, relay), Qt.ConnectionType.QueuedConnection
    )
    server = RoomServer(
        commander.database,
        commission_id=console.commission_id,
        host="127.0.0.1",
        workshop_id=console.workshop_id(),
        on_change=relay.arrived.emit,
    )
    server.start()
    # The console's own commits reach the phones too (opening, closing, revealing a round).
    commander.bus.changes_applied.connect(
        lambda changes, initiator: initiator is not relay and server.notify_changed(changes)
    )
    return server, relay


class Watch:
    """What the window does during the bursts: its heartbeat, the changes it hears, the projector's paints."""

    def __init__(self, app, commander, projector) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.app = app
        self.longest_gap = 0.0
        self.last_beat = 0.0
        self.beating = False
        #: ballot id -> the times the window heard of a commit of it, in order.
        self.heard: dict[str, list[float]] = {}
        self.projector = projector
        #: For each paint of the projector: when the scene it shows began to be read, and when it was painted.
        self.paints: list[tuple[float, float]] = []
        self.heartbeat = QTimer()
        self.heartbeat.setTimerType(Qt.TimerType.PreciseTimer)
        self.heartbeat.setInterval(HEARTBEAT_MS)
        self.heartbeat.timeout.connect(self.beat)
        commander.bus.changes_applied.connect(self.changed)
        projector.painted.connect(self.painted)

    def beat(self) -> None:
        now = time.perf_counter()
        if self.beating:
            self.longest_gap = max(self.longest_gap, now - self.last_beat)
        self.last_beat = now

    def start_beating(self) -> None:
        self.longest_gap = 0.0
        self.last_beat = time.perf_counter()
        self.beating = True
        self.heartbeat.start()

    def stop_beating(self) -> None:
        self.beat()
        self.beating = False
        self.heartbeat.stop()

    def changed(self, changes, _initiator) -> None:
        now = time.perf_counter()
        for ballot_id in changes.by_kind.get("ballot", ()):
            self.heard.setdefault(ballot_id, []).append(now)

    def painted(self) -> None:
        self.paints.append((self.projector.read_at, time.perf_counter()))

    def caught_up(self) -> bool:
        """Whether the projector has painted what it read after the last ballot the window heard of."""
        last_heard = max((moments[-1] for moments in self.heard.values()), default=0.0)
        return bool(self.paints) and self.paints[-1][0] > last_heard

    def first_paint_after(self, moment: float) -> float | None:
        """When the projector first painted a scene read after ``moment`` (so showing what was heard then)."""
        import bisect

        at = bisect.bisect_right(self.paints, (moment, math.inf))
        return self.paints[at][1] if at < len(self.paints) else None


class PhonesProcess:
    """The phones' process, driven from the GUI's event loop (a QProcess: the window keeps turning over)."""

    def __init__(self, app, base: str, cards_file: Path) -> None:
        from PySide6.QtCore import QProcess

        self.app = app
        self.lines: list[dict] = []
        self.process = QProcess()
        environment = self.process.processEnvironment()
        self.process.setProgram(sys.executable)
        self.process.setArguments([str(Path(__file__).resolve()), "--phones", base, str(cards_file)])
        self.process.setProcessEnvironment(environment)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.ForwardedErrorChannel)
        self._buffer = b""
        self._waiting = None
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.start()

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput())
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            if line.strip():
                self.lines.append(json.loads(line))
        if self.lines and self._waiting is not None:
            self._waiting.quit()

    def next_line(self, timeout: float) -> dict:
        """Run the window's event loop, as the app does, until the phones say something; what they said.

        A real event loop, not a loop of ``processEvents``: polling would keep the GUI thread busy
        in Python, taking the interpreter lock from the room server's thread and slowing what is measured.
        """
        from PySide6.QtCore import QEventLoop, QProcess, QTimer

        deadline = time.perf_counter() + timeout
        while not self.lines:
            if time.perf_counter() > deadline or self.process.state() == QProcess.ProcessState.NotRunning:
                raise SystemExit("The phones' process stopped or took too long.")
            self._waiting = QEventLoop()
            QTimer.singleShot(500, self._waiting.quit)  # to look at the deadline and the process now and then
            self._waiting.exec()
            self._waiting = None
        return self.lines.pop(0)

    def say(self, text: str) -> None:
        self.process.write(f"{text}\n".encode())
        self.process.waitForBytesWritten(1000)

    def finish(self) -> None:
        self.say("stop")
        self.process.closeWriteChannel()
        if not self.process.waitForFinished(20_000):
            self.process.kill()
            self.process.waitForFinished(5000)


def _settle(app, seconds: float, done=None) -> None:
    """Let the window turn over for ``seconds``, and on (up to a minute) until ``done()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    ends = time.perf_counter() + seconds
    while time.perf_counter() < ends or (done is not None and not done() and time.perf_counter() < ends + 60):
        waiting = QEventLoop()
        QTimer.singleShot(50, waiting.quit)
        waiting.exec()


def _stored(commander, round_id: str) -> tuple[dict[str, dict[str, int]], dict[str, str], int]:
    """The round's named ballots: participant -> choices, ballot id -> participant, and how many voted."""
    from sqlalchemy import func, select

    from cocommission.model import Ballot, RoundVoter
    from cocommission.services.voting import list_ballots

    def read(session):
        ballots = {row.participant_id: dict(row.choices) for row in list_ballots(session, round_id=round_id)}
        owners = dict(session.execute(select(Ballot.id, Ballot.participant_id).where(Ballot.round_id == round_id)).all())
        voters = session.scalar(select(func.count()).select_from(RoundVoter).where(RoundVoter.round_id == round_id))
        return ballots, owners, int(voters or 0)

    return commander.read(read)


def _judge_burst(ballots: list[dict], cards: list[tuple[str, str]], watch: Watch, stored) -> dict[str, float]:
    """The burst's figures from what the phones sent and heard, and what the window and database hold."""
    by_participant, owners, voters = stored
    acknowledged = [ballot for ballot in ballots if ballot["acknowledged"]]
    refused = [ballot for ballot in ballots if not ballot["acknowledged"]]
    if refused:
        print(f"bench_phones: {len(refused)} ballots not acknowledged, e.g. {refused[0]}", file=sys.stderr)
    last: dict[str, dict[str, int]] = {}
    for ballot in sorted(acknowledged, key=lambda b: b["answered"]):
        last[cards[ballot["phone"]][1]] = ballot["choices"]
    lost = sum(1 for participant, choices in last.items() if by_participant.get(participant) != choices)
    doubled = max(0, len(by_participant) - len(last)) + max(0, voters - len(last))
    # The k-th change the window heard naming a phone's ballot is the phone's k-th acknowledged ballot this burst.
    ballot_of = {participant: ballot_id for ballot_id, participant in owners.items()}
    to_projector = []
    for number, (_token, participant) in enumerate(cards):
        mine = sorted(
            (b for b in acknowledged if b["phone"] == number and not b["replayed"]), key=lambda b: b["answered"]
        )
        heard = watch.heard.get(ballot_of.get(participant, ""), [])
        heard = [moment for moment in heard if moment >= (mine[0]["sent"] if mine else math.inf)]
        for ballot, moment in zip(mine, heard, strict=False):
            painted = watch.first_paint_after(moment)
            if painted is None:
                raise SystemExit("The projector never painted a phone's ballot.")
            to_projector.append(max(0.0, painted - ballot["answered"]) * 1000)
        if len(heard) < len(mine):
            raise SystemExit(f"The window did not hear of every ballot of phone {number}.")
    return {
        "ack_p95": percentile([(b["answered"] - b["sent"]) * 1000 for b in acknowledged], 0.95),
        "lost": lost,
        "doubled": doubled,
        "to_projector_p95": percentile(to_projector, 0.95),
        "longest_frame": watch.longest_gap * 1000,
        "ballots": len(acknowledged),
        "refused": len(refused),
    }


def _open_app(database, folder: Path, commission_id: str, round_id: str):
    """The app as the facilitator has it: the main window on the example, the console, the projector's live vote."""
    from PySide6.QtCore import QSettings

    from cocommission.ui.app import make_application
    from cocommission.ui.main_window import MainWindow
    from cocommission.ui.settings import Settings
    from cocommission.ui.stage_pages import STAGE_PAGES

    app = make_application()
    settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(database, settings, STAGE_PAGES)
    window.resize(1366, 768)
    window.show()
    window.open_commission(commission_id)
    # The pages not on screen are made while the app is idle, long before a room starts voting.
    deadline = time.perf_counter() + 60
    while len(window.workspace.made_pages()) < len(STAGE_PAGES) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.open_live_console()
    console, projector = window.console, window.projector
    projector.resize(1920, 1080)
    if console.voting.round is None or console.voting.round.id != round_id:
        raise SystemExit("The console did not choose the phones' round.")
    if not console.scenes.show_scene("live_vote"):
        raise SystemExit("The console could not put the live vote on the projector.")
    app.processEvents()
    return app, window


def main() -> None:
    """Open the app on the room, start room voting, run the phones' bursts, print the figures."""
    sys.path.insert(0, str(Path(__file__).parent))
    from common import report

    from cocommission.db import open_database
    from cocommission.services.perform import perform

    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench_phones.sqlite")
        commission_id, round_id, cards = perform(database, _build_room).result
        cards_file = Path(folder) / "cards.json"
        cards_file.write_text(json.dumps(cards))
        app, window = _open_app(database, Path(folder), commission_id, round_id)
        server, _keep = _start_room_voting(window, window.console)
        watch = Watch(app, window.commander, window.projector)
        phones = PhonesProcess(app, server.url, cards_file)
        ready = phones.next_line(timeout=60)
        _settle(app, 0.5)
        bursts = []
        for _ in range(BURSTS):
            watch.heard.clear()
            watch.start_beating()
            processor = time.process_time()
            phones.say("go")
            ballots = phones.next_line(timeout=BURST_SECONDS + 30)["ballots"]
            # The burst is over once the last phone has its answer; the window then catches up.
            watch.stop_beating()
            _settle(app, SETTLE_SECONDS, done=watch.caught_up)
            processor = time.process_time() - processor
            burst = _judge_burst(ballots, cards, watch, _stored(window.commander, round_id))
            burst["laptop_cpu_per_ballot"] = processor * 1000 / max(1, burst["ballots"])
            bursts.append(burst)
        phones.finish()
        print(f"bench_phones: bursts {bursts}", file=sys.stderr)
        server.stop()
        window.close_live_console()
        window.close()
        window.deleteLater()
        app.processEvents()
    report("phone_vote_ack_p95_ms", statistics.median(b["ack_p95"] for b in bursts))
    report("phone_votes_lost", max(b["lost"] for b in bursts))
    report("phone_votes_doubled", max(b["doubled"] for b in bursts))
    report("phone_to_projector_p95_ms", statistics.median(b["to_projector_p95"] for b in bursts))
    report("console_longest_frame_ms_during_phones", statistics.median(b["longest_frame"] for b in bursts))
    report("ballot_page_bytes", ready["first_load_bytes"])
    report("phone_vote_laptop_cpu_ms", statistics.median(b["laptop_cpu_per_ballot"] for b in bursts))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--phones":
        phones_main(sys.argv[2], sys.argv[3])
    else:
        main()
