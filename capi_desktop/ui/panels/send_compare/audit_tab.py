"""Audit tab: a HAR against a server log in a worker thread, with progress, cancel and export.

The tab renders and forwards input; `controllers.audit.AuditController` owns the run and the report.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.audit.model import AuditReport
from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare import audit_scale
from capi_desktop.ui.panels.send_compare.audit_results import AuditResults
from capi_desktop.ui.panels.send_compare.controllers.audit import (
    EXPORTS,
    AuditController,
    QualityLookup,
    RunOutcome,
)
from capi_desktop.ui.widgets.notice import Notice

PRIVACY_NOTE = (
    "HAR files contain cookies and personal data. The audit reads them in place; reports show "
    "shortened hashes only — no raw values, cookies or tokens. Large audits (several files, "
    "CSV/Parquet, over 64 MB) keep their database — the Pixel parameters including fbp/fbc, and "
    "the server events — in the app's cache folder so the next run opens at once; only the five "
    "most recent are kept."
)
BAR_STEPS = 1000


class AuditTab(QWidget):
    def __init__(
        self,
        dialogs: DialogHost,
        parent: QWidget | None = None,
        *,
        quality_for: QualityLookup | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.controller = AuditController(quality_for, self)
        self.controller.progressed.connect(self._show_progress)
        self.controller.report_changed.connect(self._render_report)

        self.har_path = QLineEdit()
        self.har_path.setPlaceholderText(
            "A HAR saved from the browser's DevTools (Network tab); several: separate with ;"
        )
        self.server_path = QLineEdit()
        self.server_path.setPlaceholderText(
            "Server log: JSONL, JSON, CSV or Parquet (.gz too); several: separate with ;"
        )
        self.scale = audit_scale.ScaleInputs(
            self, dialogs, self.har_path, self.server_path, self.controller
        )
        self.scale.imported.connect(self._show_imported)
        har_button = QPushButton("Browse…")
        har_button.clicked.connect(self.pick_har)
        server_button = QPushButton("Browse…")
        server_button.clicked.connect(self.pick_server)
        har_row = QHBoxLayout()
        har_row.addWidget(self.har_path, 1)
        har_row.addWidget(har_button)
        har_row.addWidget(self.scale.add_har_button)
        server_row = QHBoxLayout()
        server_row.addWidget(self.server_path, 1)
        server_row.addWidget(server_button)
        server_row.addWidget(self.scale.columns_button)
        server_row.addWidget(self.scale.import_button)
        self.pixel_edit = QLineEdit()
        self.pixel_edit.setPlaceholderText(
            "Optional: the pixel of server events whose log does not say which pixel they went to"
        )
        form = QFormLayout()
        form.addRow("HAR file", har_row)
        form.addRow("Server log", server_row)
        form.addRow("Server pixel ID", self.pixel_edit)

        self.run_button = QPushButton("Run audit")
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, BAR_STEPS)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.progress.setFormat("")
        self.export_format = QComboBox()
        self.export_format.addItems(list(EXPORTS))
        self.export_button = QPushButton("Export…")
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self.export)
        actions = QHBoxLayout()
        actions.addWidget(self.run_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.export_format)
        actions.addWidget(self.export_button)

        self.results = AuditResults()
        self.summary = self.results.summary  # the tests and the demo read these directly
        self.table = self.results.table
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        layout.addWidget(Notice(PRIVACY_NOTE))

    @property
    def report(self) -> AuditReport | None:
        return self.controller.report

    # ----- picking ------------------------------------------------------------------------
    @async_slot()
    async def pick_har(self) -> None:
        path = await choose_file(
            self.dialogs, self, "Open a HAR file", "HAR (*.har *.json *.gz);;All files (*)"
        )
        if path:
            self.har_path.setText(path)

    @async_slot()
    async def pick_server(self) -> None:
        path = await choose_file(self.dialogs, self, "Open a server log", audit_scale.SERVER_FILTER)
        if path:
            self.server_path.setText(path)
            await self.scale.map_columns_if_csv()

    # ----- running ------------------------------------------------------------------------
    def cancel(self) -> None:
        if self.controller.cancel():
            self.progress.setFormat("Cancelling…")

    @async_slot()
    async def run(self) -> None:
        har, server = self.har_path.text().strip(), self.server_path.text().strip()
        if not har or not server:
            self.summary.setText("Choose both a HAR file and a server log first.")
            return
        job = await self.scale.job()
        if job is None:
            self.summary.setText(html.escape(self.scale.last_problem))
            return
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat("Starting…")
        self.summary.setText("Auditing… the window stays usable; Cancel stops the audit.")
        try:
            outcome = await self.controller.run(job, self.pixel_edit.text().strip() or None)
        finally:
            self.run_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
        self._show_outcome(outcome)

    def _show_outcome(self, outcome: RunOutcome) -> None:
        if outcome.status == "cancelled":
            self.summary.setText("Audit cancelled. Nothing was kept.")
            self.progress.setFormat("Cancelled")
        elif outcome.status == "failed":
            self.summary.setText(f"The audit failed: {html.escape(outcome.problem)}")
            self.progress.setFormat("Failed")
        else:
            self.progress.setValue(BAR_STEPS)
            self.progress.setFormat(f"Done in {outcome.seconds:.1f} s")

    def _show_imported(self, problem: str) -> None:
        if problem:
            self.summary.setText(html.escape(problem))
            self.progress.setFormat("Import failed")
            return
        self.progress.setValue(BAR_STEPS)
        self.progress.setFormat("Imported a warehouse result")

    def _show_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * BAR_STEPS))
        self.progress.setFormat(text)

    # ----- report -------------------------------------------------------------------------
    def show_report(self, report: AuditReport) -> None:
        self.controller.set_report(report)

    def _render_report(self, report: AuditReport | None) -> None:
        self.export_button.setEnabled(report is not None)
        if report is None:
            self.results.clear_report()
        else:
            self.results.show_report(report)

    @async_slot()
    async def export(self) -> None:
        if self.controller.report is None:
            return
        label = self.export_format.currentText()
        fmt = EXPORTS[label]
        path = await choose_file(
            self.dialogs, self, "Export the audit report", label, save=True,
            default_suffix=fmt, suggested_name=f"capi-audit.{fmt}",
        )  # fmt: skip
        if not path:
            return
        outcome = await self.controller.export(Path(path), fmt)
        if outcome.problem:
            self.summary.setText(html.escape(outcome.problem))
            return
        extra = " (with Meta's quality view)" if outcome.with_quality else ""
        self.progress.setFormat(f"Exported to {Path(path).name}{extra}")
