"""The payments tab: the honoraria ledger.

At the top, what participants earn. Then what each participant (by pseudonym) has earned,
been paid and is still owed, in the honorarium currency; "Record payment…" opens the form
filled with what is still owed. Below, every payment with its receipt number, where a
payment still due can be marked as handed over; and the totals per currency at the bottom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import new_id
from cocommission.model.base import today
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services.collation import name_sort_key
from cocommission.services.commissions import CommissionSummary
from cocommission.services.honoraria import HonorariumDue
from cocommission.services.participants import ParticipantRow
from cocommission.services.payments import (
    PaymentRow,
    PaymentTotals,
    cancel_payment,
    mark_payment_paid,
    mark_payment_unpaid,
    record_payment,
)
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.form_dialog import open_form
from cocommission.ui.pages.display import format_day
from cocommission.ui.pages.honorarium_panel import HonorariumPanel
from cocommission.ui.payment_dialog import PaymentDialog, method_name
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view, selected_row, sorting_proxy
from cocommission.wording import on_screen

(
    COL_DUE_PERSON,
    COL_DUE_SESSIONS,
    COL_DUE_HOURS,
    COL_DUE_EARNED,
    COL_DUE_PAID,
    COL_DUE_AWAITING,
    COL_DUE_OUTSTANDING,
) = range(7)
COL_RECEIPT, COL_PAYEE, COL_AMOUNT, COL_METHOD, COL_PAID_ON, COL_WORKSHOP, COL_NOTE = range(7)

_RIGHT = Qt.AlignmentFlag.AlignRight


@dataclass(frozen=True)
class DueLine:
    """One participant's line in "Payments due": earned, handed over, recorded but not handed over, owed."""

    id: str
    pseudonym: str
    currency: CurrencyInfo
    sessions: int
    minutes: int
    earned_minor: int
    paid_minor: int
    awaiting_minor: int
    outstanding_minor: int
    overpaid_minor: int


def _receipt_order(row: PaymentRow) -> int:
    """Receipts in the order they were issued: R-0002 before R-0010 (a sort key must be one plain value)."""
    digits = "".join(character for character in row.receipt_number if character.isdigit())
    return int(digits) if digits else 0


