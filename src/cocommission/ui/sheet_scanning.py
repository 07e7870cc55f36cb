"""Scanning returned feedback sheets in the app: pick the scanner's files, and their sheets come back.

The pages are read on the worker thread (``export.scanning`` never touches the database);
back on the GUI thread, every sheet read that belongs to this commission is marked returned in
one action, and the pages that could not be read are listed by file and page so they can be
rescanned or typed in by code. Unlike ``cocommission scan``, which records nothing unless every
page reads, the app records what was read and shows the rest: the person is there to see it.
Then the sheets' forms can be opened one after another to key in the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from cocommission.services import feedback
from cocommission.services.errors import InvalidInput
from cocommission.services.feedback import SheetRow
from cocommission.services.text import plural
from cocommission.ui.background import BackgroundTask, run_in_background
from cocommission.ui.commands import Commander
from cocommission.wording import translator

tr = translator("SheetScanning")

if TYPE_CHECKING:
    from cocommission.export.scanning import PageReading

#: What the file dialog offers: what scanners make.
SCAN_FILTER = "Scans (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;All files (*)"


@dataclass(frozen=True)
class ScanOutcome:
    """What a scan brought back: the sheets marked returned, and each page that gave none."""

    sheets: tuple[SheetRow, ...]
    already_returned: int
    problems: tuple[tuple[str, str], ...]


class SheetScanner(QObject):
    """Reads the chosen scans off the GUI thread, records the sheets found, and says what happened."""

    #: The scan finished and its sheets were recorded (possibly none); carries a ScanOutcome.
    finished = Signal(object)

    def __init__(self, commander: Commander, parent_widget: QWidget, commission_id: Callable[[], str | None]) -> None:
        super().__init__(parent_widget)
        self.commander = commander
        self.parent_widget = parent_widget
        self._commission_id = commission_id
        self.task: BackgroundTask | None = None
        self.progress: QProgressDialog | None = None

    def choose_and_scan(self) -> None:
        """Ask for the scanned files, then read them."""
        paths, _ = QFileDialog.getOpenFileNames(
            self.parent_widget, self.tr("Choose the scanned feedback sheets"), "", self.tr(SCAN_FILTER)
        )
        if paths:
            self.scan(paths)

    def scan(self, paths: Sequence[str]) -> None:
        """Read ``paths`` on the worker thread; ``finished`` follows once the sheets are recorded."""
        if self.task is not None:
            return
        self.progress = QProgressDialog(
            self.tr("Reading the scanned sheets…"), self.tr("Cancel"), 0, 0, self.parent_widget
        )
        self.progress.setWindowTitle(self.tr("Scan returned sheets"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.progress.canceled.connect(self._cancel)
        # Imported here, on this thread: reading scans loads pypdfium2 and Pillow, which starting the window does not need.
        from cocommission.export.scanning import scan_files

        self.task = run_in_background(lambda progress: scan_files(list(paths), progress=progress))
        self.task.progressed.connect(self._progressed)
        self.task.succeeded.connect(self._record)
        self.task.failed.connect(self._failed)
        self.task.ended.connect(self._ended)

    def _progressed(self, done: int, total: int) -> None:
        progress = self.progress
        if progress is None:
            return
        # Held in a local: a modal progress dialog handles events inside setValue, where the scan
        # can end and ``_ended`` let go of self.progress before the label is set.
        progress.setMaximum(total)
        progress.setLabelText(self.tr("Reading page {done} of {total}…").format(done=done, total=total))
        progress.setValue(done)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _ended(self) -> None:
        self.task = None
        if self.progress is not None:
            self.progress.reset()
            self.progress.deleteLater()
            self.progress = None

    def _failed(self, error: object) -> None:
        message = error.message if isinstance(error, InvalidInput) else self.tr(
            "The scans could not be read ({problem}). Nothing was recorded."
        ).format(problem=error)
        QMessageBox.warning(self.parent_widget, self.tr("Scan returned sheets"), message)

    def _record(self, readings: tuple[PageReading, ...]) -> None:
        commission_id = self._commission_id()
        if commission_id is None:
            return
        from cocommission.export.scanning import sheets_found

        found = sheets_found(readings)
        unknown = set(
            self.commander.read(
                feedback.unknown_sheet_codes, codes=[reading.code for reading in found], commission_id=commission_id
            )
        )
        problems = [
            (
                reading.where,
                reading.problem
                or self.tr("sheet {code} is not one of this commission's sheets").format(
                    code=feedback.format_sheet_code(reading.code)
                ),
            )
            for reading in readings
            if reading.problem is not None or reading.code in unknown
        ]
        readable = [reading.code for reading in found if reading.code not in unknown]
        received = None
        if readable:
            received = self.commander.run(
                feedback.receive_sheets, initiator=self, codes=readable, commission_id=commission_id
            )
        outcome = ScanOutcome(
            sheets=received.sheets if received is not None else (),
            already_returned=len(received.already_returned) if received is not None else 0,
            problems=tuple(problems),
        )
        self.finished.emit(outcome)


def describe(outcome: ScanOutcome) -> str:
    """The outcome in words, for the message shown after a scan."""
    lines = []
    new = len(outcome.sheets) - outcome.already_returned
    if outcome.sheets:
        lines.append(
            plural(
                len(outcome.sheets),
                tr("{count} sheet read and marked returned ({new} new, {again} already back)."),
                tr("{count} sheets read and marked returned ({new} new, {again} already back)."),
                new=new,
                again=outcome.already_returned,
            )
        )
    else:
        lines.append(tr("No sheet of this commission was found in the scans; nothing was recorded."))
    if outcome.problems:
        lines.append("")
        lines.append(tr("These pages gave no sheet; rescan them, or type their codes:"))
        lines += [f"• {where}: {problem}" for where, problem in outcome.problems]
    return "\n".join(lines)
