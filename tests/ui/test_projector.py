"""The projector window: live bars that match the tally, hidden rounds, privacy, ties, placing on a screen."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication

from cocommission.model import OutcomeStatus, Role, Visibility
from cocommission.services import bids, commissions, outcomes, participants, tender, voting, workshops
from cocommission.services.demo import YOUNG_PEOPLE
from cocommission.services.evaluation import evaluate
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.palette import DARK, LIGHT, OKABE_ITO, contrast_ratio
from cocommission.ui.live.placement import preview_geometry
from cocommission.ui.live.projector_window import ProjectorWindow
from cocommission.ui.live.typography import Typography

OPTIONS = ("Somewhere to go in the evenings", "Help into work", "Feeling safe on the estate")
#: (pseudonym, full name) of the young people in the test group.
GROUP = (("Blaze", "Marcus Okoro"), ("Kiki", "Keisha Campbell"), ("Zo", "Zoë Adeyemi"))


@pytest.fixture
def commander(database) -> Commander:
    """A commander over the test database with its own change bus."""
    return Commander(database, ChangeBus())


@pytest.fixture
def group(commander) -> tuple[str, dict[str, str]]:
    """A commission with three young people who vote (with private full names) and a youth worker."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    ids = {
        pseudonym: commander.run(
            participants.add_participant,
            commission_id=cid,
            pseudonym=pseudonym,
            full_name=full_name,
            contact="07700 900123",
            role=Role.YOUNG_PERSON,
        ).id
        for pseudonym, full_name in GROUP
    }
    commander.run(
        participants.add_participant, commission_id=cid, pseudonym="Sam (youth worker)", role=Role.FACILITATOR
    )
    return cid, ids



def _open_round(commander, cid, *, visibility=Visibility.LIVE, method="dots", **rules) -> voting.RoundRow:
    made = commander.run(
        voting.create_round,
        commission_id=cid,
        title="Which matters most?",
        method=method,
        options=OPTIONS,
        visibility=visibility,
        **rules,
    )
    commander.run(voting.open_round, round_id=made.id)
    return made


def _vote(commander, made, participant_id, dots: dict[int, int]) -> None:
    choices = {made.options[index].id: count for index, count in dots.items()}
    assert commander.run(voting.cast_ballot, round_id=made.id, participant_id=participant_id, choices=choices)


def _tally(commander, round_id, method=None) -> dict[str, int]:
    scores = commander.read(voting.tally_round, round_id=round_id, method=method).scores
    return {option_id: int(value) for option_id, value in scores.items()}


def _names_in(texts: list[str]) -> set[str]:
    """Every pseudonym or full name of the test group that appears in ``texts``."""
    words = " ".join(texts)
    return {name for pair in GROUP for name in pair if re.search(rf"\b{re.escape(name)}\b", words)}


def test_live_totals_match_the_tally_and_follow_each_ballot(qtbot, commander, group, projector):
    """The live bars show the tally's totals and "2 of 3 have voted", and repaint after the next ballot by themselves."""
    cid, ids = group
    made = _open_round(commander, cid)
    _vote(commander, made, ids["Blaze"], {0: 3, 1: 2})
    _vote(commander, made, ids["Kiki"], {0: 1, 2: 3})
    projector.show_vote(round_id=made.id)
    scene = projector.current_scene()
    assert (
        scene.totals
        == _tally(commander, made.id)
        == {made.options[0].id: 4, made.options[1].id: 2, made.options[2].id: 3}
    )
    assert (scene.voted_count, scene.eligible) == (2, 3)
    texts = scene.visible_texts()
    assert "2 of 3 have voted" in texts
    assert {"4", "2", "3"} <= set(texts)

    with qtbot.waitSignal(projector.painted, timeout=2000):
        _vote(commander, made, ids["Zo"], {1: 2, 2: 2})
    assert projector.current_scene() is scene
    assert (
        scene.totals
        == _tally(commander, made.id)
        == {made.options[0].id: 4, made.options[1].id: 4, made.options[2].id: 5}
    )
    assert "3 of 3 have voted" in scene.visible_texts()


def test_paper_tallies_count_in_the_live_bars(qtbot, commander, group, projector):
    """Dots counted off a paper sheet join the bars on the wall, as the tally counts them."""
    cid, ids = group
    made = _open_round(commander, cid)
    _vote(commander, made, ids["Blaze"], {0: 2})
    projector.show_vote(round_id=made.id)
    commander.run(
        voting.record_paper_tally, round_id=made.id, totals={made.options[2].id: 6}, source="Wall chart"
    )
    scene = projector.current_scene()
    assert scene.totals == _tally(commander, made.id)
    assert scene.totals[made.options[2].id] == 6


