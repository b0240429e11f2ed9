"""Model of Meta's parameter builder PII hashing: capi-param-builder-nodejs 1.3.2 and client JS 1.3.1.

Both run the same piiUtil code (getNormalizedAndHashedPII); they differ only in the appendix
(language byte and version). Verified by tests/differential against both npm packages.
"""

from __future__ import annotations

import base64
import datetime
import re

from capi_desktop.domain.normalize.impl_base import (
    JS_SPACE,
    Outcome,
    clear,
    hashed,
    js_trim,
    omitted,
    utf16_len,
)
from capi_desktop.domain.normalize.pb_names import COUNTRY_NAMES, STATE_NAMES

PB_TYPES = {
    "em": "email",
    "ph": "phone",
    "fn": "first_name",
    "ln": "last_name",
    "db": "date_of_birth",
    "ge": "gender",
    "ct": "city",
    "st": "state",
    "zp": "zip_code",
    "country": "country",
    "external_id": "external_id",
}
_HEX = re.compile(r"[A-Fa-f0-9]{64}|[A-Fa-f0-9]{32}")
_SHA = re.compile(r"[a-fA-F0-9]{64}")
_LEGACY_TOKENS = frozenset({"AQ", "Ag", "Aw", "BA", "BQ", "Bg"})
_PUNCT_SPACE = re.compile(f"[!\"#$%&'()*+,\\-./:;<=>?@ \\[\\\\\\]^_`{{|}}~{JS_SPACE}]+")
_NOT_LATIN = re.compile(r"[^a-zA-Z0-9]+")
_SPACES = re.compile(f"[{JS_SPACE}]+")
_NOT_DIGIT = re.compile(r"[^0-9]")
_EMAIL = re.compile(
    r"[\w!#$%&'*+/=?^`{|}~\-]+(:?\.[\w!#$%&'*+/=?^`{|}~\-]+)*@"
    r"(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?",
    re.IGNORECASE | re.ASCII,
)
_STATES = dict(STATE_NAMES)
_COUNTRIES = dict(COUNTRY_NAMES)
_MALE = frozenset(
    [
        "man",
        "male",
        "boy",
        "gentleman",
        "guy",
        "sir",
        "mister",
        "mr",
        "son",
        "father",
        "dad",
        "daddy",
        "papa",
        "uncle",
        "nephew",
        "brother",
        "husband",
        "boyfriend",
        "groom",
        "widower",
        "king",
        "prince",
        "duke",
        "count",
        "emperor",
        "god",
        "lord",
        "lad",
        "fellow",
        "chap",
        "bloke",
        "dude",
        "he",
        "him",
        "his",
        "himself",
        "m",
    ]
)
_FEMALE = frozenset(
    [
        "woman",
        "female",
        "girl",
        "lady",
        "miss",
        "ms",
        "mrs",
        "madam",
        "ma'am",
        "daughter",
        "mother",
        "mom",
        "mama",
        "mommy",
        "aunt",
        "niece",
        "sister",
        "wife",
        "girlfriend",
        "bride",
        "widow",
        "queen",
        "princess",
        "duchess",
        "countess",
        "empress",
        "goddess",
        "maiden",
        "lass",
        "gal",
        "chick",
        "dame",
        "belle",
        "she",
        "her",
        "hers",
        "herself",
        "f",
    ]
)

RULES: tuple[tuple[str, str], ...] = (
    (
        "32/64 hex in any case (after JS trim) → lowercased + '.' + no-change appendix",
        "PIIUtil.js getNormalizedAndHashedPII",
    ),
    ("<hex>.<appendix> → sent as-is", "PIIUtil.js isAlreadyNormalizedAndHashedByParamBuilder"),
    ("anything normalized to '' or null → no value (dropped)", "PIIUtil.js `if (!normalizedPII)`"),
    ("output: sha256 + '.' + 8-character appendix", "AppendixProvider.js getAppendixInfo"),
    ("em: lowercase, trim, ASCII RFC-2822-like regex else dropped", "emailUtil.js EMAIL_RE"),
    ("ph: every non 0-9 character removed, then all leading zeros", "phoneUtil.js"),
    (
        "db: first three digit groups → year/month/day by magnitude (day only 1–31, so "
        "20230231 passes); one 8-digit group sent as typed",
        "dobUtil.js getYearMonthDayFromNumbers, parseDateOfBirth",
    ),
    ("ge: lowercase + trim, looked up in a word list (he, she, queen, …)", "genderUtil.js"),
    ("fn, ln: ASCII punctuation and whitespace removed, lowercased", "stringUtil.js"),
    ("ct: keeps a-z0-9 only; must then start with a letter", "stringUtil.js getNormalizedCity"),
    (
        "st, country: letters a-z only; 2 letters kept; a name maps to its code; otherwise the "
        "first name it *contains* ('Jerusalem' → 'us' via 'usa'); else the first 2 letters",
        "stringUtil.js normalizeTwoLetterAbbreviations, getFromMap",
    ),
    (
        "zp: lowercase, cut at '-', trimmed (inner spaces kept); under 2 characters → dropped",
        "zipCodeUtil.js",
    ),
    (
        "external_id: whitespace removed, lowercased, hashed",
        "stringUtil.js getNormalizedExternalID",
    ),
)


