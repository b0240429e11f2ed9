"""The engine's per-context result tables and built-in SHA-256 give what the plain code gives."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from capi_desktop.domain.normalize import (
    NormalizeContext,
    clear_caches,
    engine,
    normalize,
    normalize_user_data,
    normalize_values,
)
from capi_desktop.domain.normalize.hashed import sha256_hex
from capi_desktop.domain.normalize.pipeline import normalize_text

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_builtin_sha256_is_hashlibs(text: str) -> None:
    assert sha256_hex(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_each_context_keeps_its_own_results() -> None:
    clear_caches()
    contexts = [NormalizeContext(c, now) for c in (None, "US", "GB") for now in (None, NOW)]
    for context in contexts:
        for key, raw in (("ph", "020 7946 0958"), ("db", "01/02/1990"), ("zp", "94025-1234")):
            cached = normalize(key, raw, context=context)
            assert cached.to_json() == normalize_text(key, raw, _used(key, context)).to_json()
            assert normalize(key, raw, context=context) is cached


def _used(key: str, context: NormalizeContext) -> NormalizeContext:
    # Without a fixed clock the clock keys are normalized under the rounded clock.
    if context.now is None and key in ("db", "fbc", "fbp"):
        return engine._clock_context(key, context)
    return context


def test_user_data_takes_one_value_lists_and_odd_values_like_normalize_values() -> None:
    clear_caches()
    data: dict[str, object] = {
        "em": [" A@B.com "],
        "ph": ["+1 650 253 0000", "+16502530000"],
        "fn": "x" * 600,
        "ln": [5],
        "ct": None,
        "emial": "a@b.com",
        "ge": ("f",),
    }
    got = normalize_user_data(data, context=NormalizeContext("US", NOW))
    for key, value in data.items():
        expected = normalize_values(key, value, context=NormalizeContext("US", NOW))
        assert [r.to_json() for r in got[key]] == [r.to_json() for r in expected], key


def test_long_values_are_not_kept_and_clear_caches_empties_every_table() -> None:
    clear_caches()
    normalize("fn", "x" * 600, context=NormalizeContext("US", NOW))
    assert _cached_count() == 0
    normalize_user_data({"fn": "Mary", "em": ["a@b.com"]}, context=NormalizeContext("US"))
    assert _cached_count() == 2
    clear_caches()
    assert _cached_count() == 0


def _cached_count() -> int:
    return sum(len(table) for table in engine._tables.values())


@settings(max_examples=400, deadline=None)
@given(value=st.text(alphabet=st.characters(max_codepoint=127), max_size=20))
def test_ascii_zip_separators_are_deleted_like_the_regex(value: str) -> None:
    from capi_desktop.domain.normalize import rules_place

    deleted = value.encode("ascii").translate(None, rules_place._ASCII_ZIP_SEPARATORS)
    assert deleted.decode("ascii") == rules_place._ZIP_SEPARATORS.sub("", value)


@settings(max_examples=400, deadline=None)
@given(digits=st.from_regex(r"\A[0-9]{8}\Z"), country=st.sampled_from([None, "US", "GB"]))
def test_eight_digit_dates_come_back_as_the_date_they_name(
    digits: str, country: str | None
) -> None:
    result = normalize_text("db", digits, NormalizeContext(country, NOW))
    if result.normalized is None:
        return
    year, month, day = (
        int(p) for p in (result.normalized[:4], result.normalized[4:6], result.normalized[6:])
    )
    assert datetime(year, month, day).strftime("%Y%m%d") == result.normalized
    if 1800 <= int(digits[:4]) <= NOW.year + 1:  # read as YYYYMMDD: sent as typed
        assert result.normalized == digits and result.steps == ()