def test_hidden_round_shows_who_voted_and_no_totals_until_the_reveal(qtbot, commander, group, projector):
    """A hidden round shows its numbered options, the count and voters' pseudonyms, no total; the reveal grows the bars."""
    cid, ids = group
    made = _open_round(commander, cid, visibility=Visibility.HIDDEN_UNTIL_REVEAL)
    _vote(commander, made, ids["Kiki"], {0: 3, 1: 2})
    _vote(commander, made, ids["Blaze"], {0: 1})
    projector.show_vote(round_id=made.id)
    scene = projector.current_scene()
    assert scene.totals == {}
    assert scene.voters == ("Blaze", "Kiki")
    texts = scene.visible_texts()
    assert "2 of 3 have voted" in texts
    assert {"Blaze", "Kiki"} <= set(texts)
    assert "Zo" not in texts
    # The options with their keys, in their own order, and no number but the count: nothing gives a total away.
    assert [text for text in texts if text in OPTIONS] == list(OPTIONS)
    assert {text for text in texts if re.search(r"\d", text)} == {
        "Each person has 5 dots",
        "2 of 3 have voted",
        "1",
        "2",
        "3",
    }

    commander.run(voting.close_round, round_id=made.id)
    assert projector.current_scene().totals == {}
    with qtbot.waitSignal(projector.painted, timeout=2000):
        commander.run(voting.reveal_round, round_id=made.id)
    assert projector.current_scene() is scene
    assert scene.results_visible
    assert scene.animating
    qtbot.waitUntil(lambda: not scene.animating, timeout=3000)
    assert (
        scene.totals
        == _tally(commander, made.id)
        == {made.options[0].id: 4, made.options[1].id: 2, made.options[2].id: 0}
    )
    texts = scene.visible_texts()
    assert {"4", "2", "0"} <= set(texts)
    assert _names_in(texts) == set()


def test_reveal_grows_the_bars_to_the_true_totals(qtbot, commander, group, projector):
    """show_reveal starts the bars at nothing and ends, about a second later, at the tally's totals."""
    cid, ids = group
    made = _open_round(commander, cid, visibility=Visibility.HIDDEN_UNTIL_REVEAL)
    _vote(commander, made, ids["Zo"], {2: 3, 0: 2})
    for step in (voting.close_round, voting.reveal_round):
        commander.run(step, round_id=made.id)
    projector.show_reveal(round_id=made.id)
    scene = projector.current_scene()
    assert scene.name == "reveal"
    assert scene.animating and scene.growth < 1.0
    # "3" is drawn once, as option 3's key: no total has reached 3 yet.
    assert scene.visible_texts().count("3") == 1
    qtbot.waitUntil(lambda: not scene.animating, timeout=3000)
    assert scene.growth == 1.0
    assert scene.totals == _tally(commander, made.id)
    assert {"3", "2", "0"} <= set(scene.visible_texts())


def test_anonymous_round_never_puts_a_name_on_the_wall(qtbot, commander, group, projector):
    """Live and revealed bars of an anonymous round draw no pseudonym and no full name; the hidden list no full name."""
    cid, ids = group
    live = _open_round(commander, cid, anonymous=True)
    for pseudonym, dots in (("Blaze", {0: 2}), ("Kiki", {1: 1}), ("Zo", {2: 3})):
        _vote(commander, live, ids[pseudonym], dots)
    projector.show_vote(round_id=live.id)
    assert _names_in(projector.current_scene().visible_texts()) == set()
    commander.run(voting.close_round, round_id=live.id)
    projector.show_reveal(round_id=live.id)
    scene = projector.current_scene()
    qtbot.waitUntil(lambda: not scene.animating, timeout=3000)
    assert _names_in(scene.visible_texts()) == set()
    projector.show_ranking(round_id=live.id)
    assert _names_in(projector.current_scene().visible_texts()) == set()

    hidden = commander.run(
        voting.create_round,
        commission_id=cid,
        title="Second vote",
        method="dots",
        options=OPTIONS,
        visibility=Visibility.HIDDEN_UNTIL_REVEAL,
        anonymous=True,
    )
    commander.run(voting.open_round, round_id=hidden.id)
    _vote(commander, hidden, ids["Zo"], {0: 1})
    projector.show_vote(round_id=hidden.id)
    texts = projector.current_scene().visible_texts()
    assert _names_in(texts) == {"Zo"}
    assert not any(full_name in " ".join(texts) for _, full_name in GROUP)
    assert "07700 900123" not in " ".join(texts)


