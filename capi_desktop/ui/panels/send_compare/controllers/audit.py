"""Audit tab logic: the job to run, the audit off the UI thread with progress and cancel, the
report it produced, a warehouse result imported, and the export."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeAlias

from PySide6.QtCore import QObject, Signal

from capi_desktop import paths
from capi_desktop.backend.audit_engine.choice import is_csv, wants_duckdb
from capi_desktop.domain.cancel import Cancel, Cancelled

if TYPE_CHECKING:  # the engines, the report writer and asyncio load when an audit runs
    from capi_desktop.domain.audit.model import AuditReport
    from capi_desktop.domain.audit.report import ReportFormat
    from capi_desktop.domain.quality.snapshot import QualitySnapshot

log = logging.getLogger(__name__)
EXPORTS: dict[str, ReportFormat] = {
    "HTML report (*.html)": "html",
    "Markdown report (*.md)": "md",
    "CSV rows (*.csv)": "csv",
}
Progress = Callable[[float, str], None]
# Given an audit's datasets, Meta's stored quality snapshots for them (the Quality panel's).
QualityLookup: TypeAlias = "Callable[[set[str]], list[QualitySnapshot]]"

# While the worker thread audits, the UI thread waits this long at most for the GIL each time it
# needs it (Python's default is 5 ms; one repaint can need it several times, which added up to
# 100+ ms stalls on a busy machine).
AUDIT_SWITCH_INTERVAL_S = 0.001
PROGRESS_EVERY_S = 0.05  # ~20 updates/s keeps the loop free


@contextlib.contextmanager
def quick_gil_handover() -> Iterator[None]:
    """Lower the interpreter's thread switch interval for the duration of a worker-thread job."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, AUDIT_SWITCH_INTERVAL_S))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


def progress_text(fraction: float, message: str) -> str:
    return (
        f"{message} — {max(0.0, min(1.0, fraction)) * 100:.0f} %" if message else f"{fraction:.0%}"
    )


def run_audit(
    har: str, server: str, on_progress: Progress, cancel: Cancel, *, pixel_id: str | None
) -> AuditReport:
    """The in-memory engine (backend.audit_runner), imported with the first audit: it loads
    the report writer and the error catalogue, which the Audit tab does not need to paint."""
    from capi_desktop.backend.audit_runner import run_audit as run

    return run(har, server, on_progress, cancel, pixel_id=pixel_id)


def split_paths(text: str) -> list[str]:
    """The paths of a field holding one or several, separated by ';'."""
    return [part.strip() for part in text.split(";") if part.strip()]


@dataclasses.dataclass(frozen=True)
class AuditJob:
    """What one run audits, and with which engine."""

    hars: list[str]
    servers: list[str]
    duckdb: bool
    mapping: dict[str, str]

    def run(self, on_progress: Progress, cancel: Cancel, pixel: str | None) -> AuditReport:
        """Worker thread: the DuckDB engine, its database kept in the app's cache folder."""
        from capi_desktop.backend.audit_engine.runner import EngineOptions, run_engine_audit
        from capi_desktop.backend.audit_engine.store import cached_db_path

        hars = [Path(p) for p in self.hars]
        servers = [Path(p) for p in self.servers]
        db = cached_db_path(paths.cache_dir() / "audits", hars, servers)
        options = EngineOptions(pixel_id=pixel, mapping=self.mapping)
        return run_engine_audit(
            hars, servers, options=options, db_path=db, on_progress=on_progress, cancel=cancel
        )

    def run_in_memory(
        self, on_progress: Progress, cancel: Cancel, pixel: str | None
    ) -> AuditReport:
        """Worker thread: one HAR against one server log, in memory."""
        return run_audit(self.hars[0], self.servers[0], on_progress, cancel, pixel_id=pixel)


@dataclasses.dataclass(frozen=True)
class RunOutcome:
    """How a run ended; `problem` is written for people (never raw exception text)."""

    status: Literal["done", "cancelled", "failed"]
    problem: str = ""
    seconds: float = 0.0


@dataclasses.dataclass(frozen=True)
class ExportOutcome:
    problem: str = ""  # empty: written
    with_quality: bool = False  # Meta's stored quality view went into the report


