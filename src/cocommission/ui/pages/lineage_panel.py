"""Where an outcome statement came from: the statements merged or split to make it, back to the first words.

The Outcomes page shows it beside the list, for the statement chosen there, so
the group can always see that an agreed outcome still holds what each of them
first said.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.outcomes import LineageNode, OutcomeRow
from cocommission.ui.pages.outcome_table_model import number_text, status_text

#: The item role holding a statement's id, so a chosen line can be found in the list.
OUTCOME_ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: The item role holding the statement alone ("12. Young people have a voice"), without how it fed in.
STATEMENT_ROLE = Qt.ItemDataRole.UserRole + 2


class WrappingTreeView(QTreeView):
    """A tree whose lines wrap to its width, growing taller instead of cutting words off.

    A tree measures a line's height without knowing the width it will have, so
    long statements would be cut short; the delegate measures against the width
    each line really has, and a resize lays the lines out again.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(_WrappingDelegate(self))

    def text_width(self, index: QModelIndex) -> int:
        """The width the text of ``index`` has on screen, after the indentation of its depth."""
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        if self.rootIsDecorated():
            depth += 1
        return max(self.viewport().width() - depth * self.indentation(), 80)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()


class _WrappingDelegate(QStyledItemDelegate):
    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex):
        tree = self.parent()
        measured = QStyleOptionViewItem(option)
        measured.rect = QRect(0, 0, tree.text_width(index), 1)
        return super().sizeHint(measured, index)


class LineagePanel(QWidget):
    """A tree of the chosen statement and, under it, the statements it was merged or split from."""

    #: The facilitator asked to go to a statement shown in the tree (by double-click or Enter).
    statement_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = QStandardItemModel(0, 1, self)
        self.model.setHorizontalHeaderLabels([self.tr("Statement")])
        self.tree = WrappingTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setAccessibleName(self.tr("Where the chosen statement came from"))
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # One column: the panel is narrow, and each line says in words how it fed in.
        self.tree.setHeaderHidden(True)
        self.tree.activated.connect(self._activated)
        heading = QLabel(self.tr("Where it &came from"), self)
        heading.setBuddy(self.tree)
        self.note = QLabel(self)
        self.note.setObjectName("lineageNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.note)
        self.show_lineage(None)

    def show_lineage(self, node: LineageNode | None, *, merged_into: OutcomeRow | None = None) -> None:
        """Show ``node``'s tree (None: nothing chosen) and ``merged_into``, the statement it became."""
        self.model.removeRows(0, self.model.rowCount())
        if node is None:
            self.note.setText(self.tr("Choose a statement in the list to see where it came from."))
            return
        self.model.appendRow(self._item(node, None))
        self.tree.expandAll()
        chosen = node.outcome
        notes = []
        if not node.sources:
            notes.append(
                self.tr("Statement {n} was written as it is: nothing was merged or split to make it.").format(
                    n=number_text(chosen)
                )
            )
        if merged_into is not None:
            notes.append(
                self.tr("It has been merged into statement {n}: “{text}”.").format(
                    n=number_text(merged_into), text=merged_into.text
                )
            )
        self.note.setText(" ".join(notes))

    def statements(self) -> list[str]:
        """The words of every statement shown in the tree, top to bottom (what a reader sees)."""
        found: list[str] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.model.rowCount(parent)):
                index = self.model.index(row, 0, parent)
                found.append(index.data(STATEMENT_ROLE))
                walk(index)

        walk(QModelIndex())
        return found

    def _item(self, node: LineageNode, above: OutcomeRow | None) -> QStandardItem:
        outcome = node.outcome
        # Merged-away and dropped statements have no number, so they show by their words alone.
        statement = (
            self.tr("{n}. {text}").format(n=outcome.number, text=outcome.text)
            if outcome.number is not None
            else outcome.text
        )
        if above is None:
            shown = self.tr("{statement}\n({status})").format(
                statement=statement, status=status_text(outcome.status)
            )
        elif node.how == "split":
            shown = self.tr("{statement}\n(split to make {n})").format(statement=statement, n=number_text(above))
        else:
            shown = self.tr("{statement}\n(merged into {n})").format(statement=statement, n=number_text(above))
        item = QStandardItem(shown)
        item.setEditable(False)
        if above is None:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        item.setData(outcome.id, OUTCOME_ID_ROLE)
        item.setData(statement, STATEMENT_ROLE)
        item.setToolTip(self.tr("Double-click or press Enter to find this statement in the list"))
        for source in node.sources:
            item.appendRow(self._item(source, outcome))
        return item

    def _activated(self, index: QModelIndex) -> None:
        outcome_id = index.data(OUTCOME_ID_ROLE)
        if outcome_id:
            self.statement_chosen.emit(outcome_id)
