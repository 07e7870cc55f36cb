"""The form both the Priorities page and the live console use to transcribe a paper dot sheet.

Nobody knows who placed paper dots, so a sheet is not a ballot: its totals are added to the
round's count with ``record_paper_tally``, and the boxes then empty for the next sheet.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from cocommission.services.voting import OptionRow, RoundRow
from cocommission.ui.commands import Commander
from cocommission.ui.number_input import NotANumber, NumberBox, read_number
from cocommission.wording import translator

#: More dots than any wall chart holds, so the box never stops a real count.
MOST_PAPER_DOTS = 9999

tr = translator("PaperDots")


def dot_boxes(row: RoundRow, label_text: Callable[[int, OptionRow], str]) -> tuple[QWidget, dict[str, NumberBox]]:
    """A form with a labelled "dots" spin box per option of ``row``, and the boxes by option id."""
    form = QWidget()
    grid = QGridLayout(form)
    grid.setColumnStretch(0, 1)
    spins: dict[str, NumberBox] = {}
    for number, option in enumerate(row.options):
        spin = NumberBox(form)
        spin.setRange(0, MOST_PAPER_DOTS)
        spin.setSuffix(tr(" dots"))
        spin.setAccessibleName(tr("Paper dots on {option}").format(option=option.label))
        label = QLabel(label_text(number, option), form)
        label.setWordWrap(True)
        label.setBuddy(spin)
        grid.addWidget(label, number, 0)
        grid.addWidget(spin, number, 1)
        spins[option.id] = spin
    grid.setRowStretch(len(row.options), 1)
    return form, spins


def typed_totals(spins: dict[str, NumberBox]) -> dict[str, int]:
    """The dots typed on each option, leaving out options with none; ``NotANumber`` for a non-number."""
    typed = {option_id: read_number(spin) for option_id, spin in spins.items()}
    return {option_id: dots for option_id, dots in typed.items() if dots}


def read_sheet(commander: Commander, spins: dict[str, NumberBox]) -> dict[str, int] | None:
    """The dots typed on each option (options with none left out), or None after saying which box is no number.

    The page and the console both add a sheet only when every box reads, so "1O" on one option
    never adds the rest of the sheet without it.
    """
    try:
        return typed_totals(spins)
    except NotANumber as refusal:
        commander.failed.emit(str(refusal))
        return None