def test_ranking_shows_ties_as_ties(qtbot, commander, group, projector):
    """Two options with the same dots share "=1st" and the next is 3rd: the tie is not broken."""
    cid, ids = group
    made = _open_round(commander, cid)
    _vote(commander, made, ids["Blaze"], {0: 3, 2: 1})
    _vote(commander, made, ids["Kiki"], {1: 3})
    projector.show_ranking(round_id=made.id)
    scene = projector.current_scene()
    first, second, third = (option.id for option in made.options)
    assert scene.tiers == ((first, second), (third,))
    assert scene.places == {first: "=1st", second: "=1st", third: "3rd"}
    texts = scene.visible_texts()
    assert texts.count("=1st") == 2
    assert "3rd" in texts
    assert "1st" not in texts
    assert any("Ties are not broken" in text for text in texts)


def test_a_run_off_waiting_for_a_lot_shows_no_winner(qtbot, commander, group, projector):
    """Three favourites, one vote each: the wall says no winner yet and that the places wait for a lot."""
    cid, ids = group
    made = _open_round(commander, cid, method="ranking", count_method="irv")
    a, b, c = (option.id for option in made.options)
    for pseudonym, order in (("Blaze", [a]), ("Kiki", [b, c]), ("Zo", [c, b])):
        commander.run(voting.cast_ballot, round_id=made.id, participant_id=ids[pseudonym], choices=order)
    projector.show_ranking(round_id=made.id)
    scene = projector.current_scene()
    assert set(scene.places.values()) == {"=1st"}
    texts = scene.visible_texts()
    assert any(text.startswith("No winner yet: “=” marks places that wait for a lot") for text in texts)
    assert not any("Ties are not broken" in text for text in texts)
    projector.show_vote(round_id=made.id)
    texts = projector.current_scene().visible_texts()
    assert any(text.startswith("No winner yet: “=” marks places that wait for a lot") for text in texts)


def test_ranking_round_counted_another_way(qtbot, commander, group, projector):
    """A ranking round shown with another count method uses it, and the places follow that count."""
    cid, ids = group
    made = _open_round(commander, cid, method="ranking", count_method="borda")
    a, b, c = (option.id for option in made.options)
    for pseudonym, order in (("Blaze", [a, b, c]), ("Kiki", [b, a, c]), ("Zo", [a, c, b])):
        commander.run(voting.cast_ballot, round_id=made.id, participant_id=ids[pseudonym], choices=order)
    projector.show_ranking(round_id=made.id, method="schulze")
    scene = projector.current_scene()
    expected = commander.read(voting.tally_round, round_id=made.id, method="schulze")
    assert scene.tiers == expected.ranking
    assert scene.places[a] == "1st"
    assert any("Schulze" in text for text in scene.visible_texts())


def test_place_goes_full_screen_on_the_second_screen(qtbot, commander):
    """With two screens the window fills the second one; with one it stays a resizable preview window."""
    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    window.place(
        [FakeScreen(QRect(0, 0, 1366, 768), "Laptop"), FakeScreen(QRect(1366, 0, 1920, 1080), "HDMI-1")]
    )
    qtbot.waitUntil(window.isVisible)
    assert window.isFullScreen()
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    assert window.placed_on == "HDMI-1"

    window.place([FakeScreen(QRect(0, 0, 1366, 768), "Laptop")])
    assert window.isVisible()
    assert not window.isFullScreen()
    assert window.placed_on is None
    # Beside the console, not over it: the top of the screen's right-hand third, at the wall's 16:9.
    assert window.geometry() == preview_geometry(QRect(0, 0, 1366, 768))
    assert window.x() > 1366 * 2 // 3 and abs(window.width() * 9 - window.height() * 16) < 16


def test_place_uses_the_real_screens_by_default(qtbot, commander):
    """Without a list, place() asks Qt for the screens; the offscreen platform has one, so a preview window opens."""
    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    assert len(QGuiApplication.screens()) == 1
    window.place()
    assert window.isVisible() and not window.isFullScreen()


