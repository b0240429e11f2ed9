"""The pairing stages of domain/audit/sql.py as CTEs: the same key, any pixel, written differently,
Meta's fbp/external_id fallback; each stage pairs what the ones before left unpaired.
"""

from __future__ import annotations

from typing import Literal

Dialect = Literal["duckdb", "bigquery"]
# server.event_time above this is read as milliseconds (domain/dedup_keys.server_event_time).
MS_THRESHOLD = 10**11
# The order of an event among those of its (pixel, event_name, event_id): the first stage pairs
# the n-th browser hit of a key with the n-th server event, and any n > 1 is a duplicate ID.
KEY_ORDER = "ROW_NUMBER() OVER (PARTITION BY pixel_id, event_name, event_id ORDER BY {side})"


def key_rows_sql(table: str, side: str) -> str:
    """(side, pixel_id, event_name, event_id, rn) of every event of `table`."""
    return f"SELECT {side}, {_KEYS}, {KEY_ORDER.format(side=side)} AS rn FROM {table}"


def duplicate_sql(alias: str) -> str:
    """True for a key row (key_rows_sql) whose event ID an earlier event of its name has."""
    return (
        f"({alias}.event_name IS NOT NULL AND COALESCE({alias}.event_id, '') <> ''"
        f" AND {alias}.rn > 1)"
    )


def _loose(column: str, dialect: Dialect) -> str:
    # Python's str.strip() drops all whitespace, TRIM() only spaces.
    if dialect == "bigquery":
        return f"LOWER(REGEXP_REPLACE(COALESCE({column}, ''), r'^\\s+|\\s+$', ''))"
    return f"LOWER(TRIM(COALESCE({column}, ''), ' ' || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13)))"


def _stage_exact(name: str, source_b: str, source_s: str, pixel: bool) -> str:
    """Pair the n-th browser hit with the n-th server event of the same key (and pixel)."""
    part = "event_name, event_id, pixel_id" if pixel else "event_name, event_id"
    pixel_b = "AND pixel_id IS NOT NULL" if pixel else ""
    pixel_s = "AND pixel_id IS NOT NULL" if pixel else "AND pixel_id IS NULL"
    on_pixel = "AND x.pixel_id = y.pixel_id" if pixel else ""
    return f"""{name} AS (
  SELECT x.b, y.s FROM
    (SELECT b, event_name, event_id, pixel_id,
            ROW_NUMBER() OVER (PARTITION BY {part} ORDER BY b) AS rn
     FROM {source_b} WHERE event_name IS NOT NULL AND event_id IS NOT NULL
       AND event_id <> '' {pixel_b}) x
  JOIN
    (SELECT s, event_name, event_id, pixel_id,
            ROW_NUMBER() OVER (PARTITION BY {part} ORDER BY s) AS rn
     FROM {source_s} WHERE event_name IS NOT NULL AND event_id IS NOT NULL
       AND event_id <> '' {pixel_s}) y
  ON x.event_name = y.event_name AND x.event_id = y.event_id {on_pixel} AND x.rn = y.rn
)"""


def _free(name: str, table: str, key: str, taken: list[str]) -> str:
    conditions = " AND ".join(f"{key} NOT IN (SELECT {key} FROM {t})" for t in taken)
    return f"{name} AS (SELECT * FROM {table} WHERE {conditions})"


def seconds_sql(column: str) -> str:
    return f"(CASE WHEN {column} > {MS_THRESHOLD} THEN {column} / 1000 ELSE {column} END)"


def _fallback_stage(dialect: Dialect) -> str:
    gap = f"COALESCE(ABS({seconds_sql('y.event_time_raw')} - x.event_time), 0)"
    name = f"{_loose('x.event_name', dialect)} = {_loose('y.event_name', dialect)}"
    # Two equi-joins, not one join ON fbp = ... OR external_id = ...: the OR left only the
    # event name to hash on, quadratic per name (48 s CPU for 100k x 100k unpaired events).
    by_key = "\n  UNION DISTINCT\n  ".join(
        f"SELECT x.b, y.s FROM b3 x JOIN s3 y ON x.{key} = y.{key} AND {name}"
        for key in ("fbp", "external_id")
    )
    return f"""fb_pairs AS (
  {by_key}
),
fb_candidates AS (
  SELECT x.b, y.s, ROW_NUMBER() OVER (PARTITION BY y.s ORDER BY {gap}, x.b) AS pick
  FROM fb_pairs f JOIN b3 x ON x.b = f.b JOIN s3 y ON y.s = f.s
),
p4 AS (
  SELECT b, s FROM (
    SELECT b, s, ROW_NUMBER() OVER (PARTITION BY b ORDER BY s) AS keep
    FROM fb_candidates WHERE pick = 1) t
  WHERE keep = 1
)"""


