"""The speaking-turn tracker: turns saved as people are tapped, shares that add up, and the go-round."""

from __future__ import annotations

from control_names import unnamed_controls
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt

from cocommission.model import Role
from cocommission.model.base import today
from cocommission.services.attendance import set_attendance
from cocommission.services.commissions import create_commission
from cocommission.services.participants import add_participant
from cocommission.services.perform import perform
from cocommission.services.speaking import list_speaking_turns, record_speaking_turn, whole_percentages
from cocommission.services.workshops import add_workshop
from cocommission.ui.bus import ChangeBus
from cocommission.ui.commands import Commander
from cocommission.ui.live.speaking_panel import COL_PASSES, COL_SHARE, COL_TURNS, SpeakingPanel

CONSENTED = ("Ace", "Blaze", "Kiki", "Zo")


class FakeClock:
    """A clock the test moves by hand, so turns have exact lengths without waiting."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _commission(database) -> tuple[str, dict[str, str]]:
    """Four young people with consent and one (Nia) still waiting for it; (commission id, name -> id)."""
    commission_id = perform(database, create_commission, title="Talent Fund").result.id
    ids = {}
    for name in CONSENTED:
        ids[name] = perform(
            database, add_participant, commission_id=commission_id, pseudonym=name, consent_on=today()
        ).result.id
    ids["Nia"] = perform(database, add_participant, commission_id=commission_id, pseudonym="Nia").result.id
    return commission_id, ids


def _panel(qtbot, database):
    commission_id, ids = _commission(database)
    commander = Commander(database, ChangeBus())
    clock = FakeClock()
    panel = SpeakingPanel(commander, clock=clock)
    qtbot.addWidget(panel)
    panel.set_commission(commission_id)
    return panel, commander, clock, commission_id, ids


def _tap(qtbot, panel, participant_id: str) -> None:
    qtbot.mouseClick(panel.buttons[participant_id], Qt.MouseButton.LeftButton)


def _shown_shares(panel) -> dict[str, str]:
    """Participant -> the share of time as the table shows it."""
    model = panel.shares_model
    return {model.index(row, 0).data(): model.index(row, COL_SHARE).data() for row in range(model.rowCount())}


def test_tapping_speakers_records_their_turns_and_shares_add_up_to_100(qtbot, database):
    """Tap Ace, then Blaze, then Stop: two turns are saved and the shown shares add up to 100%."""
    panel, commander, clock, commission_id, ids = _panel(qtbot, database)
    _tap(qtbot, panel, ids["Ace"])
    assert panel.now_label.text() == "Ace is speaking — 0:00"
    clock.advance(40)
    _tap(qtbot, panel, ids["Blaze"])
    clock.advance(20.4)
    qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    turns = commander.read(list_speaking_turns, commission_id=commission_id)
    assert [(t.participant_id, t.seconds) for t in turns] == [(ids["Ace"], 40), (ids["Blaze"], 20)]
    shares = _shown_shares(panel)
    assert shares["Ace"] == "67%" and shares["Blaze"] == "33%"
    assert sum(int(text.rstrip("%")) for text in shares.values()) == 100
    assert panel.not_heard_label.text() == "Not heard yet: Kiki, Nia, Zo"
    assert panel.now_label.text() == "Nobody is speaking. Tap whoever starts."
    assert panel.balance_label.text().startswith("Balance index 0.")


def test_three_equal_speakers_still_show_shares_that_add_up_to_100(qtbot, database):
    """Thirds are shown as 34%, 33% and 33%, never 99%."""
    panel, _, clock, _, ids = _panel(qtbot, database)
    for name in ("Ace", "Kiki", "Zo"):
        _tap(qtbot, panel, ids[name])
        clock.advance(10)
    panel.stop()
    shares = _shown_shares(panel)
    assert sorted(shares[name] for name in ("Ace", "Kiki", "Zo")) == ["33%", "33%", "34%"]
    assert sum(int(text.rstrip("%")) for text in shares.values()) == 100


def test_go_round_starts_with_the_least_heard_and_hands_over_with_next(qtbot, database):
    """The go-round puts whoever has spoken least first, and Next saves their turn and starts the next."""
    panel, commander, clock, commission_id, ids = _panel(qtbot, database)
    for name, seconds in (("Ace", 60), ("Blaze", 5), ("Kiki", 20)):
        commander.run(
            record_speaking_turn, commission_id=commission_id, participant_id=ids[name], seconds=seconds
        )
    assert panel.not_heard_label.text() == "Not heard yet: Nia, Zo"
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    # Nia has no consent recorded, so she cannot have a turn recorded and is left out.
    assert panel.go_round == [ids["Zo"], ids["Blaze"], ids["Kiki"], ids["Ace"]]
    assert panel.speaker == ids["Zo"]
    assert panel.go_label.text() == "Now Zo (1 of 4). Then: Blaze, Kiki, Ace"
    clock.advance(15)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.speaker == ids["Blaze"]
    turns = commander.read(list_speaking_turns, commission_id=commission_id)
    assert (turns[-1].participant_id, turns[-1].seconds) == (ids["Zo"], 15)
    for _ in range(3):
        clock.advance(5)
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.speaker is None
    assert panel.go_label.text() == "Go-round finished: everyone had a turn."
    assert panel.not_heard_label.text() == "Not heard yet: Nia"


def test_a_mistaken_tap_is_not_counted_and_tapping_the_speaker_stops_them(qtbot, database):
    """A tap corrected within a second saves no turn; tapping the person speaking ends their turn."""
    panel, commander, clock, commission_id, ids = _panel(qtbot, database)
    _tap(qtbot, panel, ids["Kiki"])
    clock.advance(0.3)
    _tap(qtbot, panel, ids["Zo"])
    assert "not counted" in panel.message.text()
    clock.advance(12)
    _tap(qtbot, panel, ids["Zo"])
    assert panel.speaker is None
    turns = commander.read(list_speaking_turns, commission_id=commission_id)
    assert [(t.participant_id, t.seconds) for t in turns] == [(ids["Zo"], 12)]


def test_the_buttons_of_people_not_heard_yet_say_so(qtbot, database):
    """Each quiet person's button says "not heard yet" until they have had a turn."""
    panel, _, clock, _, ids = _panel(qtbot, database)
    assert panel.buttons[ids["Kiki"]].text() == "Kiki\nnot heard yet"
    _tap(qtbot, panel, ids["Kiki"])
    clock.advance(3)
    panel.stop()
    assert panel.buttons[ids["Kiki"]].text() == "Kiki"
    assert panel.buttons[ids["Zo"]].text() == "Zo\nnot heard yet"


