"""The Decision page: the group's funding decision beside the professional's recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from control_names import unnamed_controls
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox

from cocommission.services import bids, commissions, decision, panellists, participants, scores, tender
from cocommission.services.perform import perform
from cocommission.ui.pages.decision_page import COL_AMOUNT, COL_BID, COL_FUND, DecisionPage
from cocommission.ui.pages.ranking_panel import COL_PLACE, COL_TOTAL

# The offscreen platform cannot raise windows or grab the keyboard; it says so, and that is no fault of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

DIFFERS = "The group chose differently from the professional recommendation"


@dataclass(frozen=True)
class Setup:
    """A £20,000 commission with two shortlisted bids (£15,000 and £18,000), one longlisted, and scores."""

    commission_id: str
    hub: str
    sport: str
    late: str
    led: str


def _build(session) -> Setup:
    cid = commissions.create_commission(session, title="Youth fund", budget_minor=2_000_000).id
    led, value = (
        row.id
        for row in tender.set_criteria(
            session,
            commission_id=cid,
            criteria=[("Led by young people", "", 60), ("Value for money", "", 40)],
        )
    )
    made = {}
    for bidder, title, pounds in (
        ("Hub Collective", "Youth Hub", 15_000),
        ("Active Estates", "Street Sport", 18_000),
        ("Late Ltd", "Late bid", 9_000),
    ):
        made[title] = bids.add_bid_with_bidder(
            session, commission_id=cid, bidder_name=bidder, title=title, amount_minor=pounds * 100
        ).id
    for title in ("Youth Hub", "Street Sport"):
        bids.set_shortlisted(session, bid_id=made[title], shortlisted=True)
    ash = participants.add_participant(session, commission_id=cid, pseudonym="Ash", consent_on=date(2026, 1, 5)).id
    panellists.set_panellist(session, participant_id=ash, is_panellist=True)
    for title, led_score, value_score in (("Youth Hub", 5, 4), ("Street Sport", 3, 5)):
        scores.record_score(session, bid_id=made[title], criterion_id=led, panellist_id=ash, value=led_score)
        scores.record_score(
            session, bid_id=made[title], criterion_id=value, panellist_id=ash, value=value_score
        )
    return Setup(cid, made["Youth Hub"], made["Street Sport"], made["Late bid"], led)


@pytest.fixture
def setup(database) -> Setup:
    return perform(database, _build).result


@pytest.fixture
def page(show_page, commander, setup) -> DecisionPage:
    return show_page(DecisionPage(commander), setup.commission_id)


@pytest.fixture
def said(commander) -> dict[str, list[str]]:
    messages: dict[str, list[str]] = {"problems": [], "notes": []}
    commander.failed.connect(messages["problems"].append)
    commander.succeeded.connect(messages["notes"].append)
    return messages


def _row_of(page: DecisionPage, title: str) -> int:
    model = page.funding_model
    return next(r for r in range(model.rowCount()) if model.index(r, COL_BID).data().startswith(title))


def _tick(qtbot, page: DecisionPage, title: str) -> None:
    index = page.funding_model.index(_row_of(page, title), COL_FUND)
    page.funding.setFocus()
    page.funding.setCurrentIndex(index)
    qtbot.keyClick(page.funding, Qt.Key.Key_Space)


def _type_amount(qtbot, page: DecisionPage, title: str, text: str) -> None:
    index = page.funding_model.index(_row_of(page, title), COL_AMOUNT)
    page.funding.setFocus()
    page.funding.setCurrentIndex(index)
    qtbot.keyClick(page.funding, Qt.Key.Key_F2)
    editor = page.funding.indexWidget(index)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits an editor's value on its next turn of the event loop.
    qtbot.waitUntil(lambda: page.funding.indexWidget(index) is None)


def _choose(qtbot, combo: QComboBox, text: str) -> None:
    # Keys typed close together search as one word: start a new search, as a pause before typing would.
    combo.view().keyboardSearch("")
    combo.setFocus()
    qtbot.keyClicks(combo, text)
    assert combo.currentText().startswith(text)


def _recorded(commander, setup):
    return commander.read(decision.get_decision, commission_id=setup.commission_id)


# --------------------------------------------------------------------------- recording


def test_recording_the_groups_decision_through_the_form(qtbot, page, commander, setup, said):
    """The form's choices are recorded, read back the same, and the note says the group differed."""
    assert page.funding_model.rowCount() == 2  # shortlisted bids only
    assert page.funding_model.index(_row_of(page, "Youth Hub"), COL_AMOUNT).data() == "£15,000.00"
    _tick(qtbot, page, "Youth Hub")
    _type_amount(qtbot, page, "Youth Hub", "14,250")
    assert page.funding_total.text() == "Funding £14,250.00 of the £20,000.00 budget."
    _choose(qtbot, page.recommendation, "Street Sport")
    qtbot.keyClicks(page.professional_reasons, "Strongest safeguarding record")
    qtbot.keyClicks(page.group_reasons, "Run by young people like us")
    qtbot.keyClicks(page.dissent, "Two preferred street sport")
    qtbot.keyClicks(page.how_decided, "Show of hands, 6 for and 2 against")
    page.decided_on.setDate(QDate(2026, 3, 28))
    assert page.differs_note.isHidden()
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)

    recorded = _recorded(commander, setup)
    assert [(row.bid_id, row.amount_minor) for row in recorded.funded] == [(setup.hub, 1_425_000)]
    assert recorded.professional_recommendation_id == setup.sport
    assert (
        recorded.professional_reasons,
        recorded.group_reasons,
        recorded.dissent,
        recorded.how_decided,
    ) == (
        "Strongest safeguarding record",
        "Run by young people like us",
        "Two preferred street sport",
        "Show of hands, 6 for and 2 against",
    )
    assert recorded.decided_on == date(2026, 3, 28)
    assert recorded.differs_from_recommendation
    assert not page.differs_note.isHidden()
    assert DIFFERS in page.differs_note.text()
    assert "Youth Hub: £14,250.00" in page.recorded.text()
    assert "Professional's recommendation: Street Sport" in page.recorded.text()
    assert said == {"problems": [], "notes": ["Decision recorded."]}


