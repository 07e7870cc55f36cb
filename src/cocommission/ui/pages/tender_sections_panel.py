"""Writing the tender's sections: the list of sections, and the chosen one's heading and text.

There is no Save button. What is typed is saved when the facilitator pauses
for a moment or moves elsewhere, each save being one step Ctrl+Z can undo.
A reload never overwrites text that has not been saved yet: the editor is
only replaced when the section itself changed in the database (an undo, a
refresh, a restored version).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from cocommission.model import new_id
from cocommission.services.tender import (
    STANDARD_KEYS,
    SectionRow,
    TenderRow,
    add_section,
    edit_section,
    move_section,
    refresh_section_from_criteria,
    refresh_section_from_outcomes,
    remove_section,
)
from cocommission.ui.commands import Commander, ServiceCall
from cocommission.ui.table_model import Column, RowTableModel

#: How long a pause in typing is before what was typed is saved.
PAUSE_BEFORE_SAVING_MS = 800


class TenderSectionsPanel(QWidget):
    """The tender's sections on the left; the chosen section's heading and text on the right."""

    def __init__(self, commander: Commander, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.commander = commander
        self.tender_id: str | None = None
        self.editable = True
        # The section in the editors as the database last held it; edits are measured against it.
        self._shown: SectionRow | None = None
        # The section to show after the next reload instead of the current one (after a removal).
        self._next_id: str | None = None
        self._filling = False

        self.model = RowTableModel(
            [Column(self.tr("Section"), self._list_text, tooltip=self._list_tooltip)], self
        )
        self.list = QListView(self)
        self.list.setModel(self.model)
        self.list.setAccessibleName(self.tr("Sections of the tender"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(2)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        list_label = QLabel(self.tr("Sect&ions"), self)
        list_label.setBuddy(self.list)

        self.add_button = QPushButton(self.tr("&Add section…"), self)
        self.add_button.setToolTip(self.tr("Add a section of your own at the end of the tender"))
        self.remove_button = QPushButton(self.tr("Re&move section"), self)
        self.up_button = QPushButton(self.tr("Move &up"), self)
        self.down_button = QPushButton(self.tr("Move do&wn"), self)
        self.add_button.clicked.connect(self.add_section)
        self.remove_button.clicked.connect(self.remove_section)
        self.up_button.clicked.connect(lambda: self.move_section(-1))
        self.down_button.clicked.connect(lambda: self.move_section(+1))
        remove_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        remove_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_key.activated.connect(self.remove_section)

        self.heading = QLineEdit(self)
        self.heading.setAccessibleName(self.tr("Section heading"))
        heading_label = QLabel(self.tr("&Heading:"), self)
        heading_label.setBuddy(self.heading)
        self.body = QPlainTextEdit(self)
        self.body.setAccessibleName(self.tr("Section text"))
        # Tab moves on to the next control; a tender needs no tab characters.
        self.body.setTabChangesFocus(True)
        font = self.body.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.25)
        else:
            font.setPixelSize(round(font.pixelSize() * 1.25))
        self.body.setFont(font)
        body_label = QLabel(self.tr("Te&xt:"), self)
        body_label.setBuddy(self.body)
        self.saved_state = QLabel(self)
        self.saved_state.setObjectName("savedState")

        self.refresh_outcomes_button = QPushButton(self.tr("Re&fresh from agreed outcomes"), self)
        self.refresh_outcomes_button.setToolTip(
            self.tr("Replace this section's text with the outcome statements the group has agreed")
        )
        self.refresh_criteria_button = QPushButton(self.tr("Re&fresh from criteria"), self)
        self.refresh_criteria_button.setToolTip(
            self.tr("Replace this section's text with the evaluation criteria, their weights and the scale")
        )
        self.refresh_outcomes_button.clicked.connect(self.refresh_from_outcomes)
        self.refresh_criteria_button.clicked.connect(self.refresh_from_criteria)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_BEFORE_SAVING_MS)
        self._pause.timeout.connect(self.commit_pending)
        self.heading.textEdited.connect(self._typed)
        self.heading.returnPressed.connect(self.commit_pending)
        self.body.textChanged.connect(self._typed)
        self.heading.installEventFilter(self)
        self.body.installEventFilter(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.list, 1)
        moves = QHBoxLayout()
        moves.addWidget(self.up_button)
        moves.addWidget(self.down_button)
        left_layout.addLayout(moves)
        changes = QHBoxLayout()
        changes.addWidget(self.add_button)
        changes.addWidget(self.remove_button)
        left_layout.addLayout(changes)

        right = QWidget(self)
        right_layout = QGridLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(heading_label, 0, 0)
        right_layout.addWidget(self.heading, 0, 1)
        right_layout.addWidget(body_label, 1, 0, Qt.AlignmentFlag.AlignTop)
        right_layout.addWidget(self.body, 1, 1)
        below = QHBoxLayout()
        below.addWidget(self.saved_state, 1)
        below.addWidget(self.refresh_outcomes_button)
        below.addWidget(self.refresh_criteria_button)
        right_layout.addLayout(below, 2, 1)
        right_layout.setRowStretch(1, 1)
        right_layout.setColumnStretch(1, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self._update_controls()

    # --- showing ----------------------------------------------------------

    def _list_text(self, section: SectionRow) -> str:
        if section.body.strip():
            return section.heading
        return self.tr("{heading} (no text yet)").format(heading=section.heading)

    def _list_tooltip(self, section: SectionRow) -> str:
        if section.key in STANDARD_KEYS:
            return self.tr("A standard section of every tender")
        return self.tr("A section you added")

    def show_tender(self, tender: TenderRow | None, *, editable: bool) -> None:
        """Show ``tender``'s sections, keeping the chosen section and any text not yet saved."""
        self.editable = editable and tender is not None
        if tender is None:
            self.tender_id = None
            self._shown = None
            self.model.set_rows(())
            self._fill_editors(None)
            self._update_controls()
            return
        self.tender_id = tender.id
        rows = tender.sections
        self._filling = True
        try:
            if [row.id for row in self.model.rows()] == [row.id for row in rows]:
                # Same sections in the same order: repaint rather than reset, so the selection stays put.
                for row in rows:
                    self.model.update_row(row)
            else:
                self.model.set_rows(rows)
        finally:
            self._filling = False
        keep = self._next_id or (self._shown.id if self._shown is not None else None)
        self._next_id = None
        chosen = next((row for row in rows if row.id == keep), rows[0] if rows else None)
        if chosen is not None:
            self._select(chosen.id)
        self._show(chosen)
        self._update_controls()

    def _select(self, section_id: str) -> None:
        number = self.model.row_number(section_id)
        if number is None:
            return
        index = self.model.index(number, 0)
        if self.list.currentIndex() != index:
            self._filling = True
            try:
                self.list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
            finally:
                self._filling = False

    def _show(self, section: SectionRow | None) -> None:
        if section is None or self._shown is None or section.id != self._shown.id:
            self._pause.stop()
            self._fill_editors(section)
        else:
            # The same section: only what changed in the database replaces the editor.
            if section.heading != self._shown.heading:
                self._set_heading(section.heading)
            if section.body != self._shown.body:
                self._set_body(section.body)
        self._shown = section
        self._show_saved(not self._unsaved())

    def _unsaved(self) -> bool:
        shown = self._shown
        return shown is not None and (
            self.heading.text().strip() != shown.heading or self.body.toPlainText().strip() != shown.body
        )

    def _fill_editors(self, section: SectionRow | None) -> None:
        self._set_heading(section.heading if section else "")
        # The template's advice on what to write shows only while the section is empty: it is never its text.
        self.body.setPlaceholderText(section.guidance if section else "")
        self._filling = True
        try:
            self.body.setPlainText(section.body if section else "")
        finally:
            self._filling = False

    def _set_heading(self, heading: str) -> None:
        self.heading.setText(heading)

    def _set_body(self, body: str) -> None:
        position = self.body.textCursor().position()
        self._filling = True
        try:
            self.body.setPlainText(body)
        finally:
            self._filling = False
        cursor = self.body.textCursor()
        cursor.setPosition(min(position, len(body)))
        self.body.setTextCursor(cursor)

    def _show_saved(self, saved: bool) -> None:
        if self._shown is None:
            self.saved_state.clear()
        elif not self.editable:
            self.saved_state.setText(self.tr("The tender is agreed; reopen it to change this section."))
        elif saved:
            self.saved_state.setText(self.tr("Saved."))
        else:
            self.saved_state.setText(self.tr("Saving when you pause…"))

    def _update_controls(self) -> None:
        shown = self._shown
        editable = self.editable and shown is not None
        self.heading.setReadOnly(not editable)
        self.body.setReadOnly(not editable)
        count = self.model.rowCount()
        number = self.model.row_number(shown.id) if shown is not None else None
        self.add_button.setEnabled(self.editable)
        custom = shown is not None and shown.key not in STANDARD_KEYS
        self.remove_button.setEnabled(editable and custom)
        self.remove_button.setToolTip(
            self.tr("Remove the section you added")
            if custom
            else self.tr("Standard sections are part of every tender and cannot be removed")
        )
        self.up_button.setEnabled(editable and number is not None and number > 0)
        self.down_button.setEnabled(editable and number is not None and number < count - 1)
        key = shown.key if shown is not None else None
        self.refresh_outcomes_button.setVisible(key == "outcomes")
        self.refresh_criteria_button.setVisible(key == "evaluation")
        self.refresh_outcomes_button.setEnabled(editable)
        self.refresh_criteria_button.setEnabled(editable)

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._filling or not current.isValid():
            return
        chosen = self.model.row_at(current)
        # Save what was typed into the section being left; the reload that follows keeps the new choice.
        self._next_id = chosen.id
        try:
            self.commit_pending()
        finally:
            self._next_id = None
        number = self.model.row_number(chosen.id)
        if number is not None:
            self._show(self.model.row_at(self.model.index(number, 0)))
        self._update_controls()

    # --- saving as the facilitator types ------------------------------------

    def _typed(self, *_args) -> None:
        if self._filling or self._shown is None or not self.editable:
            return
        self._show_saved(False)
        self._pause.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut and watched in (self.heading, self.body):
            self.commit_pending()
        return super().eventFilter(watched, event)

    def commit_pending(self) -> None:
        """Save the heading and text typed since the last save, together as one undoable edit."""
        self._pause.stop()
        shown = self._shown
        if shown is None or not self.editable:
            return
        heading = self.heading.text().strip()
        body = self.body.toPlainText().strip()
        new: dict[str, str] = {}
        old: dict[str, str] = {}
        if heading != shown.heading:
            new["heading"], old["heading"] = heading, shown.heading
        if body != shown.body:
            new["body"], old["body"] = body, shown.body
        if not new:
            self._show_saved(True)
            return
        if "heading" in new:
            what = self.tr('Rename section "{heading}"').format(heading=shown.heading)
        else:
            what = self.tr('Edit the text of "{heading}"').format(heading=shown.heading)
        # Note the new text first: the reload this edit causes must find nothing to put in the editors.
        self._shown = replace(shown, **new)
        done = self.commander.edit(
            what,
            do=ServiceCall(edit_section, {"section_id": shown.id, **new}),
            undo=ServiceCall(edit_section, {"section_id": shown.id, **old}),
            initiator=self,
            row=shown.id,
        )
        if done is not None:
            self._show_saved(True)
            return
        # Refused, and nothing was saved: the editors keep the typed text to try again, except a
        # heading the rules refuse (an empty one), which goes back to the heading the section has.
        self._shown = shown
        if "heading" in new:
            self._set_heading(shown.heading)
        self._show_saved(False)

    # --- section actions ------------------------------------------------------

    def _refresh(self, service, what: str) -> None:
        shown = self._shown
        if self.tender_id is None or shown is None:
            return
        self.commit_pending()
        # Undo puts back the text as it was before the refresh, typed changes included.
        self.commander.edit(
            what,
            do=ServiceCall(service, {"tender_id": self.tender_id}),
            undo=ServiceCall(edit_section, {"section_id": shown.id, "body": self._shown.body}),
            initiator=self,
            row=shown.id,
        )

    def refresh_from_outcomes(self) -> None:
        """Rewrite the outcomes section from the outcome statements agreed now (undoable)."""
        self._refresh(refresh_section_from_outcomes, self.tr("Refresh the outcomes from those agreed"))

    def refresh_from_criteria(self) -> None:
        """Rewrite "How bids will be judged" from the criteria and scoring scale (undoable)."""
        self._refresh(refresh_section_from_criteria, self.tr("Refresh how bids are judged from the criteria"))

    def add_section(self) -> None:
        """Ask for a heading and add a section of the facilitator's own at the end."""
        if self.tender_id is None or not self.editable:
            return
        self.commit_pending()
        heading, ok = QInputDialog.getText(
            self, self.tr("Add a section"), self.tr("Heading of the new section:")
        )
        if not ok:
            return
        section_id = new_id()  # chosen here, so Redo adds back this very section
        added = self.commander.edit(
            self.tr("Add section {n}").format(n=len(self.model.rows()) + 1),
            do=ServiceCall(add_section, {"tender_id": self.tender_id, "heading": heading, "section_id": section_id}),
            undo=ServiceCall(remove_section, {"section_id": section_id}),
            initiator=self,
            row=section_id,
        )
        if added is not None:
            self._select(added.id)
            self._show(added)
            self._update_controls()
            self.body.setFocus()

    def remove_section(self) -> None:
        """Remove the chosen section, if it is one the facilitator added, after asking."""
        shown = self._shown
        if shown is None or not self.editable or shown.key in STANDARD_KEYS:
            return
        self.commit_pending()
        answer = QMessageBox.question(
            self,
            self.tr("Remove section"),
            self.tr('Remove the section "{heading}" and its text from the tender?').format(
                heading=shown.heading
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        number = self.model.row_number(shown.id) or 0
        rows = self.model.rows()
        # Show the section that takes its place (or the one before it) once it has gone.
        neighbour = rows[number + 1] if number + 1 < len(rows) else rows[number - 1] if number else None
        self._next_id = neighbour.id if neighbour is not None else None
        self.commander.edit(
            self.tr("Remove section {n}").format(n=number + 1),
            do=ServiceCall(remove_section, {"section_id": shown.id}),
            undo=ServiceCall(add_section, {
                "tender_id": self.tender_id, "heading": shown.heading, "body": shown.body,
                "section_id": shown.id, "key": shown.key, "position": number + 1,
            }),
            initiator=self,
            row=shown.id,
        )
        self._next_id = None

    def move_section(self, step: int) -> None:
        """Move the chosen section one place up (-1) or down (+1)."""
        shown = self._shown
        if shown is None or not self.editable:
            return
        number = self.model.row_number(shown.id)
        if number is None or not 0 <= number + step < self.model.rowCount():
            return
        self.commit_pending()
        self.commander.edit(
            self.tr("Move section {n}").format(n=number + 1),
            do=ServiceCall(move_section, {"section_id": shown.id, "position": number + step + 1}),
            undo=ServiceCall(move_section, {"section_id": shown.id, "position": number + 1}),
            initiator=self,
            row=shown.id,
        )
        self._update_controls()
