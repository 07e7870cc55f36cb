"""The keypad where the facilitator keys in one participant's ballot on the console.

Keyboard first: each option has a key (1–9, then A–Z) shown beside it; a
press adds a dot, ranks, ticks or scores it; Backspace takes the newest
press back; Enter asks for the ballot to be recorded; Esc starts again. The
dots left are always in view, and a press the rules would refuse is refused
here with a message, before anything is saved. The mouse works too: click
an option to press it, drag the ranking to reorder it.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent, QPainter, QPaintEvent, QPen, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
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
from cocommission.services.text import plural
from cocommission.services.voting import RoundRow
from cocommission.ui.live.live_text import LiveText
from cocommission.ui.live.option_keys import key_position, option_key
from cocommission.ui.pages.ballot_entry_panel import budget_text
from cocommission.ui.style import enlarge

_OPTION_ROLE = Qt.ItemDataRole.UserRole
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
#: Width of the frame drawn round the pad while it has the keyboard.
_FRAME = 3


class BallotPad(QWidget):
    """Collects one participant's ballot from key presses; it never saves anything itself."""

    #: Enter was pressed (or Record clicked) with a ballot worth recording.
    commit_requested = Signal()
    #: Esc was pressed on an empty ballot: the facilitator wants the participant list back.
    cancelled = Signal()
    #: A key was typed before anyone was chosen (its text): it belongs with the name being looked for.
    needs_a_name = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ballot: BallotDraft | None = None
        self.participant_id: str | None = None
        self.pseudonym = ""
        self._has_voted = False
        self._locked = False
        self._items: dict[str, QListWidgetItem] = {}
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Ballot keys"))

        # These change with every key press: LiveText repaints them without relaying out the console.
        self.heading = LiveText(self)
        enlarge(self.heading, 1.3, bold=True)
        self.budget = LiveText(self)
        self.budget.setObjectName("dotsLeft")
        # The budget left is what the facilitator reads back to the young person: make it stand out.
        enlarge(self.budget, 1.6, bold=True)
        self.message = LiveText(self, lines=2, problem=True)
        self.message.setObjectName("formProblem")
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        # The lists never take the keyboard: every key belongs to the pad, so a press is never lost.
        self.options_view = QListWidget(self)
        self.options_view.setAccessibleName(self.tr("Options and their keys"))
        self.options_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.options_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.options_view.setUniformItemSizes(True)
        self.options_view.setSpacing(2)
        enlarge(self.options_view, 1.2)
        self.options_view.itemClicked.connect(self._option_clicked)
        self.ranking_view = QListWidget(self)
        self.ranking_view.setAccessibleName(self.tr("Ranking, best first"))
        self.ranking_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.ranking_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.ranking_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        enlarge(self.ranking_view, 1.2)
        self.ranking_view.model().rowsMoved.connect(self._ranking_dragged)
        ranking_label = QLabel(self.tr("Ranking, best first (drag to reorder):"), self)
        ranking_label.setBuddy(self.ranking_view)
        self.ranking_box = QWidget(self)
        ranking_layout = QVBoxLayout(self.ranking_box)
        ranking_layout.setContentsMargins(0, 0, 0, 0)
        ranking_layout.addWidget(ranking_label)
        ranking_layout.addWidget(self.ranking_view, 1)

        self.record_button = QPushButton(self.tr("Record ballot (Enter)"), self)
        self.back_button = QPushButton(self.tr("Take back last (Backspace)"), self)
        self.clear_button = QPushButton(self.tr("Start again (Esc)"), self)
        for button in (self.record_button, self.back_button, self.clear_button):
            # Clicking must leave the keyboard on the pad, so the next key press still counts.
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.record_button.clicked.connect(self.request_commit)
        self.back_button.clicked.connect(self.take_back)
        self.clear_button.clicked.connect(self.start_again)

        lists = QHBoxLayout()
        lists.addWidget(self.options_view, 3)
        lists.addWidget(self.ranking_box, 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        # Room for the focus frame, which tells the facilitator the keys go to this ballot.
        layout.setContentsMargins(_FRAME + 3, _FRAME + 3, _FRAME + 3, _FRAME + 3)
        layout.addWidget(self.heading)
        layout.addWidget(self.budget)
        layout.addWidget(self.hint)
        layout.addLayout(lists, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.set_round(None)

    # --- what the pad is for ------------------------------------------------

    def set_round(self, vote_round: RoundRow | None) -> None:
        """Show the options of ``vote_round`` with their keys (None: nothing to vote on)."""
        self.ballot = BallotDraft(vote_round) if vote_round is not None else None
        self.participant_id = None
        self.pseudonym = ""
        self._items = {}
        self.options_view.clear()
        if vote_round is not None:
            for position, option in enumerate(vote_round.options):
                item = QListWidgetItem()
                item.setData(_OPTION_ROLE, option.id)
                self.options_view.addItem(item)
                self._items[option.id] = item
                self._show_option(option.id, position)
        self.ranking_box.setVisible(vote_round is not None and vote_round.method is VoteMethod.RANKING)
        self.hint.setText(self._hint_text(vote_round))
        self._refresh()

    def _hint_text(self, vote_round: RoundRow | None) -> str:
        if vote_round is None:
            return ""
        method = vote_round.method
        if method is VoteMethod.DOTS:
            does = self.tr("Press an option's key to add a dot")
        elif method is VoteMethod.RANKING:
            does = self.tr("Press the options' keys best first, or drag the ranking")
        elif method is VoteMethod.APPROVAL:
            does = self.tr("Press an option's key to approve it, again to take it back")
        else:
            does = self.tr("Press an option's key to raise its score by one")
        return self.tr(
            "{does}; Backspace takes the last press back, Enter records, Esc starts again."
        ).format(does=does)

    def start(
        self, participant_id: str | None, pseudonym: str = "", *, has_voted: bool = False, locked: bool = False
    ) -> None:
        """Begin an empty ballot for a participant (None: nobody chosen).

        ``locked``: they have voted in an anonymous round, from another device or session, so
        their ballot cannot be changed from here; the pad says so and records nothing.
        """
        self.participant_id = participant_id
        self.pseudonym = pseudonym
        self._has_voted = has_voted
        self._locked = locked
        if self.ballot is not None:
            self._clear_presses()
        if locked:
            self.message.setText(self._locked_text())
        else:
            self.message.clear()
        self._refresh()

    def ready(self) -> bool:
        """Whether key presses count: a round to vote in and a participant chosen whose ballot may be entered."""
        return self.ballot is not None and self.participant_id is not None and not self._locked

    def _locked_text(self) -> str:
        return self.tr(
            "{name} has already voted in this anonymous round. Their ballot can only be changed from the "
            "device or console session that cast it."
        ).format(name=self.pseudonym)

    # --- presses ------------------------------------------------------------

    def press_position(self, position: int) -> bool:
        """Press the key of the option at ``position`` (0 first); False when refused or not ready."""
        if self.ballot is None:
            return False
        option = self.ballot.option_at(position)
        if option is None:
            self.message.setText(
                self.tr("There is no option {key} in this round.").format(key=option_key(position))
            )
            return False
        return self.press(option.id)

    def press(self, option_id: str) -> bool:
        """Press one option; False (with the reason shown) when refused."""
        if self._locked:
            self.message.setText(self._locked_text())
            return False
        if not self.ready() or self.ballot is None:
            self.message.setText(self.tr("Choose whose ballot this is first."))
            return False
        before = self.ballot.presses()
        refusal = self.ballot.press(option_id)
        if refusal is not None:
            self.message.setText(refusal)
            return False
        self.message.clear()
        self._after_change(before)
        return True

    def take_back(self) -> None:
        """Take the newest press back."""
        self.setFocus()
        if self.ballot is None:
            return
        before = self.ballot.presses()
        if self.ballot.take_back() is None:
            self.message.setText(self.tr("Nothing to take back yet."))
            return
        self.message.clear()
        self._after_change(before)

    def start_again(self) -> None:
        """Forget this ballot's presses; with none to forget, hand the keyboard back to the list."""
        if self.ballot is None or self.ballot.is_empty():
            self.cancelled.emit()
            return
        self.setFocus()
        self._clear_presses()
        self.message.clear()
        self._refresh()

    def request_commit(self) -> None:
        """Ask for the ballot to be recorded, unless there is nothing to record."""
        self.setFocus()
        if self._locked:
            self.message.setText(self._locked_text())
            return
        if not self.ready() or self.ballot is None:
            self.message.setText(self.tr("Choose whose ballot this is first."))
            return
        if self.ballot.is_empty():
            self.message.setText(self.tr("The ballot is empty: press an option's key first."))
            return
        self.commit_requested.emit()

    def _clear_presses(self) -> None:
        if self.ballot is None:
            return
        before = self.ballot.presses()
        self.ballot.clear()
        self._after_change(before)

    def _after_change(self, before: tuple[str, ...]) -> None:
        """Repaint only the options whose line changed, so keying stays instant with many options."""
        if self.ballot is None:
            return
        after = self.ballot.presses()
        if self.ballot.method is VoteMethod.RANKING:
            # Places shift for everything ranked, so every ranked line is rewritten.
            touched = set(before) | set(after)
            self._fill_ranking()
        else:
            touched = {
                option_id
                for option_id in set(before) | set(after)
                if before.count(option_id) != after.count(option_id)
            }
        positions = {option.id: number for number, option in enumerate(self.ballot.round.options)}
        for option_id in touched:
            self._show_option(option_id, positions[option_id])
        self._refresh()

    # --- showing ------------------------------------------------------------

    def _show_option(self, option_id: str, position: int) -> None:
        if self.ballot is None:
            return
        item = self._items[option_id]
        label = self.ballot.round.options[position].label
        key = option_key(position) or "·"
        value = self.ballot.value(option_id)
        method = self.ballot.method
        if method is VoteMethod.DOTS:
            mark = "●" * (value or 0)
            said = plural(value, self.tr("{count} dot"), self.tr("{count} dots")) if value else ""
            text = f"{key}   {label}   {mark}" if value else f"{key}   {label}"
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{key} {label} {said}".strip())
        elif value is None:
            text = f"{key}   {label}"
        elif method is VoteMethod.RANKING:
            text = self.tr("{key}   {label}   — ranked {place}").format(key=key, label=label, place=value)
        elif method is VoteMethod.APPROVAL:
            text = self.tr("{key}   {label}   — approved").format(key=key, label=label)
        else:
            text = self.tr("{key}   {label}   — score {score}").format(key=key, label=label, score=value)
        item.setText(text)
        if item.font().bold() != bool(value):
            font = QFont(self.options_view.font())
            font.setBold(bool(value))
            item.setFont(font)

    def _fill_ranking(self) -> None:
        if self.ballot is None:
            return
        labels = {option.id: option.label for option in self.ballot.round.options}
        blocked = self.ranking_view.blockSignals(True)
        self.ranking_view.clear()
        for place, option_id in enumerate(self.ballot.presses(), start=1):
            item = QListWidgetItem(f"{place}. {labels[option_id]}")
            item.setData(_OPTION_ROLE, option_id)
            # Dropping onto an item would swallow it; only moves between items make sense.
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
            self.ranking_view.addItem(item)
        self.ranking_view.blockSignals(blocked)

    def _refresh(self) -> None:
        if self.ballot is None:
            self.heading.setText(self.tr("Choose a round that is open for voting."))
            self.budget.clear()
        elif self.participant_id is None:
            self.heading.setText(self.tr("Choose whose ballot to enter from the list."))
            self.budget.setText(budget_text(self.ballot))
        else:
            heading = self.tr("Ballot for {name}").format(name=self.pseudonym)
            if self._locked:
                heading = self.tr("{name} has voted (anonymous: their ballot cannot be changed here)").format(
                    name=self.pseudonym
                )
            elif self._has_voted:
                heading = self.tr("{heading} (has voted: recording replaces their ballot)").format(
                    heading=heading
                )
            self.heading.setText(heading)
            self.budget.setText(budget_text(self.ballot))
        ready = self.ready()
        has_presses = self.ballot is not None and not self.ballot.is_empty()
        self.record_button.setEnabled(ready and has_presses)
        self.back_button.setEnabled(ready and has_presses)

    # --- mouse --------------------------------------------------------------

    def _option_clicked(self, item: QListWidgetItem) -> None:
        self.setFocus()
        self.press(item.data(_OPTION_ROLE))

    def _ranking_dragged(self, *_args: object) -> None:
        if self.ballot is None:
            return
        order = [self.ranking_view.item(n).data(_OPTION_ROLE) for n in range(self.ranking_view.count())]
        before = self.ballot.presses()
        self.ballot.reorder(order)
        self._after_change(before)

    # --- focus --------------------------------------------------------------

    def _frame_region(self) -> QRegion:
        outer = self.rect()
        return QRegion(outer).subtracted(QRegion(outer.adjusted(_FRAME, _FRAME, -_FRAME, -_FRAME)))

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Only the frame changes: repainting the whole pad on every hand-over would slow keying.
        self.update(self._frame_region())

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update(self._frame_region())

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.hasFocus():
            return
        painter = QPainter(self)
        pen = QPen(self.palette().highlight().color(), _FRAME)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        half = _FRAME / 2
        painter.drawRect(QRectF(self.rect()).adjusted(half, half, -half, -half))
        painter.end()

    # --- keyboard -----------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        typing = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        modifiers = event.modifiers() & ~typing
        if modifiers != Qt.KeyboardModifier.NoModifier:
            # Ctrl and Alt combinations belong to shortcuts and mnemonics.
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in _ENTER_KEYS:
            self.request_commit()
        elif key == Qt.Key.Key_Backspace:
            self.take_back()
        elif key == Qt.Key.Key_Escape:
            self.start_again()
        elif self.ballot is not None and self.participant_id is None and event.text().isprintable() and event.text().strip():
            # Nobody is chosen yet: the key must not vanish, nor wait to land on whoever is chosen next.
            self.needs_a_name.emit(event.text())
        elif (position := key_position(event.text())) is not None:
            self.press_position(position)
        else:
            super().keyPressEvent(event)
            return
        event.accept()