def test_welcome_shows_agenda_clock_and_countdown(qtbot, commander, projector, example):
    """The welcome scene shows the title, the workshop's agenda with minutes, and the countdown while it runs."""
    cid = example
    workshop = commander.read(workshops.list_workshops, commission_id=cid)[0]
    projector.show_welcome(commission_id=cid, workshop_id=workshop.id)
    scene = projector.current_scene()
    assert [item.title for item in scene.agenda] == [item.title for item in workshop.agenda]
    texts = scene.visible_texts()
    assert "Youth Justice Talent Fund" in texts
    assert {"Welcome and ground rules", "20 min", "1 h", "Pay and close"} <= set(texts)
    assert any(re.fullmatch(r"\d\d:\d\d", text) for text in texts)
    assert "Time left" not in texts

    projector.start_countdown(90)
    assert projector.countdown_left() == 90
    assert {"Time left", "1:30"} <= set(scene.visible_texts())
    projector.start_countdown(0)
    assert "Time's up" in scene.visible_texts()
    projector.stop_countdown()
    assert projector.countdown_left() is None
    assert "Time's up" not in scene.visible_texts()


def test_countdown_shows_on_other_scenes_too(qtbot, commander, group, projector):
    """A countdown started during a vote stays on the wall, in a corner of the vote scene."""
    cid, _ = group
    made = _open_round(commander, cid)
    projector.show_vote(round_id=made.id)
    projector.start_countdown(125)
    assert "Time left 2:05" in projector.current_scene().visible_texts()


def test_outcomes_scene_lists_live_statements_numbered(qtbot, commander, projector, example):
    """The outcomes scene numbers the statements still in play; merged originals and dropped ones are left off."""
    cid = example
    rows = commander.read(outcomes.list_outcomes, commission_id=cid, include_merged=False)
    dropped = rows[0]
    commander.run(outcomes.set_outcome_status, outcome_id=dropped.id, status=OutcomeStatus.DROPPED)
    projector.show_outcomes(commission_id=cid)
    scene = projector.current_scene()
    shown = [row.text for row in scene.outcomes]
    assert dropped.text not in shown
    assert "Young people have a voice" not in shown
    assert "Young people's voices shape decisions that affect them" in shown
    texts = scene.visible_texts()
    assert texts[0] == "What the service should achieve"
    assert str(len(shown)) in texts
    assert " ".join(texts).count("Young people") >= len([text for text in shown if "Young people" in text])


def test_outcomes_scene_follows_an_edit(qtbot, commander, projector):
    """Editing a statement on the laptop changes it on the wall without choosing the scene again."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    added = commander.run(outcomes.add_outcome, commission_id=cid, text="Young people feel safe")
    projector.show_outcomes(commission_id=cid)
    with qtbot.waitSignal(projector.painted, timeout=2000):
        commander.run(outcomes.edit_outcome, outcome_id=added.id, text="Young people feel safe at night")
    assert "Young people feel safe at night" in " ".join(projector.current_scene().visible_texts())


def test_tender_section_follows_edits(qtbot, commander, projector, example):
    """The tender scene shows the section's heading and words, and the new words after an edit."""
    cid = example
    section = next(
        s for s in commander.read(tender.get_tender, commission_id=cid).sections if s.key == "requirements"
    )
    projector.show_tender_section(section_id=section.id)
    scene = projector.current_scene()
    assert (scene.heading, scene.body) == (section.heading, section.body)
    assert section.heading in scene.visible_texts()
    assert any(text.startswith("• Young people must plan") for text in scene.visible_texts())


def test_the_timetable_on_the_wall_opens_with_the_closing_date(qtbot, commander, projector, example):
    """The wall shows the timetable as the printed tender does: the closing date first."""
    cid = example
    section = next(
        s for s in commander.read(tender.get_tender, commission_id=cid).sections if s.key == "timetable"
    )
    projector.show_tender_section(section_id=section.id)
    assert projector.current_scene().body.startswith("Bids must reach us by 27 March 2026.\n")
    assert "Bids must reach us by 27 March 2026." in " ".join(projector.current_scene().visible_texts())


