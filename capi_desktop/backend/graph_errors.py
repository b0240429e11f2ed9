"""Graph API failures as one typed value: parsed body, category, retryability, catalogue entry."""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from capi_desktop.backend.network_error_kinds import network_error_key
from capi_desktop.domain.error_catalog import Catalog, ErrorEntry
from capi_desktop.domain.error_catalog.labels import code_label
from capi_desktop.domain.error_catalog.throttle import is_throttled, wait_seconds, wait_text
from capi_desktop.domain.redact import redact

log = logging.getLogger(__name__)

Category = Literal[
    "token", "pixel", "permission", "payload", "throttle", "server", "network", "version", "unknown"
]

# capi.md §6.1: back off, then retry the same payload.
TRANSIENT_CODES = frozenset({1, 2, 4, 17, 32, 341, 613, 21009, *range(80000, 80015)})
# Retrying these can never help (and 190 would hammer Meta with a dead token).
NEVER_RETRY_CODES = frozenset({100, 102, 190})
_TOKEN_CODES = frozenset({102, 190})
_PERMISSION_CODES = frozenset({3, 10, 294, *range(200, 300)})
_MAX_RAW = 20_000

_DEFAULT_TITLES: dict[str, str] = {
    "token": "The access token was rejected",
    "pixel": "Pixel not found or not accessible",
    "permission": "Missing permission",
    "payload": "Meta rejected the events",
    "throttle": "Rate limited by Meta",
    "server": "Meta's server (or a proxy) failed",
    "network": "Could not reach the Graph API",
    "version": "Graph API version no longer supported",
    "unknown": "Unexpected response from the Graph API",
}


@dataclass(frozen=True)
class GraphError:
    """A failed call. `raw_body` is the server's text (never contains our token: redacted)."""

    code: int | None
    subcode: int | None
    title: str
    message: str
    user_title: str = ""
    user_msg: str = ""
    is_transient: bool = False
    fbtrace_id: str = ""
    http_status: int | None = None
    raw_body: str = ""
    entry: ErrorEntry | None = None  # what the error catalogue says about it
    category: Category = "unknown"
    error_type: str = ""
    wait_s: float | None = None  # what Meta's usage headers / Retry-After ask us to wait

    @property
    def retryable(self) -> bool:
        return is_retryable(self)

    @property
    def throttled(self) -> bool:
        """A rate limit (HTTP 429, or 4/17/32/613/80000-80014 sent with HTTP 400)."""
        return self.category == "throttle" or is_throttled(
            self.code, self.subcode, self.http_status
        )

    @property
    def fix(self) -> tuple[str, ...]:
        return self.entry.fix if self.entry is not None else ()

    def summary(self) -> str:
        code = code_label(self.code, self.subcode)
        detail = self.user_msg or self.message
        wait = wait_text(self.wait_s) if self.throttled else ""
        text = f"{self.title}{code}: {detail}" if detail else f"{self.title}{code}"
        return f"{text} {wait}" if wait else text

    def to_json(self) -> dict[str, Any]:
        """The CLI's `error` object."""
        return {
            "code": self.code,
            "subcode": self.subcode,
            "title": self.title,
            "message": self.message,
            "category": self.category,
            "fix": list(self.fix),
            "transient": self.retryable,
            "fbtrace_id": self.fbtrace_id or None,
            "throttled": self.throttled,
            "wait_s": self.wait_s,
        }


def categorize(code: int | None, subcode: int | None, http_status: int | None) -> Category:
    if is_throttled(code, subcode, http_status):
        return "throttle"  # before the token/permission checks: 4, 17, 613 come with HTTP 400
    if code is None:
        if http_status is not None and http_status >= 500:
            return "server"
        return "network" if http_status is None else "unknown"
    if code in _TOKEN_CODES:
        return "token"
    if code == 100 and subcode == 33:
        return "pixel"
    if code in _PERMISSION_CODES:
        return "permission"
    if code == 2635:
        return "version"
    if code == 21009:
        return "server"  # "data set upload temporarily not ready": transient, not a rate limit
    if code in (1, 2) or (http_status is not None and http_status >= 500):
        return "server"
    if code == 100:
        return "payload"
    return "unknown"


def is_retryable(error: GraphError) -> bool:
    if error.code in NEVER_RETRY_CODES:
        return False
    if error.code in TRANSIENT_CODES or error.is_transient:
        return True
    return (
        error.category in ("server", "network")
        and error.code is None
        and (error.http_status is None or error.http_status >= 500)
    )


@functools.cache
def _catalog() -> Catalog | None:
    # A broken catalogue (damaged install) must not break sending: errors just lose their help.
    try:
        from capi_desktop.backend.error_catalog_store import default_catalog

        return default_catalog()
    except Exception:
        log.warning("error catalogue unavailable", exc_info=True)
        return None


