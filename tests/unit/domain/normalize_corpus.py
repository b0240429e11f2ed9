"""A fixed corpus of user_data values and a digest of what the engine makes of each (golden test).

`python tests/unit/domain/normalize_corpus.py` rewrites normalize_golden.txt from the engine it
imports; the file committed with the speed work was written by the engine *before* it (commit
d64ea7b), so test_normalize_golden.py proves the fast paths changed no output, step or warning.
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

GOLDEN = Path(__file__).with_name("normalize_golden.txt")
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
COUNTRIES = (None, "US", "GB", "DE", "IN", "UK")
_NOW_MS = int(NOW.timestamp() * 1000)
_HEX = "0123456789abcdef"

SEEDS: dict[str, list[str]] = {
    "em": ["User.1@Example.com", " a@b.co ", "Name <x@y.com>", "mailto:X@Y.ORG", "bad", "a@b",
           "ü@exämple.de", "a b@c.com", "a@@b.com", "x@xn--bcher-kva.de", "@b.com", "a@b..com"],
    "ph": ["+1 (650) 253-0000", "(650) 253-0000", "6502530000", "16502530000", "+44 20 7946 0958",
           "020 7946 0958", "07400 123456", "+49 (0) 30 123456", "0049 30 1234567", "030 1234567",
           "+91 98765 43210", "98765 43210", "1-800-FLOWERS", "555-1234", "+1 650 253 0000 x12",
           "12", "+999 123", "00000000", "+33 1 23 45 67 89", "+61 2 9374 4000", "٠٦٥٠٢٥٣٠٠٠٠"],
    "fn": ["Mary", "José", "Anne-Marie", "O'Brien", "Zoë", "Li", "K4i", "  ", "..", "Jose\u0301"],
    "ln": ["Smith-Jones", "Müller", "van der Berg", "Nguyen", "García", "Kowalski", "d'Arc"],
    "ge": ["Female", "m", "F", "male", "Frau", "x", "M.", "woman", "  f  "],
    "db": ["1/2/1990", "19900102", "1990-01-02", "02.01.1990", "13/01/1990", "01/13/1990",
           "Jan 2 1990", "2 janvier 1990", "1990-01-02T10:00:00Z", "31/02/1990", "1899-01-01",
           "2030-01-01", "2020-05-05", "5/5/05", "19900230", "01021990", "hello"],
    "ct": ["New York", "St. Louis", "San José", "Winston-Salem", "Zürich", "123", "Paris 75"],
    "st": ["California", "CA", "N.Y.", "Texas", "new jersey", "Bavaria", "Ontario", "zz"],
    "zp": ["94025-1234", "94025", "SW1A 1AA", "1234", "10115", "94025 1234", "９４０２５",
           "K1A 0B1", "!!", "94025\u20131234"],
    "country": ["US", "us", "United States", "USA", "UK", "Deutschland", "DEU", "xx", "U.S."],
    "external_id": ["crm-1", "CRM 1", "abc", "12345"],
    "client_ip_address": ["203.0.113.7", "8.8.8.8", "10.0.0.1", "2001:db8::1", "[2001:db8::1]:443",
                          "1.2.3.4:8080", "::ffff:8.8.8.8", "fe80::1%eth0", "999.1.1.1", "01.2.3.4",
                          "127.0.0.1", "192.0.0.9", "255.255.255.255", "2a03:2880::1"],
    "client_user_agent": ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0 Safari/537.36",
                          "curl/8.1", "python-requests/2.31", "short"],
    "fbc": [f"fb.1.{_NOW_MS - 3_600_000}.IwAR2xYzAbCdEfGh", f"fb.1.{_NOW_MS // 1000}.IwAR2x",
            f"fb.1.{_NOW_MS + 10**9}.IwAR", "IwAR2xYzAbCdEfGh", f"fb.1.{_NOW_MS - 10**11}.IwAR2x",
            f"fb.1.{_NOW_MS}.iwarlower", f"fb.1.{_NOW_MS}.IwAR2x.AQYBAQIA", "fb.x.y.z", "fb.1.2"],
    "fbp": [f"fb.1.{_NOW_MS - 86_400_000}.1000000000", f"fb.2.{_NOW_MS}.123.AQYBAQIA",
            f"fb.1.{_NOW_MS}.12a", "ga.1.2.3", f"fb.12.{_NOW_MS}.1"],
    "madid": ["38400000-8cf0-11bd-b23e-10b96e40000d", "not-a-uuid"],
    "lead_id": ["123456", "abc"],
}  # fmt: skip
OTHER_KEYS = ("subscription_id", "fb_login_id", "anon_id", "page_id", "page_scoped_user_id",
              "ctwa_clid", "ig_account_id", "ig_sid", "emial", "phone")  # fmt: skip
_JUNK = "\u200b\ufeff\u00ad\u2060\u202e\x00\x07\t\n\xa0 .-_,;:'\"()/#+@ÄéßЖ中😀\ud800"


def _mutate(rnd: random.Random, value: str) -> str:
    choice = rnd.randrange(10)
    if choice == 0:
        return value.upper()
    if choice == 1:
        return f" {value}\t"
    if choice == 2:
        at = rnd.randrange(len(value) + 1)
        return value[:at] + rnd.choice(_JUNK) + value[at:]
    if choice == 3:
        return unicodedata.normalize("NFD", value)
    if choice == 4:
        return value[: rnd.randrange(len(value) + 1)]
    if choice == 5:
        return "".join(rnd.choice("0123456789") if ch.isdigit() else ch for ch in value)
    if choice == 6:
        return "".join(rnd.choice(_HEX) for _ in range(rnd.choice((32, 64, 64))))
    if choice == 7:
        digest = "".join(rnd.choice(_HEX) for _ in range(64))
        return digest + rnd.choice((".AQYBAQIA", ".AQ", ".Zz", ".AgYBAQIA"))
    if choice == 8:
        return "".join(rnd.choice(_JUNK + "abc123") for _ in range(rnd.randrange(12)))
    return value + rnd.choice(_JUNK) + value


def corpus() -> list[tuple[str, object]]:
    """(key, raw) pairs: every seed, 12 mutations of each, other keys' values, odd types."""
    rnd = random.Random(20261207)
    pairs: list[tuple[str, object]] = []
    every = [value for values in SEEDS.values() for value in values]
    for key, values in SEEDS.items():
        for value in values:
            pairs.append((key, value))
            pairs += [(key, _mutate(rnd, value)) for _ in range(12)]
        pairs += [(key, rnd.choice(every)) for _ in range(10)]
        pairs += [(key, 19900102), (key, None), (key, ["a@b.com", "A@B.com "]), (key, "x" * 600)]
    for key in OTHER_KEYS:
        pairs += [(key, rnd.choice(every)) for _ in range(5)]
    return pairs


def digest(key: str, raw: object) -> str:
    """First 16 hex of the SHA-256 of every result (all contexts) as canonical JSON."""
    from capi_desktop.domain.normalize import NormalizeContext, normalize_values

    shapes = []
    for country in COUNTRIES:
        results = normalize_values(key, raw, context=NormalizeContext(country, NOW))
        shapes.append([result.to_json() for result in results])
    text = json.dumps(shapes, ensure_ascii=True, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def line(key: str, raw: object) -> str:
    """One golden line: the digest and the input, JSON-quoted so any code point survives."""
    return f"{digest(key, raw)} {json.dumps([key, raw], ensure_ascii=True)}"


if __name__ == "__main__":
    GOLDEN.write_text("".join(line(k, r) + "\n" for k, r in corpus()), encoding="ascii")
    print(f"wrote {GOLDEN} from {sys.modules['capi_desktop'].__file__}")
