"""The rules of a vote round as a form: title, voting, count, tie-break, dots, scores, anonymity, visibility.

The same form serves the "New round" dialog, which reads it once when the
facilitator presses Create, and the set-up tab of a draft round, which saves
each rule as soon as it is changed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QWidget

from cocommission.model import COUNT_METHODS, CountMethod, TieBreak, Visibility, VoteMethod
from cocommission.services.voting import RoundRow
from cocommission.ui.number_input import NumberBox, read_number
from cocommission.ui.pages.vote_words import count_name, method_name, tie_break_name, visibility_name

#: Enough for any workshop: nobody sticks fifty dots on a wall.
_MOST_DOTS = 50
#: The rules typed as whole numbers, each in a box of the same name.
_NUMBER_RULES = ("dots_per_person", "max_dots_per_option", "score_min", "score_max")


class RoundRulesPanel(QWidget):
    """The rules every participant votes under; ``edited(rule)`` names the rule just changed."""

    edited = Signal(str)
    #: A rule's box was left holding what is not a number in its range; the message says why.
    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLineEdit(self)
        self.title.setPlaceholderText(self.tr("e.g. Which outcomes matter most?"))
        self.title.setMaxLength(200)
        self.method = QComboBox(self)
        for method in VoteMethod:
            self.method.addItem(method_name(method), method.value)
        self.count_method = QComboBox(self)
        for count in COUNT_METHODS[VoteMethod.RANKING]:
            self.count_method.addItem(count_name(count), count.value)
        # Chosen before voting opens, so nobody picks the rule knowing whom it favours.
        self.tie_break = QComboBox(self)
        for tie_break in TieBreak:
            self.tie_break.addItem(tie_break_name(tie_break), tie_break.value)
        self.tie_break.setToolTip(
            self.tr(
                "Instant run-off knocks out one option per round. When several tie for fewest votes, "
                "this rule picks which goes; a lot is drawn by the facilitator only when needed."
            )
        )
        self.dots_per_person = self._spin(1, _MOST_DOTS, 5, self.tr(" dots"))
        self.max_dots_per_option = self._spin(1, _MOST_DOTS, 3, self.tr(" dots"))
        self.score_min = self._spin(-10, 99, 0, "")
        self.score_max = self._spin(-9, 100, 5, "")
        self.anonymous = QCheckBox(self.tr("Anon&ymous: nobody sees who chose what"), self)
        self.anonymous.setChecked(True)
        self.visibility = QComboBox(self)
        for visibility in Visibility:
            self.visibility.addItem(visibility_name(visibility), visibility.value)

        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("&Title:"), self.title)
        self.form.addRow(self.tr("&Way of voting:"), self.method)
        self.form.addRow(self.tr("Counted &by:"), self.count_method)
        self.form.addRow(self.tr("If tied for fewest (run-off):"), self.tie_break)
        self.form.addRow(self.tr("&Dots per person:"), self.dots_per_person)
        self.form.addRow(self.tr("&Most dots on one option:"), self.max_dots_per_option)
        self.form.addRow(self.tr("&Lowest score:"), self.score_min)
        self.form.addRow(self.tr("&Highest score:"), self.score_max)
        self.form.addRow("", self.anonymous)
        self.form.addRow(self.tr("Res&ults:"), self.visibility)
        self.title.setAccessibleName(self.tr("Round title"))
        self.method.setAccessibleName(self.tr("Way of voting"))
        self.count_method.setAccessibleName(self.tr("Counted by"))
        self.tie_break.setAccessibleName(self.tr("When options tie for fewest votes in an instant run-off"))
        self.dots_per_person.setAccessibleName(self.tr("Dots per person"))
        self.max_dots_per_option.setAccessibleName(self.tr("Most dots on one option"))
        self.score_min.setAccessibleName(self.tr("Lowest score"))
        self.score_max.setAccessibleName(self.tr("Highest score"))
        self.visibility.setAccessibleName(self.tr("When results are shown"))

        self.title.editingFinished.connect(lambda: self.edited.emit("title"))
        self.method.activated.connect(self._method_chosen)
        self.count_method.activated.connect(lambda _index: self.edited.emit("count_method"))
        self.tie_break.activated.connect(lambda _index: self.edited.emit("tie_break"))
        for name in ("dots_per_person", "max_dots_per_option", "score_min", "score_max"):
            # editingFinished, not valueChanged: typing "12" must not save a rule of 1 on the way.
            getattr(self, name).editingFinished.connect(lambda name=name: self.edited.emit(name))
        self.anonymous.toggled.connect(lambda _checked: self.edited.emit("anonymous"))
        self.visibility.activated.connect(lambda _index: self.edited.emit("visibility"))
        self._follow_method()

    def _spin(self, low: int, high: int, value: int, suffix: str) -> NumberBox:
        spin = NumberBox(self)
        spin.refused.connect(self.refused)
        spin.setRange(low, high)
        spin.setValue(value)
        spin.setSuffix(suffix)
        return spin

    def _method_chosen(self, _index: int) -> None:
        self._follow_method()
        self.edited.emit("method")

    def _follow_method(self) -> None:
        """Show only the rules that matter for the chosen way of voting."""
        method = VoteMethod(self.method.currentData())
        self.form.setRowVisible(self.count_method, method is VoteMethod.RANKING)
        # Any ranking round can be counted by instant run-off on the results tab, so each has the rule.
        self.form.setRowVisible(self.tie_break, method is VoteMethod.RANKING)
        self.form.setRowVisible(self.dots_per_person, method is VoteMethod.DOTS)
        self.form.setRowVisible(self.max_dots_per_option, method is VoteMethod.DOTS)
        self.form.setRowVisible(self.score_min, method is VoteMethod.SCORE)
        self.form.setRowVisible(self.score_max, method is VoteMethod.SCORE)

    def show_round(self, row: RoundRow) -> None:
        """Fill the form with ``row``'s rules without announcing them as edits."""
        widgets = (
            self.title,
            self.method,
            self.count_method,
            self.tie_break,
            self.dots_per_person,
            self.max_dots_per_option,
            self.score_min,
            self.score_max,
            self.anonymous,
            self.visibility,
        )
        blocked = [widget.blockSignals(True) for widget in widgets]
        try:
            if self.title.text() != row.title:
                self.title.setText(row.title)
            self.method.setCurrentIndex(self.method.findData(row.method.value))
            if row.count_method in COUNT_METHODS[VoteMethod.RANKING]:
                self.count_method.setCurrentIndex(self.count_method.findData(row.count_method.value))
            self.tie_break.setCurrentIndex(self.tie_break.findData(row.tie_break.value))
            self.dots_per_person.setValue(row.dots_per_person)
            self.max_dots_per_option.setValue(row.max_dots_per_option)
            self.score_min.setValue(row.score_min)
            self.score_max.setValue(row.score_max)
            self.anonymous.setChecked(row.anonymous)
            self.visibility.setCurrentIndex(self.visibility.findData(row.visibility.value))
        finally:
            for widget, was_blocked in zip(widgets, blocked, strict=True):
                widget.blockSignals(was_blocked)
        self._follow_method()

    def value(self, rule: str) -> Any:
        """The form's value for one rule, in the shape ``create_round`` and ``update_round_rules`` take.

        ``NotANumber`` when the rule is a number and its box does not hold one.
        """
        if rule in _NUMBER_RULES:
            return read_number(getattr(self, rule))
        return self.values(numbers=False)[rule]

    def values(self, *, numbers: bool = True) -> dict[str, Any]:
        """Every rule as keyword arguments for ``create_round``; ``NotANumber`` if a number box holds none.

        ``numbers`` False leaves the number rules out.
        """
        # Combo data holds the enums' values: Qt would hand a StrEnum back as a bare str anyway.
        method = VoteMethod(self.method.currentData())
        count = (
            CountMethod(self.count_method.currentData())
            if method is VoteMethod.RANKING
            else COUNT_METHODS[method][0]
        )
        rules = {
            "title": self.title.text(),
            "method": method,
            "count_method": count,
            "tie_break": TieBreak(self.tie_break.currentData()),
            "anonymous": self.anonymous.isChecked(),
            "visibility": Visibility(self.visibility.currentData()),
        }
        if numbers:
            rules.update({rule: read_number(getattr(self, rule)) for rule in _NUMBER_RULES})
        return rules
