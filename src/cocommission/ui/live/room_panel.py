"""Room voting on the console: turning the laptop's ballot server on and off, its address, the PIN, the phones.

The facilitator picks which of the laptop's networks phones join through (the
hotspot or the venue's Wi-Fi; "every network" only when chosen on purpose),
turns room voting on, and reads out the PIN shown here — only here: the wall's
Join scene shows the address and never the PIN. A phone that types the PIN and
a name only asks to join: it is listed under "Asking to join" until the
facilitator, who can see who holds it, lets it in or turns it away. Joined
phones are listed by pseudonym, and a lost or passed-on phone can be revoked.

The room server runs on its own thread. After each commit it calls back on that
thread; the callback only re-emits the change through a queued Qt signal, so the
console and the projector refresh on the GUI thread exactly as they do after an
entry typed here. The other way round, after each change committed from the
window (the facilitator opens, closes or reveals a round), the running server is
told at once, so phones follow the room without waiting.

Turning room voting off, closing the console and quitting all stop the server
and free its port before they return.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.changes import Changes
from cocommission.services.errors import ServiceError
from cocommission.ui.commands import Commander
from cocommission.ui.flow_layout import FlowLayout, together
from cocommission.ui.style import enlarge
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

if TYPE_CHECKING:
    from cocommission.room.server import RoomServer

#: What the address picker holds for "every network": the server then answers on all of the laptop's addresses.
EVERY_NETWORK = "0.0.0.0"
#: The kinds of change that alter the list of joined phones.
PHONE_KINDS = ("room_phone",)


def merged(changes: list[Changes]) -> Changes:
    """One ``Changes`` holding everything in ``changes`` (the kinds, their ids, and the commissions)."""
    by_kind: dict[str, set[str]] = {}
    commissions: set[str] = set()
    for each in changes:
        commissions |= each.commission_ids
        for kind, ids in each.by_kind.items():
            by_kind.setdefault(kind, set()).update(ids)
    return Changes(
        commission_ids=frozenset(commissions), by_kind={kind: frozenset(ids) for kind, ids in by_kind.items()}
    )


class ChangeRelay(QObject):
    """Carries the room server's changes from its thread to the GUI thread.

    ``arrived`` may be emitted from any thread; it is connected queued, so its
    receiver always runs on the thread this object lives on (the GUI's).
    """

    arrived = Signal(object)
    #: Phones asking to join with the PIN are not the same as before (emitted on the server's thread).
    asking = Signal()


class RoomPanel(QWidget):
    """Room voting on/off, the address phones join at, the PIN to read out, and the joined phones."""

    #: The address phones join at while room voting is on ("http://HOST:PORT/"), "" once it is off.
    address_changed = Signal(str)

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self.workshop_id: str | None = None
        self.server: RoomServer | None = None
        self.relay = ChangeRelay(self)
        self.relay.arrived.connect(self._phones_changed, Qt.ConnectionType.QueuedConnection)
        self.relay.asking.connect(self.load_asking, Qt.ConnectionType.QueuedConnection)
        # Ballots from many phones at once are announced together, once per turn of the event loop:
        # the console and the wall then read once for the lot, and keep answering the facilitator.
        self._arrived: list[Changes] = []
        self._announcer = QTimer(self)
        self._announcer.setSingleShot(True)
        self._announcer.setInterval(0)
        self._announcer.timeout.connect(self._announce)

        self.switch = QCheckBox(self.tr("R&oom voting: participants vote from their own phones"), self)
        self.switch.setToolTip(
            self.tr("Serve the ballot page to phones on the network chosen beside it (no internet is used)")
        )
        self.switch.toggled.connect(self._switched)
        address_label = QLabel(self.tr("Net&work:"), self)
        self.addresses = QComboBox(self)
        self.addresses.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.addresses.setToolTip(
            self.tr("The laptop's hotspot or the venue's Wi-Fi: the network the participants' phones are on")
        )
        address_label.setBuddy(self.addresses)
        self.refresh_button = QPushButton(self.tr("Look again"), self)
        self.refresh_button.setToolTip(self.tr("Look again for the laptop's networks (after joining a Wi-Fi)"))
        self.refresh_button.clicked.connect(self.load_addresses)

        self.state = QLabel(self.tr("Room voting is off."), self)
        self.state.setWordWrap(True)
        self.address = QLabel(self)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        enlarge(self.address, 1.6, bold=True)
        self.pin = QLabel(self)
        self.pin.setAccessibleName(self.tr("PIN to read out"))
        enlarge(self.pin, 1.6, bold=True)

        self.phones_heading = QLabel(self.tr("Joined phones"), self)
        enlarge(self.phones_heading, 1.1, bold=True)
        self.phone_rows = RowTableModel(
            (
                Column(self.tr("Pseudonym"), lambda row: row.pseudonym),
                Column(self.tr("Joined at"), lambda row: row.joined_at.astimezone().strftime("%H:%M")),
            ),
            self,
            key=lambda row: row.phone_id,
        )
        self.phones = make_table_view(
            self, self.phone_rows, self.tr("Joined phones"), stretch_column=0,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        self.phones.selectionModel().selectionChanged.connect(self._enable)
        self.revoke_button = QPushButton(self.tr("&Revoke phone"), self)
        self.revoke_button.setToolTip(
            self.tr("The chosen phone can no longer vote; its owner joins again with a new card or the PIN")
        )
        self.revoke_button.clicked.connect(self.revoke_chosen)

        self.asking_heading = QLabel(self.tr("Asking to join"), self)
        enlarge(self.asking_heading, 1.1, bold=True)
        self.asking_rows = RowTableModel(
            (Column(self.tr("Pseudonym"), lambda row: row.pseudonym),), self, key=lambda row: row.ticket
        )
        self.asking = make_table_view(
            self, self.asking_rows, self.tr("Phones asking to join with the PIN"), stretch_column=0,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        self.asking.setToolTip(
            self.tr("Phones that typed the PIN and a name: let one in when you can see who is holding it")
        )
        self.asking.selectionModel().selectionChanged.connect(self._enable)
        self.let_in_button = QPushButton(self.tr("&Let in"), self)
        self.let_in_button.setToolTip(self.tr("The chosen phone joins as the name it gave, and goes on to the ballot"))
        self.let_in_button.clicked.connect(self.let_in_chosen)
        self.turn_away_button = QPushButton(self.tr("T&urn away"), self)
        self.turn_away_button.setToolTip(self.tr("The chosen phone is told it was not let in, and joins nothing"))
        self.turn_away_button.clicked.connect(self.turn_away_chosen)

        top = FlowLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.switch)
        top.addWidget(together(self, address_label, self.addresses, self.refresh_button))
        shown = QHBoxLayout()
        shown.addWidget(self.address)
        shown.addSpacing(24)
        shown.addWidget(self.pin)
        shown.addStretch(1)
        asking_row = QHBoxLayout()
        asking_row.addWidget(self.asking_heading)
        asking_row.addStretch(1)
        asking_row.addWidget(self.let_in_button)
        asking_row.addWidget(self.turn_away_button)
        phones_row = QHBoxLayout()
        phones_row.addWidget(self.phones_heading)
        phones_row.addStretch(1)
        phones_row.addWidget(self.revoke_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.state)
        layout.addLayout(shown)
        layout.addLayout(asking_row)
        layout.addWidget(self.asking, 1)
        layout.addLayout(phones_row)
        layout.addWidget(self.phones, 2)

        commander.bus.changes_applied.connect(self._on_changes)
        self.load_addresses()
        self._show_state()

    # --- context ------------------------------------------------------------

    def set_commission(self, commission_id: str | None) -> None:
        """Room voting for another commission: a server running for the last one stops."""
        if commission_id != self.commission_id:
            self.stop_room()
        self.commission_id = commission_id
        self.load_phones()
        self._enable()

    def set_workshop(self, workshop_id: str | None) -> None:
        """The workshop whose register says who is absent; a running server checks phones against it from now on."""
        self.workshop_id = workshop_id
        if self.server is not None and self.server.running:
            self.server.set_workshop(workshop_id)

    def load_addresses(self) -> None:
        """List the laptop's networks, the one chosen before kept chosen; "every network" comes last."""
        from cocommission.room.addresses import laptop_addresses

        chosen = self.addresses.currentData()
        self.addresses.clear()
        for found in laptop_addresses():
            self.addresses.addItem(
                self.tr("{name} ({host})").format(name=found.name, host=found.host), found.host
            )
        self.addresses.addItem(self.tr("Every network (all of the laptop's addresses)"), EVERY_NETWORK)
        index = self.addresses.findData(chosen) if chosen is not None else -1
        self.addresses.setCurrentIndex(max(index, 0))

    def choose_address(self, host: str) -> bool:
        """Pick the network with address ``host`` (False when the laptop has no such address)."""
        index = self.addresses.findData(host)
        if index >= 0:
            self.addresses.setCurrentIndex(index)
        return index >= 0

    # --- on and off ---------------------------------------------------------

    @property
    def running(self) -> bool:
        """Whether phones can reach the ballot page now."""
        return self.server is not None and self.server.running

    def start_room(self) -> bool:
        """Start serving phones on the chosen address; False (with a message saying why) when it cannot."""
        if self.running:
            return True
        if self.commission_id is None:
            self.commander.failed.emit(self.tr("Open a commission before turning room voting on."))
            self._show_state()
            return False
        from cocommission.room.server import RoomServer, RoomServerError

        server = RoomServer(
            self.commander.database,
            commission_id=self.commission_id,
            host=self.addresses.currentData(),
            workshop_id=self.workshop_id,
            on_change=self.relay.arrived.emit,
            pin_needs_facilitator=True,
            on_asking=self.relay.asking.emit,
        )
        try:
            url = server.start()
        except RoomServerError as refusal:
            self.commander.failed.emit(str(refusal))
            self._show_state()
            return False
        self.server = server
        self._show_state()
        self.load_phones()
        self.address_changed.emit(url)
        if server.notice:  # the usual port was taken: cards and sheets printed before name another
            self.commander.succeeded.emit(server.notice)
        return True

    def stop_room(self) -> None:
        """Stop serving phones and free the port (nothing happens when room voting is off)."""
        server, self.server = self.server, None
        if server is None:
            return
        server.stop()
        self._show_state()
        self.load_asking()
        self.address_changed.emit("")

    def _switched(self, on: bool) -> None:
        if on and not self.running:
            self.start_room()
        elif not on and self.running:
            self.stop_room()

    def _show_state(self) -> None:
        running = self.running
        blocked = self.switch.blockSignals(True)
        self.switch.setChecked(running)
        self.switch.blockSignals(blocked)
        if running and self.server is not None:
            self.state.setText(
                self.tr(
                    "Room voting is on. Phones on the same network open this address "
                    "(the Join scene shows it on the projector); read out the PIN to those without a join card: "
                    "their phones ask to join below, and wait until you let them in."
                )
            )
            self.address.setText(self.server.url)
            self.pin.setText(self.tr("PIN {pin}").format(pin=self.server.pin))
        else:
            self.state.setText(self.tr("Room voting is off."))
            self.address.clear()
            self.pin.clear()
        self._enable()

    def _enable(self) -> None:
        running = self.running
        self.switch.setEnabled(self.commission_id is not None)
        self.addresses.setEnabled(not running)
        self.refresh_button.setEnabled(not running)
        self.revoke_button.setEnabled(self.chosen_phone() is not None)
        asking = self.chosen_asking() is not None
        self.let_in_button.setEnabled(running and asking)
        self.turn_away_button.setEnabled(running and asking)

    # --- phones -------------------------------------------------------------

    def load_phones(self) -> None:
        """List the phones joined and not revoked, earliest first."""
        from cocommission.services.room_joining import list_phones

        if self.commission_id is None:
            self.phone_rows.set_rows(())
            self._enable()
            return
        try:
            rows = self.commander.read(list_phones, commission_id=self.commission_id)
        except ServiceError as refusal:
            self.commander.failed.emit(refusal.message)
            rows = ()
        joined = [row for row in rows if not row.revoked]
        self.phone_rows.set_rows(joined)
        self.phones_heading.setText(self.tr("Joined phones ({count})").format(count=len(joined)))
        self._enable()

    def chosen_phone(self) -> str | None:
        """The id of the phone chosen in the list, None when none is."""
        rows = self.phones.selectionModel().selectedRows() if self.phones.selectionModel() else []
        if not rows:
            return None
        return self.phone_rows.row_at(rows[0]).phone_id

    def choose_phone(self, pseudonym: str) -> bool:
        """Choose the joined phone of ``pseudonym`` in the list (False when they have none)."""
        for number, row in enumerate(self.phone_rows.rows()):
            if row.pseudonym == pseudonym:
                self.phones.selectRow(number)
                return True
        return False

    def revoke_chosen(self) -> bool:
        """Revoke the chosen phone: it can no longer vote or see the ballot; True when it was revoked."""
        from cocommission.services.room_joining import revoke_phone

        phone_id = self.chosen_phone()
        if phone_id is None:
            return False
        revoked = self.commander.run(
            revoke_phone,
            phone_id=phone_id,
            initiator=self,
            cannot_undo=self.tr("a revoked phone stays revoked: its owner joins again with a card or the PIN"),
        )
        return revoked is not None

    # --- phones asking to join ----------------------------------------------

    def load_asking(self) -> None:
        """List the phones asking to join with the PIN; the first is chosen, ready to let in."""
        chosen = self.chosen_asking()
        rows = self.server.asking() if self.server is not None else []
        self.asking_rows.set_rows(rows)
        self.asking_heading.setText(self.tr("Asking to join ({count})").format(count=len(rows)))
        tickets = [row.ticket for row in rows]
        if rows:
            self.asking.selectRow(tickets.index(chosen) if chosen in tickets else 0)
        self._enable()

    def chosen_asking(self) -> str | None:
        """The ticket of the request chosen in the list, None when none is."""
        model = self.asking.selectionModel()
        rows = model.selectedRows() if model is not None else []
        return self.asking_rows.row_at(rows[0]).ticket if rows else None

    def let_in_chosen(self) -> bool:
        """Let the chosen phone in: it joins as the name it gave (committed by the server, then listed)."""
        ticket = self.chosen_asking()
        if ticket is None or self.server is None:
            return False
        self.server.let_in(ticket)
        return True

    def turn_away_chosen(self) -> bool:
        """Turn the chosen phone away: it is told so, and joins nothing."""
        ticket = self.chosen_asking()
        if ticket is None or self.server is None:
            return False
        self.server.turn_away(ticket)
        return True

    # --- keeping up ---------------------------------------------------------

    def _phones_changed(self, changes: Changes) -> None:
        """A phone's commit, now on the GUI thread: announced (with any others that arrived meanwhile) as any
        committed change is announced."""
        if changes:
            self._arrived.append(changes)
            self._announcer.start()

    def _announce(self) -> None:
        arrived, self._arrived = self._arrived, []
        if arrived:
            self.commander.bus.changes_applied.emit(merged(arrived), self.relay)

    def _on_changes(self, changes: Changes, initiator: object) -> None:
        if changes.commission_ids and self.commission_id not in changes.commission_ids:
            return
        if changes.touches(*PHONE_KINDS):
            self.load_phones()
        # The window's own commits reach the phones at once; the server already told them of its own.
        if initiator is not self.relay and self.server is not None and self.server.running:
            self.server.notify_changed(changes)
