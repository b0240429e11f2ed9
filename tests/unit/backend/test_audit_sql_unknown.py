"""The warehouse query's key verdict: the most severe key row decides, a missing pixel is unknown."""

from __future__ import annotations

import duckdb

from capi_desktop.domain.audit.sql import aggregate_sql
from capi_desktop.domain.audit.warehouse_result import report_from_counts

_BROWSER = "b BIGINT, pixel_id VARCHAR, event_name VARCHAR, event_id VARCHAR, event_time DOUBLE, fbp VARCHAR, external_id VARCHAR"
_SERVER = (
    "s BIGINT, pixel_id VARCHAR, event_name VARCHAR, event_id VARCHAR, event_id_is_number BOOLEAN,"
    " event_time_raw DOUBLE, action_source VARCHAR, fbp VARCHAR, external_id VARCHAR"
)


def _outcomes(server_rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    con = duckdb.connect()
    con.execute(f"CREATE TABLE browser ({_BROWSER})")
    con.execute(f"CREATE TABLE server ({_SERVER})")
    t = 1_790_000_000
    for i in range(len(server_rows)):
        con.execute(
            "INSERT INTO browser VALUES (?, '1', 'Purchase', ?, ?, NULL, NULL)", [i, f"e{i}", t]
        )
    for i, (pixel, time, source) in enumerate(server_rows):
        con.execute(
            "INSERT INTO server VALUES (?, ?, 'Purchase', ?, false, ?, ?, NULL, NULL)",
            [i, pixel, f"e{i}", time, source],
        )
    return con.execute(aggregate_sql()).fetchall()


def test_missing_pixel_is_unknown_but_a_worse_key_row_still_wins() -> None:
    t = 1_790_000_000
    rows = _outcomes(
        [
            (None, t + 1, "website"),  # no pixel: unknown
            (None, t + 600, "website"),  # no pixel + 10 min: unknown outranks at risk
            (None, t + 50 * 3600, "website"),  # no pixel + 50 h: double counted outranks it
            ("1", t + 1, "email"),  # at risk: not a website event
            ("2", t + 1, "website"),  # other pixel: double counted
        ]
    )
    assert rows == [
        ("Purchase", "at_risk", "action_source", 1),
        ("Purchase", "double_counted", "pixel", 1),
        ("Purchase", "double_counted", "window", 1),
        ("Purchase", "unknown", "pixel_missing", 2),
    ]
    keys = ("event_name", "outcome", "reason", "events")
    report = report_from_counts([dict(zip(keys, r, strict=True)) for r in rows], "result.csv")
    assert report.totals.unknown == 2 and report.totals.double_counted == 2
    assert any("pixel is unknown" in note for note in report.notes)
