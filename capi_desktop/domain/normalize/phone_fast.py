"""Exact shortcut for well-formed phone digits: phonenumbers' own metadata, precompiled, no parse.

`phonenumbers.parse` plus `is_valid_number` cost ~20 µs per number, most of it re-running the
same regexes through generic code. For plain ASCII digits whose reading cannot involve a
national prefix, an international prefix or Italian leading zeros, parse's result is known
without running it (the country code, then the digits as they are), and validity is the same
`_number_type_helper` decision made with the region's patterns compiled once. Anything else
returns None and the caller runs phonenumbers itself. tests/unit/domain/test_normalize_phone_fast.py
compares both, on the rule and on validity alone.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from phonenumbers import COUNTRY_CODE_TO_REGION_CODE
from phonenumbers.phonemetadata import REGION_CODE_FOR_NON_GEO_ENTITY, PhoneMetadata

_MIN_NSN, _MAX_NSN = 2, 17  # phonenumbers' _MIN_LENGTH_FOR_NSN / _MAX_LENGTH_FOR_NSN
_NEVER = re.compile(r"(?!)")
_CODES = {str(code): code for code in COUNTRY_CODE_TO_REGION_CODE}
# The number types _number_type_helper tries after the general description, in its order.
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
)
_Desc = tuple[frozenset[int], re.Pattern[str]]


def _desc(number_desc: Any) -> _Desc | None:
    """A PhoneNumberDesc as (possible lengths, compiled pattern); None when it never matches."""
    if number_desc is None or not number_desc.national_number_pattern:
        return None
    return frozenset(number_desc.possible_length), re.compile(number_desc.national_number_pattern)


def _any_type(types: tuple[_Desc | None, ...], length: int) -> re.Pattern[str]:
    """One alternation of the type patterns a number of `length` digits is tried against:
    it fullmatches exactly when one of them does (lengths checked here, once)."""
    found = [d[1].pattern for d in types if d is not None and (not d[0] or length in d[0])]
    return re.compile("|".join(f"(?:{p})" for p in found)) if found else _NEVER


@dataclass(frozen=True)
class _Plan:
    """What parse and _number_type_helper read from one region's metadata, compiled."""

    country_code: int
    general: _Desc | None
    types: tuple[_Desc | None, ...]
    leading_digits: re.Pattern[str] | None
    national_prefix: re.Pattern[str] | None
    international_prefix: re.Pattern[str]
    by_length: dict[int, re.Pattern[str]] = field(default_factory=dict, compare=False)

    def typed(self, nsn: str) -> bool:
        """_number_type_helper(nsn, metadata) != UNKNOWN: the general pattern, then any type."""
        if self.general is None:
            return False
        lengths, general = self.general
        size = len(nsn)
        if (lengths and size not in lengths) or general.fullmatch(nsn) is None:
            return False
        pattern = self.by_length.get(size)
        if pattern is None:
            pattern = self.by_length[size] = _any_type(self.types, size)
        return pattern.fullmatch(nsn) is not None

    def strips_prefix(self, national: str) -> bool:
        """True when parse might strip a national prefix from `national` (then: no shortcut)."""
        return self.national_prefix is not None and self.national_prefix.match(national) is not None


def _plan(metadata: Any) -> _Plan:
    names = _TYPES if metadata.same_mobile_and_fixed_line_pattern else (*_TYPES, "mobile")
    npp = metadata.national_prefix_for_parsing
    idd = metadata.international_prefix
    return _Plan(
        metadata.country_code,
        _desc(metadata.general_desc),
        tuple(_desc(getattr(metadata, name)) for name in names),
        re.compile(metadata.leading_digits) if metadata.leading_digits is not None else None,
        re.compile(npp) if npp else None,
        re.compile(idd) if idd is not None else _NEVER,
    )


@functools.cache
def _region_plan(region: str) -> _Plan | None:
    """The plan of a region parse accepts as default region, else None."""
    if region not in phonenumbers.SUPPORTED_REGIONS:
        return None
    metadata = PhoneMetadata.metadata_for_region(region, None)
    return None if metadata is None else _plan(metadata)


@functools.cache
def _country_plans(country_code: int) -> tuple[tuple[str, _Plan | None, _Plan | None], ...]:
    """Per region of a calling code: (region, its own metadata plan, the plan validity uses)."""
    rows = []
    for region in COUNTRY_CODE_TO_REGION_CODE[country_code]:
        own = PhoneMetadata.metadata_for_region(region.upper(), None)
        check = PhoneMetadata.metadata_for_region_or_calling_code(country_code, region.upper())
        usable = check is not None and (
            region == REGION_CODE_FOR_NON_GEO_ENTITY
            or country_code == phonenumbers.country_code_for_valid_region(region)
        )
        own_plan = None if own is None else _plan(own)
        check_plan = (own_plan if check is own else _plan(check)) if usable else None
        rows.append((region, own_plan, check_plan))
    return tuple(rows)


@functools.cache
def _parse_plan(country_code: int) -> _Plan:
    """The metadata parse uses for a number written with +country_code."""
    region = phonenumbers.region_code_for_country_code(country_code)
    return _plan(PhoneMetadata.metadata_for_region_or_calling_code(country_code, region))


def is_valid(country_code: int, nsn: str) -> bool:
    """phonenumbers.is_valid_number for that calling code and national significant number."""
    if country_code not in COUNTRY_CODE_TO_REGION_CODE:
        return False
    rows = _country_plans(country_code)
    if len(rows) == 1:
        check = rows[0][2]
        return check is not None and check.typed(nsn)
    for _region, own, check in rows:  # region_code_for_number, then is_valid_number_for_region
        if own is None:
            continue
        if own.leading_digits is not None:
            if own.leading_digits.match(nsn):
                return check is not None and check.typed(nsn)
        elif own.typed(nsn):
            return check is not None and (check is own or check.typed(nsn))
    return False


def _plain(digits: str) -> bool:
    return digits.isascii() and digits.isdigit() and len(digits) <= 64


def international(digits: str) -> int | None:
    """The calling code when parse("+" + digits) is that code + the rest as-is and is valid."""
    if not _plain(digits) or len(digits) < 3 or digits[0] == "0":
        return None
    for size in (1, 2, 3):  # _extract_country_code: the shortest known prefix
        code = _CODES.get(digits[:size], 0)
        if code:
            break
    else:
        return None
    national = digits[size:]
    if not _MIN_NSN <= len(national) <= _MAX_NSN or national[0] == "0":
        return None
    if _parse_plan(code).strips_prefix(national) or not is_valid(code, national):
        return None
    return code


def national(digits: str, region: str) -> int | None:
    """The calling code when parse(digits, region) is region's code + digits as-is and is valid."""
    plan = _region_plan(region)
    if plan is None or not _plain(digits) or not _MIN_NSN + 1 <= len(digits) <= _MAX_NSN:
        return None
    if digits[0] == "0" or digits.startswith(str(plan.country_code)):
        return None
    if plan.international_prefix.match(digits) or plan.strips_prefix(digits):
        return None
    return plan.country_code if is_valid(plan.country_code, digits) else None
