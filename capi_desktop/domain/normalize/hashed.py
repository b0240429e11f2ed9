"""Recognising hashed values and decoding Meta's parameter-builder appendix (capi.md §3.5, §5.5)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

_SHA256_LOWER = re.compile(r"[0-9a-f]{64}")
_HEX64 = re.compile(r"[0-9a-fA-F]{64}")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
# 8-char base64url token, or a legacy 2-char language-only token (PB PIIUtil.js).
APPENDIX_PATTERN = r"(?:[A-Za-z0-9_-]{8}|AQ|Ag|Aw|BA|BQ|Bg)"
_APPENDIX = re.compile(APPENDIX_PATTERN)

LANGUAGES: dict[int, str] = {
    1: "PHP",
    2: "Python",
    3: "Java",
    4: "NodeJS",
    5: "Ruby",
    6: "client JS",
}
CHANGE_TYPES: dict[int, str] = {
    0: "no change",
    1: "general new",
    2: "net new",
    3: "modified new",
}


def _builtin_sha256() -> Callable[[bytes], Any]:
    """CPython's own SHA-256 (`_sha256` on 3.11, `_sha2` from 3.12), else hashlib's. For the
    short values hashed here it takes a quarter fewer instructions than OpenSSL's, whose
    hexdigest() allocates and copies a context; the digest is the same (a test compares)."""
    for name in ("_sha256", "_sha2"):
        try:
            found: Callable[[bytes], Any] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return found
    return hashlib.sha256


SHA256 = _builtin_sha256()


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 bytes as lowercase hex (callers reject lone surrogates first)."""
    return SHA256(text.encode("utf-8")).hexdigest()  # type: ignore[no-any-return]


def is_sha256_hex(value: str) -> bool:
    """True for exactly 64 lowercase hex characters, the form Meta expects."""
    return len(value) == 64 and _SHA256_LOWER.fullmatch(value) is not None


def looks_like_sha256(value: str) -> bool:
    """True for 64 hex characters in any case."""
    return len(value) == 64 and _HEX64.fullmatch(value) is not None


def looks_like_md5(value: str) -> bool:
    """True for 32 hex characters in any case (MD5: passed through by SDKs, undocumented by Meta)."""
    return len(value) == 32 and _HEX32.fullmatch(value) is not None


@dataclass(frozen=True)
class Appendix:
    """A decoded parameter-builder appendix token."""

    token: str
    legacy: bool
    format_version: int | None
    language_code: int | None
    change_type_code: int | None
    version: str | None

    @property
    def language(self) -> str | None:
        """The SDK language that produced the value, if known."""
        return None if self.language_code is None else LANGUAGES.get(self.language_code)

    @property
    def change_type(self) -> str | None:
        """ "no change", "general new", "net new" or "modified new", if known."""
        return None if self.change_type_code is None else CHANGE_TYPES.get(self.change_type_code)

    def describe(self) -> str:
        """Human-readable summary, e.g. "Python param builder 1.3.2, net new"."""
        lang = self.language or f"unknown language {self.language_code}"
        if self.legacy:
            return f"{lang} param builder (legacy 2-character appendix)"
        parts = [f"{lang} param builder"]
        if self.version:
            parts[0] += f" {self.version}"
        parts.append(self.change_type or f"unknown type {self.change_type_code}")
        return ", ".join(parts)


def is_appendix_token(token: str) -> bool:
    """True when `token` has the shape of a parameter-builder appendix."""
    return _APPENDIX.fullmatch(token) is not None


def decode_appendix(token: str) -> Appendix | None:
    """Decode an appendix token; None when it is not one (capi.md §5.5 byte layout)."""
    if not is_appendix_token(token):
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(token) == 2:
        return Appendix(token, True, None, raw[0] if raw else None, None, None)
    if len(raw) != 6:
        return None
    fmt, language, change, major, minor, patch = raw
    return Appendix(token, False, fmt, language, change, f"{major}.{minor}.{patch}")


@dataclass(frozen=True)
class ParamBuilderValue:
    """A `<64hex>.<appendix>` value: the hash (lowercased) and its decoded appendix."""

    raw: str
    hash: str
    appendix: Appendix


def parse_param_builder_value(value: str) -> ParamBuilderValue | None:
    """Split a parameter-builder hashed value; None if `value` is not in that form."""
    if len(value) not in (67, 73) or value[64:65] != ".":
        return None
    digest = value[:64]
    if _HEX64.fullmatch(digest) is None:
        return None
    appendix = decode_appendix(value[65:])
    if appendix is None:
        return None
    return ParamBuilderValue(value, digest.lower(), appendix)


def split_appendix(value: str) -> tuple[str, Appendix | None]:
    """Strip a trailing `.<appendix>` from a dotted value (fbc, fbp, IP, URL) if one is there."""
    head, dot, tail = value.rpartition(".")
    if not dot:
        return value, None
    appendix = decode_appendix(tail)
    if appendix is None:
        return value, None
    return head, appendix


def hash_part(value: str) -> str | None:
    """The lowercase 64-hex digest in a plain or parameter-builder hashed value, else None."""
    value = value.strip()
    if looks_like_sha256(value):
        return value.lower()
    parsed = parse_param_builder_value(value)
    return parsed.hash if parsed else None
