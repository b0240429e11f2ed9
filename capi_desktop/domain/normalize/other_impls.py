"""Reimplementations of how other tools normalize user_data (landscape.md App. A, capi.md §3.2–3.4).

Each function takes (key, raw) for a hashed key and returns (normalized or None, note). They model
the behaviour described in the references, not the tools' code; None means the tool drops the
value or raises. Already-hashed handling is done by the caller from `PASSTHROUGH`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from capi_desktop.domain.normalize.geo import is_alpha2, lookup_country, subdivision_codes
from capi_desktop.domain.normalize.model import NormalizeContext
from capi_desktop.domain.normalize.rules_date import rule_db
from capi_desktop.domain.normalize.rules_text import rule_ge
from capi_desktop.domain.normalize.trace import Trace

Outcome = tuple[str | None, str]
Normalizer = Callable[[str, str], Outcome]

_PY_CITY = re.compile(r"[0-9.\s\-()]")
_PY_PHONE_SYMBOLS = re.compile(r"[\s\-()]")
_PY_PHONE_PREFIX = re.compile(r"^\+?0{0,2}")
_INTL_PHONE = re.compile(r"^\d{1,4}\(?\d{2,3}\)?\d{4,}$")
_US_PHONE = re.compile(r"^1\(?\d{3}\)?\d{7}$")
_NODE_PHONE_DROP = re.compile(r"[-@#<>'\",; ()+a-z]")
_ASCII_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?::?\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
    r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
)
_SIMPLE_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_NON_DIGITS = re.compile(r"\D")
_NON_AZ = re.compile(r"[^a-z]")
_NON_AZ09 = re.compile(r"[^a-z0-9]")


def _python_sdk(key: str, v: str) -> Outcome:
    if key == "em":
        if "@" not in v or not re.match(r".+@.+\..+", v):
            return None, "TypeError: Invalid email format"
        return v, "lowercase + trim only"
    if key in ("ct", "st"):
        return _PY_CITY.sub("", v), "removes digits, dots, whitespace, '-', '(', ')' only"
    if key == "zp":
        return re.sub(r"\s", "", v).split("-")[0], "whitespace removed, cut at the first '-'"
    if key == "country":
        code = _NON_AZ.sub("", v)
        if len(code) != 2 or not is_alpha2(code):
            return None, "TypeError: Invalid format for country (alpha-2 codes only)"
        return code, "keeps a-z; must be an alpha-2 code"
    if key == "ph":
        digits = _PY_PHONE_PREFIX.sub("", _PY_PHONE_PREFIX.sub("", _PY_PHONE_SYMBOLS.sub("", v)))
        if digits.startswith("0") or not _INTL_PHONE.match(digits):
            return None, "ValueError: Invalid format for phone number"
        return (
            digits,
            "strips whitespace, '-', '(', ')', '+', leading 00; never adds a country code",
        )
    if key == "ge":
        return v, "UserData needs the Gender enum; a raw string is only lowercased"
    return v, "lowercase + trim only (no field-specific rule)"


def _node_is_international(number: str) -> bool:
    stripped = _PY_PHONE_PREFIX.sub("", number)
    if stripped.startswith("0"):
        return False
    if stripped.startswith("1"):
        return _US_PHONE.match(stripped) is not None
    return _INTL_PHONE.match(stripped) is not None


def _node_sdk(key: str, v: str) -> Outcome:
    if key == "em":
        if not _ASCII_EMAIL.fullmatch(v):
            return None, "Error: Invalid email format (ASCII-only regex)"
        return v, "lowercase + trim"
    if key == "ph":
        cleaned = _NODE_PHONE_DROP.sub("", v)
        if _node_is_international(cleaned):
            cleaned = _PY_PHONE_PREFIX.sub("", cleaned)
        if not 7 <= len(cleaned) <= 15:
            return None, "Error: Invalid phone number format (7–15 characters)"
        return cleaned, "strips symbols, spaces and letters (not dots); no country code added"
    if key in ("ct", "st"):
        return _PY_CITY.sub("", v), "removes digits, dots, whitespace, '-', '(', ')'"
    if key == "zp":
        zp = re.sub(r"\s", "", v).split("-")[0]
        return (zp, "whitespace removed, cut at '-'") if len(zp) >= 2 else (None, "zip < 2 chars")
    if key == "country":
        if not (len(v) == 2 and is_alpha2(v)):
            return None, "Error: Invalid country (ISO 3166-1 alpha-2 lookup)"
        return v, "must be an alpha-2 code"
    if key == "ge":
        mapped = {"f": "f", "female": "f", "m": "m", "male": "m"}.get(_NON_AZ.sub("", v))
        return mapped, "female/male → f/m" if mapped else "unknown gender → null"
    if key == "external_id":
        return re.sub(r"\s", "", v), "hashed via the param builder in current user-data.js"
    return v, "lowercase + trim only"


def _strip_punct(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def _param_builder_js(key: str, v: str) -> Outcome:
    ctx = NormalizeContext()
    if key == "em":
        if not _SIMPLE_EMAIL.fullmatch(v):
            return None, "invalid email → null (value dropped)"
        return v, "lowercase + trim"
    if key == "ph":
        digits = _NON_DIGITS.sub("", v).lstrip("0")
        return (digits or None), "all non-digits and all leading zeros removed; no length check"
    if key in ("fn", "ln"):
        return _strip_punct(v) or None, "whitespace and punctuation removed"
    if key == "ct":
        return _NON_AZ09.sub("", v) or None, "keeps a-z and 0-9 only (non-Latin letters dropped)"
    if key == "st":
        letters = _NON_AZ09.sub("", v)
        code = subdivision_codes("US").get(letters) or subdivision_codes("CA").get(letters)
        if code:
            return code, "US state / Canadian province name mapped to its code"
        return letters[:2] or None, "not a known US/CA name: truncated to 2 characters"
    if key == "zp":
        return v.split("-")[0], "lowercase + trim, cut at '-'; inner spaces kept"
    if key == "country":
        found = lookup_country(_NON_AZ.sub("", v)) if v.isascii() else None
        return (found[0] if found else None), "names and codes mapped to alpha-2"
    if key == "db":
        value = rule_db(v, ctx, Trace())
        return value, "date formats → YYYYMMDD"
    if key == "ge":
        value = rule_ge(v, ctx, Trace())
        return value, "synonyms → f/m; unknown → null"
    if key == "external_id":
        return re.sub(r"\s", "", v), "lowercase, whitespace removed"
    return v, "lowercase + trim"


def _first_occurrence_phone(v: str) -> str:
    # The tag calls String.replace with string patterns: only the first match is replaced.
    for symbol in ("+", "-", " ", "(", ")"):
        v = v.replace(symbol, "", 1)
    return v


def _meta_sgtm(key: str, v: str) -> Outcome:
    if key == "ph":
        return _first_occurrence_phone(v), "only the first '+', '-', space, '(' and ')' removed"
    return v, "lowercase + trim only"


def _stape_sgtm(key: str, v: str) -> Outcome:
    if key == "ph":
        return _NON_DIGITS.sub("", v) or None, "digits only (leading zeros kept)"
    if key == "ct":
        return v.replace(" ", ""), "spaces removed (other whitespace kept)"
    return v, "lowercase + trim only"


OTHER_IMPLEMENTATIONS: dict[str, Normalizer] = {
    "python_sdk": _python_sdk,
    "node_sdk": _node_sdk,
    "param_builder_js": _param_builder_js,
    "meta_sgtm": _meta_sgtm,
    "stape_sgtm": _stape_sgtm,
}
# How each treats a value that already looks hashed: the SDKs and the param builder test after
# their own trim + lowercase; both sGTM tags test the raw value (any case) and send it as typed,
# and re-hash a 32-hex MD5.
PASSTHROUGH: dict[str, re.Pattern[str]] = {
    "python_sdk": re.compile(r"[a-f0-9]{32}|[a-f0-9]{64}"),
    "node_sdk": re.compile(r"[a-f0-9]{32}|[a-f0-9]{64}"),
    "param_builder_js": re.compile(r"[a-f0-9]{32}|[a-f0-9]{64}"),
}
RAW_PASSTHROUGH: dict[str, re.Pattern[str]] = {
    "meta_sgtm": re.compile(r"[A-Fa-f0-9]{64}"),
    "stape_sgtm": re.compile(r"[A-Fa-f0-9]{64}"),
}
# Implementations that send these keys unhashed: the Python SDK's UserData, and Stape's tag
# (its hashed-key list has no external_id).
UNHASHED_KEYS: dict[str, frozenset[str]] = {
    "python_sdk": frozenset({"external_id"}),
    "stape_sgtm": frozenset({"external_id"}),
}
