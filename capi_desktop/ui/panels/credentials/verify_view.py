"""Where Verify shows progress (indeterminate bar + Cancel) and its result."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from capi_desktop.ui.qt_keys import set_keys
from capi_desktop.ui.theme import SEVERITY_COLORS

if TYPE_CHECKING:
    import datetime as dt

    from capi_desktop.backend.graph_models import CredentialCheck


class VerifyView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # indeterminate: Graph gives no progress to report
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.busy_label = QLabel("Verifying…")
        self.cancel_button = QPushButton("Cancel")
        self.busy = QWidget()
        busy_row = QHBoxLayout(self.busy)
        busy_row.setContentsMargins(0, 0, 0, 0)
        busy_row.addWidget(self.progress)
        busy_row.addWidget(self.busy_label)
        busy_row.addWidget(self.cancel_button)
        busy_row.addStretch(1)
        self.result = QLabel()
        self.result.setObjectName("verify_result")
        self.result.setWordWrap(True)
        set_keys(self.result, "textFormat", "RichText")
        self.result.setOpenExternalLinks(True)
        set_keys(self.result, "textInteractionFlags", "TextBrowserInteraction")
        set_keys(self.result, "alignment", "AlignTop|AlignLeft")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.busy)
        layout.addWidget(self.result)
        self.busy.hide()

    def show_busy(self, text: str = "Verifying…") -> None:
        self.busy_label.setText(text)
        self.busy.show()

    def hide_busy(self) -> None:
        self.busy.hide()

    def is_busy(self) -> bool:
        return not self.busy.isHidden()

    def show_check(
        self, check: CredentialCheck, *, emulator: bool, checked_at: dt.datetime | None = None
    ) -> None:
        # The report (graph models, error catalogue) loads with the first result, not with
        # the panel: time to interactive (benchmarks/time_to_interactive.py).
        from capi_desktop.ui.panels.credentials.verify_report import report_html

        self.hide_busy()
        self.result.setText(report_html(check, emulator=emulator, checked_at=checked_at))

    def show_message(self, level: str, text: str) -> None:
        self.hide_busy()
        color = SEVERITY_COLORS.get(level, "")
        style = f' style="color:{color}"' if color and level != "info" else ""
        self.result.setText(f"<p{style}>{escape(text)}</p>")

    def clear(self) -> None:
        self.hide_busy()
        self.result.clear()

    def text(self) -> str:
        """Plain text of the result (tests and accessibility)."""
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(self.result.text())
        return doc.toPlainText()
