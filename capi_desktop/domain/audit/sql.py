"""The HAR audit's pairing rules as one SQL query (DuckDB locally, BigQuery in the warehouse).

The query reads two tables with one row per event, already typed (see docs/warehouse-audit.md):

    browser(b, pixel_id, event_name, event_id, event_time, fbp, external_id)
    server(s, pixel_id, event_name, event_id, event_id_is_number, event_time_raw,
           action_source, fbp, external_id)

`b` / `s` give the order events were read in (file order; the first free partner wins, like
the in-memory engine). Stages follow capi.md §5.6 and domain/audit/har_audit.py: the same event_name +
event_id (same pixel, or a side that does not say); the same key written differently (case,
spaces: paired so the report can say why Meta counts both); optionally Meta's fbp/external_id
+ event_name fallback; the rest is browser-only or server-only.

`key_verdict` applies the rules on the dedup keys (pixel, name, ID, 48-hour window, 5-minute
browser preference, action_source) as domain/dedup/keys.py words them. It is the warehouse's
verdict (which says it judges the keys only) and `--fields sample`'s; a local audit by
default gives every pair domain/dedup.compare's verdict, so only the pairing must agree with
the in-memory engine.
"""

from __future__ import annotations

import re

from capi_desktop.domain.audit.field_sql import clean_pair_sql
from capi_desktop.domain.audit.sql_stages import MS_THRESHOLD, Dialect, seconds_sql, stage_ctes
from capi_desktop.domain.dedup.model import BROWSER_FAVOURED_S, DEDUP_WINDOW_S

# Meta's fbp/external_id + event_name fallback (capi.md §5.6 rule 2), as domain/audit/har_audit.py pairs
# (through dedup_pairing): kept in step with the in-memory engine so both give the same counts;
# tests/unit/backend/test_audit_engine_agree.py fails when they differ.
FALLBACK_JOIN = True
KEY_VERDICT_REASONS: dict[str, str] = {
    "pixel": "Different pixels: Meta only deduplicates events sent to the same pixel.",
    "pixel_missing": "A side does not say which pixel it went to: no verdict (unknown).",
    "name_missing": "One side has no event name, so nothing can be deduplicated.",
    "name": "Event names must match exactly: Meta counts both events.",
    "id_missing": "No event ID on one side: Meta cannot match the pair by ID.",
    "id_number": "Same digits, but the server sends event_id as a number; send a string.",
    "id": "Event IDs must be string-equal: Meta counts both events.",
    "time_missing": "The server event has no usable event_time (required by Meta).",
    "window": "The events are more than 48 hours apart: both are counted.",
    "ms": "Server event_time looks like milliseconds; Meta wants seconds.",
    "gap": "More than 5 minutes apart: the first received copy wins, not the browser's.",
    "action_source": "Not a website event: only website events are deduplicated against the Pixel.",
    "fallback": "Paired by fbp/external_id + event_name only: works when the browser event"
    " arrives first.",
    "": "",
}

_TABLE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-`]*$")


def check_table_name(name: str) -> str:
    """A table name as given (`project.dataset.table`); raises ValueError for anything else."""
    if not _TABLE_NAME.match(name) or "``" in name:
        raise ValueError(f"not a table name: {name!r} (letters, digits, _ . - only)")
    return name


def _quote(name: str, dialect: Dialect) -> str:
    if dialect == "bigquery":
        return "`" + name.strip("`") + "`"
    return ".".join('"' + part + '"' for part in name.split("."))


_SEVERITY = {"deduplicated": 0, "at_risk": 1, "unknown": 2, "double_counted": 3}


def _key_rows() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """compare's key rows in its order: (row, [(condition, verdict, reason code), ...])."""
    gap = f"ABS({seconds_sql('y.event_time_raw')} - x.event_time)"
    no_id = "(COALESCE(x.event_id, '') = '' OR COALESCE(y.event_id, '') = '')"
    return [
        ("pixel", [
            ("COALESCE(x.pixel_id, '') = '' OR COALESCE(y.pixel_id, '') = ''", "unknown",
             "pixel_missing"),
            ("x.pixel_id <> y.pixel_id", "double_counted", "pixel"),
        ]),
        ("name", [
            ("x.event_name IS NULL OR y.event_name IS NULL", "double_counted", "name_missing"),
            ("x.event_name <> y.event_name", "double_counted", "name"),
        ]),
        ("id", [
            # Paired by fbp/external_id because an ID is missing: Meta's fallback, which holds
            # only when the browser event arrived first.
            (f"p.stage = 'fallback' AND {no_id} AND x.event_name = y.event_name", "at_risk",
             "fallback"),
            (no_id, "double_counted", "id_missing"),
            ("x.event_id <> y.event_id", "double_counted", "id"),
            ("y.event_id_is_number", "at_risk", "id_number"),
        ]),
        ("time", [
            ("y.event_time_raw IS NULL", "at_risk", "time_missing"),
            ("x.event_time IS NULL", "deduplicated", ""),
            (f"{gap} > {DEDUP_WINDOW_S}", "double_counted", "window"),
            (f"{gap} > {BROWSER_FAVOURED_S}", "at_risk", "gap"),
            (f"y.event_time_raw > {MS_THRESHOLD}", "at_risk", "ms"),
        ]),
        ("source", [
            ("y.action_source IS NOT NULL AND y.action_source <> 'website'", "at_risk",
             "action_source"),
        ]),
    ]  # fmt: skip


