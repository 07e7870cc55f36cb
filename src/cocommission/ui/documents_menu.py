"""The Documents menu: every printed document, previewed before it is printed or saved; spreadsheets.

The menu lists export.documents.DOCUMENTS, so a document added there appears here without a
change to this file. The list is read when the menu is first shown, so loading the PDF libraries
does not slow the app's start or the opening of a commission; nor do the progress window, the file
chooser and the saving, which are loaded when first used. Choosing one reads what it needs from the database on the GUI thread (a
refusal, such as "no decision recorded yet", shows in the window's banner), then lays out the PDF
and draws its pages on the background worker, then opens the preview.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from cocommission.services.commissions import get_commission
from cocommission.services.errors import ServiceError
from cocommission.ui.commands import Commander
from cocommission.ui.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from cocommission.export.documents import PrintedDocument, Renderable
    from cocommission.ui.background import BackgroundTask
    from cocommission.ui.pdf_preview_dialog import PdfPages, PdfPreviewDialog

log = logging.getLogger(__name__)

#: A document quicker than this opens without a progress window flashing up first.
PROGRESS_DELAY_MS = 400
SPREADSHEET_STEM = "votes-scores-payments"


class DocumentsMenu(QMenu):
    """One item per printed document, then the spreadsheet exports; usable while a commission is open."""

    def __init__(
        self, settings: Settings, parent: QWidget, *, documents: Sequence[PrintedDocument] | None = None
    ) -> None:
        """``documents`` defaults to every document in export.documents.DOCUMENTS."""
        super().__init__(parent)
        self.setTitle(self.tr("&Documents"))
        self.setToolTipsVisible(True)
        self.settings = settings
        self.commander: Commander | None = None
        self.commission_id: str | None = None
        #: The preview on screen, if any.
        self.preview: PdfPreviewDialog | None = None
        #: Laying out a document, if one is being laid out.
        self.task: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None
        self._documents = documents
        #: The room server's address while room voting is on ("" when off): feedback sheets printed
        #: then carry it, so their QR codes open the questions on a phone.
        self.room_address = ""
        self.document_actions: list[QAction] = []
        self._before_spreadsheets = self.addSeparator()
        self.spreadsheet_action = self.addAction(self.tr("Save votes, scores and payments as &spreadsheet…"))
        self.spreadsheet_action.setStatusTip(
            self.tr("One workbook with vote results, bid scores and payments, by pseudonym, for Excel or LibreOffice.")
        )
        self.spreadsheet_action.setToolTip(self.spreadsheet_action.statusTip())
        self.spreadsheet_action.triggered.connect(self.save_spreadsheet)
        self.csv_action = self.addAction(self.tr("Save votes, scores and payments as &CSV files…"))
        self.csv_action.setStatusTip(self.tr("The same tables as CSV files, one per table, in a new folder."))
        self.csv_action.setToolTip(self.csv_action.statusTip())
        self.csv_action.triggered.connect(self.save_csv_files)
        self.aboutToShow.connect(self.list_documents)
        self._update_enabled()

    def list_documents(self) -> None:
        """Add one item per printed document, once (done as the menu is first shown)."""
        if self.document_actions:
            return
        if self._documents is None:
            from cocommission.export.documents import DOCUMENTS

            self._documents = DOCUMENTS
        for document in self._documents:
            action = QAction(self.tr("{title}…").format(title=document.title), self)
            action.setToolTip(document.purpose)
            action.setStatusTip(document.purpose)
            action.setData(document.kind)
            action.triggered.connect(lambda checked=False, chosen=document: self.show_document(chosen))
            self.insertAction(self._before_spreadsheets, action)
            self.document_actions.append(action)
        self._update_enabled()

    def set_commission(self, commander: Commander | None, commission_id: str | None) -> None:
        """Print from ``commission_id`` through ``commander`` from now on (None: nothing is open)."""
        if commission_id != self.commission_id or commander is not self.commander:
            self._cancel()
        self.commander = commander
        self.commission_id = commission_id
        self._update_enabled()

    def set_room_address(self, url: str) -> None:
        """Room voting turned on at ``url``, or off (""): documents that take the address print it from now on."""
        self.room_address = url

    def _update_enabled(self) -> None:
        ready = self.commander is not None and self.commission_id is not None
        for action in (*self.document_actions, self.spreadsheet_action, self.csv_action):
            action.setEnabled(ready and (self.task is None or action not in self.document_actions))

    def _refuse(self, message: str) -> None:
        assert self.commander is not None
        self.commander.failed.emit(message)

    def _commission_title(self) -> str:
        assert self.commander is not None and self.commission_id is not None
        return self.commander.read(get_commission, commission_id=self.commission_id).title

    # --- printed documents ----------------------------------------------------

    def show_document(self, document: PrintedDocument) -> None:
        """Read ``document`` for the open commission, lay it out on the worker, then preview it."""
        if self.commander is None or self.commission_id is None or self.task is not None:
            return
        # Loaded on first use, so opening the app stays quick.
        from cocommission.ui.background import run_in_background
        from cocommission.ui.pdf_preview_dialog import draw_pages

        try:
            prepared: Renderable = self.commander.read(
                document.prepare_for_room, commission_id=self.commission_id, room_address=self.room_address
            )
            commission_title = self._commission_title()
        except ServiceError as exc:
            self._refuse(exc.message)
            return
        self.task = run_in_background(lambda progress: draw_pages(prepared.render(), progress))
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(lambda pages: self._open_preview(document, commission_title, pages))
        self.task.failed.connect(lambda error: self._failed(document, error))
        self.task.ended.connect(self._ended)
        self._update_enabled()
        from PySide6.QtWidgets import QProgressDialog

        self.progress = QProgressDialog(
            self.tr("Preparing the {document}…").format(document=document.title), self.tr("Cancel"), 0, 0,
            self.parentWidget(),
        )
        self.progress.setWindowTitle(document.title)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.canceled.connect(self._cancel)
        QTimer.singleShot(PROGRESS_DELAY_MS, self, self._show_progress)

    def _show_progress(self) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.show()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(total)
            self.progress.setValue(done)
            self.progress.setLabelText(self.tr("Drawing page {page} of {pages}…").format(page=done + 1, pages=total))

    def _open_preview(self, document: PrintedDocument, commission_title: str, pages: PdfPages) -> None:
        from cocommission.ui.pdf_preview_dialog import PdfPreviewDialog

        if self.preview is not None:
            self.preview.close()
        self.preview = PdfPreviewDialog(
            pages,
            document_title=document.title,
            file_stem=document.file_stem,
            commission_title=commission_title,
            settings=self.settings,
            parent=self.parentWidget(),
        )
        self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview.finished.connect(self._preview_closed)
        # The window says it too, so the message is still there once the preview is closed.
        if self.commander is not None:
            self.preview.saved.connect(self.commander.succeeded.emit)
        self.preview.open()

    def _preview_closed(self) -> None:
        self.preview = None

    def _failed(self, document: PrintedDocument, error: BaseException) -> None:
        if isinstance(error, ServiceError):
            self._refuse(error.message)
            return
        # Only the kind of error: its words may quote a cell, and receipts hold people's names.
        log.error("The %s could not be laid out (%s)", document.kind, type(error).__name__)
        self._refuse(
            self.tr("The {document} could not be made. Nothing was printed or saved; please try again.")
            .format(document=document.title)
        )

    def _ended(self) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        self._update_enabled()

    def _cancel(self) -> None:
        """Stop laying out the document: the preview will not open."""
        if self.task is not None:
            self.task.cancel()

    # --- spreadsheets ---------------------------------------------------------

    def _tables_and_title(self):
        from cocommission.export.spreadsheets import spreadsheet_tables

        assert self.commander is not None
        try:
            return self.commander.read(spreadsheet_tables, commission_id=self.commission_id), self._commission_title()
        except ServiceError as exc:
            self._refuse(exc.message)
            return None

    def save_spreadsheet(self) -> Path | None:
        """Ask where to save the XLSX workbook of votes, scores and payments, and save it there."""
        read = self._tables_and_title()
        if read is None:
            return None
        tables, commission_title = read
        from PySide6.QtWidgets import QFileDialog

        from cocommission.export.files import write_atomically
        from cocommission.ui.save_locations import suggested_path, with_suffix

        chosen, _ = QFileDialog.getSaveFileName(
            self.parentWidget(),
            self.tr("Save votes, scores and payments as a spreadsheet"),
            str(suggested_path(self.settings, SPREADSHEET_STEM, commission_title, ".xlsx")),
            self.tr("Excel workbooks (*.xlsx)"),
        )
        if not chosen:
            return None
        target = with_suffix(chosen, ".xlsx")
        from cocommission.export.spreadsheets import xlsx_bytes

        try:
            write_atomically(target, xlsx_bytes(tables))
        except ServiceError as exc:
            self._refuse(exc.message)
            return None
        self.settings.save_folder = str(target.parent)
        assert self.commander is not None
        self.commander.succeeded.emit(self.tr("Saved the spreadsheet as {path}.").format(path=target))
        return target

    def save_csv_files(self) -> Path | None:
        """Ask for a folder and save one CSV file per table in a new folder inside it."""
        read = self._tables_and_title()
        if read is None:
            return None
        tables, commission_title = read
        from PySide6.QtWidgets import QFileDialog

        from cocommission.ui.save_locations import save_folder, slug

        chosen = QFileDialog.getExistingDirectory(
            self.parentWidget(), self.tr("Choose where to save the CSV files"), str(save_folder(self.settings))
        )
        if not chosen:
            return None
        # A folder of their own, so votes.csv and the rest never overwrite someone's other files.
        target = Path(chosen) / f"{SPREADSHEET_STEM}-{slug(commission_title)}"
        from cocommission.export.spreadsheets import write_csv_folder

        try:
            target.mkdir(exist_ok=True)
            written = write_csv_folder(tables, target)
        except OSError as exc:
            self._refuse(self.tr("Cannot save in {folder}: {reason}. Choose another place to save.")
                         .format(folder=chosen, reason=exc.strerror or exc))
            return None
        except ServiceError as exc:
            self._refuse(exc.message)
            return None
        self.settings.save_folder = chosen
        assert self.commander is not None
        self.commander.succeeded.emit(
            self.tr("Saved {count} CSV files in {folder}.").format(count=len(written), folder=target)
        )
        return target
