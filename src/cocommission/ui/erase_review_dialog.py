"""Reviewing where a person's name was typed before erasing them, and choosing where it is taken out.

Each place is listed with the table and field it is in and its words, the name highlighted.
Every place starts ticked; untick one the name should stay in (a bidder's name that happens to
match, say). Audit log entries are listed too, but cannot be ticked: the log is chained by hash
and cannot be changed, so the facilitator sees what it still holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.privacy import MentionKey, NameMention
from cocommission.ui.screen_fit import fit_to_screen
from cocommission.ui.table_view import make_table_view

_HIGHLIGHT = "background-color: #ffe066; font-weight: bold;"


def highlighted(mention: NameMention) -> str:
    """The mention's words as rich text, every match of the name highlighted."""
    pieces, last = [], 0
    for start, end in mention.spans:
        pieces.append(escape(mention.text[last:start], quote=False))
        pieces.append(f'<span style="{_HIGHLIGHT}">{escape(mention.text[start:end], quote=False)}</span>')
        last = end
    pieces.append(escape(mention.text[last:], quote=False))
    return "".join(pieces).replace("\n", "<br>")


class EraseReviewDialog(QDialog):
    """The places a person's name was typed; the ticked ones get "[name removed]" when erasing."""

    COL_WHERE, COL_TEXT = range(2)

    def __init__(self, pseudonym: str, mentions: Sequence[NameMention], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mentions = tuple(mentions)
        self.setWindowTitle(self.tr("Where {name}'s name was typed").format(name=pseudonym))
        explanation = QLabel(
            self.tr(
                "{name}'s name, a part of it or their pseudonym was found in these places. Ticked places get "
                "“[name removed]” instead when you erase; untick any where the words are not about them. "
                "Audit log entries cannot be changed without breaking the proof that the log is untouched, "
                "so they are shown but stay as they are."
            ).format(name=pseudonym),
            self,
        )
        explanation.setWordWrap(True)
        #: Each place: where it is (ticked to take the name out) and its words, the name highlighted.
        self.places = QStandardItemModel(len(self.mentions), 2, self)
        self.places.setHorizontalHeaderLabels([self.tr("Where"), self.tr("Words")])
        self.table = make_table_view(
            self,
            self.places,
            self.tr("Places where the name was typed"),
            stretch_column=self.COL_TEXT,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            selection_mode=QAbstractItemView.SelectionMode.NoSelection,
        )
        for row, mention in enumerate(self.mentions):
            where = QStandardItem(self._where(mention))
            if mention.in_audit:
                where.setFlags(Qt.ItemFlag.ItemIsEnabled)
                where.setToolTip(self.tr("The audit log cannot be changed; this entry keeps its words."))
            else:
                where.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                where.setCheckState(Qt.CheckState.Checked)
            self.places.setItem(row, self.COL_WHERE, where)
            words = QLabel(highlighted(mention), self.table)
            words.setTextFormat(Qt.TextFormat.RichText)
            words.setWordWrap(True)
            self.table.setIndexWidget(self.places.index(row, self.COL_TEXT), words)
        self.table.resizeRowsToContents()
        self.all_button = QPushButton(self.tr("Tick &all"), self)
        self.all_button.clicked.connect(lambda: self.set_all(True))
        self.none_button = QPushButton(self.tr("Tick &none"), self)
        self.none_button.clicked.connect(lambda: self.set_all(False))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Erase"))
        self.buttons.addButton(self.all_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.none_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 820, 480)

    def _where(self, mention: NameMention) -> str:
        if mention.in_audit:
            return self.tr("Audit log, entry {number}").format(number=mention.sequence)
        table = mention.table.replace("_", " ").capitalize()
        return self.tr("{table}: {field}").format(table=table, field=mention.column.replace("_", " "))

    def set_all(self, ticked: bool) -> None:
        """Tick or untick every place that can be changed."""
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for row, mention in enumerate(self.mentions):
            if not mention.in_audit:
                self.places.item(row, self.COL_WHERE).setCheckState(state)

    def set_ticked(self, row: int, ticked: bool) -> None:
        """Tick or untick one place."""
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        self.places.item(row, self.COL_WHERE).setCheckState(state)

    def chosen(self) -> list[MentionKey]:
        """The places ticked: where the name is to be taken out."""
        return [
            mention.key
            for row, mention in enumerate(self.mentions)
            if not mention.in_audit
            and self.places.item(row, self.COL_WHERE).checkState() == Qt.CheckState.Checked
        ]
