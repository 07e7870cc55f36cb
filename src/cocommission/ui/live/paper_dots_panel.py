"""Transcribing a paper dot sheet or wall chart on the console: the total on each option.

Nobody knows who placed paper dots, so they are not ballots: they add to the
round's count without changing who has voted. One sheet is recorded at a
time, then the boxes empty for the next; the console's "Undo last entry" takes
the whole sheet back, so the sheet just added is announced with its lines.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from cocommission.model import RoundState, VoteMethod
from cocommission.services.voting import RoundRow, record_paper_tally
from cocommission.ui.commands import Commander
from cocommission.ui.live.option_keys import option_key
from cocommission.ui.number_input import NumberBox
from cocommission.ui.pages.paper_dots import PaperDotsForm, takes_paper_dots


class PaperDotsPanel(QWidget):
    """The paper dots form for the console's round, and a button to add the sheet to its count."""

    #: A sheet was added: the PaperTallyRow lines it made (one per option with dots), for undo.
    sheet_recorded = Signal(object)

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.round: RoundRow | None = None

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
        self.form = PaperDotsForm(
            commander,
            option_text=lambda number, option: f"{option_key(number) or '·'}   {option.label}",
            boxes_name=self.tr("Paper dots on each option"),
            source_label=self.tr("Where the dots came &from:"),
            button_text=self.tr("&Add paper dots (Ctrl+Enter)"),
            key_filter=self,
            parent=self,
        )
        self.form.record_requested.connect(self.record_sheet)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.record_sheet)

        layout = QVBoxLayout(self)
        layout.addWidget(self.state_note)
        layout.addWidget(intro)
        layout.addWidget(self.form, 1)
        self.show_round(None)

    @property
    def spins(self) -> dict[str, NumberBox]:
        """The dots box of each option, by option id."""
        return self.form.spins

    @property
    def source(self) -> QLineEdit:
        """Where the sheet came from."""
        return self.form.source

    @property
    def record_button(self) -> QPushButton:
        """Adds the sheet."""
        return self.form.record_button

    def show_round(self, row: RoundRow | None) -> None:
        """Show boxes for ``row``'s options, enabled while paper dots can still be added."""
        self.round = row
        if row is not None:
            self.form.show_round(row)
        self.form.set_usable(takes_paper_dots(row))
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Ctrl+Z in a box would undo its typing; on the console it means "Undo last entry", here too.
        return (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        ) or super().eventFilter(watched, event)

    def totals(self) -> dict[str, int]:
        """The dots typed on each option, leaving out options with none."""
        return self.form.totals()

    def typed_not_added(self) -> bool:
        """Whether dots are typed in the boxes but not added to the count yet."""
        return self.form.typed_not_added()

    def record_sheet(self) -> None:
        """Add the typed sheet to the round's count and empty the boxes for the next sheet."""
        if self.round is None or not self.form.can_record():
            return
        totals = self.form.read_sheet()
        if totals is None:
            return
        lines = self.commander.run(
            record_paper_tally, initiator=self, round_id=self.round.id, totals=totals, source=self.source.text()
        )
        if lines is None:
            return
        self.form.clear()
        self.sheet_recorded.emit(lines)
        self.commander.succeeded.emit(
            self.tr("Added {dots} paper dots to the count.").format(dots=sum(totals.values()))
        )
        first = self.form.first_box()
        if first is not None:
            first.setFocus()
