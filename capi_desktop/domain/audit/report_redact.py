"""PII redaction for exported audit reports: short hashes, no cookie values, no query strings."""

from __future__ import annotations

import re

from capi_desktop.domain.redact import redact

_HEX = re.compile(r"\b[0-9a-fA-F]{64}\b|\b[0-9a-fA-F]{32}\b")
_COOKIE = re.compile(r"\bfb\.\d\.\d{10,13}\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PHONE = re.compile(r"\+\d[\d ().-]{6,}\d|\(\d{3}\)\s?\d{3}-\d{4}")
_URL = re.compile(r"(https?://[^\s?#<>\"']+)[?#][^\s<>\"']*")
_IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")


def _cookie(match: re.Match[str]) -> str:
    # keep the version, subdomain index and creation time: enough to tell cookies apart
    head = ".".join(match.group().split(".")[:3])
    return head + ".…"


def redact_cell(text: str | None) -> str:
    """Make one report value safe to hand to a client; None becomes an empty string."""
    if not text:
        return ""
    # Personal data first: a phone number with spaces would otherwise survive a URL cut.
    text = _EMAIL.sub("[email]", redact(text))
    text = _PHONE.sub("[phone]", text)
    text = _URL.sub(r"\1?…", text)
    text = _HEX.sub(lambda m: m.group()[:8] + "…", text)
    text = _COOKIE.sub(_cookie, text)
    return _IPV4.sub("[ip]", text)
