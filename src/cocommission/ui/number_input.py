"""Typing numbers: every numeric field keeps what was typed, and reading it gives a number or one message.

Qt's spin box drops a keystroke it does not like without a word, and when it is left it puts
back the last number it liked: "2O" became a weight of 2, and a "7" typed into an empty 0-5
score cell became 0, "Unacceptable". In a room where one silent error is enough to lose the
young people's trust, a field here keeps exactly what the person typed until it is read, and
reading it either gives the number or raises ``NotANumber`` with one sentence saying what is
wrong and what to type instead; the caller shows that sentence and changes nothing.

Every whole-number field is a ``NumberBox`` (a spin box, so arrows and the wheel still step it)
read with ``read_number``; every number typed into a table cell goes through a ``NumberDelegate``;
every amount of money is read with ``read_amount``. They all word their refusals the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator
from PySide6.QtWidgets import QLabel, QSpinBox, QStyledItemDelegate, QWidget

from cocommission.model.money import CurrencyInfo, parse_money
from cocommission.wording import translator

Index = QModelIndex | QPersistentModelIndex

tr = translator("NumberInput")

#: Digits only (an optional sign first): "2O", "4.5", "1e3" and "٣" are not typed scores or counts.
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")


class NotANumber(ValueError):
    """What was typed is not a number the field takes; ``str()`` is the sentence to show."""


def read_whole_number(text: str, *, low: int, high: int, what: str = "", blank: bool = False) -> int | None:
    """``text`` as a whole number from ``low`` to ``high``; None for nothing typed when ``blank`` is allowed.

    Raises ``NotANumber`` naming ``what`` (the field, e.g. "Weight") and the numbers it takes.
    """
    typed = text.strip()
    if not typed:
        if blank:
            return None
        wanted = tr("type a whole number from {low} to {high}.").format(low=low, high=high)
        raise NotANumber(_sentence(what, wanted))
    if not _WHOLE_NUMBER.fullmatch(typed):
        raise NotANumber(
            _sentence(
                what,
                tr('"{typed}" is not a whole number; type a number from {low} to {high}.').format(
                    typed=typed, low=low, high=high
                ),
            )
        )
    value = int(typed)
    if not low <= value <= high:
        raise NotANumber(
            _sentence(
                what,
                tr('"{typed}" is not between {low} and {high}; type a number from {low} to {high}.').format(
                    typed=typed, low=low, high=high
                ),
            )
        )
    return value


def read_amount(text: str, currency: CurrencyInfo, *, what: str = "") -> int:
    """``text`` in ``currency``'s minor units; ``NotANumber`` with a whole sentence if it is no amount."""
    try:
        return parse_money(text, currency)
    except ValueError as exc:
        raise NotANumber(_sentence(what, str(exc))) from None


def _sentence(what: str, problem: str) -> str:
    """``Weight: "2O" is not a whole number; …``, or the problem alone when the field has no name."""
    problem = problem.strip()
    if not problem.endswith((".", "!", "?")):
        problem += "."
    if what:
        return tr("{what}: {problem}").format(what=what, problem=problem)
    return problem[:1].upper() + problem[1:]


class NumberBox(QSpinBox):
    """A spin box that never drops or replaces what was typed; read it with ``read_number``.

    Qt's own spin box refuses a keystroke it cannot use without a word and, when it loses focus or
    Enter is pressed, silently puts back its last number. Here the text stays as typed ("2O",
    "7" on a 0-5 scale, or nothing at all) so the reader can refuse it with a message, and the
    person can see and correct it. ``blank`` True lets the box be left empty (read as None).

    A box that saves when it is left (rather than when a form is accepted) listens to ``refused``:
    it is emitted instead of ``editingFinished`` when the box is left holding what is not a number.
    """

    refused = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, blank: bool = False) -> None:
        super().__init__(parent)
        self.blank = blank
        self._shows_nothing = False

    def validate(self, text: str, position: int) -> object:
        state = super().validate(text, position)
        # PySide returns (state, text, position) from the base class.
        verdict = state[0] if isinstance(state, tuple) else state
        if verdict == QValidator.State.Invalid:
            # Keep the keystroke: the reader refuses the whole entry with a message instead.
            return QValidator.State.Intermediate, text, position
        return state

    def _qt_would_replace_it(self) -> bool:
        """True when Qt, on Enter or losing focus, would put a number of its own in place of the text."""
        line = self.lineEdit()
        state = super().validate(line.text(), line.cursorPosition())
        return (state[0] if isinstance(state, tuple) else state) != QValidator.State.Acceptable

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._qt_would_replace_it():
            # Qt would put its last number back before anyone reads the box. Leave the text for
            # the reader, and let Enter do what it does elsewhere (a form's default button).
            event.ignore()
            self._left_as_typed()
            self.lineEdit().returnPressed.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if not self._qt_would_replace_it():
            super().focusOutEvent(event)
            return
        typed, position = self.lineEdit().text(), self.lineEdit().cursorPosition()
        blocked = self.blockSignals(True)
        super().focusOutEvent(event)
        self.lineEdit().setText(typed)
        self.lineEdit().setCursorPosition(position)
        self.blockSignals(blocked)
        self._left_as_typed()

    def _left_as_typed(self) -> None:
        """Enter or leaving with text Qt would have replaced: finished if it reads, else ``refused``."""
        try:
            read_number(self)
        except NotANumber as refusal:
            self.refused.emit(str(refusal))
        else:
            self.editingFinished.emit()

    def show_nothing(self) -> None:
        """Empty the box (for a value not given yet), rather than showing the lowest number."""
        self._shows_nothing = True
        self.lineEdit().clear()

    def setValue(self, value: int) -> None:
        self._shows_nothing = False
        super().setValue(value)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._shows_nothing:
            # Qt writes the number back into the box when it is shown; an empty box stays empty.
            self._shows_nothing = False
            self.lineEdit().clear()


