"""A bid asking for more than the whole budget is flagged where it is typed and where bids are listed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from cocommission.services import bids, commissions
from cocommission.ui.pages.bids_page import BidsPage
from cocommission.ui.pages.bids_panel import COL_BUDGET, COL_TITLE

# The offscreen platform cannot raise windows nor pass size hints; that is no fault of ours.
pytestmark = [
    pytest.mark.qt_log_ignore("This plugin does not support"),
    pytest.mark.qt_log_ignore("propagateSizeHints"),
]


@pytest.fixture
def page(show_page, commander):
    commission_id = commander.run(
        commissions.create_commission, title="Youth fund", budget_minor=2_000_000
    ).id
    commander.run(
        bids.add_bid_with_bidder,
        commission_id=commission_id,
        bidder_name="Hub Collective",
        title="Youth Hub",
        amount_minor=1_500_000,
    )
    return show_page(BidsPage(commander), commission_id)


def _budget_marker(panel, title: str) -> str:
    proxy = panel.proxy
    row = next(n for n in range(proxy.rowCount()) if proxy.index(n, COL_TITLE).data() == title)
    return proxy.index(row, COL_BUDGET).data()


def test_a_bid_over_the_budget_is_warned_about_in_the_form_and_marked_in_the_list(
    qtbot, page, commander, problems, tmp_path
):
    """£25,000 against a £20,000 budget: the form says £5,000 over but still adds it; the list marks it."""
    panel = page.bids_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert not dialog.budget_warning.isVisible()
    qtbot.keyClicks(dialog.bidder, "Big Ideas Ltd")
    qtbot.keyClicks(dialog.title, "Everything everywhere")
    qtbot.keyClicks(dialog.amount, "25,000")
    assert dialog.budget_warning.isVisible()
    warning = dialog.budget_warning.text()
    assert "£5,000.00 more than the whole budget of £20,000.00" in warning
    assert dialog.grab().save(str(tmp_path / "bid-dialog-over-budget.png"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and problems == []

    assert _budget_marker(panel, "Everything everywhere") == "Over by £5,000.00"
    assert _budget_marker(panel, "Youth Hub") == ""
    assert page.grab().save(str(tmp_path / "bids-over-budget.png"))


def test_the_warning_goes_when_the_amount_fits_the_budget(qtbot, page):
    """Typing an amount within the budget, or one that is not money yet, shows no budget warning."""
    panel = page.bids_panel
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    qtbot.keyClicks(dialog.amount, "20,000.01")
    assert dialog.budget_warning.isVisible()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "20,000")
    assert not dialog.budget_warning.isVisible()
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "25,OOO")
    assert not dialog.budget_warning.isVisible()
