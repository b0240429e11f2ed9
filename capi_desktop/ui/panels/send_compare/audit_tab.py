"""Audit tab: a HAR against a server log in a worker thread, with progress, cancel and export."""

from __future__ import annotations

import asyncio
import html
import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.panels.send_compare.widgets import Note, status_color

log = logging.getLogger(__name__)
EXPORTS = {
    "HTML report (*.html)": "html",
    "Markdown report (*.md)": "md",
    "CSV rows (*.csv)": "csv",
}
PRIVACY_NOTE = (
    "HAR files contain cookies and personal data. The audit reads them in place and keeps "
    "nothing; reports show shortened hashes only — no raw values, cookies or tokens."
)


class CancelFlag:
    """Set from the UI thread, polled by the worker: callable and Event-like."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def __call__(self) -> bool:
        return self._event.is_set()


def audit_api() -> tuple[Callable[..., Any], Callable[..., Any]] | None:
    """(run_audit, render_report) from wherever the audit backend put them, or None."""
    for name in ("capi_desktop.backend.audit", "capi_desktop.backend.har_audit",
                 "capi_desktop.domain.audit", "capi_desktop.domain.dedup"):  # fmt: skip
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        run, render = getattr(module, "run_audit", None), getattr(module, "render_report", None)
        if callable(run) and callable(render):
            return run, render
    return None


def progress_fraction(args: tuple[Any, ...]) -> float | None:
    """Read a 0..1 fraction from whatever the audit reports: a float, (done, total) or an object."""
    if len(args) == 2 and isinstance(args[0], float | int) and isinstance(args[1], str):
        return float(args[0])  # (fraction, stage label)
    if len(args) == 2 and all(isinstance(a, int | float) for a in args):
        done, total = args
        return float(done) / float(total) if total else None
    if len(args) != 1:
        return None
    value = args[0]
    if isinstance(value, float | int) and not isinstance(value, bool):
        return float(value) if value <= 1 else None
    fraction = getattr(value, "fraction", None)
    if isinstance(fraction, float | int):
        return float(fraction)
    for done_name, total_name in (("bytes_read", "bytes_total"), ("done", "total")):
        done, total = getattr(value, done_name, None), getattr(value, total_name, None)
        if isinstance(done, int | float) and isinstance(total, int | float) and total:
            return float(done) / float(total)
    return None


SUMMARY_FIELDS: tuple[tuple[str, str], ...] = (
    ("matched", "Deduplicated"),
    ("at_risk", "At risk"),
    ("double_counted", "Double counted"),
    ("browser_only", "Browser only"),
    ("server_only", "Server only"),
    ("duplicate_ids", "Duplicate ids"),
    ("dedup_rate", "Dedup rate"),
)


class AuditTab(QWidget):
    def __init__(self, dialogs: DialogHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.report: Any = None
        self._cancel: CancelFlag | None = None
        self._task: asyncio.Task[Any] | None = None

        self.har_path = QLineEdit()
        self.har_path.setPlaceholderText("A HAR saved from the browser's DevTools (Network tab)")
        self.server_path = QLineEdit()
        self.server_path.setPlaceholderText("Server log: JSONL, a JSON array, or request bodies")
        har_button = QPushButton("Browse…")
        har_button.clicked.connect(self.pick_har)
        server_button = QPushButton("Browse…")
        server_button.clicked.connect(self.pick_server)
        har_row = QHBoxLayout()
        har_row.addWidget(self.har_path, 1)
        har_row.addWidget(har_button)
        server_row = QHBoxLayout()
        server_row.addWidget(self.server_path, 1)
        server_row.addWidget(server_button)
        form = QFormLayout()
        form.addRow("HAR file", har_row)
        form.addRow("Server log", server_row)

        self.run_button = QPushButton("Run audit")
        self.run_button.clicked.connect(self.run)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
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

        self.summary = QLabel("Open a HAR and a server log, then run the audit.")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 0)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(Note(PRIVACY_NOTE))
        if audit_api() is None:
            self.run_button.setEnabled(False)
            self.summary.setText("The HAR audit is not available in this build.")

    # ----- picking ------------------------------------------------------------------------
    @async_slot()
    async def pick_har(self) -> None:
        path = await choose_file(
            self.dialogs, self, "Open a HAR file", "HAR (*.har *.json);;All files (*)"
        )
        if path:
            self.har_path.setText(path)

    @async_slot()
    async def pick_server(self) -> None:
        path = await choose_file(
            self.dialogs,
            self,
            "Open a server log",
            "Logs (*.jsonl *.json *.ndjson *.txt *.log);;All files (*)",
        )
        if path:
            self.server_path.setText(path)

    # ----- running ------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._task is not None and not self._task.done()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self.progress.setFormat("Cancelling…")

    @async_slot()
    async def run(self) -> None:
        api = audit_api()
        har, server = self.har_path.text().strip(), self.server_path.text().strip()
        if api is None or not har or not server:
            self.summary.setText("Choose both a HAR file and a server log first.")
            return
        run_audit, _render = api
        loop = asyncio.get_running_loop()
        flag = CancelFlag()
        self._cancel = flag
        self._task = asyncio.current_task()
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat("Reading…")
        self.summary.setText("Auditing… the window stays usable; Cancel stops the audit.")
        latest: dict[str, float] = {"t": 0.0}

        def on_progress(*args: Any) -> None:  # runs in the worker thread: no widgets here
            now = time.monotonic()
            if now - latest["t"] < 0.05:  # ~20 updates/s is plenty and keeps the loop free
                return
            latest["t"] = now
            fraction = progress_fraction(args)
            if fraction is not None:
                loop.call_soon_threadsafe(self._show_progress, fraction)

        started = time.perf_counter()
        try:
            report = await asyncio.to_thread(run_audit, har, server, on_progress, flag)
        except Exception as exc:
            cancelled = flag.is_set() or type(exc).__name__ in ("AuditCancelled", "CancelledError")
            self.summary.setText("Audit cancelled." if cancelled else f"The audit failed: {exc}")
            self.progress.setFormat("Cancelled" if cancelled else "Failed")
            return
        finally:
            self.run_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
            self._cancel = None
        if flag.is_set() or report is None or getattr(report, "cancelled", False):
            self.summary.setText("Audit cancelled.")
            self.progress.setFormat("Cancelled")
            return
        self.progress.setValue(1000)
        self.progress.setFormat(f"Done in {time.perf_counter() - started:.1f} s")
        self.show_report(report)

    def _show_progress(self, fraction: float) -> None:
        if self._cancel is None:
            return
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self.progress.setFormat(f"{fraction * 100:.0f} %")

    # ----- report -------------------------------------------------------------------------
    def show_report(self, report: Any) -> None:
        self.report = report
        self.export_button.setEnabled(True)
        data = report.summary_json() if hasattr(report, "summary_json") else {}
        rate = data.get("dedup_rate")
        parts = [
            f"<b>{data.get('browser_hits', 0):,}</b> Pixel hits",
            f"<b>{data.get('server_events', 0):,}</b> server events",
        ]
        parts += [f"{label}: <b>{data.get(key, 0):,}</b>" for key, label in SUMMARY_FIELDS[:-1]]
        parts.append(f"dedup rate <b>{'—' if rate is None else f'{rate:.1%}'}</b>")
        notes = "".join(f"<br><i>{html.escape(str(n))}</i>" for n in data.get("notes", ())[:5])
        self.summary.setText(" · ".join(parts) + notes)
        per_event = list(data.get("per_event", ()))
        headers = ["Event", *(label for _key, label in SUMMARY_FIELDS)]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(per_event))
        for r, stats in enumerate(per_event):
            cells = [str(stats.get("event_name", ""))]
            cells += [_fmt(stats.get(key)) for key, _label in SUMMARY_FIELDS]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                key = SUMMARY_FIELDS[c - 1][0] if c else ""
                if key in ("at_risk", "double_counted", "duplicate_ids") and stats.get(key):
                    item.setForeground(QColor(status_color(key)))
                self.table.setItem(r, c, item)

    @async_slot()
    async def export(self) -> None:
        api = audit_api()
        if self.report is None or api is None:
            return
        label = self.export_format.currentText()
        fmt = EXPORTS[label]
        path = await choose_file(
            self.dialogs, self, "Export the audit report", label, save=True,
            default_suffix=fmt, suggested_name=f"capi-audit.{fmt}",
        )  # fmt: skip
        if not path:
            return
        _run, render = api
        text = await asyncio.to_thread(render, self.report, fmt)
        await asyncio.to_thread(_write_text, path, text)
        self.progress.setFormat(f"Exported to {path}")


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)


def _write_text(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
