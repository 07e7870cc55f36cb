"""The bids tab of the bids page: every bid, the shortlist and interview dates, adding and changing bids."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QPushButton, QStyledItemDelegate, QVBoxLayout, QWidget

from cocommission.model.base import today
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services import bids
from cocommission.services.bids import BidderRow, BidRow
from cocommission.services.decision import over_budget_by
from cocommission.ui.bid_dialog import BidDialog
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.form_dialog import open_form
from cocommission.ui.number_input import NotANumber, read_amount
from cocommission.ui.pages.display import format_day
from cocommission.ui.table_model import ROW_ROLE, Column, RowTableModel
from cocommission.ui.table_view import EDIT_IN_PLACE, make_table_view, selected_row, sorting_proxy

COL_BIDDER, COL_TITLE, COL_AMOUNT, COL_SHORTLISTED, COL_INTERVIEWED, COL_BUDGET = range(6)

#: The earliest day an interview date can be; the date box shows "Not interviewed" there.
_NO_DAY = QDate(2000, 1, 1)


class InterviewDateDelegate(QStyledItemDelegate):
    """Edits an interview date in place; the earliest date means "not interviewed" and clears it."""

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        editor = QDateEdit(parent)
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("d MMM yyyy")
        editor.setMinimumDate(_NO_DAY)
        editor.setSpecialValueText(self.tr("Not interviewed"))
        editor.setAccessibleName(self.tr("Interview date"))
        return editor

    def setEditorData(self, editor: QDateEdit, index: QModelIndex) -> None:
        row: BidRow = index.data(ROW_ROLE)
        day = row.interviewed_on or today()
        editor.setDate(QDate(day.year, day.month, day.day))

    def setModelData(self, editor: QDateEdit, model, index: QModelIndex) -> None:
        chosen = editor.date()
        model.setData(index, None if chosen == _NO_DAY else chosen.toPython(), Qt.ItemDataRole.EditRole)


class BidsPanel(QWidget):
    """A table of bids: shortlist with the check box, change titles, amounts and interview dates in place."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.commission_id: str | None = None
        self._bidders: tuple[BidderRow, ...] = ()
        self._currencies: dict[str, CurrencyInfo] = {}
        self._budget_currency: CurrencyInfo | None = None
        self._budget_minor: int | None = None
        self.dialog: BidDialog | None = None

        self.model = RowTableModel(
            [
                Column(self.tr("Bidder"), lambda row: row.bidder_name),
                Column(
                    self.tr("Title"),
                    lambda row: row.title,
                    editable=True,
                    tooltip=lambda row: row.summary or self.tr("No summary yet"),
                ),
                Column(
                    self.tr("Amount"),
                    self._amount_text,
                    sort_key=lambda row: row.amount_minor,
                    editable=True,
                    alignment=Qt.AlignmentFlag.AlignRight,
                ),
                Column(self.tr("Shortlisted"), lambda row: row.shortlisted, checkbox=True, editable=True),
                Column(
                    self.tr("Interviewed"),
                    lambda row: format_day(row.interviewed_on),
                    sort_key=lambda row: row.interviewed_on or date.min,
                    editable=True,
                ),
                Column(
                    self.tr("Budget"),
                    self._budget_text,
                    sort_key=self._over_budget,
                    tooltip=self._budget_tip,
                ),
            ],
            self,
        )
        self.model.edit_requested.connect(self._edit_requested)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table_view(
            self, self.proxy, self.tr("Bids"), stretch_column=COL_TITLE, edit_triggers=EDIT_IN_PLACE
        )
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_TITLE, Qt.SortOrder.AscendingOrder)
        self.table.setItemDelegateForColumn(COL_INTERVIEWED, InterviewDateDelegate(self.table))
        self.table.doubleClicked.connect(self._double_clicked)

        self.add_button = QPushButton(self.tr("&Add bid…"), self)
        self.add_button.clicked.connect(self.add_bid)
        self.change_button = QPushButton(self.tr("&Change bid…"), self)
        self.change_button.setToolTip(
            self.tr("Change the bidder, title, summary or amount of the chosen bid")
        )
        self.change_button.clicked.connect(self.change_bid)
        self.today_button = QPushButton(self.tr("Interviewed &today"), self)
        self.today_button.setToolTip(self.tr("Record that the chosen bid was interviewed today"))
        self.today_button.clicked.connect(self.interviewed_today)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.change_button)
        buttons.addWidget(self.today_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    # --- showing ------------------------------------------------------------

    def show_bids(
        self,
        commission_id: str,
        rows: Sequence[BidRow],
        bidders: Sequence[BidderRow],
        currencies: Mapping[str, CurrencyInfo],
        budget_currency: CurrencyInfo,
        *,
        budget_minor: int | None = None,
    ) -> None:
        """Show the commission's bids, keeping the chosen bid chosen; ``budget_minor`` marks bids above it."""
        chosen = self.selected_bid()
        self.commission_id = commission_id
        self._bidders = tuple(bidders)
        self._currencies = dict(currencies)
        self._budget_currency = budget_currency
        self._budget_minor = budget_minor
        self.model.set_rows(rows)
        # The budget may have changed while the bids did not: their marks follow it.
        self.model.repaint_all()
        if chosen is not None:
            self.select_bid(chosen.id)
        self._update_buttons()

    def _amount_text(self, row: BidRow) -> str:
        currency = self._currencies.get(row.currency_code)
        return (
            format_money(row.amount_minor, currency)
            if currency
            else f"{row.amount_minor} {row.currency_code}"
        )

    def _over_budget(self, row: BidRow) -> int:
        """How much ``row`` asks beyond the whole budget; 0 if it fits or is in another currency."""
        budget = self._budget_currency
        if self._budget_minor is None or budget is None or row.currency_code != budget.code:
            return 0
        return over_budget_by(row.amount_minor, self._budget_minor)

    def _budget_text(self, row: BidRow) -> str:
        over = self._over_budget(row)
        if not over or self._budget_currency is None:
            return ""
        return self.tr("Over by {amount}").format(amount=format_money(over, self._budget_currency))

    def _budget_tip(self, row: BidRow) -> str:
        if not self._over_budget(row) or self._budget_currency is None or self._budget_minor is None:
            return ""
        return self.tr(
            "Asks for more than the whole budget of {budget}. A panel may still consider it, "
            "but the decision cannot fund more than the budget."
        ).format(budget=format_money(self._budget_minor, self._budget_currency))

    def selected_bid(self) -> BidRow | None:
        """The bid the user has chosen in the table, if any."""
        return selected_row(self.table)

    def select_bid(self, bid_id: str) -> None:
        """Choose the bid with ``bid_id`` in the table."""
        number = self.model.row_number(bid_id)
        if number is None:
            return
        index = self.proxy.mapFromSource(self.model.index(number, COL_TITLE))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def _update_buttons(self, *_args) -> None:
        chosen = self.selected_bid()
        self.change_button.setEnabled(chosen is not None)
        self.today_button.setEnabled(chosen is not None and chosen.shortlisted)

    # --- editing in place ------------------------------------------------------

    def _edit_requested(self, row: BidRow, column: int, value) -> None:
        if column == COL_TITLE:
            self.commander.edit(
                self.tr("Change bid title"),
                do=ServiceCall(bids.update_bid, {"bid_id": row.id, "title": str(value)}),
                undo=ServiceCall(bids.update_bid, {"bid_id": row.id, "title": row.title}),
                initiator=self,
                row=row.id,
            )
        elif column == COL_AMOUNT:
            self._change_amount(row, str(value))
        elif column == COL_SHORTLISTED:
            self.commander.edit(
                self.tr("Shortlist bid") if value else self.tr("Take bid off the shortlist"),
                do=ServiceCall(bids.set_shortlisted, {"bid_id": row.id, "shortlisted": bool(value)}),
                undo=ServiceCall(bids.set_shortlisted, {"bid_id": row.id, "shortlisted": row.shortlisted}),
                initiator=self,
                row=row.id,
            )
        elif column == COL_INTERVIEWED:
            day = value.toPython() if isinstance(value, QDate) else value
            self._set_interviewed(row, day if isinstance(day, date) else None)

    def _change_amount(self, row: BidRow, text: str) -> None:
        currency = self._currencies.get(row.currency_code)
        if currency is None:
            return
        try:
            amount = read_amount(text, currency, what=self.tr("Amount"))
        except NotANumber as refusal:
            self.commander.failed.emit(str(refusal))
            return
        if amount != row.amount_minor:
            self.commander.edit(
                self.tr("Change bid amount"),
                do=ServiceCall(bids.update_bid, {"bid_id": row.id, "amount_minor": amount}),
                undo=ServiceCall(bids.update_bid, {"bid_id": row.id, "amount_minor": row.amount_minor}),
                initiator=self,
                row=row.id,
            )

    def _set_interviewed(self, row: BidRow, day: date | None) -> None:
        if day == row.interviewed_on:
            return
        self.commander.edit(
            self.tr("Record interview date") if day else self.tr("Clear interview date"),
            do=ServiceCall(bids.mark_interviewed, {"bid_id": row.id, "interviewed_on": day}),
            undo=ServiceCall(bids.mark_interviewed, {"bid_id": row.id, "interviewed_on": row.interviewed_on}),
            initiator=self,
            row=row.id,
        )

    def interviewed_today(self) -> None:
        """Record that the chosen bid was interviewed today."""
        chosen = self.selected_bid()
        if chosen is not None:
            self._set_interviewed(chosen, today())

    def _double_clicked(self, index: QModelIndex) -> None:
        # Columns that cannot be edited in place open the full form instead.
        if index.column() == COL_BIDDER:
            self.change_bid()

    # --- the form -------------------------------------------------------------

    def add_bid(self) -> None:
        """Open the form for a new bid; it is added when the form is accepted."""
        if self.commission_id is None or self._budget_currency is None:
            return
        self._open_dialog(
            BidDialog(self._bidders, self._budget_currency, self, budget_minor=self._budget_minor)
        )

    def change_bid(self) -> None:
        """Open the form for the chosen bid; the changes are made when the form is accepted."""
        chosen = self.selected_bid()
        currency = self._currencies.get(chosen.currency_code) if chosen else None
        if chosen is None or currency is None:
            return
        # The budget is compared only with amounts in its own currency.
        same = self._budget_currency is not None and currency.code == self._budget_currency.code
        budget = self._budget_minor if same else None
        self._open_dialog(BidDialog(self._bidders, currency, self, bid=chosen, budget_minor=budget))

    def _open_dialog(self, dialog: BidDialog) -> None:
        self.dialog = dialog
        open_form(dialog, self.commander, lambda: self._dialog_accepted(dialog))

    def _dialog_accepted(self, dialog: BidDialog) -> None:
        values = dialog.values
        if values is None or self.commission_id is None:
            return
        if dialog.bid is None:
            assert self._budget_currency is not None
            made = self.commander.run(
                bids.add_bid_with_bidder,
                initiator=self,
                commission_id=self.commission_id,
                currency_code=self._budget_currency.code,
                **values,
                cannot_undo=self.tr("a bid received stays on record; take it off the shortlist instead"),
            )
            if made is not None:
                self.select_bid(made.id)
        else:
            self._apply_changes(dialog.bid, values)

    def _apply_changes(self, bid: BidRow, values: dict) -> None:
        bidder = next((row for row in self._bidders if row.id == bid.bidder_id), None)
        if bidder is not None and (bidder.name, bidder.organisation_type) != (
            values["bidder_name"],
            values["organisation_type"],
        ):
            self.commander.edit(
                self.tr("Change bidder details"),
                do=ServiceCall(
                    bids.update_bidder,
                    {
                        "bidder_id": bidder.id,
                        "name": values["bidder_name"],
                        "organisation_type": values["organisation_type"],
                    },
                ),
                undo=ServiceCall(
                    bids.update_bidder,
                    {
                        "bidder_id": bidder.id,
                        "name": bidder.name,
                        "organisation_type": bidder.organisation_type,
                    },
                ),
                initiator=self,
            )
        before = {"title": bid.title, "summary": bid.summary, "amount_minor": bid.amount_minor}
        after = {key: values[key] for key in before}
        if after != before:
            self.commander.edit(
                self.tr("Change bid"),
                do=ServiceCall(bids.update_bid, {"bid_id": bid.id, **after}),
                undo=ServiceCall(bids.update_bid, {"bid_id": bid.id, **before}),
                initiator=self,
                row=bid.id,
            )
