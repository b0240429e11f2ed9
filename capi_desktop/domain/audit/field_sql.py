"""When SQL alone may call a pair deduplicated: a conservative screen of the non-key fields.

domain/dedup.compare lowers a pair whose keys match to *at risk* when another field differs
(cookies, user data, page URL, value, currency, products, LDU, placeholders). Doing that for a
million pairs in Python costs ~140 µs each, so the audit database keeps, per side, the few
field values compare reads (`f_*` columns) and a `plain` flag that is False whenever the SQL
reading might not be compare's (odd types, hashed user data, products, LDU, anything that
could be a placeholder). A pair is *clean* only when both sides are plain and every kept
value agrees — then no compare row can be at risk, and SQL's key verdict is the verdict.
Any other pair goes through compare in Python: the screen may send too many, never too few.
"""

from __future__ import annotations

import hashlib
import re

from capi_desktop.domain.dedup.fields import COMPARED_HASH_KEYS

# Python's str.strip() whitespace, as RE2 classes (for "the whole value is `undefined`").
_WS = r"(?:[\s\pZ\x{1c}-\x{1f}\x{85}]|\\[tnrf]|\\u[0-9a-fA-F]{4})"
# The same words domain/placeholders.py lists as hashed literals (its test checks each hash
# below is one it flags): a SHA-256 of "undefined" in user data is a placeholder too.
_HASHED_WORDS = ("", "undefined", "null", "nan", "none", "[object object]")
HASHED_LITERALS = tuple(hashlib.sha256(w.encode()).hexdigest() for w in _HASHED_WORDS)
# A superset of every placeholder domain/placeholders.py finds (embedded or whole-value).
_TRIGGERS = (
    r"\{\{",
    r"\$\{",
    r"%%",
    r"\{[a-z_][a-z0-9_]{1,60}\}",
    r"<[A-Za-z_]",
    r"\$[A-Z]",
    r"\[[A-Za-z_]",
    r"%[A-Z]",
    r"[A-Z]_(?:ID|VALUE|CODE|TOKEN|NAME|EMAIL|HASH)",
    r"(?i:fb[pc][ _]cookie|hashed)",
    "(?i:" + "|".join(HASHED_LITERALS) + ")",
)


def screen_pattern(start: str, end: str) -> str:
    """RE2 pattern matching any text that might hold a placeholder; values are delimited by
    `start` / `end` (a quote in JSON text, chr(1) between decoded Pixel values)."""
    literal = f"{start}{_WS}*(?:undefined|null|NaN|None){_WS}*{end}"
    return "|".join((*_TRIGGERS, literal))


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# A number as both Python's float() and DuckDB's CAST read it, digit for digit.
PLAIN_NUMBER = r"^-?[0-9]{1,15}(\.[0-9]{1,15})?$"
PLAIN_CURRENCY = r"^[A-Za-z]{3}$"
VALUE_TOLERANCE = 0.005  # domain/dedup/content.py: half a cent

_HEX64 = "^[0-9a-f]{64}$"
_NOT_A_HASH = "?"  # stands for a server value compare must judge itself (never a digest)


def _columns(kind: str) -> str:
    return "".join(f", f_{key} {kind}" for key in COMPARED_HASH_KEYS)


BROWSER_FIELD_COLUMNS = (
    " plain BOOLEAN, f_fbp VARCHAR, f_fbc VARCHAR, f_dl VARCHAR, f_ext VARCHAR,"
    " f_value DOUBLE, f_currency VARCHAR, f_ids VARCHAR[], f_contents VARCHAR" + _columns("VARCHAR")
)
# A page URL whose base (host + path, as domain/dedup/content.py's _clean_url keeps it) SQL
# reads like urlsplit: no spaces, no user info, no parameter-builder appendix at its end.
# One regex both checks the URL and finds host and path (four regexes took 1.6 µs a URL).
_URL_PARTS = r"^https?://([A-Za-z0-9.-]+(?::[0-9]+)?)(/[^?#\s]*)?(?:\?[^#\s]*)?(?:#\S*)?$"
_URL_APPENDIX = r"\.(?:[A-Za-z0-9_-]{8}|AQ|Ag|Aw|BA|BQ|Bg)$"  # at most 9 characters


