"""Pair in SQL (`outcome`), then read its rows page by page, joined with both sides' events.

`outcome` holds one row per pair or unpaired event: the pairing stage, the key verdict, and
the final `verdict` — NULL where domain/dedup.compare must decide (see domain/audit/sql.py
and field_sql.py). Pages keep memory flat: a whole-table join of the JSON texts ran out of it.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import Any

from capi_desktop.backend.audit_engine.browser_source import hit_from_json, hit_from_url
from capi_desktop.backend.audit_engine.server_sql import ITEM_BITS
from capi_desktop.backend.server_log_reader import ServerLogError
from capi_desktop.domain.audit.har_audit import browser_only_row, pair_row, server_only_row
from capi_desktop.domain.audit.model import AuditRow, ServerEvent
from capi_desktop.domain.audit.sql import FALLBACK_JOIN, pairs_sql, verdicts_sql
from capi_desktop.domain.audit.sql_stages import duplicate_sql, key_rows_sql
from capi_desktop.domain.normalize import NormalizeContext

Connection = Any  # duckdb.DuckDBPyConnection
BROWSER_ONLY_K = 1 << 62
_PAGE = 5_000  # records of a page; its fetchall holds the GIL while DuckDB converts them
_JUDGED_AT_ONCE = 250_000  # pairs
_OUTCOME_COLUMNS = (
    "b BIGINT, s BIGINT, stage VARCHAR, key_verdict VARCHAR, key_reason VARCHAR,"
    " verdict VARCHAR, name VARCHAR, dup BOOLEAN"
)


def build_outcome(con: Connection, *, fallback: bool = FALLBACK_JOIN) -> None:
    """(Re)create `outcome` (with each row's duplicate flag) from `browser` and `server`, and
    `browser_keys` / `server_keys` (each event's place among those of its key: the pairing's
    first stage and the duplicate flags read the same window)."""
    for table, side in (("browser", "b"), ("server", "s")):
        con.execute(f"CREATE OR REPLACE TABLE {table}_keys AS {key_rows_sql(table, side)}")
    keys = ("browser_keys", "server_keys")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE pairs AS"
        f" {pairs_sql(fallback=fallback, keys=keys)} ORDER BY s"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE outcome_rows ({_OUTCOME_COLUMNS})")
    try:
        _judge_pairs(con)
        for table, side, stage in (
            ("server", "s", "server_only"),
            ("browser", "b", "browser_only"),
        ):
            con.execute(
                f"INSERT INTO outcome_rows BY NAME SELECT {side}, '{stage}' AS stage, '{stage}'"
                f" AS key_verdict, '' AS key_reason, '{stage}' AS verdict, event_name AS name,"
                f" {duplicate_sql('d')} AS dup FROM {table}_keys d"
                f" WHERE {side} NOT IN (SELECT {side} FROM pairs)"
            )
        # k orders rows like the in-memory report (server order, then browser-only hits) and
        # is what the report reads page by page; stored sorted so DuckDB skips the other row
        # groups.
        con.execute(
            "CREATE OR REPLACE TABLE outcome AS SELECT *,"
            f" COALESCE(s, {BROWSER_ONLY_K} + b) AS k FROM outcome_rows ORDER BY k"
        )
    finally:
        con.execute("DROP TABLE IF EXISTS pairs")
        con.execute("DROP TABLE IF EXISTS outcome_rows")


def _judge_pairs(con: Connection) -> None:
    """Each pair's verdict, a range of server events at a time: one join of 1M pairs with
    both sides' field columns spilled 1 GB and took 6.8 s CPU, four of 250k took 1.3 s."""
    found = con.execute("SELECT COUNT(*), MIN(s), MAX(s) FROM pairs").fetchone()
    if found is None or not found[0]:
        return
    count, first, last = (int(v) for v in found)
    step = (last - first) // max(1, -(-count // _JUDGED_AT_ONCE)) + 1
    for lo in range(first, last + 1, step):
        in_s = f"s >= {lo} AND s < {lo + step}"
        b_lo, b_hi = con.execute(f"SELECT MIN(b), MAX(b) FROM pairs WHERE {in_s}").fetchone()
        if b_lo is None:
            continue
        in_b = f"b BETWEEN {b_lo} AND {b_hi}"
        judged = verdicts_sql(
            f"(SELECT * FROM pairs WHERE {in_s})",
            f"(SELECT * FROM browser WHERE {in_b})",
            f"(SELECT * FROM server WHERE {in_s})",
            fields=True,
        )
        con.execute(
            f"INSERT INTO outcome_rows BY NAME SELECT o.*, COALESCE({duplicate_sql('bd')}, false)"
            f" OR COALESCE({duplicate_sql('sd')}, false) AS dup FROM ({judged}) o"
            f" LEFT JOIN (SELECT * FROM browser_keys WHERE {in_b}) bd ON bd.b = o.b"
            f" LEFT JOIN (SELECT * FROM server_keys WHERE {in_s}) sd ON sd.s = o.s"
        )


_ROWS_SQL = """
WITH o AS (SELECT * FROM outcome o WHERE k >= {lo} AND k < {hi} AND {where}),
x AS (SELECT b, hit, url, method, body, origin FROM browser WHERE b BETWEEN {b_lo} AND {b_hi}),
y AS (SELECT v.s, COALESCE(v.raw, t.raw) AS raw, v.pixel_id, v.origin
      FROM server v LEFT JOIN server_text t ON t.s = v.s WHERE v.s >= {s_lo} AND v.s < {s_hi})
SELECT o.k, o.verdict, o.dup, x.hit, x.url, x.method, x.body, x.origin, y.raw, y.pixel_id, y.origin,
       COALESCE(o.name, '(no name)')
FROM o LEFT JOIN x ON x.b = o.b LEFT JOIN y ON y.s = o.s
ORDER BY o.k
"""


def pages(con: Connection, where: str) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `outcome` matching `where` (over `o`), in k order, one page at a time;
    a server event's text is `server_text`'s where `server` keeps none (server_text.py)."""
    server_step = _PAGE << ITEM_BITS
    for start, stop, step in (
        (0, BROWSER_ONLY_K, server_step),
        (BROWSER_ONLY_K, (1 << 63) - 1, _PAGE),
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


def audit_row(
    record: tuple[Any, ...], default_pixel: str | None, context: NormalizeContext
) -> AuditRow:
    """The in-memory engine's row (domain/audit/har_audit.py) for one record of `pages`."""
    _k, verdict, duplicate, hit_text, url, method, body, b_origin, raw, pixel, s_origin, _ = record
    if raw is None and verdict != "browser_only":  # server_text read the file again
        raise ServerLogError(
            f"{s_origin}: the server log changed while the audit ran; run it again"
        )
    if verdict == "server_only":
        server = ServerEvent(json.loads(raw), pixel, s_origin)
        return server_only_row(server, duplicate, default_pixel)
    hit = hit_from_json(hit_text) if hit_text else hit_from_url(url, method, body, b_origin)
    if hit is None:  # pragma: no cover - the loader decoded this URL as a Pixel hit
        raise ValueError(f"{b_origin}: no longer reads as a Pixel hit")
    if verdict == "browser_only":
        return browser_only_row(hit, duplicate)
    row = pair_row(hit, ServerEvent(json.loads(raw), pixel, s_origin), default_pixel, context)
    return dataclasses.replace(row, duplicate=True) if duplicate else row
