"""Issue 12 item 9: whitespace-only is absent, invisible characters removed with a warning, ZIP+4
written with en/em dash, NBSP or space cut to 5 digits for the US, external_id warned."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest

from capi_desktop.domain.normalize import HASHED_KEYS, NormalizeContext, normalize

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
EMPTY_HASH = hashlib.sha256(b"").hexdigest()


def ids(key: str, raw: str, country: str | None = None) -> set[str]:
    return {w.id for w in normalize(key, raw, context=NormalizeContext(country, NOW)).warnings}


@pytest.mark.parametrize("key", sorted(HASHED_KEYS))
@pytest.mark.parametrize("raw", [" ", "\t\n", "\u00a0\u2003", "\u3000", "\u200b", "\ufeff \u200e"])
def test_whitespace_or_invisible_only_is_absent_and_never_hashes_empty(key: str, raw: str) -> None:
    result = normalize(key, raw, context=NormalizeContext("US", NOW))
    assert result.status == "error" and result.sha256 is None and result.normalized is None
    assert "value.empty" in {w.id for w in result.warnings}


@pytest.mark.parametrize("key", sorted(HASHED_KEYS))
@pytest.mark.parametrize("raw", ["-", "...", "()", "'"])
def test_no_hashed_key_ever_hashes_the_empty_string(key: str, raw: str) -> None:
    assert normalize(key, raw, context=NormalizeContext("US", NOW)).sha256 != EMPTY_HASH


@pytest.mark.parametrize(
    ("key", "raw", "expected"),
    [
        ("em", "ann\u200b@example.com", "ann@example.com"),
        ("em", "\ufeffann@example.com", "ann@example.com"),
        ("fn", "Ma\u00adry", "mary"),
        ("ln", "\u200fכהן\u200f", "כהן"),
        ("ct", "\u202aParis\u202c", "paris"),
        ("external_id", "crm-1\u2060", "crm-1"),
        ("ph", "\u2066+1 650 555 1212\u2069", "16505551212"),
    ],
)
def test_invisible_characters_are_removed_with_a_warning(key: str, raw: str, expected: str) -> None:
    result = normalize(key, raw, context=NormalizeContext("US", NOW))
    assert result.normalized == expected
    assert "value.invisible_chars" in {w.id for w in result.warnings}
    assert any("removed invisible characters U+" in step for step in result.steps)


def test_zero_width_joiner_is_kept_it_spells_names_and_emoji() -> None:
    assert "value.invisible_chars" not in ids("fn", "می\u200cخواهم")


@pytest.mark.parametrize(
    "raw",
    ["94035-1234", "94035–1234", "94035—1234", "94035\u00a01234", "94035 1234", "94035\u22121234",
     " 94035 – 1234 ", "٩٤٠٣٥-١٢٣٤", "９４０３５－１２３４"],
)  # fmt: skip
def test_us_zip_plus_4_in_any_spelling_is_cut_to_5_digits(raw: str) -> None:
    assert normalize("zp", raw, context=NormalizeContext("US", NOW)).normalized == "94035"


def test_zip_plus_4_without_a_default_country_is_read_as_us() -> None:
    assert normalize("zp", "94035–1234", context=NormalizeContext(None, NOW)).normalized == "94035"
    # Not a ZIP+4 shape: other countries' codes keep their digits.
    assert normalize("zp", "1000-001", context=NormalizeContext(None, NOW)).normalized == "1000001"
    assert normalize("zp", "K1A 0B1", context=NormalizeContext("CA", NOW)).normalized == "k1a0b1"


def test_external_id_warns_when_the_tools_would_disagree() -> None:
    assert "external_id.tools_differ" in ids("external_id", "User 123")
    assert ids("external_id", "user-123") == {"external_id.consistency"}
    message = next(
        w.message for w in normalize("external_id", "ABC").warnings if w.id.endswith("differ")
    )
    assert "parameter builder lowercases" in message and "unhashed" in message