def url_base(url: str) -> str:
    """SQL: the URL's lower-cased host + path without trailing '/', NULL when not strict."""
    return (
        f"[CASE WHEN m.host <> '' AND NOT regexp_matches(right({url}, 9), '{_URL_APPENDIX}')"
        " THEN lower(m.host) || COALESCE(NULLIF(rtrim(m.path, '/'), ''), '/') END"
        f" FOR m IN [regexp_extract({url}, '{_URL_PARTS}', ['host', 'path'])]][1]"
    )


def content_columns(ids: str, ids_type: str, contents: str, contents_type: str) -> str:
    """SQL: f_ids (content_ids as a sorted set of strings) and f_contents (canonical JSON
    text), NULL when absent; `*_type` is the value's json_type (NULL when absent)."""
    strings = f"len([t FOR t IN json_type({ids}, '$[*]') IF t <> 'VARCHAR']) = 0"
    return (
        f"CASE WHEN {ids_type} = 'ARRAY' AND {strings}"
        f" THEN list_sort(list_distinct(json_extract_string({ids}, '$[*]'))) END,"
        f" CASE WHEN {contents_type} = 'ARRAY' THEN json_extract({contents}, '$')::VARCHAR END"
    )


def content_ok(ids_type: str, contents_type: str) -> str:
    """SQL: the content fields are absent or in the shape content_columns reads."""
    return (
        f"COALESCE({ids_type}, 'NULL') IN ('NULL', 'ARRAY')"
        f" AND COALESCE({contents_type}, 'NULL') IN ('NULL', 'ARRAY')"
    )


SERVER_FIELD_COLUMNS = BROWSER_FIELD_COLUMNS.replace(_columns("VARCHAR"), _columns("VARCHAR[]"))


def browser_hash_columns(last: str) -> tuple[str, str]:
    """(f_<key> columns, "all of them are SHA-256 hex") for hashed user data, where
    `last` formats a Pixel parameter name into the SQL of its value (ud[] beats udff[])."""
    values = [
        f"NULLIF(COALESCE({last.format(f'ud[{k}]')}, {last.format(f'udff[{k}]')}), '')"
        for k in COMPARED_HASH_KEYS
    ]
    hashed = " AND ".join(f"COALESCE(regexp_matches({v}, '{_HEX64}'), true)" for v in values)
    return ", ".join(values), hashed


def server_hash_columns(ev: str) -> str:
    """f_<key>: the server's digests of hashed user data, [?] where one is not plain SHA-256."""
    columns = []
    for key in COMPARED_HASH_KEYS:
        path = f"$.user_data.{key}"
        kind = f"json_type({ev}, '{path}')"
        items = f"[e FOR e IN json_extract_string({ev}, '{path}[*]') IF COALESCE(e, '') <> '']"
        odd = f"[t FOR t IN json_type({ev}, '{path}[*]') IF t NOT IN ('VARCHAR', 'NULL')]"
        columns.append(
            f"CASE WHEN {kind} IS NULL OR {kind} = 'NULL' THEN NULL"
            f" WHEN {kind} = 'VARCHAR' THEN CASE WHEN {ev}->>'{path}' = '' THEN NULL"
            f" WHEN regexp_matches({ev}->>'{path}', '{_HEX64}') THEN [{ev}->>'{path}']"
            f" ELSE ['{_NOT_A_HASH}'] END"
            f" WHEN {kind} = 'ARRAY' AND len({odd}) = 0 THEN CASE WHEN len({items}) = 0 THEN NULL"
            f" WHEN len([e FOR e IN {items} IF NOT regexp_matches(e, '{_HEX64}')]) = 0"
            f" THEN {items} ELSE ['{_NOT_A_HASH}'] END"
            f" ELSE ['{_NOT_A_HASH}'] END"
        )
    return ",\n  ".join(columns)