def test_tender_section_of_a_draft_follows_edits(qtbot, commander, projector):
    """Words typed into a draft tender's section on the laptop appear on the wall."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    made = commander.run(tender.create_tender, commission_id=cid)
    section = made.sections[0]
    projector.show_tender_section(section_id=section.id)
    commander.run(tender.edit_section, section_id=section.id, body="Sessions run on Friday evenings.")
    assert "Sessions run on Friday evenings." in projector.current_scene().visible_texts()


def test_bid_totals_show_weighted_totals_and_never_who_scored(qtbot, commander, projector, example):
    """The bid scene shows each shortlisted bid's weighted total and place, and no panellist at all."""
    cid = example
    projector.show_bid_totals(commission_id=cid)
    scene = projector.current_scene()
    evaluation = commander.read(evaluate, commission_id=cid)
    assert scene.totals == {result.bid_id: result.weighted_total for result in evaluation.result.bids}
    shortlisted = commander.read(bids.list_bids, commission_id=cid, shortlisted_only=True)
    texts = scene.visible_texts()
    assert {bid.title for bid in shortlisted} <= set(texts)
    words = " ".join(texts)
    for pseudonym, full_name, *_ in YOUNG_PEOPLE:
        assert not re.search(rf"\b{re.escape(pseudonym)}\b", words)
        assert full_name not in words
    best = evaluation.result.ranking[0][0]
    assert scene.places[best] in ("1st", "=1st")


def test_bid_totals_show_tied_bids_as_ties(qtbot, commander, projector):
    """Two bids with the same weighted total share "=1st" on the wall."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    commander.run(tender.set_criteria, commission_id=cid, criteria=[("Led by young people", "", 100)])
    made = [
        commander.run(
            bids.add_bid_with_bidder, commission_id=cid, bidder_name=name, title=title, amount_minor=100
        )
        for name, title in (("Group A", "Talent show"), ("Group B", "Street sport"))
    ]
    for bid in made:
        commander.run(bids.set_shortlisted, bid_id=bid.id, shortlisted=True)
    projector.show_bid_totals(commission_id=cid)
    scene = projector.current_scene()
    assert set(scene.places.values()) == {"=1st"}
    assert scene.visible_texts().count("=1st") == 2


def test_a_scene_that_cannot_be_read_tells_the_laptop(qtbot, commander, projector):
    """Bid totals before any criteria exist: the laptop hears why, the wall shows a calm line."""
    cid = commander.run(commissions.create_commission, title="Youth fund").id
    with qtbot.waitSignal(commander.failed, timeout=1000) as failed:
        projector.show_bid_totals(commission_id=cid)
    assert "criteria" in failed.args[0]
    assert projector.current_scene().visible_texts() == ["The bid scores are not ready to show yet"]


def test_only_the_current_scene_reads_and_only_for_its_changes(
    qtbot, commander, group, projector, monkeypatch
):
    """A change the scene does not show reads nothing; ballots make only the current scene read, once per frame."""
    cid, ids = group
    made = _open_round(commander, cid)
    projector.show_outcomes(commission_id=cid)
    outcomes_scene = projector.current_scene()
    projector.show_vote(round_id=made.id)
    scene = projector.current_scene()
    reads = []
    monkeypatch.setattr(scene, "load", lambda: reads.append("vote"))
    monkeypatch.setattr(outcomes_scene, "load", lambda: reads.append("outcomes"))
    commander.run(outcomes.add_outcome, commission_id=cid, text="Young people feel safe")
    assert projector.current_scene() is scene
    assert reads == []
    with qtbot.waitSignal(projector.painted, timeout=2000):
        _vote(commander, made, ids["Zo"], {0: 1})
        _vote(commander, made, ids["Kiki"], {1: 1})
    # Two entries in one turn of the event loop: one read, in the turn before the wall is painted.
    assert reads == ["vote"]


def test_the_wall_reads_a_ballot_in_a_turn_of_its_own(qtbot, commander, group, projector, monkeypatch):
    """A ballot returns before the wall reads it, and the wall reads before it paints, not while painting:
    neither the keying nor the paint carries the read, so the console keeps turning over."""
    cid, ids = group
    made = _open_round(commander, cid)
    projector.show_vote(round_id=made.id)
    scene = projector.current_scene()
    events: list[str] = []
    painting = []
    reload = scene.reload
    monkeypatch.setattr(scene, "reload", lambda: (events.append("read while painting" if painting else "read"), reload()))
    paint_event = projector.paintEvent

    def paint(event) -> None:
        painting.append(True)
        try:
            paint_event(event)
        finally:
            painting.pop()

    monkeypatch.setattr(projector, "paintEvent", paint)
    projector.painted.connect(lambda: events.append("painted"))
    qtbot.wait(10)
    events.clear()
    with qtbot.waitSignal(projector.painted, timeout=2000):
        _vote(commander, made, ids["Zo"], {0: 2})
        assert events == []
    assert events == ["read", "painted"]
    assert scene.totals[made.options[0].id] == 2


def test_a_paint_while_a_busy_rooms_next_read_is_coming_shows_the_last_read(qtbot, commander, group, projector, monkeypatch):
    """Ballots arriving faster than the wall reads: a paint asked for meanwhile (the clock, a window
    moved over it) shows what was read last instead of reading inside the paint; the paced read
    then comes and shows the new ballot."""
    cid, ids = group
    made = _open_round(commander, cid)
    projector.show_vote(round_id=made.id)
    scene = projector.current_scene()
    with qtbot.waitSignal(projector.painted, timeout=2000):
        _vote(commander, made, ids["Zo"], {0: 2})
    reads: list[float] = []
    reload = scene.reload
    monkeypatch.setattr(scene, "reload", lambda: (reads.append(projector.read_at), reload()))
    # The wall read a moment ago, so the next read waits for the gap to pass.
    _vote(commander, made, ids["Kiki"], {1: 1})
    assert projector._reader.timer.isActive()
    projector.repaint()
    assert reads == []
    assert scene.totals[made.options[1].id] == 0
    qtbot.waitUntil(lambda: scene.totals[made.options[1].id] == 1, timeout=2000)
    assert len(reads) == 1


def test_hidden_window_reads_when_shown(qtbot, commander, group):
    """While the projector is hidden it reads nothing; shown again, it shows the latest totals."""
    cid, ids = group
    made = _open_round(commander, cid)
    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    window.show_vote(round_id=made.id)
    _vote(commander, made, ids["Blaze"], {0: 2})
    assert window.current_scene().totals[made.options[0].id] == 2


def test_text_grows_with_the_font_scale_and_the_window():
    """Design sizes scale with the window's height and the font-scale setting; lengths only with the height."""
    typography = Typography("DejaVu Sans", font_scale=1.5)
    typography.set_height(1080)
    assert typography.px(40) == 60
    assert typography.length(40) == 40
    typography.set_height(540)
    assert typography.px(40) == 30
    assert typography.length(40) == 20


