"""Every vote on the wall lists its options with the keys the console records them by, in every state of the round."""

from __future__ import annotations

import re

import pytest

from cocommission.model import Role, Visibility
from cocommission.services import commissions, participants, voting
from cocommission.ui.live.option_keys import option_key
from cocommission.ui.live.projector_window import ProjectorWindow

OPTIONS = tuple(f"Option about thing {word}" for word in "abcdefghijk")
VOTERS = ("Ace", "Blaze", "Kiki")


@pytest.fixture
def wall(qtbot, commander) -> ProjectorWindow:
    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    window.resize(1920, 1080)
    return window


def _round(commander, *, visibility: Visibility, method: str = "dots", **rules):
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    voters = [
        commander.run(participants.add_participant, commission_id=cid, pseudonym=name, role=Role.YOUNG_PERSON).id
        for name in VOTERS
    ]
    made = commander.run(
        voting.create_round,
        commission_id=cid,
        title="Which matter most?",
        method=method,
        options=OPTIONS,
        visibility=visibility,
        **rules,
    )
    commander.run(voting.open_round, round_id=made.id)
    return made, voters


def _keys_before_options(texts: list[str]) -> list[tuple[str, str]]:
    """(the key drawn just before an option's words, the words), for each option the wall shows.

    The words may wrap onto several lines; the totals after a bar are numbers with no words after them.
    """
    found: list[tuple[str, str]] = []
    key, words = "", []
    for text in [*texts, "0"]:
        if re.fullmatch(r"[0-9A-Z]{1,2}", text):
            joined = (" ".join(words[:n]) for n in range(len(words), 0, -1))
            shown = next((text for text in joined if text in OPTIONS), "")
            if key and shown:
                found.append((key, shown))
            key, words = text, []
        else:
            words.append(text)
    return found


EXPECTED = [(option_key(index), label) for index, label in enumerate(OPTIONS)]


def _advance(commander, round_id: str, state: str) -> None:
    if state in ("closed", "revealed"):
        commander.run(voting.close_round, round_id=round_id)
    if state == "revealed":
        commander.run(voting.reveal_round, round_id=round_id)


@pytest.mark.parametrize("state", ["open", "closed", "revealed"])
@pytest.mark.parametrize("visibility", [Visibility.LIVE, Visibility.HIDDEN_UNTIL_REVEAL])
def test_every_state_shows_every_option_with_its_console_key(qtbot, commander, wall, visibility, state):
    """Open, closed and revealed, live or hidden: options 1–9 then A, B, each with its key, in the round's order."""
    made, voters = _round(commander, visibility=visibility, dots_per_person=3, max_dots_per_option=3)
    choices = {made.options[0].id: 2, made.options[10].id: 1}
    commander.run(voting.cast_ballot, round_id=made.id, participant_id=voters[0], choices=choices)
    _advance(commander, made.id, state)
    wall.show_vote(round_id=made.id)
    scene = wall.current_scene()
    scene.stop()
    texts = scene.visible_texts()
    assert _keys_before_options(texts) == EXPECTED
    assert scene.numbered_options == tuple(EXPECTED)
    if not scene.results_visible:
        # Hidden: the keys and the count are the only numbers on the wall, so no total leaks.
        numbers = {text for text in texts if re.search(r"[0-9]", text)}
        assert numbers - {"Each person has 3 dots", "1 of 3 has voted"} == set("123456789")


def test_an_instant_run_off_result_names_each_option_by_its_key(qtbot, commander, wall):
    """Revealed places of an instant run-off round still say which key each option had."""
    made, voters = _round(commander, visibility=Visibility.LIVE, method="ranking", count_method="irv")
    ranking = [made.options[2].id, made.options[0].id]
    commander.run(voting.cast_ballot, round_id=made.id, participant_id=voters[0], choices=ranking)
    wall.show_vote(round_id=made.id)
    texts = wall.current_scene().visible_texts()
    assert "3. Option about thing c" in texts
    assert "1. Option about thing a" in texts


def test_the_ranking_scene_names_each_option_by_its_key(qtbot, commander, wall):
    """The places on the ranking scene keep each option's key beside its words."""
    made, voters = _round(commander, visibility=Visibility.LIVE, dots_per_person=3, max_dots_per_option=3)
    choices = {made.options[10].id: 3}
    commander.run(voting.cast_ballot, round_id=made.id, participant_id=voters[0], choices=choices)
    wall.show_ranking(round_id=made.id)
    texts = wall.current_scene().visible_texts()
    assert texts[texts.index("1st") + 1] == "B. Option about thing k"
