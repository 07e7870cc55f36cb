"""The form for recording an honorarium payment: to whom, how much, how, and whether it is handed over yet."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

from cocommission.model import PaymentMethod
from cocommission.model.base import today
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.pages.money_entry import read_money
from cocommission.wording import translator

tr = translator("PaymentDialog")

_METHOD_NAMES = {
    PaymentMethod.CASH: "Cash",
    PaymentMethod.LOCAL_CURRENCY: "Local currency",
    PaymentMethod.VOUCHER: "Voucher",
    PaymentMethod.BANK_TRANSFER: "Bank transfer",
}


def method_name(method: PaymentMethod) -> str:
    """How a payment was made, in words: ``Local currency``."""
    return tr(_METHOD_NAMES[PaymentMethod(method)])


class PaymentDialog(FormDialog):
    """Asks for a payment's details; ``values`` holds them (ready for ``record_payment``) once accepted.

    The amount starts as what the chosen participant is still owed in the honorarium currency,
    until the user types their own.
    """

    def __init__(
        self,
        *,
        participants: Sequence[tuple[str, str]],
        outstanding: Mapping[str, int],
        currencies: Sequence[CurrencyInfo],
        honorarium_currency: CurrencyInfo,
        workshops: Sequence[tuple[str, str]],
        participant_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a payment"))
        self._outstanding = dict(outstanding)
        self._currencies = {currency.code: currency for currency in currencies}
        self._honorarium_currency = honorarium_currency
        self._amount_typed = False
        self._method_picked = False

        self.participant = QComboBox(self)
        for key, pseudonym in participants:
            self.participant.addItem(pseudonym, key)
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("40.00")
        self.currency = QComboBox(self)
        self.currency.setAccessibleName(self.tr("Currency"))
        for currency in currencies:
            self.currency.addItem(
                self.tr("{name} ({symbol})").format(name=currency.name, symbol=currency.symbol), currency.code
            )
        self.method = QComboBox(self)
        for method in PaymentMethod:
            self.method.addItem(method_name(method), method.value)
        self.paid_now = QRadioButton(self.tr("&Handed over on:"), self)
        self.paid_on = QDateEdit(self)
        self.paid_on.setCalendarPopup(True)
        self.paid_on.setDisplayFormat("d MMM yyyy")
        self.paid_on.setDate(QDate(today()))
        self.paid_on.setAccessibleName(self.tr("Date handed over"))
        self.still_due = QRadioButton(self.tr("Not handed over yet (&due)"), self)
        self.when = QButtonGroup(self)
        self.when.addButton(self.paid_now)
        self.when.addButton(self.still_due)
        self.paid_now.setChecked(True)
        self.workshop = QComboBox(self)
        self.workshop.addItem(self.tr("Not for one workshop"), None)
        for key, label in workshops:
            self.workshop.addItem(label, key)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("e.g. Workshops 1 to 3"))

        when_row = QHBoxLayout()
        when_row.addWidget(self.paid_now)
        when_row.addWidget(self.paid_on)
        when_row.addWidget(self.still_due)
        when_row.addStretch(1)
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 1)
        amount_row.addWidget(self.currency)
        form = QFormLayout()
        form.addRow(self.tr("&Participant:"), self.participant)
        form.addRow(self.tr("&Amount:"), amount_row)
        # The label of a row holding a layout cannot be a buddy, so the amount field gets it explicitly.
        amount_label = form.labelForField(amount_row)
        if isinstance(amount_label, QLabel):
            amount_label.setBuddy(self.amount)
        form.addRow(self.tr("&Method:"), self.method)
        form.addRow(self.tr("When:"), when_row)
        form.addRow(self.tr("For &workshop:"), self.workshop)
        form.addRow(self.tr("&Note:"), self.note)
        self._lay_out(form, ok_text=self.tr("Record payment"), on_ok=self._check_and_accept)
        self.ok_button.setDefault(True)
        self.values: dict | None = None

        self.amount.textEdited.connect(self._typed)
        self.method.activated.connect(self._picked_method)
        self.participant.currentIndexChanged.connect(self._prefill)
        self.currency.currentIndexChanged.connect(self._prefill)
        self.still_due.toggled.connect(lambda due: self.paid_on.setEnabled(not due))
        self.currency.setCurrentIndex(max(0, self.currency.findData(honorarium_currency.code)))
        if participant_id is not None:
            self.participant.setCurrentIndex(max(0, self.participant.findData(participant_id)))
        self._prefill()
        self.amount.setFocus()

    def chosen_currency(self) -> CurrencyInfo | None:
        """The currency the payment is in."""
        return self._currencies.get(self.currency.currentData())

    def _typed(self, _text: str) -> None:
        self._amount_typed = True

    def _picked_method(self, _index: int) -> None:
        self._method_picked = True

    def _prefill(self, *_args) -> None:
        currency = self.chosen_currency()
        if currency is not None and not self._method_picked:
            method = PaymentMethod.LOCAL_CURRENCY if currency.is_local else PaymentMethod.CASH
            self.method.setCurrentIndex(self.method.findData(method.value))
        if self._amount_typed:
            return
        owed = self._outstanding.get(self.participant.currentData(), 0)
        # What is owed is counted in the honorarium currency; another currency needs the amount typed.
        if currency is not None and currency.code == self._honorarium_currency.code and owed > 0:
            self.amount.setText(format_money(owed, currency))
        else:
            self.amount.clear()
        self.amount.selectAll()

    def _check_and_accept(self) -> None:
        currency = self.chosen_currency()
        if self.participant.currentData() is None:
            self._refuse(self.tr("Choose who the payment is for."), self.participant)
            return
        if currency is None:
            self._refuse(self.tr("Choose the currency of the payment."), self.currency)
            return
        if not self.amount.text().strip():
            self._refuse(self.tr("Write the amount paid."), self.amount)
            return
        try:
            amount = read_money(self.amount.text(), currency)
        except ValueError as exc:
            self._refuse(str(exc), self.amount)
            return
        if amount <= 0:
            self._refuse(self.tr("A payment is more than nothing; write the amount paid."), self.amount)
            return
        paid_on: date | None = None
        if self.paid_now.isChecked():
            chosen = self.paid_on.date()
            paid_on = date(chosen.year(), chosen.month(), chosen.day())
        self.values = {
            "participant_id": self.participant.currentData(),
            "amount_minor": amount,
            "currency_code": currency.code,
            "method": PaymentMethod(self.method.currentData()),
            "paid_on": paid_on,
            "workshop_id": self.workshop.currentData(),
            "note": self.note.text().strip(),
        }
        self.accept()