class AuditController(QObject):
    """Owns the report on screen and the run in progress; the tab renders what it emits."""

    progressed = Signal(float, str)  # fraction 0..1, the progress bar's text (UI thread)
    report_changed = Signal(object)  # AuditReport | None

    def __init__(
        self, quality_for: QualityLookup | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.quality_for = quality_for
        self.report: AuditReport | None = None
        self.mapping: dict[str, str] = {}  # the CSV columns -> CAPI fields last chosen
        self.mapped_for = ""  # the server field text the mapping was chosen for
        self._cancel: threading.Event | None = None

    # ----- inputs -------------------------------------------------------------------------
    def needs_mapping(self, server_text: str) -> bool:
        """A CSV log whose columns were not mapped for exactly these paths (event_name needed)."""
        return any(is_csv(p) for p in split_paths(server_text)) and (
            self.mapped_for != server_text or "event_name" not in self.mapping
        )

    def remember_mapping(self, mapping: dict[str, str], server_text: str) -> None:
        self.mapping = dict(mapping)
        self.mapped_for = server_text

    def job(self, har_text: str, server_text: str) -> AuditJob:
        hars, servers = split_paths(har_text), split_paths(server_text)
        duckdb = wants_duckdb(hars, servers)
        return AuditJob(hars, servers, duckdb, dict(self.mapping) if duckdb else {})

    # ----- running ------------------------------------------------------------------------
    def cancel(self) -> bool:
        """Ask the running audit to stop; False when none runs."""
        if self._cancel is None:
            return False
        self._cancel.set()
        return True

    async def run(self, job: AuditJob, pixel: str | None) -> RunOutcome:
        """Audit in a worker thread; progress arrives as `progressed` on the UI thread."""
        import asyncio

        loop = asyncio.get_running_loop()
        flag = threading.Event()
        self._cancel = flag
        last = [0.0]

        def on_progress(fraction: float, message: str) -> None:
            # Worker thread: never touch Qt objects here, hand the value to the UI loop.
            now = time.monotonic()
            if now - last[0] >= PROGRESS_EVERY_S or fraction >= 1.0:
                last[0] = now
                loop.call_soon_threadsafe(self._progress, flag, fraction, message)

        work = job.run if job.duckdb else job.run_in_memory
        started = time.perf_counter()
        try:
            with quick_gil_handover():
                report = await asyncio.to_thread(work, on_progress, flag, pixel)
        except Cancelled:
            return RunOutcome("cancelled")
        except Exception as exc:  # HarError, ServerLogError, OSError: explain, keep going
            self.set_report(None)
            return RunOutcome("failed", plain_error(exc))
        finally:
            self._cancel = None
        self.set_report(report)
        return RunOutcome("done", seconds=time.perf_counter() - started)

    def _progress(self, flag: threading.Event, fraction: float, message: str) -> None:
        if self._cancel is not flag or flag.is_set():
            return  # a late update from a finished or cancelled run
        self.progressed.emit(max(0.0, min(1.0, fraction)), progress_text(fraction, message))

    # ----- the report ---------------------------------------------------------------------
    def set_report(self, report: AuditReport | None) -> None:
        """None takes the previous result off screen (it would look like this run's)."""
        self.report = report
        self.report_changed.emit(report)

    async def import_result(self, path: Path) -> str:
        """Open a warehouse query's aggregated result; returns a problem ("" when read)."""
        import asyncio

        from capi_desktop.backend.audit_engine.result_file import read_result
        from capi_desktop.domain.audit.warehouse_result import ResultError

        try:
            report = await asyncio.to_thread(read_result, path)
        except (ResultError, OSError) as exc:
            self.set_report(None)
            return f"Could not import {path.name}: {exc}"
        self.set_report(report)
        return ""

    async def _stored_quality(self, report: AuditReport) -> list[QualitySnapshot]:
        """Meta's stored quality view for the audited datasets; [] when none is stored or the
        store cannot be read (the report is still written, without that section)."""
        if self.quality_for is None:
            return []
        import asyncio

        try:
            return await asyncio.to_thread(self.quality_for, report.pixel_ids())
        except Exception:  # a damaged quality store must not block the export
            log.warning("quality snapshots unreadable; report exported without them")
            return []

    async def export(self, path: Path, fmt: ReportFormat) -> ExportOutcome:
        report = self.report
        if report is None:
            return ExportOutcome("Run an audit first.")
        quality = await self._stored_quality(report) if fmt != "csv" else None
        import asyncio

        from capi_desktop.backend.audit_runner import export_report

        try:
            await asyncio.to_thread(export_report, report, path, fmt, quality=quality or None)
        except OSError as exc:
            return ExportOutcome(f"Could not write {path}: {exc}")
        return ExportOutcome(with_quality=bool(quality))


def plain_error(exc: BaseException) -> str:
    """Our readers' errors are written for people; anything else is named, not dumped."""
    from capi_desktop.backend.har_reader import HarError
    from capi_desktop.backend.server_log_reader import ServerLogError

    if isinstance(exc, HarError | ServerLogError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot read {exc.filename or 'the file'}: {exc.strerror or 'input/output error'}"
    log.error("audit failed", exc_info=exc)
    return "an internal error stopped it (details are in the log)"
