"""Score means in the decision record and spreadsheets: exact enough to explain the order, "not scored" kept apart."""

from __future__ import annotations

import subprocess

import pytest

from cocommission.export.decision_pdf import decision_pdf
from cocommission.export.spreadsheets import spreadsheet_tables
from cocommission.model.people import Participant, Role
from cocommission.services import voting
from cocommission.services.perform import perform, read

ROUND = "How much do you want each one?"


def _score_round(session, *, commission_id: str) -> str:
    """A revealed -2..2 round: Gym 5/8, Cafe 8/13, Library -1 from everyone who scored it, Skate park unscored."""
    voters = [
        Participant(commission_id=commission_id, pseudonym=f"Scorer {n}", role=Role.YOUNG_PERSON)
        for n in range(13)
    ]
    session.add_all(voters)
    session.flush()
    made = voting.create_round(
        session,
        commission_id=commission_id,
        title=ROUND,
        method="score",
        options=("Gym", "Cafe", "Library", "Skate park"),
        score_min=-2,
        score_max=2,
    )
    voting.open_round(session, round_id=made.id)
    option = {o.label: o.id for o in made.options}
    for n, voter in enumerate(voters):
        choices = {option["Cafe"]: 1 if n < 8 else 0}
        if n < 8:
            choices[option["Gym"]] = 1 if n < 5 else 0
        if n == 0:
            choices[option["Library"]] = -1
        voting.cast_ballot(session, round_id=made.id, participant_id=voter.id, choices=choices)
    voting.close_round(session, round_id=made.id)
    voting.reveal_round(session, round_id=made.id)
    return made.id


@pytest.fixture
def score_round(database, example) -> str:
    """The example commission with the score round added, counted and revealed."""
    perform(database, _score_round, commission_id=example)
    return example


def _pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(extracted.stdout.split())


def test_decision_record_shows_means_that_explain_the_order(database, score_round, tmp_path):
    """The decision record's count shows 0.625 and 0.615 (not 0.62 twice) and says the unscored option has no mean."""
    text = _pdf_text(read(database, lambda s: decision_pdf(s, commission_id=score_round)), tmp_path)
    assert "Gym: mean 0.625 from 8 scores (total 5 divided by 8)." in text
    assert "Cafe: mean 0.615 from 13 scores (total 8 divided by 13)." in text
    assert "Skate park: nobody scored it, so it has no mean." in text
    assert "they are placed after every scored option, sharing the last place (Skate park)" in text
    assert "1st Gym; 2nd Cafe; 3rd Library; 4th Skate park." in text


def test_spreadsheet_means_explain_the_order_and_unscored_says_so(database, score_round):
    """The votes table gives the means as 0.625 and 0.615 and the unscored option as "not scored", placed last."""
    tables = read(database, lambda s: spreadsheet_tables(s, commission_id=score_round))
    votes = next(table for table in tables if table.name == "votes")
    total = votes.headers.index("Total")
    place = votes.headers.index("Place")
    rows = {row[4]: (row[place], row[total]) for row in votes.rows if row[0] == ROUND}
    assert rows == {
        "Gym": ("1st", 0.625),
        "Cafe": ("2nd", 0.615),
        "Library": ("3rd", -1),
        "Skate park": ("4th", "not scored"),
    }


def _run_off_round(session, *, commission_id: str, draw: bool) -> str:
    """A revealed run-off: 3 for Youth club alone, Bus passes and Football pitch each other's second choice."""
    voters = [
        Participant(commission_id=commission_id, pseudonym=f"Ranker {n}", role=Role.YOUNG_PERSON) for n in range(7)
    ]
    session.add_all(voters)
    session.flush()
    made = voting.create_round(
        session, commission_id=commission_id, title="Which comes first?", method="ranking", count_method="irv",
        options=("Youth club", "Bus passes", "Football pitch"),
    )
    voting.open_round(session, round_id=made.id)
    club, bus, pitch = (option.id for option in made.options)
    for voter, ballot in zip(voters, [(club,)] * 3 + [(bus, pitch)] * 2 + [(pitch, bus)] * 2, strict=True):
        voting.cast_ballot(session, round_id=made.id, participant_id=voter.id, choices=ballot)
    voting.close_round(session, round_id=made.id)
    if draw:
        voting.draw_lots(session, round_id=made.id)
    voting.reveal_round(session, round_id=made.id)
    return made.id


def test_decision_record_shows_a_run_off_waiting_for_its_lot_and_then_settled_by_it(database, example, tmp_path):
    """The record names the tie-break rule, says the lot is needed and no winner declared, then shows the draw."""
    perform(database, _run_off_round, commission_id=example, draw=False)
    text = _pdf_text(read(database, lambda s: decision_pdf(s, commission_id=example)), tmp_path)
    assert "If tied for fewest Earlier counts, then a lot drawn by the facilitator" in text
    assert "Lot Needed between Bus passes and Football pitch and not drawn yet: no winner is declared." in text
    assert "Place Option =1st Youth club =1st Bus passes =1st Football pitch" in text
    assert "No winner is declared until the facilitator draws lots." in text

    round_id = read(database, lambda s: [r.id for r in voting.list_rounds(s, commission_id=example)][-1])
    drawn = perform(database, voting.draw_lots, round_id=round_id).result
    labels = {option.id: option.label for option in drawn.options}
    winner = min(("Bus passes", "Football pitch"), key=lambda label: [labels[o] for o in drawn.lot_order].index(label))
    text = _pdf_text(read(database, lambda s: decision_pdf(s, commission_id=example)), tmp_path)
    assert "Lot Drawn by the facilitator, luckiest first: " + "; ".join(labels[o] for o in drawn.lot_order) in text
    assert f"Place Option 1st {winner} 2nd Youth club" in text


def test_decision_record_lists_each_round_s_places_with_the_numbers_the_count_shows(database, score_round, tmp_path):
    """A table of places beside the steps: the means read 0.625 and 0.615, and the unscored option "not scored"."""
    text = _pdf_text(read(database, lambda s: decision_pdf(s, commission_id=score_round)), tmp_path)
    table = text[text.index("Place Option Mean score") : text.index("How the count was done", text.index("Mean score"))]
    assert table.startswith("Place Option Mean score 1st Gym 0.625 2nd Cafe 0.615 3rd Library")
    assert "4th Skate park" in table and "not scored" in table and "-1" in table


def test_spreadsheet_says_which_places_wait_for_the_lot(database, example):
    """A run-off waiting for its lot shares its places in the votes table and says they wait for the lot."""
    perform(database, _run_off_round, commission_id=example, draw=False)
    tables = read(database, lambda s: spreadsheet_tables(s, commission_id=example))
    votes = next(table for table in tables if table.name == "votes")
    place = votes.headers.index("Place")
    rows = {row[4]: row[place] for row in votes.rows if row[0] == "Which comes first?"}
    assert rows == dict.fromkeys(("Youth club", "Bus passes", "Football pitch"), "=1st (waits for the lot)")
