"""Audit tab: a HAR against a server log in a worker thread, with progress, cancel and export."""

from __future__ import annotations

import asyncio
import contextlib
import html
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
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
    QScrollArea,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.audit_runner import export_report, run_audit
from capi_desktop.domain.audit.model import CATEGORY_LABELS
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare import audit_scale
from capi_desktop.ui.panels.send_compare.rows_model import RowsModel
from capi_desktop.ui.widgets.badge import status_color
from capi_desktop.ui.widgets.notice import Notice

log = logging.getLogger(__name__)
EXPORTS = {
    "HTML report (*.html)": "html",
    "Markdown report (*.md)": "md",
    "CSV rows (*.csv)": "csv",
}
PRIVACY_NOTE = (
    "HAR files contain cookies and personal data. The audit reads them in place; reports show "
    "shortened hashes only — no raw values, cookies or tokens. Large audits (several files, "
    "CSV/Parquet, over 64 MB) keep their database — the Pixel parameters including fbp/fbc, and "
    "the server events — in the app's cache folder so the next run opens at once; only the five "
    "most recent are kept."
)


def progress_text(fraction: float, message: str) -> str:
    return (
        f"{message} — {max(0.0, min(1.0, fraction)) * 100:.0f} %" if message else f"{fraction:.0%}"
    )


# While the worker thread audits, the UI thread waits this long at most for the GIL each time it
# needs it (Python's default is 5 ms; one repaint can need it several times, which added up to
# 100+ ms stalls on a busy machine).
AUDIT_SWITCH_INTERVAL_S = 0.001


