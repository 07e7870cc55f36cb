"""The form for adding a bid, or changing one: who it is from, its title, summary and amount.

An amount above the whole budget is not refused (a panel may still consider the bid, and agree a
smaller sum), but the form says so as it is typed, so nobody takes it in without noticing.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QWidget

from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services.bids import BidderRow, BidRow
from cocommission.services.decision import over_budget_by
from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.number_input import NotANumber, read_amount


class BidDialog(FormDialog):
    """Asks for a bid's details; ``values`` holds them once the form is accepted and valid.

    For a new bid the bidder is typed or picked: a name not in the list is a new bidder.
    For an existing bid the form starts filled in and the bidder's details can be corrected.
    ``budget_minor`` (in ``currency``) is the whole budget, to warn about an amount above it.
    """

    def __init__(
        self,
        bidders: Sequence[BidderRow],
        currency: CurrencyInfo,
        parent: QWidget | None = None,
        *,
        bid: BidRow | None = None,
        budget_minor: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._currency = currency
        self._budget_minor = budget_minor
        self._bidders = tuple(bidders)
        self.bid = bid
        self.setWindowTitle(self.tr("Add a bid") if bid is None else self.tr("Change the bid"))
        self.bidder = QComboBox(self)
        self.bidder.setEditable(True)
        self.bidder.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.bidder.setAccessibleName(self.tr("Bidder"))
        # A bid cannot move to another bidder; when changing a bid, only its bidder's name can be corrected.
        for row in self._bidders:
            if bid is None or row.id == bid.bidder_id:
                self.bidder.addItem(row.name, row.id)
        self.bidder.lineEdit().setPlaceholderText(self.tr("Pick a bidder or type a new one"))
        self.organisation_type = QLineEdit(self)
        self.organisation_type.setPlaceholderText(self.tr("e.g. Youth-led group, Charity"))
        self.title = QLineEdit(self)
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setAccessibleName(self.tr("Summary"))
        self.amount = QLineEdit(self)
        self.amount.setPlaceholderText("19,500")
        self.amount.setAccessibleName(self.tr("Amount asked for"))
        self.budget_warning = QLabel(self)
        self.budget_warning.setObjectName("formWarning")
        self.budget_warning.setWordWrap(True)
        self.budget_warning.hide()
        self.amount.textChanged.connect(self._warn_if_over_budget)

        form = QFormLayout()
        form.addRow(self.tr("&Bidder:"), self.bidder)
        form.addRow(self.tr("&Organisation type:"), self.organisation_type)
        form.addRow(self.tr("&Title:"), self.title)
        form.addRow(self.tr("S&ummary:"), self.summary)
        form.addRow(self.tr("&Amount ({symbol}):").format(symbol=currency.symbol), self.amount)
        form.addRow("", self.budget_warning)
        self._lay_out(
            form,
            ok_text=self.tr("Add bid") if bid is None else self.tr("Save changes"),
            on_ok=self._check_and_accept,
        )
        self.values: dict | None = None
        self.bidder.currentIndexChanged.connect(self._bidder_picked)
        if bid is None:
            self.bidder.setCurrentIndex(-1)
            self.bidder.setEditText("")
        else:
            self._fill(bid)

    def _fill(self, bid: BidRow) -> None:
        self.bidder.setCurrentIndex(self.bidder.findData(bid.bidder_id))
        self.title.setText(bid.title)
        self.summary.setPlainText(bid.summary)
        self.amount.setText(format_money(bid.amount_minor, self._currency))

    def _warn_if_over_budget(self, text: str) -> None:
        """Say, under the amount, when it is more than the whole budget; nothing while it is not money yet."""
        over = 0
        if self._budget_minor is not None:
            try:
                over = over_budget_by(read_amount(text, self._currency), self._budget_minor)
            except NotANumber:
                over = 0
        if over:
            self.budget_warning.setText(
                self.tr(
                    "This bid asks for {over} more than the whole budget of {budget}. It can still be "
                    "added and considered, but the decision cannot fund more than the budget."
                ).format(
                    over=format_money(over, self._currency),
                    budget=format_money(self._budget_minor, self._currency),
                )
            )
        self.budget_warning.setVisible(bool(over))

    def _bidder_picked(self, index: int) -> None:
        # Picking a known bidder shows their organisation type, so it is not typed twice.
        row = self._bidder_row(self.bidder.itemData(index)) if index >= 0 else None
        if row is not None:
            self.organisation_type.setText(row.organisation_type)

    def _bidder_row(self, bidder_id: str | None) -> BidderRow | None:
        return next((row for row in self._bidders if row.id == bidder_id), None)

    def _check_and_accept(self) -> None:
        name = self.bidder.currentText().strip()
        if not name:
            self._refuse(self.tr("Say who the bid is from."), self.bidder)
            return
        if not self.title.text().strip():
            self._refuse(self.tr("Give the bid a title."), self.title)
            return
        if not self.amount.text().strip():
            self._refuse(self.tr("Write the amount the bid asks for."), self.amount)
            return
        try:
            amount = read_amount(self.amount.text(), self._currency)
        except NotANumber as refusal:
            self._refuse(str(refusal), self.amount)
            return
        self.values = {
            "bidder_name": name,
            "organisation_type": self.organisation_type.text().strip(),
            "title": self.title.text().strip(),
            "summary": self.summary.toPlainText().strip(),
            "amount_minor": amount,
        }
        self.accept()