def test_funding_the_recommended_bid_shows_no_difference(qtbot, page, commander, setup):
    """When the group funds exactly the recommended bid, no difference is noted."""
    _tick(qtbot, page, "Youth Hub")
    _choose(qtbot, page.recommendation, "Youth Hub")
    qtbot.keyClicks(page.group_reasons, "Highest score")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    recorded = _recorded(commander, setup)
    assert [(row.bid_id, row.amount_minor) for row in recorded.funded] == [(setup.hub, 1_500_000)]
    assert not recorded.differs_from_recommendation
    assert page.differs_note.isHidden()


def test_over_budget_decision_is_refused_with_a_message(qtbot, page, commander, setup, said):
    """Funding both bids goes over budget: the page warns, the refusal is shown and nothing is recorded."""
    _tick(qtbot, page, "Youth Hub")
    _tick(qtbot, page, "Street Sport")
    assert "£13,000.00 over budget" in page.funding_total.text()
    qtbot.keyClicks(page.group_reasons, "We want both")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert len(said["problems"]) == 1
    assert "£33,000.00, which is more than the budget of £20,000.00" in said["problems"][0]
    assert _recorded(commander, setup) is None
    assert page.recorded.text() == "No decision has been recorded yet."
    # The form keeps what was typed so the amounts can be reduced.
    assert page.group_reasons.toPlainText() == "We want both"


def test_decision_without_the_groups_reasons_is_refused(qtbot, page, commander, setup, said):
    """The group's reasons are required; without them the refusal says so and nothing is recorded."""
    _tick(qtbot, page, "Youth Hub")
    qtbot.mouseClick(page.record_button, Qt.MouseButton.LeftButton)
    assert said["problems"] == ["Write down the group's reasons for its decision."]
    assert _recorded(commander, setup) is None


def test_amount_that_is_not_money_is_refused(qtbot, page, setup, said):
    """Typing something that is not an amount leaves the amount as it was and says why in the banner."""
    _type_amount(qtbot, page, "Street Sport", "eighteen grand")
    assert said["problems"] and "not an amount of money" in said["problems"][0]
    assert page.funding_model.index(_row_of(page, "Street Sport"), COL_AMOUNT).data() == "£18,000.00"


def test_recorded_decision_fills_the_form_and_typing_survives_other_changes(qtbot, commander, setup):
    """Opening the page shows the recorded decision in the form; an unrelated change does not wipe typing."""
    commander.run(
        decision.record_decision,
        commission_id=setup.commission_id,
        funded=[(setup.sport, 1_700_000)],
        professional_recommendation_id=setup.sport,
        professional_reasons="Good value",
        group_reasons="Sport brings people together",
        decided_on=date(2026, 3, 28),
    )
    page = DecisionPage(commander)
    qtbot.addWidget(page)
    page.set_commission(setup.commission_id)
    sport = _row_of(page, "Street Sport")
    assert (
        page.funding_model.index(sport, COL_FUND).data(Qt.ItemDataRole.CheckStateRole)
        == Qt.CheckState.Checked
    )
    assert page.funding_model.index(sport, COL_AMOUNT).data() == "£17,000.00"
    assert page.recommendation.currentData() == setup.sport
    assert page.group_reasons.toPlainText() == "Sport brings people together"
    assert page.decided_on.date() == QDate(2026, 3, 28)
    assert page.differs_note.isHidden()

    page.dissent.setPlainText("Ash wanted the hub")
    commander.run(bids.update_bid, bid_id=setup.hub, title="Youth Hub Plus")
    assert page.dissent.toPlainText() == "Ash wanted the hub"
    assert (
        page.funding_model.index(_row_of(page, "Youth Hub Plus"), COL_BID).data().startswith("Youth Hub Plus")
    )


def test_weighted_totals_are_shown_beside_the_decision(qtbot, page, setup):
    """The ranking of weighted totals from the bids stage is shown for reference."""
    ranking = page.ranking.model
    # Youth Hub: 5/5 × 60 + 4/5 × 40 = 92; Street Sport: 3/5 × 60 + 5/5 × 40 = 76.
    assert [ranking.index(r, 1).data() for r in range(2)] == ["Youth Hub", "Street Sport"]
    assert [ranking.index(r, COL_TOTAL).data() for r in range(2)] == ["92", "76"]
    assert [ranking.index(r, COL_PLACE).data() for r in range(2)] == ["1st", "2nd"]
    assert "Total: 92 out of 100." in page.ranking.explanation.toPlainText()


# --------------------------------------------------------------------------- models and accessibility


def test_every_model_on_the_page_passes_the_model_tester(qtmodeltester, page):
    """The funding and ranking models behave as Qt expects, filled with real data."""
    for model in (page.funding_model, page.ranking.model):
        assert model.rowCount() > 0
        qtmodeltester.check(model)


def test_every_control_has_a_name_a_screen_reader_can_read(page):
    """Every button, field, list and table on the page has visible text, a label or a name."""
    assert unnamed_controls(page) == []


def test_page_fits_a_small_laptop_screen(page):
    """The page asks for no more room than a 1366×768 screen leaves it."""
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - 200 and hint.height() <= 768 - 150
