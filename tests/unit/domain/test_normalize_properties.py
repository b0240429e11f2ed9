"""Property tests: never raises, hashes are 64 lowercase hex, idempotence, hashed passthrough."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from capi_desktop.domain.normalize import (
    ALL_KEYS,
    HASHED_KEYS,
    IMPLEMENTATIONS,
    STATUSES,
    NormalizeContext,
    normalize,
    normalize_values,
    variants,
)

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CONTEXTS = st.sampled_from(
    [NormalizeContext(c, NOW) for c in (None, "US", "GB", "FR", "DE", "CA", "JP", "IN", "BR")]
)
KEYS = st.sampled_from(sorted(ALL_KEYS))
HASHED = st.sampled_from(sorted(HASHED_KEYS))
# Every code point, lone surrogates and control characters included.
ANY_TEXT = st.text(alphabet=st.characters(codec=None, categories=None), max_size=80)
# Text shaped like real values, so the rules' happy paths get exercised too.
REALISTIC = st.one_of(
    st.from_regex(r"\A[ +(]{0,2}[0-9][0-9 ()./-]{5,16}\Z"),
    st.from_regex(r"\A[A-Za-z][A-Za-z'. -]{0,15}\Z"),
    st.from_regex(r"\A[a-zA-Z0-9._+-]{1,10}@[a-z]{1,8}\.[a-z]{2,3}\Z"),
    st.from_regex(r"\A[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{2,4}\Z"),
    st.sampled_from(
        ["Female", "m", "USA", "United States", "California", "SW1A 1AA", "94025-1234"]
    ),
)
VALUES = st.one_of(ANY_TEXT, REALISTIC)
HEX64 = re.compile(r"[0-9a-f]{64}")
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(key=KEYS, raw=VALUES, context=CONTEXTS)
def test_never_raises_and_results_are_well_formed(
    key: str, raw: str, context: NormalizeContext
) -> None:
    result = normalize(key, raw, context=context)
    assert result.status in STATUSES
    assert not any(w.id == "internal.error" for w in result.warnings), result
    if result.sha256 is not None:
        assert HEX64.fullmatch(result.sha256)
    if key in HASHED_KEYS and result.status in ("ok", "changed", "warning"):
        assert result.normalized is not None
        assert result.sha256 == hashlib.sha256(result.normalized.encode()).hexdigest()
    if result.status == "error":
        assert result.normalized is None and result.sha256 is None and result.warnings
    if key not in HASHED_KEYS:
        assert result.sha256 is None
    assert result.to_json()["field"] == key


@SETTINGS
@given(key=HASHED, raw=VALUES, context=CONTEXTS)
def test_normalizing_a_normalized_value_changes_nothing(
    key: str, raw: str, context: NormalizeContext
) -> None:
    first = normalize(key, raw, context=context)
    if first.normalized is None:
        return
    if any(w.id in ("ph.not_valid", "ph.ambiguous_country_code") for w in first.warnings):
        # Digits of a number outside every known range have no single reading (national or
        # with a country code); the warning says so and idempotence is not promised.
        return
    second = normalize(key, first.normalized, context=context)
    assert second.normalized == first.normalized, (first, second)
    if first.status != "already_hashed":
        assert second.sha256 == first.sha256


@SETTINGS
@given(key=HASHED, text=VALUES, upper=st.booleans(), pad=st.sampled_from(["", " ", "\t"]))
def test_already_hashed_values_pass_through(key: str, text: str, upper: bool, pad: str) -> None:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    raw = pad + (digest.upper() if upper else digest) + pad
    result = normalize(key, raw)
    assert result.status == "already_hashed"
    assert result.normalized == digest and result.sha256 == digest


@SETTINGS
@given(key=st.one_of(KEYS, ANY_TEXT), raws=st.lists(st.one_of(VALUES, st.none(), st.integers())))
def test_lists_never_raise_and_collapse_duplicates(key: str, raws: list[object]) -> None:
    results = normalize_values(key, raws)
    identities = [r.sha256 or r.normalized for r in results if (r.sha256 or r.normalized)]
    assert len(identities) == len(set(identities))


@settings(max_examples=100, deadline=None)
@given(key=HASHED, raw=VALUES, context=CONTEXTS)
def test_variants_never_raise(key: str, raw: str, context: NormalizeContext) -> None:
    found = variants(key, raw, context)
    assert len(found) == len(IMPLEMENTATIONS)
    for variant in found:
        assert variant.sha256 is None or HEX64.fullmatch(variant.sha256)
