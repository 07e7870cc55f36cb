"""Asking for what a new commission needs: a title, what it is for, and its budget."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from cocommission.model import HonorariumBasis
from cocommission.model.money import BRIXTON_POUND, POUND_STERLING, CurrencyInfo
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.number_input import NotANumber, field_name, read_amount


class NewCommissionDialog(FormDialog):
    """A short form; the commission is created only when the form is accepted and valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New commission"))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. Youth Justice Talent Fund"))
        self.service_area = QLineEdit(self)
        self.body = QLineEdit(self)
        self.budget = QLineEdit(self)
        self.budget.setPlaceholderText("20,000")
        self.rate = QLineEdit(self)
        self.rate.setPlaceholderText("10.00")
        self.rate_currency = QComboBox(self)
        self.rate_currency.addItem(self.tr("Pounds sterling (£)"), POUND_STERLING)
        self.rate_currency.addItem(self.tr("Brixton Pounds (B£)"), BRIXTON_POUND)
        self.basis = QComboBox(self)
        self.basis.addItem(self.tr("per hour"), HonorariumBasis.HOUR)
        self.basis.addItem(self.tr("per session"), HonorariumBasis.SESSION)

        form = QFormLayout()
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("&Service area:"), self.service_area)
        form.addRow(self.tr("&Commissioning body:"), self.body)
        form.addRow(self.tr("&Budget (£):"), self.budget)
        form.addRow(self.tr("&Honorarium rate:"), self.rate)
        form.addRow(self.tr("Paid &in:"), self.rate_currency)
        form.addRow(self.tr("Paid p&er:"), self.basis)
        self._lay_out(form, ok_text=self.tr("Create"), on_ok=self._check_and_accept)
        self.values: dict | None = None

    def _check_and_accept(self) -> None:
        try:
            currency: CurrencyInfo = self.rate_currency.currentData()
            # Left empty, the budget and the rate are not known yet: nothing, until they are set.
            budget = read_amount(self.budget.text() or "0", POUND_STERLING, what=field_name(self.budget))
            rate = read_amount(self.rate.text() or "0", currency, what=field_name(self.rate))
        except NotANumber as refusal:
            self.show_problem(str(refusal))
            return
        if not self.title.text().strip():
            self.show_problem(self.tr("Give the commission a title."))
            self.title.setFocus()
            return
        self.values = {
            "title": self.title.text(),
            "service_area": self.service_area.text(),
            "commissioning_body": self.body.text(),
            "budget_minor": budget,
            "honorarium_rate_minor": rate,
            "honorarium_currency": currency,
            "honorarium_basis": self.basis.currentData(),
        }
        self.accept()
