"""Crash safety, proven: kill a process that is casting ballots and recording scores, then check.

``make crash-test`` runs this. A worker process opens a database holding the example
commission and, as fast as it can, casts dots ballots (opening new rounds as rounds fill up)
and records panel scores, each through the same services and unit of work the app uses. After
each commit returns it reports what it saved on its standard output, the way the app shows an
action as done only once it is committed. The harness kills the worker with SIGKILL
(TerminateProcess on Windows) at a random moment, then checks the file:

- ``PRAGMA integrity_check`` says ok and the audit chain is unbroken;
- every ballot the worker reported is there with exactly the dots it reported (``lost``);
- no participant has two ballots in one round, and no score is recorded twice (``duplicated``);
- every reported score holds the reported value or the one the worker was saving next.

Then it starts a new worker on the same file, which carries on where the last one stopped,
as the app would after a crash. It prints ``crash_kills``, ``crash_lost``,
``crash_duplicated`` (and a few more figures) as ``name value`` lines.

Then, for each operation that replaces the file (``restore``, ``encrypt``, ``decrypt``, and the
rebuild of ``erase``), it runs the real command again and again and kills it at a random
moment, while a writer process keeps opening the database, casting ballots and recording
scores in short bursts, as CLI writers and app windows do. After each kill it opens the
database as the app would (which finishes or rolls back the interrupted operation) and checks:
the open works (with the passphrase when the file ended up encrypted), ``integrity_check`` says
ok, every save the writer acknowledged is in the file (or, for a restore that went through, in
the ``before-restore`` backup it kept: that is what a restore means), nothing is there twice,
and no plain backup is left once an encryption has finished. It prints, per operation,
``OPERATION_kills``, ``OPERATION_acknowledged_lost``, ``OPERATION_acknowledged_doubled`` and more.

It exits 1 if anything was lost, duplicated or damaged, or a file failed to open.

    python tools/crash_test.py [--kills 100] [--operation-kills 50] [--seed N] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

#: Options on each dots round the worker opens; each ballot spreads its dots over them.
OPTIONS = tuple(f"Outcome {letter}" for letter in "ABCDEFGH")
DOTS_PER_PERSON = 5
MAX_DOTS_PER_OPTION = 3


# --------------------------------------------------------------------------- the worker


def ballot_dots(round_position: int, voter_index: int) -> dict[int, int]:
    """The dots (option position -> count) a voter gives in a round: fixed, so a check can recompute them."""
    chooser = random.Random(round_position * 1000 + voter_index)
    dots: dict[int, int] = {}
    for _ in range(DOTS_PER_PERSON):
        position = chooser.randrange(len(OPTIONS))
        if dots.get(position, 0) < MAX_DOTS_PER_OPTION:
            dots[position] = dots.get(position, 0) + 1
    return dots


def _say(*words: object) -> None:
    print(*words, flush=True)


def run_worker(database_path: Path, *, bursts: bool = False, passphrase: str | None = None) -> None:  # noqa: PLR0915 - the worker's whole loop, killed at any statement on purpose
    """Cast ballots and record scores until killed, reporting each only after it is committed.

    With ``bursts`` the database is opened for a few saves at a time and closed in between, like
    a command run again and again; an open refused (another process is replacing the file) is
    reported as ``refused`` and tried again.
    """
    from cocommission.db import DatabaseError, open_database
    from cocommission.model import RoundState, VoteMethod
    from cocommission.services import bids, commissions, panellists, tender, voting
    from cocommission.services.errors import RuleBroken
    from cocommission.services.perform import perform, read
    from cocommission.services.scores import record_score

    database = open_database(database_path, passphrase=passphrase)
    commission_id = read(database, lambda s: commissions.list_commissions(s)[0].id)

    def voters_and_panel(session):
        from cocommission.services.participants import list_participants

        voters = [row.id for row in list_participants(session, commission_id=commission_id) if row.can_take_part]
        panel = [row.id for row in panellists.list_panellists(session, commission_id=commission_id)]
        shortlisted = [row.id for row in bids.list_bids(session, commission_id=commission_id, shortlisted_only=True)]
        criteria = [row.id for row in tender.criteria_in_order(session, commission_id)]
        return sorted(voters), panel, shortlisted, criteria

    voters, panel, shortlisted, criteria = read(database, voters_and_panel)
    score_keys = [(b, c, p) for b in shortlisted for c in criteria for p in panel]
    _say("ready")

    def next_ballot(session):
        """The open crash round with someone still to vote, and who; None when a new round is needed."""
        for vote_round in voting.list_rounds(session, commission_id=commission_id):
            if vote_round.state is not RoundState.OPEN or not vote_round.title.startswith("Crash round"):
                continue
            voted = {voter.participant_id for voter in voting.round_progress(session, round_id=vote_round.id).voted}
            waiting = [voter for voter in voters if voter not in voted]
            if waiting:
                options = [option.id for option in voting.get_round(session, round_id=vote_round.id).options]
                return vote_round, waiting[0], options
        return None

    step = 0
    saves_this_burst = 0
    pause = random.Random()
    while True:
        if bursts and saves_this_burst >= 3:
            database.close()
            time.sleep(pause.uniform(0.15, 0.4))
            while True:
                try:
                    database = open_database(database_path, passphrase=passphrase)
                    break
                except DatabaseError:
                    _say("refused")
                    time.sleep(0.02)
            saves_this_burst = 0
        saves_this_burst += 1
        found = read(database, next_ballot)
        if found is None:
            number = len(read(database, lambda s: voting.list_rounds(s, commission_id=commission_id))) + 1
            made = perform(
                database,
                voting.create_round,
                commission_id=commission_id,
                title=f"Crash round {number}",
                method=VoteMethod.DOTS,
                dots_per_person=DOTS_PER_PERSON,
                max_dots_per_option=MAX_DOTS_PER_OPTION,
                options=OPTIONS,
            ).result
            perform(database, voting.open_round, round_id=made.id)
            continue
        vote_round, voter, options = found
        dots = ballot_dots(int(vote_round.title.rsplit(maxsplit=1)[-1]), voters.index(voter))
        choices = {options[position]: count for position, count in dots.items()}
        try:
            perform(database, voting.cast_ballot, round_id=vote_round.id, participant_id=voter, choices=choices)
        except RuleBroken:
            voters.remove(voter)  # cannot vote (e.g. consent missing); the check skips them too
            continue
        _say("ballot", vote_round.id, voter, json.dumps(choices, sort_keys=True))

        if score_keys:
            bid_id, criterion_id, panellist_id = score_keys[step % len(score_keys)]
            value = step % 6
            _say("saving-score", bid_id, criterion_id, panellist_id, value)
            try:
                perform(
                    database,
                    record_score,
                    bid_id=bid_id,
                    criterion_id=criterion_id,
                    panellist_id=panellist_id,
                    value=value,
                )
            except RuleBroken:
                score_keys.remove((bid_id, criterion_id, panellist_id))  # a declared conflict
            else:
                _say("score", bid_id, criterion_id, panellist_id, value)
        step += 1


# --------------------------------------------------------------------------- the harness


@dataclass
class Reported:
    """What workers have said they committed, across every life."""

    ballots: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    #: score key -> (last reported value, value being saved when killed or None)
    scores: dict[tuple[str, str, str], tuple[int | None, int | None]] = field(default_factory=dict)
    lines: int = 0

    def take(self, line: str) -> None:
        words = line.split(maxsplit=3)
        if not words:
            return
        self.lines += 1
        if words[0] == "ballot":
            self.ballots[(words[1], words[2])] = json.loads(words[3])
        elif words[0] in ("saving-score", "score"):
            bid, criterion, rest = words[1], words[2], words[3].split()
            key, value = (bid, criterion, rest[0]), int(rest[1])
            last, _ = self.scores.get(key, (None, None))
            self.scores[key] = (last, value) if words[0] == "saving-score" else (value, None)


@dataclass
class Check:
    """What one look at the file after a kill found."""

    lost: int
    duplicated: int
    sound: bool
    ballots: int


@dataclass
class Saved:
    """What one file holds: its ballots (dots per option) and scores, and how many are there twice."""

    sound: bool
    voters: set[tuple[str, str]]
    #: How many ballots hold each (round, dots) content: anonymous ballots name no one.
    ballots: Counter[tuple[str, str]]
    scores: dict[tuple[str, str, str], int]
    duplicated: int


def _connect_read_only(database_path: Path, passphrase: str | None):
    """A read-only connection to a plain file, or to an encrypted one through SQLCipher."""
    if passphrase is not None and not _is_plain(database_path):
        from cocommission.db.cipher import key_connection, sqlcipher

        connection = sqlcipher().connect(f"{database_path.resolve().as_uri()}?mode=ro", uri=True)
        key_connection(connection, passphrase)
        return connection
    return sqlite3.connect(f"{database_path.resolve().as_uri()}?mode=ro", uri=True)


def _is_plain(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(16) == b"SQLite format 3\x00"


def read_saved(database_path: Path, passphrase: str | None = None) -> Saved:
    """Everything the writers could have saved, as the file holds it (read-only, outside the app)."""
    connection = _connect_read_only(database_path, passphrase)
    try:
        sound = connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Who voted is kept apart from what was chosen (anonymous rounds link the two by nothing), so a
        # reported ballot is found as "that person voted" plus "a ballot with those dots in that round".
        voters: set[tuple[str, str]] = set()
        duplicated = 0
        for round_id, participant_id, count in connection.execute(
            "SELECT round_id, participant_id, COUNT(*) FROM round_voter GROUP BY round_id, participant_id"
        ):
            duplicated += count - 1
            voters.add((round_id, participant_id))
        lines: dict[tuple[str, str], dict[str, int]] = {}
        for round_id, ballot_id, option_id, value in connection.execute(
            "SELECT b.round_id, b.id, c.option_id, c.value FROM ballot b JOIN ballot_choice c ON c.ballot_id = b.id"
        ):
            lines.setdefault((round_id, ballot_id), {})[option_id] = value
        saved: Counter[tuple[str, str]] = Counter(
            (round_id, json.dumps(dots, sort_keys=True)) for (round_id, _), dots in lines.items()
        )
        ballots_by_round = Counter(round_id for (round_id,) in connection.execute("SELECT round_id FROM ballot"))
        voters_by_round = Counter(round_id for round_id, _ in voters)
        # One ballot per person who voted: more ballots than voters is a ballot counted twice.
        duplicated += sum(max(0, count - voters_by_round[round_id]) for round_id, count in ballots_by_round.items())
        duplicated += sum(
            count - 1
            for (count,) in connection.execute(
                "SELECT COUNT(*) FROM score GROUP BY bid_id, criterion_id, panellist_id"
            )
        )
        scores = {
            (bid, criterion, panellist): value
            for bid, criterion, panellist, value in connection.execute(
                "SELECT bid_id, criterion_id, panellist_id, value FROM score"
            )
        }
    finally:
        connection.close()
    return Saved(sound=sound, voters=voters, ballots=saved, scores=scores, duplicated=duplicated)


def missing(reported: Reported, saved: Saved) -> tuple[set[tuple[str, str]], set[tuple[str, str, str]]]:
    """The reported ballots and scores that ``saved`` does not hold as reported.

    A reported ballot is held when its person is among the voters and a ballot with its dots is in
    its round; each ballot in the file answers for one reported ballot only.
    """
    unclaimed = Counter(saved.ballots)
    ballots = set()
    for (round_id, participant_id), dots in reported.ballots.items():
        content = (round_id, json.dumps(dots, sort_keys=True))
        if (round_id, participant_id) not in saved.voters or unclaimed[content] == 0:
            ballots.add((round_id, participant_id))
        else:
            unclaimed[content] -= 1
    scores = {
        key
        for key, (last, saving) in reported.scores.items()
        if last is not None and saved.scores.get(key) not in (last, saving)
    }
    return ballots, scores


def check_file(database_path: Path, reported: Reported, passphrase: str | None = None) -> Check:
    """Compare the file with what the workers reported, read-only and outside the app."""
    saved = read_saved(database_path, passphrase)
    ballots, scores = missing(reported, saved)
    return Check(
        lost=len(ballots) + len(scores),
        duplicated=saved.duplicated,
        sound=saved.sound,
        ballots=sum(saved.ballots.values()),
    )


def audit_chain_sound(database_path: Path) -> bool:
    """Whether every commission's audit chain still links up after the kills."""
    from cocommission.db import open_database
    from cocommission.services.audit import verify_chain
    from cocommission.services.commissions import list_commissions
    from cocommission.services.perform import read

    database = open_database(database_path)
    try:
        return read(
            database,
            lambda s: all(verify_chain(s, commission_id=c.id).first_broken is None for c in list_commissions(s)),
        )
    finally:
        database.close()


