"""Stage 5, Bids & interviews: the bids and shortlist, the interview panel and its questions,
conflicts of interest, each panellist's scores, and the moderated scores and totals.

A youth worker and young panellists use it at the interviews. Each part is a tab, so the
page fits a small laptop screen; everything is saved as it is done.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QWidget
from sqlalchemy.orm import Session

from cocommission.model import Role
from cocommission.model.money import CurrencyInfo
from cocommission.services import interview_questions, moderation, panellists, scores, scoring_rules
from cocommission.services.bids import list_bidders, list_bids
from cocommission.services.conflicts import list_conflicts
from cocommission.services.evaluation import evaluate
from cocommission.services.participants import list_participants
from cocommission.services.bids import BidderRow, BidRow
from cocommission.services.conflicts import ConflictRow
from cocommission.services.evaluation import BidEvaluation
from cocommission.services.interview_questions import QuestionRow
from cocommission.services.moderation import ModerationRow
from cocommission.services.panellists import PanellistRow
from cocommission.services.scores import GridRow
from cocommission.services.commissions import get_commission, list_currencies
from cocommission.services.participants import ParticipantRow
from cocommission.services.tender import CriterionRow, list_criteria
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.bids_panel import BidsPanel
from cocommission.ui.pages.conflicts_panel import ConflictsPanel
from cocommission.ui.pages.moderation_panel import ModerationPanel
from cocommission.ui.pages.panellists_panel import PanellistsPanel, PanelSeat
from cocommission.ui.pages.questions_panel import QuestionsPanel
from cocommission.ui.pages.scoring_panel import ScoringPanel

#: Roles that run or watch the commission; they are offered a panel seat only if they already hold one.
_STAFF_ROLES = frozenset({Role.FACILITATOR, Role.COMMISSIONER, Role.OBSERVER})


@dataclass(frozen=True)
class BidsStage:
    """Everything the bids page shows, read in one go so the tabs agree with each other."""

    budget_currency: CurrencyInfo
    budget_minor: int
    currencies: dict[str, CurrencyInfo]
    bids: tuple[BidRow, ...]
    bidders: tuple[BidderRow, ...]
    participants: tuple[ParticipantRow, ...]
    panel: tuple[PanellistRow, ...]
    questions: tuple[QuestionRow, ...]
    criteria: tuple[CriterionRow, ...]
    conflicts: tuple[ConflictRow, ...]
    grid: tuple[GridRow, ...]
    moderated: tuple[ModerationRow, ...]
    evaluation: BidEvaluation | None
    individual: BidEvaluation | None


def read_bids_stage(session: Session, *, commission_id: str) -> BidsStage:
    """Read the bids stage of a commission through the services, in one session."""
    criteria = list_criteria(session, commission_id=commission_id)
    all_bids = list_bids(session, commission_id=commission_id)
    # evaluate() refuses without criteria; the page says so in words instead.
    evaluated = bool(criteria) and any(bid.shortlisted for bid in all_bids)
    commission = get_commission(session, commission_id=commission_id)
    return BidsStage(
        budget_currency=commission.budget_currency,
        budget_minor=commission.budget_minor,
        currencies={
            currency.code: currency for currency in list_currencies(session, commission_id=commission_id)
        },
        bids=all_bids,
        bidders=list_bidders(session, commission_id=commission_id),
        participants=tuple(list_participants(session, commission_id=commission_id)),
        panel=panellists.list_panellists(session, commission_id=commission_id),
        questions=interview_questions.list_questions(session, commission_id=commission_id),
        criteria=criteria,
        conflicts=list_conflicts(session, commission_id=commission_id),
        grid=scores.scoring_grid(session, commission_id=commission_id),
        moderated=moderation.list_moderated_scores(session, commission_id=commission_id),
        evaluation=evaluate(session, commission_id=commission_id) if evaluated else None,
        individual=evaluate(session, commission_id=commission_id, use_moderated=False)
        if evaluated
        else None,
    )


class BidsPage(StagePage):
    """Bids, panel, questions, conflicts, scoring, and moderation with totals, one tab each."""

    title = "Bids & interviews"
    watches = (
        "bid",
        "bidder",
        "participant",
        "interview_question",
        "conflict",
        "score",
        "moderated_score",
        "criterion",
        "tender",
        "commission",
        "currency",
    )

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Parts of the bids stage"))
        self.tabs.setDocumentMode(True)
        self.bids_panel = BidsPanel(commander, self.tabs)
        self.panel_panel = PanellistsPanel(commander, self.tabs)
        self.questions_panel = QuestionsPanel(commander, self.tabs)
        self.conflicts_panel = ConflictsPanel(commander, self.tabs)
        self.scoring_panel = ScoringPanel(commander, self.tabs)
        self.moderation_panel = ModerationPanel(commander, self.tabs)
        self.tabs.addTab(self.bids_panel, self.tr("Bids"))
        self.tabs.addTab(self.panel_panel, self.tr("Panel"))
        self.tabs.addTab(self.questions_panel, self.tr("Questions"))
        self.tabs.addTab(self.conflicts_panel, self.tr("Conflicts"))
        self.tabs.addTab(self.scoring_panel, self.tr("Scoring"))
        self.tabs.addTab(self.moderation_panel, self.tr("Moderation && totals"))
        self.body.addWidget(self.tabs)

    def load(self) -> None:
        """Read the commission's bids stage and fill every tab."""
        assert self.commission_id is not None
        stage: BidsStage = self.commander.read(read_bids_stage, commission_id=self.commission_id)
        pseudonyms = {person.id: person.pseudonym for person in stage.participants}
        panel_ids = {row.id for row in stage.panel}
        titles = {bid.id: bid.title for bid in stage.bids}
        shortlisted = [
            (bid.id, self.tr("{title}\n{bidder}").format(title=bid.title, bidder=bid.bidder_name))
            for bid in stage.bids
            if bid.shortlisted
        ]

        self.bids_panel.show_bids(
            self.commission_id,
            stage.bids,
            stage.bidders,
            stage.currencies,
            stage.budget_currency,
            budget_minor=stage.budget_minor,
        )
        self.panel_panel.show_seats(self._seats(stage.participants, panel_ids))
        self.questions_panel.show_questions(
            self.commission_id,
            stage.questions,
            [(person.id, person.pseudonym) for person in stage.participants if self._can_ask(person)],
            [(criterion.id, criterion.name) for criterion in stage.criteria],
        )
        scored: dict[tuple[str, str], int] = {}
        for cell in stage.grid:
            if cell.value is not None:
                scored[(cell.panellist_id, cell.bid_id)] = scored.get((cell.panellist_id, cell.bid_id), 0) + 1
        self.conflicts_panel.show_conflicts(
            stage.conflicts,
            [(row.id, row.pseudonym) for row in stage.panel],
            titles,
            pseudonyms,
            scored,
        )
        scorers = dict.fromkeys(cell.panellist_id for cell in stage.grid)
        self.scoring_panel.show_grid(
            stage.grid,
            shortlisted,
            stage.criteria,
            [
                (
                    key,
                    pseudonyms.get(key, "?")
                    if key in panel_ids
                    else self.tr("{name} (left the panel)").format(name=pseudonyms.get(key, "?")),
                )
                for key in scorers
            ],
            # Without an evaluation the grid is empty (no criteria or no shortlist), so the scale is moot.
            stage.evaluation.max_score if stage.evaluation else scoring_rules.DEFAULT_SCALE_MAX,
        )
        if not stage.criteria:
            note = self.tr("There are no evaluation criteria yet; add them on the Tender page.")
        elif not shortlisted:
            note = self.tr("No bids are shortlisted yet; tick them on the Bids tab.")
        else:
            note = ""
        self.moderation_panel.show_evaluation(
            titles, stage.criteria, stage.evaluation, stage.individual, stage.moderated, note
        )

    def _seats(self, participants: tuple[ParticipantRow, ...], panel_ids: set[str]) -> list[PanelSeat]:
        seats = []
        for person in participants:
            on_panel = person.id in panel_ids
            # Someone already on the panel is always listed, so they can be taken off it.
            if not on_panel and (person.role in _STAFF_ROLES or not self._can_ask(person)):
                continue
            note = ""
            if person.erased:
                note = self.tr("Details erased")
            elif person.withdrawn_on is not None:
                note = self.tr("Withdrawn")
            seats.append(PanelSeat(person.id, person.pseudonym, on_panel, note))
        return seats

    @staticmethod
    def _can_ask(person: ParticipantRow) -> bool:
        return person.withdrawn_on is None and not person.erased