def key_verdict_sql() -> str:
    """CASE expressions (verdict, reason code) over a pair `x` (browser) / `y` (server): the
    most severe key row decides, the first such row gives the reason (compare's worst())."""
    severities, codes = [], []
    for _row, cases in _key_rows():
        severity, code = "CASE", "CASE"
        for condition, verdict, reason in cases:
            severity += f" WHEN {condition} THEN {_SEVERITY[verdict]}"
            code += f" WHEN {condition} THEN '{reason}'"
        severities.append(f"{severity} ELSE 0 END")
        codes.append(f"{code} ELSE '' END")
    worst = f"GREATEST({', '.join(severities)})"
    verdict = "CASE " + " ".join(f"WHEN {worst} = {n} THEN '{v}'" for v, n in _SEVERITY.items())
    reason = "CASE " + " ".join(
        f"WHEN {s} = {worst} AND {worst} > 0 THEN {c}"
        for s, c in zip(severities, codes, strict=True)
    )
    return f"{verdict} END AS key_verdict,\n    {reason} ELSE '' END AS key_reason"


def _verdict_sql() -> str:
    # Fields can only add "at risk" (domain/dedup/fields.py, content.py): a worse key verdict
    # stands; a deduplicated one stands only when the field screen is clean. Fallback pairs
    # without an ID (compare's own fallback test decides those) and keys SQL may read
    # differently (y.exact) go to compare.
    return f""",
    CASE WHEN NOT COALESCE(y.exact, false) OR (p.stage = 'fallback'
              AND (COALESCE(x.event_id, '') = '' OR COALESCE(y.event_id, '') = '')) THEN NULL
         WHEN key_verdict <> 'deduplicated' THEN key_verdict
         WHEN {clean_pair_sql()} THEN 'deduplicated' END AS verdict"""


def pairs_sql(
    browser_table: str = "browser",
    server_table: str = "server",
    *,
    dialect: Dialect = "duckdb",
    fallback: bool = FALLBACK_JOIN,
    keys: tuple[str, str] | None = None,
) -> str:
    """(b, s, stage) of every pair; `keys`: tables of sql_stages.key_rows_sql to read instead
    of computing them."""
    return (
        f"{_pairs_with(browser_table, server_table, dialect, fallback, keys)}\nSELECT * FROM pairs"
    )


def _pairs_with(
    browser_table: str,
    server_table: str,
    dialect: Dialect,
    fallback: bool,
    keys: tuple[str, str] | None,
) -> str:
    browser = _quote(check_table_name(browser_table), dialect)
    server = _quote(check_table_name(server_table), dialect)
    ctes, stages = stage_ctes(browser, server, dialect=dialect, fallback=fallback, keys=keys)
    union = "\n  UNION ALL ".join(
        f"SELECT b, s, '{stage}' AS stage FROM {p}" for p, stage in stages
    )
    ctes.append(f"pairs AS (\n  {union}\n)")
    return "WITH " + ",\n".join(ctes)


def verdicts_sql(pairs: str, browser: str, server: str, *, fields: bool = False) -> str:
    """(b, s, stage, key_verdict, key_reason) of each pair of `pairs` (with `fields`, also the
    final `verdict`, NULL where domain/dedup.compare must decide, and the browser's `name`)."""
    return f"""SELECT p.b, p.s, p.stage,
    {key_verdict_sql()}{_verdict_sql() + ", x.event_name AS name" if fields else ""}
FROM {pairs} p JOIN {browser} x ON x.b = p.b JOIN {server} y ON y.s = p.s"""


def pairing_sql(
    browser_table: str = "browser",
    server_table: str = "server",
    *,
    dialect: Dialect = "duckdb",
    fallback: bool = FALLBACK_JOIN,
) -> str:
    """One row per pair or unpaired event: (b, s, stage, key_verdict, key_reason)."""
    browser = _quote(check_table_name(browser_table), dialect)
    server = _quote(check_table_name(server_table), dialect)
    return f"""{_pairs_with(browser_table, server_table, dialect, fallback, None)}
{verdicts_sql("pairs", browser, server)}
UNION ALL
SELECT NULL, s, 'server_only', 'server_only', '' FROM {server} WHERE s NOT IN (SELECT s FROM pairs)
UNION ALL
SELECT b, NULL, 'browser_only', 'browser_only', '' FROM {browser}
  WHERE b NOT IN (SELECT b FROM pairs)"""


def aggregate_sql(
    browser_table: str = "browser",
    server_table: str = "server",
    *,
    dialect: Dialect = "duckdb",
    fallback: bool = FALLBACK_JOIN,
) -> str:
    """Counts per event name and outcome: what a warehouse returns to `--import-result`."""
    browser = _quote(check_table_name(browser_table), dialect)
    server = _quote(check_table_name(server_table), dialect)
    inner = pairing_sql(browser_table, server_table, dialect=dialect, fallback=fallback)
    return f"""-- CAPI Desktop audit pairing (capi.md §5.6); verdicts on the dedup keys only.
-- Save the result as CSV or JSON and open it with: capi-desktop audit --import-result FILE
WITH outcome AS (
{inner}
)
SELECT COALESCE(x.event_name, y.event_name, '(no name)') AS event_name,
       o.key_verdict AS outcome, o.key_reason AS reason, COUNT(*) AS events
FROM outcome o
LEFT JOIN {browser} x ON x.b = o.b
LEFT JOIN {server} y ON y.s = o.s
GROUP BY 1, 2, 3
ORDER BY 1, 2, 3;
"""
