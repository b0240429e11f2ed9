"""Model of facebook-business 26.0.3 (PyPI): UserData(...).normalize() → Normalize.normalize_field.

Verified by tests/differential against the real package. Source lines cited are
facebook_business/adobjects/serverside/normalize.py and user_data.py of that release.
"""

from __future__ import annotations

import re

from capi_desktop.domain.normalize.geo import is_alpha2
from capi_desktop.domain.normalize.impl_base import Outcome, clear, error, hashed, null, omitted

VERSION = "26.0.3"
# The SDK runs Python's own `re` (Unicode \s and \d) and str.lower/strip: the same here.
_LOCATION = re.compile(r"[0-9.\s\-()]")
_NOT_AZ = re.compile(r"[^a-z]")
_EMAIL = re.compile(r".+@.+\..+")
_HASHED = re.compile(r"^[a-f0-9]{32}$|^[a-f0-9]{64}$")
_PHONE_SYMBOLS = re.compile(r"[\s\-()]")
_PHONE_PREFIX = re.compile(r"^\+?0{0,2}")
_INTL_PHONE = re.compile(r"^\d{1,4}\(?\d{2,3}\)?\d{4,}$")
CLEAR_KEYS = frozenset({"external_id", "fbc", "fbp", "client_ip_address", "client_user_agent"})

RULES: tuple[tuple[str, str], ...] = (
    ("every hashed key: lowercase, then str.strip()", "normalize.py: data.lower().strip()"),
    (
        "32 or 64 lowercase hex after that → sent as-is",
        "normalize.py: is_already_hashed (md5_pattern, sha256_pattern)",
    ),
    (
        "whitespace-only → hashes the empty string (e3b0c442…)",
        "normalize.py: only `len(data) == 0` returns None",
    ),
    ("empty string → the key is sent as [null]", "user_data.py: __normalize_list keeps None"),
    ("em: must match .+@.+\\..+ else TypeError", "normalize.py: validate_email"),
    ("ct, st: removes 0-9 . whitespace - ( ) only", "normalize.py: location_excluded_chars"),
    ("zp: whitespace removed, cut at the first '-'", "normalize.py: field == 'zp'"),
    ("country: keeps a-z, must be a pycountry alpha-2 else TypeError", "normalize.py: 'country'"),
    (
        "ph: strips whitespace - ( ), then '+' and up to two leading zeros twice; "
        "Unicode digits accepted; ValueError unless ^\\d{1,4}\\(?\\d{2,3}\\)?\\d{4,}$",
        "normalize.py: get_international_number",
    ),
    ("fn, ln, db, ge: lowercase + strip only (no date or gender mapping)", "normalize.py"),
    (
        "external_id, fbc, fbp, IP, user agent: sent exactly as given (not trimmed, not hashed)",
        "user_data.py: normalize() → __dedup_list(self.external_ids), self.fbc",
    ),
)


def _normalize(key: str, v: str) -> Outcome:
    if key == "em":
        if _EMAIL.match(v) is None:
            return error("TypeError: Invalid email format")
        return hashed(v, "lowercase + strip; accepted by .+@.+\\..+")
    if key in ("ct", "st"):
        return hashed(_LOCATION.sub("", v), "removes digits, '.', whitespace, '-', '(', ')' only")
    if key == "zp":
        return hashed(re.sub(r"\s", "", v).split("-")[0], "whitespace removed, cut at first '-'")
    if key == "country":
        code = _NOT_AZ.sub("", v)
        if not is_alpha2(code):
            return error("TypeError: Invalid format for country (alpha-2 codes only)")
        return hashed(code, "keeps a-z; must be an alpha-2 code")
    if key == "ph":
        digits = _PHONE_PREFIX.sub("", _PHONE_PREFIX.sub("", _PHONE_SYMBOLS.sub("", v)))
        found = None if digits.startswith("0") else _INTL_PHONE.match(digits)
        if found is None:
            return error("ValueError: Invalid format for phone number")
        return hashed(found.group(), "strips whitespace - ( ) + and leading 00; no country code")
    if not v:
        return hashed(v, "whitespace only, stripped to nothing")
    return hashed(v, "lowercase + strip only (no field-specific rule)")


def model(key: str, raw: str) -> Outcome:
    """What UserData(...).normalize() puts under `key` for the single value `raw`."""
    if key in CLEAR_KEYS:
        return clear(raw, "sent exactly as given (not trimmed, not hashed)")
    if not raw:
        if key == "ge":
            return omitted("empty string → normalize_field returns None, nothing sent")
        return null("empty string → the key is sent as [null]")
    value = raw.lower().strip()
    if _HASHED.match(value):
        return clear(value, "looks hashed → sent as-is, not re-hashed")
    if key == "ge":
        return hashed(value, "only the Gender enum is accepted; a raw string is only lowercased")
    return _normalize(key, value)
