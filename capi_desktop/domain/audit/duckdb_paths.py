"""A file path as DuckDB's table functions read it literally (they treat every path as a glob)."""

from __future__ import annotations

import re

from capi_desktop.domain.audit.field_sql import sql_string

# DuckDB globs every path it is given: read_csv('export[1].jsonl') reads export1.jsonl when that
# file exists (and both, for '*'). A bracket class of one character matches only that
# character, so "[[]" is a literal "[". Braces are not glob syntax in DuckDB (checked).
_GLOB_CHARACTER = re.compile(r"([\[\]*?])")


def literal_path(path: str) -> str:
    """The path with each glob character in a one-character class: it matches only itself."""
    return _GLOB_CHARACTER.sub(r"[\1]", path)


def file_sql(path: str) -> str:
    """The SQL string literal DuckDB's read_csv/read_json/read_parquet read as this one file."""
    return sql_string(literal_path(path))
