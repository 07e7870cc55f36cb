"""Stage 1, People: who is taking part and their consent, and the workshops with agendas and attendance.

A youth worker uses it while recruiting and at every workshop. Participants and workshops
are a tab each, so the page fits a small laptop screen; everything is saved as it is done.
Payments are recorded on the Feedback & payments page; this page only shows what each
person has earned so far.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, QTimer
from PySide6.QtWidgets import QTabWidget, QWidget

from cocommission.services.people_stage import PeopleStage, read_people_stage
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.participants_panel import ParticipantsPanel

if TYPE_CHECKING:
    from cocommission.ui.pages.workshops_panel import WorkshopsPanel

#: The workshops tab's place; it is made when first chosen, or while the app is idle.
WORKSHOPS_TAB = 1
#: How long after the page is first filled the workshops tab is made, if it has not been chosen by then.
MAKE_WORKSHOPS_AFTER_MS = 300


class PeoplePage(StagePage):
    """Participants (with consent and privacy) and workshops (with agendas and attendance), one tab each.

    The People page is the one on screen when the app opens, so only the tab that shows is made
    at once: the workshops tab (its agenda and attendance too) is made when it is chosen, when
    anything asks for ``workshops_panel``, or while the app is idle soon after.
    """

    title = "People"
    # Earnings follow attendance and the commission's honorarium rate.
    watches = ("participant", "workshop", "attendance", "commission", "currency")

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Parts of the people stage"))
        self.tabs.setDocumentMode(True)
        self.participants_panel = ParticipantsPanel(commander, self.tabs)
        self.tabs.addTab(self.participants_panel, self.tr("&Participants"))
        self._workshops_panel: WorkshopsPanel | None = None
        self._stage: PeopleStage | None = None
        self.tabs.addTab(QWidget(self.tabs), self._workshops_tab_text())
        self.tabs.currentChanged.connect(self._tab_chosen)
        self._make_workshops_when_idle = QTimer(self)
        self._make_workshops_when_idle.setSingleShot(True)
        self._make_workshops_when_idle.timeout.connect(self._make_workshops_while_idle)
        self.body.addWidget(self.tabs)

    def _workshops_tab_text(self) -> str:
        return self.tr("W&orkshops && attendance")

    @property
    def workshops_panel(self) -> WorkshopsPanel:
        """The workshops tab, made (and filled with what the page last read) the first time it is needed."""
        if self._workshops_panel is None:
            # Loaded on first use, so opening the app stays quick.
            from cocommission.ui.pages.workshops_panel import WorkshopsPanel

            self._make_workshops_when_idle.stop()
            panel = WorkshopsPanel(self.commander, self.tabs)
            self._workshops_panel = panel
            waiting = self.tabs.widget(WORKSHOPS_TAB)
            chosen = self.tabs.currentIndex() == WORKSHOPS_TAB
            # The tab stays where it is, and stays chosen if it was: nobody is told of a change.
            with QSignalBlocker(self.tabs):
                self.tabs.removeTab(WORKSHOPS_TAB)
                self.tabs.insertTab(WORKSHOPS_TAB, panel, self._workshops_tab_text())
                if chosen:
                    self.tabs.setCurrentIndex(WORKSHOPS_TAB)
            waiting.deleteLater()
            if self._stage is not None and self.commission_id is not None:
                panel.show_workshops(self.commission_id, self._stage.workshops, self._stage.participants)
        return self._workshops_panel

    def _make_workshops_while_idle(self) -> None:
        # Only while the window is on screen: a closed window's database may already be let go of.
        if self.window().isVisible():
            self.workshops_panel  # noqa: B018 - made now, so choosing the tab later only paints it

    def _tab_chosen(self, index: int) -> None:
        if index == WORKSHOPS_TAB:
            self.workshops_panel  # noqa: B018 - made as it is chosen

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
        self._stage = stage
        self.participants_panel.show_participants(
            self.commission_id, stage.participants, stage.counts, stage.earned, stage.honorarium_currency
        )
        if self._workshops_panel is not None:
            self._workshops_panel.show_workshops(self.commission_id, stage.workshops, stage.participants)
        else:
            self._make_workshops_when_idle.start(MAKE_WORKSHOPS_AFTER_MS)
