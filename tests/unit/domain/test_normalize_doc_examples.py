"""Meta's documented examples (capi.md §3.1) reproduce the published hashes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from capi_desktop.domain.normalize import NormalizeContext, normalize

US = NormalizeContext(default_country="US", now=datetime(2026, 11, 27, tzinfo=UTC))


@pytest.mark.parametrize(
    ("key", "raw", "normalized", "hash_prefix", "hash_suffix"),
    [
        ("em", "John_Smith@gmail.com", "john_smith@gmail.com", "62a14e44f765", "0f62f"),
        ("ph", "(650)555-1212", "16505551212", "e323ec626319", "b3176"),
        ("fn", "Mary", "mary", "6915771be1c5", "9f4ec"),
        ("fn", "정", "정", "8fa8cd9c440b", "1db14"),
        ("fn", "Valéry", "valéry", "08e1996b5dd4", "7149c"),
        ("db", "2/16/1997", "19970216", "01acdbf6ec7b", "40f0c"),
        ("ge", "m", "m", "62c66a7a5dd7", "63c5a"),
        ("st", "ca", "ca", "6959097001d1", "31126"),
        ("country", "United States", "us", "79adb2a2fce5", "04621"),
    ],
)
def test_meta_doc_example_hashes(
    key: str, raw: str, normalized: str, hash_prefix: str, hash_suffix: str
) -> None:
    result = normalize(key, raw, context=US)
    assert result.normalized == normalized
    assert result.sha256 is not None
    assert result.sha256.startswith(hash_prefix)
    assert result.sha256.endswith(hash_suffix)
    assert result.status in ("ok", "changed")


@pytest.mark.parametrize(
    ("key", "raw", "normalized"),
    [("ct", "New York", "newyork"), ("zp", "94035", "94035"), ("zp", "M1 1AE", "m11ae")],
)
def test_meta_doc_example_values(key: str, raw: str, normalized: str) -> None:
    context = US if key != "zp" or raw[0].isdigit() else NormalizeContext("GB")
    assert normalize(key, raw, context=context).normalized == normalized
