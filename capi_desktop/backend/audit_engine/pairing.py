"""Run the pairing query on the audit database and turn its outcome into an AuditReport.

Counts come from SQL; Python builds AuditRows (with every field's reason) only for the rows a
report lists — problems up to a cap and a sample of clean pairs — and runs the full field
comparison on the pairs whose dedup keys are clean, one batch at a time, so memory stays flat.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any, Literal

from capi_desktop.backend.audit_engine.browser_source import hit_from_json
from capi_desktop.domain.audit import _browser_only, _pair_row, _server_only
from capi_desktop.domain.audit_model import (
    CATEGORIES,
    AuditReport,
    AuditRow,
    Category,
    EventStats,
    ServerEvent,
)
from capi_desktop.domain.audit_sql import FALLBACK_JOIN, pairing_sql
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.normalize import NormalizeContext

Connection = Any  # duckdb.DuckDBPyConnection
FieldCheck = Literal["all", "sample"]
MAX_PROBLEM_ROWS = 5_000
CLEAN_SAMPLE = 200
_FETCH = 2_000
_KEY_CATEGORY: dict[str, Category] = {
    "deduplicated": "matched",
    "at_risk": "at_risk",
    "double_counted": "double_counted",
    "browser_only": "browser_only",
    "server_only": "server_only",
}


@dataclasses.dataclass
class _Rows:
    """The AuditRows kept for the report, by (server order, browser order) like the in-memory one."""

    kept: list[tuple[tuple[int, int], AuditRow]] = dataclasses.field(default_factory=list)
    problems: int = 0
    clean: int = 0

    def offer(self, order: tuple[int, int], row: AuditRow) -> None:
        if row.category == "matched" and not row.duplicate:
            if self.clean < CLEAN_SAMPLE:
                self.clean += 1
                self.kept.append((order, row))
        elif self.problems < MAX_PROBLEM_ROWS:
            self.problems += 1
            self.kept.append((order, row))

    def wants(self, category: str, duplicate: bool) -> bool:
        if category == "matched" and not duplicate:
            return self.clean < CLEAN_SAMPLE
        return self.problems < MAX_PROBLEM_ROWS


def build_outcome(con: Connection, *, fallback: bool = FALLBACK_JOIN) -> None:
    """(Re)create `outcome` and the duplicate flags from `browser` and `server`."""
    con.execute(f"CREATE OR REPLACE TABLE outcome AS {pairing_sql(fallback=fallback)}")
    con.execute(
        "CREATE OR REPLACE TABLE browser_dup AS SELECT b, (event_name IS NOT NULL AND"
        " COALESCE(event_id, '') <> '' AND ROW_NUMBER() OVER (PARTITION BY pixel_id,"
        " event_name, event_id ORDER BY b) > 1) AS dup FROM browser"
    )
    con.execute(
        "CREATE OR REPLACE TABLE server_dup AS SELECT s, (event_name IS NOT NULL AND"
        " COALESCE(event_id, '') <> '' AND ROW_NUMBER() OVER (PARTITION BY pixel_id,"
        " event_name, event_id ORDER BY s) > 1) AS dup FROM server"
    )


_ROWS_SQL = """
SELECT o.s, o.b, o.key_verdict, COALESCE(bd.dup, false) OR COALESCE(sd.dup, false),
       x.hit, y.raw, y.pixel_id, y.origin,
       COALESCE(CASE WHEN o.b IS NOT NULL THEN x.event_name ELSE y.event_name END, '(no name)')