def read_number(box: QSpinBox) -> int | None:
    """The number typed in ``box``, checked against its range; ``NotANumber`` names the box when it is not.

    A box with special value text ("Not scored") uses its minimum for "none": showing that text,
    or emptied, it reads as its minimum, and a typed number must be above it.
    """
    typed = box.lineEdit().text().strip()
    prefix, suffix = box.prefix().strip(), box.suffix().strip()
    if prefix and typed.startswith(prefix):
        typed = typed[len(prefix):].strip()
    if suffix and typed.endswith(suffix):
        typed = typed[: -len(suffix)].strip()
    low = box.minimum()
    if box.specialValueText():
        if typed in ("", box.specialValueText().strip()):
            return low
        low += 1
    return read_whole_number(
        typed,
        low=low,
        high=box.maximum(),
        what=field_name(box),
        blank=getattr(box, "blank", False),
    )


def field_name(field: QWidget) -> str:
    """What a field is called: its accessible name, else the words of the label that names it."""
    if field.accessibleName():
        return field.accessibleName()
    for label in field.window().findChildren(QLabel):
        if label.buddy() is field:
            # "&Length:" reads as "Length": no mnemonic marker, no colon.
            return label.text().replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":")
    return ""


class NumberDelegate(QStyledItemDelegate):
    """Edits a whole number in a table cell with a ``NumberBox``; a refusal goes out through ``refused``.

    ``current(index)`` is the cell's number now (None for none), ``bounds(index)`` its lowest and
    highest. An empty cell opens empty and stays empty when left empty. What is not a number in
    range is never written: ``refused(message)`` says why, and the cell keeps its number.
    """

    refused = Signal(str)
    #: The number being typed in the cell on ``row``, as it becomes readable (None while it is not).
    number_changing = Signal(int, object)

    def __init__(
        self,
        *,
        current: Callable[[Index], int | None],
        bounds: Callable[[Index], tuple[int, int]],
        accessible_name: str,
        suffix: str = "",
        step: int = 1,
        blank: bool = False,
        parent=None,
    ) -> None:
        super().__init__(parent)
        self._current = current
        self._bounds = bounds
        self._accessible_name = accessible_name
        self._suffix = suffix
        self._step = step
        self._blank = blank

    def createEditor(self, parent: QWidget, option, index: Index) -> QWidget:
        editor = NumberBox(parent, blank=self._blank)
        low, high = self._bounds(index)
        editor.setRange(low, high)
        editor.setSuffix(self._suffix)
        editor.setSingleStep(self._step)
        editor.setFrame(False)
        editor.setAccessibleName(self._accessible_name)
        row_number = index.row()
        editor.lineEdit().textEdited.connect(lambda _text: self._changing(editor, row_number))
        editor.valueChanged.connect(lambda _value: self._changing(editor, row_number))
        return editor

    def _changing(self, editor: NumberBox, row_number: int) -> None:
        try:
            self.number_changing.emit(row_number, read_number(editor))
        except NotANumber:
            self.number_changing.emit(row_number, None)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, NumberBox)
        value = self._current(index)
        blocked = editor.blockSignals(True)
        if value is None:
            editor.show_nothing()
        else:
            editor.setValue(value)
        editor.blockSignals(blocked)
        editor.selectAll()

    def setModelData(self, editor: QWidget, model, index: Index) -> None:
        assert isinstance(editor, NumberBox)
        try:
            value = read_number(editor)
        except NotANumber as refusal:
            self.refused.emit(str(refusal))
            return
        if value != self._current(index):
            model.setData(index, value, Qt.ItemDataRole.EditRole)


def whole_number_role(index: Index) -> Any:
    """A cell's edit value as a whole number, or None (what most ``current`` callables want)."""
    value = index.data(Qt.ItemDataRole.EditRole)
    return value if isinstance(value, int) and not isinstance(value, bool) else None
