"""Load server events into the audit database: JSON Lines (gzip too) and Parquet read by DuckDB
itself, CSV through a column mapping, other shapes through server_log_reader."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from capi_desktop.backend.audit_engine.server_json import (
    MARKER_BAD,
    marker_where,
    one_pass_sql,
)
from capi_desktop.backend.audit_engine.server_sql import ITEM_BITS, columns_sql, objects_sql
from capi_desktop.backend.audit_engine.server_text import register_source
from capi_desktop.backend.server_log_reader import ServerLogError, read_server_events
from capi_desktop.domain.audit.duckdb_paths import file_sql
from capi_desktop.domain.audit.field_sql import SERVER_FIELD_COLUMNS, parse_once, sql_string

Connection = Any  # duckdb.DuckDBPyConnection (imported only when an audit runs)

SERVER_COLUMNS = (
    "s BIGINT, pixel_id VARCHAR, event_name VARCHAR, event_id VARCHAR, event_id_is_number BOOLEAN,"
    " event_time_raw DOUBLE, action_source VARCHAR, fbp VARCHAR, external_id VARCHAR,"
    " origin VARCHAR, raw VARCHAR, exact BOOLEAN," + SERVER_FIELD_COLUMNS
)
# A CSV/Parquet column holds this CAPI field when its name is the field's (or its last part).
MAPPABLE_FIELDS = (
    "event_name",
    "event_id",
    "event_time",
    "action_source",
    "event_source_url",
    "pixel_id",
    "user_data.fbp",
    "user_data.fbc",
    "user_data.external_id",
    "user_data.em",
    "user_data.ph",
    "user_data.client_ip_address",
    "user_data.client_user_agent",
    "custom_data.value",
    "custom_data.currency",
    "custom_data.content_ids",
    "custom_data.order_id",
)
_CHUNK_CHARS = 16 << 20


def server_kind(path: Path) -> str:
    """jsonl, csv or parquet, by the file name (a .gz suffix is looked through)."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(".parquet") or name.endswith(".pq"):
        return "parquet"
    if name.endswith(".csv") or name.endswith(".tsv"):
        return "csv"
    return "jsonl"


def lines_relation(path: Path) -> str:
    # One VARCHAR per line (a control character no JSON text holds unescaped as delimiter):
    # blank lines stay rows, so row numbers are line numbers. DuckDB's default longest line
    # (2 MiB) is kept on purpose: a bigger max_line_size made it allocate the whole file as one
    # block (386 MiB for 1M events, over the memory limit); longer lines go to the Python reader.
    return (
        f"SELECT ROW_NUMBER() OVER () AS rec, raw FROM read_csv({file_sql(str(path))},"
        " columns={'raw': 'VARCHAR'}, delim=chr(1), quote='', escape='', header=false,"
        " auto_detect=false, compression='auto')"
    )


def guess_mapping(columns: list[str], mapping: Mapping[str, str] | None = None) -> dict[str, str]:
    """CAPI field -> column: the user's choice where that column exists, else a column named
    like the field (`user_data.fbp`, `user_data_fbp` or `fbp`, any case)."""
    mapping = mapping or {}
    by_name = {c.casefold(): c for c in columns}
    result = {}
    for field in MAPPABLE_FIELDS:
        if mapping.get(field) in columns:
            result[field] = mapping[field]
            continue
        for candidate in (field, field.replace(".", "_"), field.rsplit(".", 1)[-1]):
            if candidate.casefold() in by_name:
                result[field] = by_name[candidate.casefold()]
                break
    return result


def _column_map(columns: list[str], mapping: Mapping[str, str]) -> dict[str, str]:
    for field, column in mapping.items():
        if column not in columns:
            raise ServerLogError(
                f"no column {column!r} for {field} (columns: {', '.join(columns)})"
            )
    result = guess_mapping(columns, mapping)
    if "event_name" not in result:
        raise ServerLogError(
            "no event_name column: name it with --column event_name=COLUMN"
            f" (columns: {', '.join(columns)})"
        )
    return result