class PaymentsPanel(QWidget):
    """Set the honorarium, see who is owed what, record payments, mark them handed over, read the totals."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self._commission: CommissionSummary | None = None
        self._currencies: dict[str, CurrencyInfo] = {}
        self._participants: tuple[ParticipantRow, ...] = ()
        self._workshops: dict[str, str] = {}
        self.dialog: PaymentDialog | None = None

        self.honorarium = HonorariumPanel(commander, self)

        # --- payments due -----------------------------------------------------
        self.due_model = RowTableModel(
            [
                Column(
                    self.tr("Participant"),
                    lambda line: line.pseudonym,
                    sort_key=lambda line: name_sort_key(line.pseudonym),
                ),
                Column(
                    self.tr("Sessions"),
                    lambda line: line.sessions,
                    alignment=_RIGHT,
                    tooltip=lambda line: self.tr("Workshops attended"),
                ),
                Column(
                    self.tr("Hours"),
                    lambda line: on_screen.duration(line.minutes),
                    sort_key=lambda line: line.minutes,
                    alignment=_RIGHT,
                ),
                Column(
                    self.tr("Earned"),
                    lambda line: self._money(line.earned_minor, line.currency),
                    sort_key=lambda line: line.earned_minor,
                    alignment=_RIGHT,
                ),
                Column(
                    self.tr("Paid"),
                    lambda line: self._money(line.paid_minor, line.currency),
                    sort_key=lambda line: line.paid_minor,
                    alignment=_RIGHT,
                    tooltip=lambda line: self.tr("Handed over"),
                ),
                Column(
                    self.tr("Due to hand over"),
                    lambda line: self._money(line.awaiting_minor, line.currency),
                    sort_key=lambda line: line.awaiting_minor,
                    alignment=_RIGHT,
                    tooltip=lambda line: self.tr("Recorded as due but not handed over yet"),
                ),
                Column(
                    self.tr("Outstanding"),
                    self._outstanding_text,
                    sort_key=lambda line: line.outstanding_minor,
                    alignment=_RIGHT,
                    tooltip=self._outstanding_tip,
                ),
            ],
            self,
        )
        self.due_proxy = sorting_proxy(self.due_model, self)
        self.due_table = make_table_view(
            self,
            self.due_proxy,
            self.tr("Payments due"),
            stretch_column=COL_DUE_PERSON,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        self.due_table.setSortingEnabled(True)
        self.due_table.sortByColumn(COL_DUE_PERSON, Qt.SortOrder.AscendingOrder)
        self.due_table.doubleClicked.connect(lambda _index: self.record_payment())
        self.record_button = QPushButton(self.tr("Record &payment…"), self)
        self.record_button.setToolTip(self.tr("Record a payment to the chosen participant (Enter)"))
        self.record_button.clicked.connect(self.record_payment)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.due_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.record_payment)
        due_box = QGroupBox(self.tr("Payments due"), self)
        due_layout = QVBoxLayout(due_box)
        due_layout.addWidget(self.due_table, 1)
        due_buttons = QHBoxLayout()
        due_buttons.addWidget(self.record_button)
        due_buttons.addStretch(1)
        due_layout.addLayout(due_buttons)

        # --- payments recorded ------------------------------------------------
        self.payments_model = RowTableModel(
            [
                Column(self.tr("Receipt"), lambda row: row.receipt_number, sort_key=_receipt_order),
                Column(
                    self.tr("Participant"),
                    lambda row: row.pseudonym,
                    sort_key=lambda row: name_sort_key(row.pseudonym),
                ),
                Column(
                    self.tr("Amount"),
                    self._payment_amount,
                    sort_key=lambda row: row.amount_minor,
                    alignment=_RIGHT,
                ),
                Column(self.tr("Method"), lambda row: method_name(row.method)),
                Column(
                    self.tr("Handed over"),
                    lambda row: format_day(row.paid_on) if row.paid else self.tr("Due"),
                    sort_key=lambda row: row.paid_on.isoformat() if row.paid_on else "9999",
                ),
                Column(self.tr("Workshop"), lambda row: self._workshops.get(row.workshop_id or "", "")),
                Column(self.tr("Note"), lambda row: row.note),
            ],
            self,
        )
        self.payments_proxy = sorting_proxy(self.payments_model, self)
        self.payments_table = make_table_view(
            self,
            self.payments_proxy,
            self.tr("Payments recorded"),
            stretch_column=COL_NOTE,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
        )
        self.payments_table.setSortingEnabled(True)
        self.payments_table.sortByColumn(COL_RECEIPT, Qt.SortOrder.AscendingOrder)
        self.handed_over_on = QDateEdit(self)
        self.handed_over_on.setCalendarPopup(True)
        self.handed_over_on.setDisplayFormat("d MMM yyyy")
        self.handed_over_on.setDate(QDate(today()))
        handed_label = QLabel(self.tr("Handed over &on:"), self)
        handed_label.setBuddy(self.handed_over_on)
        self.mark_paid_button = QPushButton(self.tr("&Mark paid"), self)
        self.mark_paid_button.setToolTip(self.tr("Record that the chosen payment has been handed over"))
        self.mark_paid_button.clicked.connect(self.mark_selected_paid)
        self.totals = QLabel(self)
        self.totals.setObjectName("paymentTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        payments_box = QGroupBox(self.tr("Payments recorded"), self)
        payments_layout = QVBoxLayout(payments_box)
        payments_layout.addWidget(self.payments_table, 1)
        mark_row = QHBoxLayout()
        mark_row.addWidget(handed_label)
        mark_row.addWidget(self.handed_over_on)
        mark_row.addWidget(self.mark_paid_button)
        mark_row.addStretch(1)
        payments_layout.addLayout(mark_row)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(due_box)
        splitter.addWidget(payments_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(self.honorarium)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.totals)

        self.due_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.payments_table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def show_payments(
        self,
        commission_id: str,
        *,
        commission: CommissionSummary,
        currencies: Sequence[CurrencyInfo],
        participants: Sequence[ParticipantRow],
        workshops: Mapping[str, str],
        due: Sequence[HonorariumDue],
        payments: Sequence[PaymentRow],
        totals: PaymentTotals,
    ) -> None:
        """Show the honorarium, what is due to each participant, the payments and the totals.

        ``workshops`` names each workshop by id, in the order they were held.
        """
        self.commission_id = commission_id
        self._commission = commission
        self._currencies = {currency.code: currency for currency in currencies}
        self._participants = tuple(participants)
        workshop_names = dict(workshops)
        renamed = workshop_names != self._workshops
        self._workshops = workshop_names
        self.honorarium.show_honorarium(commission_id, commission, currencies)
        chosen_person = self.selected_due()
        chosen_payment = self.selected_payment()
        self.due_model.set_rows(self._due_lines(commission, due, totals))
        if renamed:
            self.payments_model.set_rows(payments)
        else:
            self.payments_model.set_rows(payments)
        if chosen_person is not None:
            self._select(self.due_table, self.due_model, chosen_person.id)
        if chosen_payment is not None:
            self._select(self.payments_table, self.payments_model, chosen_payment.id)
        self.totals.setText(self._totals_text(totals))
        self._update_buttons()

    def _due_lines(
        self, commission: CommissionSummary, due: Sequence[HonorariumDue], totals: PaymentTotals
    ) -> list[DueLine]:
        currency = commission.honorarium_currency
        handed = {
            total.participant_id: (total.paid_minor, total.due_minor)
            for total in totals.by_participant
            if total.currency_code == currency.code
        }
        lines = []
        for line in due:
            paid, awaiting = handed.get(line.participant_id, (0, 0))
            lines.append(
                DueLine(
                    id=line.participant_id,
                    pseudonym=line.pseudonym,
                    currency=currency,
                    sessions=line.sessions,
                    minutes=line.minutes,
                    earned_minor=line.earned_minor,
                    paid_minor=paid,
                    awaiting_minor=awaiting,
                    outstanding_minor=line.outstanding_minor,
                    overpaid_minor=line.overpaid_minor,
                )
            )
        return lines

    def _money(self, amount_minor: int, currency: CurrencyInfo) -> str:
        return format_money(amount_minor, currency)

    def _outstanding_text(self, line: DueLine) -> str:
        if line.overpaid_minor:
            return self.tr("Overpaid {amount}").format(
                amount=format_money(line.overpaid_minor, line.currency)
            )
        return format_money(line.outstanding_minor, line.currency)

    def _outstanding_tip(self, line: DueLine) -> str:
        if line.overpaid_minor:
            return self.tr("More has been recorded than this participant earned")
        return self.tr("Earned but no payment recorded for it yet")

    def _payment_amount(self, row: PaymentRow) -> str:
        currency = self._currencies.get(row.currency_code)
        if currency is None:
            return f"{row.amount_minor} {row.currency_code}"
        return format_money(row.amount_minor, currency)

    def _totals_text(self, totals: PaymentTotals) -> str:
        if not totals.by_currency:
            return self.tr("No payments recorded yet.")
        parts = []
        for total in totals.by_currency:
            currency = self._currencies.get(total.currency_code)
            if currency is None:
                continue
            parts.append(
                self.tr("{name}: {paid} paid, {due} due").format(
                    name=currency.name,
                    paid=format_money(total.paid_minor, currency),
                    due=format_money(total.due_minor, currency),
                )
            )
        return self.tr("Totals — {totals}.").format(totals="; ".join(parts))

    def selected_due(self) -> DueLine | None:
        """The participant chosen in "Payments due", if any."""
        return selected_row(self.due_table)

    def selected_payment(self) -> PaymentRow | None:
        """The payment chosen in "Payments recorded", if any."""
        return selected_row(self.payments_table)

    def select_payment(self, payment_id: str) -> None:
        """Choose the payment with ``payment_id`` and bring it into view."""
        self._select(self.payments_table, self.payments_model, payment_id)

    @staticmethod
    def _select(table: QTableView, model: RowTableModel, key: str) -> None:
        number = model.row_number(key)
        if number is None:
            return
        proxy = table.model()
        assert isinstance(proxy, QSortFilterProxyModel)
        index = proxy.mapFromSource(model.index(number, 0))
        table.selectRow(index.row())
        table.scrollTo(index)

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_payment()
        self.mark_paid_button.setEnabled(chosen is not None and not chosen.paid)
        self.record_button.setEnabled(self.commission_id is not None and bool(self._currencies))

    # --- changing -------------------------------------------------------------

    def record_payment(self) -> None:
        """Open the payment form for the chosen participant, filled with what they are still owed."""
        commission = self._commission
        if self.commission_id is None or commission is None:
            return
        chosen = self.selected_due()
        outstanding = {line.id: line.outstanding_minor for line in self.due_model.rows()}
        payees = [(person.id, person.pseudonym) for person in self._participants if not person.erased]
        dialog = PaymentDialog(
            participants=payees,
            outstanding=outstanding,
            currencies=tuple(self._currencies.values()),
            honorarium_currency=commission.honorarium_currency,
            workshops=list(self._workshops.items()),
            participant_id=chosen.id if chosen is not None else None,
            parent=self,
        )
        self.dialog = dialog
        open_form(dialog, self.commander, lambda: self._payment_accepted(dialog))

    def _payment_accepted(self, dialog: PaymentDialog) -> None:
        if dialog.values is None or self.commission_id is None:
            return
        values = {"commission_id": self.commission_id, **dialog.values}
        if values.get("paid_on") is not None:
            # Handed over as it is recorded: its receipt is signed, so it stands.
            made = self.commander.run(
                record_payment, initiator=self, **values,
                cannot_undo=self.tr("a payment handed over stands on its receipt"),
            )
        else:
            values["payment_id"] = new_id()  # chosen here, so Redo records this very payment again
            made = self.commander.edit(
                self.tr("Record a payment due"),
                do=ServiceCall(record_payment, values),
                undo=ServiceCall(cancel_payment, {"payment_id": values["payment_id"]}),
                initiator=self,
                row=values["payment_id"],
            )
        if made is not None:
            self.select_payment(made.id)

    def mark_selected_paid(self) -> None:
        """Record that the chosen payment was handed over on the day shown beside the button."""
        chosen = self.selected_payment()
        if chosen is None or chosen.paid:
            return
        day = self.handed_over_on.date()
        self.commander.edit(
            self.tr("Mark payment {receipt} paid").format(receipt=chosen.receipt_number),
            do=ServiceCall(mark_payment_paid, {
                "payment_id": chosen.id, "paid_on": date(day.year(), day.month(), day.day()),
            }),
            undo=ServiceCall(mark_payment_unpaid, {"payment_id": chosen.id}),
            initiator=self,
            row=chosen.id,
        )
        self.select_payment(chosen.id)
