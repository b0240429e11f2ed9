"""Bounded text sniffing for decode(): embedded JSON, HTML pages, transport failures, encodings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

# Pastes beyond this are cut: a Graph error body is a few hundred bytes, and the UI must
# stay responsive on a 10 MB paste.
MAX_INPUT_CHARS = 16_000_000
_SNIFF_CHARS = 256_000
_MAX_CANDIDATES = 25
_ESCAPED_WINDOW = 64_000

_START = re.compile(r'\{\s*"(?:error|events_received|code|body)"\s*:')
_ESCAPED_START = re.compile(r'\{\s*\\+"(?:error|events_received)\\+"\s*:')


def embedded_json(text: str) -> Iterator[Any]:
    """Parsed JSON objects found inside text (log lines, SDK exception dumps), bounded."""
    decoder = json.JSONDecoder()
    tried = 0
    for match in _START.finditer(text):
        if tried >= _MAX_CANDIDATES:
            return
        tried += 1
        try:
            yield decoder.raw_decode(text, match.start())[0]
        except (ValueError, RecursionError):
            continue
    for match in _ESCAPED_START.finditer(text, 0, _SNIFF_CHARS):
        if tried >= _MAX_CANDIDATES:
            return
        tried += 1
        window = text[match.start() : match.start() + _ESCAPED_WINDOW]
        # A JSON body logged inside a JSON string: {\"error\":{...}} or doubly escaped.
        while '\\"' in window:
            window = window.replace("\\\\", "\\").replace('\\"', '"')
            try:
                yield decoder.raw_decode(window)[0]
                break
            except (ValueError, RecursionError):
                continue


# "[Errno 104] ..." and "[SSL: ...]" are exception texts, not JSON arrays.
_JSON_START = re.compile(r'\s*(?:\{|\[\s*(?:[\[{"\d-]|$))')
_HTML = ("<html", "<!doctype", "<body", "<head", "<title", "<h1", "<div")
# Meta's own error page (a 5xx from Graph's front end): "Facebook | Error", "Sorry, something went wrong."
_META_PAGE = ("facebook | error", "sorry, something went wrong")
_PROXY = ("proxy", "squid", "zscaler", "bluecoat", "forcepoint", "fortiguard", "websense")
_5XX = re.compile(
    r"\b(50[0-9])\b|bad gateway|service unavailable|gateway time-?out|internal server error"
)
_TRANSPORT_TEXT: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        "http:proxy",
        ("proxy authentication required", "407 proxy", "http 407", "status 407"),
        "a proxy asked for authentication (HTTP 407)",
    ),
    ("http:timeout", ("timed out", "timeout", "deadline exceeded"), "the request timed out"),
    (
        "http:dns",
        (
            "name or service not known",
            "nodename nor servname",
            "getaddrinfo",
            "temporary failure in name resolution",
            "nxdomain",
            "could not resolve host",
            "no address associated with hostname",
        ),
        "the host name could not be resolved (DNS)",
    ),
    (
        "http:tls",
        (
            "certificate_verify_failed",
            "certificate verify failed",
            "ssl:",
            "sslerror",
            "tlsv1",
            "ssl handshake",
            "self signed certificate",
            "self-signed certificate",
        ),
        "the TLS/SSL connection failed",
    ),
    (
        "http:connection-reset",
        (
            "connection reset",
            "econnreset",
            "connection refused",
            "econnrefused",
            "remotedisconnected",
            "connection aborted",
            "broken pipe",
            "server disconnected",
            "remoteprotocolerror",
        ),
        "the connection was reset or refused",
    ),
    (
        "http:429",
        ("too many requests", "http 429", "status 429", "error 429", "429 client error"),
        "the server rate-limited the call (HTTP 429)",
    ),
    (
        "http:empty-body",
        ("empty response", "empty body", "no content"),
        "the server sent an empty body",
    ),
    (
        "http:5xx-html",
        ("bad gateway", "service unavailable", "gateway timeout", "internal server error"),
        "the server reported an HTTP 5xx error",
    ),
)


def sniff_transport(text: str) -> tuple[str, str] | None:
    """(catalogue key, human hint) for HTML pages and transport error text; else None."""
    head = text[:_SNIFF_CHARS]
    lowered = head.lower()
    if any(tag in lowered for tag in _HTML):
        title = re.search(r"<title[^>]*>([^<]{0,200})", head, re.IGNORECASE)
        shown = (
            f' ("{" ".join(title.group(1).split())}")' if title and title.group(1).strip() else ""
        )
        if any(marker in lowered for marker in _META_PAGE):
            return "http:5xx-html", f"Meta's own error page{shown} (a failure on Meta's side)"
        if "407" in lowered and "proxy" in lowered:
            return "http:proxy", f"an HTTP 407 proxy authentication page{shown}"
        if any(word in lowered for word in _PROXY):
            return "http:proxy", f"a proxy or firewall page{shown}"
        status = _5XX.search(lowered)
        if status:
            return "http:5xx-html", f"an HTML server error page{shown}"
        return "http:proxy", (
            f"an HTML page{shown}, not a Graph API response (captive portal, proxy or wrong URL?)"
        )
    if _JSON_START.match(head):
        return "http:truncated-json", "JSON that is cut off or malformed"
    for key, needles, hint in _TRANSPORT_TEXT:
        if any(needle in lowered for needle in needles):
            return key, hint
    return None


def bytes_to_text(raw: bytes) -> str:
    """UTF-8 normally; UTF-16 for files saved by Windows tools (PowerShell `>` writes it)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    head = raw[:200]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):  # ASCII text as UTF-16, no BOM
        return raw.decode("utf-16-le" if head[1] == 0 else "utf-16-be", errors="replace")
    return raw.decode("utf-8-sig", errors="replace")
