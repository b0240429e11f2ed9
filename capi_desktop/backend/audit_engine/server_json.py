"""Server-log lines read in one pass: each line parsed once into only the fields the audit reads.

server_sql's general reading parses a line's JSON about five times (validate, unwrap the logged
request, unnest `data`, extract the event's paths, serialise the whole event) and keeps every
event's text: 40 s CPU for 1M events. Here `json_transform` reads each line once into a struct of
the few keys the columns use, each a small JSON value (`user_data` and `custom_data` whole: the
placeholder screen reads all of them), and one `json_type` over the line says its shape. Lines
of the common shapes — an event, a request body `{"data": [...]}`, a logged request whose `body`
is an object — become rows here with the very column SQL of server_sql; any other line (a body
sent as a string, `request`/`payload` keys, `data` items that are not objects or hold none of the
keys, a key present as null where presence decides) becomes a marker row that server_source
hands to the general reading, so every line is read exactly as before.
"""

from __future__ import annotations

import json
from typing import Any

from capi_desktop.backend.audit_engine.server_sql import (
    BODY_KEYS,
    ITEM_BITS,
    PIXEL_KEYS,
    URL_KEYS,
    columns_sql,
    pixel_sql,
)
from capi_desktop.domain.audit.field_sql import parse_once, sql_string

# The event keys the server columns read (columns_sql, field_sql); user_data and custom_data
# stay JSON text and their members are extracted from it once per event.
EVENT_KEYS = (
    "event_name",
    "event_id",
    "event_time",
    "action_source",
    "event_source_url",
    "data_processing_options",
    "user_data",
    "custom_data",
)
_NESTED = ("user_data", "custom_data")
# The shape of a line: what objects_sql's CASE looks at to find the events.
_WITNESS = (
    "$",
    "$.data",
    "$.event_name",
    "$.body",
    "$.body.data",
    *(f"$.{k}" for k in BODY_KEYS[1:]),
)
MARKER_SLOW = "slow"  # raw of a marker row: read this line with server_sql's general reading
MARKER_BAD = "bad"  # a line that is not a JSON object: the whole file goes the general way


def _structure() -> str:
    event: dict[str, Any] = dict.fromkeys(EVENT_KEYS, "JSON")
    line: dict[str, Any] = dict.fromkeys((*PIXEL_KEYS, *URL_KEYS), "JSON")
    line |= {"data": [event], "body": {**event, "data": [event]}, **event}
    return sql_string(json.dumps(line))


def _event(base: str) -> str:
    """The event struct made of `base`'s own keys (a line or body that is itself the event)."""
    return "{" + ", ".join(f"'{k}': {base}.{k}" for k in EVENT_KEYS) + "}"


def _parts(paths: list[str]) -> tuple[str, str]:
    """(nested extracts, the list `v` of parse_once's paths) over an event struct `e`."""
    nested: dict[str, list[str]] = {name: [] for name in _NESTED}
    items = []
    for path in paths:
        key, _, rest = path.removeprefix("$.").partition(".")
        if key in EVENT_KEYS and not rest:
            items.append(f"e.{key}")
        elif key in _NESTED:
            nested[key].append(f"$.{rest}")
            items.append(f"n_{key}[{len(nested[key])}]")
        else:  # a column reads a key this struct lacks: add it to EVENT_KEYS
            raise ValueError(f"server_json does not read {path}")
    extracts = ", ".join(
        f"json_extract(e.{name}, [{', '.join(sql_string(p) for p in found)}]) AS n_{name}"
        for name, found in nested.items()
        if found
    )
    return extracts, "[" + ", ".join(items) + "]"


def one_pass_sql(lines: str, default_pixel: str | None, offset: int, origin: str) -> str:
    """SELECT of `server` rows from `lines(rec, raw)`, plus one marker row (item 0, raw
    MARKER_SLOW or MARKER_BAD) for each line this reading leaves to server_sql."""
    pixel, pixel_paths = parse_once(pixel_sql("j"), "j", "t")
    line_keys = [p.removeprefix("$.") for p in pixel_paths]
    columns, paths = parse_once(
        columns_sql("objects", default_pixel, offset, origin, text="marker"), "ev", "v"
    )
    extracts, parts = _parts(paths)
    witness = ", ".join(sql_string(p) for p in _WITNESS)
    others = " OR ".join(f"w[{i}] IN ('OBJECT', 'VARCHAR')" for i in range(6, len(_WITNESS) + 1))
    empty = " AND ".join(f"e.{k} IS NULL" for k in EVENT_KEYS)
    marked = f"CASE WHEN shape IN ('{MARKER_SLOW}', '{MARKER_BAD}') THEN [NULL] ELSE items END"
    return f"""
WITH docs AS (
  SELECT rec, json_type(raw, [{witness}]) AS w, json_transform(raw, {_structure()}) AS l
  FROM ({lines}) WHERE raw IS NOT NULL AND TRIM(raw) <> ''
),
shaped AS (
  SELECT rec, l, [{", ".join(f"l.{k}" for k in line_keys)}] AS t,
    CASE WHEN w[1] <> 'OBJECT' THEN '{MARKER_BAD}'
         WHEN w[2] IS NOT NULL OR w[3] IS NOT NULL
           THEN CASE WHEN w[2] = 'ARRAY' THEN 'data' ELSE 'line' END
         WHEN w[4] = 'OBJECT' THEN CASE WHEN w[5] = 'ARRAY' THEN 'body_data' ELSE 'body' END
         WHEN w[4] = 'VARCHAR' OR {others} THEN '{MARKER_SLOW}'
         ELSE 'line' END AS shape
  FROM docs
),
listed AS (
  SELECT rec, {pixel} AS pixel, shape,
    CASE shape WHEN 'data' THEN l.data WHEN 'body_data' THEN l.body.data
               WHEN 'line' THEN [{_event("l")}] WHEN 'body' THEN [{_event("l.body")}] END AS items
  FROM shaped
),
checked AS (
  -- a data item that is not an object, or holds none of the keys, reads as all NULL here
  SELECT rec, pixel, items,
    CASE WHEN shape IN ('data', 'body_data')
              AND len([e FOR e IN items IF e IS NULL OR ({empty})]) > 0
         THEN '{MARKER_SLOW}' ELSE shape END AS shape
  FROM listed
),
events AS (
  SELECT rec, pixel, shape, UNNEST({marked}) AS e, generate_subscripts({marked}, 1) AS n
  FROM checked
),
nested AS (
  SELECT *{", " + extracts if extracts else ""} FROM events
),
objects AS (
  SELECT rec, pixel, CASE WHEN e IS NULL THEN 0 ELSE n END AS item, {parts} AS v,
    CASE WHEN e IS NULL THEN shape END AS marker
  FROM nested
)
{columns}
"""


def marker_where(offset: int) -> str:
    """The marker rows one_pass_sql left in `server` for the file loaded at `offset`."""
    first = (offset + 1) << ITEM_BITS
    return f"s >= {first} AND raw IN ('{MARKER_SLOW}', '{MARKER_BAD}')"