@contextlib.contextmanager
def quick_gil_handover() -> Iterator[None]:
    """Lower the interpreter's thread switch interval for the duration of a worker-thread job."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, AUDIT_SWITCH_INTERVAL_S))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


ATTENTION_COLUMNS = ["Outcome", "Event", "event_id", "Pixel", "Why"]
ATTENTION_LIMIT = 20_000  # the export has every row
CATEGORY_TEXT: dict[str, str] = {str(k): v for k, v in CATEGORY_LABELS.items()}
SUMMARY_FIELDS: tuple[tuple[str, str], ...] = (
    ("matched", "Deduplicated"),
    ("at_risk", "At risk"),
    ("unknown", "Unknown"),
    ("double_counted", "Double counted"),
    ("browser_only", "Browser only"),
    ("server_only", "Server only"),
    ("duplicate_ids", "Duplicate ids"),
    ("dedup_rate", "Dedup rate"),
)


# Given an audit's datasets, Meta's stored quality snapshots for them (the Quality panel's).
QualityLookup = Callable[[set[str]], list[Any]]


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
        self._quality_for = quality_for
        self.report: Any = None
        self.exported_path = ""
        self._cancel: threading.Event | None = None
        self._task: asyncio.Task[Any] | None = None

        self.har_path = QLineEdit()
        self.har_path.setPlaceholderText(
            "A HAR saved from the browser's DevTools (Network tab); several: separate with ;"
        )
        self.server_path = QLineEdit()
        self.server_path.setPlaceholderText(
            "Server log: JSONL, JSON, CSV or Parquet (.gz too); several: separate with ;"
        )
        self.scale = audit_scale.ScaleInputs(self, dialogs, self.har_path, self.server_path)
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
        # A model + view: a 20k-row audit renders only the visible rows (no UI stall).
        self.attention_model = RowsModel(ATTENTION_COLUMNS, self)
        self.attention = QTableView()
        self.attention.setModel(self.attention_model)
        self.attention.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.attention.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.attention.verticalHeader().setVisible(False)
        self.attention.verticalHeader().setDefaultSectionSize(24)
        self.attention.setWordWrap(False)
        header = self.attention.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((150, 130, 200, 140)):
            self.attention.setColumnWidth(column, width)
        self.results = QTabWidget()
        self.results.addTab(self.table, "Per event")
        self.results.addTab(self.attention, "Needs attention")
        # The same fix list as the exported report (domain/report_fixes), from the same rows.
        self.fixes = QLabel("Run an audit to see what to fix.")
        self.fixes.setWordWrap(True)
        self.fixes.setTextFormat(Qt.TextFormat.RichText)
        self.fixes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fixes.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.fixes.setContentsMargins(8, 8, 8, 8)
        fixes_scroll = QScrollArea()
        fixes_scroll.setWidgetResizable(True)
        fixes_scroll.setWidget(self.fixes)
        self.results.addTab(fixes_scroll, "What to fix")
        layout.addWidget(self.results, 1)
        layout.addWidget(Notice(PRIVACY_NOTE))

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
            audit_scale.SERVER_FILTER,
        )
        if path:
            self.server_path.setText(path)
            await self.scale.map_columns_if_csv()

    # ----- running ------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._task is not None and not self._task.done()

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
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
        pixel = self.pixel_edit.text().strip() or None
        loop = asyncio.get_running_loop()
        flag = threading.Event()
        self._cancel = flag
        self._task = asyncio.current_task()
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.export_button.setEnabled(False)
        self.progress.setValue(0)
        self.progress.setFormat("Starting…")
        self.summary.setText("Auditing… the window stays usable; Cancel stops the audit.")
        last = [0.0]

        def on_progress(fraction: float, message: str) -> None:
            # Worker thread: never touch widgets here, hand the value to the UI loop.
            now = time.monotonic()
            if now - last[0] >= 0.05 or fraction >= 1.0:  # ~20 updates/s keeps the loop free
                last[0] = now
                loop.call_soon_threadsafe(self._show_progress, flag, fraction, message)

        started = time.perf_counter()
        try:
            with quick_gil_handover():
                if job.duckdb:
                    report = await asyncio.to_thread(job.run, on_progress, flag, pixel)
                else:
                    report = await asyncio.to_thread(
                        run_audit, job.hars[0], job.servers[0], on_progress, flag, pixel_id=pixel
                    )
        except Cancelled:
            self.summary.setText("Audit cancelled. Nothing was kept.")
            self.progress.setFormat("Cancelled")
            return
        except Exception as exc:  # HarError, ServerLogError, OSError: explain, keep going
            self._clear_report()
            self.summary.setText(f"The audit failed: {html.escape(_plain(exc))}")
            self.progress.setFormat("Failed")
            return
        finally:
            self.run_button.setEnabled(True)
            self.cancel_button.setEnabled(False)
            self._cancel = None
        self.progress.setValue(1000)
        self.progress.setFormat(f"Done in {time.perf_counter() - started:.1f} s")
        self.show_report(report)

    def _show_imported(self, report: Any, problem: str) -> None:
        if report is None:
            self.report = None
            self.export_button.setEnabled(False)
            self.table.setRowCount(0)  # no earlier verdict stays on screen
            self.attention_model.set_rows([], [])
            self.summary.setText(html.escape(problem))
            self.progress.setFormat("Import failed")
            return
        self.progress.setValue(1000)
        self.progress.setFormat("Imported a warehouse result")
        self.show_report(report)

    def _show_progress(self, flag: threading.Event, fraction: float, message: str) -> None:
        if self._cancel is not flag or flag.is_set():
            return  # a late update from a finished or cancelled run
        self.progress.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        self.progress.setFormat(progress_text(fraction, message))

    # ----- report -------------------------------------------------------------------------
    def _clear_report(self) -> None:
        """A failed run leaves no earlier result on screen (it would look like this run's)."""
        self.report = None
        self.export_button.setEnabled(False)
        self.table.setRowCount(0)
        self.attention_model.set_rows([], [])
        self.results.setTabText(1, "Needs attention")
        self.fixes.setText("")
        self.results.setTabText(2, "What to fix")

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
        self._fill_attention(report)
        self._fill_fixes(data)

    def _fill_fixes(self, data: dict[str, Any]) -> None:
        fixes = list(data.get("fixes", ()))
        if not fixes:
            self.fixes.setText(html.escape(str(data.get("nothing_to_fix", ""))))
            self.results.setTabText(2, "What to fix")
            return
        items = "".join(
            f"<li><b>{html.escape(f['title'])} ({f['count']:,})</b>: {html.escape(f['fix'])}</li>"
            for f in fixes
        )
        self.fixes.setText(f"<ul>{items}</ul>")
        self.results.setTabText(2, f"What to fix ({len(fixes)})")

    def _fill_attention(self, report: Any) -> None:
        rows = [r for r in getattr(report, "rows", ()) if r.category != "matched" or r.duplicate]
        shown = rows[:ATTENTION_LIMIT]
        cells: list[tuple[str, ...]] = []
        for row in shown:
            outcome = CATEGORY_TEXT.get(row.category, row.category)
            if row.duplicate:
                outcome += " · duplicate id"
            cells.append((outcome, row.event_name or "—", row.event_id or "—",
                          row.pixel_id or "—", row.reason))  # fmt: skip
        self.attention_model.set_rows(cells, [status_color(r.category) for r in shown])
        title = f"Needs attention ({len(rows):,})"
        if len(rows) > ATTENTION_LIMIT:
            title += f" — first {ATTENTION_LIMIT:,}; the export has all"
        self.results.setTabText(1, title)

    async def _stored_quality(self) -> list[Any]:
        """Meta's stored quality view for the audited datasets; [] when none is stored or the
        store cannot be read (the report is still written, without that section)."""
        if self._quality_for is None or self.report is None:
            return []
        try:
            return await asyncio.to_thread(self._quality_for, self.report.pixel_ids())
        except Exception:  # a damaged quality store must not block the export
            log.warning("quality snapshots unreadable; report exported without them")
            return []

    @async_slot()
    async def export(self) -> None:
        if self.report is None:
            return
        label = self.export_format.currentText()
        fmt = EXPORTS[label]
        path = await choose_file(
            self.dialogs, self, "Export the audit report", label, save=True,
            default_suffix=fmt, suggested_name=f"capi-audit.{fmt}",
        )  # fmt: skip
        if not path:
            return
        quality = await self._stored_quality() if fmt != "csv" else None
        try:
            await asyncio.to_thread(
                export_report,
                self.report,
                Path(path),
                fmt,  # type: ignore[arg-type]
                quality=quality or None,
            )
        except OSError as exc:
            self.summary.setText(f"Could not write {html.escape(path)}: {html.escape(str(exc))}")
            return
        extra = " (with Meta's quality view)" if quality else ""
        self.progress.setFormat(f"Exported to {Path(path).name}{extra}")
        self.exported_path = path


def _plain(exc: BaseException) -> str:
    """Our readers' errors are written for people; anything else is named, not dumped."""
    from capi_desktop.backend.har_reader import HarError
    from capi_desktop.backend.server_log_reader import ServerLogError

    if isinstance(exc, HarError | ServerLogError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot read {exc.filename or 'the file'}: {exc.strerror or 'input/output error'}"
    log.error("audit failed", exc_info=exc)
    return "an internal error stopped it (details are in the log)"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else str(value)
