"""Decode Pixel GET URLs in SQL (DuckDB) into the audit's browser columns, as hit_from_params does.

Python's decoding (domain/pixel) costs ~85 µs a hit; this query decodes the common shape — a
GET (or form POST) to facebook.com/tr holding plain percent-escapes — in DuckDB, vectorised.
Each query pair is split at its first '=', '+' read as a space and %XX unescaped (unquote_plus);
the last value of a repeated key wins and ud[...] beats udff[...] (hit_from_params). A row is
marked `py` whenever the SQL reading might differ from Python's (non-ASCII escapes, an `ts` or
`id` that is not plain digits, an fbp that may carry a parameter-builder appendix, ...): the
loader then decodes that one with domain/pixel itself.
"""

from __future__ import annotations

from capi_desktop.domain.audit.field_sql import (
    PLAIN_CURRENCY,
    PLAIN_NUMBER,
    browser_hash_columns,
    content_columns,
    content_ok,
    screen_pattern,
    sql_string,
    url_base,
)
from capi_desktop.domain.dedup.fields import COMPARED_HASH_KEYS
from capi_desktop.domain.normalize.hashed import APPENDIX_PATTERN
from capi_desktop.domain.pixel.hit import TECHNICAL_EVENTS

# URLs the loader hands to SQL; anything else (other hosts' spellings, fragments, tabs) goes
# to domain/pixel in Python.
SIMPLE_PIXEL_URL = r"^https?://(www\.)?facebook\.com/tr/?(\?[^#\t\r\n]*)?$"
_NON_ASCII_ESCAPE = r"%[89A-Fa-f][0-9A-Fa-f]"
_PRINTABLE = r"^[!-~]*$"
# Decoded values are joined with chr(1) for the placeholder screen.
_SCREEN = sql_string(screen_pattern("(?:^|\x01)", "(?:$|\x01)"))


def _unquote(text: str) -> str:
    return f"url_decode(replace({text}, '+', ' '))"


def _last(key: str) -> str:
    return f"[p.v FOR p IN kv IF p.k = {sql_string(key)}][-1]"


def _has(key: str) -> str:
    return f"list_contains(keys, {sql_string(key)})"


def decode_sql(stage: str, har_name: str) -> str:
    """SELECT over `stage(b, entry, method, url, body)` (body: a form POST's, stripped, or
    NULL): browser columns (see BROWSER_COLUMNS), then
    `py` (decode in Python instead), `has_ev` (a Pixel event at all), `technical`."""
    split = "strpos(p, '=')"
    pairs = (
        f"[{{'k': {_unquote(f'CASE WHEN {split} > 0 THEN p[:{split} - 1] ELSE p END')},"
        f" 'v': {_unquote(f'CASE WHEN {split} > 0 THEN p[{split} + 1:] ELSE {chr(39) * 2} END')}}}"
        " FOR p IN string_split(q, '&') IF p <> '']"
    )
    screened = (
        "array_to_string([p.v FOR p IN kv IF p.k IN ('eid', 'fbp', 'fbc')"
        " OR regexp_matches(p.k, '^(cd|ud|udff)\\[')], chr(1))"
    )
    technical = ", ".join(sql_string(name) for name in sorted(TECHNICAL_EVENTS))
    appendix = sql_string(f"\\.{APPENDIX_PATTERN}$")
    hashes, hashed = browser_hash_columns("[p.v FOR p IN kv IF p.k = '{}'][-1]")
    return f"""
WITH raw AS (
  SELECT b, entry, method, url, body, concat_ws('&', NULLIF(regexp_extract(url, '\\?(.*)$', 1), ''),
    body) AS q FROM {stage}
),
bad AS (
  SELECT *, regexp_matches(q, '{_NON_ASCII_ESCAPE}') AS odd FROM raw
),
decoded AS (
  SELECT b, entry, method, url, body, {pairs} AS kv FROM bad WHERE NOT odd
),
params AS (
  SELECT *, [p.k FOR p IN kv] AS keys, {_last("id")} AS id_v, {_last("ev")} AS ev,
    {_last("eid")} AS eid, {_last("ts")} AS ts, NULLIF({_last("fbp")}, '') AS fbp_v,
    NULLIF({_last("fbc")}, '') AS fbc_v, NULLIF({_last("dl")}, '') AS dl_v,
    {_last("dpo")} AS dpo,
    NULLIF(COALESCE({_last("ud[external_id]")}, {_last("udff[external_id]")}), '') AS ext,
    {_last("cd[value]")} AS value_v, {_last("cd[currency]")} AS currency_v,
    {screened} AS screened, {_last("cd[content_ids]")} AS ids_v,
    {_last("cd[contents]")} AS contents_v
  FROM decoded
),
typed AS (
  SELECT *,
    CASE WHEN json_valid(ids_v) THEN json_type(ids_v) WHEN ids_v IS NOT NULL THEN 'TEXT' END
      AS ids_type,
    CASE WHEN json_valid(contents_v) THEN json_type(contents_v)
         WHEN contents_v IS NOT NULL THEN 'TEXT' END AS contents_type
  FROM params
),
rows AS (
  SELECT *,
    (id_v IS NOT NULL AND NOT regexp_matches(id_v, '^[0-9]{{1,20}}$'))
    OR ts IS NULL OR NOT regexp_matches(ts, '^[0-9]{{1,15}}$')
    OR (fbp_v IS NOT NULL AND (NOT regexp_matches(fbp_v, '{_PRINTABLE}')
                               OR regexp_matches(fbp_v, {appendix})))
    OR (ext IS NOT NULL AND NOT regexp_matches(ext, '{_PRINTABLE}')) AS py
  FROM typed
)
SELECT b, id_v AS pixel_id, ev AS event_name, eid AS event_id,
  CASE WHEN TRY_CAST(ts AS BIGINT) < 100000000000 THEN TRY_CAST(ts AS BIGINT)
       ELSE TRY_CAST(ts AS BIGINT) // 1000 END::DOUBLE,
  fbp_v AS fbp, ext AS external_id, {sql_string(har_name + " HAR entry ")} || entry::VARCHAR,
  NULL AS hit, url, method, body,
  COALESCE({content_ok("ids_type", "contents_type")}
    AND (dl_v IS NULL OR {url_base("dl_v")} IS NOT NULL)
    AND {hashed}
    AND COALESCE(dpo, '') NOT LIKE '%LDU%'
    AND (value_v IS NULL OR regexp_matches(value_v, '{PLAIN_NUMBER}'))
    AND (currency_v IS NULL OR regexp_matches(currency_v, '{PLAIN_CURRENCY}'))
    AND NOT regexp_matches(screened, {_SCREEN}),
    false),
  fbp_v, fbc_v, {url_base("dl_v")}, ext, TRY_CAST(value_v AS DOUBLE), currency_v,
  {content_columns("ids_v", "ids_type", "contents_v", "contents_type")}, {hashes},
  py, {_has("ev")} AS has_ev, COALESCE(ev IN ({technical}), false) AS technical, entry
FROM rows
UNION ALL
SELECT b, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, url, method, body, false,
  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, {", ".join(["NULL"] * len(COMPARED_HASH_KEYS))},
  true, true, false, entry
FROM bad WHERE odd
"""
