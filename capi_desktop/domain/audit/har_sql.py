"""Which HAR entries are Pixel requests, and which of them SQL may decode (DuckDB SQL).

The audit hands DuckDB the entries themselves (backend/audit_engine/har_split.py): this is
what browser_source once did per entry in Python, as SQL over `request.url`, `.method`,
`.postData` and `startedDateTime`. A request SQL must not decode (other spellings of the
host, multipart or params[] bodies, odd types, ...) is marked `pending`: domain/pixel reads
it from the same four values, which is all it ever reads of an entry. Where SQL cannot tell
what Python would see (a bare request without `request`, a Pixel request without a method:
absent and null read alike here), the query fails on purpose and the HAR is read in Python.
"""

from __future__ import annotations

from capi_desktop.domain.audit.duckdb_paths import file_sql
from capi_desktop.domain.audit.field_sql import sql_string

REQUEST_TYPE = (
    "STRUCT(url JSON, method JSON, postData STRUCT(text JSON, mimeType JSON, params JSON))"
)
ENTRY_COLUMNS = f"'startedDateTime': 'JSON', 'url': 'JSON', 'request': '{REQUEST_TYPE}'"
# URLs SQL decodes, ^https?://(www\.)?facebook\.com/tr/?(\?[^#\t\r\n]*)?$, tested as its
# start (≤ 29 characters) plus four substring tests: one RE2 pass over the whole URL cost
# more than the rest of the routing. Anything else (other spellings, fragments) is pending.
_SIMPLE_START = r"^https?://(www\.)?facebook\.com/tr/?(\?|$)"
_SIMPLE_NEVER = ("#", "\t", "\r", "\n")
# Python's str.isspace() characters (str.strip() removes them), as one RE2 class.
PY_SPACE = (
    r"[\t-\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}"
    r"\x{205f}\x{3000}]"
)
# "facebook.com/tr" in url.lower(): DuckDB's lower() maps the only non-ASCII character
# whose Python lower case holds one of those letters (U+212A KELVIN SIGN) the same way.
PIXEL_HINT = "facebook.com/tr"
MAX_URL = 1 << 20
MAX_BODY = 1 << 16
BARE_REQUEST = "a Pixel request written without its `request` member"
NO_METHOD = "a Pixel request without a method"


def array_source(path: str) -> str:
    """The entries of a file holding one JSON array of HAR entries, numbered from 1."""
    return (
        "(SELECT ordinality AS n, startedDateTime, url, request FROM"
        f" read_json({file_sql(path)}, format='array', columns={{{ENTRY_COLUMNS}}})"
        " WITH ORDINALITY)"
    )


def lines_source(path: str) -> str:
    """The entries the Python scanner wrote as JSON lines, each with its number `n`."""
    return (
        f"read_json({file_sql(path)}, format='newline_delimited',"
        f" columns={{'n': 'BIGINT', {ENTRY_COLUMNS}}})"
    )


def _text(value: str) -> str:
    """The JSON value as text when it is a JSON string, else NULL."""
    return f"CASE WHEN json_type({value}) = 'VARCHAR' THEN {value}->>'$' END"


def _body() -> str:
    """What browser_source's _form_body decided: the form body SQL may decode ('' for
    none), or NULL when domain/pixel must read it (multipart, params[], odd spacing, ...)."""
    post, text = "request.postData", _text("request.postData.text")
    params = f"COALESCE(json_type({post}.params) = 'ARRAY' AND json_array_length({post}.params) > 0, false)"
    mime = _text(f"{post}.mimeType")
    return f"""CASE WHEN {post} IS NULL THEN ''
    WHEN COALESCE({text}, '') = '' THEN CASE WHEN {params} THEN NULL ELSE '' END
    WHEN COALESCE(starts_with(lower({mime}), 'multipart/'), false) THEN NULL
    WHEN regexp_matches({text}, '^{PY_SPACE}|{PY_SPACE}$|[\\t\\r\\n]') OR starts_with({text}, '--')
      OR length({text}) > {MAX_BODY} THEN NULL
    ELSE {text} END"""


def stage_sql(source: str, base: int) -> str:
    """The Pixel requests among `source`'s entries: b (base + n), entry, url, method, body
    (see _body), pending (domain/pixel decodes it), started and req (for domain/pixel)."""
    hint = sql_string(PIXEL_HINT)
    bare = (
        "CASE WHEN request IS NULL AND json_type(url) = 'VARCHAR'"
        f" AND contains(lower(url->>'$'), {hint}) THEN error({sql_string(BARE_REQUEST)})"
        " ELSE false END"
    )
    simple = f"regexp_matches(left(u, 40), {sql_string(_SIMPLE_START)})" + "".join(
        f" AND NOT contains(u, {sql_string(c)})" for c in _SIMPLE_NEVER
    )
    method = (
        f"CASE WHEN request.method IS NULL THEN error({sql_string(NO_METHOD)})"
        " WHEN regexp_matches(request.method->>'$', '^[^\\t\\r\\n]{1,100}$')"
        f" THEN {_text('request.method')} END"
    )
    return f"""(
SELECT {base} + n AS b, n AS entry, u AS url, m AS method, body,
  body IS NULL OR m IS NULL OR NOT ({simple} AND length(u) < {MAX_URL}) AS pending,
  startedDateTime AS started, request AS req
FROM (
  SELECT n, startedDateTime, request, u, {method} AS m, {_body()} AS body
  FROM (SELECT *, {_text("request.url")} AS u FROM {source})
  WHERE (u IS NOT NULL AND (contains(u, {hint}) OR contains(lower(u), {hint}))) OR {bare}
))"""
