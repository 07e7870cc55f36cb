"""The form for agreeing a moderated score: the value the panel settled on and why."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QPlainTextEdit, QWidget

from cocommission.ui.form_dialog import FormDialog
from cocommission.ui.number_input import NotANumber, NumberBox, read_number


class ModerateDialog(FormDialog):
    """Asks for the agreed score and the reason (required); ``values`` holds them once accepted."""

    def __init__(
        self,
        *,
        bid_title: str,
        criterion_name: str,
        summary: str,
        max_score: int,
        value: int,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Agree a moderated score"))
        about = QLabel(
            self.tr("<b>{bid}</b> on <b>{criterion}</b><br>{summary}").format(
                bid=_escape(bid_title), criterion=_escape(criterion_name), summary=_escape(summary)
            ),
            self,
        )
        about.setWordWrap(True)
        self.value = NumberBox(self)
        self.value.setAccessibleName(self.tr("Agreed score"))
        self.value.setRange(0, max_score)
        self.value.setSuffix(self.tr(" out of {max}").format(max=max_score))
        self.value.setValue(value)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(self.tr("Why the panel agreed this score, in the panel's words"))
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlainText(reason)
        form = QFormLayout()
        form.addRow(self.tr("Agreed &score:"), self.value)
        form.addRow(self.tr("&Reason:"), self.reason)
        self._lay_out(about, form, ok_text=self.tr("Agree score"), on_ok=self._check_and_accept)
        self.values: dict | None = None

    def _check_and_accept(self) -> None:
        try:
            value = read_number(self.value)
        except NotANumber as refusal:
            self._refuse(str(refusal), self.value)
            return
        reason = self.reason.toPlainText().strip()
        if not reason:
            self._refuse(self.tr("Give the reason the panel agreed this score."), self.reason)
            return
        self.values = {"value": value, "reason": reason}
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
