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
``crash_duplicated`` (and a few more figures) as ``name value`` lines, and exits 1 if anything
was lost, duplicated or damaged.

    python tools/crash_test.py [--kills 100] [--seed N] [--keep FOLDER]
"""

from __future__ import annotations

import argparse
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


def run_worker(database_path: Path) -> None:
    """Cast ballots and record scores until killed, reporting each only after it is committed."""
    from cocommission.db import open_database
    from cocommission.model import RoundState, VoteMethod
    from cocommission.services import bids, commissions, tender, voting
    from cocommission.services.errors import RuleBroken
    from cocommission.services.perform import perform, read

    database = open_database(database_path)
    commission_id = read(database, lambda s: commissions.list_commissions(s)[0].id)

    def voters_and_panel(session):
        from cocommission.services.people import list_participants

        voters = [row.id for row in list_participants(session, commission_id=commission_id) if row.can_take_part]
        panel = [row.id for row in bids.list_panellists(session, commission_id=commission_id)]
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
    while True:
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
                    bids.record_score,
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


def check_file(database_path: Path, reported: Reported) -> Check:
    """Compare the file with what the workers reported, read-only and outside the app."""
    connection = sqlite3.connect(f"{database_path.resolve().as_uri()}?mode=ro", uri=True)
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
    lost = 0
    for (round_id, participant_id), dots in reported.ballots.items():
        key = (round_id, json.dumps(dots, sort_keys=True))
        if (round_id, participant_id) not in voters or saved[key] == 0:
            lost += 1
        else:
            saved[key] -= 1
    for key, (last, saving) in reported.scores.items():
        if last is not None and scores.get(key) not in (last, saving):
            lost += 1
    return Check(lost=lost, duplicated=duplicated, sound=sound, ballots=len(lines))


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


def run(kills: int, seed: int, folder: Path) -> int:
    """Kill ``kills`` workers at random moments, checking the file after each; 0 when nothing was lost."""
    chooser = random.Random(seed)
    database_path = folder / "crash.sqlite3"
    prepare(database_path)
    reported = Reported()
    worst = Check(lost=0, duplicated=0, sound=True, ballots=0)
    lives: list[float] = []
    for _ in range(kills):
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="how many times to kill the worker (default 100)")
    parser.add_argument("--seed", type=int, default=None, help="seed for the kill moments (default: random)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the database in this folder")
    parser.add_argument("--worker", type=Path, default=None, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.worker is not None:
        run_worker(arguments.worker)
        return 0
    seed = arguments.seed if arguments.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"crash_seed {seed}")
    if arguments.keep is not None:
        arguments.keep.mkdir(parents=True, exist_ok=True)
        return run(arguments.kills, seed, arguments.keep)
    with tempfile.TemporaryDirectory(prefix="cocommission-crash-") as folder:
        return run(arguments.kills, seed, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