FROM outcome o
LEFT JOIN browser x ON x.b = o.b LEFT JOIN server y ON y.s = o.s
LEFT JOIN browser_dup bd ON bd.b = o.b LEFT JOIN server_dup sd ON sd.s = o.s
WHERE {where}
ORDER BY o.s IS NULL, o.s, o.b
"""


def _server(raw: str, pixel: str | None, origin: str) -> ServerEvent:
    return ServerEvent(json.loads(raw), pixel, origin)


def _audit_row(
    record: tuple[Any, ...], default_pixel: str | None, context: NormalizeContext
) -> AuditRow:
    _s, _b, verdict, duplicate, hit_text, raw, pixel, origin, _name = record
    if verdict == "server_only":
        return _server_only(_server(raw, pixel, origin), duplicate, default_pixel)
    hit = hit_from_json(hit_text)
    if verdict == "browser_only":
        return _browser_only(hit, duplicate)
    row = _pair_row(hit, _server(raw, pixel, origin), default_pixel, context)
    return dataclasses.replace(row, duplicate=True) if duplicate else row


def _stream(con: Connection, where: str) -> Any:
    return con.execute(_ROWS_SQL.format(where=where))


def collect_report(
    con: Connection,
    *,
    default_pixel: str | None,
    fields: FieldCheck = "all",
    should_cancel: Callable[[], bool] = lambda: False,
    on_pairs: Callable[[int, int], None] = lambda _done, _total: None,
    context: NormalizeContext | None = None,
) -> tuple[AuditReport, int]:
    """The report from `outcome`; also the number of clean-key pairs whose fields went unchecked."""
    context = context or NormalizeContext()
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for name, verdict, count in con.execute(
        "SELECT COALESCE(CASE WHEN o.b IS NOT NULL THEN x.event_name ELSE y.event_name END,"
        " '(no name)'), o.key_verdict, COUNT(*) FROM outcome o LEFT JOIN browser x ON x.b = o.b"
        " LEFT JOIN server y ON y.s = o.s WHERE o.key_verdict <> 'deduplicated' GROUP BY 1, 2"
    ).fetchall():
        per[name][_KEY_CATEGORY[verdict]] += int(count)
    rows = _Rows()
    unchecked = 0
    clean_total = int(
        con.execute("SELECT COUNT(*) FROM outcome WHERE key_verdict = 'deduplicated'").fetchone()[0]
    )
    cursor = _stream(con, "o.key_verdict = 'deduplicated'")
    done = 0
    while batch := cursor.fetchmany(_FETCH):
        if should_cancel():
            raise Cancelled
        for record in batch:
            done += 1
            if fields == "sample" and not rows.wants("matched", bool(record[3])):
                unchecked += 1
                per[record[8]]["matched"] += 1
                continue
            row = _audit_row(record, default_pixel, context)
            per[record[8]][row.category] += 1
            rows.offer((record[0], record[1] or 0), row)
        on_pairs(done, clean_total)
    # Key-level problems and unpaired events: rows built for the first MAX_PROBLEM_ROWS only.
    cursor = _stream(con, "o.key_verdict <> 'deduplicated'")
    while (batch := cursor.fetchmany(_FETCH)) and rows.problems < MAX_PROBLEM_ROWS:
        for record in batch:
            rows.offer(
                (record[0] or 1 << 62, record[1] or 0), _audit_row(record, default_pixel, context)
            )
    duplicates: Counter[str] = Counter()
    for table, side in (("browser", "b"), ("server", "s")):
        for name, count in con.execute(
            f"SELECT COALESCE(t.event_name, '(no name)'), COUNT(*) FROM {table} t JOIN {table}_dup d ON d.{side} = t.{side}"
            " WHERE d.dup GROUP BY 1"
        ).fetchall():
            duplicates[name] += int(count)
    rows.kept.sort(key=lambda item: item[0])
    listed = [row for _order, row in rows.kept]
    totals, per_event = _stats_from_counts(per, duplicates)
    browser_hits = int(con.execute("SELECT COUNT(*) FROM browser").fetchone()[0])
    server_events = int(con.execute("SELECT COUNT(*) FROM server").fetchone()[0])
    report = AuditReport(
        totals=totals,
        per_event=tuple(per_event),
        rows=tuple(listed),
        browser_hits=browser_hits,
        server_events=server_events,
    )
    return report, unchecked


def _stats_from_counts(
    per: dict[str, Counter[str]], duplicates: Counter[str]
) -> tuple[EventStats, list[EventStats]]:
    """Totals and per-event lines, counted like domain/audit's _stats (names sorted)."""

    def build(name: str, counts: Counter[str], dups: int) -> EventStats:
        return EventStats(name, **{c: counts[c] for c in CATEGORIES}, duplicate_ids=dups)

    total: Counter[str] = Counter()
    for counts in per.values():
        total.update(counts)
    per_event = [build(name, per[name], duplicates[name]) for name in sorted(per)]
    return build("all", total, sum(duplicates.values())), per_event