def _agree(column: str) -> str:
    return f"(x.{column} IS NULL OR y.{column} IS NULL OR x.{column} = y.{column})"


def clean_pair_sql() -> str:
    """True when compare can find nothing at risk outside the keys of pair x (browser) / y."""
    both = "((x.{c} IS NULL) = (y.{c} IS NULL))"  # one side only: at risk
    return " AND ".join(
        [
            "x.plain",
            "y.plain",
            *(_agree(c) for c in ("f_fbp", "f_fbc", "f_dl", "f_ext")),
            both.format(c="f_value"),
            f"COALESCE(ABS(x.f_value - y.f_value) <= {VALUE_TOLERANCE}, TRUE)",
            both.format(c="f_ids"),
            "COALESCE(x.f_ids = y.f_ids, TRUE)",
            both.format(c="f_contents"),
            "COALESCE(x.f_contents = y.f_contents, TRUE)",
            both.format(c="f_currency"),
            "COALESCE(UPPER(x.f_currency) = UPPER(y.f_currency), TRUE)",
            # the same digest on both sides (or a side without it): compare says "Same hash."
            *(
                f"(x.f_{k} IS NULL OR y.f_{k} IS NULL OR list_contains(y.f_{k}, x.f_{k}))"
                for k in COMPARED_HASH_KEYS
            ),
        ]
    )


def server_field_columns(ev: str) -> str:
    """The server side's f_* columns and `plain`, from the event JSON `ev` (one SELECT list)."""
    user, custom = f"{ev}->'$.user_data'", f"{ev}->'$.custom_data'"

    def text(path: str) -> str:
        return (
            f"CASE WHEN json_type({ev}, '{path}') = 'VARCHAR' THEN NULLIF({ev}->>'{path}', '') END"
        )

    ext = "$.user_data.external_id"
    ext_list = (
        f"list_distinct([e FOR e IN json_extract_string({ev}, '{ext}[*]')"
        " IF e IS NOT NULL AND e <> ''])"
    )
    ext_types = f"[t FOR t IN json_type({ev}, '{ext}[*]') IF t NOT IN ('VARCHAR', 'NULL')]"
    value_type = f"json_type({ev}, '$.custom_data.value')"
    value_text = f"{ev}->>'$.custom_data.value'"
    numeric = "('BIGINT', 'UBIGINT', 'DOUBLE')"
    value_ok = (
        f"({value_type} IS NULL OR {value_type} = 'NULL' OR {value_type} IN {numeric}"
        f" OR ({value_type} = 'VARCHAR' AND regexp_matches({value_text}, '{PLAIN_NUMBER}')))"
    )
    currency_type = f"json_type({ev}, '$.custom_data.currency')"
    currency_ok = (
        f"({currency_type} IS NULL OR {currency_type} = 'NULL' OR ({currency_type} = 'VARCHAR'"
        f" AND regexp_matches({ev}->>'$.custom_data.currency', '{PLAIN_CURRENCY}')))"
    )
    ext_type = f"json_type({ev}, '{ext}')"
    ext_ok = (
        f"({ext_type} IS NULL OR {ext_type} IN ('NULL', 'VARCHAR') OR ({ext_type} = 'ARRAY'"
        f" AND len({ext_types}) = 0 AND len({ext_list}) <= 1))"
    )
    ids, contents = f"{ev}->'$.custom_data.content_ids'", f"{ev}->'$.custom_data.contents'"
    ids_type = f"json_type({ev}, '$.custom_data.content_ids')"
    contents_type = f"json_type({ev}, '$.custom_data.contents')"
    absent = content_ok(ids_type, contents_type)
    dl = text("$.event_source_url")
    absent += f" AND ({dl} IS NULL OR {url_base(dl)} IS NOT NULL)"
    screened = (
        f"COALESCE(({ev}->'$.event_id')::VARCHAR, '') || chr(1) || COALESCE({user}::VARCHAR, '')"
        f" || chr(1) || COALESCE({custom}::VARCHAR, '')"
    )
    plain = (
        f"{value_ok} AND {currency_ok} AND {ext_ok} AND {absent}"
        f" AND COALESCE(({ev}->'$.data_processing_options')::VARCHAR, '') NOT LIKE '%LDU%'"
        f" AND NOT regexp_matches({screened}, {sql_string(screen_pattern(chr(34), chr(34)))})"
    )
    return f"""COALESCE({plain}, false),
  {text("$.user_data.fbp")}, {text("$.user_data.fbc")}, {url_base(dl)},
  CASE WHEN {ext_type} = 'VARCHAR' THEN NULLIF({ev}->>'{ext}', '')
       WHEN {ext_type} = 'ARRAY' AND len({ext_list}) = 1 THEN {ext_list}[1] END,
  CASE WHEN {value_type} IN {numeric} THEN ({value_text})::DOUBLE
       WHEN {value_type} = 'VARCHAR' THEN TRY_CAST({value_text} AS DOUBLE) END,
  CASE WHEN {currency_type} = 'VARCHAR' THEN {ev}->>'$.custom_data.currency' END,
  {content_columns(ids, ids_type, contents, contents_type)},
  {server_hash_columns(ev)}"""


