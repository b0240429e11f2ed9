"""Each shortcut of the engine gives what the generic code it skips gives, on any input."""

from __future__ import annotations

import dataclasses
import ipaddress
import pickle
import re
import unicodedata
from datetime import UTC, datetime

import phonenumbers
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from phonenumbers.phonemetadata import PhoneMetadata

from capi_desktop.domain.normalize import (
    ALL_KEYS,
    NormalizeContext,
    clear_caches,
    engine,
    normalize,
    normalize_user_data,
    normalize_values,
    phone_fast,
)
from capi_desktop.domain.normalize.cookies import created_at, created_text
from capi_desktop.domain.normalize.model import FieldResult, FieldWarning, field_result
from capi_desktop.domain.normalize.rules_clear import _dotted_quad
from capi_desktop.domain.normalize.trace import keep_chars

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
KEYS = st.sampled_from([*sorted(ALL_KEYS), "email", "unknown"])
VALUES = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A[ +(]{0,2}[0-9][0-9 ()./-]{5,16}\Z"),
    st.integers(-5, 10**12),
    st.none(),
    st.lists(st.sampled_from(["a@b.com", " A@B.com", "US", "x", 5]), max_size=3),
)
CONTEXTS = st.sampled_from(
    [NormalizeContext(c, now) for c in (None, "US", "GB", "zz") for now in (None, NOW)]
)


def _keep_chars_by_category(value: str, keep_digits: bool) -> tuple[str, str]:
    kept = [ch for ch in value if _kept(ch, keep_digits)]
    return "".join(kept), "".join(ch for ch in value if not _kept(ch, keep_digits))


def _kept(ch: str, keep_digits: bool) -> bool:
    category = unicodedata.category(ch)
    return category[0] in "LM" or (keep_digits and category == "Nd")


@SETTINGS
@given(value=st.text(alphabet=st.characters(max_codepoint=127)), keep_digits=st.booleans())
def test_ascii_keep_chars_splits_like_the_unicode_categories(value: str, keep_digits: bool) -> None:
    assert keep_chars(value, keep_digits) == _keep_chars_by_category(value, keep_digits)


@SETTINGS
@given(ms=st.one_of(st.integers(0, 10**13 - 1), st.integers(10**12, 10**12 + 10**6)))
def test_created_text_is_the_isoformat_of_created_at(ms: int) -> None:
    moment = created_at(ms)
    assert moment is not None
    assert created_text(ms) == moment.isoformat(" ", "seconds")[:19]


def test_created_text_at_second_boundaries() -> None:
    for ms in (0, 999, 1000, 1_733_500_000_999, 9_999_999_999_999, 10**13, -1):
        moment = created_at(ms)
        expected = None if moment is None else moment.isoformat(" ", "seconds")[:19]
        assert created_text(ms) == expected, ms


@SETTINGS
@given(
    value=st.one_of(
        st.from_regex(r"\A[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}\Z"),
        st.text(alphabet="0123456789.:%[]abf", max_size=20),
    )
)
def test_dotted_quad_accepts_exactly_what_ipaddress_reads_as_plain_ipv4(value: str) -> None:
    try:
        expected: int | None = int(ipaddress.IPv4Address(value))
    except ValueError:
        expected = None
    assert _dotted_quad(value) == expected


def test_combined_type_patterns_are_safe_to_join() -> None:
    # phone_fast joins a region's type patterns into one alternation: sound only while no
    # pattern carries a backreference or an inline flag.
    risky = re.compile(r"\\[1-9]|\(\?P=|\(\?[aiLmsux]")
    for code, regions in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items():
        for region in regions:
            metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, region)
            for name in ("general_desc", *phone_fast._TYPES, "mobile"):
                desc = getattr(metadata, name, None)
                pattern = getattr(desc, "national_number_pattern", None) or ""
                assert not risky.search(pattern), (region, name, pattern)


@SETTINGS
@given(key=KEYS, raw=VALUES, context=CONTEXTS)
def test_user_data_and_value_lists_take_the_same_path_as_normalize(
    key: str, raw: object, context: NormalizeContext
) -> None:
    clear_caches()
    listed = normalize_values(key, raw, context=context)
    direct = normalize_user_data({key: raw}, context=context)[key]
    assert [r.to_json() for r in direct] == [r.to_json() for r in listed]
    if not isinstance(raw, list):
        clear_caches()
        assert [r.to_json() for r in listed] == [normalize(key, raw, context=context).to_json()]
    again = normalize_user_data({key: raw}, context=context)[key]  # from the cache
    assert [r.to_json() for r in again] == [r.to_json() for r in direct]


@SETTINGS
@given(
    texts=st.lists(st.one_of(st.none(), st.text(max_size=8)), min_size=5, max_size=5),
    steps=st.lists(st.text(max_size=5), max_size=3),
)
def test_field_result_builds_the_same_object_as_the_dataclass(
    texts: list[str | None], steps: list[str]
) -> None:
    key, raw, normalized, digest, status = (t or "" for t in texts)
    warnings = (FieldWarning("x.y", "z"),)
    fast = field_result(key, raw, normalized, digest, status, tuple(steps), warnings)
    slow = FieldResult(key, raw, normalized, digest, status, tuple(steps), warnings)
    assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
    assert dataclasses.replace(fast, status="ok") == dataclasses.replace(slow, status="ok")
    assert pickle.loads(pickle.dumps(fast)) == slow


def test_result_cache_stays_bounded_and_keeps_the_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "_MAX_RESULTS", 8)
    clear_caches()
    results = [normalize("em", f"user{i}@example.com") for i in range(30)]
    assert _cached_count() <= 8
    assert normalize("em", "user29@example.com") is results[-1]  # still cached
    assert normalize("em", "user0@example.com") == results[0]  # recomputed, same answer


def test_clock_context_is_the_current_minute_and_day() -> None:
    for _ in range(3):  # a minute may turn between the two readings
        expected = datetime.now(UTC).replace(second=0, microsecond=0)
        minute = engine._clock_context("fbc", NormalizeContext("US")).now
        day = engine._clock_context("db", NormalizeContext("US")).now
        if minute == expected:
            break
    assert minute == expected
    assert day == expected.replace(hour=0, minute=0)


def _cached_count() -> int:
    return sum(len(table) for table in engine._tables.values())