def test_larger_font_scale_draws_larger_text(qtbot, commander, group):
    """A projector at font scale 1.5 lays the same vote out in bigger type than one at 1.0."""
    cid, _ = group
    made = _open_round(commander, cid)
    sizes = []
    for scale in (1.0, 1.5):
        window = ProjectorWindow(commander, font_scale=scale)
        qtbot.addWidget(window)
        window.show_vote(round_id=made.id)
        assert window.font_scale == scale
        image = window.grab_scene()
        sizes.append(_ink_rows(image))
    assert sizes[1] > sizes[0]


def _ink_rows(image) -> int:
    """How many pixel rows hold something other than the background (a rough measure of text size)."""
    background = image.pixel(0, 0)
    rows = 0
    for y in range(0, image.height(), 2):
        if any(image.pixel(x, y) != background for x in range(0, image.width(), 4)):
            rows += 1
    return rows


def test_palettes_are_high_contrast_and_colour_blind_safe():
    """Text is at least 7:1 on both palettes; bars and accents are Okabe–Ito colours at least 3:1."""
    for palette in (DARK, LIGHT):
        assert contrast_ratio(palette.text, palette.background) >= 7
        assert contrast_ratio(palette.quiet_text, palette.background) >= 7
        assert contrast_ratio(palette.bar, palette.background) >= 3
        assert contrast_ratio(palette.accent, palette.background) >= 3
        assert {palette.bar, palette.accent} <= set(OKABE_ITO.values())


def test_light_palette_paints_dark_text_on_white(qtbot, commander, group):
    """With the light palette the wall is white."""
    cid, _ = group
    window = ProjectorWindow(commander)
    qtbot.addWidget(window)
    window.set_palette(LIGHT)
    window.show_outcomes(commission_id=cid)
    assert window.grab_scene(640, 360).pixelColor(2, 2).name() == "#ffffff"


@dataclass(frozen=True)
class FakeScreen:
    """Just enough of a QScreen for place(): where it is and what it is called."""

    area: QRect
    label: str

    def geometry(self) -> QRect:
        """Where the screen is on the desktop."""
        return self.area

    def name(self) -> str:
        """The screen's name, as the system gives it."""
        return self.label

    def availableGeometry(self) -> QRect:
        """What the desktop leaves free on the screen (no taskbar here)."""
        return self.area
