"""One participant's ballot, typed in by the facilitator in the shape of the round's way of voting.

Dots: a spin box per option and the dots left, live. Ranking: an ordered list
moved with buttons, Alt+Up/Alt+Down or a number key. Approval: a tick box per
option. Scores: a spin box per option that starts at "Not scored".

These forms only collect a ballot, into the same ``BallotDraft`` the console's
keypad fills; the rules (the dot budget above all) are checked by the voting
service when the ballot is recorded, so a refusal always reads the same
wherever the ballot came from.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import VoteMethod
from cocommission.services.ballot_draft import BallotDraft
from cocommission.services.voting import Choices, RoundRow
from cocommission.ui.number_input import NumberBox, read_number
from cocommission.wording import translator

_OPTION_ROLE = Qt.ItemDataRole.UserRole

tr = translator("BallotEntry")


def budget_text(draft: BallotDraft) -> str:
    """The line read back to the voter, such as "2 of 5 dots left" or "3 of 4 options ranked".

    The page's form and the console's keypad both show it; past the dot budget (a typed box) it
    says by how much.
    """
    total = len(draft.round.options)
    if draft.method is VoteMethod.DOTS:
        budget, left = draft.round.dots_per_person, draft.dots_left()
        if left >= 0:
            return tr("{left} of {budget} dots left").format(left=left, budget=budget)
        over = tr("1 dot") if left == -1 else tr("{n} dots").format(n=-left)
        return tr("{over} too many: each person has {budget} dots").format(over=over, budget=budget)
    if draft.method is VoteMethod.RANKING:
        return tr("{n} of {total} options ranked").format(n=draft.placed(), total=total)
    if draft.method is VoteMethod.APPROVAL:
        return tr("{n} of {total} options approved").format(n=draft.placed(), total=total)
    return tr("{n} of {total} options scored").format(n=draft.placed(), total=total)


class BallotEntry(QWidget):
    """A form for one ballot; ``changed`` fires whenever what it would record changes."""

    changed = Signal()

    def __init__(self, vote_round: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.round = vote_round

    def draft(self) -> BallotDraft:
        """The ballot the form holds; ``NotANumber`` when a box holds what is not a number."""
        draft = BallotDraft(self.round)
        self._put_into(draft)
        return draft

    def choices(self) -> Choices:
        """The ballot as ``cast_ballot`` takes it; ``NotANumber`` when a box holds what is not a number."""
        return self.draft().choices()

    def set_choices(self, choices: object) -> None:
        """Show a ballot already cast, so it can be corrected."""
        draft = BallotDraft(self.round)
        draft.load(choices)
        self._show_draft(draft)

    def _put_into(self, draft: BallotDraft) -> None:
        """Copy what the form holds into an empty draft."""
        raise NotImplementedError

    def _show_draft(self, draft: BallotDraft) -> None:
        """Make the form show what ``draft`` holds."""
        raise NotImplementedError

    def clear(self) -> None:
        """Empty the form for the next person."""
        raise NotImplementedError

    def first_input(self) -> QWidget | None:
        """Where the keyboard goes when the form is ready for a new ballot."""
        return None


def _option_label(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    return label


class _SpinBallot(BallotEntry):
    """A spin box per option: the shared shape of dots and score ballots."""

    def __init__(self, vote_round: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(vote_round, parent)
        self.spins: dict[str, NumberBox] = {}
        self.grid = QGridLayout()
        self.grid.setColumnStretch(0, 1)
        for number, option in enumerate(vote_round.options):
            spin = NumberBox(self)
            self._shape(spin, option.label)
            label = _option_label(option.label, self)
            label.setBuddy(spin)
            self.grid.addWidget(label, number, 0)
            self.grid.addWidget(spin, number, 1)
            spin.valueChanged.connect(self._value_changed)
            self.spins[option.id] = spin

    def _shape(self, spin: NumberBox, label: str) -> None:
        raise NotImplementedError

    def _value_changed(self, _value: int) -> None:
        self.changed.emit()

    def first_input(self) -> QWidget | None:
        return next(iter(self.spins.values()), None)

    def clear(self) -> None:
        for spin in self.spins.values():
            spin.setValue(spin.minimum())


class DotsEntry(_SpinBallot):
    """Dots on each option, with the dots left shown as they are placed."""

    def __init__(self, vote_round: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(vote_round, parent)
        self.remaining = QLabel(self)
        self.remaining.setObjectName("dotsLeft")
        # The budget left is what the facilitator reads back to the young person: make it stand out.
        font = self.remaining.font()
        font.setBold(True)
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.2)
        self.remaining.setFont(font)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.remaining)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self._show_remaining()

    def _shape(self, spin: NumberBox, label: str) -> None:
        spin.setRange(0, self.round.max_dots_per_option)
        spin.setSuffix(self.tr(" dots"))
        spin.setAccessibleName(self.tr("Dots on {option}").format(option=label))

    def _value_changed(self, value: int) -> None:
        spin = self.sender()
        if isinstance(spin, NumberBox):
            spin.setSuffix(self.tr(" dot") if value == 1 else self.tr(" dots"))
        self._show_remaining()
        super()._value_changed(value)

    def _show_remaining(self) -> None:
        # What the boxes show now, typed or not yet: the budget left follows every step.
        shown = BallotDraft(self.round)
        for option_id, spin in self.spins.items():
            shown.set_dots(option_id, max(spin.value(), 0))
        self.remaining.setText(budget_text(shown))

    def _put_into(self, draft: BallotDraft) -> None:
        for option_id, spin in self.spins.items():
            draft.set_dots(option_id, read_number(spin) or 0)

    def _show_draft(self, draft: BallotDraft) -> None:
        for option_id, spin in self.spins.items():
            spin.setValue(draft.value(option_id) or 0)


class ScoreEntry(_SpinBallot):
    """A score for each option; an option left at "Not scored" is not part of the ballot."""

    def __init__(self, vote_round: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(vote_round, parent)
        hint = QLabel(
            self.tr("Scores go from {low} to {high}; leave an option at “Not scored” to skip it.").format(
                low=vote_round.score_min, high=vote_round.score_max
            ),
            self,
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(self.grid)
        layout.addStretch(1)

    def _shape(self, spin: NumberBox, label: str) -> None:
        # One below the lowest score stands for "not scored", which Qt shows as text.
        spin.setRange(self.round.score_min - 1, self.round.score_max)
        spin.setSpecialValueText(self.tr("Not scored"))
        spin.setSuffix(self.tr(" out of {high}").format(high=self.round.score_max))
        spin.setValue(spin.minimum())
        spin.setAccessibleName(self.tr("Score for {option}").format(option=label))

    def _put_into(self, draft: BallotDraft) -> None:
        # The lowest number stands for "Not scored" (see ``_shape``).
        for option_id, spin in self.spins.items():
            score = read_number(spin)
            if score is not None and score > spin.minimum():
                draft.set_score(option_id, score)

    def _show_draft(self, draft: BallotDraft) -> None:
        for option_id, spin in self.spins.items():
            score = draft.value(option_id)
            spin.setValue(spin.minimum() if score is None else score)


class ApprovalEntry(BallotEntry):
    """A tick for every option the person is happy with."""

    def __init__(self, vote_round: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(vote_round, parent)
        self.boxes: dict[str, QCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(_option_label(self.tr("Tick every option this person is happy with."), self))
        for option in vote_round.options:
            box = QCheckBox(option.label, self)
            box.toggled.connect(lambda _checked: self.changed.emit())
            layout.addWidget(box)
            self.boxes[option.id] = box
        layout.addStretch(1)

    def _put_into(self, draft: BallotDraft) -> None:
        for option_id, box in self.boxes.items():
            draft.set_approved(option_id, box.isChecked())

    def _show_draft(self, draft: BallotDraft) -> None:
        for option_id, box in self.boxes.items():
            box.setChecked(draft.value(option_id) is not None)

    def clear(self) -> None:
        for box in self.boxes.values():
            box.setChecked(False)

    def first_input(self) -> QWidget | None:
        return next(iter(self.boxes.values()), None)


class RankingEntry(BallotEntry):
    """The options in the person's order, best first; unticked options are left unranked."""

    def __init__(self, vote_round: RoundRow, parent: QWidget | None = None) -> None:
        super().__init__(vote_round, parent)
        self._labels = {option.id: option.label for option in vote_round.options}
        hint = _option_label(
            self.tr(
                "Best first. Move the selected option with Move up / Move down, Alt+Up / Alt+Down, "
                "or press a number key to put it in that place. Untick an option to leave it unranked."
            ),
            self,
        )
        self.order = QListWidget(self)
        self.order.setAccessibleName(self.tr("Ranking, best first"))
        self.order.setSpacing(3)
        self.order.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.order.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.order.installEventFilter(self)
        self.order.model().rowsMoved.connect(self._renumber)
        self.order.itemChanged.connect(self._item_changed)
        self.up_button = QPushButton(self.tr("Move u&p"), self)
        self.up_button.setToolTip(self.tr("Move the selected option one place up (Alt+Up)"))
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.down_button.setToolTip(self.tr("Move the selected option one place down (Alt+Down)"))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        buttons = QVBoxLayout()
        buttons.addWidget(self.up_button)
        buttons.addWidget(self.down_button)
        buttons.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.order, 1)
        row.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(hint)
        layout.addLayout(row, 1)
        self._fill([option.id for option in vote_round.options], ranked=None)

    def _fill(self, option_ids: Sequence[str], ranked: set[str] | None) -> None:
        blocked = self.order.blockSignals(True)
        self.order.clear()
        for option_id in option_ids:
            item = QListWidgetItem(self._labels[option_id])
            item.setData(_OPTION_ROLE, option_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            # Dropping onto an item would swallow it; only moves between items make sense.
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            checked = ranked is None or option_id in ranked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.order.addItem(item)
        self.order.blockSignals(blocked)
        self._renumber()
        if self.order.count():
            self.order.setCurrentRow(0)
        self.changed.emit()

    def _item_changed(self, _item: QListWidgetItem) -> None:
        self._renumber()
        self.changed.emit()

    def _renumber(self, *_args: object) -> None:
        """Show each ranked option's place in front of it."""
        blocked = self.order.blockSignals(True)
        place = 0
        for number in range(self.order.count()):
            item = self.order.item(number)
            label = self._labels[item.data(_OPTION_ROLE)]
            if item.checkState() == Qt.CheckState.Checked:
                place += 1
                item.setText(f"{place}. {label}")
            else:
                item.setText(self.tr("(not ranked) {label}").format(label=label))
        self.order.blockSignals(blocked)

    def ordered_labels(self) -> list[str]:
        """The options' labels in the order shown, ranked or not."""
        return [self._labels[self.order.item(n).data(_OPTION_ROLE)] for n in range(self.order.count())]

    def move_current(self, step: int) -> None:
        """Move the selected option ``step`` places (negative is up)."""
        row = self.order.currentRow()
        if row >= 0:
            self.move_to(row, row + step)

    def move_to(self, row: int, target: int) -> None:
        """Move the option at ``row`` to ``target`` (both counted from 0), keeping it selected."""
        target = max(0, min(self.order.count() - 1, target))
        if row == target or not 0 <= row < self.order.count():
            return
        item = self.order.takeItem(row)
        self.order.insertItem(target, item)
        self.order.setCurrentRow(target)
        self._renumber()
        self.changed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.order and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and event.key() == Qt.Key.Key_Up:
                self.move_current(-1)
                return True
            if alt and event.key() == Qt.Key.Key_Down:
                self.move_current(1)
                return True
            if not alt and Qt.Key.Key_1 <= event.key() <= Qt.Key.Key_9:
                self.move_to(self.order.currentRow(), event.key() - Qt.Key.Key_1)
                return True
        return super().eventFilter(watched, event)

    def _put_into(self, draft: BallotDraft) -> None:
        draft.set_ranking(
            self.order.item(n).data(_OPTION_ROLE)
            for n in range(self.order.count())
            if self.order.item(n).checkState() == Qt.CheckState.Checked
        )

    def _show_draft(self, draft: BallotDraft) -> None:
        ranked = list(draft.presses())
        rest = [option.id for option in self.round.options if option.id not in ranked]
        self._fill(ranked + rest, ranked=set(ranked))

    def clear(self) -> None:
        self._fill([option.id for option in self.round.options], ranked=None)

    def first_input(self) -> QWidget | None:
        return self.order


def make_ballot_entry(vote_round: RoundRow, parent: QWidget | None = None) -> BallotEntry:
    """The ballot form that suits the round's way of voting."""
    kinds: dict[VoteMethod, type[BallotEntry]] = {
        VoteMethod.DOTS: DotsEntry,
        VoteMethod.RANKING: RankingEntry,
        VoteMethod.APPROVAL: ApprovalEntry,
        VoteMethod.SCORE: ScoreEntry,
    }
    return kinds[vote_round.method](vote_round, parent)
