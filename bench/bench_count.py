"""Benchmark of counting a large round stored in the database: reading its ballots and counting them.

A commission of 5,000 young people, each of whom ranked all 12 options of a closed, named ranking
round (60,000 stored choices). The round is made through the services; the people and their ballots
are written straight into the tables in one go, as adding and casting store them (5,000 one by
one would take the benchmark far longer than the count it times). Prints, as medians:
  count_stored_round_5000_ms — ``tally_round`` on that round: the rule check, reading every
  ballot and the count itself, as the vote page, the projector and the decision record do (target < 250);
  count_stored_round_5000_cpu_ms — the processor time of the same, which a busy machine changes less.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from common import report
from sqlalchemy import insert

from cocommission.db import open_database
from cocommission.model import Ballot, BallotChoice, Participant, RoundVoter
from cocommission.model.base import new_id, utcnow
from cocommission.services.commissions import create_commission
from cocommission.services.perform import perform, read
from cocommission.services.voting import close_round, create_round, open_round, tally_round

VOTERS = 5000
OPTIONS = 12
RUNS = 5


def _stored_round(session) -> str:
    """The closed round every voter ranked in full; its id."""
    chooser = random.Random(5000)
    commission_id = create_commission(session, title="Benchmark: a borough-wide vote").id
    voters = [new_id() for _ in range(VOTERS)]
    session.execute(
        insert(Participant),
        [
            {"id": voter, "commission_id": commission_id, "pseudonym": f"Young person {number:04d}",
             "consent_on": date.today()}
            for number, voter in enumerate(voters, start=1)
        ],
    )
    vote_round = create_round(
        session,
        commission_id=commission_id,
        title="Which outcomes matter most?",
        method="ranking",
        anonymous=False,
        options=[f"Outcome statement number {number}" for number in range(1, OPTIONS + 1)],
    )
    open_round(session, round_id=vote_round.id)
    options = [option.id for option in vote_round.options]
    voters_rows, ballots, choices = [], [], []
    for voter in voters:
        ballot_id, now = new_id(), utcnow()
        voters_rows.append({"id": new_id(), "round_id": vote_round.id, "participant_id": voter, "voted_at": now})
        ballots.append({"id": ballot_id, "round_id": vote_round.id, "participant_id": voter, "cast_at": now})
        choices += [
            {"id": new_id(), "ballot_id": ballot_id, "option_id": option_id, "value": place}
            for place, option_id in enumerate(chooser.sample(options, OPTIONS), start=1)
        ]
    session.execute(insert(RoundVoter), voters_rows)
    session.execute(insert(Ballot), ballots)
    session.execute(insert(BallotChoice), choices)
    close_round(session, round_id=vote_round.id)
    return vote_round.id


def main() -> None:
    """Store the round once, then time counting it from the database."""
    with tempfile.TemporaryDirectory() as folder:
        database = open_database(Path(folder) / "bench_count.sqlite")
        round_id = perform(database, _stored_round).result
        walls, processors = [], []
        for _ in range(RUNS):
            started, started_processor = time.perf_counter(), time.process_time()
            result = read(database, lambda session: tally_round(session, round_id=round_id))
            walls.append((time.perf_counter() - started) * 1000)
            processors.append((time.process_time() - started_processor) * 1000)
        if result.ballots_counted != VOTERS:
            raise SystemExit("The stored round did not count every ballot; the timing means nothing.")
        database.close()
    report("count_stored_round_5000_ms", statistics.median(walls))
    report("count_stored_round_5000_cpu_ms", statistics.median(processors))


if __name__ == "__main__":
    main()
