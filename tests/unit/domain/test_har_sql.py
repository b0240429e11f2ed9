"""har_sql's text tests are Python's own: str.isspace() and the lower-cased Pixel host."""

from __future__ import annotations

import duckdb

from capi_desktop.domain.audit.har_sql import PIXEL_HINT, PY_SPACE


def test_py_space_is_every_character_python_strips() -> None:
    con = duckdb.connect()
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    spaces = {c for c in chars if c.isspace()}
    sample = sorted(spaces | {chr(c) for c in range(0x3100)} | {"\u200b", "\ufeff", "\U0001f600"})
    found = con.execute(
        f"SELECT c FROM unnest(?) t(c) WHERE regexp_matches(c, '^{PY_SPACE}$')", [sample]
    ).fetchall()
    assert {row[0] for row in found} == spaces


def test_duckdb_lower_finds_the_pixel_host_wherever_python_lower_does() -> None:
    """Python's lower() of a non-ASCII character holds a letter of facebook.com/tr only for
    U+212A KELVIN SIGN; DuckDB's lower() must map it the same, or a hit would go unread."""
    odd = [
        chr(c)
        for c in range(0x80, 0x110000)
        if not 0xD800 <= c <= 0xDFFF and set(chr(c).lower()) & set(PIXEL_HINT)
    ]
    assert odd == ["\u212a"]
    con = duckdb.connect()
    for char in odd:
        url = f"https://www.faceboo{char}.com/tr?ev=Lead"
        assert PIXEL_HINT in url.lower()
        assert con.execute("SELECT contains(lower(?), ?)", [url, PIXEL_HINT]).fetchone() == (True,)
