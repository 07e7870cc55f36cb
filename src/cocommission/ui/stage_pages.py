"""The stage pages, in the order the group works through them."""

from cocommission.ui.pages.bids_page import BidsPage
from cocommission.ui.pages.decision_page import DecisionPage
from cocommission.ui.pages.feedback_page import FeedbackPage
from cocommission.ui.pages.outcomes_page import OutcomesPage
from cocommission.ui.pages.people_page import PeoplePage
from cocommission.ui.pages.priorities_page import PrioritiesPage
from cocommission.ui.pages.tender_page import TenderPage

#: The stage pages, in navigator order.
STAGE_PAGES = (PeoplePage, OutcomesPage, PrioritiesPage, TenderPage, BidsPage, DecisionPage, FeedbackPage)

__all__ = ["STAGE_PAGES"]
