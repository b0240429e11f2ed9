"""Benchmark: UI event-loop lag while the Audit tab audits a large HAR in a worker thread.

A 10 ms QTimer runs on the qasync loop during the audit; its lateness is the lag a user would
feel (target: max ≤ 100 ms). The HAR and server log come from benchmarks/har_audit.py's generator.
Usage: python benchmarks/audit_ui_lag.py [--entries 100000] [--hits 20000] [--mb 200] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import importlib.util
import itertools
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("CAPI_DESKTOP_HOME", tempfile.mkdtemp(prefix="capi-lag-bench-"))

TICK_MS = 10


def _generator():  # type: ignore[no-untyped-def]
    path = Path(__file__).with_name("har_audit.py")
    spec = importlib.util.spec_from_file_location("har_audit_bench", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def _figures(name: str, lags_ms: list[float]) -> str:
    if not lags_ms:
        return f"{name}: no ticks"
    ordered = sorted(lags_ms)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"{name}: {len(lags_ms)} ticks, lag median {statistics.median(lags_ms):.1f} ms,"
        f" p99 {p99:.1f} ms, max {ordered[-1]:.1f} ms"
    )


class _GcWatch:
    """Records cyclic-GC passes over 10 ms (which thread, generation): they block every thread."""

    def __init__(self) -> None:
        self.started: dict[int, float] = {}
        self.slow: list[tuple[float, str, int, float]] = []  # (at, thread, generation, ms)
        self.origin = time.perf_counter()

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        ident = threading.get_ident()
        now = time.perf_counter()
        if phase == "start":
            self.started[ident] = now
        elif ident in self.started:
            took = (now - self.started.pop(ident)) * 1000
            if took > 10:
                name = "main" if threading.current_thread() is threading.main_thread() else "worker"
                self.slow.append((now - self.origin, name, info["generation"], took))


async def _measure(
    har: Path, server: Path
) -> tuple[list[float], list[float], float, object, list[str]]:
    from PySide6.QtCore import QTimer

    from capi_desktop import paths
    from capi_desktop.ui.async_dialogs import DialogHost
    from capi_desktop.ui.panels.send_compare.audit_tab import AuditTab

    tab = AuditTab(DialogHost())
    tab.resize(1000, 600)
    tab.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def lags() -> list[float]:
        return [max(0.0, (b - a) * 1000 - TICK_MS) for a, b in itertools.pairwise(ticks)]

    timer.start()
    await asyncio.sleep(1.0)  # baseline: the idle loop
    baseline = lags()
    ticks.clear()
    watch = _GcWatch()
    gc.callbacks.append(watch)
    # A second run of the same files would only open the kept database: start each run clean.
    shutil.rmtree(paths.cache_dir() / "audits", ignore_errors=True)
    tab.har_path.setText(str(har))
    tab.server_path.setText(str(server))
    started = time.perf_counter()
    task = tab.run()
    assert task is not None
    await task
    duration = time.perf_counter() - started
    timer.stop()
    gc.callbacks.remove(watch)
    during = lags()
    # Where the worst ticks fell (seconds after Run) tells which phase stalled the loop.
    worst = sorted(
        (
            (lag, b - started)
            for lag, (_a, b) in zip(during, itertools.pairwise(ticks), strict=True)
        ),
        reverse=True,
    )[:3]
    notes = [f"lag {lag:.0f} ms at {at:.2f} s" for lag, at in worst]
    notes += [
        f"GC gen {gen} on the {thread} thread took {ms:.0f} ms at {at - (started - watch.origin):.2f} s"
        for at, thread, gen, ms in watch.slow
    ]
    report = tab.report
    tab.close()
    tab.deleteLater()
    timer.deleteLater()
    await asyncio.sleep(0.05)  # let Qt delete them while the loop still runs
    return baseline, during, duration, report, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--hits", type=int, default=20_000)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5, help="audits in a row (lag varies)")
    args = parser.parse_args()

    import qasync
    from PySide6.QtWidgets import QApplication

    from capi_desktop.backend.audit_engine.choice import wants_duckdb

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setQuitOnLastWindowClosed(False)  # closing the tab must not stop the loop mid-run
    with tempfile.TemporaryDirectory(prefix="capi-lag-bench-") as tmp:
        started = time.perf_counter()
        har, server = _generator()(Path(tmp), args.entries, args.hits, args.mb)
        engine = "DuckDB" if wants_duckdb([har], [server]) else "in-memory"
        print(
            f"generated {har.stat().st_size / 1e6:.0f} MB HAR ({args.entries} entries, "
            f"{args.hits} Pixel hits) in {time.perf_counter() - started:.1f} s"
        )
        results = []
        with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
            for _ in range(max(1, args.runs)):
                results.append(runner.run(_measure(har, server)))
    if any(result[3] is None for result in results):
        print("the audit did not produce a report", file=sys.stderr)
        return 2
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {engine} engine")
    worst: list[float] = []
    for index, (baseline, during, duration, _report, notes) in enumerate(results, 1):
        print(f"run {index}: audit in the Audit tab (worker thread) {duration:.2f} s")
        print("  " + _figures(f"idle loop ({TICK_MS} ms timer)", baseline))
        print("  " + _figures("during the audit", during))
        print("  worst: " + "; ".join(notes))
        worst.append(max(during, default=0.0))
    print(
        f"max UI lag per run: {', '.join(f'{w:.0f}' for w in worst)} ms;"
        f" median {statistics.median(worst):.0f} ms (target ≤ 100 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
