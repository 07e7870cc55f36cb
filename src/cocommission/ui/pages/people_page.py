"""Stage 1, People: who is taking part and their consent, and the workshops with agendas and attendance.

A youth worker uses it while recruiting and at every workshop. Participants and workshops
are a tab each, so the page fits a small laptop screen; everything is saved as it is done.
Payments are recorded on the Feedback & payments page; this page only shows what each
person has earned so far.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from cocommission.services.people_stage import PeopleStage, read_people_stage
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.participants_panel import ParticipantsPanel
from cocommission.ui.pages.workshops_panel import WorkshopsPanel


class PeoplePage(StagePage):
    """Participants (with consent and privacy) and workshops (with agendas and attendance), one tab each."""

    title = "People"
    # Earnings follow attendance and the commission's honorarium rate.
    watches = ("participant", "workshop", "attendance", "commission", "currency")

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Parts of the people stage"))
        self.tabs.setDocumentMode(True)
        self.participants_panel = ParticipantsPanel(commander, self.tabs)
        self.workshops_panel = WorkshopsPanel(commander, self.tabs)
        self.tabs.addTab(self.participants_panel, self.tr("&Participants"))
        self.tabs.addTab(self.workshops_panel, self.tr("W&orkshops && attendance"))
        self.body.addWidget(self.tabs)

    def set_commission(self, commission_id: str | None) -> None:
        """Show another commission, with full names hidden again."""
        self.participants_panel.hide_names()
        super().set_commission(commission_id)

    def showEvent(self, event) -> None:
        # Privacy by default: coming back to the page hides full names, whoever ticked the box before.
        if not event.spontaneous():
            self.participants_panel.hide_names()
        super().showEvent(event)

    def load(self) -> None:
        """Read the commission's people stage and fill both tabs."""
        assert self.commission_id is not None
        stage: PeopleStage = self.commander.read(read_people_stage, commission_id=self.commission_id)
        self.participants_panel.show_participants(
            self.commission_id, stage.participants, stage.counts, stage.earned, stage.honorarium_currency
        )
        self.workshops_panel.show_workshops(self.commission_id, stage.workshops, stage.participants)