def appendix(language: int, version: str, change: int) -> str:
    """The 8-character appendix: format 1, language byte, change type, version bytes."""
    major, minor, patch = (int(part) for part in version.split("."))
    raw = bytes([1, language, change, major, minor, patch])
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _dob(v: str) -> str | None:
    groups = re.sub(r"[^0-9]", " ", v).split()
    if len(groups) >= 3:
        n1, n2, n3 = (int(g) for g in groups[:3])
        if n1 > 31:
            year, month, day = n1, (n3 if n2 > 12 else n2), (n2 if n2 > 12 else n3)
        elif n2 > 31:
            year, month, day = n2, (n1 if n3 > 12 else n3), (n3 if n3 > 12 else n1)
        else:
            year, month, day = n3, (n2 if n1 > 12 else n1), (n1 if n1 > 12 else n2)
        this_year = datetime.datetime.now().year
        if 1800 <= year <= this_year + 1 and 1 <= month <= 12 and 1 <= day <= 31:
            return f"{year:04d}{month:02d}{day:02d}"
    if len(groups) == 1 and len(groups[0]) == 8:
        return groups[0]
    return None


def two_letters(raw: str, names: dict[str, str]) -> tuple[str | None, str]:
    """(code or None, how) for st/country: letters only, a name → its code, else 2 letters."""
    letters = re.sub(r"[^a-z]", "", raw.lower())
    if len(letters) == 2:
        return letters, "2 letters kept as they are (no check that it is a real code)"
    if letters in names:
        return names[letters], f"{letters!r} is in its name table"
    contained = next(((n, c) for n, c in names.items() if n in letters), None)
    if contained is not None:
        return contained[1], f"{letters!r} contains the name {contained[0]!r} → {contained[1]!r}"
    if not letters:
        return None, "no letters a-z left"
    return letters[:2], f"unknown name: cut to its first 2 letters {letters[:2]!r}"


def normalized(key: str, raw: str) -> str | None:
    """The text the builder hashes for `raw` (None or '' → it sends nothing)."""
    if key == "em":
        email = js_trim(raw.lower())
        return email if _EMAIL.fullmatch(email) else None
    if key == "ph":
        return _NOT_DIGIT.sub("", raw).lstrip("0")
    if key == "db":
        return _dob(raw)
    if key == "ge":
        word = js_trim(raw.lower())
        return "m" if word in _MALE else "f" if word in _FEMALE else None
    if key in ("fn", "ln"):
        return _PUNCT_SPACE.sub("", raw).lower()
    if key == "ct":
        city = _NOT_LATIN.sub("", raw).lower()
        return city if re.match(r"[a-z]+", city) else None
    if key == "st":
        return two_letters(raw, _STATES)[0]
    if key == "country":
        return two_letters(raw, _COUNTRIES)[0]
    if key == "zp":
        zp = js_trim(raw.lower().split("-", 1)[0])
        return zp if utf16_len(zp) >= 2 else None
    if key == "external_id":
        return _SPACES.sub("", raw).lower()
    return None


def model(key: str, raw: str, language: int, version: str) -> Outcome:
    """What getNormalizedAndHashedPII(raw, type) returns for one of our keys."""
    if key not in PB_TYPES:
        return omitted("not a PII type of the parameter builder")
    if not raw:
        return omitted("empty value → null")
    trimmed = js_trim(raw)
    if _HEX.fullmatch(trimmed):
        return clear(
            trimmed.lower() + "." + appendix(language, version, 0),
            "looks hashed → lowercased, sent with a 'no change' appendix",
        )
    dot = trimmed.rfind(".")
    suffix = trimmed[dot + 1 :]
    marked = dot >= 0 and (suffix in _LEGACY_TOKENS or utf16_len(suffix) == 8)
    if marked and _HEX.fullmatch(trimmed[:dot]):
        return clear(trimmed, "already a parameter-builder value → sent as-is")
    text = normalized(key, raw)
    if not text:
        return omitted("nothing left after normalization → null (value dropped)")
    if key in ("st", "country"):
        how = two_letters(raw, _STATES if key == "st" else _COUNTRIES)[1]
        return hashed(text, how, "." + appendix(language, version, 2))
    return hashed(
        text,
        "normalized, hashed, sent as <sha256>.<appendix>",
        "." + appendix(language, version, 2),
    )
