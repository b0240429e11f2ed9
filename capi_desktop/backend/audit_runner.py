"""Run a HAR audit end to end (read, pair, count) with progress and cancellation, off the UI thread."""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from capi_desktop.backend.har_reader import iter_pixel_hits
from capi_desktop.backend.server_log_reader import read_server_events
from capi_desktop.domain.audit.har_audit import AuditReport, audit_events
from capi_desktop.domain.audit.report import ReportFormat, render_report
from capi_desktop.domain.cancel import Cancel, as_check
from capi_desktop.domain.quality.snapshot import QualitySnapshot

Progress = Callable[[float, str], None]  # (fraction 0..1, what is happening)

# Reading the HAR dominates the run time; pairing gets the last tenth of the bar.
_READ_SHARE = 0.9


def run_audit(
    har_path: str | os.PathLike[str],
    server_path: str | os.PathLike[str],
    on_progress: Progress | None = None,
    cancel: Cancel = None,
    *,
    pixel_id: str | None = None,
) -> AuditReport:
    """Audit a HAR against a server log. Raises HarError, ServerLogError, OSError or Cancelled.

    Safe to call from a worker thread: it touches no UI and keeps no cookies or other entries.
    `pixel_id` is assumed for server events whose file does not say which pixel they went to.
    """
    with _small_collections():
        return _run(har_path, server_path, on_progress, cancel, pixel_id)


@contextmanager
def _small_collections() -> Iterator[None]:
    """Keep cyclic GC passes short while the audit builds up many live objects.

    A full collection walks every live container and blocks all threads meanwhile: measured
    at 0.5 s with 20k hits + 20k server events, i.e. a frozen UI. Freezing what already lives
    (here and after each megabyte read) limits every pass to the objects created since. The
    audit's own objects are acyclic, so they are still freed by reference counting.

    Automatic collection is also off meanwhile: reading 20k server events still triggered a
    few-ms pass every ~7k new objects, and a pass holds the GIL however long the OS keeps the
    worker off a CPU (30-140 ms UI stalls on a busy machine). Nothing cyclic is lost: the UI's
    own cyclic garbage of those seconds is collected once collection is back on.
    """
    already_frozen = gc.get_freeze_count() > 0
    was_enabled = gc.isenabled()
    gc.disable()
    gc.freeze()
    try:
        yield
    finally:
        # Someone else froze objects on purpose (app start-up, the panel): leave that as is.
        # Frozen objects are still freed by reference counting, so nothing of ours leaks.
        if not already_frozen:
            gc.unfreeze()
        if was_enabled:
            gc.enable()


def _release(items: list[Any]) -> None:
    """Free a big list in slices: freeing 20k events at once holds the GIL for ~150 ms.

    Between slices the interpreter hands the GIL to a waiting UI thread by itself. No
    time.sleep(0) here: letting go and retaking the GIL resets CPython's hand-over timer, so
    frequent voluntary releases would make the UI thread wait longer, not shorter.
    """
    while items:
        del items[-1000:]


def _run(
    har_path: str | os.PathLike[str],
    server_path: str | os.PathLike[str],
    on_progress: Progress | None,
    cancel: Cancel,
    pixel_id: str | None,
) -> AuditReport:
    should_cancel = as_check(cancel)
    report = on_progress or (lambda _fraction, _message: None)
    report(0.0, "reading server events")
    server_events = read_server_events(server_path, lambda _lines: gc.freeze())
    gc.freeze()

    def on_bytes(done: int, total: int) -> None:
        gc.freeze()
        report(_READ_SHARE * done / max(total, 1), "reading the HAR")

    # The audit needs the decoded fields only: dropping raw_params halves the memory per hit.
    hits = [
        dataclasses.replace(hit, raw_params={})
        for hit in iter_pixel_hits(har_path, on_bytes, should_cancel)
    ]

    def on_pairing(fraction: float, message: str) -> None:
        gc.freeze()
        report(_READ_SHARE + (1 - _READ_SHARE) * fraction, message)

    result = audit_events(
        hits,
        server_events,
        default_pixel_id=pixel_id,
        should_cancel=should_cancel,
        on_progress=on_pairing,
    )
    notes = list(result.notes)
    if pixel_id is None and any(e.pixel_id is None for e in server_events):
        notes.append(
            "Some server events do not say which pixel (dataset) they went to: their pairs"
            " stay 'Unknown' until you give it (--pixel, or Server pixel ID in the app)."
        )
    _release(hits)
    _release(server_events)
    return dataclasses.replace(
        result,
        sources={"har": Path(har_path).name, "server": Path(server_path).name},
        notes=tuple(notes),
    )


def export_report(
    report: AuditReport,
    path: Path,
    fmt: ReportFormat,
    *,
    quality: Sequence[QualitySnapshot] | None = None,
) -> Path:
    """Write the redacted report atomically (a half-written report is never left behind);
    `quality` adds Meta's stored quality view for the audited datasets."""
    text = render_report(report, fmt, quality=quality)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8", newline="")
    temp.replace(path)
    return path
