"""The form for adding a local currency to pay participants in, such as Brixton Pounds (B£)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from cocommission.model.money import CurrencyInfo

#: The most decimal places a currency may have (the commissions service allows 0 to 4).
MAX_DECIMALS = 4


class CurrencyDialog(QDialog):
    """Asks for a local currency's code, symbol, name and decimal places; ``currency_info`` once accepted."""

    #: A readable reason the form was not accepted (also shown inside the form).
    problem = Signal(str)

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
        self.decimals = QSpinBox(self)
        self.decimals.setRange(0, MAX_DECIMALS)
        self.decimals.setValue(2)
        self.decimals.setSuffix(self.tr(" decimal places"))
        self.message = QLabel(self)
        self.message.setObjectName("formProblem")
        self.message.setWordWrap(True)
        self.message.hide()

        form = QFormLayout()
        form.addRow(self.tr("&Code:"), self.code)
        form.addRow(self.tr("&Symbol:"), self.symbol)
        form.addRow(self.tr("&Name:"), self.name)
        form.addRow(self.tr("&Decimals:"), self.decimals)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add currency"))
        buttons.accepted.connect(self._check_and_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.currency_info: CurrencyInfo | None = None

    def _refuse(self, message: str, field: QWidget) -> None:
        self.message.setText(message)
        self.message.show()
        self.problem.emit(message)
        field.setFocus()

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
        self.currency_info = CurrencyInfo(
            code=code,
            symbol=self.symbol.text().strip(),
            name=self.name.text().strip(),
            decimals=self.decimals.value(),
            is_local=True,
        )
        self.accept()