def _read_lines(process: subprocess.Popen[str], reported: Reported, ready: threading.Event) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        if not line.endswith("\n"):
            break  # cut short by the kill: a report never finished is a report never made
        if line.strip() == "ready":
            ready.set()
        else:
            reported.take(line)


def prepare(database_path: Path) -> None:
    """A database holding the example commission, made through the app's own services."""
    from cocommission.db import open_database
    from cocommission.services.demo import create_example_commission
    from cocommission.services.perform import perform

    database = open_database(database_path)
    perform(database, create_example_commission)
    database.close()


def _wait_until(condition, *, seconds: float) -> None:
    """Return once ``condition()`` holds, or after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def run(kills: int, seed: int, folder: Path) -> int:
    """Kill ``kills`` workers at random moments, checking the file after each; 0 when nothing was lost."""
    chooser = random.Random(seed)
    database_path = folder / "crash.sqlite3"
    prepare(database_path)
    reported = Reported()
    worst = Check(lost=0, duplicated=0, sound=True, ballots=0)
    lives: list[float] = []
    for life in range(kills):
        errors = folder / "worker-errors.txt"
        with errors.open("w", encoding="utf-8") as error_file:
            process = subprocess.Popen(
                [sys.executable, __file__, "--worker", str(database_path)],
                stdout=subprocess.PIPE,
                stderr=error_file,
                text=True,
                encoding="utf-8",
            )
        ready = threading.Event()
        reader = threading.Thread(target=_read_lines, args=(process, reported, ready), daemon=True)
        reader.start()
        # Mostly mid-work, sometimes while the worker is still opening the database.
        if chooser.random() < 0.85:
            ready.wait(timeout=60)
        started = time.perf_counter()
        time.sleep(chooser.uniform(0.0, 0.6))
        if life == kills - 1:
            # A run in which no ballot was reported saved checks nothing; on a busy machine a short
            # run's workers can all be killed before their first commit, so the last one lives to save one.
            _wait_until(lambda worker=process: reported.ballots or worker.poll() is not None, seconds=60)
        # A worker that has already stopped was not killed: it failed, and that fails the run.
        stopped_on_its_own = process.poll() is not None
        process.kill()
        process.wait()
        reader.join(timeout=10)
        process.stdout.close()
        lives.append(time.perf_counter() - started)
        if stopped_on_its_own:
            print(f"worker stopped on its own (exit {process.returncode}):", file=sys.stderr)
            print(errors.read_text(encoding="utf-8"), file=sys.stderr)
            return 1
        found = check_file(database_path, reported)
        worst = Check(
            lost=max(worst.lost, found.lost),
            duplicated=max(worst.duplicated, found.duplicated),
            sound=worst.sound and found.sound,
            ballots=found.ballots,
        )
    chain = audit_chain_sound(database_path)
    print(f"crash_kills {kills}")
    print(f"crash_lost {worst.lost}")
    print(f"crash_duplicated {worst.duplicated}")
    print(f"crash_integrity_ok {int(worst.sound)}")
    print(f"crash_audit_chain_ok {int(chain)}")
    print(f"crash_ballots_reported {len(reported.ballots)}")
    print(f"crash_ballots_in_file {worst.ballots}")
    print(f"crash_scores_reported {len(reported.scores)}")
    print(f"crash_median_life_ms {statistics.median(lives) * 1000:.0f}")
    failed = worst.lost or worst.duplicated or not worst.sound or not chain or not reported.ballots
    return 1 if failed else 0


# --------------------------------------------------------------------------- operations that replace the file

#: The passphrase the operations encrypt with; the writer is given it too.
PASSPHRASE = "crash test passphrase"
OPERATIONS = ("restore", "encrypt", "decrypt", "erase")


@dataclass
class OperationFigures:
    """What killing one operation again and again found."""

    kills: int = 0
    finished: int = 0
    rolled_back: int = 0
    refused: int = 0
    lost: int = 0
    doubled: int = 0
    sound: bool = True
    opened: bool = True
    plain_backups_left: int = 0
    writer_acknowledged: int = 0
    writer_refused: int = 0
    unexpected: list[str] = field(default_factory=list)


class WriterLog:
    """Reads what the writer has acknowledged so far from its output file (whole lines only)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.reported = Reported()
        self.refusals = 0
        #: Every save the writer acknowledged, including those a restore later replaced on purpose.
        self.acknowledged = 0

    def catch_up(self) -> Reported:
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]
        self.offset += len(complete)
        for line in complete.decode("utf-8").splitlines():
            if line.strip() == "refused":
                self.refusals += 1
            elif line.strip() != "ready":
                self.reported.take(line)
                self.acknowledged += line.startswith(("ballot ", "score "))
        return self.reported


