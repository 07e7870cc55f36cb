"""The commission workspace: a header, the stage navigator and one page per stage."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import Stage
from cocommission.model.money import format_money
from cocommission.services.changes import Changes
from cocommission.services.commissions import CommissionSummary, get_commission, read_header, set_stage
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.pages.base import StagePage
from cocommission.ui.stage_pages import StagePageMaker
from cocommission.ui.style import enlarge
from cocommission.ui.table_view import ColumnFitter, select_row_with_id

STAGE_NAMES = {
    Stage.PEOPLE: "People",
    Stage.OUTCOMES: "Outcomes",
    Stage.PRIORITIES: "Priorities",
    Stage.TENDER: "Tender",
    Stage.BIDS: "Bids & interviews",
    Stage.DECISION: "Decision",
    Stage.FEEDBACK: "Feedback & payments",
    Stage.CLOSED: "Closed",
}


class MessageBanner(QFrame):
    """A readable message across the top of the window, for refusals and confirmations."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setObjectName("messageText")
        close = QPushButton(self.tr("Dismiss"), self)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(close)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        self.hide()

    def show_problem(self, message: str) -> None:
        """Show why something was refused; it stays until dismissed."""
        self.setProperty("kind", "problem")
        self._show(message)
        self._timer.stop()

    def clear_problem(self) -> None:
        """Take a refusal down: it was about an action the person has since moved on from."""
        if self.property("kind") == "problem":
            self.hide()

    def show_note(self, message: str) -> None:
        """Show a short confirmation that fades after a few seconds."""
        self.setProperty("kind", "note")
        self._show(message)
        self._timer.start(5000)

    def _show(self, message: str) -> None:
        self.style().unpolish(self)
        self.style().polish(self)
        self.text.setText(message)
        self.show()


#: Changes that can start a later stage's work, so the header looks again at how far the work has got.
_STAGE_WORK = ("commission", "outcome", "vote_round", "tender", "bid", "decision", "feedback_sheet", "payment")
_STAGE_ORDER = list(Stage)


class CommissionHeader(QWidget):
    """Always says which commission is open, its budget and its stage.

    The stage is the facilitator's to set; when the records show the work has moved past it
    (outcome statements written, a vote round set up, bids entered…), a button offers to move on.
    """

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self.title = QLabel(self)
        self.title.setObjectName("commissionTitle")
        # A long title wraps rather than widening the window past a small screen.
        self.title.setWordWrap(True)
        enlarge(self.title, 1.3, bold=True)
        self.budget = QLabel(self)
        self.budget.setObjectName("commissionBudget")
        enlarge(self.budget, 1.15)
        stage_label = QLabel(self.tr("Stage:"), self)
        self.stage = QComboBox(self)
        self.stage.setAccessibleName(self.tr("Stage of the commission"))
        stage_label.setBuddy(self.stage)
        for stage, name in STAGE_NAMES.items():
            self.stage.addItem(self.tr(name), stage.value)
        self.stage.activated.connect(self._stage_chosen)
        self.move_on = QPushButton(self)
        self.move_on.setAccessibleName(self.tr("Move on to the stage the work has reached"))
        self.move_on.clicked.connect(self._move_on)
        self.move_on.hide()
        self._reached: Stage | None = None
        #: The commission as the header last read it.
        self.summary: CommissionSummary | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.addWidget(self.title, 1)
        layout.addWidget(self.budget)
        layout.addSpacing(16)
        layout.addWidget(stage_label)
        layout.addWidget(self.stage)
        layout.addWidget(self.move_on)

    def load(self) -> None:
        """Show the commission's current title, budget and stage."""
        if self.commission_id is None:
            return
        summary, reached = self.commander.read(read_header, commission_id=self.commission_id)
        self.summary = summary
        self.title.setText(summary.title)
        self.budget.setText(
            self.tr("Budget {amount}").format(amount=format_money(summary.budget_minor, summary.budget_currency))
        )
        self.stage.setCurrentIndex(self.stage.findData(summary.stage.value))
        ahead = _STAGE_ORDER.index(reached) > _STAGE_ORDER.index(summary.stage)
        self._reached = reached if ahead else None
        if ahead:
            name = self.tr(STAGE_NAMES[reached])
            self.move_on.setText(self.tr("Move on to {stage}").format(stage=name))
            self.move_on.setToolTip(
                self.tr("The work has reached the {stage} stage; set the commission's stage to match").format(
                    stage=name
                )
            )
        self.move_on.setVisible(ahead)

    def _stage_chosen(self, index: int) -> None:
        if self.commission_id is not None:
            self._move_to(self.stage.itemData(index), self.stage.itemText(index))

    def _move_on(self) -> None:
        if self.commission_id is not None and self._reached is not None:
            self._move_to(self._reached, self.tr(STAGE_NAMES[Stage(self._reached)]))

    def _move_to(self, stage: object, name: str) -> None:
        """Set the commission's stage as one undoable edit (Undo puts back the stage it was at)."""
        before = self.commander.read(get_commission, commission_id=self.commission_id).stage.value
        self.commander.edit(
            self.tr("Move to the {stage} stage").format(stage=name),
            do=ServiceCall(set_stage, {"commission_id": self.commission_id, "stage": stage}),
            undo=ServiceCall(set_stage, {"commission_id": self.commission_id, "stage": before}),
            initiator=self,
        )
        self.load()