def server_exact_sql(ev: str) -> str:
    """False when SQL's reading of a server key may differ from Python's (then compare decides)."""
    id_type = f"json_type({ev}, '$.event_id')"
    time_type = f"json_type({ev}, '$.event_time')"
    return (
        f"COALESCE(NOT ({id_type} IN ('DOUBLE', 'HUGEINT', 'BOOLEAN')"
        f" OR {time_type} = 'HUGEINT'"
        f" OR ({time_type} = 'VARCHAR' AND NOT regexp_matches({ev}->>'$.event_time',"
        " '^[0-9]{1,15}(\\.[0-9]{1,15})?$'))), true)"
    )


_PATH_USE = re.compile(
    r"(?P<fn>json_type|json_extract_string)\((?P<a>\w+), '(?P<p1>\$[^']*)'\)"
    r"|(?P<b>\w+)(?P<op>->>|->)'(?P<p2>\$[^']*)'"
)
_BASE = re.compile(r"^(\$(?:\.\w+)+)(.*)$")


def parse_once(sql: str, column: str, parts: str) -> tuple[str, list[str]]:
    """Rewrite every `json_type(column, path)` / `column->path` / `column->>path` of `sql` to
    read `parts[i]`, the i-th of the returned paths, so the JSON is parsed once per row with
    `json_extract(column, [paths])` (it was parsed ~30 times: 21 µs an event)."""
    paths: list[str] = []

    def index(path: str) -> tuple[str, str]:
        found = _BASE.match(path)
        base, rest = (found.group(1), found.group(2)) if found else (path, "")
        if base not in paths:
            paths.append(base)
        return f"{parts}[{paths.index(base) + 1}]", "$" + rest

    def rewrite(match: re.Match[str]) -> str:
        if match.group("fn"):
            if match.group("a") != column:
                return match.group(0)
            part, rest = index(match.group("p1"))
            return f"{match.group('fn')}({part}" + (f", '{rest}')" if rest != "$" else ")")
        if match.group("b") != column:
            return match.group(0)
        part, rest = index(match.group("p2"))
        if match.group("op") == "->" and rest == "$":
            return part
        return f"{part}{match.group('op')}'{rest}'"

    return _PATH_USE.sub(rewrite, sql), paths
