"""Decode Pixel GET URLs in SQL (DuckDB) into the audit's browser columns, as hit_from_params does.

Python's decoding (domain/pixel) costs ~85 µs a hit; this query decodes the common shape — a
GET (or form POST) to facebook.com/tr holding plain percent-escapes — in DuckDB, vectorised
(~6 µs a hit on one core). Each query pair is split at its first '=', '+' read as a space and
%XX unescaped (unquote_plus); the last value of a repeated key wins (found with list_position
in the reversed pairs: one lambda per key took twice as long) and ud[...] beats udff[...]
(hit_from_params). A row is marked `py` whenever the SQL reading might differ from Python's
(non-ASCII escapes, an `ts` or `id` that is not plain digits, an fbp that may carry a
parameter-builder appendix, ...): the loader then decodes that one with domain/pixel itself.
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
from capi_desktop.domain.normalize.hashed import APPENDIX_PATTERN

_NON_ASCII_ESCAPE = r"%[89A-Fa-f][0-9A-Fa-f]"
_PRINTABLE = r"^[!-~]*$"
# Decoded values are joined with chr(1) for the placeholder screen.
_SCREEN = sql_string(screen_pattern("(?:^|\x01)", "(?:$|\x01)"))


def _last(key: str) -> str:
    """The value of the last pair named `key` (parse_qsl, then a dict: the last one wins)."""
    return f"rvs[list_position(rks, {sql_string(key)})]"


def decode_sql(stage: str, har_name: str) -> str:
    """SELECT over har_sql.stage_sql's rows: the browser columns (BROWSER_COLUMNS) and
    `keep` (a Pixel event, or a row for domain/pixel). A row SQL may read differently from
    Python (`pending`, non-ASCII escapes, `ts`/`id` not plain digits, ...) is kept with
    origin NULL and, in `hit`, the entry's values domain/pixel reads."""
    # Each pair split at its first '='; '+' is a space (unquote_plus) before any %XX.
    key = "url_decode(split_part(p, '=', 1))"
    value = "url_decode(p[length(split_part(p, '=', 1)) + 2:])"
    screened = (
        "array_to_string(list_filter(vs, lambda v, i: ks[i] IN ('eid', 'fbp', 'fbc')"
        " OR starts_with(ks[i], 'cd[') OR starts_with(ks[i], 'ud[')"
        " OR starts_with(ks[i], 'udff[')), chr(1))"
    )
    appendix = sql_string(f"\\.{APPENDIX_PATTERN}$")
    hashes, hashed = browser_hash_columns(_last("{}"))
    raw = "to_json(struct_pack(startedDateTime := started, request := req))::VARCHAR"
    return f"""
WITH raw AS (
  SELECT *, replace(concat_ws('&', NULLIF(CASE WHEN strpos(url, '?') > 0
    THEN url[strpos(url, '?') + 1:] END, ''), body), '+', ' ') AS q FROM {stage}
),
parts AS (
  SELECT *, pending OR regexp_matches(q, '{_NON_ASCII_ESCAPE}') AS odd FROM raw
),
decoded AS (
  SELECT *, [{key} FOR p IN ps] AS ks, [{value} FOR p IN ps] AS vs
  FROM (SELECT *, CASE WHEN odd THEN []
    ELSE list_filter(string_split(q, '&'), lambda p: p <> '') END AS ps FROM parts)
),
params AS (
  SELECT *, list_reverse(ks) AS rks, list_reverse(vs) AS rvs FROM decoded
),
picked AS (
  SELECT *, {_last("id")} AS id_v, {_last("ev")} AS ev,
    {_last("eid")} AS eid, {_last("ts")} AS ts, NULLIF({_last("fbp")}, '') AS fbp_v,
    NULLIF({_last("fbc")}, '') AS fbc_v, NULLIF({_last("dl")}, '') AS dl_v,
    {_last("dpo")} AS dpo,
    NULLIF(COALESCE({_last("ud[external_id]")}, {_last("udff[external_id]")}), '') AS ext,
    {_last("cd[value]")} AS value_v, {_last("cd[currency]")} AS currency_v,
    {_last("cd[content_ids]")} AS ids_v, {_last("cd[contents]")} AS contents_v
  FROM params
),
typed AS (
  SELECT *,
    CASE WHEN json_valid(ids_v) THEN json_type(ids_v) WHEN ids_v IS NOT NULL THEN 'TEXT' END
      AS ids_type,
    CASE WHEN json_valid(contents_v) THEN json_type(contents_v)
         WHEN contents_v IS NOT NULL THEN 'TEXT' END AS contents_type,
    {url_base("dl_v")} AS dl_base
  FROM picked
),
rows AS (
  SELECT *, odd
    OR (id_v IS NOT NULL AND NOT regexp_matches(id_v, '^[0-9]{{1,20}}$'))
    OR ts IS NULL OR NOT regexp_matches(ts, '^[0-9]{{1,15}}$')
    OR (fbp_v IS NOT NULL AND (NOT regexp_matches(fbp_v, '{_PRINTABLE}')
                               OR regexp_matches(fbp_v, {appendix})))
    OR (ext IS NOT NULL AND NOT regexp_matches(ext, '{_PRINTABLE}')) AS py
  FROM typed
)
SELECT b, id_v AS pixel_id, ev AS event_name, eid AS event_id,
  CASE WHEN TRY_CAST(ts AS BIGINT) < 100000000000 THEN TRY_CAST(ts AS BIGINT)
       ELSE TRY_CAST(ts AS BIGINT) // 1000 END::DOUBLE AS event_time,
  fbp_v AS fbp, ext AS external_id,
  CASE WHEN NOT py THEN {sql_string(har_name + " HAR entry ")} || entry::VARCHAR END AS origin,
  CASE WHEN py THEN {raw} END AS hit, url, method, NULLIF(body, '') AS body,
  COALESCE({content_ok("ids_type", "contents_type")}
    AND (dl_v IS NULL OR dl_base IS NOT NULL)
    AND {hashed}
    AND COALESCE(dpo, '') NOT LIKE '%LDU%'
    AND (value_v IS NULL OR regexp_matches(value_v, '{PLAIN_NUMBER}'))
    AND (currency_v IS NULL OR regexp_matches(currency_v, '{PLAIN_CURRENCY}'))
    AND NOT regexp_matches({screened}, {_SCREEN}),
    false) AS plain,
  fbp_v, fbc_v, dl_base, ext, TRY_CAST(value_v AS DOUBLE), currency_v,
  {content_columns("ids_v", "ids_type", "contents_v", "contents_type")}, {hashes},
  py OR list_contains(ks, 'ev') AS keep
FROM rows
"""
