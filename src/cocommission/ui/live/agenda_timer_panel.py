"""The workshop's agenda on the console, each item a countdown away from starting.

The facilitator picks an agenda item and starts it: the projector counts
down that item's minutes. The next item is then ready, so Enter moves the
session along. The agenda itself is written on the People page.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QLocale, QObject, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.changes import Changes
from cocommission.services.errors import ServiceError
from cocommission.services.workshops import AgendaItemRow, WorkshopRow, get_workshop
from cocommission.ui.commands import Commander
from cocommission.ui.style import enlarge

_ITEM_ROLE = Qt.ItemDataRole.UserRole
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class AgendaTimerPanel(QWidget):
    """The chosen workshop's agenda items with their minutes, and "Start item"."""

    #: Start a countdown of this many seconds for the named agenda item.
    item_started = Signal(int, str)

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self.workshop: WorkshopRow | None = None

        self.heading = QLabel(self)
        enlarge(self.heading, 1.2, bold=True)
        self.heading.setWordWrap(True)
        items_label = QLabel(self.tr("Agenda &items (Enter starts the chosen one):"), self)
        self.items = QListWidget(self)
        self.items.setSpacing(3)
        enlarge(self.items, 1.2)
        items_label.setBuddy(self.items)
        self.items.installEventFilter(self)
        self.items.itemDoubleClicked.connect(lambda _item: self.start_item())
        self.start_button = QPushButton(self.tr("&Start item"), self)
        self.start_button.setToolTip(self.tr("Count down the chosen item's minutes on the projector"))
        self.start_button.clicked.connect(self.start_item)
        self.now_label = QLabel(self)
        enlarge(self.now_label, 1.2, bold=True)
        self.now_label.setWordWrap(True)
        self.total_label = QLabel(self)
        self.total_label.setWordWrap(True)

        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.now_label, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(items_label)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.total_label)
        layout.addLayout(buttons)
        commander.bus.changes_applied.connect(self._on_changes)
        self._show(None)

    def set_commission(self, commission_id: str | None) -> None:
        """Follow another commission; the workshop is chosen with ``set_workshop``."""
        self.commission_id = commission_id
        self.now_label.clear()

    def set_workshop(self, workshop_id: str | None) -> None:
        """Show the agenda of ``workshop_id`` (None: no workshop chosen)."""
        if workshop_id is None:
            self._show(None)
        else:
            self._show(self.commander.read(get_workshop, workshop_id=workshop_id))

    def _show(self, workshop: WorkshopRow | None) -> None:
        keep = self.items.currentRow()
        same = self.workshop is not None and workshop is not None and workshop.id == self.workshop.id
        self.workshop = workshop
        self.items.clear()
        if workshop is None:
            self.heading.setText(self.tr("Choose a workshop at the top to see its agenda."))
            self.total_label.clear()
        else:
            self.heading.setText(
                self.tr("Workshop {number}: {title}").format(number=workshop.number, title=workshop.title)
            )
            for item in workshop.agenda:
                row = QListWidgetItem(
                    self.tr("{position}. {title} — {minutes} min").format(
                        position=item.position, title=item.title, minutes=item.minutes
                    )
                )
                row.setData(_ITEM_ROLE, item)
                self.items.addItem(row)
            if workshop.agenda:
                self.total_label.setText(
                    self.tr("The agenda takes {agenda} min; the workshop lasts {length} min.").format(
                        agenda=workshop.agenda_minutes, length=workshop.minutes
                    )
                )
            else:
                self.total_label.setText(
                    self.tr("This workshop has no agenda yet; add items on the People page.")
                )
            self.items.setCurrentRow(min(keep, self.items.count() - 1) if same and keep >= 0 else 0)
        self.start_button.setEnabled(self.items.count() > 0)

    def start_item(self) -> None:
        """Start the chosen item's countdown, then make the next item ready."""
        current = self.items.currentItem()
        if current is None:
            return
        item: AgendaItemRow = current.data(_ITEM_ROLE)
        self.item_started.emit(item.minutes * 60, item.title)
        started = QLocale().toString(QTime.currentTime(), QLocale.FormatType.ShortFormat)
        self.now_label.setText(
            self.tr("Now: {title} ({minutes} min), started {time}").format(
                title=item.title, minutes=item.minutes, time=started
            )
        )
        self.items.setCurrentRow(min(self.items.currentRow() + 1, self.items.count() - 1))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.items
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER_KEYS
        ):
            self.start_item()
            return True
        return super().eventFilter(watched, event)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if self.workshop is None or not changes.touches("workshop"):
            return
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        try:
            self.set_workshop(self.workshop.id)
        except ServiceError:
            self._show(None)