#: How long after a commission opens the pages not yet shown start being made, one at a time.
MAKE_PAGES_AFTER_MS = 300


class Workspace(QWidget):
    """Header, stage navigator and pages for one open commission."""

    def __init__(self, commander: Commander, page_classes: Sequence[StagePageMaker], parent=None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.header = CommissionHeader(commander, self)
        self.banner = MessageBanner(self)
        commander.failed.connect(self.banner.show_problem)
        commander.succeeded.connect(self.banner.show_note)
        self.navigator = QListWidget(self)
        self.navigator.setObjectName("stageNavigator")
        self.navigator.setAccessibleName(self.tr("Stages"))
        self.navigator.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        enlarge(self.navigator, 1.15)
        self.pages = QStackedWidget(self)
        # Each page is made when first shown, or when the app is idle once a commission is open:
        # making all seven before the window appeared took most of the start-up.
        self._page_classes = tuple(page_classes)
        self._made: dict[int, StagePage] = {}
        self._commission_id: str | None = None
        self._make_when_idle = QTimer(self)
        self._make_when_idle.timeout.connect(self._make_next_page)
        # A change leaves the pages not on screen that show it waiting to load; they catch up while idle.
        self._catch_up_when_idle = QTimer(self)
        self._catch_up_when_idle.setSingleShot(True)
        self._catch_up_when_idle.timeout.connect(self._catch_up_next_page)
        for page_class in self._page_classes:
            # A stand-in until the page is made: its scroll area (a viewport and two scroll bars) too is
            # made with the page, so opening the window styles and lays out one scroll area, not seven.
            self.pages.addWidget(QWidget())
            self.navigator.addItem(page_class.title)
        self.navigator.currentRowChanged.connect(self._show_row)
        # A refusal belongs to the page it happened on.
        self.navigator.currentRowChanged.connect(self.banner.clear_problem)
        self.navigator.setFixedWidth(self.navigator.sizeHintForColumn(0) + 40)
        commander.bus.changes_applied.connect(self._on_changes)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.navigator)
        row.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.banner)
        layout.addLayout(row, 1)

    @property
    def page_widgets(self) -> list[StagePage]:
        """Every stage page, in navigator order (any not made yet are made now)."""
        return [self.page(number) for number in range(len(self._page_classes))]

    def made_pages(self) -> list[StagePage]:
        """The pages made so far: only these can hold anything typed or chosen."""
        return [self._made[number] for number in sorted(self._made)]

    def page(self, number: int) -> StagePage:
        """The page at ``number`` (0 = People), made and given the open commission if it is not made yet."""
        made = self._made.get(number)
        if made is None:
            area = self._scroll_area(number)
            made = self._page_classes[number](self.commander, area)
            self._made[number] = made
            area.setWidget(made)
            if self._commission_id is not None:
                made.set_commission(self._commission_id)
        return made

    def _scroll_area(self, number: int) -> QScrollArea:
        """The scroll area for the page at ``number``, put in place of its stand-in the first time."""
        held = self.pages.widget(number)
        if isinstance(held, QScrollArea):
            return held
        area = _scrolling()
        self.pages.insertWidget(number, area)
        if self.pages.currentWidget() is held:
            self.pages.setCurrentWidget(area)
        self.pages.removeWidget(held)
        held.deleteLater()
        return area

    def _show_row(self, number: int) -> None:
        if 0 <= number < len(self._page_classes):
            self.page(number)
        self.pages.setCurrentIndex(number)

    def open_commission(self, commission_id: str) -> None:
        """Show ``commission_id`` on every page."""
        self._commission_id = commission_id
        self.header.commission_id = commission_id
        self.header.load()
        self.banner.hide()
        for page in self.made_pages():
            page.set_commission(commission_id)
        if self.navigator.currentRow() < 0:
            self.navigator.setCurrentRow(0)
        # Not at once: the page on screen is painted first. Pages made before (another commission was
        # open) now wait to read this one, and catch up while idle too.
        self._make_when_idle.start(MAKE_PAGES_AFTER_MS)
        self._catch_up_when_idle.start(MAKE_PAGES_AFTER_MS)

    def stop_idle_work(self) -> None:
        """Make and read no more pages while idle: the database is about to be let go of."""
        self._make_when_idle.stop()
        self._catch_up_when_idle.stop()

    def _make_next_page(self) -> None:
        """Make one page not made yet, so switching to it later is quick; stop once all are made.

        Only while the window is on screen: a closed window's database may already be let go of, and a
        page made then would read it (or another commission's records) for nobody to see.
        """
        waiting = [number for number in range(len(self._page_classes)) if number not in self._made]
        if not waiting or not self.isVisible():
            self._make_when_idle.stop()
            return
        self._make_when_idle.setInterval(0)
        # Loaded too, while idle: a first switch to the page then only paints it.
        self.page(waiting[0]).catch_up()
        self._lay_out_unseen(waiting[0])

    def _lay_out_unseen(self, number: int) -> None:
        """Lay the page at ``number`` out and paint it once off screen, at the size it will have when shown.

        A page's first show sized every table, wrapped every line and fitted every row to its words,
        several times over as its widgets settled (most of a first switch, and the slowest on
        the Outcomes page); done here, while idle, a first switch costs what any later one does.
        Shown and hidden again before the event loop runs, so nothing of it reaches the screen.
        """
        area = self.pages.widget(number)
        if area is self.pages.currentWidget():
            return
        area.setGeometry(self.pages.contentsRect())
        for fitter in area.findChildren(ColumnFitter):
            fitter.fit_if_waiting()
        area.show()
        # Painting off screen also sends the size every hidden part (a tab not chosen) will have.
        area.grab()
        area.hide()

    def _catch_up_next_page(self) -> None:
        """Load one page not on screen that a change left waiting, so switching to it later only paints it.

        One page each idle turn, and only while the window is on screen (as pages are made).
        """
        if not self.isVisible():
            return
        for number, page in sorted(self._made.items()):
            if number != self.pages.currentIndex() and page.catch_up():
                self._lay_out_unseen(number)
                self._catch_up_when_idle.start(0)
                return

    def show_page(self, number: int) -> None:
        """Switch to the page at ``number`` (0 = People)."""
        self.navigator.setCurrentRow(number)

    def current_page(self) -> StagePage | None:
        """The stage page on screen (each sits in a scroll area, so it is not ``pages.currentWidget()``)."""
        index = self.pages.currentIndex()
        return self.page(index) if 0 <= index < len(self._page_classes) else None

    def reveal(self, widget: object, row_id: object) -> None:
        """Bring ``widget`` (a panel on one of the pages) into view, with the row ``row_id`` chosen.

        Undo and Redo call it so that a person sees the edit they just took back or repeated.
        """
        number = next((number for number, page in self._made.items() if isinstance(widget, QWidget)
                       and (page is widget or page.isAncestorOf(widget))), None)
        if number is None:
            return
        page = self._made[number]
        self.show_page(number)
        # Open every tab on the way from the page down to the panel.
        child = widget
        while child is not None and child is not page:
            parent = child.parentWidget()
            tabs = parent.parentWidget() if parent is not None else None
            if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
                tabs.setCurrentWidget(child)
            child = parent
        if row_id is not None:
            select_row_with_id(widget, row_id)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        # Something was done since the refusal, so it no longer describes where things stand.
        self.banner.clear_problem()
        # Ballots change no title, budget or stage (many come at once when a room votes from phones).
        if changes.touches("currency", *_STAGE_WORK) and not changes.ballots_only:
            self.header.load()
        # Later, once the person has paused: several changes in a row are caught up with once.
        self._catch_up_when_idle.start(MAKE_PAGES_AFTER_MS)


def _scrolling() -> QScrollArea:
    """A place for a page beside the navigator, scrolling when the window is smaller than the page needs.

    On a small screen or at 200% scaling a page can need more room than the window has; it
    scrolls rather than pushing its buttons out of the window.
    """
    area = QScrollArea()
    area.setObjectName("pageScroller")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    return area
