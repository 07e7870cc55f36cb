"""Score means on the results panel and the projector: exact enough to explain the order, "not scored" kept apart."""

from __future__ import annotations

import pytest

from cocommission.model import Role
from cocommission.services import commissions, participants, voting
from cocommission.ui.pages.priorities_page import PrioritiesPage
from cocommission.ui.pages.results_panel import COL_OPTION, COL_PLACE, COL_SCORE

OPTIONS = ("Gym", "Cafe", "Library", "Skate park")


@pytest.fixture
def score_round(commander) -> tuple[str, str]:
    """A revealed -2..2 round: Gym 5/8, Cafe 8/13, Library -1 from the one who scored it, Skate park unscored."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    voters = [
        commander.run(
            participants.add_participant, commission_id=cid, pseudonym=f"Scorer {n}", role=Role.YOUNG_PERSON
        ).id
        for n in range(13)
    ]
    made = commander.run(
        voting.create_round,
        commission_id=cid,
        title="How much do you want each one?",
        method="score",
        options=OPTIONS,
        score_min=-2,
        score_max=2,
    )
    commander.run(voting.open_round, round_id=made.id)
    option = {o.label: o.id for o in made.options}
    for n, voter in enumerate(voters):
        choices = {option["Cafe"]: 1 if n < 8 else 0}
        if n < 8:
            choices[option["Gym"]] = 1 if n < 5 else 0
        if n == 0:
            choices[option["Library"]] = -1
        commander.run(voting.cast_ballot, round_id=made.id, participant_id=voter, choices=choices)
    commander.run(voting.close_round, round_id=made.id)
    commander.run(voting.reveal_round, round_id=made.id)
    return cid, made.id


def test_results_panel_shows_means_that_explain_the_order(show_page, commander, score_round):
    """The results table reads 0.625 above 0.615 (not 0.62 twice), and "not scored" last, not 0 above -1."""
    cid, round_id = score_round
    page = show_page(PrioritiesPage(commander), cid, size=(1150, 700))
    page.rounds = commander.read(voting.list_rounds, commission_id=cid)
    page.select_round(round_id)
    model = page.results_panel.results_view.model()
    shown = [
        tuple(model.index(row, column).data() for column in (COL_PLACE, COL_OPTION, COL_SCORE))
        for row in range(model.rowCount())
    ]
    assert shown == [
        ("1st", "Gym", "0.625"),
        ("2nd", "Cafe", "0.615"),
        ("3rd", "Library", "-1"),
        ("4th", "Skate park", "not scored"),
    ]
    assert "Rule for options nobody scored" in page.results_panel.steps.toPlainText()



def test_projector_ranking_shows_means_that_explain_the_order(commander, score_round, projector):
    """The wall's ranking says "mean 0.625" and "mean 0.615" and "not scored" for the option nobody scored."""
    _, round_id = score_round
    projector.show_ranking(round_id=round_id)
    texts = projector.current_scene().visible_texts()
    assert "mean 0.625" in texts and "mean 0.615" in texts
    assert "not scored" in texts
    assert "mean 0" not in texts


def test_projector_bars_show_means_that_explain_the_order(qtbot, commander, score_round, projector):
    """Once the reveal has grown the bars, they read 0.625 and 0.615, and the unscored option has no bar at 0."""
    _, round_id = score_round
    projector.show_reveal(round_id=round_id)
    scene = projector.current_scene()
    qtbot.waitUntil(lambda: not scene.animating, timeout=3000)
    texts = scene.visible_texts()
    assert "0.625" in texts and "0.615" in texts
    assert "not scored" in texts
    assert "0" not in texts