def test_only_people_who_can_take_part_can_be_tapped(qtbot, database):
    """Someone without recorded consent is shown but their button cannot be pressed."""
    panel, *_, ids = _panel(qtbot, database)
    assert not panel.buttons[ids["Nia"]].isEnabled()
    assert "consent" in panel.buttons[ids["Nia"]].toolTip()
    assert all(panel.buttons[ids[name]].isEnabled() for name in CONSENTED)


def test_in_a_workshop_with_a_register_only_those_present_are_listed_and_turns_belong_to_it(qtbot, database):
    """With a workshop's register taken the grid shows who came, and their turns are saved to that workshop."""
    panel, commander, clock, commission_id, ids = _panel(qtbot, database)
    workshop = commander.run(add_workshop, commission_id=commission_id, title="Outcomes")
    for name in ("Ace", "Zo"):
        commander.run(set_attendance, workshop_id=workshop.id, participant_id=ids[name], present=True)
    panel.set_workshop(workshop.id)
    assert set(panel.buttons) == {ids["Ace"], ids["Zo"]}
    _tap(qtbot, panel, ids["Ace"])
    clock.advance(9)
    panel.stop()
    turns = commander.read(list_speaking_turns, commission_id=commission_id, workshop_id=workshop.id)
    assert [(t.participant_id, t.seconds) for t in turns] == [(ids["Ace"], 9)]
    assert panel.not_heard_label.text() == "Not heard yet: Zo"


def test_turns_recorded_elsewhere_update_the_shares(qtbot, database):
    """A turn saved from another window is counted here at once."""
    panel, commander, _, commission_id, ids = _panel(qtbot, database)
    commander.run(record_speaking_turn, commission_id=commission_id, participant_id=ids["Kiki"], seconds=30)
    assert _shown_shares(panel)["Kiki"] == "100%"


