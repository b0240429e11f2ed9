"""Rules for st, zp and country: codes via pycountry, US and UK postal conventions."""

from __future__ import annotations

import re
import unicodedata

from capi_desktop.domain.normalize.geo import (
    country_name,
    fold,
    lookup_country,
    region_of,
    subdivision_codes,
)
from capi_desktop.domain.normalize.model import NormalizeContext
from capi_desktop.domain.normalize.trace import (
    Trace,
    describe_removed,
    letters_only,
    lowercase,
    nfc,
    show,
)

_US_ZIP = re.compile(r"([0-9]{5})(?:[0-9]{4})?")
# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign; \s covers
# NBSP and the other Unicode spaces people paste between a ZIP and its +4.
_ZIP_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]+")
_ASCII_ZIP_SEPARATORS = bytes(c for c in range(128) if _ZIP_SEPARATORS.fullmatch(chr(c)))
_ZIP_PLUS_4 = re.compile(r"[0-9]{5}[\s\-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d]+[0-9]{4}")
_UK_POSTCODE = re.compile(r"[a-z]{1,2}\d[a-z\d]?\d[a-z]{2}")


def rule_st(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    region = region_of(ctx.default_country)
    value = nfc(lowercase(value, trace), trace)
    kept = letters_only(
        value,
        trace,
        keep_digits=True,
        removed_what="punctuation and spaces",
        empty_code="st.empty",
        empty_message="Nothing is left of the state after removing punctuation.",
    )
    if kept is None:
        return None
    if region in (None, "US"):
        code = subdivision_codes("US").get(fold(kept)) if kept.isascii() else None
        if code is not None:
            if code != kept:
                assumed = "" if region else " (assumed US: no default country)"
                trace.step(f"mapped {show(value)} to {code!r}{assumed}")
            return code
        if region == "US":
            trace.warn(
                "st.unknown_us_state",
                f"{show(value)} is not a US state name or 2-letter code; Meta expects the "
                "2-letter ANSI code (e.g. 'ca').",
            )
    elif len(kept) > 2 and region == "CA" and fold(kept) in subdivision_codes("CA"):
        trace.step(
            "note: Meta's docs ask for the name without punctuation outside the US; "
            "Meta's parameter builder sends the province code "
            f"{subdivision_codes('CA')[fold(kept)]!r} instead"
        )
    return kept


def rule_zp(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    region = region_of(ctx.default_country)
    lowered = value.lower()  # lowercase() inlined: one Python call less per zip
    if lowered != value:
        trace.step("lowercased")
    value = lowered
    if not value.isascii() and any(ch.isdigit() and not ch.isascii() for ch in value):
        value = "".join(str(unicodedata.digit(ch)) if ch.isdigit() else ch for ch in value)
        trace.step("converted non-ASCII digits to 0-9")
    if value.isdigit():
        compact = value
    elif value.isascii():  # what _ZIP_SEPARATORS matches in ASCII, deleted by bytes.translate
        compact = value.encode("ascii").translate(None, _ASCII_ZIP_SEPARATORS).decode("ascii")
    else:
        compact = _ZIP_SEPARATORS.sub("", value)
    if compact != value:
        trace.step("removed spaces and dashes")
    if not compact:
        trace.fail("zp.empty", "Nothing is left of the zip code.")
        return None
    us_match = _US_ZIP.fullmatch(compact)
    if region == "US" or (region is None and us_match and _ZIP_PLUS_4.fullmatch(value)):
        if us_match:
            if us_match.group(1) != compact:
                trace.step("kept the first 5 digits (US ZIP)")
            return us_match.group(1)
        if compact.isdigit() and len(compact) < 5:
            trace.warn(
                "zp.us_leading_zero",
                f"US ZIP codes have 5 digits; {show(compact)} probably lost its leading "
                f"zero(s) (e.g. in a spreadsheet): {compact.zfill(5)!r}?",
            )
        else:
            trace.warn("zp.us_format", f"{show(compact)} is not a 5-digit US ZIP code.")
        return compact
    if region == "GB" and not _UK_POSTCODE.fullmatch(compact):
        trace.warn("zp.uk_format", f"{show(compact)} does not look like a UK postcode.")
    odd = [ch for ch in compact if not ch.isalnum()]
    if odd:
        trace.warn("zp.punctuation", f"The zip code contains {describe_removed(''.join(odd))}.")
    return compact


def rule_country(value: str, ctx: NormalizeContext, trace: Trace) -> str | None:
    found = lookup_country(value)
    if found is None:
        trace.fail(
            "country.unknown",
            f"Unknown country {show(value)}: use the ISO 3166-1 alpha-2 code, e.g. 'us'.",
        )
        return None
    code, how = found
    if code != value:
        if how == "alpha-2 code":
            if value.lower() != code:
                trace.step("removed punctuation")
            if value != value.lower():
                trace.step("lowercased")
        else:
            trace.step(f"mapped {show(value)} ({how}) to {code!r} ({country_name(code)})")
    if fold(value) == "uk":
        trace.step("note: 'UK' is not an ISO code; the United Kingdom is 'gb'")
    return code
