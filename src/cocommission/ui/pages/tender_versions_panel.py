"""Saved versions of the tender: saving one, comparing two, and going back to one.

Versions let the group try a rewrite without fear: save first, change
things, compare, and restore if the old text was better.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cocommission.services.tender import VersionRow, restore_version, save_version
from cocommission.ui.commands import Commander
from cocommission.ui.table_model import Column, RowTableModel
from cocommission.ui.table_view import make_table_view
from cocommission.ui.version_diff_dialog import VersionDiffDialog


def saved_at_text(saved_at: datetime) -> str:
    """When a version was saved, in the laptop's own time zone."""
    return saved_at.astimezone().strftime("%d %b %Y, %H:%M")


class TenderVersionsPanel(QWidget):
    """The saved versions, newest first, with buttons to save, compare and restore."""

    def __init__(
        self,
        commander: Commander,
        parent: QWidget | None = None,
        *,
        before_action: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.commander = commander
        self.tender_id: str | None = None
        self.editable = True
        self._before_action = before_action
        self.diff_dialog: VersionDiffDialog | None = None

        self.model = RowTableModel(
            [
                Column(self.tr("No."), lambda row: row.number, alignment=Qt.AlignmentFlag.AlignRight),
                Column(self.tr("Name"), lambda row: row.name),
                Column(
                    self.tr("Saved"),
                    lambda row: saved_at_text(row.saved_at),
                    sort_key=lambda row: row.saved_at,
                ),
            ],
            self,
        )
        self.view = make_table_view(
            self,
            self.model,
            self.tr("Saved versions"),
            stretch_column=1,
            edit_triggers=QAbstractItemView.EditTrigger.NoEditTriggers,
            select_all_name=self.tr("Select every version"),
        )
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_controls())
        self.view.doubleClicked.connect(lambda *_: self.compare())
        view_label = QLabel(self.tr("Versions saved so far, newest first"), self)
        view_label.setBuddy(self.view)

        self.save_button = QPushButton(self.tr("Save versio&n…"), self)
        self.save_button.setToolTip(self.tr("Keep a copy of every section as it is now, under a name"))
        self.compare_button = QPushButton(self.tr("Com&pare…"), self)
        self.compare_button.setToolTip(
            self.tr("See what changed between the chosen version and the current draft")
        )
        self.restore_button = QPushButton(self.tr("Restore t&his version"), self)
        self.restore_button.setToolTip(self.tr("Make the sections what they were in the chosen version"))
        self.save_button.clicked.connect(self.save_version)
        self.compare_button.clicked.connect(self.compare)
        self.restore_button.clicked.connect(self.restore)

        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.compare_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._update_controls()

    def show_versions(self, tender_id: str | None, versions: Sequence[VersionRow], *, editable: bool) -> None:
        """Show the saved versions newest first; ``editable`` False stops restoring."""
        self.tender_id = tender_id
        self.editable = editable
        chosen = self.chosen()
        self.model.set_rows(tuple(reversed(versions)))
        number = self.model.row_number(chosen.id) if chosen is not None else None
        if number is not None:
            self.view.selectRow(number)
        self._update_controls()

    def chosen(self) -> VersionRow | None:
        """The version picked in the list, if any."""
        index = self.view.currentIndex()
        return self.model.row_at(index) if index.isValid() else None

    def _update_controls(self) -> None:
        has_versions = self.model.rowCount() > 0
        chosen = self.chosen() is not None
        self.save_button.setEnabled(self.tender_id is not None)
        self.compare_button.setEnabled(has_versions)
        self.restore_button.setEnabled(self.editable and chosen)
        self.restore_button.setToolTip(
            self.tr("Make the sections what they were in the chosen version")
            if self.editable
            else self.tr("The tender is agreed; reopen it before restoring an older version")
        )

    def save_version(self) -> None:
        """Ask for a name and save every section as it is now."""
        if self.tender_id is None:
            return
        self._before_action()
        name, ok = QInputDialog.getText(
            self,
            self.tr("Save a version"),
            self.tr('Name this version (for example "After workshop 3"):'),
        )
        if not ok:
            return
        saved = self.commander.run(
            save_version, initiator=self, tender_id=self.tender_id, name=name,
            cannot_undo=self.tr("saved versions are kept as the record of how the tender changed"),
        )
        if saved is not None:
            number = self.model.row_number(saved.id)
            if number is not None:
                self.view.selectRow(number)
            self.commander.succeeded.emit(
                self.tr('Saved as version {number}, "{name}".').format(number=saved.number, name=saved.name)
            )

    def compare(self) -> None:
        """Open the comparison of the chosen version (or the newest) with the current draft."""
        rows = self.model.rows()
        if not rows:
            return
        self._before_action()
        chosen = self.chosen() or rows[0]
        oldest_first = tuple(reversed(rows))
        if self.diff_dialog is not None:
            self.diff_dialog.close()
            self.diff_dialog.deleteLater()
        self.diff_dialog = VersionDiffDialog(
            self.commander, oldest_first, from_version_id=chosen.id, to_version_id=None, parent=self
        )
        # Window-modal but not blocking: the comparison is read and closed, nothing waits on it.
        self.diff_dialog.open()

    def restore(self) -> None:
        """After asking, make the draft's sections what they were in the chosen version."""
        chosen = self.chosen()
        if chosen is None or not self.editable:
            return
        self._before_action()
        answer = QMessageBox.question(
            self,
            self.tr("Restore a version"),
            self.tr(
                'Make every section what it was in version {number}, "{name}"? The text in the draft now '
                "will be replaced. Save it as a version first if you may want it back."
            ).format(number=chosen.number, name=chosen.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if self.commander.run(
            restore_version, initiator=self, version_id=chosen.id,
            cannot_undo=self.tr("a restored version is put back; restore another saved version to go back"),
        ) is not None:
            self.commander.succeeded.emit(
                self.tr("The tender is back to version {number}.").format(number=chosen.number)
            )
