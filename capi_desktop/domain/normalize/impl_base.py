"""What another implementation does with one value: the outcome type and JavaScript string semantics."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

# ECMAScript WhiteSpace + LineTerminator: what JS `\s`, trim() and the SDKs' regexes treat as
# space. Unlike Python's str.isspace it includes U+FEFF and excludes U+001C–U+001F and U+0085.
JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
JS_WS = re.compile(f"[{JS_SPACE}]")
_JS_EDGES = re.compile(f"^[{JS_SPACE}]+|[{JS_SPACE}]+$")


def js_trim(text: str) -> str:
    """String.prototype.trim()."""
    return _JS_EDGES.sub("", text)


def utf16_len(text: str) -> int:
    """JS String length: UTF-16 code units (an emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def sha256(text: str) -> str:
    """Lowercase hex SHA-256 of the UTF-8 bytes, as every implementation here computes it."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Outcome:
    """What an implementation puts in user_data for one input value.

    kind: "value" (sent: `sent`), "null" (the key is sent as [null] — a JSON null in the list),
    "omitted" (the key is left out), "error" (the implementation raises: `note` names it).
    normalized: the text it hashed, when it hashed one.
    """

    kind: str
    sent: str | None
    normalized: str | None
    note: str

    def as_text(self) -> str:
        """The harness's comparable form: "value:<sent>", "null", "omitted" or "error"."""
        return f"value:{self.sent}" if self.kind == "value" else self.kind


def hashed(normalized: str, note: str, suffix: str = "") -> Outcome:
    """`normalized` sent as its SHA-256 (plus a parameter-builder appendix when given)."""
    return Outcome("value", sha256(normalized) + suffix, normalized, note)


def clear(value: str, note: str) -> Outcome:
    """`value` sent as-is, unhashed."""
    return Outcome("value", value, None, note)


def null(note: str) -> Outcome:
    return Outcome("null", None, None, note)


def omitted(note: str) -> Outcome:
    return Outcome("omitted", None, None, note)


def error(note: str) -> Outcome:
    return Outcome("error", None, None, note)
