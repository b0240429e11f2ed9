"""Seeded generator of user_data values: realistic bases crossed with the input classes that break tools.

Classes: Unicode case and whitespace (NBSP, U+2003, U+3000, tabs, newlines), diacritics (NFC and
NFD), full-width and non-ASCII digits, RTL text, invisible characters (U+200B, U+FEFF, U+00AD,
bidi marks), emoji, already-hashed values (SHA-256 any case, MD5, parameter-builder form), long
values, every ISO country (code, alpha-3, name), date formats, phone formats from several
countries, whitespace-only values and the known edges of shared/reference/capi.md §3.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable

import pycountry

KEYS = (
    "em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id",
    "fbc", "fbp", "client_ip_address", "client_user_agent",
)  # fmt: skip

_FIRST = ["Mary", "José", "Anne-Marie", "O'Brien", "Zoë", "Łukasz", "Søren", "Ægir", "Çağrı",
          "Nguyễn", "정", "李", "Мария", "Ελένη", "محمد", "יוסף", "Renée", "Jean Luc", "Dr. Ann",
          "İlkay", "ΟΔΥΣΣΕΑΣ", "Straße", "ǅemal", "Mc'Donald", "Ana_Maria"]  # fmt: skip
_CITY = ["New York", "St. Louis", "Winston-Salem (NC) 27101", "Zürich", "São Paulo", "Kraków",
         "Москва", "القاهرة", "תל אביב", "東京", "Ho Chi Minh City", "Köln", "L'Aquila",
         "Washington, D.C.", "123 Main", "Saint-Étienne", "Reykjavík"]  # fmt: skip
_STATE = ["California", "CA", "ca", "N.Y.", "Texas", "new jersey", "West Virginia",
          "Virginia Beach", "Ontario", "Québec", "British Columbia", "Bavaria", "Île-de-France",
          "NSW", "Kansas City", "Arkansas", "Tx.", "Nueva York", "Washington DC", "Hawaiʻi",
          "Northwest Territories", "Maharashtra", "Indiana", "Dakota"]  # fmt: skip
_ZIP = ["94035-1234", "94035", "02134", "2134", "94035 1234", "94035–1234", "94035—1234",
        "94035\u00a01234", "M1 1AE", "SW1A 1AA", "K1A 0B1", "10115", "75008", "1000-001",
        "100-0001", "0", "a", "-", "12345-", "9"]  # fmt: skip
_GENDER = ["m", "f", "M", "F", "male", "Female", "MALE", "woman", "man", "he", "she", "queen",
           "Ma'am", "mr", "Mrs.", "x", "other", "non-binary", "femme", "männlich", "1", "0",
           "boy", "GIRL", "unknown"]  # fmt: skip
_DATE = ["19970216", "1997-02-16", "2/16/1997", "16/02/1997", "16.02.1997", "02/03/1990",
         "1990/13/01", "February 16, 1997", "16 Feb 1997", "1997-02-16T10:00:00Z", "97-02-16",
         "2/16/97", "20230231", "99999999", "1799-01-01", "2100-01-01", "1-1-1", "0000-00-00",
         "16021997", "1997 02 16", "31/12/1999 23:59", "12/31/1999", "2000-02-30"]  # fmt: skip
_PHONE = ["+1 (650) 555-1212", "(650)555-1212", "650.555.1212", "001 650 555 1212",
          "+44 (0)20 7946 0958", "020 7946 0958", "0044 20 7946 0958", "+33 6 12 34 56 78",
          "06 12 34 56 78", "06.12.34.56.78", "+49 30 123456", "+49.30.123456", "030/123456",
          "+91 98765 43210", "+81 3-1234-5678", "+61 4 1234 5678", "+55 11 91234-5678",
          "1-800-FLOWERS", "12345", "+1 650 555 1212 ext. 12", "+86 138 0013 8000",
          "000447911123456", "+353 1 234 5678", "555-1212", "+7 (495) 123-45-67",
          "tel:+16505551212", "#650*555*1212"]  # fmt: skip
_EMAIL = ["John_Smith@Gmail.COM", "foo+bar@example.co.uk", "not-an-email", "a b@c.d",
          "user@localhost", "user.@example.com", "user..name@example.com", "üser@exämple.de",
          "\"quoted\"@example.com", "Mary <mary@example.com>", "mailto:ann@example.com",
          "x@y.z", "first.last@sub.domain.example.org", "USER@EXAMPLE.COM", "a@b", "@example.com",
          "user@-example.com", "user@example..com", "用户@例子.广告", "o'brien@example.ie",
          "user@example.com.", "user_name@ex-ample.com", "a:b@example.com"]  # fmt: skip
_EXTERNAL = ["crm-123", "User-123", "12345", "A1B2 C3D4", "user@example.com",
             "3f2504e0-4f89-11d3-9a0c-0305e82c3301", "ID 42", "Ünïcode-ID", "x"]  # fmt: skip
_COOKIE = ["fb.1.1596403881668.1116446470", "fb.1.1554763741205.AbCdEfGhIjKlMnOpQrStUvWxYz",
           "fb.2.1700000000000.IwAR2xYz", "FB.1.1596403881668.1116446470", "fb.1.bad",
           "1116446470"]  # fmt: skip
_IP = ["203.0.113.7", "2001:db8::1", "192.168.1.1", "::ffff:203.0.113.7", "203.0.113.7:443"]
_UA = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
       "curl/8.4.0", "python-requests/2.31"]  # fmt: skip

_WS = [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u202f", "\u2028", "\x0b",
       "\x1c", "\x85", "\u1680", "\u205f"]  # fmt: skip
_INVISIBLE = ["\u200b", "\ufeff", "\u00ad", "\u200e", "\u200f", "\u202a", "\u202c", "\u2066",
              "\u2069", "\u200d", "\u2060"]  # fmt: skip
_EMOJI = ["😀", "👍🏽", "🇺🇸", "❤️", "👨‍👩‍👧"]
_DIGITS = {
    "full-width": 0xFF10, "arabic-indic": 0x0660, "devanagari": 0x0966,
    "persian": 0x06F0, "bengali": 0x09E6, "thai": 0x0E50,
}  # fmt: skip


def _countries() -> list[str]:
    found: list[str] = []
    for country in pycountry.countries:
        found += [country.alpha_2, country.alpha_2.lower(), country.alpha_3, country.name]
    return [
        *found,
        "USA",
        "U.S.A.",
        "UK",
        "United States of America",
        "Jerusalem",
        "Deutschland",
        "España",
        "Côte d'Ivoire",
        "xx",
        "Atlantis",
        "Republic of Indonesia",
        "u.s.",
    ]


def _bases(key: str) -> list[str]:
    if key in ("fn", "ln"):
        return [*_FIRST, "Smith-Jones", "van der Berg", "García", "Müller"]
    table: dict[str, list[str]] = {
        "em": _EMAIL, "ph": _PHONE, "db": _DATE, "ge": _GENDER, "ct": _CITY, "st": _STATE,
        "zp": _ZIP, "country": _countries(), "external_id": _EXTERNAL, "fbc": _COOKIE,
        "fbp": _COOKIE, "client_ip_address": _IP, "client_user_agent": _UA,
    }  # fmt: skip
    return table[key]


def _digits(rng: random.Random, text: str) -> str:
    base = _DIGITS[rng.choice(sorted(_DIGITS))]
    return "".join(chr(base + int(ch)) if ch.isascii() and ch.isdigit() else ch for ch in text)


def _full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else ch for ch in text)


def _insert(rng: random.Random, text: str, piece: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + piece + text[at:]


def _hashed(rng: random.Random, text: str) -> str:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return rng.choice([
        digest, digest.upper(), hashlib.md5(text.encode()).hexdigest(),
        digest + ".AQQCAQMC", digest + ".BA", digest.upper() + ".AQYCAQMB", f" {digest} ",
        digest[:63], digest + "0",
    ])  # fmt: skip


Transform = Callable[[random.Random, str], str]
TRANSFORMS: tuple[tuple[str, Transform], ...] = (
    ("as is", lambda r, t: t),
    ("upper", lambda r, t: t.upper()),
    ("title", lambda r, t: t.title()),
    ("outer whitespace", lambda r, t: r.choice(_WS) + t + r.choice(_WS)),
    ("inner whitespace", lambda r, t: _insert(r, t, r.choice(_WS))),
    ("invisible", lambda r, t: _insert(r, t, r.choice(_INVISIBLE))),
    ("NFD diacritics", lambda r, t: __import__("unicodedata").normalize("NFD", t)),
    ("non-ASCII digits", _digits),
    ("full-width", lambda r, t: _full_width(t)),
    ("emoji", lambda r, t: _insert(r, t, r.choice(_EMOJI))),
    ("RTL mark", lambda r, t: "\u200f" + t + "\u200f"),
    ("already hashed", _hashed),
    ("long", lambda r, t: (t + " ") * r.randrange(10, 40)),
    ("whitespace only", lambda r, t: "".join(r.choice(_WS) for _ in range(r.randrange(1, 4)))),
    ("empty", lambda r, t: ""),
)
_WEIGHTS = (20, 6, 4, 8, 5, 6, 3, 4, 3, 3, 2, 5, 1, 2, 1)


def generate(key: str, count: int, seed: int = 13) -> list[tuple[str, str]]:
    """At least `count` (class, value) pairs for `key`; the same seed gives the same list.

    Every base value comes once as is (so every country of the ISO table is covered), every
    class once, then a third more transformed ones at least.
    """
    rng = random.Random(f"{seed}:{key}")
    bases = _bases(key)
    values = [("as is", b) for b in bases]
    values += [(name, transform(rng, rng.choice(bases))) for name, transform in TRANSFORMS]
    while len(values) < max(count, len(bases) + count // 3):
        name, transform = rng.choices(TRANSFORMS, _WEIGHTS)[0]
        values.append((name, transform(rng, rng.choice(bases))))
    return values
