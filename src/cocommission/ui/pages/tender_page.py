"""The Tender stage: writing the tender with the group, weighting the criteria and agreeing it.

Before there is a tender the page offers to start one from the template. Once
started it shows the tender's details, whether it is agreed, and three tabs:
the sections, the criteria with their weights, and the saved versions.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import TenderStatus
from cocommission.services.errors import NotFound
from cocommission.services.tender import (
    TenderRow,
    agree_tender,
    create_tender,
    get_tender,
    list_criteria,
    list_versions,
    reopen_tender,
)
from cocommission.ui.commands import Commander
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.criteria_panel import CriteriaPanel
from cocommission.ui.pages.tender_details_panel import TenderDetailsPanel
from cocommission.ui.pages.tender_sections_panel import TenderSectionsPanel
from cocommission.ui.pages.tender_versions_panel import TenderVersionsPanel
from cocommission.ui.reopen_tender_dialog import ReopenTenderDialog


class TenderPage(StagePage):
    """Start, write, compare and agree the commission's tender."""

    title = "Tender"
    # The kinds services/tender.py announces, plus outcome statements the tender is drafted from.
    watches = ("tender", "tender_section", "tender_version", "criterion", "outcome")

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self.tender: TenderRow | None = None
        self.stack = QStackedWidget(self)
        self.empty_state = self._build_empty_state()
        self.stack.addWidget(self.empty_state)

        self.content = QWidget(self)
        self.details = TenderDetailsPanel(commander, self.content)
        self.status = QLabel(self.content)
        self.status.setObjectName("tenderStatus")
        self.status.setWordWrap(True)
        self.agree_button = QPushButton(self.tr("A&gree the tender"), self.content)
        self.agree_button.setToolTip(
            self.tr('Mark the tender as agreed by the group; it is saved as a version called "Agreed"')
        )
        self.agree_button.setMinimumHeight(36)
        self.agree_button.clicked.connect(self.agree)
        self.reopen_button = QPushButton(self.tr("Re&open…"), self.content)
        self.reopen_button.setToolTip(self.tr("Put the agreed tender back to draft so it can be changed"))
        self.reopen_button.setMinimumHeight(36)
        self.reopen_button.clicked.connect(self.reopen)

        self.sections = TenderSectionsPanel(commander, self.content)
        # Text still being typed is saved before anything else on the page acts on the tender.
        save_typing = self.sections.commit_pending
        self.criteria = CriteriaPanel(commander, self.content, before_action=save_typing)
        self.versions = TenderVersionsPanel(commander, self.content, before_action=save_typing)
        self.tabs = QTabWidget(self.content)
        self.tabs.setAccessibleName(self.tr("Parts of the tender"))
        self.tabs.tabBar().setAccessibleName(self.tr("Parts of the tender"))
        self.tabs.addTab(self.sections, self.tr("Sec&tions"))
        self.tabs.addTab(self.criteria, self.tr("&Criteria and weights"))
        self.tabs.addTab(self.versions, self.tr("Saved &versions"))

        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.agree_button)
        status_row.addWidget(self.reopen_button)
        content_layout = QVBoxLayout(self.content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.details)
        content_layout.addLayout(status_row)
        content_layout.addWidget(self.tabs, 1)
        self.stack.addWidget(self.content)
        self.body.addWidget(self.stack)

    def _build_empty_state(self) -> QWidget:
        empty = QWidget(self)
        heading = QLabel(self.tr("This commission has no tender yet"), empty)
        heading.setObjectName("emptyStateHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        explanation = QLabel(
            self.tr(
                "Start it from the template: every tender has the same sections (background, the outcomes we "
                "want, what the service must do, who benefits, budget, how long it runs, how bids will be "
                "judged, how to bid, the timetable and how the tender was written). They are filled in from "
                "the commission's description and budget and from the outcomes the group agreed; you then "
                "write the rest together."
            ),
            empty,
        )
        explanation.setWordWrap(True)
        self.start_button = QPushButton(self.tr("&Start the tender from the template"), empty)
        self.start_button.setMinimumHeight(44)
        self.start_button.clicked.connect(self.start_tender)
        button_row = QHBoxLayout()
        button_row.addWidget(self.start_button)
        button_row.addStretch(1)
        layout = QVBoxLayout(empty)
        layout.addSpacing(24)
        layout.addWidget(heading)
        layout.addWidget(explanation)
        layout.addSpacing(12)
        layout.addLayout(button_row)
        layout.addStretch(1)
        return empty

    # --- loading ----------------------------------------------------------

    def set_commission(self, commission_id: str | None) -> None:
        """Show another commission, saving any text still being typed for this one first."""
        self.sections.commit_pending()
        super().set_commission(commission_id)

    def load(self) -> None:
        """Read the tender, its criteria and versions, and show them."""
        assert self.commission_id is not None
        try:
            tender = self.commander.read(get_tender, commission_id=self.commission_id)
        except NotFound:
            tender = None
        self.tender = tender
        if tender is None:
            self.sections.show_tender(None, editable=False)
            self.stack.setCurrentWidget(self.empty_state)
            return
        draft = tender.status is TenderStatus.DRAFT
        criteria = self.commander.read(list_criteria, commission_id=self.commission_id)
        versions = self.commander.read(list_versions, tender_id=tender.id)
        self.details.show_tender(tender, editable=draft)
        self.sections.show_tender(tender, editable=draft)
        self.criteria.show_criteria(self.commission_id, criteria, editable=draft)
        self.versions.show_versions(tender.id, versions, editable=draft)
        self._show_status(tender)
        self.stack.setCurrentWidget(self.content)

    def _show_status(self, tender: TenderRow) -> None:
        draft = tender.status is TenderStatus.DRAFT
        if draft:
            self.status.setText(
                self.tr("Draft — everything is saved as you type. When the group is happy with it, agree it.")
            )
        else:
            agreed_on = tender.agreed_at.astimezone().strftime("%d %b %Y") if tender.agreed_at else ""
            agreed = self.tr("Agreed by the group on {date}. To change it, reopen it first.")
            self.status.setText(agreed.format(date=agreed_on))
        self.agree_button.setVisible(draft)
        self.reopen_button.setVisible(not draft)

    # --- actions ----------------------------------------------------------

    def start_tender(self) -> None:
        """Start the tender from the template, filled in from what the group has agreed."""
        if self.commission_id is None:
            return
        started = self.commander.run(
            create_tender, initiator=self, commission_id=self.commission_id,
            cannot_undo=self.tr("the tender has been started; change its sections instead"),
        )
        if started is not None:
            self.tabs.setCurrentWidget(self.sections)
            self.sections.list.setFocus()

    def agree(self) -> None:
        """Agree the tender; the service refuses, with a reason in the banner, if it is not ready."""
        if self.tender is None:
            return
        self.sections.commit_pending()
        agreed = self.commander.run(
            agree_tender, initiator=self, tender_id=self.tender.id,
            cannot_undo=self.tr("the tender is agreed; reopen it, with the reason, to change it"),
        )
        if agreed is not None:
            self.commander.succeeded.emit(
                self.tr('The tender is agreed and saved as a version called "Agreed".')
            )

    def reopen(self) -> None:
        """Ask why, then put the agreed tender back to draft."""
        if self.tender is None:
            return
        dialog = ReopenTenderDialog(self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        reason = dialog.reason
        dialog.deleteLater()
        if not accepted:
            return
        if self.commander.run(
            reopen_tender, initiator=self, tender_id=self.tender.id, reason=reason,
            cannot_undo=self.tr("the reason for reopening the tender is on record; agree it again when it is ready"),
        ):
            self.sections.body.setFocus(Qt.FocusReason.OtherFocusReason)
