"""The form both the Priorities page and the live console use to transcribe a paper dot sheet.

Nobody knows who placed paper dots, so a sheet is not a ballot: its totals are added to the
round's count with ``record_paper_tally``, and the boxes then empty for the next sheet. The
form reads the sheet (every box must hold a number, or nothing is added) and says which box
is wrong; the page and the console decide how the sheet is recorded and undone.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import RoundState, VoteMethod
from cocommission.services.voting import OptionRow, RoundRow
from cocommission.ui.commands import Commander
from cocommission.ui.number_input import NotANumber, NumberBox, read_number

#: More dots than any wall chart holds, so the box never stops a real count.
MOST_PAPER_DOTS = 9999
#: The most characters "where the dots came from" may hold, as the service takes it.
SOURCE_LIMIT = 120


def takes_paper_dots(row: RoundRow | None) -> bool:
    """Whether paper dots can be added to ``row`` now: a dots round, opened and not yet revealed."""
    return (
        row is not None
        and row.method is VoteMethod.DOTS
        and row.state in (RoundState.OPEN, RoundState.CLOSED)
    )


class PaperDotsForm(QWidget):
    """A "dots" box per option of a round, where the sheet came from, and the button that adds it.

    ``record_requested`` fires on the button or Enter in the source box; the owner then calls
    ``read_sheet`` and records it.
    """

    record_requested = Signal()

    def __init__(
        self,
        commander: Commander,
        *,
        option_text: Callable[[int, OptionRow], str],
        boxes_name: str,
        source_label: str,
        button_text: str,
        key_filter: QObject | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self._option_text = option_text
        self._key_filter = key_filter
        self.spins: dict[str, NumberBox] = {}
        self._form_key: tuple | None = None

        self.form_area = QScrollArea(self)
        self.form_area.setWidgetResizable(True)
        self.form_area.setAccessibleName(boxes_name)
        label = QLabel(source_label, self)
        self.source = QLineEdit(self)
        self.source.setMaxLength(SOURCE_LIMIT)
        self.source.setPlaceholderText(self.tr("Wall chart"))
        label.setBuddy(self.source)
        self.source.returnPressed.connect(self.record_requested)
        self.record_button = QPushButton(button_text, self)
        self.record_button.clicked.connect(self.record_requested)
        if key_filter is not None:
            self.source.installEventFilter(key_filter)

        source_row = QHBoxLayout()
        source_row.addWidget(label)
        source_row.addWidget(self.source, 1)
        source_row.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.form_area, 1)
        layout.addLayout(source_row)

    def show_round(self, row: RoundRow) -> None:
        """Boxes for ``row``'s options; the boxes already shown stay, typing and all, while the options do."""
        key = (row.id, row.options)
        if key == self._form_key:
            return
        self._form_key = key
        form = QWidget()
        grid = QGridLayout(form)
        grid.setColumnStretch(0, 1)
        self.spins = {}
        for number, option in enumerate(row.options):
            spin = NumberBox(form)
            spin.setRange(0, MOST_PAPER_DOTS)
            spin.setSuffix(self.tr(" dots"))
            spin.setAccessibleName(self.tr("Paper dots on {option}").format(option=option.label))
            label = QLabel(self._option_text(number, option), form)
            label.setWordWrap(True)
            label.setBuddy(spin)
            grid.addWidget(label, number, 0)
            grid.addWidget(spin, number, 1)
            if self._key_filter is not None:
                spin.installEventFilter(self._key_filter)
            self.spins[option.id] = spin
        grid.setRowStretch(len(row.options), 1)
        self.form_area.setWidget(form)

    def set_usable(self, usable: bool) -> None:
        """Let the facilitator type and add a sheet, or not."""
        for widget in (self.form_area, self.source, self.record_button):
            widget.setEnabled(usable)

    def can_record(self) -> bool:
        """Whether a sheet may be added now."""
        return self.record_button.isEnabled()

    def totals(self) -> dict[str, int]:
        """The dots typed on each option, leaving out options with none; ``NotANumber`` for a non-number."""
        typed = {option_id: read_number(spin) for option_id, spin in self.spins.items()}
        return {option_id: dots for option_id, dots in typed.items() if dots}

    def read_sheet(self) -> dict[str, int] | None:
        """The dots typed on each option (none left out), or None after saying which box holds no number.

        A sheet is added only when every box reads, so "1O" on one option never adds the rest of
        the sheet without it.
        """
        try:
            return self.totals()
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            return None

    def typed_not_added(self) -> bool:
        """Whether dots are typed in the boxes but not added to the count yet."""
        try:
            return bool(self.totals())
        except NotANumber:
            return True  # something is typed that is not added (and is not a number yet)

    def clear(self) -> None:
        """Empty the boxes and the source for the next sheet."""
        for spin in self.spins.values():
            spin.setValue(0)
        self.source.clear()

    def first_box(self) -> NumberBox | None:
        """Where the keyboard goes for the next sheet."""
        return next(iter(self.spins.values()), None)
