"""Count every row of `outcome` and keep the rows a report lists, with compare's reasons.

SQL counts the rows it decided (domain/audit/sql.py: keys plus a conservative field screen);
domain/dedup.compare decides the rest in Python, one page at a time. The report lists the first
problems (up to MAX_PROBLEM_ROWS) and a sample of clean pairs, in the in-memory engine's order,
each with compare's per-field reasons — computed only for those rows.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any, Literal

from capi_desktop.backend.audit_engine.pairing import audit_row, pages
from capi_desktop.backend.audit_engine.server_text import fill_texts
from capi_desktop.domain.audit.model import CATEGORIES, AuditReport, AuditRow, EventStats
from capi_desktop.domain.audit.sql_stages import duplicate_sql
from capi_desktop.domain.audit.warehouse_result import OUTCOME_CATEGORY
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.normalize import NormalizeContext

Connection = Any  # duckdb.DuckDBPyConnection
# auto: SQL decides where it is sure, compare the rest; all: compare every pair in Python.
# "sample" (the old keys-only mode) is read as auto: auto is exact and faster.
FieldCheck = Literal["auto", "all", "sample"]
MAX_PROBLEM_ROWS = 5_000
CLEAN_SAMPLE = 200
VERDICT_CATEGORY = OUTCOME_CATEGORY  # the warehouse result's words are the SQL verdicts
_PAIRED = "o.stage NOT IN ('browser_only', 'server_only')"
_PROBLEM = "(o.verdict <> 'deduplicated' OR o.dup)"


@dataclasses.dataclass
class _Kept:
    """The listed rows by k (the in-memory report's order): first problems, first clean pairs."""

    problems: list[tuple[int, AuditRow]] = dataclasses.field(default_factory=list)
    clean: list[tuple[int, AuditRow]] = dataclasses.field(default_factory=list)

    def offer(self, k: int, row: AuditRow) -> None:
        if row.category == "matched" and not row.duplicate:
            if len(self.clean) < CLEAN_SAMPLE:
                self.clean.append((k, row))
        elif len(self.problems) < MAX_PROBLEM_ROWS:
            self.problems.append((k, row))

    def rows(self) -> list[AuditRow]:
        problems = sorted(self.problems, key=lambda item: item[0])[:MAX_PROBLEM_ROWS]
        clean = sorted(self.clean, key=lambda item: item[0])[:CLEAN_SAMPLE]
        return [row for _k, row in sorted([*problems, *clean], key=lambda item: item[0])]


@dataclasses.dataclass
class Collected:
    """The report plus how its verdicts were reached (for the report's notes)."""

    report: AuditReport
    compared: int  # pairs domain/dedup.compare judged in Python
    pairs: int
    disagreed: int  # listed rows where compare's verdict differs from SQL's (compare's is used)


def collect_report(
    con: Connection,
    *,
    default_pixel: str | None,
    fields: FieldCheck = "auto",
    should_cancel: Callable[[], bool] = lambda: False,
    on_pairs: Callable[[int, int], None] = lambda _done, _total: None,
    context: NormalizeContext | None = None,
) -> Collected:
    """Counts for every row of `outcome`, and the listed rows with compare's reasons."""
    context = context or NormalizeContext()
    python = f"({_PAIRED})" if fields == "all" else "o.verdict IS NULL"
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for name, verdict, count in con.execute(
        "SELECT COALESCE(o.name, '(no name)'), o.verdict, COUNT(*) FROM outcome o"
        f" WHERE NOT {python} GROUP BY 1, 2"
    ).fetchall():
        per[name][VERDICT_CATEGORY[verdict]] += int(count)
    fill_texts(con, _listed(python))
    kept = _Kept()
    total = _count(con, python)
    done = 0
    for batch in pages(con, python):
        if should_cancel():
            raise Cancelled
        for record in batch:
            row = audit_row(record, default_pixel, context)
            per[record[-1]][row.category] += 1
            kept.offer(record[0], row)
        done += len(batch)
        on_pairs(done, total)
    disagreed = 0
    for where, cap in ((_PROBLEM, MAX_PROBLEM_ROWS), (f"NOT {_PROBLEM}", CLEAN_SAMPLE)):
        listed = 0
        for batch in pages(con, f"NOT {python} AND {where}"):
            if should_cancel():
                raise Cancelled
            for record in batch[: cap - listed]:
                row = audit_row(record, default_pixel, context)
                sql_category = VERDICT_CATEGORY[record[1]]
                if row.category != sql_category:  # keep the counts compare's, and say so
                    disagreed += 1
                    per[record[-1]][sql_category] -= 1
                    per[record[-1]][row.category] += 1
                kept.offer(record[0], row)
            listed += min(len(batch), cap - listed)
            if listed >= cap:
                break
    totals, per_event = _stats(per, _duplicates(con))
    report = AuditReport(
        totals=totals,
        per_event=tuple(per_event),
        rows=tuple(kept.rows()),
        browser_hits=_scalar(con, "SELECT COUNT(*) FROM browser"),
        server_events=_scalar(con, "SELECT COUNT(*) FROM server"),
    )
    return Collected(report, total, _count(con, _PAIRED), disagreed)


def _listed(python: str) -> str:
    """The server rows audit_row reads below: those compare judges, and the first listed."""
    first = [
        f"(SELECT s FROM outcome o WHERE NOT {python} AND {where} ORDER BY k LIMIT {cap})"
        for where, cap in ((_PROBLEM, MAX_PROBLEM_ROWS), (f"NOT {_PROBLEM}", CLEAN_SAMPLE))
    ]
    return " UNION ALL ".join([f"SELECT s FROM outcome o WHERE {python}", *first])


def _scalar(con: Connection, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def _count(con: Connection, where: str) -> int:
    return _scalar(con, f"SELECT COUNT(*) FROM outcome o WHERE {where}")


def _duplicates(con: Connection) -> Counter[str]:
    duplicates: Counter[str] = Counter()
    for table in ("browser_keys", "server_keys"):
        for name, count in con.execute(
            f"SELECT COALESCE(event_name, '(no name)'), COUNT(*) FROM {table} d"
            f" WHERE {duplicate_sql('d')} GROUP BY 1"
        ).fetchall():
            duplicates[name] += int(count)
    return duplicates


def _stats(
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
