"""The honorarium line of the payments tab: what participants earn ("B£10.00 per hour"), and
adding a local currency such as Brixton Pounds to pay them in."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from cocommission.model import HonorariumBasis
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services.commissions import CommissionSummary, add_currency, update_commission
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.currency_dialog import CurrencyDialog
from cocommission.ui.flow_layout import FlowLayout
from cocommission.ui.form_dialog import open_form
from cocommission.ui.pages.money_entry import read_money


def rescaled_rate(rate_minor: int, old: CurrencyInfo, new: CurrencyInfo) -> int:
    """The rate in ``new``'s minor units that reads as ``rate_minor`` did in ``old`` (10.00 stays 10)."""
    shift = new.decimals - old.decimals
    if shift >= 0:
        return rate_minor * 10**shift
    step = 10**-shift
    # Half a unit rounds up, as the honoraria themselves do.
    return (rate_minor + step // 2) // step


class HonorariumPanel(QWidget):
    """Type the rate and press Enter; pick the currency and whether it is paid per hour or per session."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self._commission: CommissionSummary | None = None
        self._currencies: dict[str, CurrencyInfo] = {}
        self.dialog: CurrencyDialog | None = None

        self.rate = QLineEdit(self)
        self.rate.setPlaceholderText("10.00")
        self.rate.setMaximumWidth(140)
        self.rate.setToolTip(self.tr("Type what a participant earns and press Enter"))
        rate_label = QLabel(self.tr("Honorarium &rate:"), self)
        rate_label.setBuddy(self.rate)
        self.currency = QComboBox(self)
        currency_label = QLabel(self.tr("in &currency:"), self)
        currency_label.setBuddy(self.currency)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("per hour"), HonorariumBasis.HOUR.value)
        self.basis.addItem(self.tr("per session"), HonorariumBasis.SESSION.value)
        basis_label = QLabel(self.tr("pa&id:"), self)
        basis_label.setBuddy(self.basis)
        self.add_currency_button = QPushButton(self.tr("Add a &local currency…"), self)
        self.add_currency_button.setToolTip(
            self.tr("Pay participants in a local currency such as Brixton Pounds")
        )
        self.summary = QLabel(self)
        self.summary.setObjectName("honorariumSummary")

        self.rate.editingFinished.connect(self.change_rate)
        self.currency.activated.connect(lambda _index: self.change_currency(self.currency.currentData()))
        self.basis.activated.connect(lambda _index: self.change_basis(self.basis.currentData()))
        self.add_currency_button.clicked.connect(self.open_currency_dialog)

        # Each label stays with its field; the pairs wrap onto more lines on a small screen or at 200%.
        layout = FlowLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for label, field in ((rate_label, self.rate), (currency_label, self.currency), (basis_label, self.basis)):
            pair = QWidget(self)
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(label)
            pair_layout.addWidget(field)
            layout.addWidget(pair)
        layout.addWidget(self.summary)
        layout.addWidget(self.add_currency_button)

    # --- showing ------------------------------------------------------------

    def show_honorarium(
        self, commission_id: str, commission: CommissionSummary, currencies: Sequence[CurrencyInfo]
    ) -> None:
        """Show the commission's rate, currency and basis; ``currencies`` are those it can pay in."""
        self.commission_id = commission_id
        self._commission = commission
        self._currencies = {currency.code: currency for currency in currencies}
        self.currency.clear()
        for currency in currencies:
            self.currency.addItem(
                self.tr("{name} ({symbol})").format(name=currency.name, symbol=currency.symbol), currency.code
            )
        self.currency.setCurrentIndex(self.currency.findData(commission.honorarium_currency.code))
        self.basis.setCurrentIndex(self.basis.findData(commission.honorarium_basis.value))
        # Leave a rate being typed alone; it is shown afresh once the user has finished with it.
        if not self.rate.hasFocus() or not self.rate.isModified():
            self.rate.setText(self._rate_text(commission))
            self.rate.setModified(False)
        self.summary.setText(self.describe(commission))

    def describe(self, commission: CommissionSummary) -> str:
        """The rate in words: ``Participants earn B£10.00 per hour.``"""
        rate = format_money(commission.honorarium_rate_minor, commission.honorarium_currency)
        if commission.honorarium_basis is HonorariumBasis.SESSION:
            return self.tr("Participants earn {rate} per session.").format(rate=rate)
        return self.tr("Participants earn {rate} per hour.").format(rate=rate)

    @staticmethod
    def _rate_text(commission: CommissionSummary) -> str:
        return format_money(commission.honorarium_rate_minor, commission.honorarium_currency)

    # --- changing -------------------------------------------------------------

    def change_rate(self) -> None:
        """Read the typed rate in the honorarium currency and save it (Ctrl+Z puts the old rate back)."""
        commission = self._commission
        if commission is None or self.commission_id is None or not self.rate.isModified():
            return
        try:
            rate = read_money(self.rate.text(), commission.honorarium_currency)
        except ValueError as exc:
            self.commander.failed.emit(str(exc))
            self.rate.selectAll()
            return
        self.rate.setModified(False)
        if rate == commission.honorarium_rate_minor:
            self.rate.setText(self._rate_text(commission))
            return
        self.commander.edit(
            self.tr("Change the honorarium rate"),
            do=ServiceCall(
                update_commission, {"commission_id": self.commission_id, "honorarium_rate_minor": rate}
            ),
            undo=ServiceCall(
                update_commission,
                {
                    "commission_id": self.commission_id,
                    "honorarium_rate_minor": commission.honorarium_rate_minor,
                },
            ),
            initiator=self,
        )

    def change_currency(self, code: str | None) -> None:
        """Pay honoraria in the currency ``code``; the rate keeps the same figure (10.00 stays 10.00)."""
        commission = self._commission
        new = self._currencies.get(code or "")
        if commission is None or self.commission_id is None or new is None:
            return
        old = commission.honorarium_currency
        if new.code == old.code:
            return
        # The rate is stored in minor units, so a currency with other decimals needs it restated.
        self.commander.edit(
            self.tr("Change the honorarium currency"),
            do=ServiceCall(
                update_commission,
                {
                    "commission_id": self.commission_id,
                    "honorarium_currency_code": new.code,
                    "honorarium_rate_minor": rescaled_rate(commission.honorarium_rate_minor, old, new),
                },
            ),
            undo=ServiceCall(
                update_commission,
                {
                    "commission_id": self.commission_id,
                    "honorarium_currency_code": old.code,
                    "honorarium_rate_minor": commission.honorarium_rate_minor,
                },
            ),
            initiator=self,
        )

    def change_basis(self, basis: str | None) -> None:
        """Pay honoraria per hour attended or per workshop attended."""
        commission = self._commission
        if commission is None or self.commission_id is None or basis is None:
            return
        if basis == commission.honorarium_basis.value:
            return
        self.commander.edit(
            self.tr("Change what the honorarium is paid by"),
            do=ServiceCall(
                update_commission,
                {"commission_id": self.commission_id, "honorarium_basis": HonorariumBasis(basis)},
            ),
            undo=ServiceCall(
                update_commission,
                {"commission_id": self.commission_id, "honorarium_basis": commission.honorarium_basis},
            ),
            initiator=self,
        )

    def open_currency_dialog(self) -> None:
        """Open the form for a local currency; it is added when the form is accepted."""
        if self.commission_id is None:
            return
        dialog = CurrencyDialog(self)
        self.dialog = dialog
        open_form(dialog, self.commander, lambda: self._currency_accepted(dialog))

    def _currency_accepted(self, dialog: CurrencyDialog) -> None:
        if dialog.currency_info is None or self.commission_id is None:
            return
        self.commander.run(
            add_currency, initiator=self, commission_id=self.commission_id, currency=dialog.currency_info,
            cannot_undo=self.tr("a currency added stays available to payments"),
        )
