"""Finding keys that two commands answer at once, and menu letters used twice, in a window as it stands.

Qt sends a key to one shortcut only. When two enabled shortcuts that can be active at the same
time share a key sequence, Qt runs neither and prints "Ambiguous shortcut overload": the key
silently does nothing. ``shortcut_clashes(window)`` lists such pairs among the shortcuts that are
live in the window now (their widgets are visible), so a test shows every page and tab in turn
and calls it each time. ``mnemonic_clashes(widget)`` lists &-letters used twice in one menu bar,
one menu or one dialog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu, QMenuBar, QTabBar, QWidget


@dataclass(frozen=True)
class LiveShortcut:
    """One key sequence of one action or shortcut, with where it can fire."""

    keys: str
    name: str
    context: Qt.ShortcutContext
    #: The widgets whose visibility and focus decide whether it can fire.
    widgets: tuple[QWidget, ...]
    source: object


def _describe(thing: object) -> str:
    if isinstance(thing, QAction):
        return f"action {thing.text()!r}"
    parent = thing.parent()
    return f"shortcut on {type(parent).__name__} {parent.objectName()!r}"


def _menu_is_reachable(menu: QMenu, seen: set[int]) -> bool:
    """Whether ``menu`` hangs, through its parents' menu actions, from a visible menu bar or widget."""
    if id(menu) in seen:
        return False
    seen.add(id(menu))
    for owner in menu.menuAction().associatedObjects():
        if isinstance(owner, QMenu):
            if _menu_is_reachable(owner, seen):
                return True
        elif isinstance(owner, QWidget) and owner.isVisible():
            return True
    return False


def _action_widgets(action: QAction) -> tuple[QWidget, ...]:
    """The visible widgets through which ``action``'s shortcut can fire, as Qt's matcher decides it."""
    widgets = []
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            if _menu_is_reachable(owner, set()):
                widgets.append(owner.window() if owner.isWindow() and owner.parentWidget() is None else owner)
        elif isinstance(owner, QWidget) and owner.isVisible():
            widgets.append(owner)
    return tuple(widgets)


def _window_of(widget: QWidget) -> QWidget:
    """The top-level window a widget lives in (a menu counts as part of the window it drops from)."""
    while isinstance(widget, QMenu) and widget.parentWidget() is not None:
        widget = widget.parentWidget()
    return widget.window()


def live_shortcuts(window: QWidget) -> list[LiveShortcut]:  # noqa: PLR0912 - actions, buttons and shortcuts each keep their keys differently
    """Every enabled key sequence of an action, button or QShortcut in ``window`` whose widget is visible now."""
    found: list[LiveShortcut] = []
    actions = {id(action): action for action in window.findChildren(QAction)}
    for widget in [window, *window.findChildren(QWidget)]:
        for action in widget.actions():
            actions.setdefault(id(action), action)
    for action in actions.values():
        if not action.isEnabled() or not action.shortcuts():
            continue
        widgets = _action_widgets(action)
        if not widgets:
            continue
        for keys in action.shortcuts():
            if not keys.isEmpty():
                found.append(LiveShortcut(
                    keys.toString(QKeySequence.SequenceFormat.PortableText), _describe(action),
                    action.shortcutContext(), widgets, action,
                ))
    for button in window.findChildren(QAbstractButton):
        keys = button.shortcut()
        # A button's &-letter is its shortcut too; those are checked by the mnemonic helpers below.
        if keys.isEmpty() or keys == QKeySequence.mnemonic(button.text()):
            continue
        if button.isVisible() and button.isEnabled():
            found.append(LiveShortcut(
                keys.toString(QKeySequence.SequenceFormat.PortableText), f"button {button.text()!r}",
                Qt.ShortcutContext.WindowShortcut, (button,), button,
            ))
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        if not shortcut.isEnabled() or not isinstance(owner, QWidget) or not owner.isVisible():
            continue
        for keys in shortcut.keys():  # noqa: SIM118 - QShortcut.keys(), its key sequences, not a dict
            if not keys.isEmpty():
                found.append(LiveShortcut(
                    keys.toString(QKeySequence.SequenceFormat.PortableText), _describe(shortcut),
                    shortcut.context(), (owner,), shortcut,
                ))
    return found


