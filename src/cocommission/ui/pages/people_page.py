"""Stage 1, People: who is taking part and their consent, and the workshops with agendas and attendance.

A youth worker uses it while recruiting and at every workshop. Participants and workshops
are a tab each, so the page fits a small laptop screen; everything is saved as it is done.
Payments are recorded on the Feedback & payments page; this page only shows what each
person has earned so far.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QTabWidget, QWidget
from sqlalchemy.orm import Session

from cocommission.model.money import CurrencyInfo
from cocommission.services import people
from cocommission.services.commissions import get_commission
from cocommission.services.people import ParticipantRow, WorkshopRow
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.participants_panel import ParticipantsPanel
from cocommission.ui.pages.workshops_panel import WorkshopsPanel


@dataclass(frozen=True)
class PeopleStage:
    """Everything the people page shows, read in one go so the tabs agree with each other."""

    participants: tuple[ParticipantRow, ...]
    workshops: tuple[WorkshopRow, ...]
    #: Honorarium earned so far per participant id (only people paid an honorarium).
    earned: dict[str, int]
    honorarium_currency: CurrencyInfo


def read_people_stage(session: Session, *, commission_id: str) -> PeopleStage:
    """Read the people stage of a commission through the services, in one session."""
    return PeopleStage(
        participants=people.list_participants(session, commission_id=commission_id),
        workshops=people.list_workshops(session, commission_id=commission_id),
        earned={
            due.participant_id: due.earned_minor
            for due in people.honoraria_due(session, commission_id=commission_id)
        },
        honorarium_currency=get_commission(session, commission_id=commission_id).honorarium_currency,
    )


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
            self.commission_id, stage.participants, stage.earned, stage.honorarium_currency
        )
        self.workshops_panel.show_workshops(self.commission_id, stage.workshops, stage.participants)
