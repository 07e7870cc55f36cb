"""The form for adding a local currency to pay participants in, such as Brixton Pounds (B£)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from cocommission.model.money import CurrencyInfo
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.number_input import NotANumber, NumberBox, read_number

#: The most decimal places a currency may have (the commissions service allows 0 to 4).
MAX_DECIMALS = 4


class CurrencyDialog(FormDialog):
    """Asks for a local currency's code, symbol, name and decimal places; ``currency_info`` once accepted."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a local currency"))
        about = QLabel(
            self.tr("A local currency, such as Brixton Pounds, can pay honoraria and appears on receipts."),
            self,
        )
        about.setWordWrap(True)
        self.code = QLineEdit(self)
        self.code.setMaxLength(8)
        self.code.setPlaceholderText("BXP")
        self.symbol = QLineEdit(self)
        self.symbol.setMaxLength(8)
        self.symbol.setPlaceholderText("B£")
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("Brixton Pound"))
        self.decimals = NumberBox(self)
        self.decimals.setRange(0, MAX_DECIMALS)
        self.decimals.setValue(2)
        self.decimals.setSuffix(self.tr(" decimal places"))

        form = QFormLayout()
        form.addRow(self.tr("&Code:"), self.code)
        form.addRow(self.tr("&Symbol:"), self.symbol)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Decimals:"), self.decimals)
        self._lay_out(about, form, ok_text=self.tr("Add currency"), on_ok=self._check_and_accept)
        self.currency_info: CurrencyInfo | None = None

    def _check_and_accept(self) -> None:
        code = self.code.text().strip().upper()
        if not code or not code.isalnum():
            self._refuse(self.tr("Give the currency a short code of letters, such as BXP."), self.code)
            return
        if not self.symbol.text().strip():
            self._refuse(
                self.tr("Give the currency a symbol to print before amounts, such as B£."), self.symbol
            )
            return
        if not self.name.text().strip():
            self._refuse(self.tr("Give the currency a name, such as Brixton Pound."), self.name)
            return
        try:
            decimals = read_number(self.decimals)
        except NotANumber as refusal:
            self._refuse(str(refusal), self.decimals)
            return
        self.currency_info = CurrencyInfo(
            code=code,
            symbol=self.symbol.text().strip(),
            name=self.name.text().strip(),
            decimals=decimals,
            is_local=True,
        )
        self.accept()
