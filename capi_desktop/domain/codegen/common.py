"""What every export shares: the checked target, token scrubbing, and the header derived from the table."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.codegen.formats import CHECK_TEXT, FormatSpec
from capi_desktop.domain.netloc import is_loopback_host
from capi_desktop.domain.redact import redact

TOKEN_ENV = "META_ACCESS_TOKEN"
PIXEL_PLACEHOLDER = "YOUR_PIXEL_ID"
META_GRAPH_URL = "https://graph.facebook.com"

_PIXEL = re.compile(r"[0-9]{1,32}|YOUR_PIXEL_ID")
_VERSION = re.compile(r"v[0-9]{1,3}\.[0-9]{1,2}")
_GRAPH_URL = re.compile(
    r"(?P<scheme>https?)://(?P<host>[A-Za-z0-9.\-]+|\[::1\])(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9._~\-/]*)?"
)


@dataclass(frozen=True)
class Target:
    """Where a snippet sends: every part checked safe to quote in any of the languages."""

    graph_url: str  # no trailing slash
    api_version: str
    pixel_id: str

    @property
    def events_url(self) -> str:
        return f"{self.graph_url}/{self.api_version}/{self.pixel_id}/events"

    @property
    def is_meta(self) -> bool:
        return self.graph_url == META_GRAPH_URL

    @property
    def scheme(self) -> str:
        return self.graph_url.split("://", 1)[0]

    @property
    def authority_and_path(self) -> str:
        """`host[:port][/path]` (what the PHP SDK calls the domain)."""
        return self.graph_url.split("://", 1)[1]


def target(pixel_id: str, api_version: str, graph_url: str) -> Target:
    """Check pixel, version and base URL; plain http only to this machine (the token travels)."""
    pixel_id = pixel_id.strip() or PIXEL_PLACEHOLDER
    if not _PIXEL.fullmatch(pixel_id):
        raise ValueError(f"pixel ID must be digits, got {pixel_id!r}")
    if not _VERSION.fullmatch(api_version):
        raise ValueError(f"API version must look like v26.0, got {api_version!r}")
    base = graph_url.strip().rstrip("/")
    match = _GRAPH_URL.fullmatch(base)
    if not match:
        raise ValueError(f"not a plain http(s) Graph URL: {graph_url!r}")
    if match.group("scheme") == "http" and not is_loopback_host(match.group("host")):
        raise ValueError("the token must not travel over plain http except to this machine")
    return Target(base, api_version, pixel_id)


def scrub_secrets(value: Any) -> tuple[Any, int]:
    """A copy of a JSON value with token-looking strings replaced, and how many were replaced.

    The one place Copy as / export hides secrets pasted into a payload; it calls the shared
    redact helpers (swap in redact.py's scrub function here when it lands).
    """
    if isinstance(value, str):
        cleaned = redact(value)
        return cleaned, int(cleaned != value)
    if isinstance(value, list):
        items = [scrub_secrets(item) for item in value]
        return [item for item, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        pairs = [(key, scrub_secrets(item)) for key, item in value.items()]
        return {key: item for key, (item, _) in pairs}, sum(n for _, (_, n) in pairs)
    return value, 0


def header_lines(spec: FormatSpec, where: Target, *, scrubbed: int = 0) -> list[str]:
    """The comment lines every snippet opens with (without the comment prefix)."""
    lines = [
        f"CAPI Desktop export — {spec.label}.",
        f"Written for: {spec.written_for}.",
        f"Checked: {CHECK_TEXT[spec.check]}",
        f"Token: read from the environment variable {TOKEN_ENV}; never paste it into this file.",
        f"Sends to: {where.graph_url}/{spec.sends_version or where.api_version}/"
        f"{where.pixel_id}/events",
    ]
    if not where.is_meta:
        lines.append(
            "That is not Meta's Graph API (a local emulator or relay): change the Graph base URL "
            f"below to {META_GRAPH_URL} to send to Meta."
        )
    if where.pixel_id == PIXEL_PLACEHOLDER:
        lines.append(f"Replace {PIXEL_PLACEHOLDER} by your pixel (dataset) ID.")
    if scrubbed:
        lines.append(
            f"{scrubbed} value(s) in the payload looked like an access token and "
            f"{'was' if scrubbed == 1 else 'were'} replaced by [REDACTED]."
        )
    return lines


def comment_block(prefix: str, lines: list[str], width: int = 96) -> str:
    """Lines as line comments, wrapped at `width` on word boundaries."""
    out: list[str] = []
    for line in lines:
        words = line.split(" ")
        current = prefix
        for word in words:
            if len(current) + 1 + len(word) > width and current != prefix:
                out.append(current)
                current = prefix + "  "
            current = f"{current} {word}"
        out.append(current)
    return "\n".join(out) + "\n"
