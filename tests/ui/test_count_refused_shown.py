"""A round whose stored ballots break its rules is not counted on screen: the facilitator reads why instead."""

from __future__ import annotations

from sqlalchemy import update

from cocommission.model import Ballot, BallotChoice, Role
from cocommission.services import commissions, participants, voting
from cocommission.ui.pages.priorities_page import PrioritiesPage


def test_results_panel_says_why_a_round_with_a_score_off_the_scale_is_not_counted(
    show_page, commander, database, problems
):
    """A score of 99 on a -2..2 round, edited into the file outside the app: a readable refusal, no count shown."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    voters = [
        commander.run(participants.add_participant, commission_id=cid, pseudonym=f"Scorer {n}", role=Role.YOUNG_PERSON).id
        for n in range(3)
    ]
    made = commander.run(
        voting.create_round, commission_id=cid, title="How much?", method="score",
        options=("Gym", "Cafe"), score_min=-2, score_max=2,
    )
    commander.run(voting.open_round, round_id=made.id)
    for voter in voters:
        commander.run(voting.cast_ballot, round_id=made.id, participant_id=voter, choices={made.options[0].id: 1})
    commander.run(voting.close_round, round_id=made.id)
    commander.run(voting.reveal_round, round_id=made.id)
    with database.unit_of_work() as session:
        ballot_id = session.scalars(Ballot.__table__.select().with_only_columns(Ballot.id)).first()
        session.execute(update(BallotChoice).where(BallotChoice.ballot_id == ballot_id).values(value=99))

    page = show_page(PrioritiesPage(commander), cid, size=(1150, 700))
    page.rounds = commander.read(voting.list_rounds, commission_id=cid)
    page.select_round(made.id)

    assert any(
        "This round cannot be counted" in said and f"ballot {ballot_id} in round {made.id}: score 99 outside -2 to 2" in said
        for said in problems
    ), problems
    assert page.results_panel.results_view.model().rowCount() == 0
    assert page.results_panel.result is None
