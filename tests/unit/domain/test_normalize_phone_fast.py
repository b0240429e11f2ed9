"""The phone fast path gives exactly what phonenumbers gives: validity, and the whole ph rule."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import phonenumbers
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from capi_desktop.domain.normalize import NormalizeContext, phone_fast
from capi_desktop.domain.normalize.rules_phone import rule_ph, rule_ph_reference
from capi_desktop.domain.normalize.trace import Trace

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
COUNTRIES = (None, "US", "CA", "GB", "UK", "DE", "FR", "IT", "IN", "BR", "AU", "JP", "AQ", "XX")
CONTEXTS = st.sampled_from([NormalizeContext(c, NOW) for c in COUNTRIES])
SETTINGS = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _examples() -> list[tuple[int, str]]:
    """(calling code, national significant number) of every example number phonenumbers has."""
    found = []
    for code, regions in sorted(phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()):
        for region in regions:
            for kind in range(12):
                if region == "001":
                    number = phonenumbers.example_number_for_non_geo_entity(code)
                else:
                    number = phonenumbers.example_number_for_type(region, kind)
                if number is not None:
                    found.append((code, phonenumbers.national_significant_number(number)))
    return sorted(set(found))


EXAMPLES = _examples()
SAMPLE_NUMBERS = st.sampled_from(EXAMPLES)


def _outcome(rule: object, value: str, context: NormalizeContext) -> tuple[object, ...]:
    trace = Trace()
    result = rule(value, context, trace)  # type: ignore[operator]
    return result, trace.failed, tuple(trace.steps), tuple(trace.warnings)


def _reference_valid(code: int, nsn: str) -> bool:
    number = phonenumbers.PhoneNumber(country_code=code, national_number=int(nsn))
    return bool(phonenumbers.is_valid_number(number))


def test_validity_matches_phonenumbers_on_every_example_and_its_neighbours() -> None:
    rnd = random.Random(14)
    checked = valid = 0
    for code, nsn in EXAMPLES:
        neighbours = {nsn, nsn + "1", nsn[:-1], str(int(nsn) + 1)}
        neighbours |= {nsn[:-2] + f"{rnd.randrange(100):02d}" for _ in range(4)}
        neighbours |= {"".join(rnd.choice("0123456789") for _ in nsn).lstrip("0") or "1"}
        for candidate in sorted(n for n in neighbours if n and not n.startswith("0")):
            expected = _reference_valid(code, candidate)
            assert phone_fast.is_valid(code, candidate) == expected, (code, candidate)
            checked += 1
            valid += expected
    assert checked > 8000 and 0.3 < valid / checked < 0.95  # both answers well represented


@SETTINGS
@given(code=st.integers(0, 999), nsn=st.from_regex(r"\A[1-9][0-9]{1,16}\Z"))
def test_validity_matches_phonenumbers_on_any_digits(code: int, nsn: str) -> None:
    assert phone_fast.is_valid(code, nsn) == _reference_valid(code, nsn)


def _written(code: int, nsn: str, style: int) -> str:
    """One number written as people write it: +code, 00code, national, spaced, dashed."""
    grouped = " ".join(nsn[i : i + 3] for i in range(0, len(nsn), 3))
    return [
        f"+{code}{nsn}",
        f"+{code} {grouped}",
        f"00{code} {nsn}",
        f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}",
        nsn,
        f"{code}{nsn}",
        f"0{nsn}",
        f"+{code} (0) {nsn}",
        f"{nsn} ext. 12",
        f"+{code}-{nsn[:2]}-{nsn[2:]}",
    ][style]


@SETTINGS
@given(sample=SAMPLE_NUMBERS, style=st.integers(0, 9), context=CONTEXTS)
@example(sample=(1, "6502530000"), style=1, context=NormalizeContext("US", NOW))
@example(sample=(1, "6502530000"), style=3, context=NormalizeContext("US", NOW))
@example(sample=(44, "7400123456"), style=4, context=NormalizeContext("GB", NOW))
def test_rule_matches_the_full_path_on_real_numbers(
    sample: tuple[int, str], style: int, context: NormalizeContext
) -> None:
    value = _written(*sample, style)
    assert _outcome(rule_ph, value, context) == _outcome(rule_ph_reference, value, context)


PHONE_SHAPED = st.one_of(
    st.from_regex(r"\A[ +(]{0,2}[0-9][0-9 ()./-]{2,18}\Z"),
    st.from_regex(r"\A(\+|00)?[1-9][0-9]{2,15}\Z"),
    st.text(alphabet="0123456789+-() .x#٣", max_size=24),
    st.text(max_size=30),
)


@SETTINGS
@given(value=PHONE_SHAPED, context=CONTEXTS)
def test_rule_matches_the_full_path_on_any_text(value: str, context: NormalizeContext) -> None:
    value = value.strip()
    if not value:
        return
    assert _outcome(rule_ph, value, context) == _outcome(rule_ph_reference, value, context)


@pytest.mark.parametrize(
    ("value", "country"),
    [("+1 (650) 253-0000", "US"), ("(650) 253-0000", "US"), ("+49 30 123456", None)],
)
def test_common_shapes_take_the_fast_path(value: str, country: str | None) -> None:
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.startswith("+"):
        assert phone_fast.international(digits) is not None
    else:
        assert phone_fast.national(digits, country or "") is not None


# Found by a random search: numbers valid as written that phonenumbers' parse reads through
# the region's national-prefix rule (KN/MP/MS: 7-digit local numbers get the area code; BY:
# a leading 8 is stripped). The shortcut must step aside for them.
PREFIX_RULE_CASES = [("3106785", "KN"), ("3106228", "MP"), ("3104955", "MS")]


@pytest.mark.parametrize(("digits", "country"), PREFIX_RULE_CASES)
def test_national_prefix_rules_leave_the_fast_path(digits: str, country: str) -> None:
    assert phone_fast.national(digits, country) is None
    context = NormalizeContext(country, NOW)
    assert _outcome(rule_ph, digits, context) == _outcome(rule_ph_reference, digits, context)


def test_national_prefix_after_the_country_code_leaves_the_fast_path() -> None:
    assert phone_fast.international("3758104769306") is None
    context = NormalizeContext(None, NOW)
    value = "+375 8104769306"
    assert _outcome(rule_ph, value, context) == _outcome(rule_ph_reference, value, context)


def test_only_x_and_hash_can_start_an_extension() -> None:
    # rule_ph runs its extension regex only on text with an x, X or '#': every spelling it
    # knows (ext, extension, x, #) needs one, and no other code point matches x ignoring case.
    x_like = re.compile("(?i)x")
    others = [
        chr(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and x_like.fullmatch(chr(code)) and chr(code) not in "xX"
    ]
    assert others == []