def test_the_share_table_passes_the_model_tester_and_every_control_is_named(qtbot, qtmodeltester, database):
    """The shares model behaves as Qt expects, and every control has a name a screen reader can say."""
    panel, _, clock, _, ids = _panel(qtbot, database)
    _tap(qtbot, panel, ids["Ace"])
    clock.advance(5)
    panel.stop()
    qtmodeltester.check(panel.shares_model)
    qtmodeltester.check(panel.sorted_shares)
    assert unnamed_controls(panel) == []


def test_pass_in_a_go_round_records_a_pass_not_a_turn_and_the_person_stays_not_heard(qtbot, database):
    """Pass hands over to the next person, saves a pass (no speaking time) and leaves them not heard."""
    panel, commander, clock, commission_id, ids = _panel(qtbot, database)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    assert panel.speaker == ids["Ace"]
    clock.advance(8)
    qtbot.mouseClick(panel.pass_button, Qt.MouseButton.LeftButton)
    assert panel.speaker == ids["Blaze"]
    assert "Ace passed" in panel.message.text()
    turns = commander.read(list_speaking_turns, commission_id=commission_id)
    assert [(t.participant_id, t.seconds, t.passed) for t in turns] == [(ids["Ace"], 0, True)]
    clock.advance(30)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    for _ in range(2):
        clock.advance(5)
        qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    assert panel.speaker is None
    assert panel.go_label.text() == "Go-round finished: 3 spoke, 1 passed (Ace)."
    assert "Ace" in panel.not_heard_label.text()
    model = panel.shares_model
    rows = {model.index(row, 0).data(): row for row in range(model.rowCount())}
    assert model.index(rows["Ace"], COL_SHARE).data() == "0%"
    assert model.index(rows["Ace"], COL_TURNS).data() == "0"
    assert model.index(rows["Ace"], COL_PASSES).data() == "1"
    assert model.index(rows["Blaze"], COL_PASSES).data() == "0"


def test_facilitators_and_commissioners_are_left_out_of_go_rounds_and_balance_unless_included(qtbot, database):
    """The facilitator and the commissioner get no button and no go-round turn until the box is ticked."""
    panel, commander, _, commission_id, ids = _panel(qtbot, database)
    staff = {
        role: commander.run(
            add_participant, commission_id=commission_id, pseudonym=name, role=role, consent_on=today()
        ).id
        for name, role in (("Fran", Role.FACILITATOR), ("Cal", Role.COMMISSIONER))
    }
    workshop = commander.run(add_workshop, commission_id=commission_id, title="Outcomes")
    for who in (ids["Ace"], ids["Zo"], *staff.values()):
        commander.run(set_attendance, workshop_id=workshop.id, participant_id=who, present=True)
    commander.run(record_speaking_turn, commission_id=commission_id, participant_id=staff[Role.FACILITATOR],
                  seconds=300, workshop_id=workshop.id)
    panel.set_workshop(workshop.id)
    assert set(panel.buttons) == {ids["Ace"], ids["Zo"]}
    assert panel.balance_label.text() == "No one has spoken yet."
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    assert panel.go_round == [ids["Ace"], ids["Zo"]]
    qtbot.mouseClick(panel.end_go_button, Qt.MouseButton.LeftButton)
    panel.stop()
    qtbot.mouseClick(panel.include_staff, Qt.MouseButton.LeftButton)
    assert set(panel.buttons) == {ids["Ace"], ids["Zo"], *staff.values()}
    assert panel.balance_label.text().startswith("Balance index 0.00")


def test_with_nobody_heard_the_balance_does_not_claim_everyone_spoke_equally(qtbot, database):
    """Before anyone has spoken the balance says so, instead of an index of 1.00 "everyone spoke equally"."""
    panel, *_ = _panel(qtbot, database)
    assert panel.balance_label.text() == "No one has spoken yet."
    assert "equally" not in panel.balance_label.text()


@given(st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False), min_size=1, max_size=20))
def test_whole_percentages_always_add_up_to_100(seconds):
    """Whatever the turns, the whole percents shown add up to 100 (or are all 0 when nobody spoke)."""
    percents = whole_percentages(seconds)
    assert sum(percents) == (100 if sum(seconds) > 0 else 0)
    assert all(p >= 0 for p in percents)