def _table_relation(con: Connection, path: Path, kind: str, mapping: Mapping[str, str]) -> str:
    """Rows of a CSV or Parquet file as CAPI event JSON text, one per row."""
    source = (
        f"read_parquet({file_sql(str(path))})"
        if kind == "parquet"
        else f"read_csv({file_sql(str(path))}, header=true, all_varchar=true)"
    )
    columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
    fields = _column_map(columns, mapping)
    groups: dict[str, list[str]] = {"": [], "user_data": [], "custom_data": []}
    for field, column in fields.items():
        group, _, key = field.rpartition(".")
        value = f'"{column}"'
        if field == "event_time" and kind == "csv":
            value = f"TRY_CAST({value} AS DOUBLE)"
        groups[group].append(f"{sql_string(key)}, {value}")
    parts = list(groups[""])
    for group in ("user_data", "custom_data"):
        if groups[group]:
            parts.append(f"{sql_string(group)}, json_object({', '.join(groups[group])})")
    return f"SELECT ROW_NUMBER() OVER () AS rec, json_object({', '.join(parts)})::VARCHAR AS raw FROM {source}"


def _first_bad_line(con: Connection, relation: str) -> int | None:
    row = con.execute(
        f"SELECT MIN(rec) FROM ({relation}) WHERE raw IS NOT NULL AND TRIM(raw) <> ''"
        " AND (NOT json_valid(raw) OR json_type(raw::JSON) <> 'OBJECT')"
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def _insert_python(con: Connection, path: Path, offset: int, default_pixel: str | None) -> int:
    """Shapes SQL does not read (a JSON array, pretty-printed bodies): the Python reader."""
    events = read_server_events(path)
    batch = []
    for index, event in enumerate(events, 1):
        raw = json.dumps(event.event)
        batch.append((index, event.pixel_id or default_pixel, raw, event.origin))
    con.execute(
        "CREATE TEMP TABLE IF NOT EXISTS py_events (s BIGINT, pixel_id VARCHAR, raw VARCHAR,"
        " origin VARCHAR)"
    )
    con.execute("DELETE FROM py_events")
    con.executemany("INSERT INTO py_events VALUES (?, ?, ?, ?)", batch)
    relation = "SELECT s AS rec, raw, pixel_id FROM py_events"
    relation_sql = (
        "SELECT rec, json_object('pixel_id', pixel_id, 'body', raw::JSON)::VARCHAR AS raw"
        f" FROM ({relation})"
    )
    _insert_in_chunks(con, relation_sql, default_pixel, offset, path.name, keep_text=True)
    return len(events)


def _insert_in_chunks(
    con: Connection,
    relation: str,
    default_pixel: str | None,
    offset: int,
    origin: str,
    *,
    keep_text: bool = False,
) -> None:
    """Stage the lines, then turn them into events a few megabytes at a time; `raw` keeps
    each event's JSON text only with `keep_text` (lines SQL cannot read again).

    One INSERT over a whole file ran out of memory: unnesting `data` arrays and the JSON
    functions hold ~10 bytes per byte of text outside DuckDB's spillable buffers (20k logged
    requests of 700 bytes needed more than 280 MB)."""
    con.execute(f"CREATE OR REPLACE TABLE server_lines AS SELECT rec, raw FROM ({relation})")
    try:
        found = con.execute(
            "SELECT COUNT(*), COALESCE(SUM(LENGTH(raw)), 0), COALESCE(MAX(rec), 0)"
            " FROM server_lines"
        ).fetchone()
        count, chars, last = (0, 0, 0) if found is None else (int(v) for v in found)
        per_line = max(1, chars // max(count, 1))
        chunk = min(200_000, max(500, _CHUNK_CHARS // per_line))
        for lo in range(1, last + 1, chunk):
            lines = f"SELECT rec, raw FROM server_lines WHERE rec >= {lo} AND rec < {lo + chunk}"
            # Staged first: the columns read `ev` ~30 times, which over the UNNEST ran out of
            # memory at 10k events.
            columns, paths = parse_once(
                columns_sql(
                    "server_objects",
                    default_pixel,
                    offset,
                    origin,
                    text="ev::VARCHAR" if keep_text else "NULL",
                ),
                "ev",
                "v",
            )
            con.execute(
                "CREATE OR REPLACE TEMP TABLE server_objects AS SELECT *, json_extract(ev,"
                f" [{', '.join(sql_string(p) for p in paths)}]) AS v FROM ({objects_sql(lines)})"
            )
            con.execute(f"INSERT INTO server {columns}")
    finally:
        con.execute("DROP TABLE IF EXISTS server_lines")
        con.execute("DROP TABLE IF EXISTS server_objects")


def _one_pass(
    con: Connection, relation: str, default_pixel: str | None, offset: int, origin: str
) -> bool:
    """Read the lines in one pass (server_json), the odd ones with the general reading.
    False, with nothing added, when the file needs the general reading's checks throughout
    (a line that is no JSON object, malformed JSON, a line over DuckDB's longest)."""
    import duckdb

    try:
        con.execute(f"INSERT INTO server {one_pass_sql(relation, default_pixel, offset, origin)}")
    except (duckdb.InvalidInputException, duckdb.ConversionException):
        return False  # the failed INSERT added nothing
    markers = marker_where(offset)
    found = con.execute(f"SELECT DISTINCT raw FROM server WHERE {markers}").fetchall()
    kinds = {row[0] for row in found}
    if MARKER_BAD in kinds:
        con.execute(f"DELETE FROM server WHERE s >= {(offset + 1) << ITEM_BITS}")
        return False
    if kinds:
        slow = (
            f"SELECT rec, raw FROM ({relation}) WHERE rec IN"
            f" (SELECT (s >> {ITEM_BITS}) - {offset} FROM server WHERE {markers})"
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE server_slow AS {slow}")
        con.execute(f"DELETE FROM server WHERE {markers}")
        try:
            _insert_in_chunks(con, "SELECT * FROM server_slow", default_pixel, offset, origin)
        finally:
            con.execute("DROP TABLE IF EXISTS server_slow")
    return True


def load_server_file(
    con: Connection,
    path: Path,
    *,
    default_pixel: str | None,
    mapping: Mapping[str, str],
    on_stage: Callable[[str], None] = lambda _m: None,
    one_pass: bool = True,
) -> int:
    """Append the file's events to `server` (after those there); returns their count.
    `one_pass=False` reads every line with the general reading (what the tests compare with).

    Raises ServerLogError (with a line number where it has one) or OSError."""
    if not path.is_file():
        raise FileNotFoundError(2, "No such file", str(path))
    kind = server_kind(path)
    on_stage(f"reading {path.name}")
    offset = int(
        con.execute(f"SELECT COALESCE(MAX(s) >> {ITEM_BITS}, 0) FROM server").fetchone()[0]
    )
    before = int(con.execute("SELECT COUNT(*) FROM server").fetchone()[0])
    if kind in ("csv", "parquet"):
        relation = _table_relation(con, path, kind, mapping)
    else:
        relation = lines_relation(path)
    if not (one_pass and _one_pass(con, relation, default_pixel, offset, path.name)):
        try:
            bad = _first_bad_line(con, relation)
        except Exception as exc:  # duckdb.InvalidInputException: a line over 2 MiB
            if "line size" not in str(exc).lower():
                raise
            return _insert_python(con, path, offset, default_pixel)
        if bad is not None:
            if bad == 1:
                return _insert_python(con, path, offset, default_pixel)
            raise ServerLogError(
                f"line {bad}: not a JSON object (expected one JSON value per line)"
            )
        _insert_in_chunks(con, relation, default_pixel, offset, path.name)
    register_source(con, offset, relation)
    added = int(con.execute("SELECT COUNT(*) FROM server").fetchone()[0]) - before
    if added == 0:
        raise ServerLogError(f"{path.name}: no server events found (expected CAPI events)")
    return added