def catalog_entry(code: int | None, subcode: int | None) -> ErrorEntry | None:
    catalog = _catalog()
    if catalog is None or code is None:
        return None
    return catalog.lookup(code, subcode)


def _keyed_entry(key: str) -> ErrorEntry | None:
    catalog = _catalog()
    return catalog.get(key) if catalog is not None else None


def _as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and str(value).strip() != "" else None
    except (TypeError, ValueError):
        return None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:200].lower()
    return head.startswith(("<!doctype", "<html")) or "<body" in head or "<title" in head


def from_graph_error(
    error: Mapping[str, Any],
    http_status: int | None,
    raw_body: str,
    *secrets: str,
    headers: Mapping[str, str] | None = None,
) -> GraphError:
    code = _as_int(error.get("code"))
    subcode = _as_int(error.get("error_subcode"))
    category = categorize(code, subcode, http_status)
    entry = catalog_entry(code, subcode)
    user_title = redact(str(error.get("error_user_title") or ""), *secrets)
    title = (entry.title if entry else "") or user_title or _DEFAULT_TITLES[category]
    return GraphError(
        code=code,
        subcode=subcode,
        title=title,
        message=redact(str(error.get("message") or ""), *secrets),
        user_title=user_title,
        user_msg=redact(str(error.get("error_user_msg") or ""), *secrets),
        is_transient=error.get("is_transient") is True,
        fbtrace_id=str(error.get("fbtrace_id") or ""),
        http_status=http_status,
        raw_body=raw_body,
        entry=entry,
        category=category,
        error_type=str(error.get("type") or ""),
        wait_s=wait_seconds(headers) if category == "throttle" else None,
    )


def parse_response(
    http_status: int, text: str, *secrets: str, headers: Mapping[str, str] | None = None
) -> tuple[Any, GraphError | None]:
    """Return (parsed JSON or None, error or None). Never raises, whatever the body is.

    Pass the response `headers` to get `GraphError.wait_s` for a throttle (usage headers).
    """
    raw = redact(text[:_MAX_RAW], *secrets)
    try:
        data: Any = json.loads(text) if text.strip() else None
    except (ValueError, RecursionError):
        data = None
        if http_status < 400 and not _looks_like_html(text):
            message = "The response was cut off or is not JSON"
            return None, _plain_error(http_status, raw, message, "http:truncated-json")
    if isinstance(data, dict) and isinstance(data.get("error"), Mapping):
        return data, from_graph_error(data["error"], http_status, raw, *secrets, headers=headers)
    if http_status >= 400 or data is None:
        if http_status == 429 and not _looks_like_html(text):
            reason, key = "Meta rate-limited the call", "http:429"
        elif not text.strip():
            reason, key = "The server sent an empty response", "http:empty-body"
        elif _looks_like_html(text):
            reason = "The server (or a proxy in between) sent an HTML page instead of Graph JSON"
            key = "http:5xx-html" if http_status >= 500 else "http:proxy"
        else:
            reason = "The server sent a response that is not Graph API JSON"
            key = "http:5xx-html" if http_status >= 500 else "http:truncated-json"
        error = _plain_error(http_status, raw, f"{reason} (HTTP {http_status})", key)
        if error.category == "throttle":
            error = replace(error, wait_s=wait_seconds(headers))
        return data, error
    return data, None


def throttle_wait_s(headers: Mapping[str, str] | None) -> float | None:
    """Seconds Meta asks to wait (usage headers' estimated_time_to_regain_access, Retry-After)."""
    return wait_seconds(headers)


def _plain_error(http_status: int, raw: str, message: str, key: str) -> GraphError:
    category = categorize(None, None, http_status)
    return GraphError(
        entry=_keyed_entry(key),
        code=None,
        subcode=None,
        title=_DEFAULT_TITLES[category],
        message=message,
        is_transient=http_status >= 500,
        http_status=http_status,
        raw_body=raw,
        category=category,
    )


def network_error(exc: BaseException, *secrets: str, timeout: bool = False) -> GraphError:
    kind = "timed out" if timeout else "failed"
    detail = redact(str(exc) or type(exc).__name__, *secrets)
    return GraphError(
        entry=_keyed_entry(network_error_key(exc, timeout)),
        code=None,
        subcode=None,
        title=_DEFAULT_TITLES["network"],
        message=f"The connection {kind}: {detail}",
        is_transient=True,
        category="network",
    )


__all__ = [
    "NEVER_RETRY_CODES",
    "TRANSIENT_CODES",
    "Category",
    "GraphError",
    "catalog_entry",
    "categorize",
    "from_graph_error",
    "is_retryable",
    "is_throttled",
    "network_error",
    "parse_response",
    "throttle_wait_s",
]
