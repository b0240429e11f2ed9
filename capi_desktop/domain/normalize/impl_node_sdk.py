"""Model of facebook-nodejs-business-sdk 24.0.1 (npm dist/cjs.js): UserData.normalize().

Verified by tests/differential against the npm package (its GitHub main is ahead of npm; this
models what `npm install` gives). Source: src/objects/serverside/utils.js and user-data.js.
"""

from __future__ import annotations

import re

from capi_desktop.domain.normalize.geo import is_alpha2
from capi_desktop.domain.normalize.impl_base import (
    JS_SPACE,
    Outcome,
    clear,
    error,
    hashed,
    js_trim,
    null,
    omitted,
    utf16_len,
)

VERSION = "24.0.1"
_HASHED = re.compile(r"[a-f0-9]{64}|[a-f0-9]{32}")
_PHONE_DROP = re.compile(r"[\-@#<>'\",; ()+a-z]")
_PHONE_PREFIX = re.compile(r"^\+?0{0,2}")
_US_PHONE = re.compile(r"1\(?[0-9]{3}\)?[0-9]{7}")
_INTL_PHONE = re.compile(r"[0-9]{1,4}\(?[0-9]{2,3}\)?[0-9]{4,}")
_LOCATION = re.compile(f"[0-9{JS_SPACE}().-]")
_SPACE = re.compile(f"[{JS_SPACE}]")
# email-validator 2.0.4 `tester` (ASCII only; JS `$` does not accept a trailing newline).
_EMAIL = re.compile(
    r"[-!#$%&'*+/0-9=?A-Z^_a-z{|}~](\.?[-!#$%&'*+/0-9=?A-Z^_a-z`{|}~])*@"
    r"[a-zA-Z0-9](-*\.?[a-zA-Z0-9])*\.[a-zA-Z](-?[a-zA-Z0-9])+"
)
CLEAR_KEYS = frozenset({"external_id", "fbc", "fbp", "client_ip_address", "client_user_agent"})

RULES: tuple[tuple[str, str], ...] = (
    ("every hashed key: JS trim() then toLowerCase(); empty → [null]", "utils.js normalizeAndHash"),
    ("32/64 lowercase hex after that → sent as-is", "utils.js SHA256_REGEX, MD5_REGEX"),
    (
        "em: email-validator (ASCII-only, ≤254 chars, local part ≤64) else Error",
        "utils.js normalizeEmail",
    ),
    (
        "ph: removes - @ # < > ' \" , ; space ( ) + a-z (not dots, not tabs); drops up to two "
        "leading zeros only when the rest looks international; Error unless 7–16 characters",
        "utils.js normalizePhone, isInternationalPhoneNumber",
    ),
    ("ct, st: removes 0-9, JS whitespace, ( ) . -", "utils.js normalizeCity, normalizeState"),
    ("zp: JS whitespace removed, cut at '-'; under 2 characters → [null]", "utils.js normalizeZip"),
    (
        "country: the whole trimmed value must be an ISO alpha-2 code (iso-3166-1) else Error",
        "utils.js normalizeCountry",
    ),
    ("ge: keeps a-z; f/female → f, m/male → m; anything else → [null]", "utils.js normalizeGender"),
    ("fn, ln, db: trim + lowercase only (no date reformatting)", "utils.js normalizeAndHash"),
    (
        "external_id, fbc, fbp, IP, user agent: sent exactly as given; fbc/fbp '' omitted",
        "user-data.js normalize(): dedupArray(this.external_ids), if (this.fbc)",
    ),
)


def _is_international(number: str) -> bool:
    stripped = _PHONE_PREFIX.sub("", number, count=1)
    if stripped.startswith("0"):
        return False
    if stripped.startswith("1"):
        return _US_PHONE.fullmatch(stripped) is not None
    return _INTL_PHONE.fullmatch(stripped) is not None


def _email_ok(v: str) -> bool:
    if utf16_len(v) > 254 or _EMAIL.fullmatch(v) is None:
        return False
    local, _, domain = v.partition("@")
    return utf16_len(local) <= 64 and all(utf16_len(part) <= 63 for part in domain.split("."))


def _normalize(key: str, v: str) -> Outcome:
    if key == "em":
        if not _email_ok(v):
            return error("Error: Invalid email format (email-validator, ASCII only)")
        return hashed(v, "trim + lowercase")
    if key == "ph":
        cleaned = _PHONE_DROP.sub("", v)
        if _is_international(cleaned):
            cleaned = _PHONE_PREFIX.sub("", cleaned, count=1)
        if not 7 <= utf16_len(cleaned) <= 16:
            return error("Error: Invalid phone number format (7–16 characters)")
        return hashed(cleaned, "strips - @ # < > ' \" , ; space ( ) + and a-z; dots kept")
    if key in ("ct", "st"):
        return hashed(_LOCATION.sub("", v), "removes digits, whitespace, '(', ')', '.', '-'")
    if key == "zp":
        zp = _SPACE.sub("", v).split("-", 1)[0]
        if utf16_len(zp) < 2:
            return null("zip shorter than 2 characters → the key is sent as [null]")
        return hashed(zp, "whitespace removed, cut at '-'")
    if key == "country":
        upper = v.upper()
        if not (upper.isascii() and len(upper) == 2 and is_alpha2(upper)):
            return error("Error: Invalid country code (ISO 3166-1 alpha-2 only)")
        return hashed(v, "must be an alpha-2 code")
    if key == "ge":
        word = re.sub(r"[^a-z]", "", v)
        mapped = {"f": "f", "female": "f", "m": "m", "male": "m"}.get(word)
        if mapped is None:
            return null("not f/female/m/male → the key is sent as [null]")
        return hashed(mapped, "female/male → f/m")
    return hashed(v, "trim + lowercase only")


def model(key: str, raw: str) -> Outcome:
    """What UserData.normalize() puts under `key` for the single value `raw`."""
    if key in CLEAR_KEYS:
        if not raw and key != "external_id":
            return omitted("empty value → the key is left out")
        return clear(raw, "sent exactly as given (not trimmed, not hashed)")
    value = js_trim(raw).lower()
    if not value:
        return null("empty after trim → the key is sent as [null]")
    if _HASHED.fullmatch(value):
        return clear(value, "looks hashed → sent as-is, not re-hashed")
    return _normalize(key, value)
