"""The panel tab of the bids page: who sits on the interview panel, ticked by pseudonym."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from cocommission.services import panellists
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

COL_ON_PANEL, COL_PSEUDONYM, COL_NOTE = range(3)


@dataclass(frozen=True)
class PanelSeat:
    """A participant who could sit on the panel; ``note`` says why they may not (withdrawn, erased)."""

    id: str
    pseudonym: str
    is_panellist: bool
    note: str = ""


class PanellistsPanel(QWidget):
    """A check list of participants by pseudonym; ticking one puts them on the interview panel."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        intro = QLabel(
            self.tr(
                "Tick the young people who will interview and score the bids. "
                "Scores already given are kept if someone leaves the panel."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model = RowTableModel(
            [
                Column(self.tr("On the panel"), lambda seat: seat.is_panellist, checkbox=True, editable=True),
                Column(self.tr("Pseudonym"), lambda seat: seat.pseudonym),
                Column(self.tr("Note"), lambda seat: seat.note),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.table = make_table_view(
            self, self.model, self.tr("Interview panel"), stretch_column=None, stretch_last_section=True
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)

    def show_seats(self, seats: Sequence[PanelSeat]) -> None:
        """Show every participant who could be on the panel."""
        self.model.set_rows(seats)

    def _edit_requested(self, seat: PanelSeat, column: int, value) -> None:
        if column != COL_ON_PANEL:
            return
        self.commander.edit(
            self.tr("Put {name} on the panel").format(name=seat.pseudonym)
            if value
            else self.tr("Take {name} off the panel").format(name=seat.pseudonym),
            do=ServiceCall(panellists.set_panellist, {"participant_id": seat.id, "is_panellist": bool(value)}),
            undo=ServiceCall(
                panellists.set_panellist, {"participant_id": seat.id, "is_panellist": seat.is_panellist}
            ),
            initiator=self,
            row=seat.id,
        )