def _can_be_active_together(first: LiveShortcut, second: LiveShortcut) -> bool:
    """Whether some focus position lets both fire, following Qt's shortcut context rules."""
    application = Qt.ShortcutContext.ApplicationShortcut
    if application in (first.context, second.context):
        return True
    for one in first.widgets:
        for other in second.widgets:
            if _window_of(one) is not _window_of(other):
                continue
            if _scopes_overlap(first.context, one, second.context, other):
                return True
    return False


def _contains(outer: QWidget, inner: QWidget) -> bool:
    return outer is inner or outer.isAncestorOf(inner)


def _scopes_overlap(context_a: Qt.ShortcutContext, a: QWidget, context_b: Qt.ShortcutContext, b: QWidget) -> bool:
    window = Qt.ShortcutContext.WindowShortcut
    with_children = Qt.ShortcutContext.WidgetWithChildrenShortcut
    # The widgets focus can be in for each shortcut to fire: the whole window, a subtree, or one widget.
    if window in (context_a, context_b):
        return True
    if context_a == with_children and context_b == with_children:
        return _contains(a, b) or _contains(b, a)
    if context_a == with_children:
        return _contains(a, b)
    if context_b == with_children:
        return _contains(b, a)
    return a is b


def shortcut_clashes(*windows: QWidget) -> list[str]:
    """Pairs of live shortcuts, in these windows, that share a key sequence and can fire at once."""
    every = [shortcut for window in windows for shortcut in live_shortcuts(window)]
    clashes = []
    for index, first in enumerate(every):
        for second in every[index + 1:]:
            if first.source is second.source and first.keys == second.keys:
                clashes.append(f"{first.keys}: {first.name} lists it twice")
            elif first.keys == second.keys and first.source is not second.source \
                    and _can_be_active_together(first, second):
                clashes.append(f"{first.keys}: {first.name} and {second.name}")
    return sorted(set(clashes))


_MNEMONIC = re.compile(r"&(?!&)(.)")


def mnemonic_of(text: str) -> str | None:
    """The letter after a single ``&`` in ``text``, lower-cased (``&&`` is a literal ampersand)."""
    match = _MNEMONIC.search(text.replace("&&", ""))
    return match.group(1).lower() if match else None


def menu_mnemonic_clashes(menu_owner: QWidget) -> list[str]:
    """&-letters used twice among the visible entries of one menu bar or menu (and each of its menus)."""
    clashes: list[str] = []
    seen: dict[str, str] = {}
    for action in menu_owner.actions():
        if not action.isVisible() or action.isSeparator():
            continue
        letter = mnemonic_of(action.text())
        if letter is None:
            continue
        if letter in seen:
            clashes.append(f"Alt+{letter.upper()}: {seen[letter]!r} and {action.text()!r}")
        else:
            seen[letter] = action.text()
        if action.menu() is not None:
            clashes.extend(menu_mnemonic_clashes(action.menu()))
    return clashes


def widget_mnemonic_clashes(root: QWidget, *, with_menu_bar: bool = False) -> list[str]:
    """&-letters used twice among the visible buttons, labels and tabs under ``root`` (a dialog or a page).

    In a window with a menu bar, Alt+letter reaches both the menu titles and the controls on
    screen; ``with_menu_bar`` checks them together.
    """
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.window() is not root.window():
            continue
        labels_shown_field = isinstance(widget, QLabel) and widget.buddy() is not None and widget.buddy().isVisible()
        if isinstance(widget, QAbstractButton) or labels_shown_field:
            texts.append(widget.text())
        elif isinstance(widget, QTabBar):
            texts.extend(widget.tabText(index) for index in range(widget.count()) if widget.isTabVisible(index))
        elif isinstance(widget, QMenuBar) and with_menu_bar:
            texts.extend(action.text() for action in widget.actions() if action.isVisible())
    clashes: list[str] = []
    seen: dict[str, str] = {}
    for text in texts:
        letter = mnemonic_of(text)
        if letter is None:
            continue
        if letter in seen:
            clashes.append(f"Alt+{letter.upper()}: {seen[letter]!r} and {text!r}")
        else:
            seen[letter] = text
    return clashes


def every_top_level_window() -> list[QWidget]:
    """Every visible top-level window of the application."""
    return [widget for widget in QApplication.topLevelWidgets() if widget.isVisible() and not isinstance(widget, QMenu)]
