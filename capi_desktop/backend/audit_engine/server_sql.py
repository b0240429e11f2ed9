"""The SQL that turns staged server-log lines into the audit's `server` rows (DuckDB)."""

from __future__ import annotations

from capi_desktop.domain.audit.field_sql import (
    parse_once,
    server_exact_sql,
    server_field_columns,
    sql_string,
)

BODY_KEYS = ("body", "request_body", "request", "payload", "json")
PIXEL_KEYS = ("pixel_id", "pixel", "dataset_id")
URL_KEYS = ("url", "endpoint", "path")
_NUMBER = "('UBIGINT', 'BIGINT', 'DOUBLE', 'HUGEINT')"
# s = (record number << 16) + position in its data array: ordered like the file, and no
# window over a million JSON texts (ROW_NUMBER() OVER (ORDER BY ...) asked for one 386 MiB
# block at 1M events, beyond the memory limit). A CAPI request holds at most 1,000 events.
ITEM_BITS = 16


def pixel_sql(j: str) -> str:
    """The pixel a logged request `j` (JSON) went to: a pixel key's digits, else /ID/events."""
    pixel_top = " ".join(
        f"WHEN json_type({j}, '$.{k}') IN {_NUMBER} OR regexp_matches({j}->>'$.{k}', '^[0-9]+$')"
        f" THEN {j}->>'$.{k}'"
        for k in PIXEL_KEYS
    )
    pixel_url = " ".join(
        f"WHEN regexp_matches({j}->>'$.{k}', '/([0-9]{{5,20}})/events')"
        f" THEN regexp_extract({j}->>'$.{k}', '/([0-9]{{5,20}})/events', 1)"
        for k in URL_KEYS
    )
    return f"CASE {pixel_top} {pixel_url} END"


def objects_sql(relation: str) -> str:
    """(rec, pixel, ev, item): each JSON object event of the lines, with the pixel it went to."""
    body = " ".join(
        f"WHEN json_type(j, '$.{k}') = 'OBJECT' THEN j->'$.{k}'"
        f" WHEN json_type(j, '$.{k}') = 'VARCHAR' AND json_valid(j->>'$.{k}')"
        f" THEN (j->>'$.{k}')::JSON"
        for k in BODY_KEYS
    )
    found = f"""{pixel_sql("j")} AS pixel,
    CASE WHEN json_exists(j, '$.data') OR json_exists(j, '$.event_name') THEN j {body}
         ELSE j END AS body"""
    for key in ("data", "event_name"):
        found = found.replace(
            f"json_exists(j, '$.{key}')", f"(json_type(j, '$.{key}') IS NOT NULL)"
        )
    found, paths = parse_once(found, "j", "t")
    return f"""
WITH lines AS ({relation}),
docs AS (
  SELECT rec, raw::JSON AS j FROM lines WHERE raw IS NOT NULL AND TRIM(raw) <> ''
),
parts AS (
  SELECT rec, j, json_extract(j, [{", ".join(sql_string(p) for p in paths)}]) AS t FROM docs
),
bodies AS (
  SELECT rec, {found}
  FROM parts
),
lists AS (
  SELECT rec, pixel, CASE WHEN json_type(body, '$.data') = 'ARRAY'
                          THEN json_extract(body, '$.data[*]') ELSE [body] END AS items
  FROM bodies
),
events AS (
  SELECT rec, pixel, UNNEST(items) AS ev, generate_subscripts(items, 1) AS item FROM lists
),
objects AS (SELECT * FROM events WHERE json_type(ev) = 'OBJECT')
SELECT * FROM objects
"""


def columns_sql(
    objects: str, default_pixel: str | None, offset: int, origin: str, text: str = "NULL"
) -> str:
    """The server table's columns from staged (rec, pixel, ev, item) rows; `raw` is `text`
    (NULL: the event's JSON is read again from its file when a report lists it)."""
    default = "NULL" if default_pixel is None else sql_string(default_pixel)
    kind = "json_type(ev, '$.event_id')"
    return f"""
SELECT (({offset} + rec) << {ITEM_BITS}) + item AS s,
  COALESCE(pixel, {default}) AS pixel_id,
  CASE WHEN json_type(ev, '$.event_name') = 'VARCHAR' THEN ev->>'$.event_name' END,
  CASE WHEN {kind} = 'VARCHAR' THEN ev->>'$.event_id'
       WHEN {kind} IN {_NUMBER} THEN (ev->'$.event_id')::VARCHAR
       WHEN {kind} = 'BOOLEAN' THEN CASE WHEN ev->>'$.event_id' = 'true' THEN 'True'
                                         ELSE 'False' END END,
  COALESCE({kind} IN {_NUMBER} OR {kind} = 'BOOLEAN', false),
  CASE WHEN json_type(ev, '$.event_time') = 'VARCHAR'
         THEN TRY_CAST(TRIM(ev->>'$.event_time') AS DOUBLE)
       WHEN json_type(ev, '$.event_time') IN {_NUMBER}
         THEN (ev->>'$.event_time')::DOUBLE END,
  CASE WHEN json_type(ev, '$.action_source') = 'VARCHAR' THEN ev->>'$.action_source'
       WHEN json_type(ev, '$.action_source') NOT IN ('NULL') THEN (ev->'$.action_source')::VARCHAR
       END,
  NULLIF(TRIM(ev->>'$.user_data.fbp'), ''),
  NULLIF(TRIM(CASE WHEN json_type(ev, '$.user_data.external_id') = 'ARRAY'
                   THEN ev->>'$.user_data.external_id[0]'
                   ELSE ev->>'$.user_data.external_id' END), ''),
  {sql_string(origin)} || ' line ' || rec::VARCHAR,
  {text},
  {server_exact_sql("ev")},
  {server_field_columns("ev")}
FROM {objects}
"""
