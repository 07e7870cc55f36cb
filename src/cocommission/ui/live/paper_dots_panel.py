"""Transcribing a paper dot sheet or wall chart on the console: the total on each option.

Nobody knows who placed paper dots, so they are not ballots: they add to the
round's count without changing who has voted. One sheet is recorded at a
time, then the boxes empty for the next; the console's "Undo last entry" takes
the whole sheet back, so the sheet just added is announced with its lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState, VoteMethod
from cocommission.services.voting import RoundRow, record_paper_tally
from cocommission.ui.commands import Commander
from cocommission.ui.live.pending_ballot import option_key
from cocommission.ui.number_input import NotANumber
from cocommission.ui.pages.paper_dots import dot_boxes, read_sheet, typed_totals


class PaperDotsPanel(QWidget):
    """Spin boxes for the dots counted on each option of a dots round, and a button to add them."""

    #: A sheet was added: the PaperTallyRow lines it made (one per option with dots), for undo.
    sheet_recorded = Signal(object)

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.round: RoundRow | None = None
        self.spins: dict[str, QSpinBox] = {}
        self._form_key: tuple | None = None

        self.state_note = QLabel(self)
        self.state_note.setWordWrap(True)
        intro = QLabel(
            self.tr(
                "Type the dots counted on each option of a paper sheet or wall chart. They add to the "
                "totals but are not ballots, so they do not change who has voted."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setAccessibleName(self.tr("Paper dots on each option"))
        source_label = QLabel(self.tr("Where the dots came &from:"), self)
        self.source = QLineEdit(self)
        self.source.setMaxLength(120)
        self.source.setPlaceholderText(self.tr("Wall chart"))
        self.source.installEventFilter(self)
        source_label.setBuddy(self.source)
        self.source.returnPressed.connect(self.record_sheet)
        self.record_button = QPushButton(self.tr("&Add paper dots (Ctrl+Enter)"), self)
        self.record_button.clicked.connect(self.record_sheet)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.record_sheet)

        source_row = QHBoxLayout()
        source_row.addWidget(source_label)
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state_note)
        layout.addWidget(intro)
        layout.addWidget(self.form_area, 1)
        layout.addLayout(source_row)
        self.show_round(None)

    def show_round(self, row: RoundRow | None) -> None:
        """Show boxes for ``row``'s options, enabled while paper dots can still be added."""
        self.round = row
        if row is not None:
            self._build_form(row)
        usable = (
            row is not None
            and row.method is VoteMethod.DOTS
            and row.state in (RoundState.OPEN, RoundState.CLOSED)
        )
        for widget in (self.form_area, self.source, self.record_button):
            widget.setEnabled(usable)
        if row is None:
            note = self.tr("Choose a round first.")
        elif row.method is not VoteMethod.DOTS:
            note = self.tr("Paper dots can only be added to a dots round.")
        elif row.state is RoundState.DRAFT:
            note = self.tr("Open the round before adding paper dots.")
        elif row.state is RoundState.REVEALED:
            note = self.tr("The results have been revealed, so no more paper dots can be added.")
        else:
            note = ""
        self.state_note.setText(note)
        self.state_note.setVisible(bool(note))

    def _build_form(self, row: RoundRow) -> None:
        key = (row.id, row.options)
        if key == self._form_key:
            return
        self._form_key = key
        form, self.spins = dot_boxes(row, lambda number, option: f"{option_key(number) or '·'}   {option.label}")
        for spin in self.spins.values():
            spin.installEventFilter(self)
        self.form_area.setWidget(form)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Z in a box would undo its typing; on the console it means "Undo last entry", here too.
        return (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ) or super().eventFilter(watched, event)

    def totals(self) -> dict[str, int]:
        """The dots typed on each option, leaving out options with none."""
        return typed_totals(self.spins)

    def typed_not_added(self) -> bool:
        """Whether dots are typed in the boxes but not added to the count yet."""
        try:
            return bool(self.totals())
        except NotANumber:
            return True  # something is typed that is not added (and is not a number yet)

    def record_sheet(self) -> None:
        """Add the typed sheet to the round's count and empty the boxes for the next sheet."""
        if self.round is None or not self.record_button.isEnabled():
            return
        totals = read_sheet(self.commander, self.spins)
        if totals is None:
            return
        lines = self.commander.run(
            record_paper_tally, initiator=self, round_id=self.round.id, totals=totals, source=self.source.text()
        )
        if lines is None:
            return
        for spin in self.spins.values():
            spin.setValue(0)
        self.source.clear()
        self.sheet_recorded.emit(lines)
        self.commander.succeeded.emit(
            self.tr("Added {dots} paper dots to the count.").format(dots=sum(totals.values()))
        )
        first = next(iter(self.spins.values()), None)
        if first is not None:
            first.setFocus()
