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
