"""The audit's progress line: rows/s and an ETA, or MB/s while a whole-file read counts no rows."""

from __future__ import annotations

from capi_desktop.backend.audit_engine.progress import Rate, format_eta


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rows_per_second_and_eta_from_the_fraction_done() -> None:
    clock = Clock()
    rate = Rate(clock)
    clock.now += 10
    assert rate.describe("reading logs", 50_000, 0.25) == (
        "reading logs: 50,000 rows, 5,000 rows/s, ETA 0:30"
    )


def test_bytes_per_second_while_no_row_is_counted_yet() -> None:
    clock = Clock()
    rate = Rate(clock)
    clock.now += 4
    line = rate.describe("reading HARs", 0, 0.5, of_bytes=560_000_000)
    assert line == "reading HARs: 280 of 560 MB, 70.0 MB/s, ETA 0:04"


def test_nothing_to_say_at_the_start_or_without_rows_and_size() -> None:
    clock = Clock()
    rate = Rate(clock)
    assert rate.describe("reading HARs", 10, 0.5) == "reading HARs"  # 0 s elapsed
    clock.now += 3
    assert rate.describe("reading HARs", 0, 0.5) == "reading HARs"
    assert rate.describe("reading HARs", 0, 0.0, of_bytes=1000) == "reading HARs"
    assert rate.describe("done", 10, 1.0) == "done: 10 rows, 3 rows/s"  # no ETA once finished


def test_eta_over_an_hour_shows_hours() -> None:
    assert format_eta(3725) == "1:02:05" and format_eta(59.6) == "1:00"
