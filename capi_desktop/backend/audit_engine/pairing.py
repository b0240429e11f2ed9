"""Run the pairing query on the audit database and turn its outcome into an AuditReport.

SQL pairs and counts the unpaired events; every pair gets domain/dedup.compare's verdict, one
page at a time, so memory stays flat; AuditRows (with every field's reason) are kept only for
the rows a report lists — problems up to a cap and a sample of clean pairs.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any, Literal

from capi_desktop.backend.audit_engine.browser_source import hit_from_json
from capi_desktop.backend.audit_engine.server_source import ITEM_BITS
from capi_desktop.domain.audit.har_audit import _browser_only, _pair_row, _server_only
from capi_desktop.domain.audit.model import (
    CATEGORIES,
    AuditReport,
    AuditRow,
    Category,
    EventStats,
    ServerEvent,
)
from capi_desktop.domain.audit.sql import FALLBACK_JOIN, pairing_sql
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.normalize import NormalizeContext

Connection = Any  # duckdb.DuckDBPyConnection
FieldCheck = Literal["all", "sample"]
MAX_PROBLEM_ROWS = 5_000
CLEAN_SAMPLE = 200
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
    # k orders rows like the in-memory report (server order, then browser-only hits) and is
    # what the report reads page by page; stored sorted so DuckDB skips the other row groups.
    con.execute(
        f"CREATE OR REPLACE TABLE outcome AS SELECT *, COALESCE(s, {_BROWSER_ONLY_K} + b) AS k"
        f" FROM ({pairing_sql(fallback=fallback)}) ORDER BY k"
    )
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


_BROWSER_ONLY_K = 1 << 62
_PAGE = 20_000  # records of a page: a whole-table join of the JSON texts ran out of memory
_ROWS_SQL = """
WITH o AS (SELECT * FROM outcome o WHERE k >= {lo} AND k < {hi} AND {where}),
x AS (SELECT b, event_name, hit FROM browser WHERE b BETWEEN {b_lo} AND {b_hi}),
y AS (SELECT s, event_name, raw, pixel_id, origin FROM server WHERE s >= {s_lo} AND s < {s_hi}),
bd AS (SELECT * FROM browser_dup WHERE b BETWEEN {b_lo} AND {b_hi}),
sd AS (SELECT * FROM server_dup WHERE s >= {s_lo} AND s < {s_hi})
SELECT o.s, o.b, o.key_verdict, COALESCE(bd.dup, false) OR COALESCE(sd.dup, false),
       x.hit, y.raw, y.pixel_id, y.origin,
       COALESCE(CASE WHEN o.b IS NOT NULL THEN x.event_name ELSE y.event_name END, '(no name)')
FROM o
LEFT JOIN x ON x.b = o.b LEFT JOIN y ON y.s = o.s
LEFT JOIN bd ON bd.b = o.b LEFT JOIN sd ON sd.s = o.s
ORDER BY o.k
"""


def _pages(con: Connection, where: str) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `outcome` matching `where`, joined with both sides, one page at a time."""
    server_step = _PAGE << ITEM_BITS
    for start, stop, step in (
        (0, _BROWSER_ONLY_K, server_step),
        (_BROWSER_ONLY_K, (1 << 63) - 1, _PAGE),
    ):
        found = con.execute(
            f"SELECT MIN(k), MAX(k) FROM outcome o WHERE k >= {start} AND k < {stop} AND {where}"
        ).fetchone()
        if found is None or found[0] is None:
            continue
        lo = int(found[0])
        while lo <= int(found[1]):
            hi = lo + step
            bounds = con.execute(
                "SELECT COALESCE(MIN(b), 0), COALESCE(MAX(b), -1) FROM outcome o"
                f" WHERE k >= {lo} AND k < {hi} AND {where}"
            ).fetchone()
            b_lo, b_hi = (0, -1) if bounds is None else (int(bounds[0]), int(bounds[1]))
            s_lo, s_hi = (lo, hi) if start == 0 else (0, 0)
            sql = _ROWS_SQL.format(
                lo=lo, hi=hi, where=where, b_lo=b_lo, b_hi=b_hi, s_lo=s_lo, s_hi=s_hi
            )
            page = con.execute(sql).fetchall()
            if page:
                yield page
            lo = hi


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


def collect_report(
    con: Connection,
    *,
    default_pixel: str | None,
    fields: FieldCheck = "all",
    should_cancel: Callable[[], bool] = lambda: False,
    on_pairs: Callable[[int, int], None] = lambda _done, _total: None,
    context: NormalizeContext | None = None,
) -> tuple[AuditReport, int]:
    """The report from `outcome`; also the number of pairs judged on their keys only.

    With fields="all" every pair gets domain/dedup.compare's verdict, so the counts follow the
    in-memory engine whatever its field rules are; SQL only pairs. With fields="sample" only
    the listed sample is compared and the other pairs count with their SQL key verdict."""
    context = context or NormalizeContext()
    paired = "o.stage NOT IN ('browser_only', 'server_only')"
    # Counted in SQL: unpaired events always; with "sample" every pair too (by its key verdict).
    counted = f"NOT ({paired})" if fields == "all" else "TRUE"
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for name, verdict, count in con.execute(
        "SELECT COALESCE(CASE WHEN o.b IS NOT NULL THEN x.event_name ELSE y.event_name END,"
        " '(no name)'), o.key_verdict, COUNT(*) FROM outcome o LEFT JOIN browser x ON x.b = o.b"
        f" LEFT JOIN server y ON y.s = o.s WHERE {counted} GROUP BY 1, 2"
    ).fetchall():
        per[name][_KEY_CATEGORY[verdict]] += int(count)
    rows = _Rows()
    if fields == "all":
        total = int(con.execute(f"SELECT COUNT(*) FROM outcome o WHERE {paired}").fetchone()[0])
        done = 0
        for batch in _pages(con, paired):
            if should_cancel():
                raise Cancelled
            for record in batch:
                row = _audit_row(record, default_pixel, context)
                per[record[8]][row.category] += 1
                rows.offer((record[0], record[1] or 0), row)
            done += len(batch)
            on_pairs(done, total)
        listed_from = [f"NOT ({paired})"]
    else:
        listed_from = ["o.key_verdict = 'deduplicated'", "o.key_verdict <> 'deduplicated'"]
    compared = 0
    for where in listed_from:
        for batch in _pages(con, where):
            if should_cancel():
                raise Cancelled
            if not any(
                rows.wants(r[2] if r[2] != "deduplicated" else "matched", r[3]) for r in batch
            ):
                break
            for record in batch:
                category = _KEY_CATEGORY[record[2]]
                if not rows.wants(category, record[3]):
                    continue
                row = _audit_row(record, default_pixel, context)
                if fields == "sample" and record[2] not in ("browser_only", "server_only"):
                    compared += 1  # the full comparison replaces its key verdict in the counts
                    per[record[8]][category] -= 1
                    per[record[8]][row.category] += 1
                rows.offer((record[0] or _BROWSER_ONLY_K, record[1] or 0), row)
    unchecked = 0
    if fields == "sample":
        unchecked = int(con.execute(f"SELECT COUNT(*) FROM outcome o WHERE {paired}").fetchone()[0])
        unchecked -= compared
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
