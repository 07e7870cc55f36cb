"""The stage pages, in the order the group works through them.

Each page is named here by its title and where its class lives. The class is imported when the
page is first made (the workspace makes a page when it is first shown), so opening the window
loads one page's modules, not seven.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from cocommission.ui.commands import Commander
    from cocommission.ui.pages.base import StagePage


@dataclass(frozen=True)
class StagePageMaker:
    """Makes one stage page, importing its class only when the first one is made."""

    #: The page's title, as its class gives it (a test holds the two together).
    title: str
    #: The module in ``cocommission.ui.pages`` that defines the page.
    module: str
    class_name: str

    def page_class(self) -> type[StagePage]:
        """The page's class (its module is imported now if it was not before)."""
        return getattr(import_module(f"cocommission.ui.pages.{self.module}"), self.class_name)

    def __call__(self, commander: Commander, parent: QWidget | None = None) -> StagePage:
        return self.page_class()(commander, parent)


#: The stage pages, in navigator order.
STAGE_PAGES = (
    StagePageMaker("People", "people_page", "PeoplePage"),
    StagePageMaker("Outcomes", "outcomes_page", "OutcomesPage"),
    StagePageMaker("Priorities", "priorities_page", "PrioritiesPage"),
    StagePageMaker("Tender", "tender_page", "TenderPage"),
    StagePageMaker("Bids & interviews", "bids_page", "BidsPage"),
    StagePageMaker("Decision", "decision_page", "DecisionPage"),
    StagePageMaker("Feedback & payments", "feedback_page", "FeedbackPage"),
)

__all__ = ["STAGE_PAGES", "StagePageMaker"]