# Only the keys go through the pairing stages: CTEs read twice are materialised, and with
# every column (page URLs, JSON texts) the 1M + 1M pairing spilled to disk (52 s CPU). The
# fallback's columns are read only for the events still unpaired before it (1M + 1M: the
# stages' CTEs went from ~150 to ~60 bytes a row, spilling 1 GB less).
_KEYS = "pixel_id, event_name, event_id"
_FALLBACK_KEYS = {"b": "event_time, fbp, external_id", "s": "event_time_raw, fbp, external_id"}


def _unpaired(name: str, table: str, key: str, before: str, taken: str) -> str:
    """The events of `before` not in `taken`, with the fallback's columns from `table`."""
    return (
        f"{name} AS (SELECT {key}, event_name, {_FALLBACK_KEYS[key]} FROM {table}"
        f" WHERE {key} IN (SELECT {key} FROM {before}) AND {key} NOT IN (SELECT {key} FROM {taken}))"
    )


def _stage_keyed(name: str, source_b: str, source_s: str) -> str:
    """Pair the n-th browser hit with the n-th server event of the same key and pixel (rn of
    key_rows_sql: within a key with a pixel, name and ID, the order among its events)."""
    return f"""{name} AS (
  SELECT x.b, y.s FROM {source_b} x JOIN {source_s} y
  ON x.event_name = y.event_name AND x.event_id = y.event_id AND x.pixel_id = y.pixel_id
     AND x.rn = y.rn
  WHERE x.event_name IS NOT NULL AND x.event_id IS NOT NULL AND x.event_id <> ''
    AND x.pixel_id IS NOT NULL
)"""


def _stage_loose(dialect: Dialect) -> str:
    return f"""p3 AS (
  SELECT x.b, y.s FROM
    (SELECT b, {_loose("event_name", dialect)} AS n, {_loose("event_id", dialect)} AS i,
            ROW_NUMBER() OVER (PARTITION BY {_loose("event_name", dialect)}, {_loose("event_id", dialect)}
                               ORDER BY b) AS rn
     FROM b2 WHERE COALESCE(event_id, '') <> '') x
  JOIN
    (SELECT s, {_loose("event_name", dialect)} AS n, {_loose("event_id", dialect)} AS i,
            ROW_NUMBER() OVER (PARTITION BY {_loose("event_name", dialect)}, {_loose("event_id", dialect)}
                               ORDER BY s) AS rn
     FROM s2 WHERE COALESCE(event_id, '') <> '') y
  ON x.n = y.n AND x.i = y.i AND x.rn = y.rn
)"""


def stage_ctes(
    browser: str, server: str, *, dialect: Dialect, fallback: bool, keys: tuple[str, str] | None
) -> tuple[list[str], list[tuple[str, str]]]:
    """The stages' CTEs and (CTE, stage name) of each stage's pairs. `keys` names tables of
    key_rows_sql kept beside `browser` and `server`; without them the query computes its own."""
    ctes = []
    if keys is None:
        ctes = [f"bk AS ({key_rows_sql(browser, 'b')})", f"sk AS ({key_rows_sql(server, 's')})"]
        keys = ("bk", "sk")
    key_b, key_s = keys
    ctes += [
        _stage_keyed("p1", key_b, key_s),
        _free("b1", key_b, "b", ["p1"]),
        _free("s1", key_s, "s", ["p1"]),
        _stage_exact("p2", "b1", "s1", pixel=False),
        _free("b2", "b1", "b", ["p2"]),
        _free("s2", "s1", "s", ["p2"]),
        _stage_loose(dialect),
    ]
    stages = [("p1", "event_id"), ("p2", "event_id"), ("p3", "loose_event_id")]
    if fallback:
        ctes += [
            _unpaired("b3", browser, "b", "b2", "p3"),
            _unpaired("s3", server, "s", "s2", "p3"),
            _fallback_stage(dialect),
        ]
        stages.append(("p4", "fallback"))
    return ctes, stages
