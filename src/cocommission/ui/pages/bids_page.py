"""Stage 5, Bids & interviews: the bids and shortlist, the interview panel and its questions,
conflicts of interest, each panellist's scores, and the moderated scores and totals.

A youth worker and young panellists use it at the interviews. Each part is a tab, so the
page fits a small laptop screen; everything is saved as it is done.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from cocommission.services.bids_stage import BidsStage, read_bids_stage
from cocommission.services.panellists import PanelSeatRow
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.bids_panel import BidsPanel
from cocommission.ui.pages.conflicts_panel import ConflictsPanel
from cocommission.ui.pages.moderation_panel import ModerationPanel
from cocommission.ui.pages.panellists_panel import PanellistsPanel, PanelSeat
from cocommission.ui.pages.questions_panel import QuestionsPanel
from cocommission.ui.pages.scoring_panel import ScoringPanel


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
        titles = {bid.id: bid.title for bid in stage.bids}
        shortlisted = [
            (bid.id, self.tr("{title}\n{bidder}").format(title=bid.title, bidder=bid.bidder_name))
            for bid in stage.shortlisted
        ]

        self.bids_panel.show_bids(
            self.commission_id,
            stage.bids,
            stage.bidders,
            stage.currencies,
            stage.budget_currency,
            budget_minor=stage.budget_minor,
        )
        self.panel_panel.show_seats([self._seat(seat) for seat in stage.seats])
        self.questions_panel.show_questions(
            self.commission_id,
            stage.questions,
            [(person.id, person.pseudonym) for person in stage.askers],
            [(criterion.id, criterion.name) for criterion in stage.criteria],
        )
        self.conflicts_panel.show_conflicts(
            stage.conflicts,
            [(row.id, row.pseudonym) for row in stage.panel],
            titles,
            pseudonyms,
            stage.scores_given,
        )
        self.scoring_panel.show_grid(
            stage.grid,
            bid_rows=shortlisted,
            criteria=stage.criteria,
            scorers=[
                (
                    scorer.panellist_id,
                    scorer.pseudonym
                    if scorer.on_panel
                    else self.tr("{name} (left the panel)").format(name=scorer.pseudonym),
                )
                for scorer in stage.scorers
            ],
            max_score=stage.max_score,
            progress=stage.progress,
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

    def _seat(self, seat: PanelSeatRow) -> PanelSeat:
        note = ""
        if seat.erased:
            note = self.tr("Details erased")
        elif seat.withdrawn:
            note = self.tr("Withdrawn")
        return PanelSeat(seat.participant_id, seat.pseudonym, seat.on_panel, note)
