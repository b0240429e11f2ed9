"""Public API shape: results, JSON form, key tables, lists, whole user_data, hostile input."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from capi_desktop.domain.normalize import (
    HASHED_KEYS,
    KEY_ALIASES,
    MULTI_VALUE_KEYS,
    NEVER_HASHED_KEYS,
    FieldResult,
    NormalizeContext,
    canonical_key,
    normalize,
    normalize_user_data,
    normalize_values,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def test_key_tables() -> None:
    assert {
        "em",
        "ph",
        "fn",
        "ln",
        "ge",
        "db",
        "ct",
        "st",
        "zp",
        "country",
        "external_id",
    } == HASHED_KEYS
    assert "client_ip_address" in NEVER_HASHED_KEYS and "ig_sid" in NEVER_HASHED_KEYS
    assert not HASHED_KEYS & NEVER_HASHED_KEYS
    assert {"em", "ph", "fn", "ln"} <= MULTI_VALUE_KEYS
    assert KEY_ALIASES["email"] == "em" and KEY_ALIASES["first_name"] == "fn"
    assert canonical_key("Phone") == "ph" and canonical_key("em") == "em"
    assert canonical_key("nonsense") is None


@pytest.mark.parametrize(
    ("key", "hint"), [("email", "'em'"), ("first_name", "'fn'"), ("phnoe", "'ph'")]
)
def test_unknown_key_warns_with_did_you_mean(key: str, hint: str) -> None:
    result = normalize(key, "x")
    assert result.status == "warning" and result.sha256 is None
    assert result.warnings[0].id == "key.unknown"
    assert f"Did you mean {hint}?" in result.warnings[0].message


def test_unknown_key_without_suggestion() -> None:
    assert "Did you mean" not in normalize("zzzzzz", "x").warnings[0].message


def test_to_json_shape() -> None:
    result = normalize("em", " A@B.co ", context=NormalizeContext(now=NOW))
    data = result.to_json()
    assert list(data) == ["field", "input", "normalized", "sha256", "status", "steps", "warnings"]
    assert data["field"] == "em" and data["input"] == " A@B.co "
    assert data["steps"] == ["trimmed spaces", "lowercased"] and data["warnings"] == []
    json.dumps(data)
    warned = normalize("ph", "0612 345 678").to_json()
    assert warned["warnings"][0].keys() == {"id", "message"}


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        ("", "value.empty"),
        ("   \t\n", "value.empty"),
        (None, "value.type"),
        (1.5, "value.type"),
        (True, "value.type"),
        (["a@b.co"], "value.type"),
        ({"a": 1}, "value.type"),
        ("a\ud800@b.co", "value.encoding"),
        ("\udfff", "value.encoding"),
        ("a" * 1_000_000 + "@b.co", "value.too_long"),
    ],
)
def test_hostile_values_become_errors(raw: object, warning: str) -> None:
    for key in ("em", "ph", "fbc", "client_ip_address", "lead_id"):
        result = normalize(key, raw)
        assert result.status == "error", (key, raw)
        assert result.warnings[0].id == warning


def test_control_characters_are_removed_with_a_warning() -> None:
    result = normalize("em", "a\x00b@c.co\x07")
    assert result.normalized == "ab@c.co"
    assert "value.control_chars" in {w.id for w in result.warnings}


def test_integers_are_accepted_as_text() -> None:
    assert normalize("lead_id", 1234567890).normalized == "1234567890"
    assert normalize("ph", 16505551212).normalized == "16505551212"


def test_bad_key_type_never_raises() -> None:
    result = normalize(42, "x")  # type: ignore[arg-type]
    assert result.status == "warning" and result.key == "42"


def test_normalize_values_collapses_duplicates_in_order() -> None:
    results = normalize_values("em", ["Joe@Example.com", "b@c.co", "joe@example.com ", "B@C.CO"])
    assert [r.normalized for r in results] == ["joe@example.com", "b@c.co"]
    assert any("collapsed duplicate" in s for s in results[0].steps)


def test_normalize_values_accepts_a_scalar_and_keeps_errors() -> None:
    assert [r.normalized for r in normalize_values("em", "a@b.co")] == ["a@b.co"]
    results = normalize_values("em", ["bad", "bad", "a@b.co"])
    assert [r.status for r in results] == ["error", "error", "ok"]


def test_single_value_key_given_a_list_is_warned() -> None:
    results = normalize_values(
        "client_user_agent", ["Mozilla/5.0 (X11) Firefox/120", "Mozilla/5.0 (Mac) Safari/17"]
    )
    assert "key.single_value" in {w.id for w in results[1].warnings}


def test_normalize_user_data_full_record() -> None:
    user_data = {
        "em": ["John@Example.com", "john@example.com"],
        "ph": "(650) 555-1212",
        "fn": "Mary-Ann",
        "st": "California",
        "client_ip_address": "8.8.8.8",
        "email": "oops@example.com",
    }
    out = normalize_user_data(user_data, context=NormalizeContext("US", NOW))
    assert list(out) == list(user_data)
    assert len(out["em"]) == 1
    assert out["ph"][0].normalized == "16505551212"
    assert out["st"][0].normalized == "ca"
    assert out["client_ip_address"][0].status == "never_hash"
    assert out["email"][0].warnings[0].id == "key.unknown"
    assert all(isinstance(r, FieldResult) for rs in out.values() for r in rs)


def test_results_are_frozen_and_hashable() -> None:
    result = normalize("em", "a@b.co")
    with pytest.raises(AttributeError):
        result.status = "ok"  # type: ignore[misc]
    assert hash(result) == hash(normalize("em", "a@b.co"))


def test_unknown_default_country_is_reported_and_ignored() -> None:
    result = normalize("ph", "0612 345 678", context=NormalizeContext("Atlantis"))
    assert {"context.unknown_country", "ph.no_country"} <= {w.id for w in result.warnings}
    assert normalize("em", "a@b.co", context=NormalizeContext("Atlantis")).warnings == ()
    assert normalize("ph", "020 7946 0958", context=NormalizeContext("uk")).normalized == (
        "442079460958"
    )
