"""Progress with rows/s and an ETA, and cancellation of a running DuckDB query."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

Progress = Callable[[float, str], None]  # (fraction 0..1, what is happening)


def format_eta(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class Rate:
    """Rows (or bytes) per second and time left for one stage, from its start."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.started = clock()

    def describe(self, what: str, rows: int, fraction: float, *, of_bytes: int = 0) -> str:
        """`of_bytes`: the stage's input size, said as MB/s while no row is counted yet (one
        DuckDB read of a whole HAR counts its rows only when it ends)."""
        elapsed = self.clock() - self.started
        if elapsed <= 0.2:
            return what
        if rows > 0:
            text = f"{what}: {rows:,} rows, {rows / elapsed:,.0f} rows/s"
        elif of_bytes > 0 and fraction > 0:
            read = fraction * of_bytes / 1e6
            text = f"{what}: {read:,.0f} of {of_bytes / 1e6:,.0f} MB, {read / elapsed:,.1f} MB/s"
        else:
            return what
        if 0.02 < fraction < 1:
            text += f", ETA {format_eta(elapsed * (1 - fraction) / fraction)}"
        return text


@contextmanager
def watch_query(
    con: Any,
    should_cancel: Callable[[], bool],
    on_fraction: Callable[[float], None],
    every: float = 0.1,
) -> Iterator[threading.Event]:
    """While a query runs: report DuckDB's own progress, and interrupt it when cancelled.

    Yields an event that is set if the query was interrupted because of a cancel."""
    stop = threading.Event()
    cancelled = threading.Event()

    def loop() -> None:
        while not stop.wait(every):
            if should_cancel():
                cancelled.set()
                con.interrupt()
                return
            try:
                percent = float(con.query_progress())
            except Exception:
                continue
            if percent >= 0:
                on_fraction(min(percent / 100, 1.0))

    thread = threading.Thread(target=loop, name="audit-query-watch", daemon=True)
    thread.start()
    try:
        yield cancelled
    finally:
        stop.set()
        thread.join()