def _command(operation: str, database_path: Path, golden: Path, victim: str) -> list[str]:
    """The cocommission command line that carries out ``operation``."""
    base = ["--db", str(database_path)]
    return {
        "restore": [*base, "restore", str(golden)],
        "encrypt": [*base, "encrypt"],
        "decrypt": [*base, "decrypt", "--yes"],
        "erase": [*base, "erase", "participant", victim, "--yes"],
    }[operation]


def _start_command(argv: list[str], errors: Path):
    """Start ``cocommission ARGV`` in a process of its own; returns something ``_kill``/``_wait`` take.

    Where the platform can fork, the child starts from this already-loaded process, so a kill
    lands inside the operation rather than while Python loads; elsewhere it is a new process.
    """
    import os

    environment = {"COCOMMISSION_PASSPHRASE": PASSPHRASE}
    if hasattr(os, "fork"):
        _load_the_commands()
        pid = os.fork()
        if pid == 0:  # the child: run the command, never return into the harness
            status = 70
            try:
                os.environ.update(environment)
                descriptor = os.open(errors, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(descriptor, 2)
                null = os.open(os.devnull, os.O_WRONLY)
                os.dup2(null, 1)
                from cocommission.cli import main as cli_main

                status = cli_main(argv)
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(status)
        return pid
    from cocommission.db import cipher

    command = "import sys; from cocommission.cli import main; sys.exit(main(sys.argv[1:]))"
    if cipher.KEY_DERIVATION_ROUNDS is not None:
        command = f"from cocommission.db import cipher; cipher.KEY_DERIVATION_ROUNDS = {cipher.KEY_DERIVATION_ROUNDS}; {command}"
    with errors.open("w", encoding="utf-8") as error_file:
        return subprocess.Popen(
            [sys.executable, "-c", command, *argv],
            stdout=subprocess.DEVNULL,
            stderr=error_file,
            env={**__import__("os").environ, **environment},
        )


def _key_rounds() -> list[str]:
    """The writer's arguments for deriving keys as this process does: nothing, unless the tests lowered the rounds."""
    from cocommission.db import cipher

    return [] if cipher.KEY_DERIVATION_ROUNDS is None else ["--key-derivation-rounds", str(cipher.KEY_DERIVATION_ROUNDS)]


def _load_the_commands() -> None:
    """Load what the commands load, once, so each forked child starts straight on its operation."""
    from cocommission import cli
    from cocommission.db import encryption, scrub  # noqa: F401
    from cocommission.services import participants, privacy  # noqa: F401

    cli.build_parser()


def _finished_by_itself(process) -> int | None:
    """The exit status when the command has ended on its own, else None."""
    import os

    if isinstance(process, int):
        if process in _finished_by_itself.statuses:
            return _finished_by_itself.statuses[process]
        pid, status = os.waitpid(process, os.WNOHANG)
        if pid == 0:
            return None
        _finished_by_itself.statuses[process] = os.waitstatus_to_exitcode(status)
        return _finished_by_itself.statuses[process]
    return process.poll()


_finished_by_itself.statuses = {}


def _kill_and_wait(process) -> int:
    """Kill the command (SIGKILL, or TerminateProcess on Windows) if still running; its exit status."""
    import os
    import signal

    if isinstance(process, int):
        if process in _finished_by_itself.statuses:
            return _finished_by_itself.statuses.pop(process)
        with contextlib.suppress(ProcessLookupError):
            os.kill(process, signal.SIGKILL)
        _pid, status = os.waitpid(process, 0)
        return os.waitstatus_to_exitcode(status)
    process.kill()
    return process.wait()


def _refusal(errors: Path) -> bool:
    """Whether the command said another process had the database (which is what it should say)."""
    text = errors.read_text(encoding="utf-8", errors="replace")
    return "open in another window" in text or "is replacing" in text


def _retrying(action, attempts: int = 500):
    """Run ``action`` until no other process holds the database (the writer holds it in bursts)."""
    from cocommission.db.lock import DatabaseBusy

    for _ in range(attempts):
        try:
            return action()
        except DatabaseBusy:
            time.sleep(0.02)
    raise RuntimeError("the database stayed busy")


def _open_after(database_path: Path) -> bool:
    """Open the database as the app does next (finishing or rolling back); False when it will not open."""
    from cocommission.db import DatabaseError, open_database

    for _ in range(200):
        try:
            open_database(database_path, passphrase=PASSPHRASE).close()
            return True
        except DatabaseError as exc:
            if "is replacing" not in str(exc):
                print(f"the database did not open after a kill: {exc}", file=sys.stderr)
                return False
    return False


def _next_operation(operations: tuple[str, ...], database_path: Path) -> str:
    """The operation to kill next: encrypt a plain file, decrypt an encrypted one, else the only one."""
    from cocommission.db.cipher import is_encrypted

    if operations == ("encrypt", "decrypt"):
        return "decrypt" if is_encrypted(database_path) else "encrypt"
    return operations[0]


def run_section(  # noqa: PLR0912, PLR0915 - one section of kills with its checks after each
    operations: tuple[str, ...], kills: int, chooser: random.Random, folder: Path
) -> dict[str, OperationFigures]:
    """Kill each of ``operations`` ``kills`` times while a writer saves in bursts; check the file after each kill.

    Encrypt and decrypt share a section: each kill leaves the file plain or encrypted, and the
    next kill is of whichever operation applies to it, so no time goes on putting it back.
    """
    from cocommission.db.backup import list_backups, take_backup
    from cocommission.db.cipher import is_encrypted

    work = folder / "-".join(operations)
    work.mkdir()
    database_path = work / "crash.sqlite3"
    prepare(database_path)
    golden = work / "golden.sqlite3"
    golden.write_bytes(database_path.read_bytes())
    take_backup(database_path, reason="opened")
    victim = _a_participant(database_path)

    every = {operation: OperationFigures() for operation in operations}
    log_path = work / "writer.txt"
    with log_path.open("wb") as log_file, (work / "writer-errors.txt").open("wb") as writer_errors:
        writer = subprocess.Popen(
            [sys.executable, __file__, "--worker", str(database_path), "--bursts", *_key_rounds()],
            stdout=log_file,
            stderr=writer_errors,
        )
    log = WriterLog(log_path)
    errors = work / "command-errors.txt"
    looked_at: set[Path] = set()
    try:
        # The writer is under way (it has saved something) before the first operation starts.
        deadline = time.monotonic() + 60
        while not log.catch_up().ballots and writer.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        longest = {
            operation: _time_once(_next_operation(operations, database_path), database_path, golden, victim, errors)
            for operation in operations
        }
        attempts = 0
        while any(figures.kills < kills for figures in every.values()) and attempts < kills * len(operations) * 4:
            attempts += 1
            if writer.poll() is not None:
                every[operations[0]].unexpected.append(f"the writer stopped (exit {writer.returncode})")
                break
            operation = _next_operation(operations, database_path)
            figures = every[operation]
            process = _start_command(_command(operation, database_path, golden, victim), errors)
            after_commit = chooser.random() < 0.25
            if after_commit:
                # Aim at the short stretch between the plan being written and carried out: a
                # moment at random over the whole run would seldom land there.
                journal = database_path.with_name(database_path.name + ".replacing")
                while not journal.exists() and _finished_by_itself(process) is None:
                    time.sleep(0.0005)
                time.sleep(chooser.uniform(0.0, 0.01))
            else:
                time.sleep(chooser.uniform(0.0, longest[operation] * 1.1))
            ended = _finished_by_itself(process)
            status = _kill_and_wait(process)
            # Kills are spread over the time the operation takes, which grows with the file: a
            # kill stretches the window, finishing shrinks it, so most runs are killed part-way.
            if not after_commit:
                longest[operation] *= 1.05 if ended is None else 0.85
            if ended is None:
                figures.kills += 1
            elif status != 0:
                said = errors.read_text(encoding="utf-8", errors="replace")
                if _refusal(errors) or operation == "erase" and "could not be cleared" in said:
                    figures.refused += 1
                else:
                    figures.unexpected.append(f"{operation} exited {status}: {said.strip()}")
            if not _open_after(database_path):
                figures.opened = False
                break
            encrypted = is_encrypted(database_path)
            done = {"encrypt": encrypted, "decrypt": not encrypted}.get(operation)
            if done is not None and ended is None:
                figures.finished += int(done)
                figures.rolled_back += int(not done)
            if operation == "encrypt" and encrypted:
                figures.plain_backups_left += sum(not is_encrypted(b.path) for b in list_backups(database_path))
            # Restores that went through since the last look (the timing runs' too) kept what they replaced.
            kept = [
                b.path for b in list_backups(database_path) if b.reason == "before-restore" and b.path not in looked_at
            ]
            _check_against(figures, database_path, log, kept)
            looked_at.update(kept)
    finally:
        writer.kill()
        writer.wait()
    last = every[operations[-1]]
    _check_against(last, database_path, log, [])
    for figures in every.values():
        figures.writer_acknowledged = log.acknowledged
        figures.writer_refused = log.refusals
    return every


def _check_against(figures: OperationFigures, database_path: Path, log: WriterLog, kept: list[Path]) -> None:
    """Count acknowledged saves in neither the file nor a backup a finished restore kept; forget those superseded.

    The check holds the database's exclusive lock, so the writer is between bursts and what it
    has acknowledged is exactly what it has committed.
    """
    from cocommission.db.lock import FileLock

    hold = FileLock(database_path)
    while not hold.try_take(exclusive=True):
        time.sleep(0.01)
    try:
        reported = log.catch_up()
        saved = read_saved(database_path, PASSPHRASE)
        figures.sound = figures.sound and saved.sound
        figures.doubled = max(figures.doubled, saved.duplicated)
        ballots, scores = missing(reported, saved)
        for backup in kept:
            # A restore puts an older state back on purpose; what it replaced is kept in this backup.
            found_ballots, found_scores = missing(reported, read_saved(backup, PASSPHRASE))
            for key in ballots - found_ballots:
                del reported.ballots[key]
            for key in scores - found_scores:
                del reported.scores[key]
            ballots, scores = ballots & found_ballots, scores & found_scores
        figures.lost = max(figures.lost, len(ballots) + len(scores))
    finally:
        hold.release()


def _time_once(operation: str, database_path: Path, golden: Path, victim: str, errors: Path) -> float:
    """How long one uninterrupted run of the operation takes here (kills are spread over that time)."""
    for _ in range(20):
        started = time.perf_counter()
        process = _start_command(_command(operation, database_path, golden, victim), errors)
        while _finished_by_itself(process) is None:
            time.sleep(0.005)
        if _kill_and_wait(process) == 0:
            return time.perf_counter() - started
    return 0.5


def _a_participant(database_path: Path) -> str:
    """The participant the erase runs erase (again and again: after the first, it is the rebuild that runs)."""
    from cocommission.db import open_database
    from cocommission.services.commissions import list_commissions
    from cocommission.services.participants import list_participants
    from cocommission.services.perform import read

    database = open_database(database_path)
    try:
        commission_id = read(database, lambda s: list_commissions(s)[0].id)
        return read(database, lambda s: list_participants(s, commission_id=commission_id))[-1].id
    finally:
        database.close()


#: Operations killed together (encrypt and decrypt take turns on the same file).
SECTIONS = (("restore",), ("encrypt", "decrypt"), ("erase",))


def run_operations(kills: int, seed: int, folder: Path, sections: tuple[tuple[str, ...], ...] = SECTIONS) -> int:
    """Kill each operation ``kills`` times under a concurrent writer; print the figures; 0 when all is well."""
    chooser = random.Random(seed)
    failed = False
    for operations in sections:
        started = time.perf_counter()
        every = run_section(operations, kills, chooser, folder)
        seconds = time.perf_counter() - started
        for operation, figures in every.items():
            print(f"{operation}_kills {figures.kills}")
            print(f"{operation}_acknowledged_lost {figures.lost}")
            print(f"{operation}_acknowledged_doubled {figures.doubled}")
            print(f"{operation}_integrity_ok {int(figures.sound)}")
            print(f"{operation}_opened_ok {int(figures.opened)}")
            if operation in ("encrypt", "decrypt"):
                print(f"{operation}_finished {figures.finished}")
                print(f"{operation}_rolled_back {figures.rolled_back}")
            if operation == "encrypt":
                print(f"{operation}_plain_backups_left {figures.plain_backups_left}")
            print(f"{operation}_refused_while_writer_held_it {figures.refused}")
            print(f"{operation}_writer_acknowledged {figures.writer_acknowledged}")
            print(f"{operation}_writer_waited_out {figures.writer_refused}")
            print(f"{operation}_seconds {seconds:.0f}")
            for problem in figures.unexpected:
                print(f"{operation}: {problem}", file=sys.stderr)
            failed = failed or bool(
                figures.lost
                or figures.doubled
                or not figures.sound
                or not figures.opened
                or figures.plain_backups_left
                or figures.unexpected
                or figures.kills < kills
                or not figures.writer_acknowledged
            )
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="how many times to kill the worker (default 100)")
    parser.add_argument("--seed", type=int, default=None, help="seed for the kill moments (default: random)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the database in this folder")
    parser.add_argument(
        "--operation-kills", type=int, default=50,
        help="how many times to kill each of restore, encrypt, decrypt and erase (default 50; 0 skips them)",
    )
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--bursts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--key-derivation-rounds", type=int, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker is not None:
        if arguments.key_derivation_rounds is not None:
            from cocommission.db import cipher

            cipher.KEY_DERIVATION_ROUNDS = arguments.key_derivation_rounds
        run_worker(arguments.worker, bursts=arguments.bursts, passphrase=PASSPHRASE if arguments.bursts else None)
        return 0
    seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"crash_seed {seed}")
    if arguments.keep is not None:
        arguments.keep.mkdir(parents=True, exist_ok=True)
        return _run_all(arguments, seed, arguments.keep)
    with tempfile.TemporaryDirectory(prefix="cocommission-crash-") as folder:
        return _run_all(arguments, seed, Path(folder))


def _run_all(arguments: argparse.Namespace, seed: int, folder: Path) -> int:
    """The ballot-writer kills, then each file-replacing operation's kills; 1 if either found a problem."""
    status = run(arguments.kills, seed, folder) if arguments.kills else 0
    if arguments.operation_kills:
        status = run_operations(arguments.operation_kills, seed, folder) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
