"""Comparing two saved versions of the tender, or a version and the current draft, section by section.

The group often asks "what did we change since last week?": this dialog lists
every section with whether it was added, removed or changed, and shows the
changed lines, added lines in green with a "+" and removed lines in red with a
"-" (the signs stay so the meaning never rests on colour alone).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.tender import SectionDiff, VersionRow, diff_versions
from cocommission.ui.commands import Commander
from cocommission.ui.screen_fit import fit_to_screen
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view

#: Colours of added and removed lines: the same greens and reds the rest of the window uses.
_ADDED = (QColor("#1b6e3a"), QColor("#e6f4ea"))
_REMOVED = (QColor("#9a1b1b"), QColor("#fde8e8"))
_QUIET = QColor("#5f6368")


class VersionDiffDialog(QDialog):
    """Choose two versions (or a version and the draft) and see how each section differs."""

    def __init__(
        self,
        commander: Commander,
        versions: Sequence[VersionRow],
        *,
        from_version_id: str,
        to_version_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self.setWindowTitle(self.tr("Compare versions of the tender"))
        fit_to_screen(self, 900, 600)
        self._positions: dict[str, int] = {}

        self.from_choice = QComboBox(self)
        self.from_choice.setAccessibleName(self.tr("Compare from"))
        self.to_choice = QComboBox(self)
        self.to_choice.setAccessibleName(self.tr("Compare with"))
        for version in versions:
            label = self.tr("Version {number}: {name}").format(number=version.number, name=version.name)
            self.from_choice.addItem(label, version.id)
            self.to_choice.addItem(label, version.id)
        self.to_choice.addItem(self.tr("The current draft"), None)
        self.from_choice.setCurrentIndex(max(0, self.from_choice.findData(from_version_id)))
        self.to_choice.setCurrentIndex(max(0, self.to_choice.findData(to_version_id)))
        from_label = QLabel(self.tr("Compare &from:"), self)
        from_label.setBuddy(self.from_choice)
        to_label = QLabel(self.tr("&with:"), self)
        to_label.setBuddy(self.to_choice)

        self.model = RowTableModel(
            [
                Column(self.tr("Section"), lambda diff: diff.heading),
                Column(self.tr("What happened"), self._change_words),
            ],
            self,
            key=lambda diff: diff.key,
        )
        self.sections = make_table_view(
            self,
            self.model,
            self.tr("Sections and how they changed"),
            stretch_column=0,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            select_all_name=self.tr("Select every section"),
        )
        self.sections.selectionModel().currentRowChanged.connect(self._section_chosen)

        self.changes = QPlainTextEdit(self)
        self.changes.setReadOnly(True)
        self.changes.setAccessibleName(self.tr("Changed lines"))
        self.changes.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.changes.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )

        choices = QHBoxLayout()
        choices.addWidget(from_label)
        choices.addWidget(self.from_choice, 1)
        choices.addWidget(to_label)
        choices.addWidget(self.to_choice, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.sections)
        splitter.addWidget(self.changes)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)

        self.from_choice.currentIndexChanged.connect(self.compare)
        self.to_choice.currentIndexChanged.connect(self.compare)
        self.compare()

    def _change_words(self, diff: SectionDiff) -> str:
        return {
            "added": self.tr("Added"),
            "removed": self.tr("Removed"),
            "changed": self.tr("Changed"),
            "same": self.tr("No change"),
        }.get(diff.change, diff.change)

    def compare(self) -> None:
        """Show the differences between the two chosen versions."""
        diffs = self.commander.read(
            diff_versions,
            from_version_id=self.from_choice.currentData(),
            to_version_id=self.to_choice.currentData(),
        )
        self.model.set_rows(diffs)
        self._write_changes(diffs)
        first_changed = next((n for n, diff in enumerate(diffs) if diff.change != "same"), None)
        if first_changed is not None:
            self.sections.selectRow(first_changed)

    def _write_changes(self, diffs: Sequence[SectionDiff]) -> None:
        self.changes.clear()
        self._positions.clear()
        cursor = QTextCursor(self.changes.document())
        plain = QTextCharFormat()
        if all(diff.change == "same" for diff in diffs):
            cursor.insertText(self.tr("Nothing is different: every section has the same text."), plain)
            return
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        first = True
        for diff in diffs:
            if diff.change == "same":
                continue
            if not first:
                cursor.insertBlock()
                cursor.insertBlock()
            first = False
            self._positions[diff.key] = cursor.position()
            cursor.insertText(f"{diff.heading} — {self._change_words(diff).lower()}", heading)
            for line in diff.unified_diff_lines:
                # The "---"/"+++" lines repeat the version names already chosen above; leave them out.
                if line.startswith(("---", "+++")):
                    continue
                cursor.insertBlock()
                cursor.insertText(*self._line_and_format(line))
        self.changes.moveCursor(QTextCursor.MoveOperation.Start)

    def _line_and_format(self, line: str) -> tuple[str, QTextCharFormat]:
        shown = QTextCharFormat()
        if line.startswith("@@"):
            # Hunk positions mean nothing to the group; a quiet gap marks the jump instead.
            shown.setForeground(_QUIET)
            return "…", shown
        if line.startswith("+"):
            shown.setForeground(_ADDED[0])
            shown.setBackground(_ADDED[1])
        elif line.startswith("-"):
            shown.setForeground(_REMOVED[0])
            shown.setBackground(_REMOVED[1])
        return line, shown

    def _section_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        position = self._positions.get(self.model.row_at(current).key)
        if position is None:
            return
        cursor = self.changes.textCursor()
        # Scroll so the section's heading is at the top, then leave the cursor on it.
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.changes.setTextCursor(cursor)
        cursor.setPosition(position)
        self.changes.setTextCursor(cursor)
        self.changes.ensureCursorVisible()
