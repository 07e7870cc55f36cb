"""Stage 6, Decision: the group's funding decision beside the professional's recommendation.

The form says which shortlisted bids are funded and with how much, what the professional
recommended and why, the group's reasons (required), any dissent, how the group decided and
when. "Record decision" saves it; a refusal (such as going over budget) shows in the banner.
Beside the form: the decision as recorded, a plain note when the group chose differently from
the professional, and the weighted totals for reference.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model.base import today
from cocommission.model.money import CurrencyInfo, format_money
from cocommission.services.decision import (
    DecisionRow,
    DecisionStage,
    funding_total,
    read_decision_stage,
    record_decision,
)
from cocommission.ui.commands import Commander
from cocommission.ui.number_input import NotANumber, read_amount
from cocommission.ui.pages.base import StagePage
from cocommission.ui.pages.display import format_day
from cocommission.ui.pages.ranking_panel import RankingPanel
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import EDIT_IN_PLACE, make_table_view

COL_FUND, COL_BID, COL_ASKED, COL_AMOUNT = range(4)


@dataclass(frozen=True)
class FundingLine:
    """A shortlisted bid in the form: whether the group funds it, and with how much (budget minor units)."""

    id: str
    title: str
    bidder_name: str
    asked: str
    funded: bool
    amount_minor: int


class DecisionPage(StagePage):
    """Record which bids the group funds and why, beside the professional's recommendation."""

    title = "Decision"
    watches = (
        "decision",
        "bid",
        "bidder",
        "score",
        "moderated_score",
        "conflict",
        "criterion",
        "tender",
        "commission",
        "currency",
    )

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(commander, parent)
        self._budget: CurrencyInfo | None = None
        self._budget_minor = 0
        self._shown: tuple[str, DecisionRow | None] | None = None
        self._titles: dict[str, str] = {}

        # --- the form ---------------------------------------------------------
        self.funding_model = RowTableModel(
            [
                Column(self.tr("Fund"), lambda line: line.funded, checkbox=True, editable=True),
                Column(
                    self.tr("Bid"),
                    lambda line: self.tr("{title} — {bidder}").format(
                        title=line.title, bidder=line.bidder_name
                    ),
                ),
                Column(self.tr("Asked for"), lambda line: line.asked, alignment=Qt.AlignmentFlag.AlignRight),
                Column(
                    self.tr("Amount to fund"),
                    self._amount_text,
                    editable=True,
                    alignment=Qt.AlignmentFlag.AlignRight,
                    tooltip=lambda line: self.tr("Type the amount the group gives this bid"),
                ),
            ],
            self,
        )
        self.funding_model.edit_requested.connect(self._funding_edited)
        # Single cells are chosen, so the arrow keys go to the tick or the amount, and typing changes it.
        self.funding = make_table_view(
            self,
            self.funding_model,
            self.tr("Shortlisted bids to fund"),
            stretch_column=COL_BID,
            edit_triggers=EDIT_IN_PLACE,
            whole_rows=False,
        )
        self.funding.setMinimumHeight(100)
        self.funding.setMaximumHeight(170)
        self.funding_total = QLabel(self)
        self.funding_total.setObjectName("fundingTotal")
        self.funding_total.setWordWrap(True)

        self.recommendation = QComboBox(self)
        # Bid titles can be long; the combo should not push the form wider than the screen.
        self.recommendation.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.recommendation.setMinimumContentsLength(24)
        self.professional_reasons = self._text_box(self.tr("The professional's reasons"))
        self.group_reasons = self._text_box(self.tr("The group's reasons"))
        self.group_reasons.setPlaceholderText(self.tr("Required: why the group chose this, in its own words"))
        self.dissent = self._text_box(self.tr("Dissent"))
        self.dissent.setPlaceholderText(self.tr("Who disagreed, and why (optional)"))
        self.how_decided = QLineEdit(self)
        self.how_decided.setPlaceholderText(
            self.tr("e.g. Weighted scores, then a show of hands (6 for, 2 against)")
        )
        self.decided_on = QDateEdit(self)
        self.decided_on.setCalendarPopup(True)
        self.decided_on.setDisplayFormat("d MMM yyyy")
        self.record_button = QPushButton(self.tr("Re&cord decision"), self)
        self.record_button.clicked.connect(self.record)

        funding_box = QGroupBox(self.tr("Which bids are funded"), self)
        funding_layout = QVBoxLayout(funding_box)
        funding_hint = QLabel(
            self.tr(
                "Tick each bid the group funds (Space ticks the chosen row); type the amount to change it."
            ),
            funding_box,
        )
        funding_hint.setWordWrap(True)
        funding_layout.addWidget(funding_hint)
        funding_layout.addWidget(self.funding, 1)
        funding_layout.addWidget(self.funding_total)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(
            self._label(self.tr("Professional's &recommendation:"), self.recommendation), self.recommendation
        )
        form.addRow(
            self._label(self.tr("Professional's rea&sons:"), self.professional_reasons),
            self.professional_reasons,
        )
        form.addRow(
            self._label(self.tr("The group's reaso&ns (required):"), self.group_reasons), self.group_reasons
        )
        form.addRow(self._label(self.tr("Dissen&t:"), self.dissent), self.dissent)
        form.addRow(self._label(self.tr("&How it was decided:"), self.how_decided), self.how_decided)
        form.addRow(self._label(self.tr("Decided &on:"), self.decided_on), self.decided_on)
        record_row = QHBoxLayout()
        record_row.addStretch(1)
        record_row.addWidget(self.record_button)
        form_widget = QWidget(self)
        form_layout = QVBoxLayout(form_widget)
        form_layout.setContentsMargins(0, 0, 8, 0)
        form_layout.addWidget(funding_box)
        form_layout.addLayout(form)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # Sideways too when the page is narrower than the form (a small screen, 200%): nothing is cut off.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        scroll.setWidget(form_widget)
        # The button stays in sight below the scrolling form, however small the screen.
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(record_row)

        # --- the record and the ranking ------------------------------------------
        recorded_box = QGroupBox(self.tr("Decision as recorded"), self)
        self.differs_note = QLabel(
            self.tr("! The group chose differently from the professional recommendation."), recorded_box
        )
        self.differs_note.setObjectName("differsNote")
        self.differs_note.setWordWrap(True)
        self.differs_note.setStyleSheet(
            "QLabel#differsNote { background: #fff1cc; border: 1px solid #b7791f;"
            " padding: 6px; font-weight: bold; }"
        )
        self.differs_note.hide()
        self.recorded = QLabel(recorded_box)
        self.recorded.setWordWrap(True)
        self.recorded.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recorded.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        recorded_scroll = QScrollArea(recorded_box)
        recorded_scroll.setWidgetResizable(True)
        recorded_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        recorded_scroll.setWidget(self.recorded)
        recorded_layout = QVBoxLayout(recorded_box)
        recorded_layout.addWidget(self.differs_note)
        recorded_layout.addWidget(recorded_scroll, 1)
        self.ranking = RankingPanel(self, orientation=Qt.Orientation.Vertical)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.setChildrenCollapsible(False)
        right.addWidget(recorded_box)
        right.addWidget(self.ranking)
        right.setStretchFactor(0, 1)
        right.setStretchFactor(1, 1)
        right.setSizes([320, 380])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.body.addWidget(self.splitter)

    def _text_box(self, accessible_name: str) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setAccessibleName(accessible_name)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(56)
        box.setMaximumHeight(80)
        return box

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    # --- loading ------------------------------------------------------------

    def load(self) -> None:
        """Read the decision stage; refill the form only when the recorded decision changed."""
        assert self.commission_id is not None
        stage: DecisionStage = self.commander.read(read_decision_stage, commission_id=self.commission_id)
        self._budget = stage.commission.budget_currency
        self._budget_minor = stage.commission.budget_minor
        self._titles = {bid.id: bid.title for bid in stage.bids}
        shown = (self.commission_id, stage.decision)
        # Typing in the form survives refreshes caused by other changes (a score, a bid title).
        refill = self._shown != shown
        self._shown = shown
        self._fill_funding(stage, refill)
        self._fill_recommendation(stage, refill)
        if refill:
            self._fill_words(stage.decision)
        self._show_recorded(stage)
        if not stage.has_criteria:
            note = self.tr("There are no evaluation criteria yet, so there are no weighted totals.")
        elif stage.evaluation is None:
            note = self.tr("No bids are shortlisted yet, so there are no weighted totals.")
        else:
            note = ""
        self.ranking.show_results(
            self._titles,
            stage.evaluation.result if stage.evaluation else None,
            stage.individual.result if stage.individual else None,
            note,
        )

    def _fill_funding(self, stage: DecisionStage, refill: bool) -> None:
        funded = {row.bid_id: row.amount_minor for row in stage.decision.funded} if stage.decision else {}
        current = {line.id: line for line in self.funding_model.rows()}
        lines = []
        for bid in stage.bids:
            if not bid.shortlisted:
                continue
            currency = stage.currencies.get(bid.currency_code)
            asked = format_money(bid.amount_minor, currency) if currency else str(bid.amount_minor)
            kept = current.get(bid.id)
            if not refill and kept is not None:
                lines.append(replace(kept, title=bid.title, bidder_name=bid.bidder_name, asked=asked))
                continue
            # The amount starts at what the bid asks for, when it asks in the budget's currency.
            start = bid.amount_minor if bid.currency_code == stage.commission.budget_currency.code else 0
            lines.append(
                FundingLine(
                    bid.id, bid.title, bid.bidder_name, asked, bid.id in funded, funded.get(bid.id, start)
                )
            )
        self.funding_model.set_rows(lines)
        self._show_total()

    def _fill_recommendation(self, stage: DecisionStage, refill: bool) -> None:
        if refill:
            wanted = stage.decision.professional_recommendation_id if stage.decision else None
        else:
            wanted = self.recommendation.currentData()
        self.recommendation.clear()
        self.recommendation.addItem(self.tr("None"), None)
        for bid in stage.bids:
            if bid.shortlisted or bid.id == wanted:
                self.recommendation.addItem(
                    self.tr("{title} — {bidder}").format(title=bid.title, bidder=bid.bidder_name), bid.id
                )
        self.recommendation.setCurrentIndex(max(0, self.recommendation.findData(wanted)) if wanted else 0)

    def _fill_words(self, decision: DecisionRow | None) -> None:
        self.professional_reasons.setPlainText(decision.professional_reasons if decision else "")
        self.group_reasons.setPlainText(decision.group_reasons if decision else "")
        self.dissent.setPlainText(decision.dissent if decision else "")
        self.how_decided.setText(decision.how_decided if decision else "")
        day = decision.decided_on if decision and decision.decided_on else today()
        self.decided_on.setDate(QDate(day.year, day.month, day.day))

    def _show_recorded(self, stage: DecisionStage) -> None:
        decision = stage.decision
        self.differs_note.setVisible(bool(decision and decision.differs_from_recommendation))
        if decision is None:
            self.recorded.setText(self.tr("No decision has been recorded yet."))
            return
        budget = stage.commission.budget_currency
        funded = "\n".join(
            self.tr("  • {title}: {amount}").format(
                title=self._titles.get(row.bid_id, "?"), amount=format_money(row.amount_minor, budget)
            )
            for row in decision.funded
        )
        recommended = (
            self._titles.get(decision.professional_recommendation_id, "?")
            if decision.professional_recommendation_id
            else self.tr("None")
        )
        parts = [
            self.tr("Funded:\n{funded}").format(funded=funded),
            self.tr("Professional's recommendation: {bid}").format(bid=recommended),
            self.tr("Professional's reasons: {text}").format(text=decision.professional_reasons or "—"),
            self.tr("The group's reasons: {text}").format(text=decision.group_reasons),
            self.tr("Dissent: {text}").format(text=decision.dissent or "—"),
            self.tr("How it was decided: {text}").format(text=decision.how_decided or "—"),
            self.tr("Decided on: {day}").format(day=format_day(decision.decided_on) or "—"),
        ]
        self.recorded.setText("\n\n".join(parts))

    # --- the funding table ----------------------------------------------------

    def _amount_text(self, line: FundingLine) -> str:
        return format_money(line.amount_minor, self._budget) if self._budget else str(line.amount_minor)

    def _funding_edited(self, line: FundingLine, column: int, value) -> None:
        if column == COL_FUND:
            self.funding_model.update_row(replace(line, funded=bool(value)))
        elif column == COL_AMOUNT and self._budget is not None:
            try:
                amount = read_amount(str(value), self._budget, what=self.tr("Amount funded"))
            except NotANumber as refusal:
                self.commander.failed.emit(str(refusal))
                return
            # Typing an amount means the group funds the bid.
            self.funding_model.update_row(
                replace(line, amount_minor=amount, funded=line.funded or amount > 0)
            )
        self._show_total()

    def _show_total(self) -> None:
        if self._budget is None:
            return
        counted = funding_total(
            (line.amount_minor for line in self.funding_model.rows() if line.funded), self._budget_minor
        )
        text = self.tr("Funding {total} of the {budget} budget.").format(
            total=format_money(counted.total_minor, self._budget),
            budget=format_money(counted.budget_minor, self._budget),
        )
        if counted.over_minor:
            text += " " + self.tr("! That is {over} over budget.").format(
                over=format_money(counted.over_minor, self._budget)
            )
        self.funding_total.setText(text)

    # --- recording --------------------------------------------------------------

    def record(self) -> None:
        """Record the decision in the form; the banner says why if it is refused."""
        if self.commission_id is None:
            return
        day = self.decided_on.date().toPython()
        made = self.commander.run(
            record_decision,
            initiator=self,
            commission_id=self.commission_id,
            funded=[(line.id, line.amount_minor) for line in self.funding_model.rows() if line.funded],
            professional_recommendation_id=self.recommendation.currentData(),
            professional_reasons=self.professional_reasons.toPlainText(),
            group_reasons=self.group_reasons.toPlainText(),
            dissent=self.dissent.toPlainText(),
            how_decided=self.how_decided.text(),
            decided_on=day,
            cannot_undo=self.tr("the decision is on record, as the group signed it"),
        )
        if made is not None:
            self.commander.succeeded.emit(self.tr("Decision recorded."))
